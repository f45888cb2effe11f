#!/usr/bin/env bash
# Gavel local infrastructure: real servers as plain processes (no Docker engine needed).
#
#   scripts/stack.sh up [server...]     start (all by default, in dependency order); reuses healthy servers
#   scripts/stack.sh down [server...]   stop by recorded pid (all by default, reverse order)
#   scripts/stack.sh restart [server...]
#   scripts/stack.sh kill <server...>   SIGKILL by recorded pid, a crash (fault runs); `up` starts it again
#   scripts/stack.sh status             one line per server
#   scripts/stack.sh logs <server> [-f] print (or follow) .gavel/logs/<server>.log
#   scripts/stack.sh env                `export VAR=...` lines for clients: eval "$(scripts/stack.sh env)"
#   scripts/stack.sh connectors         register/update the Debezium outbox connectors (one per database),
#                                       delete stale ones and their slots, wait for RUNNING
#
# Servers: postgres kafka connect opensearch prometheus ganache seaweedfs.
# Everything downloaded or generated lives under $GAVEL_HOME (default <repo>/.gavel).
# Ports: GAVEL_PG_PORT=55432 GAVEL_KAFKA_PORT=19092 GAVEL_KAFKA_CONTROLLER_PORT=19093
#        GAVEL_CONNECT_PORT=18083 GAVEL_OPENSEARCH_PORT=19200 GAVEL_PROMETHEUS_PORT=19090
#        GAVEL_GANACHE_PORT=18545 (local Ethereum JSON-RPC node for linked wallet addresses)
#        GAVEL_S3_PORT=18333 (SeaweedFS's S3 API, bucket GAVEL_S3_BUCKET=gavel-photos for lot photos)
# Versions: GAVEL_KAFKA_VERSION=4.1.2 GAVEL_DEBEZIUM_VERSION=3.4.3.Final GAVEL_OPENSEARCH_VERSION=2.19.6
#           GAVEL_SEAWEEDFS_VERSION (a Go module version, built from the Go module proxy)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/stack/lib.sh
source "$SCRIPT_DIR/stack/lib.sh"
# shellcheck source=SCRIPTDIR/stack/postgres.sh
source "$SCRIPT_DIR/stack/postgres.sh"
# shellcheck source=SCRIPTDIR/stack/kafka.sh
source "$SCRIPT_DIR/stack/kafka.sh"
# shellcheck source=SCRIPTDIR/stack/opensearch.sh
source "$SCRIPT_DIR/stack/opensearch.sh"
# shellcheck source=SCRIPTDIR/stack/prometheus.sh
source "$SCRIPT_DIR/stack/prometheus.sh"
# shellcheck source=SCRIPTDIR/stack/ganache.sh
source "$SCRIPT_DIR/stack/ganache.sh"
# shellcheck source=SCRIPTDIR/stack/seaweedfs.sh
source "$SCRIPT_DIR/stack/seaweedfs.sh"
# shellcheck source=SCRIPTDIR/stack/connectors.sh
source "$SCRIPT_DIR/stack/connectors.sh"

FIRST_START=0
ALL_SERVERS+=(ganache seaweedfs)

server_port() {
  case "$1" in
    postgres) echo "$GAVEL_PG_PORT" ;;
    kafka) echo "$GAVEL_KAFKA_PORT" ;;
    connect) echo "$GAVEL_CONNECT_PORT" ;;
    opensearch) echo "$GAVEL_OPENSEARCH_PORT" ;;
    prometheus) echo "$GAVEL_PROMETHEUS_PORT" ;;
    ganache) echo "$GAVEL_GANACHE_PORT" ;;
    seaweedfs) echo "$GAVEL_S3_PORT" ;;
  esac
}

server_deps() {
  case "$1" in
    connect) echo "kafka" ;;
    *) echo "" ;;
  esac
}

# validate and order the requested servers (dependency order = ALL_SERVERS order)
select_servers() { # select_servers <reverse:0|1> [server...]
  local reverse="$1"; shift
  local s req=("$@") out=()
  for s in "${req[@]}"; do
    [[ " ${ALL_SERVERS[*]} " == *" $s "* ]] || die "unknown server '$s' (servers: ${ALL_SERVERS[*]})"
  done
  for s in "${ALL_SERVERS[@]}"; do
    if ((${#req[@]} == 0)) || [[ " ${req[*]} " == *" $s "* ]]; then out+=("$s"); fi
  done
  if [[ "$reverse" == 1 ]]; then
    local i rev=()
    for ((i = ${#out[@]} - 1; i >= 0; i--)); do rev+=("${out[i]}"); done
    out=("${rev[@]}")
  fi
  printf '%s\n' "${out[@]}"
}

up_one() {
  local srv="$1" t0 pid timeout dep
  t0=$(now_ms)
  for dep in $(server_deps "$srv"); do
    "${dep}_healthy" || die "$srv needs $dep: run scripts/stack.sh up $dep (or plain 'up')"
  done
  if "${srv}_healthy"; then
    if pid="$(server_pid "$srv")"; then
      ok "$srv: already up (pid $pid, port $(server_port "$srv")), reused [$(elapsed "$t0")]"
    else
      ok "$srv: already up on port $(server_port "$srv") (not started by this GAVEL_HOME: no pid recorded), reused"
    fi
    if declare -F "${srv}_post_start" >/dev/null; then "${srv}_post_start"; fi
    return 0
  fi
  FIRST_START=0
  if pid="$(server_pid "$srv")"; then
    # our process is alive but not healthy yet (still starting?): give it the normal timeout
    log "$srv: pid $pid is running but not healthy yet, waiting up to ${GAVEL_HEALTH_TIMEOUT}s"
    wait_healthy "$srv" "$GAVEL_HEALTH_TIMEOUT"
  else
    "${srv}_install"
    "${srv}_init"
    check_port_free "$srv" "$(server_port "$srv")"
    timeout="$GAVEL_HEALTH_TIMEOUT"
    ((FIRST_START)) && timeout="$GAVEL_FIRST_START_TIMEOUT"
    local note=""
    ((FIRST_START)) && note=", first start"
    log "$srv: starting (port $(server_port "$srv"), health timeout ${timeout}s$note)"
    "${srv}_start"
    wait_healthy "$srv" "$timeout"
  fi
  if declare -F "${srv}_post_start" >/dev/null; then "${srv}_post_start"; fi
  ok "$srv: up (pid $(server_pid "$srv" || echo '?'), port $(server_port "$srv")) in $(elapsed "$t0")"
}

cmd_up() {
  local t0 srv servers
  t0=$(now_ms)
  mapfile -t servers < <(select_servers 0 "$@")
  for srv in "${servers[@]}"; do up_one "$srv"; done
  ok "stack up: ${servers[*]} in $(elapsed "$t0")"
}

cmd_down() {
  local srv servers
  mapfile -t servers < <(select_servers 1 "$@")
  for srv in "${servers[@]}"; do "${srv}_stop"; done
}

cmd_kill() {
  [[ $# -ge 1 ]] || die "usage: scripts/stack.sh kill <server...>"
  local srv servers
  mapfile -t servers < <(select_servers 1 "$@")
  for srv in "${servers[@]}"; do stop_server_pid "$srv" KILL; done
}

cmd_status() {
  local srv pid health rc=0
  printf '%-11s %-8s %-8s %-6s %s\n' SERVER STATE PID PORT LOG
  for srv in "${ALL_SERVERS[@]}"; do
    pid="$(server_pid "$srv" || echo -)"
    if "${srv}_healthy"; then health=up; else health=down; rc=3; fi
    [[ "$health" == up && "$pid" == - ]] && health="up*"
    printf '%-11s %-8s %-8s %-6s %s\n' "$srv" "$health" "$pid" "$(server_port "$srv")" "$LOG_DIR/$srv.log"
  done
  if connect_healthy; then connectors_list; fi
  echo "(up* = healthy but not started by this GAVEL_HOME)"
  return "$rc"
}

cmd_logs() {
  [[ $# -ge 1 ]] || die "usage: scripts/stack.sh logs <server> [-f]"
  local srv="$1" follow="${2:-}"
  [[ " ${ALL_SERVERS[*]} " == *" $srv "* ]] || die "unknown server '$srv' (servers: ${ALL_SERVERS[*]})"
  local f="$LOG_DIR/$srv.log"
  [[ -f "$f" ]] || die "no log yet for $srv ($f)"
  if [[ "$follow" == "-f" ]]; then exec tail -n 100 -F "$f"; else tail -n 200 "$f"; fi
}

cmd_env() {
  local pg_base="postgres://$GAVEL_PG_USER:$GAVEL_PG_PASSWORD@$GAVEL_BIND:$GAVEL_PG_PORT"
  cat <<EOF
export GAVEL_HOME='$GAVEL_HOME'
export GAVEL_PG_HOST='$GAVEL_BIND'
export GAVEL_PG_PORT='$GAVEL_PG_PORT'
export GAVEL_PG_USER='$GAVEL_PG_USER'
export GAVEL_PG_PASSWORD='$GAVEL_PG_PASSWORD'
export GAVEL_PG_URL='$pg_base'
export GAVEL_PG_SOCKET_DIR='$PG_SOCKET_DIR'
EOF
  local db up
  for db in $GAVEL_PG_DATABASES; do
    up="${db%_db}"; up="${up^^}"
    echo "export GAVEL_PG_URL_${up}='$pg_base/$db'"
  done
  cat <<EOF
export GAVEL_KAFKA_BROKERS='$GAVEL_BIND:$GAVEL_KAFKA_PORT'
export KAFKA_BROKERS='$GAVEL_BIND:$GAVEL_KAFKA_PORT'
export GAVEL_CONNECT_URL='$CONNECT_URL'
export GAVEL_OPENSEARCH_URL='$OPENSEARCH_URL'
export GAVEL_PROMETHEUS_URL='$PROMETHEUS_URL'
export GAVEL_ETH_RPC_URL='$GANACHE_URL'
export GAVEL_S3_ENDPOINT='$S3_URL'
export GAVEL_S3_BUCKET='$GAVEL_S3_BUCKET'
export GAVEL_S3_REGION='$GAVEL_S3_REGION'
export GAVEL_S3_ACCESS_KEY_ID='$GAVEL_S3_ACCESS_KEY_ID'
export GAVEL_S3_SECRET_ACCESS_KEY='$GAVEL_S3_SECRET_ACCESS_KEY'
EOF
}

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    restart) cmd_down "$@"; cmd_up "$@" ;;
    kill) cmd_kill "$@" ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    env) cmd_env ;;
    connectors) connectors_register ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
