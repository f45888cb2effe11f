#!/usr/bin/env bash
# Runs Gavel's built services as background processes: services.sh up|down|status|migrate [service...]
# Each service runs under a supervisor of its own (scripts/supervise.sh) that restarts it when it
# crashes (backoff 1 s doubling to 30 s); `down` stops the supervisor first, then the service.
# GAVEL_SHARED_SERVICES (default wallet,payment,warehouse,delivery; "none": each service alone) names the
# services that run together in one Node process, `participants` (dist/apps/host: each service still a Nest
# application on its own port with its own pool and consumers): one event loop and heap instead of four.
# Asking for any of them (up, down) starts or stops that one process; status shows its pid on each row.
# A recorded pid counts as running only while /proc/<pid> has the recorded start time (field 22 of
# its stat), is not a zombie and runs the expected command: a reused pid or a zombie is down.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GAVEL_HOME="${GAVEL_HOME:-$ROOT/.gavel}"
RUN="$GAVEL_HOME/run"
LOGS="$GAVEL_HOME/logs"
mkdir -p "$RUN" "$LOGS"

# service:port in start order, from infra/ports.json (the one table of the services' default ports);
# each port is overridable with GAVEL_<SERVICE>_PORT, as the services read them
ports="$(node "$ROOT/scripts/ports.js" list)" || { echo "services.sh: cannot read infra/ports.json" >&2; exit 1; }
mapfile -t ALL_SERVICES <<<"$ports"

port_of() {
  local name="$1" default="$2" var
  var="GAVEL_$(echo "$name" | tr 'a-z-' 'A-Z_')_PORT"
  echo "${!var:-$default}"
}

# shellcheck source=scripts/secrets.sh
source "$ROOT/scripts/secrets.sh"

# The services reach the stack's own PostgreSQL over its unix socket when there is one (GAVEL_PG_HOST
# unset): a statement costs the service about 17 % and its backend about 21 % less CPU than over loopback
# TCP (bench/pg-transport.ts, bench/results/pg-transport.json). An exported GAVEL_PG_HOST (a remote
# server, or 127.0.0.1 to keep TCP) wins.
# shellcheck source=scripts/stack/pg-socket.sh
source "$ROOT/scripts/stack/pg-socket.sh"
if [[ -z "${GAVEL_PG_HOST:-}" ]]; then
  pg_socket="$(pg_socket_dir "$GAVEL_HOME")"
  if [[ -S "$pg_socket/.s.PGSQL.${GAVEL_PG_PORT:-55432}" ]]; then export GAVEL_PG_HOST="$pg_socket"; fi
fi

# Every service finds the others through GAVEL_<SERVICE>_URL (as in a deployment); derive them from the ports.
for entry in "${ALL_SERVICES[@]}"; do
  name="${entry%%:*}"
  url_var="GAVEL_$(echo "$name" | tr 'a-z-' 'A-Z_')_URL"
  if [[ -z "${!url_var:-}" ]]; then export "$url_var=http://127.0.0.1:$(port_of "$name" "${entry##*:}")"; fi
done

# ---------------------------------------------------------------- the shared process
SHARED_UNIT=participants
shared_raw="${GAVEL_SHARED_SERVICES-wallet,payment,warehouse,delivery}"
[[ "$shared_raw" == none ]] && shared_raw=""
IFS=',' read -r -a SHARED <<<"${shared_raw// /}"
for want in "${SHARED[@]}"; do
  found=""
  for entry in "${ALL_SERVICES[@]}"; do [[ "${entry%%:*}" == "$want" ]] && found=1; done
  if [[ -z "$found" || "$want" == gateway ]]; then
    echo "services.sh: GAVEL_SHARED_SERVICES: '$want' cannot share a process (the gateway runs alone)" >&2
    exit 2
  fi
done
export GAVEL_HOST_NAME="$SHARED_UNIT"
GAVEL_HOST_SERVICES="$(IFS=,; echo "${SHARED[*]}")"
export GAVEL_HOST_SERVICES

# unit_of <service>: the process it runs in (itself, or the shared one)
unit_of() {
  local s
  for s in "${SHARED[@]}"; do [[ "$s" == "$1" ]] && { echo "$SHARED_UNIT"; return; }; done
  echo "$1"
}
# app_of <unit>: the app under dist/apps/ that a unit's process runs
app_of() { if [[ "$1" == "$SHARED_UNIT" ]]; then echo host; else echo "$1"; fi; }
# ports_of <unit>: the HTTP ports of the services a unit runs
ports_of() {
  local entry
  for entry in "${ALL_SERVICES[@]}"; do
    [[ "$(unit_of "${entry%%:*}")" == "$1" ]] && port_of "${entry%%:*}" "${entry##*:}"
  done
}

# ---------------------------------------------------------------- process identity
# "<state> <start>" of a process (fields 3 and 22 of /proc/<pid>/stat); fails when there is none
proc_stat() {
  local line stat
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  read -r -a stat <<<"${line##*) }" # after the command name, which may hold spaces and parentheses
  echo "${stat[0]} ${stat[19]}"
}

# live <pid> <start> service|supervisor <name>: that very process, not exited, running what it should
live() {
  local pid="$1" start="$2" kind="$3" name="$4" s argv=()
  s="$(proc_stat "$pid")" || return 1
  [[ "${s%% *}" != [ZX] && -n "$start" && "${s#* }" == "$start" ]] || return 1
  { mapfile -d '' -t argv <"/proc/$pid/cmdline"; } 2>/dev/null || return 1
  ((${#argv[@]} >= 2)) || return 1
  if [[ "$kind" == supervisor ]]; then
    [[ "${argv[0]##*/}" == bash && "${argv[1]}" == "$ROOT/scripts/supervise.sh" && "${argv[2]:-}" == "$name" ]]
  else # started by supervise.sh (absolute path) or by an older services.sh (relative, cwd $ROOT)
    [[ "${argv[0]##*/}" == node ]] || return 1
    local app
    app="$(app_of "$name")"
    [[ "${argv[1]}" == "$ROOT/dist/apps/$app/src/main.js" ]] ||
      [[ "${argv[1]}" == "dist/apps/$app/src/main.js" && "$(readlink "/proc/$pid/cwd")" == "$ROOT" ]]
  fi
}

# Reads what run/ records about <name> into sup_pid sup_start svc_pid svc_start restarts
# (empty when nothing is recorded). A bare <name>.pid from an older services.sh has no start time:
# the process it names is taken only if it did not start after the file was written.
read_ids() {
  local name="$1" rest btime s
  sup_pid="" sup_start="" svc_pid="" svc_start="" restarts=""
  if [[ -f "$RUN/$name.supervisor" ]]; then read -r sup_pid sup_start rest <"$RUN/$name.supervisor" || true; fi
  if [[ -f "$RUN/$name.proc" ]]; then
    read -r svc_pid svc_start restarts rest <"$RUN/$name.proc" || true
  elif [[ -f "$RUN/$name.pid" ]]; then
    read -r svc_pid rest <"$RUN/$name.pid" || true
    if s="$(proc_stat "$svc_pid")"; then
      btime="$(awk '$1 == "btime" { print $2 }' /proc/stat)"
      if ((btime + ${s#* } / CLK_TCK <= $(stat -c %Y "$RUN/$name.pid") + 2)); then svc_start="${s#* }"; fi
    fi
  fi
}
CLK_TCK="$(getconf CLK_TCK)"
sup_up() { live "$sup_pid" "$sup_start" supervisor "$1"; }
svc_up() { live "$svc_pid" "$svc_start" service "$1"; }

forget() { rm -f "$RUN/$1.supervisor" "$RUN/$1.proc" "$RUN/$1.pid"; }

# stop_pid <pid> <start> service|supervisor <name> <seconds>: SIGTERM, then SIGKILL after <seconds>
stop_pid() {
  local i
  kill -TERM "$1" 2>/dev/null || true
  for ((i = 0; i < $5 * 5; i++)); do
    live "$@" || return 0
    sleep 0.2
  done
  kill -KILL "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- commands
NAMES=("${ALL_SERVICES[@]%%:*}")
check_names() {
  local want known
  for want in "$@"; do
    for known in "${NAMES[@]}"; do [[ "$want" == "$known" ]] && continue 2; done
    echo "services.sh: unknown service '$want' (known: ${NAMES[*]})" >&2
    exit 2
  done
}

selected() {
  if [[ $# -eq 0 ]]; then printf '%s\n' "${ALL_SERVICES[@]}"; return; fi
  local want entry
  for want in "$@"; do
    for entry in "${ALL_SERVICES[@]}"; do [[ "${entry%%:*}" == "$want" ]] && echo "$entry"; done
  done
}

# supervise <name> [<pid> <start>]: starts scripts/supervise.sh in a session of its own (adopting a
# running service if given one) and waits until it has recorded itself
supervise() {
  local name="$1"
  rm -f "$RUN/$name.supervisor"
  GAVEL_HOME="$GAVEL_HOME" GAVEL_SUPERVISE_APP="$(app_of "$name")" setsid bash "$ROOT/scripts/supervise.sh" "$@" </dev/null >>"$LOGS/$name.log" 2>&1 9>&- &
  for _ in $(seq 1 50); do [[ -s "$RUN/$name.supervisor" ]] && return 0; sleep 0.1; done
  echo "the supervisor of $name did not start; log: $LOGS/$name.log" >&2
  exit 1
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_unit <unit>: makes sure its process runs (started, adopted or being restarted); sets unit_state to
# already (running and healthy before: no wait), fresh (started now) or restarting
start_unit() {
  local unit="$1" app port
  app="$(app_of "$unit")"
  read_ids "$unit"
  if sup_up "$unit" && svc_up "$unit"; then
    echo "  $unit already running (pid $svc_pid, supervisor $sup_pid)"; unit_state=already
  elif sup_up "$unit"; then
    echo "  $unit is being restarted by its supervisor (pid $sup_pid)"; unit_state=restarting
  elif svc_up "$unit"; then # its supervisor is gone, or an older services.sh started it: adopt it
    supervise "$unit" "$svc_pid" "$svc_start"
    echo "  $unit already running (pid $svc_pid), now supervised"; unit_state=already
  else
    forget "$unit"
    [[ -f "dist/apps/$app/src/main.js" ]] || { echo "dist/apps/$app is missing: run npm run build" >&2; exit 1; }
    while read -r port; do
      if port_taken "$port"; then echo "service $unit: port $port is taken by another process" >&2; exit 1; fi
    done < <(ports_of "$unit")
    supervise "$unit"
    unit_state=fresh
  fi
}

up() {
  local entry name unit port deadline started=" " unit_state="" label
  declare -A states=()
  while read -r entry; do
    name="${entry%%:*}"; port="$(port_of "$name" "${entry##*:}")"; unit="$(unit_of "$name")"
    if [[ "$started" != *" $unit "* ]]; then
      start_unit "$unit"
      states[$unit]="$unit_state"
      started+="$unit "
    fi
    [[ "${states[$unit]}" == already ]] && continue
    label="$name"; [[ "$unit" == "$name" ]] || label="$name (in $unit)"
    deadline=$((SECONDS + 60))
    until curl -fsS "http://127.0.0.1:$port/metrics" >/dev/null 2>&1; do
      read_ids "$unit"
      # a first start that crashes is a failure to report (and stop), not something to retry for ever
      if ! sup_up "$unit" || [[ "${states[$unit]}" == fresh && "${restarts:-0}" != 0 ]] || ((SECONDS > deadline)); then
        if [[ "${states[$unit]}" == fresh ]]; then stop "$unit" >/dev/null; fi
        echo "service $label failed to start; log: $LOGS/$unit.log" >&2
        tail -n 30 "$LOGS/$unit.log" >&2 || true
        exit 1
      fi
      sleep 0.3
    done
    read_ids "$unit"
    echo "  $label up on http://127.0.0.1:$port (pid $svc_pid, log $LOGS/$unit.log)"
  done < <(selected "$@")
}

# the supervisor first (it stops the service and exits), then the service if it still runs
stop() {
  local name="$1" stopped=""
  read_ids "$name"
  if sup_up "$name"; then
    stop_pid "$sup_pid" "$sup_start" supervisor "$name" 15
    stopped=1
  fi
  if svc_up "$name"; then
    stop_pid "$svc_pid" "$svc_start" service "$name" 10
    stopped=1
  fi
  forget "$name"
  if [[ -n "$stopped" ]]; then echo "  $name stopped"; fi
}

# also stops what an `up` under another GAVEL_SHARED_SERVICES left: the service alone, or (for a plain
# `down`) the shared process
down() {
  local entry name unit stopped=" "
  while read -r entry; do
    name="${entry%%:*}"
    for unit in "$(unit_of "$name")" "$name"; do
      [[ "$stopped" == *" $unit "* ]] && continue
      stopped+="$unit "
      stop "$unit"
    done
  done < <(selected "$@")
  if [[ $# -eq 0 && "$stopped" != *" $SHARED_UNIT "* ]]; then stop "$SHARED_UNIT"; fi
}

duration() {
  local s="$1"
  if ((s < 60)); then echo "${s}s"
  elif ((s < 3600)); then printf '%dm%02ds\n' $((s / 60)) $((s % 60))
  elif ((s < 86400)); then printf '%dh%02dm\n' $((s / 3600)) $((s % 3600 / 60))
  else printf '%dd%02dh\n' $((s / 86400)) $((s % 86400 / 3600))
  fi
}

# SERVICE STATE PID UPTIME RESTARTS URL: state is up, restarting (its supervisor waits out a backoff) or down
status() {
  local entry name unit state pid uptime count note now
  read -r now _ </proc/uptime
  printf '%-17s %-10s %-8s %-8s %-8s %s\n' SERVICE STATE PID UPTIME RESTARTS URL
  while read -r entry; do
    name="${entry%%:*}"
    unit="$(unit_of "$name")"
    read_ids "$unit"
    state=down pid=- uptime=- count=- note=""
    if svc_up "$unit"; then
      state=up pid="$svc_pid" uptime="$(duration $((${now%.*} - svc_start / CLK_TCK)))"
    fi
    if sup_up "$unit"; then
      count="${restarts:-0}"
      [[ "$state" == up ]] || state=restarting
    elif [[ "$state" == up ]]; then
      note="  (not supervised: services.sh up $name adopts it)"
    fi
    [[ "$unit" == "$name" ]] || note+="  (in process $unit)"
    printf '%-17s %-10s %-8s %-8s %-8s %s%s\n' "$name" "$state" "$pid" "$uptime" "$count" \
      "http://127.0.0.1:$(port_of "$name" "${entry##*:}")" "$note"
  done < <(selected "$@")
}

migrate() {
  local entry name
  while read -r entry; do
    name="${entry%%:*}"
    if [[ -f "dist/apps/$name/src/database/migrate.js" ]]; then
      node "dist/apps/$name/src/database/migrate.js" >>"$LOGS/$name-migrate.log" 2>&1 || {
        echo "migrations of $name failed; log: $LOGS/$name-migrate.log" >&2
        tail -n 20 "$LOGS/$name-migrate.log" >&2
        exit 1
      }
      echo "  $name migrated"
    fi
  done < <(selected "$@")
}

cmd="${1:-status}"; shift || true
case "$cmd" in
  up | down | status | migrate) check_names "$@" ;;
esac
# one up or down at a time per GAVEL_HOME, so two never start (or stop) the same service at once
if [[ "$cmd" == up || "$cmd" == down ]]; then exec 9>"$RUN/services.lock"; flock 9; fi
case "$cmd" in
  up) up "$@" ;;
  down) down "$@" ;;
  status) status "$@" ;;
  migrate) migrate "$@" ;;
  *) echo "usage: services.sh up|down|status|migrate [service...]" >&2; exit 2 ;;
esac
