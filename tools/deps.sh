#!/usr/bin/env bash
# Installs what building and testing the C side needs beyond Rust and a C compiler:
# cmake, make and pkg-config; OpenSSL's headers and tool (the edge proxy's TLS, the test
# certificate); SIPp and stunnel (the edge proxy's on-the-wire tests). Debian/Ubuntu packages,
# through apt-get, only when missing.
set -euo pipefail

missing=()
command -v cmake > /dev/null || missing+=(cmake)
command -v make > /dev/null || missing+=(make)
command -v pkg-config > /dev/null || missing+=(pkg-config)
command -v cc > /dev/null || command -v gcc > /dev/null || missing+=(gcc)
command -v readelf > /dev/null || missing+=(binutils)
[ -f /usr/include/openssl/ssl.h ] || missing+=(libssl-dev)
command -v openssl > /dev/null || missing+=(openssl)
command -v sipp > /dev/null || missing+=(sip-tester)
command -v stunnel4 > /dev/null || missing+=(stunnel4)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get > /dev/null; then
  echo "deps: missing ${missing[*]}; install them with your package manager" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo > /dev/null || { echo "deps: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "deps: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
