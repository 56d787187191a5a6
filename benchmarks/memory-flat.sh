#!/usr/bin/env bash
# Peak memory at 100,000, 1,000,000 and 5,000,000 readings with the same open windows: both shipped
# policies over a simulated fleet of 200 meters in 20 regions reading every 864 s, for 5, 50 and 250
# days (`privacy-runtime-bench`, SQLite sinks). Memory must stay flat: it is bounded by open windows,
# not by input size. Prints one line per run and the growth from the first to the last.
#
#   benchmarks/memory-flat.sh [DAYS...]        (default: 5 50 250; 250 days takes ~20 minutes on 2 cores)
#
# Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then days_list=("$@"); else days_list=(5 50 250); fi
scripts/setup.sh
if [ ! -x /usr/bin/time ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get install -y -qq time >/dev/null
fi
swift build -c release --product privacy-runtime-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/privacy-runtime-bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
first=""
for days in "${days_list[@]}"; do
  /usr/bin/time -v "$bench" --meters 200 --regions 20 --interval 864s --days "$days" >"$work/out-$days.txt" 2>"$work/time-$days.txt"
  readings=$(grep -o '^readings: [0-9]*' "$work/out-$days.txt" | grep -o '[0-9]*')
  peak=$(grep -o '^peak RSS during the run: [0-9.]* MiB' "$work/out-$days.txt" | grep -o '[0-9.]* MiB')
  rss=$(grep 'Maximum resident set size' "$work/time-$days.txt" | grep -o '[0-9]*$')
  wall=$(grep 'Elapsed (wall clock)' "$work/time-$days.txt" | awk '{print $NF}')
  echo "days=$days readings=$readings peak_rss_during_run=\"$peak\" max_rss_kb=$rss wall=$wall"
  [ -z "$first" ] && first=$rss
  last=$rss
done
awk -v a="$first" -v b="$last" 'BEGIN { printf "max RSS growth, first to last run: %+.1f%% (target: within 10%%)\n", 100 * (b - a) / a }'
