#!/usr/bin/env bash
# Draws bench/results/summary.png from the benchmark JSON files (matplotlib in the project's venv,
# pinned in scripts/requirements-chart.txt).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"
venv_ready .gavel/venv "$ROOT/scripts/requirements-chart.txt"
.gavel/venv/bin/python bench/chart.py
