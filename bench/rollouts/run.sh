#!/usr/bin/env bash
# A release rollout over ROLLOUT_DEVICES (100,000) devices of one tenant on one Maxwell 1.0 profile (issue 15), on
# 127.0.0.1. One result row each (bench/run.sh's table):
#   rollout-transition  the rollout in ROLLOUT_GROUPS (4) equal groups (success 100 %, next_group, error 20 %), driven by
#                       bench/rollouts/GroupTransitions.java: for each group the confirming check-ins (provisioning's
#                       check-in of a boot that fetched step 3 of the release, as CheckinJson writes it) go straight to
#                       Kafka's device-checkins, all but one at once (the time until the rollout counts them confirmed
#                       is the drain), then the last one: the time from just before it is sent until GET
#                       /api/v1/rollouts/<id> shows the next group's devices all offered (the last group: the rollout
#                       finished), read every 20 ms. The issue's target: under 5 s. Median and maximum of the
#                       transitions in the p50/p99 columns (ms), each one and the drains in the last column
#   rollout-progress    GET /api/v1/rollouts/<id> of the finished rollout (groups and totals over ROLLOUT_DEVICES
#                       devices) with wrk against the baseline GET /api/v1/profiles (the partner's profile list: the
#                       same service, token check, JAX-RS and one query), same client and settings; the progress reads
#                       GroupTransitions made while check-ins were applied in the last column. Target: p99 under 200 ms
#   rollout-devices     GET /api/v1/rollouts/<id>/devices?state=confirmed&page=<random>&size=50 (pages of the
#                       ROLLOUT_DEVICES devices in one state, by MAC: every page equally likely, the deepest included)
#                       against the same baseline. Target: p99 under 200 ms
#
#   bench/rollouts/run.sh                               (the platform's start plus a few minutes)
#   ROLLOUT_DEVICES=2000 DURATION=3s ROUNDS=1 bench/rollouts/run.sh   (smoke)
# DURATION=15s ROUNDS=2 CONNECTIONS=4 THREADS=2 are the wrk settings of the query rows (a few console users, not a
# load test: the latencies are what one read costs); JAVA_OPTS the platform's services' JVM flags.
# The devices arrive as a partner's do (inventory's bulk import, provisioning learning them from its events); the
# release for rollouts, the rollout and its start through provisioning's API with partner-acme's token. Starts the
# platform on the bench's own ports (bench_platform_up in bench/lib.sh) unless bench/run.sh did; stops it on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/rollouts"
work="${WORK:-$here/target}"
devices="${ROLLOUT_DEVICES:-100000}"
groups="${ROLLOUT_GROUPS:-4}"
duration="${DURATION:-15s}"
rounds="${ROUNDS:-2}"
connections="${CONNECTIONS:-4}"
threads="${THREADS:-2}"
fleet=7c2f93          # the devices are 7c2f93000000 + i, i < ROLLOUT_DEVICES (at most 100,000: one import)
profile=bench-rollouts
if [ "$devices" -gt 100000 ]; then
  echo "ROLLOUT_DEVICES is at most 100000 (one import request of inventory)" >&2
  exit 2
fi
mkdir -p "$work"

. "$root/bench/lib.sh"
bench_tools jq
trap bench_cleanup EXIT
bench_platform_up

bench_tenant
bench_await_tenant_known
bench_device_auth off
first=$(bench_publish_profile "$profile" maxwell-1.0 "$fleet")
echo "profile $profile (Maxwell 1.0), release $first for all"

# "<HTTP status> <seconds>" of a request as partner acme: METHOD PATH OUTPUT [curl arguments...]
timed() {
  local method=$1 path=$2 out=$3
  shift 3
  curl -s -o "$out" -w '%{http_code} %{time_total}\n' --max-time 600 -X "$method" \
    -H "Authorization: Bearer $(bench_partner_token)" "$@" "$bench_provisioning$path"
}
seconds() { printf '%.2f' "$1"; }

echo
echo "== $devices devices of profile $profile"
bench_fleet_csv "$fleet" "$devices" "$work/fleet.csv" "$profile"
echo "importing $devices devices through inventory"
bench_import_and_wait "$work/fleet.csv"

echo "publishing the profile again for rollouts"
read -r status publish_s < <(timed POST "/api/v1/profiles/$profile/releases?audience=rollout" "$work/release.json")
[ "$status" = 201 ] || { echo "publishing for rollouts: HTTP $status $(head -c 2000 "$work/release.json")" >&2; exit 1; }
uvc=$(jq -r .uvc "$work/release.json")
echo "  release $uvc in $(seconds "$publish_s") s"

jq -n --arg profile "$profile" --arg uvc "$uvc" --argjson groups "$groups" \
  '{profile: $profile, uvc: $uvc, groupCount: $groups, successPercent: 100, successAction: "next_group",
    errorPercent: 20, confirmationMinutes: 30}' >"$work/rollout-request.json"
echo "creating the rollout ($groups groups)"
read -r status create_s < <(timed POST /api/v1/rollouts "$work/rollout.json" -H 'Content-Type: application/json' \
  -d @"$work/rollout-request.json")
[ "$status" = 201 ] || { echo "creating the rollout: HTTP $status $(head -c 2000 "$work/rollout.json")" >&2; exit 1; }
id=$(jq -r .id "$work/rollout.json")
echo "  rollout $id: $(jq -c .total "$work/rollout.json") in $(seconds "$create_s") s"
read -r status start_s < <(timed POST "/api/v1/rollouts/$id/start" "$work/started.json")
[ "$status" = 200 ] || { echo "starting the rollout: HTTP $status $(head -c 2000 "$work/started.json")" >&2; exit 1; }
echo "  started in $(seconds "$start_s") s: $(jq -c '[.groups[].devices]' "$work/started.json")"

echo
echo "== the groups confirm (bench/rollouts/GroupTransitions.java)"
launcher="$root/tools/platform/target"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$launcher/classes:$(cat "$launcher/classpath.txt")" \
  "$here/GroupTransitions.java" "$bench_provisioning" \
  "$bench_token_url" partner-acme acme-secret 127.0.0.1:18592 acme "$id" "$uvc" | tee "$work/transitions.out"
status=$(curl -sf -H "Authorization: Bearer $(bench_partner_token)" "$bench_provisioning/api/v1/rollouts/$id" \
  | jq -c '{status, total}')
echo "  rollout: $status"
transitions=$(awk '$1 == "group" { print $6 }' "$work/transitions.out")
[ -n "$transitions" ] || { echo "no group transition measured" >&2; exit 1; }
each=$(awk '$1 == "group" { printf "%s%s→%s %.2f s", (n++ ? ", " : ""), $2, ($7 == "finished" ? "finished" : substr($7, 7)), $6 }' \
  "$work/transitions.out")
drains=$(awk '$1 == "group" { printf "%s%.1f", (n++ ? "/" : ""), $5 }' "$work/transitions.out")
read -r _ during_p50 during_p99 during_n < <(grep -m1 '^get-during ' "$work/transitions.out")
ms=$(printf '%s\n' $transitions | awk '{ printf "%.0f\n", $1 * 1000 }')
bench_result rollout-transition - - - "$(bench_median $ms)" "$(printf '%s\n' $ms | sort -n | tail -1)" \
  "$devices devices, $groups groups: last confirmation → next group offered (last: → finished), **$each** (target < 5 s; median and maximum of the transitions in the p50/p99 columns); the burst of each group's other confirmations applied in $drains s"

echo
echo "== progress queries of the finished rollout of $devices devices"
token=$(bench_partner_token)
cat >"$work/page.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/rollouts/$id/devices?state=confirmed&size=50&page=" .. math.random(0, $((devices / 50 - 1))))
end
LUA
: >"$work/plain.lua"
# "<p50> <p99> <req/s>" medians of $rounds rounds of wrk on path $1 (with script $2), after a warm-up.
query() {
  local r a b e rates=() p50=() p99=() i
  bench_wrk "$threads" "$connections" "$duration" "$2" "$bench_provisioning$1" >/dev/null
  for i in $(seq 1 "$rounds"); do
    read -r r a b e < <(bench_wrk "$threads" "$connections" "$duration" "$2" "$bench_provisioning$1")
    [ "$e" -eq 0 ] || echo "  $1: $e answers were not 2xx/3xx" >&2
    rates+=("$r"); p50+=("$a"); p99+=("$b")
  done
  echo "$(bench_median "${p50[@]}") $(bench_median "${p99[@]}") $(bench_median "${rates[@]}")"
}
# The token in wrk's default headers, which wrk.format uses (bench_wrk has no place for wrk's -H).
header_lua() {
  cat >"$1" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
$(cat "$2")
LUA
}
header_lua "$work/plain-auth.lua" "$work/plain.lua"
header_lua "$work/page-auth.lua" "$work/page.lua"
read -r base_p50 base_p99 base_rate < <(query /api/v1/profiles "$work/plain-auth.lua")
echo "  baseline GET /api/v1/profiles: $base_rate req/s, p50 $base_p50 ms, p99 $base_p99 ms"
read -r get_p50 get_p99 get_rate < <(query "/api/v1/rollouts/$id" "$work/plain-auth.lua")
echo "  GET /api/v1/rollouts/$id: $get_rate req/s, p50 $get_p50 ms, p99 $get_p99 ms"
read -r page_p50 page_p99 page_rate < <(query "/api/v1/rollouts/$id/devices" "$work/page-auth.lua")
echo "  GET …/devices?state=confirmed&size=50&page=<random>: $page_rate req/s, p50 $page_p50 ms, p99 $page_p99 ms"
wrk_settings="wrk -t$threads -c$connections -d$duration, median of $rounds"
bench_result rollout-progress "$get_rate" "$base_rate" "$(bench_ratio "$get_rate" "$base_rate")" "$get_p50" "$get_p99" \
  "GET /api/v1/rollouts/<id>, $devices devices in $groups groups, finished (target p99 < 200 ms); baseline (req/s column 2): GET /api/v1/profiles p50/p99 $base_p50/$base_p99 ms; $wrk_settings; read every 20 ms while check-ins were applied: p50/p99 $during_p50/$during_p99 ms over $during_n reads"
bench_result rollout-devices "$page_rate" "$base_rate" "$(bench_ratio "$page_rate" "$base_rate")" "$page_p50" "$page_p99" \
  "GET /api/v1/rollouts/<id>/devices?state=confirmed&size=50, a random page of $devices (target p99 < 200 ms); baseline as above; $wrk_settings"
