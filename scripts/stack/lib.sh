# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# Common helpers for scripts/stack.sh (sourced, not executed).
#
# Layout (everything generated lives under $GAVEL_HOME, default <repo>/.gavel):
#   dist/      downloaded jars / archives (cached, keyed by version)
#   conf/      configs rendered from infra/ templates
#   logs/      one <server>.log per server
#   run/       <server>.pid files (+ the PostgreSQL unix socket dir)
#   pg/ kafka/ connect/ opensearch/ prometheus/   data directories

# ---------------------------------------------------------------- paths / defaults
STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$STACK_DIR/../.." && pwd)"
if git -C "$REPO_ROOT" rev-parse --show-toplevel >/dev/null 2>&1; then
  REPO_ROOT="$(git -C "$REPO_ROOT" rev-parse --show-toplevel)"
fi
INFRA_DIR="$REPO_ROOT/infra"

: "${GAVEL_HOME:=$REPO_ROOT/.gavel}"
mkdir -p "$GAVEL_HOME"
GAVEL_HOME="$(cd "$GAVEL_HOME" && pwd)"
export GAVEL_HOME

: "${GAVEL_BIND:=127.0.0.1}"
: "${GAVEL_PG_PORT:=55432}"
: "${GAVEL_PG_USER:=gavel}"
: "${GAVEL_PG_PASSWORD:=gavel}"
: "${GAVEL_PG_BIN:=/usr/lib/postgresql/15/bin}"
# one database shared by the services, one schema each (created by their migrations); list more
# databases here when GAVEL_<SERVICE>_DB gives a service one of its own
: "${GAVEL_PG_DATABASES:=gavel}"
: "${GAVEL_KAFKA_PORT:=19092}"
: "${GAVEL_KAFKA_CONTROLLER_PORT:=19093}"
: "${GAVEL_CONNECT_PORT:=18083}"
: "${GAVEL_OPENSEARCH_PORT:=19200}"
: "${GAVEL_OPENSEARCH_TRANSPORT_PORT:=19300}"
: "${GAVEL_PROMETHEUS_PORT:=19090}"
: "${GAVEL_KAFKA_VERSION:=4.1.2}"
: "${GAVEL_DEBEZIUM_VERSION:=3.4.3.Final}"
: "${GAVEL_OPENSEARCH_VERSION:=2.19.6}"
: "${GAVEL_KAFKA_HEAP:=-Xms256m -Xmx768m}"
: "${GAVEL_CONNECT_HEAP:=-Xms256m -Xmx512m}"
: "${GAVEL_OPENSEARCH_HEAP:=-Xms512m -Xmx512m}"
# JVM flags for Kafka, Connect and OpenSearch. -XX:-UsePerfData: no hsperfdata counters, so no sampler
# waking each JVM's periodic-task thread 20 times a second (≈ 0.6 ms/s per JVM on an idle system);
# jcmd still attaches, only jps/jstat lose their view.
: "${GAVEL_JVM_FLAGS:=-XX:-UsePerfData}"
# unprivileged OS users (PostgreSQL and OpenSearch refuse to run as root)
: "${GAVEL_PG_OS_USER:=postgres}"
: "${GAVEL_OS_USER:=gavel}"
# health-check timeouts (seconds); a first start (init/format/unpack) gets the longer one
: "${GAVEL_HEALTH_TIMEOUT:=90}"
: "${GAVEL_FIRST_START_TIMEOUT:=180}"
: "${GAVEL_STOP_TIMEOUT:=60}"

DIST_DIR="$GAVEL_HOME/dist"
CONF_DIR="$GAVEL_HOME/conf"
LOG_DIR="$GAVEL_HOME/logs"
RUN_DIR="$GAVEL_HOME/run"
mkdir -p "$DIST_DIR" "$CONF_DIR" "$LOG_DIR" "$RUN_DIR"

ALL_SERVERS=(postgres kafka connect opensearch prometheus)

# ---------------------------------------------------------------- output
if [[ -t 1 ]]; then
  C_B=$'\e[1m' C_R=$'\e[31m' C_G=$'\e[32m' C_Y=$'\e[33m' C_0=$'\e[0m'
else
  C_B='' C_R='' C_G='' C_Y='' C_0=''
fi
log()  { printf '%s[stack]%s %s\n' "$C_B" "$C_0" "$*" >&2; }
ok()   { printf '%s[stack]%s %s%s%s\n' "$C_B" "$C_0" "$C_G" "$*" "$C_0" >&2; }
warn() { printf '%s[stack]%s %sWARN:%s %s\n' "$C_B" "$C_0" "$C_Y" "$C_0" "$*" >&2; }
die()  { printf '%s[stack]%s %sERROR:%s %s\n' "$C_B" "$C_0" "$C_R" "$C_0" "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { # elapsed <start_ms> -> "12.3s"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%01ds' $(( d / 1000 )) $(( (d % 1000) / 100 ))
}

# server_fail <server> <reason>: readable error + log tail, then exit 1
server_fail() {
  local srv="$1" reason="$2" logf="$LOG_DIR/$1.log"
  {
    printf '\n%s[stack] ERROR: server "%s" failed: %s%s\n' "$C_R" "$srv" "$reason" "$C_0"
    printf '[stack] log file: %s\n' "$logf"
    if [[ -s "$logf" ]]; then
      printf '[stack] last 30 lines of the log:\n'
      tail -n 30 "$logf" | sed 's/^/    | /'
    else
      printf '[stack] (log file is empty or missing)\n'
    fi
  } >&2
  exit 1
}

# ---------------------------------------------------------------- packages / users
APT_UPDATED=0
apt_install() { # apt_install <pkg>...  (apt-get update once, only when needed)
  export DEBIAN_FRONTEND=noninteractive
  [[ $(id -u) -eq 0 ]] || die "need root to apt-get install $*"
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# apt_install_nostart <pkg>...: install without letting the package start its own service
# (policy-rc.d exit 101 = "action forbidden"; only when no policy-rc.d exists already)
apt_install_nostart() {
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created=1
  fi
  local rc=0
  ( apt_install "$@" ) || rc=$?
  if ((created)); then rm -f "$policy"; fi
  ((rc == 0)) || exit "$rc"
  APT_UPDATED=1
}

need_cmd() { # need_cmd <cmd> <debian pkg>
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

ensure_os_user() { # ensure_os_user <name>
  id -u "$1" >/dev/null 2>&1 && return 0
  log "creating system user $1"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$1" \
    || die "useradd $1 failed"
}

# make every ancestor of <dir> traversable by other users (postgres / gavel users)
ensure_traversable() {
  local d="$1" user="$2"
  while [[ "$d" != "/" && -n "$d" ]]; do
    if ! setpriv --reuid="$user" --regid="$user" --init-groups test -x "$d" 2>/dev/null; then
      warn "making $d traversable (o+x) so that user $user can reach its data dir"
      chmod o+x "$d"
    fi
    d="$(dirname "$d")"
  done
}

java_home() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME"; return; fi
  local j; j="$(command -v java)" || die "java not found (Java 17 required)"
  j="$(readlink -f "$j")"
  dirname "$(dirname "$j")"
}

# ---------------------------------------------------------------- templates
# render <src> <dst>: replaces every @@NAME@@ with the value of variable NAME
render() {
  local src="$1" dst="$2" content name
  content="$(<"$src")"
  while [[ "$content" =~ @@([A-Za-z_][A-Za-z0-9_]*)@@ ]]; do
    name="${BASH_REMATCH[1]}"
    [[ -v "$name" ]] || die "template $src uses @@${name}@@ but \$$name is not set"
    content="${content//@@${name}@@/${!name}}"
  done
  printf '%s\n' "$content" >"$dst.tmp"
  mv -f "$dst.tmp" "$dst"
}

# ---------------------------------------------------------------- maven fetch
# mvn_fetch <profile> <outdir> [extra mvn args...]
mvn_fetch() {
  local profile="$1" out="$2"; shift 2
  need_cmd mvn maven
  local tmp="$out.partial"
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "fetching $profile from Maven Central into ${out#"$GAVEL_HOME"/} ..."
  if ! mvn -q -B -f "$STACK_DIR/pom.xml" -P "$profile" \
      -Dkafka.version="$GAVEL_KAFKA_VERSION" \
      -Ddebezium.version="$GAVEL_DEBEZIUM_VERSION" \
      -Dopensearch.version="$GAVEL_OPENSEARCH_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$tmp" "$@" >"$LOG_DIR/mvn-$profile.log" 2>&1; then
    tail -n 30 "$LOG_DIR/mvn-$profile.log" >&2
    die "maven fetch ($profile) failed, see $LOG_DIR/mvn-$profile.log"
  fi
  rm -rf "$out"; mv "$tmp" "$out"
}

# ---------------------------------------------------------------- processes
pid_file() { echo "$RUN_DIR/$1.pid"; }

# the pid recorded for <server>, only if that process is alive and still ours
# (its command line mentions $GAVEL_HOME, so a recycled pid is never signalled)
server_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(<"$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$GAVEL_HOME" || return 1
  echo "$pid"
}

# launch <server> [--user U] [--env K=V ...] -- <cmd...>
# Starts <cmd> in its own session (pid == process group id), stdout/stderr
# appended to logs/<server>.log, pid written to run/<server>.pid.
launch() {
  local srv="$1"; shift
  local user="" envs=() slack=0
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    case "$1" in
      --user) user="$2"; shift 2 ;;
      --env) envs+=("$2"); shift 2 ;;
      --timer-slack-ns) slack="$2"; shift 2 ;;
      *) die "launch: bad option $1" ;;
    esac
  done
  shift
  local logf pidf
  logf="$LOG_DIR/$srv.log"; pidf="$(pid_file "$srv")"
  rm -f "$pidf"
  # keep one previous generation once a log grows past 50 MiB
  if [[ -f "$logf" ]] && (( $(stat -c %s "$logf") > 52428800 )); then mv -f "$logf" "$logf.1"; fi
  printf '\n===== %s starting %s =====\n' "$(date -Is)" "$srv" >>"$logf"
  local pre=()
  if [[ -n "$user" ]]; then
    pre=(setpriv --reuid="$user" --regid="$user" --init-groups)
  fi
  # setsid: own session/process group; the inner bash records its pid then execs
  # (so the recorded pid is the server itself and `down` can signal its group). A timer slack, when
  # asked for, is set on the inner bash and so inherited by the server and every thread it starts
  # (best effort: it needs CAP_SYS_NICE, and without it the server runs with the default 50 µs).
  # shellcheck disable=SC2016 # expanded by the inner bash
  env "${envs[@]}" setsid bash -c 'echo $$ >"$1"; ((${2:-0} > 0)) && { echo "$2" >/proc/$$/timerslack_ns; } 2>/dev/null
    shift 2; exec "$@"' _ "$pidf" "$slack" "${pre[@]}" "$@" \
    </dev/null >>"$logf" 2>&1 &
  local i
  for i in $(seq 1 50); do [[ -s "$pidf" ]] && break; sleep 0.1; done
  [[ -s "$pidf" ]] || server_fail "$srv" "process did not start (no pid recorded)"
}

# stop_pid <server> <signal>: signal, wait, then SIGKILL the process group
stop_server_pid() {
  local srv="$1" sig="$2" pid t0 i
  if ! pid="$(server_pid "$srv")"; then
    rm -f "$(pid_file "$srv")"
    log "$srv: not running (no live recorded pid)"
    return 0
  fi
  t0=$(now_ms)
  log "$srv: stopping pid $pid (SIG$sig, SIGKILL after ${GAVEL_STOP_TIMEOUT}s)"
  kill -s "$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < GAVEL_STOP_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$srv: still alive after ${GAVEL_STOP_TIMEOUT}s, sending SIGKILL to process group $pid"
    kill -s KILL -- "-$pid" 2>/dev/null || kill -s KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  # leftovers in its process group (e.g. a wrapper's child)
  kill -s KILL -- "-$pid" 2>/dev/null || true
  rm -f "$(pid_file "$srv")"
  ok "$srv: stopped in $(elapsed "$t0")"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

http_ok() { curl -fsS -m 3 -o /dev/null "$1" 2>/dev/null; }

# wait_healthy <server> <timeout_s>: polls <server>_healthy; fails early if the process dies
wait_healthy() {
  local srv="$1" timeout="$2" deadline
  deadline=$(( $(date +%s) + timeout ))
  while true; do
    if "${srv}_healthy"; then return 0; fi
    if ! server_pid "$srv" >/dev/null; then
      sleep 0.5
      "${srv}_healthy" && return 0
      server_fail "$srv" "process exited during startup (health check never passed)"
    fi
    if (( $(date +%s) >= deadline )); then
      server_fail "$srv" "health check did not pass within ${timeout}s ($("${srv}_describe"))"
    fi
    sleep 0.5
  done
}

# wait_port_free <server> <port>
check_port_free() {
  local srv="$1" port="$2"
  if port_open "$GAVEL_BIND" "$port"; then
    local who
    who="$(ss -Hltnp "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n1)"
    local taken="port $GAVEL_BIND:$port is already in use by another process (${who:-unknown})"
    server_fail "$srv" "$taken that does not answer the $srv health check; stop it or set another port"
  fi
}
