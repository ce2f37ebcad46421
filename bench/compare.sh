#!/usr/bin/env bash
# bench/compare.sh: an earlier revision against the working tree, on the same
# machine and the same database, in turns, so that a figure that moved in
# bench/RESULTS.md can be told apart from a different machine. Builds REV's
# release binary in a temporary worktree (sharing target/), then the current
# one, and measures each ROUNDS times on N users: GET /users and a search
# (requests/s, p50, p99) and the peak resident memory (VmHWM) after them, on
# SQLite and then on PostgreSQL (a throwaway cluster made by pg_virtualenv).
# Usage: bash bench/compare.sh REV [N=1000000] [ROUNDS=2] [SECONDS=3]
# It leaves target/release/gatehouse built from the working tree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then
  command -v pg_virtualenv >/dev/null || { apt-get install -y -qq postgresql >/dev/null; }
  exec pg_virtualenv bash "$0" "$@"
fi
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
# Both binaries on their defaults: REV may not know a setting the working
# tree's Rocket.toml has since gained (log_format).
export ROCKET_CONFIG="$WORK/no-Rocket.toml"
# (Never `kill 0`: that is the whole process group, pg_virtualenv among it.)
trap 'if [ "${SERVER:-0}" != 0 ]; then kill "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK" "$BINS"' EXIT
query="q=Member%20$(printf '%07d' $((N / 3)))"
# ROUNDS turns of both binaries, each on its own copy of the database
# (BEFORE_DB, AFTER_DB), in a table: the working tree may migrate its copy
# to a schema REV cannot open.
rounds() {
  local engine=$1 before_db=$2 after_db=$3 db
  echo
  echo "$engine, $N users:"
  echo
  echo "| binary | round | GET /users (req/s p50 p99) | search (req/s p50 p99) | peak MB |"
  echo "|---|---:|---|---|---:|"
  for round in $(seq "$ROUNDS"); do
    for name in before after; do
      BIN="$BINS/$name"
      db=$before_db
      [ $name = after ] && db=$after_db
      start "$db"
      sign_in
      users=$(measure -H "Cookie: $SESSION" "$BASE/users")
      search=$(measure -H "Cookie: $SESSION" "$BASE/users?$query")
      echo "| $name ($([ $name = before ] && echo "$REV" || echo "working tree")) | $round | $users | $search | $(( $(peak_kib) / 1024 )) |"
      stop
    done
  done
}
# The databases are made by REV (the older schema), and copied.
BIN="$BINS/before"
sqlite_db=$(prepare "$N")
sqlite3 "$sqlite_db" ".backup '$WORK/after.db'"
rounds SQLite "$sqlite_db" "$WORK/after.db"
BIN="$BINS/before"
pg_prepare "$N" bench_compare
before_url=$PG_URL
psql -q -c "CREATE DATABASE bench_compare_after TEMPLATE bench_compare OWNER gatehouse_bench"
rounds PostgreSQL "$before_url" "${before_url/bench_compare\?/bench_compare_after\?}"
psql -q -c "DROP DATABASE bench_compare" -c "DROP DATABASE bench_compare_after"
