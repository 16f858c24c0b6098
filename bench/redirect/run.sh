#!/usr/bin/env bash
# Lookup throughput of the redirect service against nginx answering `return 302`, in the same run, on 127.0.0.1.
#   bench/redirect/run.sh                  (100,000 devices; about 4 minutes)
#   DEVICES=1000000 bench/redirect/run.sh  (the memory figure: RSS with a million devices in -Xmx512m)
#   DURATION=15s ROUNDS=2 CONNECTIONS=64 THREADS=2 change the wrk settings (the same for both servers);
#   JAVA_OPTS (default -Xmx512m -XX:+UseSerialGC) the service's JVM flags; TELPROV_* variables reach the service (e.g.
#   TELPROV_REDIRECT_CHECKINS_ENABLED=false to measure without the check-in telemetry).
# Starts PostgreSQL, Kafka (and Keycloak, which the launcher always starts) with ./platform in a private data dir,
# writes N devices straight into the redirect service's own tables, starts the packaged redirect jar (JAVA_OPTS) and
# nginx, then runs wrk against each (warm-up, then A B A B) asking for random registered MACs. Stops all of them on
# exit. Needs the build (./mvnw -DskipTests package) and installs nginx and wrk if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$root/bench/redirect/target}"
devices="${DEVICES:-100000}"
duration="${DURATION:-15s}"
rounds="${ROUNDS:-2}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
# The serial collector keeps the footprint small (G1 with the same -Xmx grew to ~580 MB RSS with 1M devices); it is
# also what the JVM picks by itself in a container with less than 2 CPUs or 1792 MB.
java_opts="${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}"
service_port=18481
nginx_port=18482
mac_prefix=0a1b   # devices are 0a1b00000000 + i, i < DEVICES
mkdir -p "$work"

. "$root/bench/lib.sh"
bench_tools postgresql-client
jar=$(bench_jar redirect)
service_pid=""
stop_service() {
  [ -n "$service_pid" ] || return 0
  kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; service_pid=""
}
bench_start_infra
bench_service_env
trap 'stop_service; bench_cleanup' EXIT
export PGPASSWORD=postgres
psql_() { psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 15432 -U postgres -d telprov "$@"; }

base=http://127.0.0.1:$service_port
start_service() {
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$service_port \
    java $java_opts -jar "$jar" >"$work/redirect-$1.log" 2>&1 &
  service_pid=$!
  bench_await_ready "$base" "$work/redirect-$1.log"
}

echo "creating the redirect schema (a first start runs its Flyway migrations)"
start_service schema
stop_service

echo "writing $devices devices into redirect.device_route"
psql_ <<SQL
insert into redirect.tenant_route (tenant_id, url_template, active, version)
select 'bench-' || t, 'https://prov' || t || '.bench.example/cfg/<MACADR>.xml?sn={serial}&hw={type}', true, 1
from generate_series(0, 9) t;
insert into redirect.device_route (mac, tenant_id, vendor, model, serial, released, version)
select $((16#${mac_prefix}00000000)) + i, 'bench-' || (i % 10),
       (array['yealink', 'snom', 'gigaset-maxwell', 'auerswald-comfortel'])[i % 4 + 1],
       (array['T46S', 'D785', 'N870', 'D-400'])[i % 4 + 1],
       'SN' || lpad(i::text, 10, '0'), false, 1
from generate_series(0, $devices - 1) i;
SQL

echo "starting the redirect service with $java_opts on port $service_port"
start_service bench
grep -o "Routing table loaded[^\"]*" "$work/redirect-bench.log" | head -1 | sed 's/^/  /'
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$service_pid/status"; }
# live heap: what is left after a full collection
live_heap() { jcmd "$service_pid" GC.run >/dev/null 2>&1; sleep 1; jcmd "$service_pid" GC.heap_info 2>/dev/null \
  | awk '/garbage-first heap|generation +total|PSYoungGen|ParOldGen/ {
      for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K.*/, "", v); kb += v}}
    END {printf "%.0f", kb / 1024}'; }
rss_loaded=$(rss)
live_loaded=$(live_heap)
rss_collected=$(rss)
echo "  after loading: RSS $rss_loaded MB; after a full GC: RSS $rss_collected MB, live heap $live_loaded MB"
sample=$(printf "%s%08x" "$mac_prefix" $((devices - 1)))
curl -s -o /dev/null -w "service check: /device/$sample -> HTTP %{http_code} %{redirect_url}\n" "$base/device/$sample"

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    location /device/ { return 302 https://prov.bench.example/cfg/\$uri; }
  }
}
CONF
nginx -c "$work/nginx.conf"
curl -s -o /dev/null -w "nginx check: HTTP %{http_code}\n" "http://127.0.0.1:$nginx_port/device/$sample"

# Random registered MACs, the same requests for both servers.
cat >"$work/lookups.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/device/$mac_prefix%08x", math.random(0, $devices - 1)))
end
LUA

# "req/s p50_ms p99_ms" from one wrk run
measure() {
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/lookups.lua" "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { r = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx/ { bad = $5 }
    END { printf "%.0f %.2f %.2f\n", r, p50, p99 }'
}
echo "warm-up ($duration each, discarded)"
measure "$base" >/dev/null
measure "http://127.0.0.1:$nginx_port" >/dev/null
s_rate=(); s_p50=(); s_p99=(); n_rate=(); n_p50=(); n_p99=()
for i in $(seq 1 "$rounds"); do
  read -r r a b < <(measure "$base"); s_rate+=("$r"); s_p50+=("$a"); s_p99+=("$b")
  echo "round $i: redirect $r req/s (p50 $a ms, p99 $b ms)"
  read -r r a b < <(measure "http://127.0.0.1:$nginx_port"); n_rate+=("$r"); n_p50+=("$a"); n_p99+=("$b")
  echo "round $i: nginx    $r req/s (p50 $a ms, p99 $b ms)"
done
median() { bench_median "$@"; }
rss_mb=$(rss)
sent=$(curl -s "$base/q/metrics" | awk '/^telprov_redirect_checkins_sent_total/ {printf "%.0f", $2}')
dropped=$(curl -s "$base/q/metrics" | awk '/^telprov_redirect_checkins_dropped_total/ {printf "%.0f", $2}')
s=$(median "${s_rate[@]}"); n=$(median "${n_rate[@]}")
echo
echo "median of $rounds rounds, wrk -t$threads -c$connections -d$duration --latency, $devices registered devices:"
echo "  redirect service: $s req/s, p50 $(median "${s_p50[@]}") ms, p99 $(median "${s_p99[@]}") ms"
echo "  nginx return 302: $n req/s, p50 $(median "${n_p50[@]}") ms, p99 $(median "${n_p99[@]}") ms"
echo "  ratio:            $(echo "scale=2; $s / $n" | bc)"
echo "  redirect RSS:     $rss_loaded MB after loading, $rss_collected MB after a full GC (live heap $live_loaded MB),"
echo "                    $rss_mb MB after the runs ($java_opts)"
echo "  check-ins:        $sent sent to Kafka, $dropped dropped (buffer full)"
