#!/usr/bin/env python3
"""Measures the accuracy of noisy hourly region totals (`noise:`) through the runtime, on fleets RESAMPLED
from vpplib's 74 real households (make_fleet.py), and writes a Markdown table and an SVG plot.

For each fleet size it builds one region of N meters (15-minute readings, --days local days), runs the four
noisy policies (one per epsilon) together on that stream, and an exact policy with the same readings rules in a
run of its own (an exact policy whose windows tile the noisy ones cannot run beside them); decrypts both with
the demo key, checks the exact totals against sums this script computes from the CSV with Decimal, and reports
the relative error |noisy - exact| / exact over every released hour. The plot draws one day of the exact and a
noisy curve with `privacy-runtime decrypt --plot`.

Example: python3 noise_accuracy.py --runtime .build/release/privacy-runtime --work /tmp/acc --out acc.md
"""
import argparse
import csv
import io
import math
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

POLICY = """policy: {name}
scope: region
window: 1h
lateness: 10m
readings:
  interval: 15m
  resolution: 0.1
  min: 0
  max: {cap}
source:
  type: csv
  path: {csv}
encrypt:
  type: paillier
  public_key: {root}/examples/keys/demo-utility.pub.json
  mode: per_window
aggregate:
  type: sum
  min_meters: 5
{noise}rejects: {work}/{name}.rejects.jsonl
release:
  state_dir: {work}/state-{name}
sinks:
  - type: jsonl
    path: {work}/{name}.jsonl
"""


def fail(message):
    """Prints one readable line and exits non-zero."""
    print(f"noise_accuracy: error: {message}", file=sys.stderr)
    sys.exit(1)


def run(arguments, capture=True):
    """Runs a command; stops with its standard error when it fails."""
    result = subprocess.run(arguments, capture_output=capture, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(arguments[:3])} … exited {result.returncode}: {(result.stderr or '').strip()[-800:]}")
    return result.stdout


def write_policy(work, name, csv_path, cap, noise):
    """Writes one policy file; `noise` is the epsilon, or None for the exact policy."""
    section = "" if noise is None else (
        f"noise:\n  mechanism: discrete_laplace\n  epsilon: {noise}\n  contribution_bound: {4 * cap}\n")
    path = os.path.join(work, f"{name}.yaml")
    for stale in (f"{name}.jsonl",):
        if os.path.exists(os.path.join(work, stale)):
            os.remove(os.path.join(work, stale))
    with open(path, "w") as out:
        out.write(POLICY.format(name=name, cap=cap, csv=csv_path, root=ROOT, noise=section, work=work))
    return path


def decrypt(runtime, jsonl):
    """{(policy, window_start): total Wh as Decimal} of every aggregate in `jsonl`."""
    text = run([runtime, "decrypt", "--key", f"{ROOT}/examples/keys/demo-utility.key.json",
                "--input", f"jsonl:{jsonl}", "--format", "csv"])
    return {(row["policy"], row["window_start"]): Decimal(row["total"]) for row in csv.DictReader(io.StringIO(text))}


def true_totals(csv_path, cap):
    """Hourly totals of the admissible readings (<= cap), and how many readings exceed the cap, from the CSV."""
    totals, over, count = defaultdict(Decimal), 0, 0
    with open(csv_path) as source:
        for row in csv.DictReader(source):
            value = Decimal(row["energy_wh"])
            count += 1
            if value > cap:
                over += 1
                continue
            stamp = row["timestamp"]
            totals[stamp[:14] + "00:00Z"] += value
    return totals, over, count


def percentile(values, q):
    """The q-quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def laplace_chi_square(values):
    """Chi-square of `values` against the Laplace(1) distribution over 10 bins of probability 0.1 each (the
    scales here are thousands of units, so the discrete distribution is the continuous one to within 1e-4)."""
    cuts = [math.log(2 * p) if p <= 0.5 else -math.log(2 * (1 - p)) for p in (i / 10 for i in range(1, 10))]
    observed = [0] * 10
    for value in values:
        observed[sum(1 for cut in cuts if value > cut)] += 1
    expected = len(values) / 10
    return sum((o - expected) ** 2 / expected for o in observed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runtime", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--sizes", default="20,100,1000,10000")
    parser.add_argument("--epsilons", default="0.1,0.5,1,2")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--cap", type=int, default=2000, help="readings.max in Wh per 15 minutes (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True, help="Markdown table")
    parser.add_argument("--plot", default="", help="SVG of one day, exact vs noisy")
    parser.add_argument("--plot-size", type=int, default=1000)
    parser.add_argument("--plot-epsilon", default="1", help="comma-separated epsilons to draw beside the exact curve")
    parser.add_argument("--plot-only", action="store_true", help="draw from the outputs already in --work")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    epsilons = args.epsilons.split(",")
    lines = ["| meters | epsilon | hours | median relative error | mean | 95th percentile | RMS error (kWh) | expected RMS (kWh) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    notes, pooled = [], []
    for size in ([] if args.plot_only else sizes):
        csv_path = os.path.join(args.work, f"fleet-{size}.csv")
        run([sys.executable, os.path.join(HERE, "make_fleet.py"), "--meters", str(size), "--regions", "1",
             "--start", "2026-11-02", "--days", str(args.days), "--seed", str(args.seed), "--out", csv_path])
        exact_policy = write_policy(args.work, f"exact-{size}", csv_path, args.cap, None)
        noisy = {eps: write_policy(args.work, f"noisy-{size}-e{eps}", csv_path, args.cap, eps) for eps in epsilons}
        run([args.runtime, "--quiet", "--policy", exact_policy])
        noisy_arguments = [a for eps in epsilons for a in ("--policy", noisy[eps])]
        run([args.runtime, "--quiet"] + noisy_arguments)
        exact = decrypt(args.runtime, os.path.join(args.work, f"exact-{size}.jsonl"))
        truth, over, count = true_totals(csv_path, args.cap)
        for (_, start), total in exact.items():
            if truth[start] != total:
                fail(f"exact total {total} for {start} differs from the CSV's {truth[start]}")
        notes.append(f"{size} meters: {count:,} readings, {over} above readings.max {args.cap} Wh (rejected, counted)")
        for eps in epsilons:
            name = f"noisy-{size}-e{eps}"
            released = decrypt(args.runtime, os.path.join(args.work, f"{name}.jsonl"))
            relative, squares = [], []
            for (_, start), total in released.items():
                true = exact[(f"exact-{size}", start)]
                relative.append(abs(total - true) / true)
                pooled.append(float(total - true) * float(eps) * 0.8 / (4 * args.cap))
                squares.append(float(total - true) ** 2)
            rms = (sum(squares) / len(squares)) ** 0.5 / 1000
            expected = 2 ** 0.5 * 4 * args.cap / (0.8 * float(eps)) / 1000
            lines.append(f"| {size:,} | {eps} | {len(relative)} | {percentile(relative, 0.5):.2%} | "
                         f"{statistics.fmean(float(r) for r in relative):.2%} | {percentile(relative, 0.95):.2%} | "
                         f"{rms:.2f} | {expected:.2f} |")
            print(lines[-1], flush=True)
    if pooled:
        statistic = laplace_chi_square(pooled)
        notes.append(f"all {len(pooled)} errors divided by their scale against Laplace(1), 10 equal-probability bins: "
                     f"chi-square {statistic:.1f} (9 degrees of freedom; 16.9 at alpha 0.05, 27.9 at 0.001); "
                     f"RMS {statistics.fmean(x * x for x in pooled) ** 0.5:.3f} scales (expected 1.414)")
        print(notes[-1])
    if not args.plot_only:
        with open(args.out, "w") as out:
            out.write("\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n")
    if args.plot:
        size = args.plot_size
        combined = os.path.join(args.work, "plot.jsonl")
        with open(combined, "w") as out:
            for name in [f"exact-{size}"] + [f"noisy-{size}-e{eps}" for eps in args.plot_epsilon.split(",")]:
                for line in open(os.path.join(args.work, f"{name}.jsonl")):
                    if '"window_start":"2026-11-03' in line.replace(" ", ""):
                        out.write(line)
        run([args.runtime, "decrypt", "--key", f"{ROOT}/examples/keys/demo-utility.key.json",
             "--input", f"jsonl:{combined}", "--plot", args.plot])


if __name__ == "__main__":
    main()
