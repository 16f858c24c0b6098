#!/usr/bin/env bash
# The provisioning service's device files against nginx serving the same bytes, in the same run, on 127.0.0.1, and its
# memory and cold start with a million devices. One result row each (bench/run.sh's table):
#   provisioning           Maxwell 1.0 nvm/<UVC>/settings.xml of random devices among DEVICES (100,000)
#   provisioning-digest    the same file with HTTP Digest on for the tenant (SHA-256, qop=auth; every request answers
#                          a challenge), among DIGEST_DEVICES (DEVICES) devices of a profile with credentials: one
#                          nonce each, so more than the replay store holds (device-auth.replay-capacity, 100,000)
#                          would make a replica forget nonces and answer stale 401s
#   provisioning-m11       Maxwell 1.1 <MAC>.xml          ┐
#   provisioning-auerswald Auerswald settings.xml         │ of random devices among DIALECT_DEVICES (20,000) of a
#   provisioning-pnd-txt   Plug-n-Dial <mac>.txt          │ profile of that dialect each
#   provisioning-pnd-md5   Plug-n-Dial <mac>.md5          ┘
#   provisioning-memory    MEMORY_DEVICES (1,000,000) devices written into provisioning's device table, then a fresh
#                          provisioning process (beside the platform's) with MEMORY_JAVA_OPTS (-Xmx384m
#                          -XX:+UseSerialGC): seconds from its start until /q/health/ready is UP, RSS (VmRSS) then and
#                          after a load run of settings.xml of random devices among the million; the rows are deleted
#                          afterwards
#
#   bench/provisioning/run.sh                 (about 15 minutes with the platform's start)
#   DEVICES=2000 DIALECT_DEVICES=2000 MEMORY_DEVICES=20000 DURATION=3s ROUNDS=1 bench/provisioning/run.sh   (smoke)
#   DIGEST=0, DIALECTS=0, MEMORY=0 leave those rows out; DURATION=15s ROUNDS=2 CONNECTIONS=64 THREADS=2 are the wrk
#   settings (the same for both servers); JAVA_OPTS (default -Xmx512m -XX:+UseSerialGC) the platform's services' JVM
#   flags.
# Every comparison: warm-up runs of each server (discarded; two of the service for the Digest row), then A B A B
# (service, nginx) for ROUNDS rounds, medians; the requests are the same for both servers (nginx answers every path
# with the one file, fetched from the service for a device of the fleet). Check-ins are on, as in production.
# The devices arrive the way a partner's do: tenant acme through inventory's API (operator token from Keycloak),
# profiles created and published through provisioning's API, the fleets bulk-imported through inventory's API, and
# provisioning learning them from inventory's device events; every device's file is fetched once before measuring.
# The memory row's million devices are written with SQL instead (inventory's import takes 100,000 rows at a time, and
# the row is about what a process holds, not how devices arrive). Starts the platform on the bench's own ports
# (bench_platform_up in bench/lib.sh) unless bench/run.sh did, and nginx; stops them on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/provisioning"
work="${WORK:-$here/target}"
devices="${DEVICES:-100000}"
digest_devices="${DIGEST_DEVICES:-$devices}"
dialect_devices="${DIALECT_DEVICES:-20000}"
memory_devices="${MEMORY_DEVICES:-1000000}"
memory_java_opts="${MEMORY_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}"
duration="${DURATION:-15s}"
rounds="${ROUNDS:-2}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
nginx_port=18585
memory_port=18591
fleet=7c2f81          # the devices are 7c2f81000000 + i, i < DEVICES
digest_fleet=7c2f84   # profile bench-digest (with credentials)
m11_fleet=7c2f85      # profile bench-m11 (maxwell-1.1)
auerswald_fleet=7c2f86
pnd_fleet=7c2f87
memory_fleet=7c2f90   # written with SQL: 7c2f90000000 + i, i < MEMORY_DEVICES (at most 16,777,216)
digest_user=bench-phone
digest_password=bench-digest-secret
rm -rf "$work/www"
mkdir -p "$work/www"

. "$root/bench/lib.sh"
bench_tools jq postgresql-client
memory_pid=""
stop_memory_service() {
  [ -n "$memory_pid" ] || return 0
  kill "$memory_pid" 2>/dev/null || true; wait "$memory_pid" 2>/dev/null || true; memory_pid=""
}
stop_nginx() {
  [ -f "$work/nginx.pid" ] || return 0
  local pid
  pid=$(cat "$work/nginx.pid")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$work/nginx.pid"
}
trap 'stop_memory_service; bench_cleanup' EXIT
bench_platform_up

bench_tenant
uvc=$(bench_profile "$fleet")
echo "profile bench, release $uvc"

# Imports a CSV, then waits until provisioning has learnt every device of the inventory from its events.
import_and_wait() {
  local csv=$1 start
  start=$(date +%s.%N)
  bench_import "$csv"
  echo "  $(jq -c '{rows, claimed, updated, unchanged}' "$work/import.json") in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
  local total
  total=$(curl -sf -H "Authorization: Bearer $(bench_operator_token)" "$bench_inventory/api/v1/summary" | jq .devices)
  echo "waiting until provisioning has learnt all $total devices of the inventory from its events"
  bench_await_projected provisioning "$total" 600
}

# Serves file $1 (in $work/www) with content type $2 for every path, on $nginx_port, instead of what it served before.
# For files of a few KB, sendfile off with open_file_cache is nginx's faster setting (docs/performance.md).
nginx_serving() {
  stop_nginx
  cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile off;
  open_file_cache max=16;
  types { }
  default_type "$2";
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { try_files /$1 =404; }
  }
}
CONF
  nginx -c "$work/nginx.conf"
}

# A wrk script asking for the file of random devices among $3 of fleet $2, the path being the Lua expression $4 of
# the MAC in the variable mac (12 lower-case hex digits); written to $1.
paths_lua() {
  cat >"$1" <<LUA
math.randomseed(os.time())
request = function()
  local mac = string.format("$2%06x", math.random(0, $3 - 1))
  return wrk.format("GET", $4)
end
LUA
}

# Compares the service and nginx on the same requests and records the row:
#   compare ROW LABEL FILE CONTENT_TYPE EXTRA SCRIPT [SCRIPT_ARGS...]
# FILE is the sample (in $work/www) nginx serves; EXTRA starts the row's last column; the script's arguments get
# RUN=<n> replaced by a number that grows with every wrk run (digest.lua's nonce counts).
wrk_runs=0
compare() {
  local row=$1 label=$2 file=$3 type=$4 extra=$5 script=$6
  shift 6
  local args=("$@")
  nginx_serving "$file" "$type"
  local nginx_base=http://127.0.0.1:$nginx_port
  # called in a subshell (< <(...)): the run number is counted here, by the caller
  measure() { bench_wrk "$threads" "$connections" "$duration" "$script" "$1" "${args[@]/#RUN=*/$wrk_runs}"; }
  local s_rate=() s_p50=() s_p99=() n_rate=() n_p50=() n_p99=() errors=0 i r a b e
  echo "$label: warm-up (${warmups:-1} × $duration, discarded)"
  for i in $(seq 1 "${warmups:-1}"); do
    wrk_runs=$((wrk_runs + 1)); read -r r a b e < <(measure "$bench_provisioning")
    [ "$e" -eq 0 ] || echo "  warm-up: $e of the service's answers were not 2xx/3xx"
  done
  wrk_runs=$((wrk_runs + 1)); measure "$nginx_base" >/dev/null
  for i in $(seq 1 "$rounds"); do
    wrk_runs=$((wrk_runs + 1)); read -r r a b e < <(measure "$bench_provisioning")
    s_rate+=("$r"); s_p50+=("$a"); s_p99+=("$b"); errors=$((errors + e))
    echo "  round $i: provisioning $r req/s (p50 $a ms, p99 $b ms$([ "$e" -eq 0 ] || echo ", $e not 2xx/3xx"))"
    wrk_runs=$((wrk_runs + 1)); read -r r a b e < <(measure "$nginx_base"); n_rate+=("$r"); n_p50+=("$a"); n_p99+=("$b")
    echo "  round $i: nginx        $r req/s (p50 $a ms, p99 $b ms)"
  done
  local s n ratio
  s=$(bench_median "${s_rate[@]}"); n=$(bench_median "${n_rate[@]}")
  ratio=$(bench_ratio "$s" "$n")
  echo "  median of $rounds rounds, wrk -t$threads -c$connections -d$duration --latency:"
  echo "  $label: $s req/s, p50 $(bench_median "${s_p50[@]}") ms, p99 $(bench_median "${s_p99[@]}") ms"
  echo "  nginx, same bytes: $n req/s, p50 $(bench_median "${n_p50[@]}") ms, p99 $(bench_median "${n_p99[@]}") ms"
  echo "  ratio: $ratio"
  [ "$errors" -eq 0 ] || echo "  WARNING: $errors answers of the provisioning service were not 2xx/3xx"
  bench_result "$row" "$s" "$n" "$ratio" "$(bench_median "${s_p50[@]}")" "$(bench_median "${s_p99[@]}")" \
    "$extra; nginx p50/p99 $(bench_median "${n_p50[@]}")/$(bench_median "${n_p99[@]}") ms$([ "$errors" -eq 0 ] || echo ", **$errors errors**")"
}

# Fetches the file at path $1 from the service into $work/www/$2 and prints "<bytes> bytes".
sample() {
  curl -sf -o "$work/www/$2" "$bench_provisioning$1"
  echo "$(stat -c %s "$work/www/$2") bytes"
}

# ---------------------------------------------------------------------------------------------------------------------
echo
echo "== Maxwell 1.0 settings.xml, $devices devices"
bench_fleet_csv "$fleet" "$devices" "$work/fleet.csv"
echo "importing $devices devices of profile bench through inventory"
import_and_wait "$work/fleet.csv"
echo "fetching every device's settings.xml once (each must be a 200)"
bench_await_sweep "$bench_provisioning" /prov/ "$fleet" "$devices" "/nvm/$uvc/settings.xml" 200 600
mac=$(printf "%s%06x" "$fleet" $((devices - 1)))
size=$(sample "/prov/$mac/nvm/$uvc/settings.xml" settings.xml)
echo "  settings.xml: $size, $(grep -c '<param ' "$work/www/settings.xml") parameters"
paths_lua "$work/settings.lua" "$fleet" "$devices" "\"/prov/\" .. mac .. \"/nvm/$uvc/settings.xml\""
compare provisioning "provisioning settings.xml" settings.xml "application/xml; charset=utf-8" \
  "Maxwell 1.0 settings.xml of $size, $devices devices" "$work/settings.lua"

# ---------------------------------------------------------------------------------------------------------------------
if [ "${DIGEST:-1}" = 1 ]; then
  echo
  echo "== Maxwell 1.0 settings.xml with HTTP Digest (SHA-256), $digest_devices devices"
  digest_uvc=$(bench_publish_profile bench-digest maxwell-1.0 "$digest_fleet" "$digest_user" "$digest_password")
  echo "profile bench-digest (credentials $digest_user), release $digest_uvc"
  bench_fleet_csv "$digest_fleet" "$digest_devices" "$work/digest.csv" bench-digest
  echo "importing $digest_devices devices of profile bench-digest through inventory"
  import_and_wait "$work/digest.csv"
  echo "fetching every device's settings.xml once, device authentication still off (each must be a 200)"
  bench_await_sweep "$bench_provisioning" /prov/ "$digest_fleet" "$digest_devices" "/nvm/$digest_uvc/settings.xml" 200 600
  mac=$(printf "%s%06x" "$digest_fleet" $((digest_devices - 1)))
  digest_size=$(sample "/prov/$mac/nvm/$digest_uvc/settings.xml" digest-settings.xml)
  echo "  settings.xml: $digest_size, $(grep -c '<param ' "$work/www/digest-settings.xml") parameters"
  bench_device_auth digest
  # on again at the end of this row and on exit: the other rows and steps measure without Digest
  trap '(bench_device_auth off) || true; stop_memory_service; bench_cleanup' EXIT
  echo "device authentication on for tenant acme; collecting each device's nonce (a 401 each)"
  # the realm as the challenge names it, and that settings.xml now needs Digest
  challenge=$(curl -s -o /dev/null -D - "$bench_provisioning/prov/$mac/nvm/$digest_uvc/settings.xml" \
    | tr -d '\r' | grep -i -m1 '^www-authenticate: Digest' || true)
  realm=$(sed -E 's/.*realm="([^"]*)".*/\1/' <<<"$challenge")
  [ -n "$challenge" ] && [ -n "$realm" ] || { echo "settings.xml is not answered with a Digest challenge" >&2; exit 1; }
  nonce_threads=$((digest_devices < 32 ? digest_devices : 32))
  rm -f "$work/nonces".*
  wrk -t"$nonce_threads" -c"$nonce_threads" -d3600s --timeout 60s -s "$here/nonces.lua" "$bench_provisioning" -- \
    /prov/ "$digest_fleet" "$digest_devices" "/nvm/$digest_uvc/settings.xml" "$nonce_threads" "$work/nonces" \
    >"$work/nonces.out" 2>&1 &
  nonce_pid=$!
  while kill -0 "$nonce_pid" 2>/dev/null \
    && [ "$(cat "$work/nonces".* 2>/dev/null | wc -l)" -lt "$digest_devices" ]; do sleep 0.2; done
  sleep 0.5
  kill -INT "$nonce_pid" 2>/dev/null || true
  wait "$nonce_pid" || true
  cat "$work/nonces".[0-9]* | sort -n -k1,1 | awk '{print $2}' >"$work/nonces"
  good=$(grep -cv -e '^-$' -e '^status-' "$work/nonces" || true)
  if [ "$good" -ne "$digest_devices" ]; then
    echo "only $good of $digest_devices devices got a nonce: $(grep -m3 -e '^-$' -e '^status-' "$work/nonces" | tr '\n' ' ')" >&2
    exit 1
  fi
  # Nonces are valid for 5 minutes (nonce-validity): warm-up and rounds must fit in what is left of them, or the
  # late requests are 401 stale=true and counted as errors in the row.
  echo "  $good nonces (realm \"$realm\"), valid for 5 minutes"
  if [[ "$duration" =~ ^[0-9]+s$ ]] && [ $(((3 + 2 * rounds) * ${duration%s})) -gt 240 ]; then
    echo "  WARNING: ROUNDS=$rounds DURATION=$duration outlast the nonces: expect stale 401s (errors in the row)"
  fi
  # Two warm-ups: each device's first Digest answer records its authentication (a database write, on a worker), which
  # a phone does once; the rounds measure devices that authenticated before, as in a boot storm after a power cut.
  warmups=2 compare provisioning-digest "provisioning settings.xml with Digest" digest-settings.xml \
    "application/xml; charset=utf-8" \
    "the same file of $digest_size with HTTP Digest on (SHA-256, qop=auth, nonce reused with increasing nc), $digest_devices devices; nginx gets the same requests" \
    "$here/digest.lua" "$here/sha256.lua" "$work/nonces" /prov/ "$digest_fleet" "$digest_devices" \
    "/nvm/$digest_uvc/settings.xml" "$digest_user" "$digest_password" "$realm" "$threads" RUN=
  ok=$(bench_metric "$bench_provisioning" telprov_provisioning_device_auth_total 'outcome="ok"' || true)
  echo "  accepted Digest answers (telprov_provisioning_device_auth_total{outcome=\"ok\"}): ${ok:-none}"
  bench_device_auth off
  trap 'stop_memory_service; bench_cleanup' EXIT
  echo "device authentication off again for tenant acme"
fi

# ---------------------------------------------------------------------------------------------------------------------
if [ "${DIALECTS:-1}" = 1 ]; then
  echo
  echo "== the other dialects' main files, $dialect_devices devices each"
  m11_uvc=$(bench_publish_profile bench-m11 maxwell-1.1 "$m11_fleet")
  auerswald_uvc=$(bench_publish_profile bench-auerswald auerswald "$auerswald_fleet")
  pnd_uvc=$(bench_publish_profile bench-pnd plug-n-dial "$pnd_fleet")
  echo "profiles bench-m11 ($m11_uvc), bench-auerswald ($auerswald_uvc), bench-pnd ($pnd_uvc)"
  bench_fleet_csv "$m11_fleet" "$dialect_devices" "$work/dialects.csv" bench-m11
  NO_HEADER=1 bench_fleet_csv "$auerswald_fleet" "$dialect_devices" "$work/dialects.csv" bench-auerswald auerswald D200
  NO_HEADER=1 bench_fleet_csv "$pnd_fleet" "$dialect_devices" "$work/dialects.csv" bench-pnd leadtek BVA8051
  echo "importing $((3 * dialect_devices)) devices of the three profiles through inventory"
  import_and_wait "$work/dialects.csv"
  for f in "$m11_fleet" "$auerswald_fleet" "$pnd_fleet"; do
    echo "fetching every device's entry file of fleet $f once (each must be a 200)"
    bench_await_sweep "$bench_provisioning" /prov/ "$f" "$dialect_devices" / 200 600
  done

  mac=$(printf "%s%06x" "$m11_fleet" $((dialect_devices - 1)))
  size=$(sample "/prov/$mac/${mac^^}.xml" m11.xml)
  echo "Maxwell 1.1 <MAC>.xml: $size"
  paths_lua "$work/m11.lua" "$m11_fleet" "$dialect_devices" '"/prov/" .. mac .. "/" .. mac:upper() .. ".xml"'
  compare provisioning-m11 "provisioning Maxwell 1.1 <MAC>.xml" m11.xml "application/xml; charset=utf-8" \
    "Maxwell 1.1 <MAC>.xml of $size (the secret parameters and overrides), $dialect_devices devices" "$work/m11.lua"

  mac=$(printf "%s%06x" "$auerswald_fleet" $((dialect_devices - 1)))
  size=$(sample "/prov/$mac/settings.xml" auerswald.xml)
  echo "Auerswald settings.xml: $size"
  paths_lua "$work/auerswald.lua" "$auerswald_fleet" "$dialect_devices" '"/prov/" .. mac .. "/settings.xml"'
  compare provisioning-auerswald "provisioning Auerswald settings.xml" auerswald.xml "application/xml; charset=utf-8" \
    "Auerswald settings.xml of $size, $dialect_devices devices" "$work/auerswald.lua"

  mac=$(printf "%s%06x" "$pnd_fleet" $((dialect_devices - 1)))
  for ext in txt md5; do
    size=$(sample "/prov/$mac/${mac:0:4}/${mac:4:4}/$mac.$ext" "pnd.$ext")
    echo "Plug-n-Dial <mac>.$ext: $size"
    paths_lua "$work/pnd-$ext.lua" "$pnd_fleet" "$dialect_devices" \
      "\"/prov/\" .. mac .. \"/\" .. mac:sub(1, 4) .. \"/\" .. mac:sub(5, 8) .. \"/\" .. mac .. \".$ext\""
    compare "provisioning-pnd-$ext" "provisioning Plug-n-Dial .$ext" "pnd.$ext" "text/plain; charset=utf-8" \
      "Plug-n-Dial <mac>.$ext of $size, $dialect_devices devices" "$work/pnd-$ext.lua"
  done
fi
stop_nginx

# ---------------------------------------------------------------------------------------------------------------------
if [ "${MEMORY:-1}" = 1 ]; then
  echo
  echo "== memory and cold start: $memory_devices devices, a fresh provisioning process with $memory_java_opts"
  export PGPASSWORD=postgres
  psql_() { psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 18532 -U postgres -d telprov "$@"; }
  start=$(date +%s.%N)
  # Devices of tenant acme on profile bench, as provisioning's projection stores inventory's; left out of
  # inventory, so no other step sees them, and deleted at the end of this row.
  psql_ <<SQL
insert into provisioning.device (mac, tenant_id, vendor, model, serial, profile, labels, released, version)
select lpad(to_hex($((16#${memory_fleet}000000)) + i), 12, '0'), 'acme', 'gigaset-maxwell', 'mx3b',
       'SN' || lpad(i::text, 10, '0'), 'bench', '', false, 1
from generate_series(0, $memory_devices - 1) i
on conflict (mac) do nothing;
analyze provisioning.device;
SQL
  echo "  $memory_devices devices written into provisioning.device in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
  trap 'stop_memory_service; psql_ -c "delete from provisioning.device where mac like '"'${memory_fleet}%'"'" || true; bench_cleanup' EXIT

  # A process of its own on another port, as the platform's launcher starts one (bench_platform_up): the same
  # database, Kafka, Keycloak and secrets; the platform's own provisioning process stays up beside it.
  mkdir -p "$work/memory"
  memory_base=http://127.0.0.1:$memory_port
  start=$(date +%s.%N)
  (cd "$work/memory" && exec env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$memory_port \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:18532/telprov QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_DATASOURCE_PASSWORD=postgres KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:18592 \
    QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:18580/realms/telprov \
    TELPROV_LINKS_SECRET="$(cat "$BENCH_PLATFORM_DIR/links.secret")" \
    TELPROV_PROVISIONING_SECRETS_KEY="$(cat "$BENCH_PLATFORM_DIR/provisioning-secrets.key")" \
    TELPROV_PROVISIONING_PUBLIC_BASE_URL=$bench_provisioning TELPROV_PROVISIONING_FIRMWARE_BASE_URL=http://127.0.0.1:18583 \
    TELPROV_PROVISIONING_PROBING_RATE=1000000 TELPROV_PROVISIONING_PROBING_BURST=1000000 \
    java $memory_java_opts -jar "$(bench_jar provisioning)") >"$work/memory/provisioning.log" 2>&1 &
  memory_pid=$!
  ready=""
  for _ in $(seq 1 3000); do
    if curl -sf "$memory_base/q/health/ready" 2>/dev/null | grep -q '"status" *: *"UP"'; then
      ready=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)"); break
    fi
    kill -0 "$memory_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "the fresh provisioning process did not become ready; see $work/memory/provisioning.log" >&2; exit 1; }
  rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$memory_pid/status"; }
  rss_loaded=$(rss)
  echo "  ready (health UP) $ready s after the process started; RSS $rss_loaded MB"
  mac=$(printf "%s%06x" "$memory_fleet" $((memory_devices - 1)))
  curl -s -o /dev/null -w "  check: /prov/$mac/nvm/$uvc/settings.xml -> HTTP %{http_code}, %{size_download} bytes\n" \
    "$memory_base/prov/$mac/nvm/$uvc/settings.xml"
  paths_lua "$work/memory.lua" "$memory_fleet" "$memory_devices" "\"/prov/\" .. mac .. \"/nvm/$uvc/settings.xml\""
  read -r r a b e < <(bench_wrk "$threads" "$connections" "$duration" "$work/memory.lua" "$memory_base")
  rss_after=$(rss)
  echo "  load run (settings.xml of random devices among $memory_devices, wrk -t$threads -c$connections -d$duration):" \
    "$r req/s, p50 $a ms, p99 $b ms$([ "$e" -eq 0 ] || echo ", $e not 2xx/3xx")"
  echo "  provisioning RSS: $rss_loaded MB after loading, $rss_after MB after the load run ($memory_java_opts)"
  bench_result provisioning-memory "$r" - - "$a" "$b" \
    "$memory_devices devices, $memory_java_opts: **ready $ready s** after the process started; **RSS $rss_loaded MB after loading, $rss_after MB after a load run** of settings.xml of random devices$([ "$e" -eq 0 ] || echo " ($e errors)")"
  stop_memory_service
  psql_ -c "delete from provisioning.device where mac like '${memory_fleet}%'"
  trap 'bench_cleanup' EXIT
fi
