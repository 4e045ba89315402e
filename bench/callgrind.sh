#!/usr/bin/env bash
# Instructions per call of one parser of the C benchmark on one message, counted by callgrind:
# the difference between a run of 2N and a run of N calls, divided by N (start-up cancels
# out). Needs the C benchmark built by run.sh (bench/target/cbench) and valgrind.
# Usage: bench/callgrind.sh MESSAGE-SUBSTRING PARSER [N]   (PARSER: values|loop|ids|sofia|osip|libre)
set -euo pipefail
cd "$(dirname "$0")"
only=$1 parser=$2 n=${3:-1000}
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null target/cbench data \
        --only "$only" --parser "$parser" --iters "$1" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
a=$(count "$n")
b=$(count $((2 * n)))
echo "$only $parser: $(((b - a) / n)) instructions per call"
