#!/usr/bin/env bash
# bench/profile.sh: where the time of one kind of request goes. Builds the
# release binary with symbols (the `profiling` cargo profile), prepares a
# database of USERS users, signs in, and samples the server with perf while
# wrk requests PATH; then prints the functions that took the most time, on
# their own (self) and with what they call (children).
# Usage: bash bench/profile.sh [PATH] [USERS] [SECONDS]   (default: /users 1000 10)
#        bash bench/profile.sh names [USERS] [SECONDS]: searches through many
#        queries (bench/search.lua) on a directory of realistic names.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_PATH=${1:-/users}
USERS=${2:-1000}
SECONDS_PER_RUN=${3:-10}
echo "profile: building the release binary with symbols"
cargo build --profile profiling --locked
BIN=target/profiling/gatehouse
# shellcheck source=bench/common.sh
source bench/common.sh
need perf linux-perf

if [ "$TARGET_PATH" = names ]; then
  write_queries
  db=$(prepare_names "$USERS")
else
  db=$(prepare "$USERS")
fi
start "$db"
sign_in
perf record -q -e cpu-clock -F 999 -g -p "$SERVER" -o "$WORK/perf.data" -- sleep "$SECONDS_PER_RUN" 2>/dev/null &
recording=$!
if [ "$TARGET_PATH" = names ]; then
  echo "profile: searches through many queries, $USERS realistic names: $(BENCH_SESSION=$SESSION BENCH_QUERIES=$WORK/names.txt measure -s bench/search.lua "$BASE/users") (requests/s p50_ms p99_ms)"
else
  echo "profile: GET $TARGET_PATH, $USERS users: $(measure -H "Cookie: $SESSION" "$BASE$TARGET_PATH") (requests/s p50_ms p99_ms)"
fi
wait $recording
stop
report() { perf report -i "$WORK/perf.data" --stdio --percent-limit "$1" "${@:2}" 2>/dev/null | grep -v '^#' | grep -v '^$'; }
echo "## self time, by function (≥ 0.8%)"
report 0.8 --no-children --sort symbol -g none
echo "## self time, by area"
# The release build has no frame pointers, so call chains are unreliable:
# areas are told by where a function lives and by its name instead.
report 0 --no-children --sort dso,symbol -g none | awk '
  { pct = $1; sub(/%/, "", pct); dso = $2; sym = ""; for (i = 4; i <= NF; i++) sym = sym " " $i
    if (dso ~ /kernel/) a = "kernel (sockets, scheduling, system calls)"
    else if (dso ~ /libc/) a = "libc (malloc/free, memcpy, memcmp)"
    else if (sym ~ /tera::/) a = "Tera templates"
    else if (sym ~ /(rocket|hyper|tokio|h2|mio)::/) a = "Rocket, hyper, tokio"
    else if (sym ~ /gatehouse::/) a = "gatehouse itself (escape_html, guards, handlers)"
    else if (sym ~ /serde/) a = "serde / serde_json"
    else if (sym ~ /(aes|ghash|polyval|sha2|cookie)/) a = "cookies: AES-GCM, SHA-256"
    else if (sym !~ /::/) a = "SQLite (C functions)"
    else a = "other Rust (core, alloc, std: string search, formatting, iterators)"
    total[a] += pct }
  END { for (a in total) printf "%6.1f%%  %s\n", total[a], a }' | sort -rn
