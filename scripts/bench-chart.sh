#!/usr/bin/env bash
# Draws bench/results/summary.png from the benchmark JSON files (matplotlib in the project's venv).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -x .gavel/venv/bin/python ]] || python3 -m venv .gavel/venv
.gavel/venv/bin/python -c 'import matplotlib' 2>/dev/null || .gavel/venv/bin/pip install -q matplotlib
.gavel/venv/bin/python bench/chart.py
