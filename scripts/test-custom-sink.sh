#!/usr/bin/env bash
# Builds examples/custom-sink (a separate package that depends on this one by path) and runs its tests.
set -euo pipefail
cd "$(dirname "$0")/../examples/custom-sink"
# Shared with the root package, so the modules and dependencies it already built are reused (~40 s instead of ~5 min).
scratch=../../.build
swift build --build-tests --scratch-path "$scratch"
swift test --skip-build --scratch-path "$scratch"
