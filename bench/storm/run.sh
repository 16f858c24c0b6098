#!/usr/bin/env bash
# A boot storm: N simulated Gigaset Maxwell 1.0 phones booting at once through the redirect service to provisioning,
# with ./phone-sim's storm mode, on 127.0.0.1.
#   bench/storm/run.sh                        (N=100000 phones, 200 at once)
#   N=2000 CONCURRENCY=50 bench/storm/run.sh
#   WARMUP=0 bench/storm/run.sh               (no warm-up storm)
#   PHONE_SIM_JAVA_OPTS the simulator's JVM flags (default -Xmx1g -XX:CICompilerCount=6: with the JVM's two compiler
#   threads on two cores, among 200 phone threads, the simulator's optimised code arrived ~30 s into the measured storm);
#   JAVA_OPTS the services' (see bench/lib.sh).
# Before the measured storm, WARMUP (default N/2, at most 50,000) other phones of the same profile (fleet 7c2f8a, imported here)
# boot in the same phone-sim process (--warmup), not counted: the JIT of the simulator, redirect, provisioning and
# inventory's check-in consumer warm up, and the release's rendered files are in memory, but every measured phone is
# a device that has not booted yet. The first minute of load on freshly started services is slow (PostgreSQL busiest,
# docs/performance.md "The storm's first minute"): 20,000 warm-up phones ended inside it, 50,000 past it. The
# simulator's storm mode is lean on purpose (a blocking keep-alive HTTP/1.1 client per thread,
# tools/phone-sim/README.md): on one 2-core machine it shares the cores with what it measures.
# Each phone: GET /device (its MAC in the Gigaset User-Agent) → 302 to its provisioning URL → provisioning.xml →
# nvm/updates.xml → nvm/<UVC>/settings.xml of profile "bench" (61 parameters); every answered lookup and file is also a
# check-in. The fleet is the one bench/import/run.sh imported when bench/run.sh ran it first with at least N devices;
# otherwise N devices are imported here first (not timed). Reports succeeded/failed, phones/s, requests/s and the
# latency percentiles of requests and of whole phone boots from phone-sim's summary. Starts the platform on the bench's
# own ports (bench_platform_up in bench/lib.sh) unless bench/run.sh did; stops it on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$root/bench/storm/target}"
n="${N:-100000}"
concurrency="${CONCURRENCY:-200}"
warmup="${WARMUP:-$((n / 2 < 50000 ? n / 2 : 50000))}"
warm_fleet=7c2f8a   # the warm-up phones are 7c2f8a000000 + i, i < WARMUP
mkdir -p "$work"

. "$root/bench/lib.sh"
bench_tools jq
[ -f "$root/tools/phone-sim/target/phone-sim.jar" ] || (cd "$root" && ./mvnw -q -DskipTests package -pl tools/phone-sim)
bench_platform_up
bench_tenant
uvc=$(bench_profile 7c2f81)
echo "profile bench, release $uvc"

fleet=""
if [ -n "${BENCH_SHARED_DIR:-}" ] && [ -f "$BENCH_SHARED_DIR/fleet" ]; then
  read -r imported_fleet imported_count <"$BENCH_SHARED_DIR/fleet"
  if [ "$imported_count" -ge "$n" ]; then
    fleet=$imported_fleet
    echo "booting the $n first devices of fleet $fleet (imported by bench/import/run.sh)"
  fi
fi
if [ -z "$fleet" ]; then
  fleet=7c2f83   # the devices are 7c2f83000000 + i, i < N
  bench_fleet_csv "$fleet" "$n" "$work/fleet.csv"
  echo "importing the fleet: $n devices of profile bench"
  bench_import "$work/fleet.csv"
  echo "  $(jq -c '{rows, claimed, updated, unchanged}' "$work/import.json")"
fi

if [ "$warmup" -gt 0 ]; then
  bench_fleet_csv "$warm_fleet" "$warmup" "$work/warmup.csv"
  echo "importing the warm-up fleet: $warmup other devices of profile bench"
  bench_import "$work/warmup.csv"
  echo "  $(jq -c '{rows, claimed, updated, unchanged}' "$work/import.json")"
fi

# Both device-facing services must know the whole inventory before the phones boot, or the storm measures the events.
devices=$(curl -sf -H "Authorization: Bearer $(bench_operator_token)" "$bench_inventory/api/v1/summary" | jq .devices)
for service in redirect provisioning; do
  echo "waiting until $service has all $devices devices of the inventory"
  bench_await_projected "$service" "$devices"
done

echo "boot storm: $n phones, $concurrency at once, after a warm-up of $warmup other phones (progress on stderr)"
ulimit -n 65536 2>/dev/null || true
warmup_args=()
[ "$warmup" -gt 0 ] && warmup_args=(--warmup "$warmup" --warmup-from "${warm_fleet}000000")
set +e
PHONE_SIM_JAVA_OPTS="${PHONE_SIM_JAVA_OPTS:--Xmx1g -XX:CICompilerCount=6}" "$root/phone-sim" --family maxwell-1.0 --devices "$n" \
  --concurrency "$concurrency" --mac-from "${fleet}000000" "${warmup_args[@]}" --redirect "$bench_redirect" \
  --json >"$work/storm.json"
status=$?
set -e
if [ "$status" -gt 1 ] || ! jq -e .succeeded "$work/storm.json" >/dev/null 2>&1; then
  echo "phone-sim failed (exit $status): $(head -c 2000 "$work/storm.json")" >&2
  exit 1
fi

ms() { echo "scale=1; $1 / 1000" | bc; }
read -r succeeded failed requests millis rp50 rp90 rp99 rmax pp50 pp90 pp99 pmax < <(jq -r '[.succeeded, .failed,
  .requests, .millis, .requestLatencyMicros.p50, .requestLatencyMicros.p90, .requestLatencyMicros.p99,
  .requestLatencyMicros.max, .phoneLatencyMicros.p50, .phoneLatencyMicros.p90, .phoneLatencyMicros.p99,
  .phoneLatencyMicros.max] | @tsv' "$work/storm.json")
seconds=$(echo "scale=1; $millis / 1000" | bc)
phones_s=$(echo "$n * 1000 / $millis" | bc)
requests_s=$(echo "$requests * 1000 / $millis" | bc)
failures=$(jq -r '.failures | to_entries | map("\(.value) \(.key)") | join("; ")' "$work/storm.json")
echo
echo "boot storm of $n Maxwell 1.0 phones ($concurrency at once) through redirect and provisioning:"
echo "  succeeded $succeeded, failed $failed${failures:+ ($failures)}"
echo "  $seconds s: $phones_s phones/s, $requests requests ($requests_s/s)"
echo "  request latency p50 $(ms "$rp50") ms, p90 $(ms "$rp90") ms, p99 $(ms "$rp99") ms, max $(ms "$rmax") ms"
echo "  phone boot      p50 $(ms "$pp50") ms, p90 $(ms "$pp90") ms, p99 $(ms "$pp99") ms, max $(ms "$pmax") ms"
warmed=""
[ "$warmup" -gt 0 ] && warmed=" after a warm-up storm of $warmup other phones"
bench_result storm "$requests_s" - - "$(ms "$rp50")" "$(ms "$rp99")" \
  "$n phones, $concurrency at once$warmed: $succeeded ok, $failed failed${failures:+ ($failures)}; **$phones_s phones/s** in $seconds s; whole boot p50/p99 $(ms "$pp50")/$(ms "$pp99") ms"
