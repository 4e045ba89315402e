#!/usr/bin/env bash
# Runs every test: the Rust tests (unit, integration, doc, header freshness), then the C
# side through CMake and ctest with the C tests and the sanitizers turned on (C tests under
# ASan/UBSan, the examples against their expected output, and the README's Linking section
# run as written: a plain build, install, and programs linked through pkg-config and CMake).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cargo test
build=${MSSIP_BUILD_DIR:-build}
cmake -S . -B "$build" -DMSSIP_BUILD_TESTS=ON -DMSSIP_SANITIZE=ON
cmake --build "$build"
(cd "$build" && ctest --output-on-failure)
