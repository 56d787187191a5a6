#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need, builds, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# python-paillier for the interop tests.
python3 -c 'import phe' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check 'phe==1.5.0'
# cryptography (Ed25519, AES-GCM) for the runtime key tests.
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check cryptography
# jsonschema and PyYAML for the policy schema tests.
python3 -c 'import jsonschema, yaml' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check jsonschema pyyaml
# Throwaway PostgreSQL, mosquitto and nats-server (JetStream, and a three-node cluster) on loopback for the plugin tests, stopped however the run ends
# (unless they were already running before this run, e.g. started by hand with scripts/services.sh start).
export PRIVACY_RUNTIME_SERVICES_ENV="${PRIVACY_RUNTIME_SERVICES_DIR:-/tmp/privacy-runtime-services}/env"
if [ ! -f "$PRIVACY_RUNTIME_SERVICES_ENV" ]; then
  trap 'scripts/services.sh stop' EXIT
fi
scripts/services.sh start
# A three-node JetStream cluster (R3 streams and buckets) for the node-loss tests.
scripts/services.sh nats-cluster-start
# The systemd unit the Debian package installs: declared hardening and systemd-analyze's offline review.
# (The package itself is tested by scripts/test-package.sh: a release build and a debootstrap root.)
scripts/check-unit.sh
logs="$(mktemp -d)"
swift build --build-tests
# Every test is XCTest; Swift Testing would only add a "0 tests" line.
swift test --skip-build --disable-swift-testing 2>&1 | tee "$logs/suite.log"
# The custom-sink example: a separate package built against this checkout, its tests, its binary's output.
scripts/test-custom-sink.sh 2>&1 | tee "$logs/custom-sink.log"
# A short libFuzzer run of the parsers and the policy loader from their seed corpora (FUZZING.md); a crash fails.
scripts/fuzz.sh "${FUZZ_SECONDS:-5}"
# One closing line over both runs, from XCTest's own totals.
grep -h -A1 "Test Suite 'All tests' \(passed\|failed\)" "$logs"/*.log \
  | grep -oE "Executed [0-9]+ tests?, with ([0-9]+ tests? skipped and )?[0-9]+ failures?" \
  | awk '{ run += $2; failed += $(NF - 1); if (NF > 6) skipped += $5 }
         END { print "tests: " run - failed - skipped " passed, " skipped + 0 " skipped, " failed " failed" }'
rm -rf "$logs"
