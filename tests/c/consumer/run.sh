#!/usr/bin/env bash
# Installs the build tree BUILD into a fresh prefix under WORK, then builds and runs
# consumer.c against it three ways: pkg-config (shared), pkg-config --static, and CMake's
# find_package(mssip) (shared and static targets).
#   run.sh BUILD WORK [CMAKE] [CC]
set -euo pipefail
build=$1
work=$2
cmake=${3:-cmake}
cc=${4:-cc}
here=$(cd "$(dirname "$0")" && pwd)

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log"

libdir=$(dirname "$(find "$prefix" -name libmssip.a -print -quit)")
test -f "$prefix/include/mssip.h"
# The shared library chain: libmssip.so -> libmssip.so.0 -> libmssip.so.X.Y.Z
test -L "$libdir/libmssip.so" && test -L "$libdir/libmssip.so.0"
test "$(readlink "$libdir/libmssip.so")" = libmssip.so.0
real=$(readlink "$libdir/libmssip.so.0")
test -f "$libdir/$real" && test ! -L "$libdir/$real"
if command -v readelf > /dev/null; then
  readelf -d "$libdir/$real" | grep 'SONAME.*\[libmssip\.so\.0\]' > /dev/null
fi

export PKG_CONFIG_PATH="$libdir/pkgconfig"
test "$(pkg-config --variable=prefix mssip)" = "$prefix"
pkg-config --exists --print-errors "mssip >= 0.1"

# shellcheck disable=SC2046 # word splitting of pkg-config output is intended
"$cc" -Wall -Wextra -Werror -o "$work/pc_shared" "$here/consumer.c" \
  $(pkg-config --cflags --libs mssip)
LD_LIBRARY_PATH="$libdir" "$work/pc_shared"
# The shared build must really load libmssip.so.0 (and the static one must not need it).
LD_LIBRARY_PATH="$libdir" ldd "$work/pc_shared" | grep 'libmssip\.so\.0 =>' > /dev/null

# shellcheck disable=SC2046
"$cc" -Wall -Wextra -Werror -o "$work/pc_static" "$here/consumer.c" \
  $(pkg-config --cflags mssip) "$libdir/libmssip.a" $(pkg-config --libs-only-l --static mssip | sed 's/-lmssip//')
if ldd "$work/pc_static" | grep libmssip > /dev/null; then
  echo "pc_static links libmssip dynamically" >&2
  exit 1
fi
"$work/pc_static"

"$cmake" -S "$here" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" > "$work/cmake-configure.log"
"$cmake" --build "$work/cmake-build" > "$work/cmake-build.log"
"$work/cmake-build/consumer_shared"
if ldd "$work/cmake-build/consumer_static" | grep libmssip > /dev/null; then
  echo "consumer_static links libmssip dynamically" >&2
  exit 1
fi
"$work/cmake-build/consumer_static"
echo "install consumer: pkg-config (shared, static) and find_package (shared, static) ok"
