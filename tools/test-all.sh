#!/usr/bin/env bash
# Runs every test: the Rust tests (unit, integration, doc, header freshness), the unit and
# integration tests once more on the plain scanner paths, then the C side through CMake and
# ctest with the C tests and the sanitizers turned on (C tests under ASan/UBSan, the examples
# against their expected output, and the README's Linking section run as written: a plain
# build, install, and programs linked through pkg-config and CMake).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cargo test

# --- The Rust tests again on the plain scanner paths -------------------------------------------
# The plain-scan feature switches the SSE2 / NEON fast paths of src/sip/scan/ (line feeds,
# header-name read, byte searches) to the plain code other targets run, so that code is tested
# on this machine too. Only mssip itself is rebuilt (the dependencies are those of the run
# above); the doc tests are left out, as they add nothing on these paths.
cargo test --features plain-scan --lib --tests
# -----------------------------------------------------------------------------------------------

build=${MSSIP_BUILD_DIR:-build}
cmake -S . -B "$build" -DMSSIP_BUILD_TESTS=ON -DMSSIP_SANITIZE=ON
cmake --build "$build"
(cd "$build" && ctest --output-on-failure)
