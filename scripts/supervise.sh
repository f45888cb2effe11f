#!/usr/bin/env bash
# Keeps one built service running: supervise.sh <service> [<pid> <start> of a running one to adopt]
# Started by `services.sh up` in a session of its own; stopped by `services.sh down` (SIGTERM).
#
# Runs `node dist/apps/<service>/src/main.js` (GAVEL_SUPERVISE_APP names another app under dist/apps, e.g.
# `host` for the shared process; GAVEL_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof",
# which NODE_OPTIONS refuses; output appended to $GAVEL_HOME/logs/<service>.log) and
# when it exits without being asked to, starts it again after a backoff: 1 s doubling to 30 s, back to
# 1 s once a run has lasted 60 s (GAVEL_RESTART_MIN_S, GAVEL_RESTART_MAX_S, GAVEL_RESTART_RESET_S).
# Every exit and restart is a JSON line in the service's log, context "supervisor".
# SIGTERM or SIGINT: no more restarts; the service gets SIGTERM (SIGKILL after 10 s), then this exits.
#
# Writes to $GAVEL_HOME/run/ (services.sh trusts a pid only together with its start time, field 22 of
# /proc/<pid>/stat, which a reused pid does not share):
#   <service>.supervisor  "<pid> <start>"             this supervisor
#   <service>.proc        "<pid> <start> <restarts>"  the service process it runs now
#   <service>.pid         "<pid>"                     the same pid alone (bench/proc-cpu.ts reads it)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
NAME="$1"
GAVEL_HOME="${GAVEL_HOME:-$ROOT/.gavel}"
RUN="$GAVEL_HOME/run"
LOG="$GAVEL_HOME/logs/$NAME.log"
MAIN="$ROOT/dist/apps/${GAVEL_SUPERVISE_APP:-$NAME}/src/main.js"
MIN_DELAY="${GAVEL_RESTART_MIN_S:-1}"
MAX_DELAY="${GAVEL_RESTART_MAX_S:-30}"
STABLE_AFTER="${GAVEL_RESTART_RESET_S:-60}"
STOP_TIMEOUT=10
read -r -a NODE_ARGS <<<"${GAVEL_NODE_ARGS:-}"

stopping=0
trap 'stopping=1' TERM INT
trap '' HUP # as nohup did: a closed terminal stops neither this nor the service

# "<state> <start>" of a process (fields 3 and 22 of /proc/<pid>/stat); fails when there is none
proc_stat() {
  local line stat
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  read -r -a stat <<<"${line##*) }" # after the command name, which may hold spaces and parentheses
  echo "${stat[0]} ${stat[19]}"
}

# whether <pid> is still the process that started at <start> and has not exited (a zombie has)
running() {
  local s
  s="$(proc_stat "$1")" || return 1
  [[ "${s%% *}" != [ZX] && "${s#* }" == "$2" ]]
}

say() { # level message [json fields...]
  local level="$1" message="$2" extra=""
  shift 2
  (($#)) && extra="$(printf '%s,' "$@")"
  printf '{"level":"%s","message":"%s","service":"%s","context":"supervisor",%s"timestamp":"%s"}\n' \
    "$level" "$message" "$NAME" "$extra" "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" >>"$LOG"
}

record() { # file content: written whole, so a reader never sees half of it
  printf '%s\n' "$2" >"$RUN/$1.tmp.$$" && mv -f "$RUN/$1.tmp.$$" "$RUN/$1"
}

# sleeps <seconds> but wakes at once for SIGTERM (a foreground sleep would hold the trap back)
pause() {
  local sleeper
  sleep "$1" &
  sleeper=$!
  wait "$sleeper"
  kill "$sleeper" 2>/dev/null
  wait "$sleeper" 2>/dev/null
}

child="" child_start="" adopted="" started_at=$SECONDS restarts=0
start_service() {
  node "${NODE_ARGS[@]}" "$MAIN" </dev/null >>"$LOG" 2>&1 &
  child=$!
  child_start="$(proc_stat "$child")"
  child_start="${child_start#* }"
  adopted=""
  started_at=$SECONDS
  record "$NAME.proc" "$child $child_start $restarts"
  record "$NAME.pid" "$child"
}

# returns when the service has exited (rc: its wait status, empty for an adopted one) or a stop was asked
wait_service() {
  rc=""
  if [[ -n "$adopted" ]]; then # not our child: nothing to wait(2) for, so watch its identity
    while ((stopping == 0)) && running "$child" "$child_start"; do pause 1; done
  else
    wait "$child"
    rc=$?
  fi
}

stop_service() {
  local i
  if running "$child" "$child_start"; then
    kill -TERM "$child" 2>/dev/null
    for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
      running "$child" "$child_start" || break
      sleep 0.2
    done
    if running "$child" "$child_start"; then
      say warn "service ignored SIGTERM for ${STOP_TIMEOUT}s; sending SIGKILL" "\"pid\":$child"
      kill -KILL "$child" 2>/dev/null
    fi
  fi
  [[ -n "$adopted" ]] || wait "$child" 2>/dev/null
}

record "$NAME.supervisor" "$$ $(proc_stat $$ | cut -d' ' -f2)"
if [[ $# -ge 3 ]]; then
  child="$2" child_start="$3" adopted=1 restarts=0
  record "$NAME.proc" "$child $child_start $restarts"
  record "$NAME.pid" "$child"
  say info "supervising the running service" "\"pid\":$child" "\"supervisorPid\":$$"
else
  start_service
  say info "service started" "\"pid\":$child" "\"supervisorPid\":$$"
fi

delay="$MIN_DELAY" attempt=0
while true; do
  wait_service
  ((stopping)) && break
  ran=$((SECONDS - started_at))
  if ((ran >= STABLE_AFTER)); then delay="$MIN_DELAY" attempt=0; fi
  attempt=$((attempt + 1))
  if [[ -z "$rc" ]]; then exit_code=null signal=null # adopted: not our child, so no wait status
  elif ((rc > 128)); then exit_code=null signal="\"SIG$(kill -l $((rc - 128)))\""
  else exit_code="$rc" signal=null
  fi
  say warn "service exited; restarting it" "\"pid\":$child" "\"exitCode\":$exit_code" "\"signal\":$signal" \
    "\"ranSeconds\":$ran" "\"restart\":$((restarts + 1))" "\"attempt\":$attempt" "\"delaySeconds\":$delay"
  pause "$delay"
  ((stopping)) && break
  restarts=$((restarts + 1))
  start_service
  say info "service restarted" "\"pid\":$child" "\"restart\":$restarts"
  delay=$((delay * 2 > MAX_DELAY ? MAX_DELAY : delay * 2))
done

stop_service
say info "supervisor stopped; service stopped" "\"pid\":$child" "\"restarts\":$restarts"
rm -f "$RUN/$NAME.proc" "$RUN/$NAME.pid" "$RUN/$NAME.supervisor"
