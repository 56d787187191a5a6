#!/usr/bin/env bash
# Throughput of the release `privacy-runtime` over a NATS JetStream stream with checkpoints every INTERVAL against
# none, in alternating runs on the same stream (issue 16: within 10%). A fleet of METERS household meters reading
# every 5 minutes for HOURS hours is published once (`publish --nats`); each run reads the whole stream with a
# household/1d `per_window` policy (one open window per meter), a fresh state directory and, with checkpoints, a
# fresh checkpoint bucket, into SQLite. Prints each run's rate and the best-of ratio (other load only slows a run).
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
  local t0 t1
  t0=$(date +%s.%N)
  "$runtime" run --policy "$dir/policy.yaml" --state-dir "$dir/state" >/dev/null 2>"$dir/stderr.log"
  t1=$(date +%s.%N)
  python3 -c "print(round($readings / ($t1 - $t0 - $idle)))"
}

off=() on=()
for round in $(seq 1 "$rounds"); do
  off+=("$(run "off-$round" "")")
  on+=("$(run "on-$round" "  checkpoint_every: $interval
  checkpoint_bucket: ckpt-bench-$$-$round")")
  echo "round $round: checkpoints off ${off[-1]} readings/s, every $interval ${on[-1]} readings/s"
done
python3 - "${off[*]}" "${on[*]}" <<'RATIO'
import sys
off = [int(x) for x in sys.argv[1].split()]; on = [int(x) for x in sys.argv[2].split()]
print(f"best: off {max(off)} readings/s, on {max(on)} readings/s, ratio on/off {max(on) / max(off):.3f}; "
      f"medians {sorted(off)[len(off) // 2]} and {sorted(on)[len(on) // 2]}, ratio {sorted(on)[len(on) // 2] / sorted(off)[len(off) // 2]:.3f}")
RATIO
