#!/usr/bin/env bash
# Runs the parse benchmark (mssip vs sofia-sip, oSIP2, libre). Installs the C peers' Debian
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

exec cargo run --release -- "$@"
