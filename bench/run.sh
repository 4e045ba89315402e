#!/usr/bin/env bash
# Runs the parse benchmark (mssip vs sofia-sip, oSIP2, libre), then the features benchmark
# (NAT, registrar, target lookup through the C ABI). Installs the C peers' Debian
# packages first when they are missing. Extra arguments go to the benchmark
# (--iters N --runs N --warmup N --only SUBSTRING).
set -euo pipefail

cd "$(dirname "$0")"

PKGS=(libsofia-sip-ua-dev libosip2-dev libre-dev pkg-config)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    if ! $SUDO apt-get install -y "${missing[@]}"; then
        $SUDO apt-get update
        $SUDO apt-get install -y "${missing[@]}"
    fi
fi

# The Rust-API benchmark.
cargo run --release -- "$@"
echo

# The C-ABI benchmark: a C program linked against the release libmssip.a, timing mssip and
# the three C stacks in one process.
(cd .. && cargo build --release --lib --quiet)
mkdir -p target
# shellcheck disable=SC2046
cc -O2 -Wall -Wextra -DHAVE_INTTYPES_H -I../include -Ic \
    $(pkg-config --cflags sofia-sip-ua libosip2 libre) \
    c/cbench.c c/peer_sofia.c c/peer_osip.c c/peer_libre.c ../target/release/libmssip.a \
    $(pkg-config --libs sofia-sip-ua libosip2 libre) -lpthread -ldl -lm -o target/cbench
target/cbench data "$@"
echo

# The features benchmark through the C ABI: NAT processing, the registrar (new binding,
# refresh) and target lookup with 1,000 to 100,000 bindings (c/featbench.c).
cc -O2 -Wall -Wextra -I../include -Ic c/featbench.c ../target/release/libmssip.a \
    -lpthread -ldl -lm -o target/featbench
exec target/featbench
