#!/usr/bin/env bash
# Runs the commands of the README's "Linking" section as they are written there, so that what
# the README tells a C user cannot drift from what works:
#   1. the build + install block, from a plain configure of this source tree (its own build
#      directory and cargo target, no options), installing into "$HOME/.local";
#   2. each `cc app.c ...` line of the pkg-config block, in its own directory;
#   3. the README's CMakeLists.txt with its configure + build line.
# $HOME is a scratch directory under WORK, so nothing outside WORK is written. app.c is
# consumer.c. Then it checks what was installed, what each program links (readelf) and that
# each one runs.
#   run.sh SOURCE_DIR WORK
set -euo pipefail
src=$(cd "$1" && pwd)
work=$2
here=$(cd "$(dirname "$0")" && pwd)
readme="$src/README.md"

fail() {
  echo "readme linking: $*" >&2
  exit 1
}

# Prints the Nth (1-based) fenced block of language LANG in the README's "### Linking"
# section, without its fences.
readme_block() {
  awk -v lang="$1" -v want="$2" '
    /^#+ / { in_section = ($0 == "### Linking") }
    !in_section { next }
    fence && /^```$/ { fence = 0; next }
    fence { if (n == want) print; next }
    $0 == "```" lang { fence = 1; n++ }
  ' "$readme"
}

build_block=$(readme_block sh 1)
pkgconfig_block=$(readme_block sh 2)
cmake_lists=$(readme_block cmake 1)
cmake_block=$(readme_block sh 3)
for b in build_block pkgconfig_block cmake_lists cmake_block; do
  [ -n "${!b}" ] || fail "README.md: the Linking section lacks its $b"
done

rm -rf "$work"
mkdir -p "$work/home"
# A scratch home for the install prefix; cargo and rustup keep using the real one.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
[ -d "${RUSTUP_HOME:-$HOME/.rustup}" ] && export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export HOME="$work/home"
# The plain build has its own cargo target directory, as on a fresh checkout.
unset CARGO_TARGET_DIR
prefix="$HOME/.local"

# Runs one README line in directory DIR, echoing it (output to DIR/log on success).
run_line() {
  local dir=$1 line=$2
  echo "+ (in ${dir#"$work"/}) $line"
  if ! (cd "$dir" && eval "$line") > "$dir/log" 2>&1; then
    cat "$dir/log" >&2
    fail "README command failed: $line"
  fi
}

# needs FILE: the shared libraries FILE names as NEEDED, one a line (none for a static file).
needs() {
  readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

check_program() { # check_program FILE KIND, KIND one of shared, static, fully-static
  local file=$1 kind=$2 out needed
  [ -x "$file" ] || fail "$file was not built"
  needed=$(needs "$file")
  case $kind in
    shared) [[ $'\n'$needed$'\n' == *$'\n'libmssip.so.0$'\n'* ]] || fail "$file does not load libmssip.so.0" ;;
    static) [[ $needed != *libmssip* ]] || fail "$file needs libmssip at run time" ;;
    fully-static) [ -z "$needed" ] || fail "$file needs shared libraries: $needed" ;;
  esac
  # No LD_LIBRARY_PATH: the shared programs find the library through their rpath.
  out=$(env -u LD_LIBRARY_PATH "$file") || fail "$file failed: $out"
  [ "$out" = "mssip $version ok" ] || fail "$file printed '$out'"
  echo "  $kind ok: ${file#"$work"/}"
}

version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$src/Cargo.toml" | head -n 1)

# 1. A copy of the source tree made of links to it (no build directories, no cargo target),
#    built and installed by the README's first block.
mkdir "$work/src"
for entry in "$src"/* "$src"/.[!.]*; do
  [ -e "$entry" ] || continue
  name=$(basename "$entry")
  case $name in .git | target) continue ;; esac
  # Build directories (CMake's or cargo's) stay out.
  [ -e "$entry/CMakeCache.txt" ] || [ -e "$entry/CACHEDIR.TAG" ] && continue
  ln -s "$entry" "$work/src/$name"
done
while IFS= read -r line; do
  [ -n "$line" ] && run_line "$work/src" "$line"
done <<< "$build_block"

cache="$work/src/build/CMakeCache.txt"
[ -f "$cache" ] || fail "the README's build block did not configure $work/src/build"
grep -qx 'MSSIP_RUST_PROFILE:STRING=release' "$cache" || fail "a plain configure does not build the release library"
grep -qx 'MSSIP_BUILD_TESTS:BOOL=OFF' "$cache" || fail "a plain configure builds the C tests"
grep -qx 'MSSIP_SANITIZE:BOOL=OFF' "$cache" || fail "a plain configure turns the sanitizers on"
! ls "$work/src/build/tests" > /dev/null 2>&1 || fail "a plain build compiles the C tests"

libdir=$(dirname "$(find "$prefix" -name libmssip.a -print -quit)")
[ -f "$prefix/include/mssip.h" ] || fail "mssip.h not installed"
# The shared library chain: libmssip.so -> libmssip.so.0 -> libmssip.so.X.Y.Z
[ -L "$libdir/libmssip.so" ] && [ -L "$libdir/libmssip.so.0" ] || fail "libmssip.so links missing"
[ "$(readlink "$libdir/libmssip.so")" = libmssip.so.0 ] || fail "libmssip.so does not point to libmssip.so.0"
real=$(readlink "$libdir/libmssip.so.0")
[ "$real" = "libmssip.so.$version" ] && [ -f "$libdir/$real" ] && [ ! -L "$libdir/$real" ] ||
  fail "libmssip.so.0 does not point to the library file libmssip.so.$version"
[[ $(readelf -d "$libdir/$real") == *'(SONAME)'*'[libmssip.so.0]'* ]] || fail "SONAME is not libmssip.so.0"
# The release build carries no debug info (a debug build of the library has .debug_info);
# the install strips the standard library's debug info from the archive.
for lib in "$libdir/$real" "$libdir/libmssip.a"; do
  [[ $(readelf -S "$lib") != *.debug_info* ]] || fail "the installed $(basename "$lib") has debug info"
done
for pc in mssip mssip-static; do
  [ -f "$libdir/pkgconfig/$pc.pc" ] || fail "$pc.pc not installed"
done
[ -f "$libdir/cmake/mssip/mssipConfig.cmake" ] || fail "CMake package not installed"
echo "  install ok: $(cd "$prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"

# 2. pkg-config: every `cc` line builds a.out in a directory of its own; `export` lines hold
#    for the lines after them.
n=0
while IFS= read -r line; do
  case $line in
    export\ *)
      echo "+ $line"
      eval "$line"
      ;;
    cc\ *)
      n=$((n + 1))
      dir="$work/pkg-config-$n"
      mkdir "$dir"
      cp "$here/consumer.c" "$dir/app.c"
      run_line "$dir" "$line"
      if [[ $line == cc\ -static\ * ]]; then
        check_program "$dir/a.out" fully-static
      elif [[ $line == *mssip-static* ]]; then
        check_program "$dir/a.out" static
      else
        check_program "$dir/a.out" shared
      fi
      ;;
    '') ;;
    *) fail "unexpected line in the README's pkg-config block: $line" ;;
  esac
done <<< "$pkgconfig_block"
[ "$n" -ge 2 ] || fail "the README's pkg-config block has $n cc lines, expected shared and static"
[ "$(pkg-config --variable=prefix mssip)" = "$prefix" ] || fail "mssip.pc prefix is not $prefix"

# 3. CMake: the README's CMakeLists.txt and its configure + build line.
dir="$work/cmake"
mkdir "$dir"
cp "$here/consumer.c" "$dir/app.c"
printf '%s\n' "$cmake_lists" > "$dir/CMakeLists.txt"
while IFS= read -r line; do
  [ -n "$line" ] && run_line "$dir" "$line"
done <<< "$cmake_block"
targets=0
while read -r target lib; do
  targets=$((targets + 1))
  case $lib in
    mssip::mssip) check_program "$dir/build/$target" shared ;;
    mssip::mssip_static) check_program "$dir/build/$target" static ;;
    *) fail "the README's CMakeLists.txt links $target with $lib" ;;
  esac
done < <(sed -n 's/^target_link_libraries(\([A-Za-z0-9_]*\) PRIVATE \([A-Za-z0-9_:]*\)).*/\1 \2/p' \
  "$dir/CMakeLists.txt")
[ "$targets" -ge 2 ] || fail "the README's CMakeLists.txt has $targets programs, expected shared and static"
echo "readme linking: every command of the README's Linking section works"
