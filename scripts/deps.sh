#!/usr/bin/env bash
# Installs the Node dependencies from the lockfile when they are missing or stale (idempotent).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p .gavel
stamp=.gavel/npm-ci.sha
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -d node_modules && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
echo "==> npm ci (package-lock.json changed or node_modules missing)"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
