#!/usr/bin/env bash
# The route-set benchmark (MS-SIPRE 3.6) through the C ABI: sign + insert a Record-Route,
# verify + decode a Route, ns each. Argument: iterations per run (default 20000).
set -euo pipefail
cd "$(dirname "$0")"
(cd .. && cargo build --release --lib --quiet)
mkdir -p target
cc -O2 -Wall -Wextra -Werror -I../include c/bench_routeset.c ../target/release/libmssip.a \
    -lpthread -ldl -lm -o target/bench_routeset
exec target/bench_routeset "$@"
