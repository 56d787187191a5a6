#!/usr/bin/env bash
# Compares privacy-runtime's Paillier module (Swift over GMP) with pypaillier 0.8.0 (Rust over GMP,
# DJN) and python-paillier (phe) 1.5.0 (Python over gmpy2, as phe's documentation recommends, standard
# obfuscation) in one run on this machine, and prints one Markdown table with the ratios; a second table sets the addition rate
# against bare C loops (benchmarks/gmp_add_floor.c) of the same GMP calls, its floor here, and of the
# Montgomery reduction modulo n² it replaced.
#
#   benchmarks/compare-paillier.sh                 # 2048 and 3072 bits, 2 s per measurement
#   BITS="2048" SECONDS_PER=1 benchmarks/compare-paillier.sh
#
# One-core rates divide by CPU time of a process pinned to one CPU (rayon limited to one thread
# for pypaillier), so other load on a shared machine depresses them little; all-core rates are
# wall-clock and do suffer from such load.
set -euo pipefail
cd "$(dirname "$0")/.."
bits=(${BITS:-2048 3072})
seconds="${SECONDS_PER:-2}"

scripts/setup.sh
python3 -m pip install --quiet --disable-pip-version-check 'phe==1.5.0' 'pypaillier==0.8.0' 'gmpy2==2.3.2'
# phe falls back to pure-Python arithmetic without gmpy2, which would flatter every ratio against it.
python3 -c 'import phe.util; assert phe.util.HAVE_GMP, "phe does not see gmpy2"'
swift build -c release --product paillier-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/paillier-bench"

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "privacy-runtime (paillier-bench)..." >&2
taskset -c 0 "$bench" --json --bits "${bits[@]}" --seconds "$seconds" | grep -v '_allcores' > "$results/swift-one.jsonl"
echo "bare C loop of the same GMP calls (the floor for one addition)..." >&2
cc -O2 benchmarks/gmp_add_floor.c -lgmp -o "$results/gmp_add_floor"
taskset -c 0 "$results/gmp_add_floor" "${bits[@]}" > "$results/c-floor.jsonl"
"$bench" --json --bits "${bits[@]}" --seconds "$seconds" | grep '_allcores' > "$results/swift-all.jsonl"
for implementation in pypaillier phe; do
  echo "$implementation..." >&2
  python3 benchmarks/paillier_python_bench.py "$implementation" --mode one --bits "${bits[@]}" --seconds "$seconds" > "$results/$implementation-one.jsonl"
  python3 benchmarks/paillier_python_bench.py "$implementation" --mode all --bits "${bits[@]}" --seconds "$seconds" > "$results/$implementation-all.jsonl"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 benchmarks/paillier_compare_table.py "$results"/*.jsonl
