#!/usr/bin/env bash
# Download throughput of a 100 MB firmware artifact: the firmware service (signed link, sendfile) against nginx
# serving the same file, in the same run, on 127.0.0.1. Also uploads a 1 GiB image to the service running with a
# 256 MB heap, to show uploads stream.
#   bench/firmware/run.sh            (about 3 minutes; DURATION=10s ROUNDS=2 CONNECTIONS=8 to change)
# Starts PostgreSQL, Kafka and Keycloak with ./platform (no services) in a private data dir, the firmware jar, and nginx;
# stops all of them on exit. Needs the build (./mvnw -DskipTests package) and installs nginx and wrk if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$root/bench/firmware/target}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-2}"
connections="${CONNECTIONS:-8}"
service_port=18483
nginx_port=18484
mkdir -p "$work/www"

. "$root/bench/lib.sh"
bench_tools
jar=$(bench_jar firmware)
bench_start_infra
bench_service_env
token_url=http://127.0.0.1:18080/realms/telprov/protocol/openid-connect/token
token() {
  curl -sf -d grant_type=client_credentials -d client_id=telprov-operator -d client_secret=operator-secret "$token_url" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

echo "starting the firmware service with -Xmx256m on port $service_port"
rm -rf "$work/store"
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$service_port \
  TELPROV_FIRMWARE_STORE_DIRECTORY="$work/store" TELPROV_FIRMWARE_MAX_ARTIFACT_SIZE=2G \
  TELPROV_LINKS_SECRET="bench-link-secret-0123456789abcdef0123" \
  java -Xmx256m -jar "$jar" >"$work/firmware.log" 2>&1 &
bench_pids+=($!)
base=http://127.0.0.1:$service_port
bench_await_ready "$base" "$work/firmware.log"

run=$(date +%s)
truncate -s 1G "$work/big.bin"
start=$(date +%s.%N)
status=$(curl -s -o "$work/big.json" -w '%{http_code}' -H "Authorization: Bearer $(token)" \
  -H 'Content-Type: application/octet-stream' -T "$work/big.bin" -X POST \
  "$base/api/v1/firmware/artifacts?vendor=bench&product=big&version=$run")
echo "1 GiB upload with a 256 MB heap: HTTP $status in $(echo "$(date +%s.%N) - $start" | bc) s"
rm -f "$work/big.bin"

head -c 100000000 /dev/urandom >"$work/www/fw.bin"
id=$(curl -sf -H "Authorization: Bearer $(token)" -H 'Content-Type: application/octet-stream' -T "$work/www/fw.bin" \
  -X POST "$base/api/v1/firmware/artifacts?vendor=bench&product=dl&version=$run" | sed -E 's/.*"id":"([^"]+)".*/\1/')
path=$(curl -sf -H "Authorization: Bearer $(token)" -H 'Content-Type: application/json' -d '{"mac":"901b0e56c7bc"}' \
  "$base/api/v1/firmware/artifacts/$id/links" | sed -E 's/.*"path":"([^"]+)".*/\1/')
service_url="$base$path"
curl -sf -o /dev/null -w "service check: HTTP %{http_code}, %{size_download} bytes\n" "$service_url"

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf"
nginx_url=http://127.0.0.1:$nginx_port/fw.bin
curl -sf -o /dev/null -w "nginx check: HTTP %{http_code}, %{size_download} bytes\n" "$nginx_url"

# wrk's Transfer/sec in MB/s
measure() {
  wrk -t2 -c"$connections" -d"$duration" "$1" | awk '/Transfer\/sec/ {v=$2; u=substr(v,length(v)-1); n=substr(v,1,length(v)-2);
    if (u=="GB") n*=1024; if (u=="KB") n/=1024; printf "%.0f", n}'
}
echo "warm-up"
measure "$service_url" >/dev/null
measure "$nginx_url" >/dev/null
service_runs=()
nginx_runs=()
for i in $(seq 1 "$rounds"); do
  s=$(measure "$service_url"); n=$(measure "$nginx_url")
  echo "round $i: firmware $s MB/s, nginx $n MB/s"
  service_runs+=("$s"); nginx_runs+=("$n")
done
s=$(bench_median "${service_runs[@]}"); n=$(bench_median "${nginx_runs[@]}")
echo "median download throughput of a 100 MB artifact ($connections connections, $duration x $rounds):"
echo "  firmware service: $s MB/s"
echo "  nginx:            $n MB/s"
echo "  ratio:            $(echo "scale=2; $s / $n" | bc)"
rm -f "$work/www/fw.bin"
