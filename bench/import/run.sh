#!/usr/bin/env bash
# From a bulk import of N devices to the redirect service answering every one of them, on 127.0.0.1, with single
# registrations timed beside it and the consumers' rates.
#   bench/import/run.sh            (N=100000; a few minutes with the platform's start)
#   N=2000 bench/import/run.sh     (the fleet size; at most 100,000, inventory's limit for one import)
#   FAIRNESS_IDLE=100              (single registrations timed before the import; 0 leaves both fairness rows out)
#   FAIRNESS_WARMUP=200            (single registrations before those, one every 20 ms, not timed: a warm-up)
#   BACKLOG=1                      (0 leaves out the consumers' backlog rows and the second import they need)
#   IMPORT_WARMUP=20000            (devices imported and applied before anything is timed; 0 for none)
# One CSV of N Maxwell phones (profile "bench") posted to inventory's POST /api/v1/devices/import as tenant acme; the
# clock starts before the request. Inventory commits the rows with their outbox events, its relay sends them to Kafka,
# the redirect service applies them: the propagation ends when its counter of applied device registrations
# (telprov_redirect_events_total) has grown by N, and a
# sweep then asks the redirect service for every imported MAC once and requires a 302 for each (without that counter it
# sweeps until all are answered). Reports the import request's time, the propagation after it, and the total.
# Fairness (bench/import/Fairness.java): after FAIRNESS_WARMUP registrations not timed, FAIRNESS_IDLE devices
# registered one by one as a partner would (PUT /api/v1/devices/<mac>, one every 100 ms) before the import, timed from
# the PUT until the redirect service answers the MAC with 302; then, after the timed import, the same from just before
# a second import of N other devices until its propagation ended, also reported apart for those sent after its request
# was answered (rows import-fairness-idle and import-fairness). The timed import runs without them: on two cores the
# registrations, their lookups every 10 ms and the scrapes slowed every PostgreSQL statement of the import by about
# 1.7 times (docs/performance.md, issue 19). Consumers (bench/import/ConsumerRate.java): the redirect service's and
# provisioning's counters of applied device events, sampled every 250 ms from before the import until both have applied
# the fleet: each one's events/s from its first to its last busy interval and its peak over 1 s (rows
# import-redirect-events and import-provisioning-events), and inventory's outbox relay the same way (import-relay-events).
# Those rates are the relay's pace; with BACKLOG=1 a second import of N other devices is relayed while redirect and
# provisioning are paused (SIGSTOP; row import-relay-alone), and each consumer's rate is then measured the same way
# while it works through that backlog, one after the other (rows import-redirect-backlog and
# import-provisioning-backlog).
# Starts the platform on the bench's own ports
# (bench_platform_up in bench/lib.sh) unless bench/run.sh did; stops it on exit. With bench/run.sh the fleet then boots
# in bench/storm/run.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$root/bench/import/target}"
n="${N:-100000}"
fleet=7c2f82            # the devices are 7c2f82000000 + i, i < N
fairness_idle="${FAIRNESS_IDLE:-100}"
fairness_warmup="${FAIRNESS_WARMUP:-200}"
fairness_fleet=7c2f88   # single registrations: 7c2f88000000 + i before the import, 7c2f88800000 + i during it,
                        # 7c2f88400000 + i the warm-up
backlog="${BACKLOG:-1}"
import_warmup="${IMPORT_WARMUP:-20000}"
warmup_fleet=7c2f8b     # the warm-up import: 7c2f8b000000 + i, i < IMPORT_WARMUP
fairness_import_fleet=7c2f8d  # the import the single registrations are timed beside: 7c2f8d000000 + i, i < N
backlog_fleet=7c2f8c    # the second import, relayed while the consumers are paused: 7c2f8c000000 + i, i < N
mkdir -p "$work"

. "$root/bench/lib.sh"
bench_tools jq
bench_platform_up
# also when bench/run.sh started the platform: resumes paused services and stops this script's clients on any exit
trap bench_cleanup EXIT
bench_tenant
uvc=$(bench_profile 7c2f81)
echo "profile bench, release $uvc"
bench_fleet_csv "$fleet" "$n" "$work/fleet.csv"
echo "fleet: $n devices in a $(($(stat -c %s "$work/fleet.csv") / 1024)) KB CSV"

elapsed() { printf '%.1f' "$(echo "$(date +%s.%N) - $1" | bc)"; }
# bench/import/Fairness.java as partner acme, one registration every $4 ms (default 100) from MAC $1 on: $2 of them,
# or with 0 until $work/fairness.stop exists; output in $work/fairness-$3.out (per device: $work/fairness-$3.txt).
# Those sent once $work/fairness.later exists are also reported apart.
fairness() {
  java "$root/bench/import/Fairness.java" "$bench_inventory" "$bench_redirect" "$bench_token_url" partner-acme \
    acme-secret "$1" "$2" "$work/fairness.stop" "${4:-100}" "$work/fairness-$3.txt" "$work/fairness.later" \
    >"$work/fairness-$3.out" 2>&1
}
# Waits until a background program's output ($1) has line $2; fails when the program ($3) ended first.
await_line() {
  for _ in $(seq 1 600); do
    grep -q "^$2" "$1" && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "no \"$2\" from $1: $(tail -5 "$1")" >&2
  exit 1
}
# Samples the relay's and both consumers' counters (bench/import/ConsumerRate.java) into $1 until
# $work/consumers.stop exists; returns once sampling has started, with the sampler's pid in consumers_pid.
consumer_rates() {
  java "$root/bench/import/ConsumerRate.java" "$work/consumers.stop" \
    "relay=$bench_inventory|telprov_outbox_sent_total" \
    "redirect=$bench_redirect|telprov_redirect_events_total|outcome=\"applied\"" \
    "provisioning=$bench_provisioning|telprov_provisioning_device_events_total|outcome=\"applied\"" \
    >"$1" 2>&1 &
  consumers_pid=$!
  bench_pids+=("$consumers_pid")
  await_line "$1" sampling "$consumers_pid"
}
# The registrations of the running fairness client the redirect service has answered so far: applied registrations
# that are not the import's.
fairness_answered() { awk '/^answered / { n++ } END { print n + 0 }' "$work/fairness-import.out"; }
# "result COUNT P50 P99 MAX OVER_500MS OVER_2S UNANSWERED FAILED API_P50 API_P99" of a fairness run ($1: idle, import).
fairness_result() { grep -m1 '^result ' "$work/fairness-$1.out" || echo "result 0 0 0 0 0 0 0 0 0 0"; }
# The same of those sent once the import's request was answered ($work/fairness.later).
fairness_later() { grep -m1 '^result-later ' "$work/fairness-$1.out" || echo "result-later 0 0 0 0 0 0 0 0 0 0"; }

rm -f "$work/fairness.stop" "$work/fairness.later" "$work/consumers.stop"
if [ "$import_warmup" -gt 0 ]; then
  # Services that have run a while have compiled the import's and the consumers' code; a platform just started has not
  # (a cold first import took 1.5 to 3 times as long). Not timed in any row.
  echo "warm-up: importing $import_warmup other devices and waiting until redirect and provisioning have them, not timed"
  bench_fleet_csv "$warmup_fleet" "$import_warmup" "$work/warmup.csv"
  warmup_redirect=$(bench_projected redirect || true)
  warmup_provisioning=$(bench_projected provisioning || true)
  start=$(date +%s.%N)
  bench_import "$work/warmup.csv"
  echo "  imported in $(elapsed "$start") s"
  bench_await_projected redirect $((${warmup_redirect:-0} + import_warmup))
  bench_await_projected provisioning $((${warmup_provisioning:-0} + import_warmup))
  echo "  applied by both $(elapsed "$start") s after the request started"
fi
if [ "$fairness_idle" -gt 0 ]; then
  if [ "$fairness_warmup" -gt 0 ]; then
    echo "warm-up: $fairness_warmup single registrations, one every 20 ms, not timed"
    fairness "${fairness_fleet}400000" "$fairness_warmup" warmup 20 || true
  fi
  echo "registering $fairness_idle devices one by one (one every 100 ms), nothing else running"
  fairness "${fairness_fleet}000000" "$fairness_idle" idle || true
  read -r _ idle_count idle_p50 idle_p99 idle_max _ idle_over2s idle_unanswered idle_failed idle_api50 idle_api99 \
    < <(fairness_result idle)
  echo "  answered by the redirect service (302) after p50 $idle_p50 ms, p99 $idle_p99 ms, max $idle_max ms" \
    "($idle_count answered, $idle_unanswered unanswered, $idle_failed PUTs failed)"
fi

before=$(bench_projected redirect || true)
before=${before:-0}
provisioning_before=$(bench_projected provisioning || true)
provisioning_before=${provisioning_before:-0}
# The consumers' counters, and the outbox relay's that feeds them, from before the import until both have applied it.
consumer_rates "$work/consumers.out"
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
fi
echo "waiting until provisioning has applied them too"
bench_await_projected provisioning $((provisioning_before + n))
touch "$work/consumers.stop"
wait "$consumers_pid" || true
# "rate NAME EVENTS SECONDS EVENTS_PER_S PEAK_PER_S" per consumer
consumer_rate() { grep -m1 "^rate $1 " "${2:-$work/consumers.out}" || echo "rate $1 0 0 0 0"; }
read -r _ _ relay_events relay_s relay_rate relay_peak < <(consumer_rate relay)
read -r _ _ redirect_events redirect_s redirect_rate redirect_peak < <(consumer_rate redirect)
read -r _ _ provisioning_events provisioning_s provisioning_rate provisioning_peak < <(consumer_rate provisioning)

if bench_has_metric "$bench_redirect" telprov_redirect_events_total; then
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
echo "consumers of inventory's device events while the import propagated (from the first to the last 250 ms in which"
echo "each applied more than 500 events a second; peak: the most in one second):"
echo "  (the relay:     $relay_rate events/s ($relay_events in $relay_s s), peak $relay_peak/s, sent to Kafka by inventory)"
echo "  redirect:       $redirect_rate events/s ($redirect_events in $redirect_s s), peak $redirect_peak/s"
echo "  provisioning:   $provisioning_rate events/s ($provisioning_events in $provisioning_s s), peak $provisioning_peak/s"
bench_result import - - - - - \
  "$n devices: import ${import_s} s + propagation ${propagation_s} s = **${total_s} s** until the redirect service answers all (verified: $n × 302)"
bench_result import-relay-events "$relay_rate events/s" - - - - \
  "inventory's outbox relay while the import propagated: $relay_events events sent to Kafka in $relay_s s; peak $relay_peak/s over 1 s"
bench_result import-redirect-events "$redirect_rate events/s" - - - - \
  "the redirect service's projection while the import propagated: $redirect_events events in $redirect_s s; peak $redirect_peak/s over 1 s"
bench_result import-provisioning-events "$provisioning_rate events/s" - - - - \
  "provisioning's projection while the import propagated: $provisioning_events events in $provisioning_s s; peak $provisioning_peak/s over 1 s"
if [ "$fairness_idle" -gt 0 ]; then
  # Apart from the import timed above, whose request and propagation the registrations would slow on two cores: the
  # issue names them as rows of their own.
  bench_fleet_csv "$fairness_import_fleet" "$n" "$work/fairness-fleet.csv"
  before=$(bench_projected redirect)
  provisioning_before=$(bench_projected provisioning)
  echo "registering devices one by one (one every 100 ms) from now until an import of $n other devices has propagated"
  fairness "${fairness_fleet}800000" 0 import &
  fairness_pid=$!
  bench_pids+=("$fairness_pid")
  await_line "$work/fairness-import.out" registering "$fairness_pid"
  start=$(date +%s.%N)
  bench_import "$work/fairness-fleet.csv"
  touch "$work/fairness.later"
  fairness_import_s=$(elapsed "$start")
  echo "  imported in $fairness_import_s s"
  bench_await_projected redirect $((before + n)) 1800 fairness_answered
  touch "$work/fairness.stop"
  wait "$fairness_pid" || true
  read -r _ during_count during_p50 during_p99 during_max during_over500 during_over2s during_unanswered \
    during_failed during_api50 during_api99 < <(fairness_result import)
  read -r _ later_count later_p50 later_p99 later_max later_over500 later_over2s _ < <(fairness_later import)
  echo "  single registrations meanwhile answered after p50 $during_p50 ms, p99 $during_p99 ms, max $during_max ms" \
    "($during_count answered, $during_over2s over 2 s, $during_unanswered unanswered, $during_failed PUTs failed)"
  bench_await_projected provisioning $((provisioning_before + n + during_count))
  echo "single registrations (PUT, one every 100 ms) until the redirect service answers 302:"
  echo "  idle:           p50 $idle_p50 ms, p99 $idle_p99 ms, max $idle_max ms ($idle_count answered;" \
    "the PUT's answer p50/p99 $idle_api50/$idle_api99 ms)"
  echo "  during import:  p50 $during_p50 ms, p99 $during_p99 ms, max $during_max ms ($during_count answered," \
    "$during_over500 over 500 ms, $during_over2s over 2 s, $during_unanswered unanswered; the PUT's answer p50/p99" \
    "$during_api50/$during_api99 ms)"
  echo "    of which sent after the import's answer: p50 $later_p50 ms, p99 $later_p99 ms, max $later_max ms" \
    "($later_count answered, $later_over500 over 500 ms, $later_over2s over 2 s)"
  bench_result import-fairness-idle - - - "$idle_p50" "$idle_p99" \
    "$idle_count single registrations, one every 100 ms, nothing else running: max **$idle_max ms** from the PUT until the redirect service answers 302$([ "$idle_unanswered$idle_failed" = 00 ] || echo "; $idle_unanswered unanswered, $idle_failed PUTs failed"); the PUT's answer p50/p99 $idle_api50/$idle_api99 ms"
  bench_result import-fairness - - - "$during_p50" "$during_p99" \
    "$during_count single registrations, one every 100 ms, while an import of $n other devices ran (its request: $fairness_import_s s) and propagated: max **$during_max ms**, $during_over500 over 500 ms, $during_over2s over 2 s$([ "$during_unanswered$during_failed" = 00 ] || echo ", $during_unanswered unanswered, $during_failed PUTs failed"); the PUT's answer p50/p99 $during_api50/$during_api99 ms; the $later_count sent after the import's answer: p50/p99/max $later_p50/$later_p99/$later_max ms"
fi
if [ "$backlog" = 1 ]; then
  # The rows above measure the consumers at the pace the relay feeds them. Here they meet a real backlog, as after a
  # restart or a consumer outage during an import: redirect and provisioning are paused (SIGSTOP, shorter than Kafka's
  # 45-s session timeout, so their group keeps them) while a second import of N devices is committed and relayed, then
  # resumed one after the other, so each has the two cores (with PostgreSQL and Kafka) as it would have its own.
  bench_fleet_csv "$backlog_fleet" "$n" "$work/backlog.csv"
  redirect_pid=$(bench_service_pid redirect)
  provisioning_pid=$(bench_service_pid provisioning)
  redirect_before=$(bench_projected redirect)
  provisioning_before=$(bench_projected provisioning)
  relay_before=$(bench_metric "$bench_inventory" telprov_outbox_sent_total)
  # sampling starts before the pause: a scrape of a paused service gives no sample, and none is missed after it
  rm -f "$work/consumers.stop"
  consumer_rates "$work/backlog.out"
  echo "backlog: redirect and provisioning paused; importing $n more devices and relaying them to Kafka"
  bench_pause "$redirect_pid" "$provisioning_pid"
  start=$(date +%s.%N)
  bench_import "$work/backlog.csv"
  backlog_import_s=$(elapsed "$start")
  for _ in $(seq 1 600); do
    [ "$(bench_metric "$bench_inventory" telprov_outbox_sent_total)" -ge $((relay_before + n)) ] && break
    sleep 0.1
  done
  backlog_relayed_s=$(elapsed "$start")
  echo "  imported in $backlog_import_s s, all in Kafka $backlog_relayed_s s after the request started"
  echo "resuming redirect alone, then provisioning once redirect has applied them all"
  bench_resume "$redirect_pid"
  bench_await_projected redirect $((redirect_before + n))
  bench_resume "$provisioning_pid"
  bench_await_projected provisioning $((provisioning_before + n))
  touch "$work/consumers.stop"
  wait "$consumers_pid" || true
  read -r _ _ relay_events relay_s relay_rate relay_peak < <(consumer_rate relay "$work/backlog.out")
  read -r _ _ redirect_events redirect_s redirect_rate redirect_peak < <(consumer_rate redirect "$work/backlog.out")
  read -r _ _ provisioning_events provisioning_s provisioning_rate provisioning_peak < <(consumer_rate provisioning "$work/backlog.out")
  echo "the relay with both consumers paused: $relay_rate events/s ($relay_events in $relay_s s), peak $relay_peak/s"
  echo "consumers applying a backlog of $n events (one at a time, the other paused):"
  echo "  redirect:       $redirect_rate events/s ($redirect_events in $redirect_s s), peak $redirect_peak/s"
  echo "  provisioning:   $provisioning_rate events/s ($provisioning_events in $provisioning_s s), peak $provisioning_peak/s"
  bench_result import-relay-alone "$relay_rate events/s" - - - - \
    "inventory's outbox relay sending a second import of $n devices while redirect and provisioning were paused: $relay_events events in $relay_s s; peak $relay_peak/s over 1 s; that import's request took $backlog_import_s s"
  bench_result import-redirect-backlog "$redirect_rate events/s" - - - - \
    "the redirect service's projection applying a backlog of $n device events in Kafka (paused while a second import was relayed, then resumed while provisioning stayed paused): $redirect_events events in $redirect_s s; peak $redirect_peak/s over 1 s"
  bench_result import-provisioning-backlog "$provisioning_rate events/s" - - - - \
    "provisioning's projection applying the same backlog after redirect had applied it: $provisioning_events events in $provisioning_s s; peak $provisioning_peak/s over 1 s"
fi
if [ -n "${BENCH_SHARED_DIR:-}" ]; then
  echo "$fleet $n" >"$BENCH_SHARED_DIR/fleet"
fi
