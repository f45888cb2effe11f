#!/usr/bin/env bash
# Runs the benchmark scenarios on this machine and publishes bench/results/: the JSON of each run,
# REPORT.md (tables with the command of each figure) and summary.png.
#
#   bash scripts/bench.sh                  cdc, idle, order sagas (+ pgbench in the same run), bids
#   bash scripts/bench.sh --with-faults    also the fault run (10,000 sagas, ≈ 15 min) and the full fuzzing
#   bash scripts/bench.sh --with-outage    also the outage run (each participant down 5 min in turn, ≈ 40 min)
#   bash scripts/bench.sh --report-only    only REPORT.md and summary.png from the JSON already there
#
# The k6 scripts in k6/ are the same scenarios for a cluster; here they are driven with autocannon and
# kafkajs from Node (bench/*.ts), since k6 is not installed on these machines.
# Services run with LOG_LEVEL=warn and log shipping off, as a load test would be set up.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FAULTS=0
OUTAGE=0
REPORT_ONLY=0
for a in "$@"; do
  case "$a" in
    --with-faults) FAULTS=1 ;;
    --with-outage) OUTAGE=1 ;;
    --report-only) REPORT_ONLY=1 ;;
    *) echo "usage: bench.sh [--with-faults] [--with-outage] [--report-only]" >&2; exit 2 ;;
  esac
done
say() { printf '[bench] %s\n' "$*" >&2; }

npm run -s build
if ((!REPORT_ONLY)); then
  bash scripts/stack.sh up postgres kafka connect opensearch prometheus ganache seaweedfs
  bash scripts/services.sh migrate
  bash scripts/stack.sh connectors

  say "CDC latency"
  node dist/bench/cdc-latency.js --events=5000 --rate=500 --warmup=20

  # Before the order and bid loads: for GAVEL_OUTBOX_RETENTION_S (10 min) after a load the outbox pruners
  # are still deleting its rows, which is the tail of that load, not the idle system (the CDC run's 15,000
  # rows are younger than that when the measurement ends). After the CDC run, so that Kafka and Connect
  # have compiled their path, and not before the JVMs are 10 minutes old (one a few minutes old still
  # spends up to 0.015 cores of C2 at idle; on a stack just started this adds up to 6 minutes). The
  # services run with their defaults (info logs shipped to OpenSearch), as `npm start` runs them.
  say "idle: every server and service up with its defaults, no load (4 min to settle, JVMs ≥ 10 min old, 60 s measured)"
  bash scripts/services.sh up
  trap 'bash scripts/services.sh down || true' EXIT
  node dist/bench/idle.js --settle=240 --duration=60 --jvm-min-age=600
  bash scripts/services.sh down
  trap - EXIT

  say "order sagas (pgbench first, same run)"
  LOG_LEVEL=warn GAVEL_LOG_SHIPPING=off bash scripts/services.sh up
  trap 'bash scripts/services.sh down || true' EXIT
  node dist/bench/order-saga.js --concurrency=256 --warmup=10 --duration=40 --latency-duration=30 --pgbench-seconds=20
  bash scripts/services.sh down
  trap - EXIT

  say "bids (own processes on free ports): 100 bidders on 100 lots, then half that rate open-loop"
  node dist/bench/bids.js --connections=100 --duration=60 --latency-duration=30 --lots=100 --buyers=100 --pgbench-seconds=20

  if ((FAULTS)); then
    say "fault injection"
    node dist/bench/faults.js --sagas 10000 --duration 600
    say "bids under faults"
    node dist/bench/bid-faults.js --duration 90
    say "schema fuzzing"
    bash scripts/services.sh up
    bash scripts/fuzz.sh
    bash scripts/services.sh down
  fi
  if ((OUTAGE)); then
    say "outages: wallet, lot, payment, warehouse, delivery each down 300 s under a bidding war and orders"
    node dist/bench/outage.js --outage-s 300
  fi
fi

node dist/bench/report.js
bash scripts/bench-chart.sh
say "published: bench/results/REPORT.md, bench/results/summary.png"
