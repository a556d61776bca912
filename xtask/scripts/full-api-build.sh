#!/usr/bin/env bash
# Cold `cargo build` of the whole upstream API's crate (spec/full-api.yaml), with every feature
# (the defaults) and with one small resource, twice each: wall time, CPU time and peak memory
# (GNU time's "Maximum resident set size", the largest rustc). Dependencies are built once
# first and not counted; each timed build starts from `cargo clean -p telnyx`. Reports only:
# wall time depends on the machine's load, printed beside each figure.
#
# Usage: bash xtask/scripts/full-api-build.sh [FEATURE]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
feature="${1:-balance}"
work="${TMPDIR:-/tmp}/full-api-build"
crate="$work/crate"
export CARGO_TARGET_DIR="$work/target"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }
cargo run -q -p xtask -- generate --spec ../shared/openapi/telnyx-spec3.yml \
  --config spec/full-api.yaml --out "$crate" >/dev/null
cp Cargo.lock "$crate/"
cd "$crate"
echo "dependencies (not counted): $(uptime)"
cargo build -q --no-default-features --features webhooks
for round in 1 2; do
  for set in "--no-default-features --features $feature" ""; do
    cargo clean -q -p telnyx
    echo "round $round: cargo build ${set:-(default features: all)}; load: $(uptime | sed 's/.*load/load/')"
    /usr/bin/time -v cargo build -q $set 2>"$work/time.txt"
    grep -E "Elapsed|User time|System time|Maximum resident" "$work/time.txt"
  done
done
