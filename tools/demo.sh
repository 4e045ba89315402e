#!/usr/bin/env bash
# Builds the C example sipdump (with the Rust library) and runs it over the sample stream of
# examples-c/: each message's start line and headers, validation verdicts, keep-alives.
#   tools/demo.sh [STREAM_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
build=${MSSIP_BUILD_DIR:-build}
log="$build/demo-build.log"
mkdir -p "$build"
echo "building sipdump (log: $log) ..." >&2
if ! { cmake -S . -B "$build" && cmake --build "$build" --target sipdump; } > "$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
exec "$build/examples-c/sipdump" "${1:-examples-c/sample-stream.sip}"
