"""Draws bench/results/summary.png from the JSON results (run: bash scripts/bench-chart.sh)."""
import json
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results"


def load(name):
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def main() -> int:
    cdc, order, bids, faults = (load(n) for n in ("cdc-latency.json", "order-saga.json", "bids.json", "faults.json"))
    fig, axes = plt.subplots(2, 3, figsize=(17, 8))
    fig.suptitle("Gavel on 2 cores — measured figures (bench/results/*.json)")

    ax = axes[0][0]
    series = [("CDC hop", cdc), ("order saga", order), ("bid HTTP", bids)]
    labels, p50, p95, p99 = [], [], [], []
    for label, r in series:
        if r:
            labels.append(label)
            p50.append(r["p50_ms"])
            p95.append(r["p95_ms"])
            p99.append(r["p99_ms"])
    xs = range(len(labels))
    width = 0.27
    ax.bar([x - width for x in xs], p50, width, label="p50")
    ax.bar(list(xs), p95, width, label="p95")
    ax.bar([x + width for x in xs], p99, width, label="p99")
    ax.set_xticks(list(xs), labels)
    ax.set_yscale("log")
    ax.set_ylabel("latency, ms (log)")
    ax.set_title("Latency percentiles")
    ax.legend()

    ax = axes[0][1]
    rates = []
    if order:
        rates.append(("order sagas/s", order["sagas_per_s"], 250))
    if bids:
        rates.append(("bid decisions/s", bids["bids_per_s"], 1000))
        rates.append(("bids accepted/s", bids.get("accepted_per_s", 0), 500))
    ax.bar([r[0] for r in rates], [r[1] for r in rates], label="measured")
    ax.scatter([r[0] for r in rates], [r[2] for r in rates], color="red", marker="_", s=2000, label="goal")
    ax.set_yscale("log")
    ax.set_title("Throughput vs goal (log)")
    ax.legend(loc="center right")

    ax = axes[1][0]
    cpu = (order or {}).get("saturation", {}).get("cpu_cores", {})
    if cpu:
        items = sorted(((k, v) for k, v in cpu.items() if v > 0), key=lambda kv: -kv[1])
        ax.barh([k for k, _ in items][::-1], [v for _, v in items][::-1])
        ax.set_xlabel("cores")
        ax.set_title("CPU per process at order-saga saturation")

    ax = axes[1][1]
    rss = (order or {}).get("saturation", {}).get("rss_mib", {})
    if rss:
        items = sorted(((k, v["max"]) for k, v in rss.items()), key=lambda kv: -kv[1])
        ax.barh([k for k, _ in items][::-1], [v for _, v in items][::-1], color="tab:purple")
        ax.set_xlabel("MiB (peak)")
        ax.set_title("RSS per process at order-saga saturation")

    ax = axes[0][2]
    if order:
        ax.bar(["pgbench commits/s", "saga commits/s"], [order["pg_commits_per_s"], order["sagas_per_s"] * order["commits_per_saga"]])
        ax.set_title(f"PostgreSQL ceiling: ratio {order['ceiling_ratio']}")

    ax = axes[1][2]
    ax.axis("off")
    lines = []
    if faults:
        lines.append(f"faults: {faults['sagas']:,} sagas, {faults['faults_injected']} faults,")
        lines.append(f"  {faults['violations']} violations, max recovery {faults['max_recovery_s']} s")
    if cdc:
        lines.append(f"CDC commit→consumer p95: {cdc['p95_ms']} ms")
    fuzz = load("fuzz.json")
    if fuzz:
        lines.append(f"fuzz: {fuzz['cases']:,} cases, {fuzz['server_errors']} 5xx,")
        lines.append(f"  {fuzz['schema_violations']} schema violations")
    ax.text(0.02, 0.95, "\n".join(lines), transform=ax.transAxes, va="top", family="monospace", fontsize=11)

    fig.tight_layout()
    out = RESULTS / "summary.png"
    fig.savefig(out, dpi=90)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
