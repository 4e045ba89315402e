#!/usr/bin/env bash
# The call router benchmark through the C ABI (bench/c/bench_router.c), linked against the
# release libmssip.a. Extra arguments go to the benchmark (--iters N --runs N).
set -euo pipefail
cd "$(dirname "$0")"
(cd .. && cargo build --release --lib --quiet)
mkdir -p target
cc -O2 -Wall -Wextra -Werror -I../include c/bench_router.c ../target/release/libmssip.a \
    -lpthread -ldl -lm -o target/bench_router
exec target/bench_router ../tests/data/routing/preamble-simultaneous-ring.xml "$@"
