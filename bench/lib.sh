# Shared by the bench/*/run.sh scripts (sourced, not run): tools, the packaged service, the platform's
# infrastructure in a private data directory, cleanup, medians. Expects $root and $work to be set.

# Installs the Debian packages a benchmark needs (nginx and wrk always) when a command is missing.
bench_tools() {
  local missing=()
  for package in nginx wrk "$@"; do
    local command="$package"
    [ "$package" = postgresql-client ] && command=psql
    [ "$package" = tftpd-hpa ] && command=in.tftpd
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
bench_paused_pids=()
# Stops everything the benchmark started: the processes in bench_pids (newest first) and nginx. A process paused with
# bench_pause first gets SIGCONT: a stopped process would not act on the signals that end it.
bench_cleanup() {
  local i
  [ ${#bench_paused_pids[@]} -eq 0 ] || kill -CONT "${bench_paused_pids[@]}" 2>/dev/null || true
  bench_paused_pids=()
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

# Exports the connection settings of what bench_start_infra started, for a service started by hand: the packaged
# services have no production defaults and refuse to start without them.
bench_service_env() {
  export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:15432/telprov QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_DATASOURCE_PASSWORD=postgres KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092 \
    QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:18080/realms/telprov
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

# ---------------------------------------------------------------------------------------------------------------------
# The whole platform on the bench's own ports, for bench/provisioning, bench/storm and bench/import (bench/run.sh starts
# it once for all three), and what they do with it: tokens, the tenant, the profile, fleets, metrics, sweeps, results.

bench_inventory=http://127.0.0.1:18584
bench_redirect=http://127.0.0.1:18581
bench_provisioning=http://127.0.0.1:18582
bench_token_url=http://127.0.0.1:18580/realms/telprov/protocol/openid-connect/token

# Starts PostgreSQL, Kafka, Keycloak, inventory, redirect and provisioning from empty data in $work/platform on ports
# 18532-18593 (bench/platform/BenchPlatform.java) and waits until all are ready, printing their progress; does nothing
# when bench/run.sh has already started it (BENCH_PLATFORM_SHARED=1). JAVA_OPTS: the services' JVM flags;
# BENCH_PLATFORM_SERVICES: other services than inventory,redirect,provisioning (bench/tftp adds firmware).
bench_platform_up() {
  [ "${BENCH_PLATFORM_SHARED:-}" = 1 ] && return 0
  # where the launcher keeps the platform's data and secrets, for a service process started by hand (bench_run_service)
  export BENCH_PLATFORM_DIR="$work/platform"
  local launcher="$root/tools/platform/target" service
  if [ ! -f "$launcher/classpath.txt" ] || [ ! -d "$launcher/classes" ]; then
    (cd "$root" && ./mvnw -q -DskipTests package -pl tools/platform -am) >&2
  fi
  local services="${BENCH_PLATFORM_SERVICES:-inventory,redirect,provisioning}"
  for service in ${services//,/ }; do bench_jar "$service" >/dev/null; done
  trap bench_cleanup EXIT
  echo "starting PostgreSQL, Kafka, Keycloak, ${services//,/, } on ports 18532-18593" \
    "(${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}); log: $work/platform.log"
  # Created here: the launcher's redirection below may come after the first look at the log.
  : >"$work/platform.log"
  # Lookups of not-yet-known MACs while a fleet propagates are the bench's own polling, not a scanner: no 429s.
  TELPROV_REDIRECT_PROBING_RATE=1000000 TELPROV_REDIRECT_PROBING_BURST=1000000 \
    TELPROV_PROVISIONING_PROBING_RATE=1000000 TELPROV_PROVISIONING_PROBING_BURST=1000000 \
    java -cp "$launcher/classes:$(cat "$launcher/classpath.txt")" "$root/bench/platform/BenchPlatform.java" \
    "$root" "$work/platform" "$services" "${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}" \
    >"$work/platform.log" 2>&1 &
  local pid=$! shown=0 lines
  bench_pids+=("$pid")
  for _ in $(seq 1 900); do
    lines=$(wc -l <"$work/platform.log")
    if [ "$lines" -gt "$shown" ]; then sed -n "$((shown + 1)),${lines}p" "$work/platform.log" | sed 's/^/  /'; shown=$lines; fi
    grep -q "^bench platform ready" "$work/platform.log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  echo "the platform did not come up; see $work/platform.log and $work/platform/logs" >&2
  exit 1
}

# A client-credentials access token of a client of the local realm. Tokens live 5 minutes: take one per request.
bench_token() {
  curl -sf -d grant_type=client_credentials -d client_id="$1" -d client_secret="$2" "$bench_token_url" | jq -r .access_token
}
bench_operator_token() { bench_token telprov-operator operator-secret; }
bench_partner_token() { bench_token partner-acme acme-secret; }

# Creates tenant acme (the realm's partner-acme acts for it), its phones sent to the bench's provisioning service;
# an existing one is kept.
bench_tenant() {
  local status
  status=$(curl -s -o "$work/tenant.json" -w '%{http_code}' -H "Authorization: Bearer $(bench_operator_token)" \
    -H 'Content-Type: application/json' "$bench_inventory/api/v1/tenants" \
    -d "{\"id\":\"acme\",\"name\":\"Acme (bench)\",\"provisioningUrlTemplate\":\"$bench_provisioning/prov/{mac}/\"}")
  case "$status" in
    201 | 409) ;;
    *) echo "creating tenant acme: HTTP $status $(cat "$work/tenant.json")" >&2; exit 1 ;;
  esac
}

# Turns device authentication off for tenant acme, then creates and publishes profile "bench" (Maxwell 1.0) unless it
# exists, and prints its latest UVC (bench_publish_profile).
bench_profile() {
  local fleet=$1
  bench_await_tenant_known
  # The benchmarks measure serving files, not HTTP Digest: device authentication, on by default, is turned off for
  # the bench tenant (whose profile "bench" sets no credentials), as a tenant may choose (docs/device-files.md).
  # bench/provisioning/run.sh turns it on for its Digest row, with a profile that has credentials, and off again.
  bench_device_auth off
  bench_publish_profile bench maxwell-1.0 "$fleet"
}

# Waits until provisioning knows tenant acme: it learns of a new tenant from inventory's events and refuses its
# token (403) until then.
bench_await_tenant_known() {
  local token status
  token=$(bench_partner_token)
  for _ in $(seq 60); do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      "$bench_provisioning/api/v1/profiles")
    [ "$status" != 403 ] && return 0
    sleep 0.5
  done
}

# Sets tenant acme's device authentication: off, or digest (SHA-256, the default public files).
bench_device_auth() {
  local status
  status=$(curl -s -o "$work/device-auth.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $(bench_partner_token)" \
    -H 'Content-Type: application/json' -d "{\"mode\":\"$1\"}" "$bench_provisioning/api/v1/device-auth")
  [ "$status" = 200 ] || { echo "device-auth $1: HTTP $status $(cat "$work/device-auth.json")" >&2; exit 1; }
}

# Creates and publishes profile $1 of dialect $2 unless it exists, and prints its latest UVC. The content is
# bench_create_profile's.
bench_publish_profile() {
  local name=$1 status
  status=$(curl -s -o "$work/profile.json" -w '%{http_code}' -H "Authorization: Bearer $(bench_partner_token)" \
    "$bench_provisioning/api/v1/profiles/$name")
  if [ "$status" = 200 ] && [ -n "$(jq -r '.latestRelease // empty' "$work/profile.json")" ]; then
    jq -r .latestRelease "$work/profile.json"
    return 0
  fi
  bench_create_profile "$@"
  bench_publish "$name"
}

# Publishes profile $1 and prints the new release's UVC.
bench_publish() {
  local status
  status=$(curl -s -o "$work/release.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $(bench_partner_token)" \
    "$bench_provisioning/api/v1/profiles/$1/releases")
  [ "$status" = 201 ] || { echo "publishing profile $1: HTTP $status $(head -c 2000 "$work/release.json")" >&2; exit 1; }
  jq -r .uvc "$work/release.json"
}

# Creates profile $1 of dialect $2 unless it exists (not published). Four SIP accounts of 15 parameters (passwords
# secret) and the default account: 61 parameters, like an office phone (Auerswald's names rewritten into its dotted
# XML form: sip.account0.AuthName); the first 5 MACs of fleet $3 (6 hex digits) get their own account 0. With $4 and
# $5, also the HTTP Digest credentials System.Security.HTTPAuthUsername and HTTPAuthPassword (secret), which Maxwell
# 1.0 serves in credentials.xml, not in settings.xml. With $6 = settings, account 0 is every device's own instead
# (issue 21): six of its parameters refer to the device's settings (AccountName {{setting.account_name}}, DisplayName
# {{setting.display_name}}, AuthName {{setting.sip_user}}, AuthPassword {{setting.sip_password}} (secret), Username
# {{setting.extension}}, Domain {{setting.sip_domain}}) and no device has overrides.
bench_create_profile() {
  local name=$1 dialect=$2 fleet=$3 user=${4:-} password=${5:-} templated=${6:-} token status
  token=$(bench_partner_token)
  jq -n --arg name "$name" --arg dialect "$dialect" --arg fleet "$fleet" --arg user "$user" --arg password "$password" \
    --arg templated "$templated" '
    def pname: if $dialect == "auerswald"
      then sub("^SIP\\.Account\\.(?<i>[0-9])\\."; "sip.account\(.i).") | sub("^SIP\\.DefaultAccount$"; "sip.defaultAccount")
      else . end;
    def account($i): [
      {name: "SIP.Account.\($i).Active", value: "1"},
      {name: "SIP.Account.\($i).AccountName", value: "Line \($i + 1)"},
      {name: "SIP.Account.\($i).DisplayName", value: "Acme Line \($i + 1)"},
      {name: "SIP.Account.\($i).AuthName", value: "line\($i + 1)"},
      {name: "SIP.Account.\($i).AuthPassword", value: "secret-line-\($i + 1)", secret: true},
      {name: "SIP.Account.\($i).Username", value: "10\($i + 1)0"},
      {name: "SIP.Account.\($i).Domain", value: "sip.acme.example"},
      {name: "SIP.Account.\($i).Provider", value: "Acme Voice"},
      {name: "SIP.Account.\($i).RegistrationServer.Address", value: "registrar.acme.example"},
      {name: "SIP.Account.\($i).RegistrationServer.Port", value: "5060"},
      {name: "SIP.Account.\($i).ProxyServer.Address", value: "proxy.acme.example"},
      {name: "SIP.Account.\($i).ProxyServer.Port", value: "5060"},
      {name: "SIP.Account.\($i).OutboundProxy.Mode", value: "2"},
      {name: "SIP.Account.\($i).OutboundProxy.Address", value: "sbc.acme.example"},
      {name: "SIP.Account.\($i).OutboundProxy.Port", value: "5061"}];
    def credentials: if $user == "" then [] else
      [{name: "System.Security.HTTPAuthUsername", value: $user},
       {name: "System.Security.HTTPAuthPassword", value: $password, secret: true}] end;
    def own: {"AccountName": "account_name", "DisplayName": "display_name", "AuthName": "sip_user",
              "AuthPassword": "sip_password", "Username": "extension", "Domain": "sip_domain"};
    def templated: if $templated == "settings"
      then map(if (.name | startswith("SIP.Account.0.")) and own[.name | ltrimstr("SIP.Account.0.")]
               then .value = "{{setting.\(own[.name | ltrimstr("SIP.Account.0.")])}}" else . end)
      else . end;
    {name: $name, dialect: $dialect,
     parameters: (((([range(0; 4) | account(.)] | add) + [{name: "SIP.DefaultAccount", value: "0"}])
                   | templated | map(.name |= pname)) + credentials),
     overrides: (if $templated == "settings" then {} else
                 [range(0; 5) | {key: ("\($fleet)\(. | tostring | ("000000" + .) | .[-6:])"),
                  value: ([{name: "SIP.Account.0.AccountName", value: "Desk \(. + 1)"},
                           {name: "SIP.Account.0.DisplayName", value: "Reception \(. + 1)"},
                           {name: "SIP.Account.0.AuthName", value: "desk\(. + 1)"}] | map(.name |= pname))}]
                 | from_entries end)}
  ' >"$work/profile-request.json"
  status=$(curl -s -o "$work/profile.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d @"$work/profile-request.json" "$bench_provisioning/api/v1/profiles")
  if [ "$status" != 201 ] && [ "$status" != 409 ]; then
    echo "creating profile $name: HTTP $status $(cat "$work/profile.json")" >&2; exit 1
  fi
}

# Writes the import CSV of fleet $1 (6 hex digits; MACs $1000000, $1000001, ...) with $2 phones to $3: of profile $4
# (default bench), vendor $5 and model $6 (default gigaset-maxwell mx3b). With NO_HEADER=1 the header line is left
# out (to append a fleet to a file).
bench_fleet_csv() {
  [ "${NO_HEADER:-}" = 1 ] || echo "mac,vendor,model,serial,profile" >"$3"
  awk -v fleet="$1" -v n="$2" -v profile="${4:-bench}" -v vendor="${5:-gigaset-maxwell}" -v model="${6:-mx3b}" \
    'BEGIN { for (i = 0; i < n; i++) printf "%s%06x,%s,%s,SN%010d,%s\n", fleet, i, vendor, model, i, profile }' >>"$3"
}

# Imports a CSV file as tenant acme (inventory's bulk import) and fails unless every row was accepted.
bench_import() {
  local status
  status=$(curl -s -o "$work/import.json" -w '%{http_code}' --max-time 1800 -H "Authorization: Bearer $(bench_partner_token)" \
    -H 'Content-Type: text/csv' --data-binary @"$1" "$bench_inventory/api/v1/devices/import")
  if [ "$status" != 200 ] || [ "$(jq '.rejected | length' "$work/import.json")" != 0 ]; then
    echo "import of $1: HTTP $status $(head -c 2000 "$work/import.json")" >&2; exit 1
  fi
}

# Imports a CSV (bench_import), prints its counts and time, then waits until provisioning has learnt every device of
# the inventory from its events.
bench_import_and_wait() {
  local csv=$1 start total
  start=$(date +%s.%N)
  bench_import "$csv"
  echo "  $(jq -c '{rows, claimed, updated, unchanged}' "$work/import.json") in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
  total=$(curl -sf -H "Authorization: Bearer $(bench_operator_token)" "$bench_inventory/api/v1/summary" | jq .devices)
  echo "waiting until provisioning has learnt all $total devices of the inventory from its events"
  bench_await_projected provisioning "$total" 600
}

# The sum of a Prometheus counter of a service (/q/metrics) over the series carrying every given label, e.g.
#   bench_metric "$bench_redirect" telprov_redirect_events_total 'type="device.registered"' 'outcome="applied"'
# Prints nothing when the service has no such series.
bench_metric() {
  local url=$1 name=$2
  shift 2
  curl -sf --max-time 10 "$url/q/metrics" | awk -v name="$name" -v labels="$*" '
    BEGIN { n = split(labels, want, " ") }
    index($0, name "{") == 1 || $1 == name {
      for (i = 1; i <= n; i++) if (index($0, want[i]) == 0) next
      sum += $NF; found = 1 }
    END { if (found) printf "%.0f\n", sum }'
}

# Whether a service exports a metric at all (a counter appears with its first increment).
# (grep reads everything: with -q it would stop at the first match, curl would die of SIGPIPE and pipefail fail it)
bench_has_metric() { curl -sf "$1/q/metrics" | grep "^$2[{ ]" >/dev/null; }

# How many devices a service's projection of inventory's device events has applied (device.registered, applied).
bench_projected() {
  case "$1" in
    redirect) bench_metric "$bench_redirect" telprov_redirect_events_total 'type="device.registered"' 'outcome="applied"' ;;
    provisioning) bench_metric "$bench_provisioning" telprov_provisioning_device_events_total \
      'type="device.registered"' 'outcome="applied"' ;;
  esac
}

# The process id of service $1 of this benchmark's platform (the java process running this checkout's jar).
bench_service_pid() {
  local pids
  pids=$(pgrep -f -- "-jar $root/services/$1/target/quarkus-app/quarkus-run.jar" || true)
  if [ "$(echo "$pids" | grep -c .)" != 1 ]; then
    echo "expected one process of $1, found: ${pids:-none}" >&2; exit 1
  fi
  echo "$pids"
}

# Pauses the processes $@ (SIGSTOP) until bench_resume: what they would do piles up meanwhile.
bench_pause() { kill -STOP "$@"; bench_paused_pids+=("$@"); }
# Resumes the paused processes $@ (bench_cleanup resumes any still paused).
bench_resume() { kill -CONT "$@"; }

# Waits until service $1's projection has applied $2 device registrations, printing progress every 5 s; fails after
# $3 seconds (default 1800). A counter not there yet counts as 0 (it appears with the first event applied). With $4, a
# command printing a number, waits for $2 plus that number, asked anew at every check (registrations made meanwhile).
bench_await_projected() {
  local service=$1 want=$2 limit=${3:-1800} more=${4:-} start now have last shown
  start=$(date +%s.%N); shown=$(date +%s)
  last=$(bench_projected "$service" || true); last=${last:-0}
  while :; do
    have=$(bench_projected "$service" || true); have=${have:-0}
    [ "$have" -ge "$((want + $([ -z "$more" ] && echo 0 || $more)))" ] && return 0
    now=$(date +%s)
    if [ $((now - shown)) -ge 5 ]; then
      printf "  %s has %d of %d devices (%.0f/s)\n" "$service" "$have" "$want" "$(echo "($have - $last) / ($now - $shown)" | bc -l)"
      last=$have; shown=$now
    fi
    if [ "$(echo "$(date +%s.%N) - $start > $limit" | bc)" = 1 ]; then
      echo "$service has only $have of $want devices after $limit s" >&2; exit 1
    fi
    sleep 0.2
  done
}

# Asks once for every MAC of fleet $3 (6 hex digits, $4 devices) at $1$2<mac>$5 and prints "<answered> <expected>
# <other>" (answers with status $6, answers with another status), then the first few MACs answered otherwise. wrk with
# one connection per thread (SWEEP_CONNECTIONS of them, default 32), so answers come in request order and each is matched
# to its MAC; each thread stops after its share. With SWEEP_CHECK, a Lua file defining check(i, body) (i: the device's
# number in the fleet), an answer counts as expected only when it also has that status's body check(i, body) accepts
# (the others are listed with "(content)").
bench_sweep() {
  local base=$1 before=$2 fleet=$3 count=$4 after=$5 expected=$6 threads=${SWEEP_CONNECTIONS:-32} pid
  [ "$threads" -gt "$count" ] && threads=$count
  cat >"$work/sweep.lua" <<'LUA'
-- Every MAC of a fleet once; thread k asks for the MACs i with i % threads == k, in order, one request at a time.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  before, fleet, count, after = args[1], args[2], tonumber(args[3]), args[4]
  expected, threads, donefile = tonumber(args[5]), tonumber(args[6]), args[7]
  if args[8] and args[8] ~= "" then dofile(args[8]) end
  nexti, answered, good, other = id, 0, 0, 0
  -- wrk 4 calls request() once more in the first thread to check the script; that request is never sent.
  if id == 0 then nexti = -threads end
  share = math.floor((count - 1 - id) / threads) + 1
  missing = {}
end
local function path(i) return string.format("%s%s%06x%s", before, fleet, i, after) end
function request()
  local i = math.max(0, math.min(nexti, count - 1))
  nexti = nexti + threads
  return wrk.format("GET", path(i))
end
function response(status, headers, body)
  if answered >= share then return end
  local i = id + answered * threads
  answered = answered + 1
  if status == expected and (check == nil or check(i, body)) then good = good + 1 else
    other = other + 1
    if #missing < 5 then
      missing[#missing + 1] = string.format("%s%06x:%d%s", fleet, i, status, status == expected and "(content)" or "")
    end
  end
  if answered == share then
    local f = io.open(donefile, "a")
    f:write(string.format("%d %d %d %s\n", answered, good, other, table.concat(missing, ",")))
    f:close()
    wrk.thread:stop()
  end
end
LUA
  rm -f "$work/sweep.done"
  wrk -t"$threads" -c"$threads" -d3600s --timeout 60s -s "$work/sweep.lua" "$base" -- \
    "$before" "$3" "$count" "$after" "$expected" "$threads" "$work/sweep.done" "${SWEEP_CHECK:-}" \
    >"$work/sweep.out" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [ "$(cat "$work/sweep.done" 2>/dev/null | wc -l)" -lt "$threads" ]; do sleep 0.1; done
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" || true
  if grep -q "Socket errors" "$work/sweep.out"; then
    # A lost answer shifts the matching of answers to MACs: count nothing as answered.
    echo "0 0 $count $(grep "Socket errors" "$work/sweep.out" | tr -s ' ')"
    return 0
  fi
  awk '{ a += $1; g += $2; o += $3; n = split($4, some, ",")
         for (i = 1; i <= n && shown < 5; i++) { m = m (shown ? "," : "") some[i]; shown++ } }
       END { printf "%d %d %d %s\n", a, g, o, m }' "$work/sweep.done"
}

# Repeats bench_sweep until every MAC is answered with the expected status, printing each incomplete sweep; fails after
# $7 seconds (default 1800). Same arguments as bench_sweep.
bench_await_sweep() {
  local start answered good other missing
  start=$(date +%s)
  while :; do
    read -r answered good other missing < <(bench_sweep "$@")
    [ "$good" -eq "$4" ] && return 0
    echo "  $good of $4 answered with $6 (other answers: $other${missing:+, e.g. $missing})"
    if [ $(($(date +%s) - start)) -gt "${7:-1800}" ]; then
      echo "not every device was answered with $6 after ${7:-1800} s" >&2; exit 1
    fi
    sleep 1
  done
}

# $1 / $2 with two decimals.
bench_ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }

# One wrk run: "<req/s> <p50 ms> <p99 ms> <non-2xx/3xx answers>"; arguments after the URL go to the script.
bench_wrk() {
  local threads=$1 connections=$2 duration=$3 script=$4 url=$5
  shift 5
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$url" -- "$@" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { r = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx/ { bad = $5 }
    END { printf "%.0f %.2f %.2f %d\n", r, p50, p99, bad }'
}

# Records a scenario's result as one tab-separated line in ${BENCH_RESULTS:-$work}/<scenario>.tsv, the row bench/run.sh
# puts in its table: scenario, service req/s, nginx req/s, ratio, p50 ms, p99 ms, extra.
bench_result() {
  local dir="${BENCH_RESULTS:-$work}"
  mkdir -p "$dir"
  (IFS=$'\t'; echo "$*") >"$dir/$1.tsv"
}

# ---------------------------------------------------------------------------------------------------------------------
# Device files against nginx serving the same bytes, and a fresh provisioning process with a big fleet in memory: what
# bench/provisioning/run.sh and bench/settings/run.sh both measure. The comparisons read the caller's wrk settings
# ($duration, $rounds, $connections, $threads; $warmups, default 1) and keep nginx's files in $work/www.

bench_nginx_port=18585

# Stops the nginx bench_nginx_serving started, and waits until it is gone.
bench_stop_nginx() {
  [ -f "$work/nginx.pid" ] || return 0
  local pid
  pid=$(cat "$work/nginx.pid")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$work/nginx.pid"
}

# Serves file $1 (in $work/www) with content type $2 for every path, on $bench_nginx_port, instead of what it served
# before. For files of a few KB, sendfile off with open_file_cache is nginx's faster setting (docs/performance.md).
bench_nginx_serving() {
  bench_stop_nginx
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
    listen 127.0.0.1:$bench_nginx_port;
    root $work/www;
    location / { try_files /$1 =404; }
  }
}
CONF
  nginx -c "$work/nginx.conf"
}

# A wrk script asking for the file of random devices among $3 of fleet $2, the path being the Lua expression $4 of
# the MAC in the variable mac (12 lower-case hex digits); written to $1.
bench_paths_lua() {
  cat >"$1" <<LUA
math.randomseed(os.time())
request = function()
  local mac = string.format("$2%06x", math.random(0, $3 - 1))
  return wrk.format("GET", $4)
end
LUA
}

# Fetches the file at path $1 from the platform's provisioning service into $work/www/$2 and prints "<bytes> bytes".
bench_sample() {
  mkdir -p "$work/www"
  curl -sf -o "$work/www/$2" "$bench_provisioning$1"
  echo "$(stat -c %s "$work/www/$2") bytes"
}

# Compares the platform's provisioning service and nginx on the same requests and records the row:
#   bench_compare ROW LABEL FILE CONTENT_TYPE EXTRA SCRIPT [SCRIPT_ARGS...]
# FILE is the sample (in $work/www) nginx serves; EXTRA starts the row's last column; the script's arguments get
# RUN=<n> replaced by a number that grows with every wrk run (digest.lua's nonce counts). Warm-up runs of each server
# (discarded; $warmups of the service), then A B A B (service, nginx) for $rounds rounds, medians.
bench_wrk_runs=0
bench_compare() {
  local row=$1 label=$2 file=$3 type=$4 extra=$5 script=$6
  shift 6
  local args=("$@")
  bench_nginx_serving "$file" "$type"
  local nginx_base=http://127.0.0.1:$bench_nginx_port
  # called in a subshell (< <(...)): the run number is counted here, by the caller
  measure() { bench_wrk "$threads" "$connections" "$duration" "$script" "$1" "${args[@]/#RUN=*/$bench_wrk_runs}"; }
  local s_rate=() s_p50=() s_p99=() n_rate=() n_p50=() n_p99=() errors=0 i r a b e
  echo "$label: warm-up (${warmups:-1} × $duration, discarded)"
  for i in $(seq 1 "${warmups:-1}"); do
    bench_wrk_runs=$((bench_wrk_runs + 1)); read -r r a b e < <(measure "$bench_provisioning")
    [ "$e" -eq 0 ] || echo "  warm-up: $e of the service's answers were not 2xx/3xx"
  done
  bench_wrk_runs=$((bench_wrk_runs + 1)); measure "$nginx_base" >/dev/null
  for i in $(seq 1 "$rounds"); do
    bench_wrk_runs=$((bench_wrk_runs + 1)); read -r r a b e < <(measure "$bench_provisioning")
    s_rate+=("$r"); s_p50+=("$a"); s_p99+=("$b"); errors=$((errors + e))
    echo "  round $i: provisioning $r req/s (p50 $a ms, p99 $b ms$([ "$e" -eq 0 ] || echo ", $e not 2xx/3xx"))"
    bench_wrk_runs=$((bench_wrk_runs + 1)); read -r r a b e < <(measure "$nginx_base"); n_rate+=("$r"); n_p50+=("$a"); n_p99+=("$b")
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

# psql on the bench platform's database.
bench_psql() { PGPASSWORD=postgres psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 18532 -U postgres -d telprov "$@"; }

# Writes $2 devices of fleet $1 (6 hex digits: $1000000 + i, at most 16,777,216) of tenant acme on profile $3 into
# provisioning's device table, as its projection stores inventory's, and prints the seconds it took. Left out of
# inventory, so no other step sees them; bench_delete_memory_devices removes them.
bench_memory_devices() {
  local start
  start=$(date +%s.%N)
  bench_psql <<SQL
insert into provisioning.device (mac, tenant_id, vendor, model, serial, profile, labels, released, version)
select lpad(to_hex($((16#${1}000000)) + i), 12, '0'), 'acme', 'gigaset-maxwell', 'mx3b',
       'SN' || lpad(i::text, 10, '0'), '$3', '', false, 1
from generate_series(0, $2 - 1) i
on conflict (mac) do nothing;
analyze provisioning.device;
SQL
  printf '%.1f\n' "$(echo "$(date +%s.%N) - $start" | bc)"
}

# Deletes the devices of fleet $1 bench_memory_devices wrote.
bench_delete_memory_devices() { bench_psql -c "delete from provisioning.device where mac like '${1}%'"; }

# Starts a provisioning process of its own on port $1 with JVM flags $2, logging to $3/provisioning.log, as the
# platform's launcher starts one (bench_platform_up): the same database, Kafka, Keycloak and secrets; the platform's
# own provisioning process stays up beside it. Waits until /q/health/ready is UP and sets bench_fresh_pid and
# bench_fresh_ready (seconds from the start until then); fails when it does not get there.
bench_fresh_pid=""
bench_fresh_provisioning() {
  local port=$1 opts=$2 dir=$3 start base=http://127.0.0.1:$1
  mkdir -p "$dir"
  start=$(date +%s.%N)
  (cd "$dir" && exec env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:18532/telprov QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_DATASOURCE_PASSWORD=postgres KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:18592 \
    QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:18580/realms/telprov \
    TELPROV_LINKS_SECRET="$(cat "$BENCH_PLATFORM_DIR/links.secret")" \
    TELPROV_PROVISIONING_SECRETS_KEY="$(cat "$BENCH_PLATFORM_DIR/provisioning-secrets.key")" \
    TELPROV_PROVISIONING_PUBLIC_BASE_URL=$bench_provisioning TELPROV_PROVISIONING_FIRMWARE_BASE_URL=http://127.0.0.1:18583 \
    TELPROV_PROVISIONING_PROBING_RATE=1000000 TELPROV_PROVISIONING_PROBING_BURST=1000000 \
    java $opts -jar "$(bench_jar provisioning)") >"$dir/provisioning.log" 2>&1 &
  bench_fresh_pid=$!
  bench_fresh_ready=""
  for _ in $(seq 1 3000); do
    if curl -sf "$base/q/health/ready" 2>/dev/null | grep -q '"status" *: *"UP"'; then
      bench_fresh_ready=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)"); return 0
    fi
    kill -0 "$bench_fresh_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the fresh provisioning process did not become ready; see $dir/provisioning.log" >&2
  exit 1
}

# Stops the process bench_fresh_provisioning started, if it runs.
bench_stop_fresh_provisioning() {
  [ -n "$bench_fresh_pid" ] || return 0
  kill "$bench_fresh_pid" 2>/dev/null || true; wait "$bench_fresh_pid" 2>/dev/null || true; bench_fresh_pid=""
}

# The resident set (VmRSS) of process $1 in MB.
bench_rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
