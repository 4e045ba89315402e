#!/usr/bin/env bash
# A short run of every fuzz target (MSSIP_FUZZ_SECONDS each, 10 by default: about a minute
# in all, plus the build), as CI runs it after the tests. Needs the nightly toolchain (the
# machine's); installs cargo-fuzz when it is missing. A target that crashes fails the run,
# with the input that did it left in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${MSSIP_FUZZ_SECONDS:-10}
if ! cargo +nightly --version > /dev/null 2>&1; then
  echo "fuzz smoke: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
  exit 1
fi
if ! cargo fuzz --version > /dev/null 2>&1; then
  echo "fuzz smoke: installing cargo-fuzz"
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
./seed.sh
cargo +nightly fuzz build -a
mkdir -p target/smoke
targets=$(cargo +nightly fuzz list)
passed=0
failed=0
for t in $targets; do
  log=target/smoke/$t.log
  if cargo +nightly fuzz run -a "$t" "corpus/$t" -- -max_total_time="$seconds" \
      -rss_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1; then
    echo "fuzz smoke: $t ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" \
      | grep -o '[0-9]*$') runs in ${seconds}s)"
    passed=$((passed + 1))
  else
    echo "fuzz smoke: $t FAILED; the end of its log:" >&2
    tail -n 40 "$log" >&2
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
