#!/usr/bin/env bash
# The dial plan benchmark (MS-SIPRE 3.8) through the C ABI: translations through a 50-rule
# location profile, matching the first rule, the last, or none; ns per number (median of 7
# runs). Arguments: iterations per run (default 200000). `--callgrind [N]`: instructions per
# translation of each case counted by callgrind (valgrind), steady on a loaded machine.
set -euo pipefail
cd "$(dirname "$0")"
(cd .. && cargo build --release --lib --quiet)
mkdir -p target
cc -O2 -Wall -Wextra -Werror -I../include c/bench_dialplan.c ../target/release/libmssip.a \
    -lpthread -ldl -lm -o target/bench_dialplan
if [ "${1:-}" = --callgrind ]; then
  n=${2:-2000}
  for c in first last none; do
    total=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='step_*' \
        target/bench_dialplan --only "$c" "$n" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    # the two checks before timing run a step each
    echo "dialplan 50 rules, match on $c: $((total / (n + 2))) instructions per translation"
  done
  exit 0
fi
exec target/bench_dialplan "$@"
