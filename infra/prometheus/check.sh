#!/usr/bin/env bash
# Validates the Prometheus config and alert rules and runs the rules' unit tests (promtool ships with
# Debian's prometheus package). Usage: bash infra/prometheus/check.sh
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v promtool >/dev/null 2>&1 || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
promtool check config "$DIR/prometheus.yml"
promtool check rules "$DIR"/rules/*.yml
for t in "$DIR"/tests/*.test.yml; do promtool test rules "$t"; done
