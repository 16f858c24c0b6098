#!/usr/bin/env bash
# Per-device settings (issue 21) at fleet scale, on 127.0.0.1: every device its own SIP account. One result row each
# (bench/run.sh's table):
#   settings-import  a CSV of SETTINGS_DEVICES (100,000) devices × 6 settings (sip_password a secret) posted to
#                    provisioning's POST /api/v1/settings/devices/import in one request: the request's time, then the
#                    same file again (a re-run changes nothing); after the publish below, every device's settings.xml
#                    is fetched once and must carry its own six values (bench_sweep with values.lua's check)
#   publish-check    publishing profile bench-settings, whose account 0 refers to those six settings, with
#                    SETTINGS_DEVICES devices on it: the publish request (which checks every device's references), the
#                    dry run (GET …/releases/check) and, before the CSV, the refused publish (every device unresolved)
#   settings-file    the provisioning row's Maxwell 1.0 settings.xml (61 parameters) of random devices among
#                    SETTINGS_DEVICES, account 0 composed from each device's own settings, vs nginx serving the same
#                    bytes (bench_compare: warm-up, A B A B, medians)
#   settings-memory  SETTINGS_MEMORY_DEVICES (1,000,000) devices on profile bench-settings, each with its own 6
#                    settings (written with SQL: the values computed as in the CSV, the secret one of the sealed
#                    passwords the import stored), then a fresh provisioning process with SETTINGS_MEMORY_JAVA_OPTS
#                    (default as the provisioning-memory row: -Xmx384m -XX:+UseSerialGC): ready, its files carrying the
#                    settings, RSS then and after a load run of settings.xml of random devices among them; the rows
#                    are deleted afterwards
#
#   bench/settings/run.sh                     (the platform's start plus a few minutes)
#   SETTINGS_DEVICES=2000 SETTINGS_MEMORY_DEVICES=20000 DURATION=3s ROUNDS=1 bench/settings/run.sh   (smoke)
#   SETTINGS_FILE=0, SETTINGS_MEMORY=0 leave those rows out; DURATION=15s ROUNDS=2 CONNECTIONS=64 THREADS=2 are the
#   wrk settings (as bench/provisioning/run.sh's); JAVA_OPTS the platform's services' JVM flags.
# The devices arrive as a partner's do (inventory's bulk import, provisioning learning them from its events), the
# settings through provisioning's API with partner-acme's token; device authentication is off for tenant acme (the
# rows measure settings, not Digest). The memory row's million devices and settings are written with SQL (the row is
# about what a process holds, not how they arrive); the platform's own provisioning process polls the settings too and
# holds them while the row runs. Starts the platform on the bench's own ports (bench_platform_up in bench/lib.sh)
# unless bench/run.sh did, and nginx; stops them on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/settings"
work="${WORK:-$here/target}"
devices="${SETTINGS_DEVICES:-100000}"
memory_devices="${SETTINGS_MEMORY_DEVICES:-1000000}"
memory_java_opts="${SETTINGS_MEMORY_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}"
duration="${DURATION:-15s}"
rounds="${ROUNDS:-2}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
memory_port=18591
fleet=7c2f89          # the devices are 7c2f89000000 + i, i < SETTINGS_DEVICES (at most 100,000: one import)
memory_fleet=7c2f91   # written with SQL: 7c2f91000000 + i, i < SETTINGS_MEMORY_DEVICES
profile=bench-settings
if [ "$devices" -gt 100000 ]; then
  echo "SETTINGS_DEVICES is at most 100000 (one import request of inventory and of settings)" >&2
  exit 2
fi
mkdir -p "$work"
rm -rf "$work/www"
mkdir -p "$work/www"

. "$root/bench/lib.sh"
bench_tools jq postgresql-client
trap 'bench_stop_fresh_provisioning; bench_cleanup' EXIT
bench_platform_up

bench_tenant
bench_await_tenant_known
bench_device_auth off
bench_create_profile "$profile" maxwell-1.0 "$fleet" "" "" settings
echo "profile $profile: account 0 refers to account_name, display_name, sip_user, sip_password, extension, sip_domain"

# "<HTTP status> <seconds>" of a request as partner acme: METHOD PATH OUTPUT [curl arguments...]
timed() {
  local method=$1 path=$2 out=$3
  shift 3
  curl -s -o "$out" -w '%{http_code} %{time_total}\n' --max-time 1800 -X "$method" \
    -H "Authorization: Bearer $(bench_partner_token)" "$@" "$bench_provisioning$path"
}
seconds() { printf '%.2f' "$1"; }

# ---------------------------------------------------------------------------------------------------------------------
echo
echo "== $devices devices of profile $profile"
bench_fleet_csv "$fleet" "$devices" "$work/fleet.csv" "$profile"
echo "importing $devices devices through inventory"
bench_import_and_wait "$work/fleet.csv"

echo "publishing before any device has its settings (every device unresolved: refused)"
read -r status refused_s < <(timed POST "/api/v1/profiles/$profile/releases" "$work/refused.json")
if [ "$status" = 422 ]; then
  refused="refused before the CSV (422, $(jq -r '.total // "?"' "$work/refused.json") devices unresolved): $(seconds "$refused_s") s"
else
  refused="**the publish before the CSV was not refused** (HTTP $status)"
fi
echo "  $refused"

# The six values of device i, as values.lua and the memory row's SQL compute them; sip_password is the secret.
awk -v fleet="$fleet" -v n="$devices" 'BEGIN {
  print "mac,account_name,display_name,sip_user,sip_password:secret,extension,sip_domain"
  for (i = 0; i < n; i++)
    printf "%s%06x,Desk %d,Reception %d & Co,u%07d,pw-%06x-%d,%d,pbx%d.acme.test\n",
      fleet, i, i, i, i, (i * 7919 + 13) % 16777216, i, 100000 + i, i % 10 }' >"$work/settings.csv"
csv_mb=$(awk -v b="$(stat -c %s "$work/settings.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "importing the settings of $devices devices ($csv_mb MB of CSV) through provisioning"
read -r status import_s < <(timed POST /api/v1/settings/devices/import "$work/settings-import.json" \
  -H 'Content-Type: text/csv' --data-binary @"$work/settings.csv")
if [ "$status" != 200 ] || [ "$(jq '.rejected | length' "$work/settings-import.json")" != 0 ]; then
  echo "settings import: HTTP $status $(head -c 2000 "$work/settings-import.json")" >&2; exit 1
fi
changed=$(jq .changed "$work/settings-import.json")
echo "  $(jq -c '{rows, changed, unchanged}' "$work/settings-import.json") in $(seconds "$import_s") s"
echo "the same file again (changes nothing)"
read -r status again_s < <(timed POST /api/v1/settings/devices/import "$work/settings-again.json" \
  -H 'Content-Type: text/csv' --data-binary @"$work/settings.csv")
[ "$status" = 200 ] || { echo "settings import again: HTTP $status $(head -c 2000 "$work/settings-again.json")" >&2; exit 1; }
again_changed=$(jq .changed "$work/settings-again.json")
echo "  $(jq -c '{rows, changed, unchanged}' "$work/settings-again.json") in $(seconds "$again_s") s"

echo "dry run of the publish check"
read -r status check_s < <(timed GET "/api/v1/profiles/$profile/releases/check?size=10" "$work/check.json")
[ "$status" = 200 ] || { echo "publish check: HTTP $status $(head -c 2000 "$work/check.json")" >&2; exit 1; }
unresolved=$(jq '.unresolved.total' "$work/check.json")
echo "  $(jq -c '{devices, unresolved: .unresolved.total}' "$work/check.json") in $(seconds "$check_s") s"
echo "publishing profile $profile"
read -r status publish_s < <(timed POST "/api/v1/profiles/$profile/releases" "$work/release.json")
[ "$status" = 201 ] || { echo "publishing $profile: HTTP $status $(head -c 2000 "$work/release.json")" >&2; exit 1; }
uvc=$(jq -r .uvc "$work/release.json")
echo "  release $uvc in $(seconds "$publish_s") s"
bench_result publish-check - - - - - \
  "profile $profile with $devices devices, each referring to 6 settings: **publish $(seconds "$publish_s") s** (every reference checked; target < 10 s); dry run (GET …/releases/check) $(seconds "$check_s") s, $unresolved unresolved; $refused"

echo "fetching every device's settings.xml once: each must be a 200 carrying its own six values"
start=$(date +%s.%N)
SWEEP_CHECK="$here/values.lua" bench_await_sweep "$bench_provisioning" /prov/ "$fleet" "$devices" \
  "/nvm/$uvc/settings.xml" 200 600
echo "  all $devices verified in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
bench_result settings-import - - - - - \
  "$devices devices × 6 settings (1 secret) in one CSV of $csv_mb MB: **request $(seconds "$import_s") s** (target < 30 s), $changed changed; the same file again $(seconds "$again_s") s, $again_changed changed; after the publish every device's settings.xml carries its own values (all $devices checked)"

# ---------------------------------------------------------------------------------------------------------------------
if [ "${SETTINGS_FILE:-1}" = 1 ]; then
  echo
  echo "== Maxwell 1.0 settings.xml with each device's own account, $devices devices"
  mac=$(printf "%s%06x" "$fleet" $((devices - 1)))
  size=$(bench_sample "/prov/$mac/nvm/$uvc/settings.xml" settings-own.xml)
  echo "  settings.xml: $size, $(grep -c '<param ' "$work/www/settings-own.xml") parameters"
  bench_paths_lua "$work/settings.lua" "$fleet" "$devices" "\"/prov/\" .. mac .. \"/nvm/$uvc/settings.xml\""
  bench_compare settings-file "provisioning settings.xml, own accounts" settings-own.xml \
    "application/xml; charset=utf-8" \
    "Maxwell 1.0 settings.xml of $size, account 0 from each device's own 6 settings (1 secret), $devices devices" \
    "$work/settings.lua"
  bench_stop_nginx
fi

# ---------------------------------------------------------------------------------------------------------------------
if [ "${SETTINGS_MEMORY:-1}" = 1 ]; then
  echo
  echo "== memory: $memory_devices devices with 6 settings each, a fresh provisioning process with $memory_java_opts"
  delete_memory_rows() {
    bench_psql -c "delete from provisioning.device_settings where mac like '${memory_fleet}%'"
    bench_delete_memory_devices "$memory_fleet"
  }
  trap 'bench_stop_fresh_provisioning; delete_memory_rows || true; bench_cleanup' EXIT
  took=$(bench_memory_devices "$memory_fleet" "$memory_devices" "$profile")
  echo "  $memory_devices devices written into provisioning.device in $took s"
  start=$(date +%s.%N)
  # Each device's values as in the CSV; its secret is one of the passwords the import sealed (device i gets fleet
  # device i mod SETTINGS_DEVICES's), so every layer holds sealed text of the real length. Older than the release, so
  # each device's version is the release's UVC.
  bench_psql <<SQL
with sealed as (
  select (row_number() over (order by mac)) - 1 as k, s->>'value' as v
  from provisioning.device_settings, jsonb_array_elements(settings) s
  where mac like '${fleet}%' and s->>'name' = 'sip_password'),
n as (select count(*) as c from sealed)
insert into provisioning.device_settings (mac, tenant_id, settings, changed_at)
select lpad(to_hex($((16#${memory_fleet}000000)) + i), 12, '0'), 'acme',
       jsonb_build_array(
         jsonb_build_object('name', 'account_name', 'value', 'Desk ' || i, 'secret', false),
         jsonb_build_object('name', 'display_name', 'value', 'Reception ' || i || ' & Co', 'secret', false),
         jsonb_build_object('name', 'extension', 'value', (100000 + i)::text, 'secret', false),
         jsonb_build_object('name', 'sip_domain', 'value', 'pbx' || (i % 10) || '.acme.test', 'secret', false),
         jsonb_build_object('name', 'sip_password', 'value', sealed.v, 'secret', true),
         jsonb_build_object('name', 'sip_user', 'value', 'u' || lpad(i::text, 7, '0'), 'secret', false)),
       now() - interval '1 day'
from generate_series(0, $memory_devices - 1) i
join sealed on sealed.k = i % (select c from n)
on conflict (mac) do nothing;
analyze provisioning.device_settings;
SQL
  echo "  their settings written into provisioning.device_settings in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"

  memory_base=http://127.0.0.1:$memory_port
  bench_fresh_provisioning "$memory_port" "$memory_java_opts" "$work/memory"
  ready=$bench_fresh_ready
  echo "  ready (health UP) $ready s after the process started; RSS $(bench_rss "$bench_fresh_pid") MB"
  # the settings are polled into memory: the row measures the process once the last device's file carries them
  i=$((memory_devices - 1))
  mac=$(printf "%s%06x" "$memory_fleet" "$i")
  want=$(printf 'name="SIP.Account.0.AuthName" value="u%07d"' "$i")
  start=$(date +%s.%N)
  carried=""
  for _ in $(seq 1 1200); do
    if curl -sf "$memory_base/prov/$mac/nvm/$uvc/settings.xml" 2>/dev/null | grep -qF "$want"; then
      carried=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)"); break
    fi
    sleep 0.1
  done
  [ -n "$carried" ] || { echo "the fresh process never served $mac's settings.xml with its own values" >&2; exit 1; }
  rss_loaded=$(bench_rss "$bench_fresh_pid")
  echo "  $mac's settings.xml carries its values $carried s after ready; RSS $rss_loaded MB"
  bench_paths_lua "$work/memory.lua" "$memory_fleet" "$memory_devices" "\"/prov/\" .. mac .. \"/nvm/$uvc/settings.xml\""
  read -r r a b e < <(bench_wrk "$threads" "$connections" "$duration" "$work/memory.lua" "$memory_base")
  rss_after=$(bench_rss "$bench_fresh_pid")
  echo "  load run (settings.xml of random devices among $memory_devices, wrk -t$threads -c$connections -d$duration):" \
    "$r req/s, p50 $a ms, p99 $b ms$([ "$e" -eq 0 ] || echo ", $e not 2xx/3xx")"
  echo "  provisioning RSS: $rss_loaded MB after loading, $rss_after MB after the load run ($memory_java_opts)"
  bench_result settings-memory "$r" - - "$a" "$b" \
    "$memory_devices devices with 6 settings each (1 secret), $memory_java_opts: ready $ready s, files carrying the settings $carried s later; **RSS $rss_loaded MB after loading, $rss_after MB after a load run** of settings.xml of random devices (target < 768 MB)$([ "$e" -eq 0 ] || echo " ($e errors)")"
  bench_stop_fresh_provisioning
  delete_memory_rows
  trap 'bench_cleanup' EXIT
fi
