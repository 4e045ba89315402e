#!/usr/bin/env bash
# Instructions per call of the call router benchmark (bench/router.sh) under callgrind:
# route + drain + free, counted as the whole run of 2N calls minus the run of N calls, so the
# set-up and the live-call measure (at most 2000 calls in both runs) cancel. Usage:
# bench/routergrind.sh [N] (default 2000, at least 2000).
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-2000}
bash router.sh --iters 10 --runs 1 >/dev/null
total() {
    valgrind --tool=callgrind --callgrind-out-file="target/routergrind.$1.out" \
        target/bench_router ../tests/data/routing/preamble-simultaneous-ring.xml \
        --iters "$1" --runs 1 >/dev/null 2>"target/routergrind.$1.err"
    awk '/^(summary|totals):/ {print $2; exit}' "target/routergrind.$1.out"
}
a=$(total "$n")
b=$(total $((2 * n)))
echo "router: $(((b - a) / n)) instructions per call (route + drain + free, callgrind)"
