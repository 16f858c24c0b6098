#!/usr/bin/env bash
# Every benchmark in one run on 127.0.0.1, then one table of the results, also written into docs/performance.md
# (between <!-- bench:run.sh begin --> and <!-- bench:run.sh end -->) with a description of the machine:
#   redirect      bench/redirect/run.sh      redirect lookups vs nginx `return 302`
#   firmware      bench/firmware/run.sh      a 100 MB firmware download vs nginx serving the same file
#   tftp          bench/tftp/run.sh          a 20 MB firmware image over TFTP (provisioning, streamed from the
#                                            firmware service) vs tftpd-hpa serving the same file, in MB/s
#   provisioning  bench/provisioning/run.sh  device files of many devices vs nginx serving the same bytes: Maxwell 1.0
#                                            settings.xml without and with HTTP Digest, the other dialects' main
#                                            files; memory and cold start of provisioning with 1,000,000 devices
#   import        bench/import/run.sh        bulk import of N devices until the redirect service answers all; single
#                                            registrations timed before and during it (fairness); the redirect
#                                            service's and provisioning's events/s while it propagates
#   storm         bench/storm/run.sh         N simulated phones booting through redirect and provisioning
#   rollouts      bench/rollouts/run.sh      a release rollout over 100,000 devices in 4 groups (issue 15): last
#                                            confirmation of a group to the next group offered; the progress and
#                                            device-list queries vs the profile list
#   settings      bench/settings/run.sh      per-device settings (issue 21): a CSV of 100,000 devices' settings
#                                            imported, the publish check, settings.xml with each device's own account
#                                            vs nginx, provisioning's memory with 1,000,000 devices' settings
#
#   bench/run.sh                                 (N=100000; about 20 minutes on a quiet 2-core machine)
#   N=2000 DURATION=5s ROUNDS=1 bench/run.sh     (a smoke run of a few minutes)
#   SKIP=redirect,firmware bench/run.sh          (leave steps out)
#   SKIP=redirect,firmware,tftp,provisioning,import,storm,rollouts bench/run.sh   (the settings step alone)
#   SKIP=redirect,firmware,tftp,provisioning,import,storm,settings bench/run.sh   (the rollouts step alone)
#   NO_DOCS=1 bench/run.sh                       (print the table, leave docs/performance.md alone)
# N (import and storm fleet), DURATION, ROUNDS, CONNECTIONS, THREADS (wrk), DEVICES (redirect's and provisioning's
# device counts), DIGEST_DEVICES, DIALECT_DEVICES, MEMORY_DEVICES, DIGEST, DIALECTS, MEMORY (provisioning's other
# rows), FAIRNESS_IDLE, FAIRNESS_WARMUP (import), CONCURRENCY, WARMUP (storm), SETTINGS_DEVICES, SETTINGS_MEMORY_DEVICES,
# SETTINGS_MEMORY_JAVA_OPTS, SETTINGS_FILE, SETTINGS_MEMORY (settings), ROLLOUT_DEVICES, ROLLOUT_GROUPS (rollouts),
# JAVA_OPTS reach the step scripts, whose headers describe them.
#   N=2000 DEVICES=2000 DIALECT_DEVICES=2000 MEMORY_DEVICES=20000 SETTINGS_DEVICES=2000 SETTINGS_MEMORY_DEVICES=20000 \
#     ROLLOUT_DEVICES=2000 DURATION=3s ROUNDS=1 bench/run.sh   (a smoke run)
# The redirect and firmware steps start PostgreSQL, Kafka and Keycloak with ./platform on its default ports, so no ./platform may be
# running; the other five share one platform on the bench's own ports (settings runs last: its memory row leaves a
# million devices' settings in the platform's provisioning process until it stops). A failed step is a row marked
# failed (its log is in bench/target/), and the run goes on. Everything started is stopped on exit, Ctrl-C included.
# Needs the build (./mvnw -DskipTests package); installs nginx, wrk and jq if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/bench/target"
results="$work/results"
export N="${N:-100000}"
skip=",${SKIP:-},"
rm -rf "$results" "$work"/*.log
mkdir -p "$results"

. "$root/bench/lib.sh"
bench_tools jq
trap bench_cleanup EXIT
# With a trap for INT the shell finishes the current step (which stops what it started) and then exits here.
trap 'echo "interrupted" >&2; exit 130' INT TERM

# What the table's figures depend on, taken before anything starts.
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load=$(cut -d' ' -f1-3 /proc/loadavg)
machine="$(nproc) CPUs ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), \
$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r), \
$(java -version 2>&1 | head -1 | sed 's/"//g')"

# A row of its own (<step>.failed.tsv), so that the rows a step recorded before it failed stay in the table.
step_failed() { printf '%s\t-\t-\t-\t-\t-\t**failed** (%s; log: bench/target/%s.log)\n' "$1" "$2" "$1" >"$results/$1.failed.tsv"; }
# Runs one step script with its output shown and kept in bench/target/<step>.log; tee ignores Ctrl-C so that the
# step's own cleanup output still has somewhere to go.
run_step() {
  local name=$1 status
  shift
  if [[ "$skip" == *",$name,"* ]]; then
    echo "== $name: skipped (SKIP)"
    return 0
  fi
  echo
  echo "== $name ($*) $(date -u +%H:%M:%S)"
  set +e
  WORK="$work/$name" BENCH_RESULTS="$results" "$@" 2>&1 | (trap '' INT; tee "$work/$name.log")
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "== $name failed (exit $status)"
    step_failed "$name" "exit $status"
  fi
}

# bench/redirect/run.sh prints medians as "  redirect service: R req/s, p50 A ms, p99 B ms"; its result row is read from
# that summary (the script is another benchmark's, left as it is).
redirect_result() {
  local log="$work/redirect.log" s n
  [ -f "$log" ] && [ ! -f "$results/redirect.tsv" ] || return 0
  s=$(grep -m1 '^  redirect service:' "$log" || true)
  n=$(grep -m1 '^  nginx return 302:' "$log" || true)
  [ -n "$s" ] && [ -n "$n" ] || { step_failed redirect "no summary in its output"; return 0; }
  local rate=$(awk '{print $3}' <<<"$s") nginx=$(awk '{print $4}' <<<"$n")
  local nginx_latency=$(sed -E 's/.*p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*/\1\/\2/' <<<"$n")
  local rss=$(grep -m1 'redirect RSS:' "$log" | sed -E 's/.*RSS: *([0-9]+ MB) after loading.*/\1/')
  printf 'redirect\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$nginx" "$(bench_ratio "$rate" "$nginx")" \
    "$(sed -E 's/.*p50 ([0-9.]+) ms.*/\1/' <<<"$s")" "$(sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' <<<"$s")" \
    "${DEVICES:-100000} devices; nginx p50/p99 $nginx_latency ms; RSS ${rss:-?} after loading" >"$results/redirect.tsv"
}

# bench/firmware/run.sh prints "  firmware service: S MB/s" and "  nginx: N MB/s" (throughput, not requests).
firmware_result() {
  local log="$work/firmware.log" s n
  [ -f "$log" ] && [ ! -f "$results/firmware.tsv" ] || return 0
  s=$(grep -m1 '^  firmware service:' "$log" | awk '{print $3}' || true)
  n=$(grep -m1 '^  nginx:' "$log" | awk '{print $2}' || true)
  [ -n "$s" ] && [ -n "$n" ] || { step_failed firmware "no summary in its output"; return 0; }
  printf 'firmware\t%s MB/s\t%s MB/s\t%s\t-\t-\t%s\n' "$s" "$n" "$(bench_ratio "$s" "$n")" \
    "100 MB artifact through a signed link, ${CONNECTIONS:-8} connections; $(grep -m1 '^1 GiB upload' "$log" || echo 'upload not measured')" \
    >"$results/firmware.tsv"
}

echo "bench/run.sh: $machine; load average $load; N=$N"
run_step redirect "$root/bench/redirect/run.sh"
redirect_result
run_step firmware "$root/bench/firmware/run.sh"
firmware_result
# before the shared platform: it starts one of its own, with firmware and TFTP
run_step tftp "$root/bench/tftp/run.sh"

if [[ "$skip" != *",provisioning,"* || "$skip" != *",import,"* || "$skip" != *",storm,"* \
  || "$skip" != *",rollouts,"* || "$skip" != *",settings,"* ]]; then
  echo
  echo "== the platform for provisioning, import, storm, rollouts and settings $(date -u +%H:%M:%S)"
  mkdir -p "$work/shared"
  rm -f "$work/shared/fleet"
  bench_platform_up
  export BENCH_PLATFORM_SHARED=1 BENCH_SHARED_DIR="$work/shared"
fi
run_step provisioning "$root/bench/provisioning/run.sh"
run_step import "$root/bench/import/run.sh"
run_step storm "$root/bench/storm/run.sh"
run_step rollouts "$root/bench/rollouts/run.sh"
run_step settings "$root/bench/settings/run.sh"
bench_cleanup

# The table: the rows of every step that ran, in the order above, each step's failure after its rows.
table="$work/table.md"
{
  echo "| scenario | service req/s | nginx req/s | ratio | p50 ms | p99 ms | extra |"
  echo "|---|---|---|---|---|---|---|"
  for name in redirect redirect.failed firmware firmware.failed tftp tftp.failed provisioning provisioning-digest provisioning-m11 \
    provisioning-auerswald provisioning-pnd-txt provisioning-pnd-md5 provisioning-memory provisioning.failed \
    import import-fairness-idle import-fairness import-relay-events import-redirect-events import-provisioning-events \
    import-relay-alone import-redirect-backlog import-provisioning-backlog import.failed \
    storm storm.failed rollout-transition rollout-progress rollout-devices rollouts.failed \
    settings-import publish-check settings-file settings-memory settings.failed; do
    [ -f "$results/$name.tsv" ] || continue
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$results/$name.tsv"
  done
} >"$table"
echo
echo "bench/run.sh, started $started, load average $load at start"
echo "$machine"
echo
cat "$table"

if [ "${NO_DOCS:-}" = 1 ]; then
  exit 0
fi
# A run with other settings than the defaults, or on a busy machine, says so above its table.
kind="Full run"
if [ "$N" != 100000 ] || [ -n "${SKIP:-}${DURATION:-}${ROUNDS:-}${DEVICES:-}${CONNECTIONS:-}${THREADS:-}${CONCURRENCY:-}" ] \
  || [ -n "${DIGEST_DEVICES:-}${DIALECT_DEVICES:-}${MEMORY_DEVICES:-}${DIGEST:-}${DIALECTS:-}${MEMORY:-}${FAIRNESS_IDLE:-}${FAIRNESS_WARMUP:-}" ] \
  || [ -n "${SETTINGS_DEVICES:-}${SETTINGS_MEMORY_DEVICES:-}${SETTINGS_MEMORY_JAVA_OPTS:-}${SETTINGS_FILE:-}${SETTINGS_MEMORY:-}" ] \
  || [ -n "${ROLLOUT_DEVICES:-}${ROLLOUT_GROUPS:-}" ]; then
  kind="**Reduced run** (not the defaults: not figures to go by)"
fi
if [ "$(echo "${load%% *} >= 2" | bc)" = 1 ]; then
  kind="$kind, **on a busy machine** (other builds running: ratios are distorted)"
fi
section="$work/section.md"
{
  echo "<!-- bench:run.sh begin -->"
  echo "$kind of $started: $machine; load average at start $load."
  settings="N=$N"
  for name in DURATION ROUNDS CONNECTIONS THREADS DEVICES DIGEST_DEVICES DIALECT_DEVICES MEMORY_DEVICES DIGEST DIALECTS \
    MEMORY FAIRNESS_IDLE FAIRNESS_WARMUP CONCURRENCY SETTINGS_DEVICES SETTINGS_MEMORY_DEVICES SETTINGS_MEMORY_JAVA_OPTS \
    SETTINGS_FILE SETTINGS_MEMORY ROLLOUT_DEVICES ROLLOUT_GROUPS SKIP JAVA_OPTS; do
    [ -z "${!name:-}" ] || settings="$settings, $name=${!name}"
  done
  echo "Settings: $settings."
  echo
  cat "$table"
  echo "<!-- bench:run.sh end -->"
} >"$section"
docs="$root/docs/performance.md"
if grep -q '^<!-- bench:run.sh begin -->' "$docs"; then
  awk -v section="$section" '
    /^<!-- bench:run.sh begin -->/ { while ((getline line < section) > 0) print line; skipping = 1; next }
    /^<!-- bench:run.sh end -->/ { skipping = 0; next }
    !skipping' "$docs" >"$docs.new"
else
  { cat "$docs"; echo; echo "## Platform benchmark (\`bench/run.sh\`)"; echo; cat "$section"; } >"$docs.new"
fi
mv "$docs.new" "$docs"
echo
echo "written to docs/performance.md"
