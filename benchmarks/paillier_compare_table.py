#!/usr/bin/env python3
"""Merges JSON-lines measurements from paillier-bench and paillier_python_bench.py into one
Markdown table with ratios (privacy-runtime ÷ other; above 1 means privacy-runtime is faster)."""
import json
import sys

ROWS = [
    ("encrypt, 1 core (djn; phe: standard)", ("encrypt_djn_1core", "encrypt_djn_1core", "encrypt_standard_1core")),
    ("encrypt, 1 core (standard)", ("encrypt_standard_1core", None, "encrypt_standard_1core")),
    ("encrypt, all cores (djn; phe: standard)", ("encrypt_djn_allcores", "encrypt_djn_allcores", "encrypt_standard_allcores")),
    ("encrypt, all cores (standard)", ("encrypt_standard_allcores", None, "encrypt_standard_allcores")),
    ("decrypt, 1 core", ("decrypt_1core", "decrypt_1core", "decrypt_1core")),
    ("add, 1 core", ("add_1core", "add_1core", "add_1core")),
]


def main(paths):
    values = {}
    for path in paths:
        with open(path) as handle:
            for line in handle:
                line = line.strip()
                if line.startswith("{"):
                    record = json.loads(line)
                    values[(record["implementation"], record["bits"], record["operation"])] = record["value"]
    bits_list = sorted({bits for (_, bits, _) in values})

    def cell(value):
        return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"

    def ratio(ours, theirs):
        return "–" if ours is None or theirs is None or theirs == 0 else f"{ours / theirs:.1f}x"

    print("| bits | operation (ops/s) | privacy-runtime | pypaillier 0.8.0 | phe 1.5.0 (gmpy2) | vs pypaillier | vs phe |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for bits in bits_list:
        for label, (swift_op, pyp_op, phe_op) in ROWS:
            ours = values.get(("swift", bits, swift_op))
            pyp = values.get(("pypaillier", bits, pyp_op)) if pyp_op else None
            phe = values.get(("phe", bits, phe_op))
            print(f"| {bits} | {label} | {cell(ours)} | {cell(pyp)} | {cell(phe)} | {ratio(ours, pyp)} | {ratio(ours, phe)} |")
        keygen = [values.get((impl, bits, "keygen_seconds")) for impl in ("swift", "pypaillier", "phe")]
        seconds = ["–" if value is None else f"{value:.2f}" for value in keygen]
        print(f"| {bits} | key generation (s, one run) | {seconds[0]} | {seconds[1]} | {seconds[2]} | | |")
    floors = [(bits, values.get(("swift", bits, "add_1core")), values.get(("c", bits, "add_1core")),
               values.get(("c", bits, "add_1core_montgomery"))) for bits in bits_list]
    if any(c is not None for (_, _, c, _) in floors):
        print()
        print("| bits | add, 1 core: privacy-runtime | bare C loop, same GMP calls (base n) | privacy-runtime / C "
              "| bare C loop, Montgomery modulo n² | base n / Montgomery (C) |")
        print("|---:|---:|---:|---:|---:|---:|")
        for bits, ours, c, montgomery in floors:
            share = "–" if ours is None or not c else f"{100 * ours / c:.1f}%"
            gain = "–" if c is None or not montgomery else f"{c / montgomery:.2f}x"
            print(f"| {bits} | {cell(ours)} | {cell(c)} | {share} | {cell(montgomery)} | {gain} |")


if __name__ == "__main__":
    main(sys.argv[1:])
