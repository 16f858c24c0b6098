#!/usr/bin/env bash
# From a bulk import of N devices to the redirect service answering every one of them, on 127.0.0.1.
#   bench/import/run.sh            (N=100000; a few minutes with the platform's start)
#   N=2000 bench/import/run.sh     (the fleet size; at most 100,000, inventory's limit for one import)
# One CSV of N Maxwell phones (profile "bench") posted to inventory's POST /api/v1/devices/import as tenant acme; the
# clock starts before the request. Inventory commits the rows with their outbox events, its relay sends them to Kafka,
# the redirect service applies them: the propagation ends when its counter of applied device registrations
# (telprov_redirect_events_total) has grown by N, and a sweep then asks the redirect service for every imported MAC
# once and requires a 302 for each (without that counter it sweeps until all are answered). Reports the import
# request's time, the propagation after it, and the total. Starts the platform on the bench's own ports
# (bench_platform_up in bench/lib.sh) unless bench/run.sh did; stops it on exit. With bench/run.sh the fleet then boots
# in bench/storm/run.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$root/bench/import/target}"
n="${N:-100000}"
fleet=7c2f82   # the devices are 7c2f82000000 + i, i < N
mkdir -p "$work"

. "$root/bench/lib.sh"
bench_tools jq
bench_platform_up
bench_tenant
uvc=$(bench_profile 7c2f81)
echo "profile bench, release $uvc"
bench_fleet_csv "$fleet" "$n" "$work/fleet.csv"
echo "fleet: $n devices in a $(($(stat -c %s "$work/fleet.csv") / 1024)) KB CSV"

elapsed() { printf '%.1f' "$(echo "$(date +%s.%N) - $1" | bc)"; }
before=$(bench_projected redirect || true)
before=${before:-0}
echo "importing through inventory (POST /api/v1/devices/import)"
start=$(date +%s.%N)
bench_import "$work/fleet.csv"
imported=$(date +%s.%N)
import_s=$(elapsed "$start")
echo "  $(jq -c '{rows, claimed, updated, unchanged}' "$work/import.json") in $import_s s"

if bench_has_metric "$bench_redirect" telprov_redirect_events_total; then
  echo "waiting until the redirect service has applied $n more device registrations"
  bench_await_projected redirect $((before + n))
  known=$(date +%s.%N)
  echo "  all applied $(printf '%.1f' "$(echo "$known - $imported" | bc)") s after the import's answer"
  echo "asking the redirect service for every imported MAC once"
  read -r answered good other missing < <(bench_sweep "$bench_redirect" /device/ "$fleet" "$n" "" 302)
  if [ "$good" -ne "$n" ]; then
    echo "  $good of $n answered with 302 (other answers: $other${missing:+, e.g. $missing}); sweeping until all are"
    bench_await_sweep "$bench_redirect" /device/ "$fleet" "$n" "" 302
    known=$(date +%s.%N)
  fi
else
  echo "the redirect service has no telprov_redirect_events_total: sweeping until every MAC is answered"
  bench_await_sweep "$bench_redirect" /device/ "$fleet" "$n" "" 302
  known=$(date +%s.%N)
fi
verified_s=$(elapsed "$known")
propagation_s=$(printf '%.1f' "$(echo "$known - $imported" | bc)")
total_s=$(printf '%.1f' "$(echo "$known - $start" | bc)")
echo "  all $n answered with 302 (sweep of $verified_s s)"
echo
echo "bulk import of $n devices until the redirect service answers every one:"
echo "  import request: $import_s s ($(echo "$n / $import_s" | bc) rows/s)"
echo "  propagation:    $propagation_s s after the import's answer"
echo "  total:          $total_s s ($(echo "$n / $total_s" | bc) devices/s end to end)"
bench_result import - - - - - \
  "$n devices: import ${import_s} s + propagation ${propagation_s} s = **${total_s} s** until the redirect service answers all (verified: $n × 302)"
if [ -n "${BENCH_SHARED_DIR:-}" ]; then
  echo "$fleet $n" >"$BENCH_SHARED_DIR/fleet"
fi
