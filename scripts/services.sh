#!/usr/bin/env bash
# Runs Gavel's built services as background processes: services.sh up|down|status [service...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GAVEL_HOME="${GAVEL_HOME:-$ROOT/.gavel}"
RUN="$GAVEL_HOME/run"
LOGS="$GAVEL_HOME/logs"
mkdir -p "$RUN" "$LOGS"

# service:port (ports overridable with GAVEL_<SERVICE>_PORT, as the services read them)
ALL_SERVICES=(orchestrator:18081 wallet:18082 notification:18084 lot:18085 payment:18086 warehouse:18087 delivery:18088 telegram-alerter:18089 gateway:18080)

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

alive() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

selected() {
  if [[ $# -eq 0 ]]; then printf '%s\n' "${ALL_SERVICES[@]}"; return; fi
  local want entry
  for want in "$@"; do
    for entry in "${ALL_SERVICES[@]}"; do [[ "${entry%%:*}" == "$want" ]] && echo "$entry"; done
  done
}

up() {
  local entry name port
  while read -r entry; do
    name="${entry%%:*}"; port="$(port_of "$name" "${entry##*:}")"
    if alive "$name"; then echo "  $name already running (pid $(cat "$RUN/$name.pid"))"; continue; fi
    [[ -f "dist/apps/$name/src/main.js" ]] || { echo "dist/apps/$name is missing: run npm run build" >&2; exit 1; }
    nohup node "dist/apps/$name/src/main.js" >>"$LOGS/$name.log" 2>&1 &
    echo $! >"$RUN/$name.pid"
    local deadline=$((SECONDS + 60))
    until curl -fsS "http://127.0.0.1:$port/metrics" >/dev/null 2>&1; do
      if ! alive "$name" || ((SECONDS > deadline)); then
        echo "service $name failed to start; log: $LOGS/$name.log" >&2
        tail -n 30 "$LOGS/$name.log" >&2 || true
        exit 1
      fi
      sleep 0.3
    done
    echo "  $name up on http://127.0.0.1:$port (log $LOGS/$name.log)"
  done < <(selected "$@")
}

down() {
  local entry name pid
  while read -r entry; do
    name="${entry%%:*}"
    if alive "$name"; then
      pid="$(cat "$RUN/$name.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      echo "  $name stopped"
    fi
    rm -f "$RUN/$name.pid"
  done < <(selected "$@")
}

status() {
  local entry name
  printf '%-14s %-6s %s\n' SERVICE STATE URL
  while read -r entry; do
    name="${entry%%:*}"
    if alive "$name"; then state=up; else state=down; fi
    printf '%-14s %-6s http://127.0.0.1:%s\n' "$name" "$state" "$(port_of "$name" "${entry##*:}")"
  done < <(selected "$@")
}

migrate() {
  local entry name
  while read -r entry; do
    name="${entry%%:*}"
    if [[ -f "dist/apps/$name/src/database/migrate.js" ]]; then
      node "dist/apps/$name/src/database/migrate.js" >>"$LOGS/$name-migrate.log" 2>&1 \
        || { echo "migrations of $name failed; log: $LOGS/$name-migrate.log" >&2; tail -n 20 "$LOGS/$name-migrate.log" >&2; exit 1; }
      echo "  $name migrated"
    fi
  done < <(selected "$@")
}

cmd="${1:-status}"; shift || true
case "$cmd" in
  up) up "$@" ;;
  down) down "$@" ;;
  status) status "$@" ;;
  migrate) migrate "$@" ;;
  *) echo "usage: services.sh up|down|status|migrate [service...]" >&2; exit 2 ;;
esac
