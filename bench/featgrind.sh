#!/usr/bin/env bash
# Instructions per call of the benchmarks of the features benchmark, counted by callgrind
# inside the timed step functions only (--toggle-collect), so set-up is not counted. Needs
# bench/target/featbench (built by run.sh) and valgrind.
# Usage: bench/featgrind.sh NAME [N]
#   NAME: nat-parse-free | nat-with-parse | reg-new | reg-refresh | lookup-1000 | lookup-10000 | lookup-100000
set -euo pipefail
cd "$(dirname "$0")"
name=$1 n=${2:-1000}
total=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='step_*' \
    target/featbench --only "$name" --iters "$n" --runs 1 --warmup 0 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
# The one check call made before timing runs a step too.
echo "$name: $((total / (n + 1))) instructions per call"
