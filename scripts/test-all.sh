#!/usr/bin/env bash
# The full test suite (README, .ci/run): static checks, unit tests, then integration tests against
# the real local stack, which this script installs and starts itself.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$SECONDS
REPORTS=.gavel/reports
mkdir -p "$REPORTS"
rm -f "$REPORTS"/jest-*.json

bash scripts/deps.sh
# shellcheck source=scripts/secrets.sh
source scripts/secrets.sh
echo "==> static checks (types, lint, architecture boundaries)"
npx --no-install tsc -p tsconfig.json --noEmit
npx --no-install eslint apps libs test
npx --no-install depcruise apps libs --config .dependency-cruiser.cjs

echo "==> unit tests"
unit_rc=0
npx --no-install jest --selectProjects unit --json --outputFile="$REPORTS/jest-unit.json" || unit_rc=$?

echo "==> real stack"
bash scripts/stack.sh up postgres kafka connect opensearch
npm run --silent build
bash scripts/services.sh migrate
bash scripts/stack.sh connectors

echo "==> integration tests"
int_rc=0
npx --no-install jest --selectProjects int --runInBand --forceExit --json --outputFile="$REPORTS/jest-int.json" || int_rc=$?

node scripts/test-summary.js "$REPORTS"/jest-*.json
echo "test run took $((SECONDS - start)) s"
if ((unit_rc != 0 || int_rc != 0)); then exit 1; fi
