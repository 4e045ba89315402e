#!/usr/bin/env bash
# Runs every test: the Rust tests (unit, integration, doc, header freshness), then the C
# side through CMake and ctest (C tests under ASan/UBSan, the sipdump example against its
# expected output, and an install + pkg-config/find_package consumer build).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cargo test
build=${MSSIP_BUILD_DIR:-build}
cmake -S . -B "$build"
cmake --build "$build"
(cd "$build" && ctest --output-on-failure)
