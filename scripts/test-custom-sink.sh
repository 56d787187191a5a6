#!/usr/bin/env bash
# Builds examples/custom-sink (a separate package that depends on this one by path) and runs its tests, then runs
# its privacy-runtime-custom on daily-csv.yaml and checks the day files against the input (check_output.py).
set -euo pipefail
cd "$(dirname "$0")/../examples/custom-sink"
# Shared with the root package, so the modules and dependencies it already built are reused (~1 min instead of ~5).
scratch=../../.build
swift build --build-tests --scratch-path "$scratch"
swift test --skip-build --disable-swift-testing --scratch-path "$scratch"
rm -rf out
"$(swift build --show-bin-path --scratch-path "$scratch")/privacy-runtime-custom" --quiet --policy daily-csv.yaml
python3 check_output.py daily-csv.yaml ../keys/demo-utility.key.json
