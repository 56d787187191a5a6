#!/usr/bin/env bash
# Tests the Debian package where no Swift toolchain can hide a missing library: builds it (unless --deb FILE
# is given), installs it with apt into a minimal Debian root made by debootstrap (Depends resolved by apt),
# runs the README's commands there in a chroot, checks the decrypted totals against sums computed here from
# the example CSV, reviews the installed unit with systemd-analyze, then purges the package.
# Needs root, debootstrap and network access to a Debian mirror. Expensive (a release build): not part of
# scripts/test.sh. Usage: scripts/test-package.sh [--deb FILE] [--root DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
deb="" root_dir="/tmp/privacy-runtime-debroot"
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb="$2"; shift 2 ;;
    --root) root_dir="$2"; shift 2 ;;
    *) echo "usage: $0 [--deb FILE] [--root DIR]" >&2; exit 2 ;;
  esac
done
if [ -z "$deb" ]; then
  scripts/package-deb.sh
  deb=$(ls -t dist/privacy-runtime_*.deb | head -1)
fi
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
if [ ! -x "$root_dir/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  echo "test-package: debootstrap --variant=minbase bookworm $root_dir ($mirror)"
  debootstrap --variant=minbase bookworm "$root_dir" "$mirror" >/dev/null
fi
in_root() { chroot "$root_dir" "$@"; }
mountpoint -q "$root_dir/proc" || mount -t proc proc "$root_dir/proc"
trap 'umount "$root_dir/proc" 2>/dev/null || true' EXIT
if in_root sh -c 'command -v swift || ls /usr/lib/swift' >/dev/null 2>&1; then
  echo "test-package: $root_dir has a Swift toolchain; use a fresh root" >&2; exit 1
fi

echo "test-package: apt-get install $(basename "$deb")"
cp "$deb" "$root_dir/tmp/"
in_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq "/tmp/$(basename "$deb")" >/dev/null
in_root sh -c 'ldd /usr/bin/privacy-runtime' | tee /tmp/test-package-ldd.txt | grep -q "not found" && {
  echo "test-package: unresolved libraries:" >&2; grep "not found" /tmp/test-package-ldd.txt >&2; exit 1; }
echo "test-package: linked: $(awk '{print $1}' /tmp/test-package-ldd.txt | tr '\n' ' ')"
in_root privacy-runtime --version
for f in /usr/share/man/man1/privacy-runtime.1.gz /usr/share/bash-completion/completions/privacy-runtime \
         /usr/share/zsh/vendor-completions/_privacy-runtime /usr/share/fish/vendor_completions.d/privacy-runtime.fish \
         /lib/systemd/system/privacy-runtime@.service /etc/privacy-runtime/billing.yaml; do
  [ -s "$root_dir$f" ] || { echo "test-package: $f missing" >&2; exit 1; }
done
grep -q -- '--plot-keys' "$root_dir/usr/share/bash-completion/completions/privacy-runtime" \
  && zcat "$root_dir/usr/share/man/man1/privacy-runtime.1.gz" | grep -q 'decrypt' \
  || { echo "test-package: completions or man page lack the decrypt command" >&2; exit 1; }
in_root getent passwd privacy-runtime >/dev/null || { echo "test-package: no system user" >&2; exit 1; }

# The README's commands in the installed system, as the service user.
out=$(mktemp -d)
in_root rm -f /var/lib/privacy-runtime/billing.sqlite
in_root runuser -u privacy-runtime -- privacy-runtime --policy /etc/privacy-runtime/billing.yaml > "$out/run.txt" 2>&1
cat "$out/run.txt"
lines=$(wc -l < "$out/run.txt")
[ "$lines" -lt 40 ] || { echo "test-package: the first run printed $lines lines" >&2; exit 1; }
in_root privacy-runtime decrypt --key /usr/share/privacy-runtime/examples/keys/demo-utility.key.json \
  --input sqlite:/var/lib/privacy-runtime/billing.sqlite > "$out/billing.csv"
python3 - "$out/billing.csv" examples/data/readings.csv <<'PY'
import csv, sys
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
expected = defaultdict(Decimal)
for row in csv.DictReader(open(sys.argv[2])):
    t = int(datetime.fromisoformat(row["timestamp"].replace("Z", "+00:00")).timestamp())
    expected[(row["meter_id"], t - t % 7200)] += Decimal(row["energy_wh"])
got = {}
for row in csv.DictReader(open(sys.argv[1])):
    t = int(datetime.fromisoformat(row["window_start"].replace("Z", "+00:00")).timestamp())
    got[(row["key"], t)] = Decimal(row["total"])
assert got == expected, f"{len(got)} decrypted windows differ from {len(expected)} expected"
print(f"test-package: {len(got)} decrypted billing windows equal the sums of the example CSV")
PY
in_root runuser -u privacy-runtime -- privacy-runtime --quiet --policy /etc/privacy-runtime/regional-statistics.yaml
in_root privacy-runtime decrypt --key /usr/share/privacy-runtime/examples/keys/demo-utility.key.json \
  --input sqlite:/var/lib/privacy-runtime/regional.sqlite --plot /tmp/regional.svg
grep -q '<svg' "$root_dir/tmp/regional.svg"

# What the unit's MemoryDenyWriteExecute and SystemCallFilter allow, tried on the installed binary: a run under the
# kernel's own W^X lock (prctl PR_SET_MDWE, inherited across exec), and every system call its threads make
# (strace, as the service user) checked against systemd's @system-service set minus @privileged.
if command -v strace >/dev/null && python3 -c 'import ctypes; assert ctypes.CDLL(None).prctl(66, 0, 0, 0, 0) >= 0' 2>/dev/null; then
  in_root rm -f /var/lib/privacy-runtime/regional.sqlite
  python3 - "$root_dir" <<'PY'
import ctypes, os, sys
assert ctypes.CDLL(None).prctl(65, 1, 0, 0, 0) == 0, "PR_SET_MDWE refused"
os.execvp("strace", ["strace", "-f", "-qq", "-o", "/tmp/test-package-strace.txt", "chroot", sys.argv[1], "runuser",
                     "-u", "privacy-runtime", "--", "privacy-runtime", "--quiet", "--policy",
                     "/etc/privacy-runtime/regional-statistics.yaml"])
PY
  systemd-analyze syscall-filter --no-pager > "$out/groups.txt" 2>/dev/null
  python3 - /tmp/test-package-strace.txt "$out/groups.txt" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if 'execve("/usr/bin/privacy-runtime"' in l)
pids, used = {lines[start].split()[0]}, set()
for line in lines[start:]:
    pid, rest = line.split(None, 1)
    if pid not in pids: continue
    call = re.match(r"(?:<\.\.\. )?([a-z0-9_]+)", rest)
    if call: used.add(call.group(1))
    child = re.search(r"clone3?(?:\(| resumed>).*= (\d+)$", rest)
    if child: pids.add(child.group(1))
groups, current = {}, None
for line in open(sys.argv[2]):
    if line.startswith("@"): current = line.split()[0]; groups[current] = []
    elif current and line.startswith("    ") and not line.strip().startswith("#"): groups[current].append(line.split()[0])
def expand(group):
    return set().union(*[expand(m) if m.startswith("@") else {m} for m in groups.get(group, [])])
refused = (used - expand("@system-service")) | (used & expand("@privileged"))
assert not refused, f"system calls the unit's filter refuses: {sorted(refused)}"
print(f"test-package: under PR_SET_MDWE, {len(pids)} threads made {len(used)} distinct system calls, all allowed by the unit's filter")
PY
fi

# The installed unit, reviewed offline against the installed tree.
if systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
  systemd-analyze security --offline=true --root="$root_dir" --threshold=15 --no-pager privacy-runtime@billing.service \
    | grep 'Overall exposure'
fi

DEBIAN_FRONTEND=noninteractive in_root apt-get purge -y -qq privacy-runtime >/dev/null
! in_root getent passwd privacy-runtime >/dev/null || { echo "test-package: purge left the user" >&2; exit 1; }
[ ! -e "$root_dir/var/lib/privacy-runtime" ] || { echo "test-package: purge left the state" >&2; exit 1; }
rm -rf "$out"
echo "test-package: ok ($(basename "$deb") installs, runs, decrypts and purges in a minimal bookworm root)"
