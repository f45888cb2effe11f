# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# Debezium outbox connectors: infra/debezium/connectors/<service>.json + outbox-connector.template.json

CONNECTORS_DIR="$INFRA_DIR/debezium/connectors"
CONNECTOR_TEMPLATE="$INFRA_DIR/debezium/outbox-connector.template.json"
: "${GAVEL_CONNECTOR_TIMEOUT:=90}"
# create public.outbox (infra/postgres/outbox.sql) in each database before registering
: "${GAVEL_CREATE_OUTBOX:=1}"

# connector_config <file>: prints the full connector config JSON
connector_config() {
  jq -e --slurpfile tpl "$CONNECTOR_TEMPLATE" \
    --arg host "$GAVEL_BIND" --arg port "$GAVEL_PG_PORT" \
    --arg user "$GAVEL_PG_USER" --arg password "$GAVEL_PG_PASSWORD" '
    . as $f
    | ($f.service // error("missing \"service\"")) as $svc
    | ($f.database // error("missing \"database\"")) as $db
    | ($tpl[0] + ($f.config // {}))
    | with_entries(.value |= (tostring
        | gsub("\\{\\{SERVICE\\}\\}"; $svc) | gsub("\\{\\{DATABASE\\}\\}"; $db)
        | gsub("\\{\\{PG_HOST\\}\\}"; $host) | gsub("\\{\\{PG_PORT\\}\\}"; $port)
        | gsub("\\{\\{PG_USER\\}\\}"; $user) | gsub("\\{\\{PG_PASSWORD\\}\\}"; $password)))
  ' "$1"
}

connector_state() { # connector_state <name> -> "CONNECTOR_STATE TASK_STATES..." (or empty)
  curl -fsS -m 5 "$CONNECT_URL/connectors/$1/status" 2>/dev/null \
    | jq -r '[.connector.state] + [.tasks[].state] | join(" ")' 2>/dev/null || true
}

connector_fail() { # connector_fail <name> <reason>
  local name="$1" reason="$2"
  {
    printf '\n%s[stack] ERROR: connector "%s" failed: %s%s\n' "$C_R" "$name" "$reason" "$C_0"
    printf '[stack] status (GET %s/connectors/%s/status):\n' "$CONNECT_URL" "$name"
    curl -sS -m 5 "$CONNECT_URL/connectors/$name/status" 2>&1 \
      | jq -r '"  connector: \(.connector.state)\n\(.connector.trace // "" )",
               (.tasks[]? | "  task \(.id): \(.state)\n\(.trace // "")")' 2>/dev/null \
      | head -n 60 | sed 's/^/    | /'
    printf '[stack] Connect worker log: %s (last 30 lines)\n' "$LOG_DIR/connect.log"
    tail -n 30 "$LOG_DIR/connect.log" 2>/dev/null | sed 's/^/    | /'
  } >&2
  exit 1
}

connectors_register() {
  need_cmd jq jq
  postgres_healthy || die "postgres is not up (scripts/stack.sh up postgres)"
  connect_healthy || die "connect is not up (scripts/stack.sh up connect)"
  local files=() f name names=() cfg code body t0 current
  shopt -s nullglob
  files=("$CONNECTORS_DIR"/*.json)
  shopt -u nullglob
  ((${#files[@]})) || { warn "no connector files in $CONNECTORS_DIR"; return 0; }

  for f in "${files[@]}"; do
    [[ "$(jq -r '.enabled // true' "$f")" == "true" ]] || { log "skipping disabled ${f#"$REPO_ROOT"/}"; continue; }
    local svc db
    svc="$(jq -r '.service' "$f")"; db="$(jq -r '.database' "$f")"
    name="gavel-$svc-outbox"
    t0=$(now_ms)
    cfg="$(connector_config "$f")" || die "invalid connector file $f"
    if ! pg_psql -d postgres -At -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      die "connector $name: database $db does not exist (add it to GAVEL_PG_DATABASES)"
    fi
    if [[ "$GAVEL_CREATE_OUTBOX" == 1 ]]; then
      pg_psql -d "$db" -f "$INFRA_DIR/postgres/outbox.sql" >/dev/null 2>&1 \
        || die "connector $name: creating public.outbox in $db failed"
    fi
    # unchanged config: leave the running connector alone (a PUT would restart it)
    current="$(curl -fsS -m 5 "$CONNECT_URL/connectors/$name/config" 2>/dev/null | jq -S 'del(.name)' 2>/dev/null || true)"
    if [[ -n "$current" && "$current" == "$(jq -S . <<<"$cfg")" ]]; then
      log "connector $name: config unchanged ($db)"
      if [[ "$(connector_state "$name")" == *FAILED* ]]; then
        log "connector $name: restarting failed connector/tasks"
        curl -fsS -m 10 -X POST "$CONNECT_URL/connectors/$name/restart?includeTasks=true&onlyFailed=true" >/dev/null || true
      fi
      names+=("$name:$t0")
      continue
    fi
    body="$(mktemp)"
    code="$(curl -sS -m 30 -o "$body" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
      --data "$cfg" "$CONNECT_URL/connectors/$name/config")" || code=000
    if [[ "$code" != 200 && "$code" != 201 ]]; then
      printf '%s\n' "$(<"$body")" >&2; rm -f "$body"
      connector_fail "$name" "PUT /connectors/$name/config returned HTTP $code"
    fi
    rm -f "$body"
    if [[ "$code" == 201 ]]; then log "connector $name: created ($db)"; else log "connector $name: config updated ($db)"; fi
    # a connector/task left FAILED by an earlier run is not restarted by an unchanged PUT
    if [[ "$(connector_state "$name")" == *FAILED* ]]; then
      log "connector $name: restarting failed connector/tasks"
      curl -fsS -m 10 -X POST "$CONNECT_URL/connectors/$name/restart?includeTasks=true&onlyFailed=true" >/dev/null || true
    fi
    names+=("$name:$t0")
  done

  local entry state deadline
  for entry in "${names[@]}"; do
    name="${entry%%:*}"; t0="${entry##*:}"
    deadline=$(( $(date +%s) + GAVEL_CONNECTOR_TIMEOUT ))
    while true; do
      state="$(connector_state "$name")"
      if [[ "$state" =~ ^RUNNING(\ RUNNING)+$ ]]; then
        ok "connector $name: RUNNING (connector + task) in $(elapsed "$t0")"
        break
      fi
      [[ "$state" == *FAILED* ]] && connector_fail "$name" "state: $state"
      (( $(date +%s) >= deadline )) && connector_fail "$name" "not RUNNING within ${GAVEL_CONNECTOR_TIMEOUT}s (state: ${state:-unknown})"
      sleep 0.5
    done
  done
}

connectors_list() {
  http_ok "$CONNECT_URL/connectors" || { echo "connect: down"; return 0; }
  local n
  for n in $(curl -fsS -m 5 "$CONNECT_URL/connectors" | jq -r '.[]'); do
    printf '  connector %-28s %s\n' "$n" "$(connector_state "$n")"
  done
}
