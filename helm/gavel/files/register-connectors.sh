#!/bin/sh
# Registers every /connectors/<name>.json with Kafka Connect ($CONNECT_URL), deletes the connectors
# named gavel-*outbox that no file defines (e.g. the former gavel-<app>-outbox, one per app database)
# and waits until each connector and its tasks are RUNNING. Idempotent: PUT /connectors/<name>/config
# creates or updates. A deleted connector's replication slot is left to drop by hand (this image has
# no PostgreSQL client); the job prints its name.
set -eu
: "${CONNECT_URL:?CONNECT_URL is required}"
: "${TIMEOUT_S:=300}"

echo "waiting for Kafka Connect at $CONNECT_URL"
i=0
until curl -fsS -m 5 "$CONNECT_URL/connectors" >/dev/null 2>&1; do
  i=$((i + 1)); [ "$i" -lt 150 ] || { echo "Kafka Connect did not answer" >&2; exit 1; }
  sleep 2
done

for file in /connectors/*.json; do
  [ -e "$file" ] || { echo "no connectors to register"; exit 0; }
  name="$(basename "$file" .json)"
  code="$(curl -sS -m 30 -o /tmp/response -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data @"$file" "$CONNECT_URL/connectors/$name/config")" || code=000
  case "$code" in
    200) echo "connector $name: updated" ;;
    201) echo "connector $name: created" ;;
    *) echo "connector $name: PUT returned HTTP $code" >&2; cat /tmp/response >&2 || true; exit 1 ;;
  esac
done

existing="$(curl -fsS -m 10 "$CONNECT_URL/connectors" | tr -d '[]" ' | tr ',' ' ')" || existing=""
for name in $existing; do
  case "$name" in gavel-*outbox) ;; *) continue ;; esac
  [ ! -e "/connectors/$name.json" ] || continue
  slot="$(curl -fsS -m 10 "$CONNECT_URL/connectors/$name/config" | grep -o '"slot.name":"[^"]*"' | cut -d'"' -f4)" || slot=""
  if curl -fsS -m 30 -X DELETE "$CONNECT_URL/connectors/$name" >/dev/null; then
    echo "connector $name: deleted (no longer defined); once its slot is inactive, drop it:" \
      "SELECT pg_drop_replication_slot('${slot:-<slot>}');"
  else
    echo "connector $name: DELETE failed; left in place" >&2
  fi
done

deadline=$(( $(date +%s) + TIMEOUT_S ))
for file in /connectors/*.json; do
  name="$(basename "$file" .json)"
  while :; do
    status="$(curl -fsS -m 5 "$CONNECT_URL/connectors/$name/status" 2>/dev/null || true)"
    if echo "$status" | grep -q '"state":"FAILED"'; then
      echo "connector $name failed, restarting: $status" >&2
      curl -fsS -m 10 -X POST "$CONNECT_URL/connectors/$name/restart?includeTasks=true&onlyFailed=true" >/dev/null || true
    fi
    running="$(echo "$status" | grep -o '"state":"RUNNING"' | wc -l)"
    if [ "$running" -ge 2 ]; then echo "connector $name: RUNNING"; break; fi
    [ "$(date +%s)" -lt "$deadline" ] || { echo "connector $name not RUNNING in ${TIMEOUT_S}s: $status" >&2; exit 1; }
    sleep 2
  done
done
echo "all connectors RUNNING"
