# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# Debezium outbox connectors: one per database, infra/debezium/connectors/<database>.json
# ({"name", "database", "schemas"}) + outbox-connector.template.json. A connector streams the outbox
# table of every listed schema through one replication slot, <database>_outbox.

# GAVEL_CONNECTORS_DIR: another folder of connector files (a test, a deployment with databases of its own)
CONNECTORS_DIR="${GAVEL_CONNECTORS_DIR:-$INFRA_DIR/debezium/connectors}"
CONNECTOR_TEMPLATE="$INFRA_DIR/debezium/outbox-connector.template.json"
: "${GAVEL_CONNECTOR_TIMEOUT:=90}"
# create <schema>.outbox (infra/postgres/outbox.sql) in each listed schema before registering
: "${GAVEL_CREATE_OUTBOX:=1}"
# seconds to wait for a deleted connector's replication slot to become inactive before dropping it
: "${GAVEL_SLOT_DROP_WAIT:=30}"

# jq: a database name as an identifier for the slot, publication and topic prefix ([a-z0-9_])
JQ_DB_ID='def db_id: ascii_downcase | gsub("[^a-z0-9_]"; "_");'

# connector_config <file>: prints the full connector config JSON
connector_config() {
  jq -e --slurpfile tpl "$CONNECTOR_TEMPLATE" \
    --arg host "$GAVEL_BIND" --arg port "$GAVEL_PG_PORT" \
    --arg user "$GAVEL_PG_USER" --arg password "$GAVEL_PG_PASSWORD" "$JQ_DB_ID"'
    . as $f
    | ($f.database // error("missing \"database\"")) as $db
    | ($f.schemas // error("missing \"schemas\"")) as $schemas
    | if ($schemas | type) != "array" or ($schemas | length) == 0
        then error("\"schemas\" must be a non-empty array") else . end
    | if any($schemas[]; type != "string" or (test("^[a-z_][a-z0-9_]*$") | not))
        then error("\"schemas\" must be lower-case identifiers") else . end
    | ($db | db_id) as $id
    | ($schemas | map(. + ".outbox") | join(",")) as $tables
    | ($tpl[0] + ($f.config // {}))
    | with_entries(.value |= (tostring
        | gsub("\\{\\{DB_ID\\}\\}"; $id) | gsub("\\{\\{DATABASE\\}\\}"; $db)
        | gsub("\\{\\{TABLES\\}\\}"; $tables)
        | gsub("\\{\\{PG_HOST\\}\\}"; $host) | gsub("\\{\\{PG_PORT\\}\\}"; $port)
        | gsub("\\{\\{PG_USER\\}\\}"; $user) | gsub("\\{\\{PG_PASSWORD\\}\\}"; $password)))
  ' "$1"
}

# connector_name <file>: its "name", else gavel-outbox for the database gavel, else gavel-<database>-outbox
# (the services derive the same names, libs/common outboxConnector)
connector_name() {
  jq -er "$JQ_DB_ID"'.name // (.database | db_id
    | if . == "gavel" then "gavel-outbox" else "gavel-" + gsub("_"; "-") + "-outbox" end)' "$1"
}

connector_state() { # connector_state <name> -> "CONNECTOR_STATE TASK_STATES..." (or empty)
  curl -fsS -m 5 "$CONNECT_URL/connectors/$1/status" 2>/dev/null \
    | jq -r '[.connector.state] + [.tasks[].state] | join(" ")' 2>/dev/null || true
}

registered_config() { # registered_config <name> -> the config Kafka Connect has for it (or empty)
  curl -fsS -m 5 "$CONNECT_URL/connectors/$1/config" 2>/dev/null
}

# a connector/task left FAILED by an earlier run is not restarted by a PUT, changed or not
restart_if_failed() { # restart_if_failed <name>
  if [[ "$(connector_state "$1")" == *FAILED* ]]; then
    log "connector $1: restarting failed connector/tasks"
    curl -fsS -m 10 -X POST "$CONNECT_URL/connectors/$1/restart?includeTasks=true&onlyFailed=true" >/dev/null || true
  fi
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

# outbox_tables_create <database> <schema...>: each schema and its outbox table (idempotent), so that
# the connector's filtered publication finds every table before the services have run their migrations
outbox_tables_create() {
  local db="$1" schema
  shift
  for schema in "$@"; do
    pg_psql -d "$db" -c "CREATE SCHEMA IF NOT EXISTS \"$schema\"" -c "SET search_path TO \"$schema\"" \
      -f "$INFRA_DIR/postgres/outbox.sql" >/dev/null 2>&1 \
      || die "creating $schema.outbox in $db failed"
  done
}

# publication_insert_only <database> <publication> <table,...>: the connector's publication publishes
# INSERTs only (created here with the outbox tables when it does not exist yet, else altered). The outbox
# is append-only for readers: its rows are deleted only by the services' pruning, and Debezium skips
# deletes anyway (skipped.operations), but with the default publication PostgreSQL still sends every
# pruned row and Debezium decodes it, which doubles the records the connector reads.
publication_insert_only() {
  local db="$1" pub="$2" tables="$3" list
  [[ "$pub" =~ ^[a-z0-9_]+$ ]] || die "not a publication name: '$pub'"
  list="$(tr ',' '\n' <<<"$tables" | sed -E 's/^([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$/"\1"."\2"/' | paste -sd, -)"
  pg_psql -d "$db" >/dev/null <<SQL || die "publication $pub in $db: could not make it publish inserts only"
SELECT 'CREATE PUBLICATION $pub FOR TABLE $list' WHERE NOT EXISTS (SELECT FROM pg_publication WHERE pubname = '$pub') \gexec
ALTER PUBLICATION $pub SET (publish = 'insert');
SQL
}

# slot_drop_inactive <wait_s> <slot...>: drops each slot that exists once it is inactive, waiting up to
# <wait_s> seconds for its walsender to go (a connector just deleted); one still active is left alone
slot_drop_inactive() {
  local wait_s="$1" slot active deadline
  shift
  for slot in "$@"; do
    [[ "$slot" =~ ^[a-z0-9_]+$ ]] || { warn "not a slot name: '$slot'"; continue; }
    deadline=$(( $(date +%s) + wait_s ))
    while true; do
      active="$(pg_psql -d postgres -At -c "SELECT active FROM pg_replication_slots WHERE slot_name = '$slot'")" \
        || { warn "slot $slot: cannot read pg_replication_slots"; break; }
      [[ -z "$active" ]] && break
      if [[ "$active" == f ]]; then
        if pg_psql -d postgres -c "SELECT pg_drop_replication_slot('$slot')" >/dev/null 2>&1; then
          log "slot $slot: dropped"
        else
          warn "slot $slot: pg_drop_replication_slot failed (in use again?); left in place"
        fi
        break
      fi
      if (( $(date +%s) >= deadline )); then
        ((wait_s == 0)) || warn "slot $slot: still active after ${wait_s}s; left in place (run connectors again)"
        break
      fi
      sleep 1
    done
  done
}

slot_exists() { # slot_exists <slot>
  pg_psql -d postgres -At -v slot="$1" <<<"SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot'" | grep -q 1
}

# connector_create_fresh <name> <config json>: created STOPPED (Connect >= 3.7), its offsets reset
# (KIP-875), then resumed
connector_create_fresh() {
  local name="$1" cfg="$2" body code deadline
  body="$(mktemp)"
  code="$(jq -n --arg name "$name" --argjson config "$cfg" '{$name, $config, initial_state: "STOPPED"}' \
    | curl -sS -m 30 -o "$body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      --data @- "$CONNECT_URL/connectors")" || code=000
  if [[ "$code" != 201 ]]; then
    printf '%s\n' "$(<"$body")" >&2; rm -f "$body"
    connector_fail "$name" "POST /connectors returned HTTP $code"
  fi
  deadline=$(( $(date +%s) + GAVEL_CONNECTOR_TIMEOUT ))
  until [[ "$(connector_state "$name")" == STOPPED* ]]; do
    (( $(date +%s) < deadline )) || { rm -f "$body"; connector_fail "$name" "not STOPPED after creation"; }
    sleep 0.2
  done
  code="$(curl -sS -m 30 -o "$body" -w '%{http_code}' -X DELETE "$CONNECT_URL/connectors/$name/offsets")" || code=000
  if [[ "$code" != 200 ]]; then
    printf '%s\n' "$(<"$body")" >&2; rm -f "$body"
    connector_fail "$name" "DELETE /connectors/$name/offsets returned HTTP $code"
  fi
  rm -f "$body"
  curl -fsS -m 30 -X PUT "$CONNECT_URL/connectors/$name/resume" >/dev/null \
    || connector_fail "$name" "PUT /connectors/$name/resume failed"
}

# connectors_prune <defined name...>: deletes the gavel-*outbox connectors that no file defines (e.g.
# the former gavel-<service>-outbox, one per service database) and drops their replication slots, plus
# the inactive slots of the former per-service connectors (gavel_<service>); idempotent
connectors_prune() {
  local existing n slot main svc stale=() former=()
  existing="$(curl -fsS -m 5 "$CONNECT_URL/connectors" | jq -r '.[]')" \
    || { warn "cannot list connectors; stale ones not pruned"; return 0; }
  for n in $existing; do
    [[ "$n" == gavel-*outbox && " $* " != *" $n "* ]] || continue
    slot="$(registered_config "$n" | jq -r '."slot.name" // empty' 2>/dev/null || true)"
    if ! curl -fsS -m 30 -X DELETE "$CONNECT_URL/connectors/$n" >/dev/null; then
      warn "connector $n: DELETE failed; left in place"
      continue
    fi
    log "connector $n: deleted (not defined in ${CONNECTORS_DIR#"$REPO_ROOT"/})"
    [[ -n "$slot" && " ${DEFINED_SLOTS[*]} " != *" $slot "* ]] && stale+=("$slot")
  done
  ((${#stale[@]} == 0)) || slot_drop_inactive "$GAVEL_SLOT_DROP_WAIT" "${stale[@]}"
  for main in "$REPO_ROOT"/apps/*/src/main.ts; do
    svc="${main#"$REPO_ROOT"/apps/}"; svc="${svc%%/*}"; slot="gavel_${svc//-/_}"
    [[ " ${DEFINED_SLOTS[*]} ${stale[*]} " == *" $slot "* ]] || former+=("$slot")
  done
  ((${#former[@]} == 0)) || slot_drop_inactive 0 "${former[@]}"
}

connectors_register() {
  need_cmd jq jq
  postgres_healthy || die "postgres is not up (scripts/stack.sh up postgres)"
  connect_healthy || die "connect is not up (scripts/stack.sh up connect)"
  local files=() f name names=() defined=() cfg code body t0 current db schemas=()
  DEFINED_SLOTS=()
  shopt -s nullglob
  files=("$CONNECTORS_DIR"/*.json)
  shopt -u nullglob
  ((${#files[@]})) || { warn "no connector files in $CONNECTORS_DIR"; return 0; }

  for f in "${files[@]}"; do
    t0=$(now_ms)
    cfg="$(connector_config "$f")" || die "invalid connector file $f"
    name="$(connector_name "$f")" || die "invalid connector file $f"
    # a disabled file's connector is left as it is (neither registered nor pruned)
    defined+=("$name")
    DEFINED_SLOTS+=("$(jq -r '."slot.name"' <<<"$cfg")")
    [[ "$(jq -r '.enabled // true' "$f")" == "true" ]] || { log "skipping disabled ${f#"$REPO_ROOT"/}"; continue; }
    db="$(jq -r '.database' "$f")"
    mapfile -t schemas < <(jq -r '.schemas[]' "$f")
    if ! pg_psql -d postgres -At -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      die "connector $name: database $db does not exist (add it to GAVEL_PG_DATABASES)"
    fi
    if [[ "$GAVEL_CREATE_OUTBOX" == 1 ]]; then
      outbox_tables_create "$db" "${schemas[@]}"
      publication_insert_only "$db" "$(jq -r '."publication.name"' <<<"$cfg")" "$(jq -r '."table.include.list"' <<<"$cfg")"
    fi
    # unchanged config: leave the running connector alone (a PUT would restart it)
    current="$(registered_config "$name" | jq -S 'del(.name)' 2>/dev/null || true)"
    if [[ -n "$current" && "$current" == "$(jq -S . <<<"$cfg")" ]]; then
      log "connector $name: config unchanged ($db: ${schemas[*]})"
      restart_if_failed "$name"
      names+=("$name:$t0")
      continue
    fi
    # a new connector whose slot does not exist: offsets Connect still keeps under its name (a connector
    # of that name deleted earlier, its slot dropped) point into a slot that is gone; Debezium would
    # refuse to start from them, so it is created stopped, they are reset, and it is resumed
    if [[ -z "$current" ]] && ! slot_exists "$(jq -r '."slot.name"' <<<"$cfg")"; then
      connector_create_fresh "$name" "$cfg"
      log "connector $name: created ($db: ${schemas[*]}; no offsets kept from before)"
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
    if [[ "$code" == 201 ]]; then log "connector $name: created ($db: ${schemas[*]})"
    else log "connector $name: config updated ($db: ${schemas[*]})"; fi
    restart_if_failed "$name"
    names+=("$name:$t0")
  done

  connectors_prune "${defined[@]}"

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
      (( $(date +%s) >= deadline )) &&
        connector_fail "$name" "not RUNNING within ${GAVEL_CONNECTOR_TIMEOUT}s (state: ${state:-unknown})"
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
