#!/usr/bin/env bash
# Fresh machine to a passing test suite: install, build, run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8
ctest --output-on-failure --timeout 300 -j "$(nproc)"
