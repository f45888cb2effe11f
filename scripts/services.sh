#!/usr/bin/env bash
# Runs Gavel's built services as background processes: services.sh up|down|status|migrate [service...]
# Each service runs under a supervisor of its own (scripts/supervise.sh) that restarts it when it
# crashes (backoff 1 s doubling to 30 s); `down` stops the supervisor first, then the service.
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

# Every service finds the others through GAVEL_<SERVICE>_URL (as in a deployment); derive them from the ports.
for entry in "${ALL_SERVICES[@]}"; do
  name="${entry%%:*}"
  url_var="GAVEL_$(echo "$name" | tr 'a-z-' 'A-Z_')_URL"
  if [[ -z "${!url_var:-}" ]]; then export "$url_var=http://127.0.0.1:$(port_of "$name" "${entry##*:}")"; fi
done

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
    [[ "${argv[1]}" == "$ROOT/dist/apps/$name/src/main.js" ]] ||
      [[ "${argv[1]}" == "dist/apps/$name/src/main.js" && "$(readlink "/proc/$pid/cwd")" == "$ROOT" ]]
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
  GAVEL_HOME="$GAVEL_HOME" setsid bash "$ROOT/scripts/supervise.sh" "$@" </dev/null >>"$LOGS/$name.log" 2>&1 9>&- &
  for _ in $(seq 1 50); do [[ -s "$RUN/$name.supervisor" ]] && return 0; sleep 0.1; done
  echo "the supervisor of $name did not start; log: $LOGS/$name.log" >&2
  exit 1
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

up() {
  local entry name port deadline fresh
  while read -r entry; do
    name="${entry%%:*}"; port="$(port_of "$name" "${entry##*:}")"
    read_ids "$name"
    fresh=""
    if sup_up "$name" && svc_up "$name"; then
      echo "  $name already running (pid $svc_pid, supervisor $sup_pid)"; continue
    elif sup_up "$name"; then
      echo "  $name is being restarted by its supervisor (pid $sup_pid)"
    elif svc_up "$name"; then # its supervisor is gone, or an older services.sh started it: adopt it
      supervise "$name" "$svc_pid" "$svc_start"
      echo "  $name already running (pid $svc_pid), now supervised"; continue
    else
      forget "$name"
      [[ -f "dist/apps/$name/src/main.js" ]] || { echo "dist/apps/$name is missing: run npm run build" >&2; exit 1; }
      if port_taken "$port"; then echo "service $name: port $port is taken by another process" >&2; exit 1; fi
      supervise "$name"
      fresh=1
    fi
    deadline=$((SECONDS + 60))
    until curl -fsS "http://127.0.0.1:$port/metrics" >/dev/null 2>&1; do
      read_ids "$name"
      # a first start that crashes is a failure to report (and stop), not something to retry for ever
      if ! sup_up "$name" || [[ -n "$fresh" && "${restarts:-0}" != 0 ]] || ((SECONDS > deadline)); then
        if [[ -n "$fresh" ]]; then stop "$name" >/dev/null; fi
        echo "service $name failed to start; log: $LOGS/$name.log" >&2
        tail -n 30 "$LOGS/$name.log" >&2 || true
        exit 1
      fi
      sleep 0.3
    done
    read_ids "$name"
    echo "  $name up on http://127.0.0.1:$port (pid $svc_pid, log $LOGS/$name.log)"
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

down() {
  local entry
  while read -r entry; do stop "${entry%%:*}"; done < <(selected "$@")
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
  local entry name state pid uptime count note now
  read -r now _ </proc/uptime
  printf '%-17s %-10s %-8s %-8s %-8s %s\n' SERVICE STATE PID UPTIME RESTARTS URL
  while read -r entry; do
    name="${entry%%:*}"
    read_ids "$name"
    state=down pid=- uptime=- count=- note=""
    if svc_up "$name"; then
      state=up pid="$svc_pid" uptime="$(duration $((${now%.*} - svc_start / CLK_TCK)))"
    fi
    if sup_up "$name"; then
      count="${restarts:-0}"
      [[ "$state" == up ]] || state=restarting
    elif [[ "$state" == up ]]; then
      note="  (not supervised: services.sh up $name adopts it)"
    fi
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
