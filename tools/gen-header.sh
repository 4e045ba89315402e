#!/usr/bin/env bash
# Regenerates include/mssip.h from src/ffi with cbindgen (pinned in Cargo.toml's
# dev-dependencies), using the same code path as the freshness test tests/header_fresh.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
MSSIP_WRITE_HEADER=1 cargo test --quiet --test header_fresh -- committed_header_is_fresh
echo "wrote include/mssip.h"
