#!/usr/bin/env bash
# The route-set benchmark (MS-SIPRE 3.6) through the C ABI: sign + insert a Record-Route,
# verify + decode a Route, ns each. Argument: iterations per run (default 20000).
# `--callgrind [N]`: instructions per operation counted by callgrind (valgrind) inside the
# timed step functions only, steady on a loaded machine; insert is the parse + insert + free
# step less the parse + free step.
set -euo pipefail
cd "$(dirname "$0")"
(cd .. && cargo build --release --lib --quiet)
mkdir -p target
cc -O2 -Wall -Wextra -Werror -I../include c/bench_routeset.c ../target/release/libmssip.a \
    -lpthread -ldl -lm -o target/bench_routeset
if [ "${1:-}" = --callgrind ]; then
  n=${2:-2000}
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='step_*' \
        target/bench_routeset "$n" --only "$1" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  p=$(count parse) i=$(count insert) v=$(count verify)
  echo "routeset parse + free of the INVITE: $((p / n)) instructions"
  echo "routeset sign + insert a Record-Route: $(((i - p) / n)) instructions per operation"
  echo "routeset verify + decode a Route: $((v / n)) instructions per operation"
  exit 0
fi
exec target/bench_routeset "$@"
