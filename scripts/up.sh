#!/usr/bin/env bash
# One command to bring up the whole local system: infrastructure, migrations, connectors, services.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$SECONDS
bash scripts/deps.sh
echo "==> infrastructure"
bash scripts/stack.sh up
echo "==> build"
npm run --silent build
npm run --silent build:web
echo "==> migrations"
bash scripts/services.sh migrate
echo "==> Debezium connectors"
bash scripts/stack.sh connectors
echo "==> services"
bash scripts/services.sh up
cat <<MSG

Gavel is up in $((SECONDS - start)) s. Point a browser or curl at:
  web app            http://127.0.0.1:${GAVEL_GATEWAY_PORT:-18080}/app/
  public API + docs  http://127.0.0.1:${GAVEL_GATEWAY_PORT:-18080}/docs
  admin (ops pages)  admin@gavel.local, password in .gavel/secrets.env
  Kafka Connect      http://127.0.0.1:${GAVEL_CONNECT_PORT:-18083}/connectors?expand=status
  OpenSearch         http://127.0.0.1:${GAVEL_OPENSEARCH_PORT:-19200}
  Prometheus         http://127.0.0.1:${GAVEL_PROMETHEUS_PORT:-19090}/targets
Status: npm run status    Stop: npm run down
MSG
