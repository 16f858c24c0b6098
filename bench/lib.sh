# Shared by the bench/*/run.sh scripts (sourced, not run): tools, the packaged service, the platform's
# infrastructure in a private data directory, cleanup, medians. Expects $root and $work to be set.

# Installs the Debian packages a benchmark needs (nginx and wrk always) when a command is missing.
bench_tools() {
  local missing=()
  for package in nginx wrk "$@"; do
    local command="$package"
    [ "$package" = postgresql-client ] && command=psql
    command -v "$command" >/dev/null || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Prints the path of a service's fast-jar, building the service first if it is missing.
bench_jar() {
  local jar="$root/services/$1/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || (cd "$root" && ./mvnw -q -DskipTests package -pl "services/$1" -am) >&2
  echo "$jar"
}

bench_pids=()
# Stops everything the benchmark started: the processes in bench_pids (newest first) and nginx.
bench_cleanup() {
  local i
  for ((i = ${#bench_pids[@]} - 1; i >= 0; i--)); do kill "${bench_pids[i]}" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -f "$work/nginx.pid"
}

# Starts PostgreSQL, Kafka and Keycloak with ./platform (no services) in $work/platform and waits until they are up.
bench_start_infra() {
  if "$root/platform" status 2>/dev/null | grep -qv "not running"; then
    echo "a platform is already running on the default ports; stop it first (./platform down)" >&2
    exit 1
  fi
  trap bench_cleanup EXIT
  echo "starting PostgreSQL, Kafka and Keycloak (./platform up --services '')"
  "$root/platform" up --no-build --wipe --services "" --data-dir "$work/platform" >"$work/platform.log" 2>&1 &
  local platform_pid=$!
  bench_pids+=("$platform_pid")
  for _ in $(seq 1 240); do
    grep -q "keycloak ready" "$work/platform.log" && return 0
    kill -0 "$platform_pid" 2>/dev/null || break
    sleep 1
  done
  echo "the platform did not come up; see $work/platform.log" >&2
  exit 1
}

# Waits until a started service answers its readiness check.
bench_await_ready() {
  local base=$1 log=$2
  for _ in $(seq 1 180); do curl -sf "$base/q/health/ready" >/dev/null && return 0; sleep 1; done
  echo "the service did not become ready; see $log" >&2
  exit 1
}

# The median of the arguments (numbers).
bench_median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
