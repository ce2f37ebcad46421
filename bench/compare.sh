#!/usr/bin/env bash
# bench/compare.sh: an earlier revision against the working tree, on the same
# machine and the same database, in turns, so that a figure that moved in
# bench/RESULTS.md can be told apart from a different machine. Builds REV's
# release binary in a temporary worktree (sharing target/), then the current
# one, and measures each ROUNDS times on N users: GET /users and a search
# (requests/s, p50, p99) and the peak resident memory (VmHWM) after them.
# Usage: bash bench/compare.sh REV [N=1000000] [ROUNDS=2] [SECONDS=3]
# It leaves target/release/gatehouse built from the working tree.
set -euo pipefail
cd "$(dirname "$0")/.."
REV=${1:?usage: bash bench/compare.sh REV [N] [ROUNDS] [SECONDS]}
N=${2:-1000000}
ROUNDS=${3:-2}
SECONDS_PER_RUN=${4:-3}
BINS=$(mktemp -d)
tree="$BINS/tree"
git worktree add -q --detach "$tree" "$REV"
CARGO_TARGET_DIR="$PWD/target" cargo build --release --locked --manifest-path "$tree/Cargo.toml"
cp target/release/gatehouse "$BINS/before"
git worktree remove --force "$tree"
# The current tree last, linked again: cargo does not copy a binary it finds
# fresh, and target/release/gatehouse holds REV's now.
touch src/main.rs
cargo build --release --locked
cp target/release/gatehouse "$BINS/after"
cmp -s "$BINS/before" "$BINS/after" && echo "bench: note: $REV builds the same binary as the working tree"
BIN="$BINS/after"
# shellcheck source=bench/common.sh
source bench/common.sh
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$WORK" "$BINS"' EXIT
db=$(prepare "$N")
query="q=Member%20$(printf '%07d' $((N / 3)))"
echo "| binary | round | GET /users (req/s p50 p99) | search (req/s p50 p99) | peak MB |"
echo "|---|---:|---|---|---:|"
for round in $(seq "$ROUNDS"); do
  for name in before after; do
    BIN="$BINS/$name"
    start "$db"
    sign_in
    users=$(measure -H "Cookie: $SESSION" "$BASE/users")
    search=$(measure -H "Cookie: $SESSION" "$BASE/users?$query")
    echo "| $name ($([ $name = before ] && echo "$REV" || echo "working tree")) | $round | $users | $search | $(( $(peak_kib) / 1024 )) |"
    stop
  done
done
