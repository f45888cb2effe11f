#!/usr/bin/env bash
# Schema fuzzing of the gateway's OpenAPI (/docs-json) with schemathesis, as a buyer, a seller and the admin.
#   bash scripts/fuzz.sh [--short] [--url http://127.0.0.1:18080]
# Writes bench/results/fuzz.json; exits non-zero on any 5xx or response-schema violation.
# Checks: not_a_server_error and response_schema_conformance fail the run; status_code_conformance
# (undocumented statuses) is counted and reported but does not fail it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GAVEL_HOME="${GAVEL_HOME:-$ROOT/.gavel}"
VENV="$GAVEL_HOME/venv"

SHORT=0
BASE="${GAVEL_FUZZ_URL:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --short) SHORT=1 ;;
    --url) BASE="$2"; shift ;;
    *) echo "usage: fuzz.sh [--short] [--url BASE]" >&2; exit 2 ;;
  esac
  shift
done
if ((SHORT)); then EXAMPLES=10; MAX_TIME=40; else EXAMPLES=50; MAX_TIME=240; fi
MAX_TIME="${GAVEL_FUZZ_MAX_TIME:-$MAX_TIME}"

# schemathesis in a private venv, pinned in scripts/requirements-fuzz.txt (installed again only when that changes).
# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"
venv_ready "$VENV" "$ROOT/scripts/requirements-fuzz.txt"

# shellcheck source=scripts/secrets.sh
source "$ROOT/scripts/secrets.sh"
if [[ -z "$BASE" ]]; then BASE="http://127.0.0.1:${GAVEL_GATEWAY_PORT:-18080}"; fi
if ! curl -fsS "$BASE/docs-json" >/dev/null 2>&1; then
  echo "gateway not reachable at $BASE: starting the services" >&2
  bash "$ROOT/scripts/services.sh" up
fi

# Values reach Python only through its environment (os.environ), never through its code, and JSON is
# built by json.dumps: any character in an email or a password (quote, backslash, $) is fine.
# json_object key=value...: prints a JSON object of those string values
json_object() {
  local pair keys=()
  ( # a subshell: the exports (a builtin: no command line shows them) end with it
    for pair in "$@"; do
      keys+=("${pair%%=*}")
      export "GAVEL_FUZZ_JSON_${pair%%=*}=${pair#*=}"
    done
    python3 -c 'import json, os, sys
print(json.dumps({key: os.environ["GAVEL_FUZZ_JSON_" + key] for key in sys.argv[1:]}))' "${keys[@]}"
  )
}
# json_field <name>: the field <name> of the JSON object on stdin ("" when absent)
json_field() {
  GAVEL_FUZZ_FIELD="$1" python3 -c 'import json, os, sys
print(json.load(sys.stdin).get(os.environ["GAVEL_FUZZ_FIELD"], ""))'
}

# Registers (unless admin) and logs in; prints the access token. The bodies go to curl on stdin, so the
# password is not on a command line either.
token_for() {
  local role="$1" email="$2" password="$3"
  if [[ "$role" != admin ]]; then
    json_object "email=$email" "password=$password" "displayName=Fuzz $role" "role=$role" |
      curl -fsS -X POST "$BASE/auth/register" -H 'content-type: application/json' --data-binary @- >/dev/null
  fi
  json_object "email=$email" "password=$password" |
    curl -fsS -X POST "$BASE/auth/login" -H 'content-type: application/json' --data-binary @- | json_field accessToken
}

RUN_ID="$(date +%s)-$RANDOM"
PASSWORD="fuzz-password-$RANDOM$RANDOM"
BUYER="$(token_for buyer "fuzz-buyer-$RUN_ID@example.test" "$PASSWORD")"
SELLER="$(token_for seller "fuzz-seller-$RUN_ID@example.test" "$PASSWORD")"
ADMIN="$(token_for admin "$GAVEL_ADMIN_EMAIL" "$GAVEL_ADMIN_PASSWORD")"

REPORTS="$(mktemp -d "${TMPDIR:-/tmp}/gavel-fuzz.XXXXXX")"
trap 'rm -rf "$REPORTS"' EXIT
CHECKS=not_a_server_error,response_schema_conformance,status_code_conformance
COMMON=(-c "$CHECKS" -n "$EXAMPLES" --max-time "$MAX_TIME" --generation-database none --no-color -w 2
  --request-timeout 15 --suppress-health-check all --continue-on-failure)
# The short run (test command) is reproducible: a fixed seed (GAVEL_FUZZ_SEED); full runs explore freely.
if ((SHORT)); then COMMON+=(--seed "${GAVEL_FUZZ_SEED:-20261123}"); fi

# as: buyer on every operation; seller on /items; admin on /admin.
fuzz_as() {
  local who="$1" token="$2"; shift 2
  echo "== schemathesis as $who ($EXAMPLES examples per operation, max ${MAX_TIME}s)"
  (cd "$REPORTS" && "$VENV/bin/st" run "$BASE/docs-json" -H "Authorization: Bearer $token" "${COMMON[@]}" "$@" \
    --report ndjson --report-ndjson-path "$REPORTS/$who.ndjson" >"$REPORTS/$who.log" 2>&1) || true
  grep -E "^(Test cases:|  [0-9]+ generated|  ❌|Failures:)" "$REPORTS/$who.log" || tail -n 5 "$REPORTS/$who.log"
}
fuzz_as buyer "$BUYER"
fuzz_as seller "$SELLER" --include-path-regex '^/items'
fuzz_as admin "$ADMIN" --include-path-regex '^/admin'

COMMAND="bash scripts/fuzz.sh"
if [[ -n "${GAVEL_FUZZ_MAX_TIME:-}" ]]; then COMMAND="GAVEL_FUZZ_MAX_TIME=$GAVEL_FUZZ_MAX_TIME $COMMAND"; fi
if ((SHORT)); then COMMAND+=" --short"; fi
# The published figures come from the full run; the short one (test command) reports under .gavel/.
OUT=bench/results/fuzz.json
if ((SHORT)); then OUT=.gavel/reports/fuzz-short.json; fi
mkdir -p "$(dirname "$OUT")"
python3 - "$REPORTS" "$COMMAND" "$BASE" "$OUT" <<'PY'
import json, glob, os, sys
reports, command, base, out = sys.argv[1:5]
cases = 0
failed = {"not_a_server_error": set(), "response_schema_conformance": set(), "status_code_conformance": set()}
examples = []
for path in sorted(glob.glob(os.path.join(reports, "*.ndjson"))):
    who = os.path.basename(path).split(".")[0]
    for line in open(path, encoding="utf-8"):
        event = json.loads(line).get("ScenarioFinished")
        if not event:
            continue
        recorder = event.get("recorder", {})
        label = recorder.get("label", "?")
        for case_id, checks in recorder.get("checks", {}).items():
            cases += 1
            for check in checks:
                name = check.get("name")
                if check.get("status") != "failure" or name not in failed:
                    continue
                failure = check.get("failure_info", {}).get("failure", {})
                inter = recorder.get("interactions", {}).get(case_id) or {}
                status = (inter.get("response") or {}).get("status_code")
                sig = (who, label, failure.get("title"), status)
                if sig in failed[name]:
                    continue
                failed[name].add(sig)
                examples.append({
                    "as": who, "operation": label, "check": name, "title": failure.get("title"),
                    "status": status,
                    "request": (inter.get("request") or {}).get("uri"),
                    "message": failure.get("message", "")[:600],
                })
result = {
    "cases": cases,
    "server_errors": len(failed["not_a_server_error"]),
    "schema_violations": len(failed["response_schema_conformance"]),
    "undocumented_statuses": len(failed["status_code_conformance"]),
    "command": command,
    "target": base,
    "failures": examples[:60],
}
with open(out, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(json.dumps({k: v for k, v in result.items() if k != "failures"}))
for e in examples:
    if e["check"] != "status_code_conformance":
        print(f"  {e['check']}: {e['as']} {e['operation']} -> {e['status']}: {e['message'][:160]!r}")
sys.exit(1 if cases == 0 or result["server_errors"] or result["schema_violations"] else 0)
PY
