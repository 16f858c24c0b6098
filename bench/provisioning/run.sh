#!/usr/bin/env bash
# Throughput of the Maxwell 1.0 settings file (/prov/<mac>/nvm/<UVC>/settings.xml) across many devices, against nginx
# serving a static file of the same bytes, in the same run, on 127.0.0.1.
#   bench/provisioning/run.sh                 (10,000 devices; about 5 minutes with the platform's start)
#   DEVICES=2000 DURATION=5s ROUNDS=1 CONNECTIONS=64 THREADS=2 change the fleet and the wrk settings (the same for both
#   servers); JAVA_OPTS (default -Xmx512m -XX:+UseSerialGC) the services' JVM flags.
# The devices arrive the way a partner's do: tenant acme through inventory's API (operator token from Keycloak),
# profile "bench" (61 parameters, 5 devices with overrides) created and published through provisioning's API, the fleet
# bulk-imported through inventory's API, and provisioning learning them from inventory's device events. Every device's
# file is fetched once before measuring (that also waits for the events), then wrk asks for random devices' files, so
# the figure is the steady state of many devices, not one hot entry. Starts the platform on the bench's own ports
# (bench_platform_up in bench/lib.sh) unless bench/run.sh did, and nginx; stops them on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$root/bench/provisioning/target}"
devices="${DEVICES:-10000}"
duration="${DURATION:-15s}"
rounds="${ROUNDS:-2}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
nginx_port=18585
fleet=7c2f81   # the devices are 7c2f81000000 + i, i < DEVICES
rm -rf "$work/www"
mkdir -p "$work/www"

. "$root/bench/lib.sh"
bench_tools jq
trap bench_cleanup EXIT
bench_platform_up

bench_tenant
uvc=$(bench_profile "$fleet")
echo "profile bench, release $uvc"
bench_fleet_csv "$fleet" "$devices" "$work/fleet.csv"
echo "importing $devices devices of profile bench through inventory"
start=$(date +%s.%N)
bench_import "$work/fleet.csv"
echo "  $(jq -c '{rows, claimed, updated, unchanged}' "$work/import.json") in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"

devices_total=$(curl -sf -H "Authorization: Bearer $(bench_operator_token)" "$bench_inventory/api/v1/summary" | jq .devices)
echo "waiting until provisioning has learnt all $devices_total devices of the inventory from its events"
bench_await_projected provisioning "$devices_total" 600
echo "fetching every device's settings.xml once (fills the render cache; each must be a 200)"
bench_await_sweep "$bench_provisioning" /prov/ "$fleet" "$devices" "/nvm/$uvc/settings.xml" 200 600
sample=$(printf "%s%06x" "$fleet" $((devices - 1)))
curl -sf -o "$work/www/settings.xml" "$bench_provisioning/prov/$sample/nvm/$uvc/settings.xml"
size=$(stat -c %s "$work/www/settings.xml")
echo "  settings.xml: $size bytes, $(grep -c '<param ' "$work/www/settings.xml") parameters"

# For a file of a few KB, sendfile off with open_file_cache is nginx's faster setting (docs/performance.md).
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile off;
  open_file_cache max=16;
  types { application/xml xml; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location /prov/ { try_files /settings.xml =404; }
  }
}
CONF
nginx -c "$work/nginx.conf"
nginx_base=http://127.0.0.1:$nginx_port
curl -s -o /dev/null -w "nginx check: HTTP %{http_code}, %{size_download} bytes\n" \
  "$nginx_base/prov/$sample/nvm/$uvc/settings.xml"

# Random devices' files, the same requests for both servers.
cat >"$work/settings.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/prov/$fleet%06x/nvm/$uvc/settings.xml", math.random(0, $devices - 1)))
end
LUA
measure() { bench_wrk "$threads" "$connections" "$duration" "$work/settings.lua" "$1"; }
echo "warm-up ($duration each, discarded)"
measure "$bench_provisioning" >/dev/null
measure "$nginx_base" >/dev/null
s_rate=(); s_p50=(); s_p99=(); n_rate=(); n_p50=(); n_p99=(); errors=0
for i in $(seq 1 "$rounds"); do
  read -r r a b e < <(measure "$bench_provisioning"); s_rate+=("$r"); s_p50+=("$a"); s_p99+=("$b"); errors=$((errors + e))
  echo "round $i: provisioning $r req/s (p50 $a ms, p99 $b ms$([ "$e" -eq 0 ] || echo ", $e not 2xx/3xx"))"
  read -r r a b e < <(measure "$nginx_base"); n_rate+=("$r"); n_p50+=("$a"); n_p99+=("$b")
  echo "round $i: nginx        $r req/s (p50 $a ms, p99 $b ms)"
done
s=$(bench_median "${s_rate[@]}"); n=$(bench_median "${n_rate[@]}")
ratio=$(bench_ratio "$s" "$n")
echo
echo "median of $rounds rounds, wrk -t$threads -c$connections -d$duration --latency, $devices devices:"
echo "  provisioning settings.xml: $s req/s, p50 $(bench_median "${s_p50[@]}") ms, p99 $(bench_median "${s_p99[@]}") ms"
echo "  nginx static file:         $n req/s, p50 $(bench_median "${n_p50[@]}") ms, p99 $(bench_median "${n_p99[@]}") ms"
echo "  ratio:                     $ratio"
[ "$errors" -eq 0 ] || echo "  WARNING: $errors answers of the provisioning service were not 2xx/3xx"
bench_result provisioning "$s" "$n" "$ratio" "$(bench_median "${s_p50[@]}")" "$(bench_median "${s_p99[@]}")" \
  "settings.xml of $size bytes, $devices devices, nginx p50/p99 $(bench_median "${n_p50[@]}")/$(bench_median "${n_p99[@]}") ms$([ "$errors" -eq 0 ] || echo ", $errors errors")"
