#!/usr/bin/env bash
# Throughput of the release `privacy-runtime` over a NATS JetStream stream with checkpoints every INTERVAL against
# none, in alternating runs on the same stream (issue 16: within 10%). A fleet of METERS household meters reading
# every 5 minutes for HOURS hours is published once (`publish --nats`); each run reads the whole stream with a
# household/1d `per_window` policy (one open window per meter), a fresh state directory and, with checkpoints, a
# fresh checkpoint bucket, into SQLite. Prints each run's rate, wall clock and per CPU second of the runtime, and the
# ratios (best-of for wall clock, as other load only slows a run; medians for CPU time).
#
#   scripts/services.sh start                                  # nats-server with JetStream on loopback
#   benchmarks/checkpoint-throughput.sh [METERS] [HOURS] [ROUNDS] [INTERVAL]   (default: 2000 24 3 1s)
set -euo pipefail
cd "$(dirname "$0")/.."
meters="${1:-2000}" hours="${2:-24}" rounds="${3:-3}" interval="${4:-1s}"
env_file="${PRIVACY_RUNTIME_SERVICES_ENV:-/tmp/privacy-runtime-services/env}"
nats_url="$(grep '^NATS_URL=' "$env_file" | cut -d= -f2-)"
[ -n "$nats_url" ] || { echo "no NATS_URL in $env_file; run scripts/services.sh start" >&2; exit 1; }
runtime="${PRIVACY_RUNTIME:-$(swift build -c release --show-bin-path)/privacy-runtime}"
[ -x "$runtime" ] || swift build -c release --product privacy-runtime >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
idle=2

python3 - "$meters" "$hours" >"$work/readings.csv" <<'FLEET'
import random, sys
from datetime import datetime, timedelta, timezone
meters, hours = int(sys.argv[1]), int(sys.argv[2])
start = datetime(2026, 1, 5, tzinfo=timezone.utc)
rng = random.Random(16)
print("meter_id,region,timestamp,energy_wh")
for step in range(hours * 12):
    stamp = (start + timedelta(minutes=5 * step)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for meter in range(meters):
        print(f"m{meter:05d},r{meter % 20:02d},{stamp},{rng.randint(0, 500000) / 1000:.3f}")
FLEET
readings=$(( meters * hours * 12 ))
stream="CKPTBENCH$(date +%s)"
"$runtime" publish --input "$work/readings.csv" --nats "$nats_url" --topic-prefix "bench$$" --create-stream "$stream" >/dev/null
cp examples/keys/demo-runtime.runtime-key.json "$work/runtime-key.json"
chmod 600 "$work/runtime-key.json"

run() {  # run NAME CHECKPOINT_LINES -> prints readings per second
  local dir="$work/$1"
  mkdir -p "$dir"
  cat >"$dir/policy.yaml" <<POLICY
policy: ckpt-bench
scope: household
window: 1d
lateness: 5m
runtime_key: $work/runtime-key.json
source:
  type: nats
  url: $nats_url
  stream: $stream
  subject: bench$$.>
  idle_timeout: ${idle}s
$2
encrypt:
  type: paillier
  public_key: $PWD/examples/keys/demo-utility.pub.json
  mode: per_window
aggregate:
  type: sum
  min_meters: 1
sinks:
  - type: sqlite
    path: $dir/out.db
rejects: $dir/rejects.jsonl
POLICY
  # Wall clock (less the idle timeout at the end) and the runtime's CPU time (user + system), which other load on
  # the machine disturbs far less: "WALL_RATE CPU_RATE" in readings per second.
  python3 - "$readings" "$idle" "$runtime" run --policy "$dir/policy.yaml" --state-dir "$dir/state" 2>"$dir/stderr.log" <<'MEASURE'
import resource, subprocess, sys, time
readings, idle, command = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
started = time.monotonic()
subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
wall = time.monotonic() - started - idle
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round(readings / wall), round(readings / (usage.ru_utime + usage.ru_stime)))
MEASURE
}

off=() on=()
for round in $(seq 1 "$rounds"); do
  off+=("$(run "off-$round" "")")
  on+=("$(run "on-$round" "  checkpoint_every: $interval
  checkpoint_bucket: ckpt-bench-$$-$round")")
  echo "round $round (wall, per CPU second): checkpoints off ${off[-1]}, every $interval ${on[-1]} readings/s"
done
python3 - "${off[*]}" "${on[*]}" <<'RATIO'
import sys
def pairs(text):
    numbers = [int(x) for x in text.split()]
    return numbers[0::2], numbers[1::2]
(off_wall, off_cpu), (on_wall, on_cpu) = pairs(sys.argv[1]), pairs(sys.argv[2])
median = lambda values: sorted(values)[len(values) // 2]
print(f"wall, best: off {max(off_wall)}, on {max(on_wall)} readings/s, ratio on/off {max(on_wall) / max(off_wall):.3f}; "
      f"medians ratio {median(on_wall) / median(off_wall):.3f}")
print(f"per CPU second, median: off {median(off_cpu)}, on {median(on_cpu)} readings/s, ratio on/off {median(on_cpu) / median(off_cpu):.3f}")
RATIO
