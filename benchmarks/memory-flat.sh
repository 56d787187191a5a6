#!/usr/bin/env bash
# Peak memory of a simulated run (simulate source -> paillier -> household windows -> sqlite sink) at
# ~100k and ~1M readings with the same number of open windows (1042 meters, 1-day windows, 15-minute
# readings; 1 day vs 10 days). Memory should stay flat: it is bounded by open windows, not input size.
#
#   benchmarks/memory-flat.sh [PUBLIC_KEY]     (default: examples/keys/demo-utility.pub.json)
#
# Needs GNU time (/usr/bin/time, Debian package `time`). Takes long: encryption dominates.
set -euo pipefail
cd "$(dirname "$0")/.."
key=$(realpath "${1:-examples/keys/demo-utility.pub.json}")
swift build -c release --product privacy-runtime >/dev/null
binary=$(swift build -c release --show-bin-path)/privacy-runtime
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for days in 1 10; do
  cat > "$work/sim-$days.yaml" <<YAML
policy: memory-$days
scope: household
window: 1d
lateness: 10m
source:
  type: simulate
  meters: 1042
  regions: 10
  interval: 15m
  days: $days
  seed: 7
encrypt:
  type: paillier
  public_key: $key
aggregate:
  type: sum
sinks:
  - type: sqlite
    path: out/memory-$days.sqlite
YAML
  /usr/bin/time -v "$binary" --policy "$work/sim-$days.yaml" 2> "$work/time-$days.txt" >/dev/null
  records=$(grep -m1 -o 'read [0-9]* records' "$work/time-$days.txt" | grep -o '[0-9]*')
  rss=$(grep 'Maximum resident set size' "$work/time-$days.txt" | grep -o '[0-9]*$')
  wall=$(grep 'Elapsed (wall clock)' "$work/time-$days.txt" | awk '{print $NF}')
  echo "days=$days records=$records peak_rss_kb=$rss wall=$wall"
done
