#!/usr/bin/env bash
# The provisioning service's device files against nginx serving the same bytes, in the same run, on 127.0.0.1, and its
# memory and cold start with a million devices. One result row each (bench/run.sh's table):
#   provisioning           Maxwell 1.0 nvm/<UVC>/settings.xml of random devices among DEVICES (100,000)
#   provisioning-digest    the same file with HTTP Digest on for the tenant (SHA-256, qop=auth; every request answers
#                          a challenge), among DIGEST_DEVICES (DEVICES) devices of a profile with credentials: one
#                          nonce each, so more than the replay store holds (device-auth.replay-capacity, 100,000)
#                          would make a replica forget nonces and answer stale 401s; every device authenticates once
#                          before the rounds (digest-once.lua), as every phone has after a power cut
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
# Every comparison: a warm-up run of each server (discarded; for the Digest row after a pass in which every device
# authenticates once, as every phone has after a power cut), then A B A B
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
trap 'bench_stop_fresh_provisioning; bench_cleanup' EXIT
bench_platform_up

bench_tenant
uvc=$(bench_profile "$fleet")
echo "profile bench, release $uvc"

# ---------------------------------------------------------------------------------------------------------------------
echo
echo "== Maxwell 1.0 settings.xml, $devices devices"
bench_fleet_csv "$fleet" "$devices" "$work/fleet.csv"
echo "importing $devices devices of profile bench through inventory"
bench_import_and_wait "$work/fleet.csv"
echo "fetching every device's settings.xml once (each must be a 200)"
bench_await_sweep "$bench_provisioning" /prov/ "$fleet" "$devices" "/nvm/$uvc/settings.xml" 200 600
mac=$(printf "%s%06x" "$fleet" $((devices - 1)))
size=$(bench_sample "/prov/$mac/nvm/$uvc/settings.xml" settings.xml)
echo "  settings.xml: $size, $(grep -c '<param ' "$work/www/settings.xml") parameters"
bench_paths_lua "$work/settings.lua" "$fleet" "$devices" "\"/prov/\" .. mac .. \"/nvm/$uvc/settings.xml\""
bench_compare provisioning "provisioning settings.xml" settings.xml "application/xml; charset=utf-8" \
  "Maxwell 1.0 settings.xml of $size, $devices devices" "$work/settings.lua"

# ---------------------------------------------------------------------------------------------------------------------
if [ "${DIGEST:-1}" = 1 ]; then
  echo
  echo "== Maxwell 1.0 settings.xml with HTTP Digest (SHA-256), $digest_devices devices"
  digest_uvc=$(bench_publish_profile bench-digest maxwell-1.0 "$digest_fleet" "$digest_user" "$digest_password")
  echo "profile bench-digest (credentials $digest_user), release $digest_uvc"
  bench_fleet_csv "$digest_fleet" "$digest_devices" "$work/digest.csv" bench-digest
  echo "importing $digest_devices devices of profile bench-digest through inventory"
  bench_import_and_wait "$work/digest.csv"
  echo "fetching every device's settings.xml once, device authentication still off (each must be a 200)"
  bench_await_sweep "$bench_provisioning" /prov/ "$digest_fleet" "$digest_devices" "/nvm/$digest_uvc/settings.xml" 200 600
  mac=$(printf "%s%06x" "$digest_fleet" $((digest_devices - 1)))
  digest_size=$(bench_sample "/prov/$mac/nvm/$digest_uvc/settings.xml" digest-settings.xml)
  echo "  settings.xml: $digest_size, $(grep -c '<param ' "$work/www/digest-settings.xml") parameters"
  bench_device_auth digest
  # on again at the end of this row and on exit: the other rows and steps measure without Digest
  trap '(bench_device_auth off) || true; bench_stop_fresh_provisioning; bench_cleanup' EXIT
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
  # Nonces are valid for 5 minutes (nonce-validity): the pass over the fleet (below; about a minute for 100,000
  # devices here), warm-up and rounds must fit in what is left of them, or the late requests are 401 stale=true and
  # counted as errors in the row (the check counts the pass as one more run).
  echo "  $good nonces (realm \"$realm\"), valid for 5 minutes"
  if [[ "$duration" =~ ^[0-9]+s$ ]] && [ $(((3 + 2 * rounds) * ${duration%s})) -gt 240 ]; then
    echo "  WARNING: ROUNDS=$rounds DURATION=$duration outlast the nonces: expect stale 401s (errors in the row)"
  fi
  # Every device authenticates once before the warm-up, as every phone has after a power cut: a device's first Digest
  # answer records its authentication (a database write, on a worker, a few thousand a second here), which a phone
  # does once; the rounds measure devices that authenticated before. A pass over the fleet in its own wrk run (each
  # device once, one connection per thread), not the warm-up: random rounds of 15 s leave part of a large fleet out.
  bench_wrk_runs=$((bench_wrk_runs + 1))
  worker_before=$(bench_metric "$bench_provisioning" telprov_provisioning_files_on_worker_total || true)
  rm -f "$work/once".*
  wrk -t"$nonce_threads" -c"$nonce_threads" -d3600s --timeout 60s -s "$here/digest-once.lua" "$bench_provisioning" -- \
    "$here/sha256.lua" "$work/nonces" /prov/ "$digest_fleet" "$digest_devices" "/nvm/$digest_uvc/settings.xml" \
    "$digest_user" "$digest_password" "$realm" "$nonce_threads" "$bench_wrk_runs" "$work/once" >"$work/once.out" 2>&1 &
  once_pid=$!
  while kill -0 "$once_pid" 2>/dev/null \
    && [ "$(find "$work" -maxdepth 1 -name 'once.[0-9]*' | wc -l)" -lt "$nonce_threads" ]; do sleep 0.2; done
  kill -INT "$once_pid" 2>/dev/null || true
  wait "$once_pid" || true
  once=$(cat "$work/once".[0-9]* 2>/dev/null | awk '{ ok += $1 } END { print ok + 0 }')
  if [ "$once" -ne "$digest_devices" ]; then
    echo "only $once of $digest_devices devices were let in with Digest in the pass over the fleet" >&2
    exit 1
  fi
  worker_after=$(bench_metric "$bench_provisioning" telprov_provisioning_files_on_worker_total || true)
  echo "  every device authenticated once ($once answers 200; $(( ${worker_after:-0} - ${worker_before:-0} )) on a worker)"
  bench_compare provisioning-digest "provisioning settings.xml with Digest" digest-settings.xml \
    "application/xml; charset=utf-8" \
    "the same file of $digest_size with HTTP Digest on (SHA-256, qop=auth, nonce reused with increasing nc), $digest_devices devices, each authenticated once before the rounds (as after a power cut); nginx gets the same requests" \
    "$here/digest.lua" "$here/sha256.lua" "$work/nonces" /prov/ "$digest_fleet" "$digest_devices" \
    "/nvm/$digest_uvc/settings.xml" "$digest_user" "$digest_password" "$realm" "$threads" RUN=
  worker_rounds=$(bench_metric "$bench_provisioning" telprov_provisioning_files_on_worker_total || true)
  echo "  answered on a worker during warm-up and rounds: $(( ${worker_rounds:-0} - ${worker_after:-0} ))"
  ok=$(bench_metric "$bench_provisioning" telprov_provisioning_device_auth_total 'outcome="ok"' || true)
  echo "  accepted Digest answers (telprov_provisioning_device_auth_total{outcome=\"ok\"}): ${ok:-none}"
  bench_device_auth off
  trap 'bench_stop_fresh_provisioning; bench_cleanup' EXIT
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
  bench_import_and_wait "$work/dialects.csv"
  for f in "$m11_fleet" "$auerswald_fleet" "$pnd_fleet"; do
    echo "fetching every device's entry file of fleet $f once (each must be a 200)"
    bench_await_sweep "$bench_provisioning" /prov/ "$f" "$dialect_devices" / 200 600
  done

  mac=$(printf "%s%06x" "$m11_fleet" $((dialect_devices - 1)))
  size=$(bench_sample "/prov/$mac/${mac^^}.xml" m11.xml)
  echo "Maxwell 1.1 <MAC>.xml: $size"
  bench_paths_lua "$work/m11.lua" "$m11_fleet" "$dialect_devices" '"/prov/" .. mac .. "/" .. mac:upper() .. ".xml"'
  bench_compare provisioning-m11 "provisioning Maxwell 1.1 <MAC>.xml" m11.xml "application/xml; charset=utf-8" \
    "Maxwell 1.1 <MAC>.xml of $size (the secret parameters and overrides), $dialect_devices devices" "$work/m11.lua"

  mac=$(printf "%s%06x" "$auerswald_fleet" $((dialect_devices - 1)))
  size=$(bench_sample "/prov/$mac/settings.xml" auerswald.xml)
  echo "Auerswald settings.xml: $size"
  bench_paths_lua "$work/auerswald.lua" "$auerswald_fleet" "$dialect_devices" '"/prov/" .. mac .. "/settings.xml"'
  bench_compare provisioning-auerswald "provisioning Auerswald settings.xml" auerswald.xml "application/xml; charset=utf-8" \
    "Auerswald settings.xml of $size, $dialect_devices devices" "$work/auerswald.lua"

  mac=$(printf "%s%06x" "$pnd_fleet" $((dialect_devices - 1)))
  for ext in txt md5; do
    size=$(bench_sample "/prov/$mac/${mac:0:4}/${mac:4:4}/$mac.$ext" "pnd.$ext")
    echo "Plug-n-Dial <mac>.$ext: $size"
    bench_paths_lua "$work/pnd-$ext.lua" "$pnd_fleet" "$dialect_devices" \
      "\"/prov/\" .. mac .. \"/\" .. mac:sub(1, 4) .. \"/\" .. mac:sub(5, 8) .. \"/\" .. mac .. \".$ext\""
    bench_compare "provisioning-pnd-$ext" "provisioning Plug-n-Dial .$ext" "pnd.$ext" "text/plain; charset=utf-8" \
      "Plug-n-Dial <mac>.$ext of $size, $dialect_devices devices" "$work/pnd-$ext.lua"
  done
fi
bench_stop_nginx

# ---------------------------------------------------------------------------------------------------------------------
if [ "${MEMORY:-1}" = 1 ]; then
  echo
  echo "== memory and cold start: $memory_devices devices, a fresh provisioning process with $memory_java_opts"
  # Devices of tenant acme on profile bench, deleted at the end of this row.
  took=$(bench_memory_devices "$memory_fleet" "$memory_devices" bench)
  echo "  $memory_devices devices written into provisioning.device in $took s"
  trap 'bench_stop_fresh_provisioning; bench_delete_memory_devices "$memory_fleet" || true; bench_cleanup' EXIT

  memory_base=http://127.0.0.1:$memory_port
  bench_fresh_provisioning "$memory_port" "$memory_java_opts" "$work/memory"
  ready=$bench_fresh_ready
  rss_loaded=$(bench_rss "$bench_fresh_pid")
  echo "  ready (health UP) $ready s after the process started; RSS $rss_loaded MB"
  mac=$(printf "%s%06x" "$memory_fleet" $((memory_devices - 1)))
  curl -s -o /dev/null -w "  check: /prov/$mac/nvm/$uvc/settings.xml -> HTTP %{http_code}, %{size_download} bytes\n" \
    "$memory_base/prov/$mac/nvm/$uvc/settings.xml"
  bench_paths_lua "$work/memory.lua" "$memory_fleet" "$memory_devices" "\"/prov/\" .. mac .. \"/nvm/$uvc/settings.xml\""
  read -r r a b e < <(bench_wrk "$threads" "$connections" "$duration" "$work/memory.lua" "$memory_base")
  rss_after=$(bench_rss "$bench_fresh_pid")
  echo "  load run (settings.xml of random devices among $memory_devices, wrk -t$threads -c$connections -d$duration):" \
    "$r req/s, p50 $a ms, p99 $b ms$([ "$e" -eq 0 ] || echo ", $e not 2xx/3xx")"
  echo "  provisioning RSS: $rss_loaded MB after loading, $rss_after MB after the load run ($memory_java_opts)"
  bench_result provisioning-memory "$r" - - "$a" "$b" \
    "$memory_devices devices, $memory_java_opts: **ready $ready s** after the process started; **RSS $rss_loaded MB after loading, $rss_after MB after a load run** of settings.xml of random devices$([ "$e" -eq 0 ] || echo " ($e errors)")"
  bench_stop_fresh_provisioning
  bench_delete_memory_devices "$memory_fleet"
  trap 'bench_cleanup' EXIT
fi
