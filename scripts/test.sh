#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need, builds, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# python-paillier for the interop tests.
python3 -c 'import phe' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check 'phe==1.5.0'
# jsonschema and PyYAML for the policy schema tests.
python3 -c 'import jsonschema, yaml' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check jsonschema pyyaml
# Throwaway PostgreSQL and mosquitto on loopback for the plugin tests, stopped however the run ends
# (unless they were already running before this run, e.g. started by hand with scripts/services.sh start).
export PRIVACY_RUNTIME_SERVICES_ENV="${PRIVACY_RUNTIME_SERVICES_DIR:-/tmp/privacy-runtime-services}/env"
if [ ! -f "$PRIVACY_RUNTIME_SERVICES_ENV" ]; then
  trap 'scripts/services.sh stop' EXIT
fi
scripts/services.sh start
swift build --build-tests
swift test --skip-build
# The custom-sink example: a separate package built against this checkout, its tests, its binary's output.
scripts/test-custom-sink.sh
