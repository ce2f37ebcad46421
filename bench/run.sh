#!/usr/bin/env bash
# bench/run.sh: builds the release binary, prepares databases of 1,000,
# 100,000 and 1,000,000 users, measures gatehouse with wrk on loopback only,
# and writes bench/RESULTS.md. Usage: bash bench/run.sh [SECONDS per run]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
PORT=8399
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

need() { command -v "$1" >/dev/null || { echo "bench: installing $2"; apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need sqlite3 sqlite3
need curl curl

echo "bench: building the release binary"
cargo build --release --locked
BIN=target/release/gatehouse
CORES=$(nproc)

# A database of N users: the bench admin made by the binary itself, the rest
# added in bulk with the admin's hash (one hash shared by all).
prepare() {
  local n=$1 db="$WORK/users-$1.db"
  printf 'bench password 1\n' | "$BIN" --db "$db" user create --admin --email bench@example.com \
    --name "Bench Admin" --password-stdin >/dev/null 2>&1
  sqlite3 "$db" "PRAGMA journal_mode=WAL;
    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $((n - 1)))
    INSERT INTO users (name, email, password_hash, role, created_at, updated_at)
    SELECT printf('Member %07d', i), printf('member%07d@example.com', i),
           (SELECT password_hash FROM users WHERE id = 1), 'member', 0, 0 FROM seq;" >/dev/null
  echo "$db"
}

start() {
  local t0 t1
  t0=$(date +%s%N)
  "$BIN" --db "$1" serve --port $PORT --no-open >/dev/null 2>"$WORK/server.err" &
  SERVER=$!
  until curl -s -o /dev/null "$BASE/healthz"; do sleep 0.002; done
  t1=$(date +%s%N)
  STARTUP_MS=$(( (t1 - t0) / 1000000 ))
}

stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=0; }

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }

# A signed-in session cookie, and the pre-session form cookie and token.
sign_in() {
  local jar="$WORK/jar" html token
  rm -f "$jar"
  html=$(curl -s -c "$jar" -b "$jar" "$BASE/login")
  token=$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$html" | head -1 | sed 's/.*value="//;s/"$//')
  BENCH_CSRF_TOKEN=$token
  BENCH_CSRF_COOKIE="gatehouse_csrf=$(awk '$6 == "gatehouse_csrf" {print $7}' "$jar")"
  curl -s -o /dev/null -c "$jar" -b "$jar" \
    --data "email=bench%40example.com&password=bench+password+1&csrf_token=$token" "$BASE/login"
  SESSION="gatehouse_session=$(awk '$6 == "gatehouse_session" {print $7}' "$jar")"
  export BENCH_CSRF_TOKEN BENCH_CSRF_COOKIE
}

# wrk → "requests/s p50_ms p99_ms"
measure() {
  local out
  local connections=${CONNECTIONS:-32}
  out=$(wrk --latency -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${DURATION:-$SECONDS_PER_RUN}s" "$@")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.3f", substr(v, 1, length(v) - 2) / 1000;
    else if (v ~ /ms$/) printf "%.3f", substr(v, 1, length(v) - 2);
    else if (v ~ /s$/) printf "%.3f", substr(v, 1, length(v) - 1) * 1000;
    else print "?" }'
}

# The id of the user at position POS of the directory, for a "next" link.
after_id() {
  sqlite3 "$1" "SELECT id FROM users ORDER BY name COLLATE NOCASE, id LIMIT 1 OFFSET $2"
}

declare -A R
for n in 1000 100000 1000000; do
  echo "bench: preparing $n users"
  db=$(prepare $n)
  start "$db"
  R[start_$n]=$STARTUP_MS
  R[idle_$n]=$(rss_kib)
  sign_in
  middle=$(( n / 2 / 50 ))
  after=$(after_id "$db" $(( middle * 50 - 1 )))
  echo "bench: $n users: measuring"
  R[healthz_$n]=$(measure "$BASE/healthz")
  R[login_page_$n]=$(measure "$BASE/login")
  R[asset_$n]=$(measure "$BASE/assets/app.css")
  R[users_first_$n]=$(measure -H "Cookie: $SESSION" "$BASE/users")
  R[users_middle_$n]=$(measure -H "Cookie: $SESSION" "$BASE/users?page=$((middle + 1))&after=$after")
  R[users_search_$n]=$(measure -H "Cookie: $SESSION" "$BASE/users?q=Member%20$(printf '%07d' $((n / 3)))")
  R[load_rss_$n]=$(rss_kib)
  if [ "$n" = 1000 ]; then
    # One sign-in at a time: the time of one bcrypt check (and the rest).
    R[login_one]=$(CONNECTIONS=1 DURATION=5 measure -s bench/login.lua "$BASE/login")
    # A sign-in flood on every core, and the directory's p99 meanwhile.
    CONNECTIONS=16 measure -s bench/login.lua "$BASE/login" >"$WORK/flood" &
    flood=$!
    sleep 1
    R[users_during_flood]=$(BENCH_SESSION=$SESSION CONNECTIONS=2 DURATION=$((SECONDS_PER_RUN - 2)) measure -s bench/users.lua "$BASE/users")
    R[flood_rss]=$(rss_kib)
    wait $flood
    R[login_flood]=$(cat "$WORK/flood")
  fi
  stop
  rm -f "$db"*
done

col() { awk -v i="$2" '{print $i}' <<<"$1"; }
ok() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? "met" : "**not met**" }'; }
size_bytes=$(stat -c %s "$BIN")
size_mb=$(awk -v b="$size_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
verify_ms=$(col "${R[login_one]}" 2)
ceiling=$(awk -v c="$CORES" -v v="$verify_ms" 'BEGIN { printf "%.1f", c * 1000 / v }')
flood_rps=$(col "${R[login_flood]}" 1)
max_rss=$(printf '%s\n' "${R[load_rss_1000]}" "${R[load_rss_100000]}" "${R[load_rss_1000000]}" "${R[flood_rss]}" | sort -n | tail -1)

{
  echo "# gatehouse benchmark results"
  echo
  echo "Made by \`bash bench/run.sh $SECONDS_PER_RUN\` on $(date -u +%Y-%m-%d): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"
  echo "$CORES cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr). wrk, 2 threads, 32 connections, ${SECONDS_PER_RUN} s a run, loopback."
  echo "Signed-in pages are measured with one session cookie; bcrypt at the default cost 12."
  echo
  echo "| request | users | requests/s | p50 ms | p99 ms |"
  echo "|---|---:|---:|---:|---:|"
  for n in 1000 100000 1000000; do
    for k in healthz login_page asset users_first users_middle users_search; do
      v=${R[${k}_$n]}
      echo "| $k | $n | $(col "$v" 1) | $(col "$v" 2) | $(col "$v" 3) |"
    done
  done
  echo "| POST /login (1 connection) | 1000 | $(col "${R[login_one]}" 1) | $(col "${R[login_one]}" 2) | $(col "${R[login_one]}" 3) |"
  echo "| POST /login flood (16 connections) | 1000 | $(col "${R[login_flood]}" 1) | $(col "${R[login_flood]}" 2) | $(col "${R[login_flood]}" 3) |"
  echo "| GET /users during the flood (2 connections, one request each per 20 ms) | 1000 | $(col "${R[users_during_flood]}" 1) | $(col "${R[users_during_flood]}" 2) | $(col "${R[users_during_flood]}" 3) |"
  echo
  echo "## Targets"
  echo
  echo "| target | figure | result |"
  echo "|---|---|---|"
  for n in 1000 100000 1000000; do
    u=$(col "${R[users_first_$n]}" 1); h=$(col "${R[healthz_$n]}" 1)
    echo "| GET /users ≥ ½ of GET /healthz requests/s ($n users) | $u vs $h | $(ok "$(awk -v h="$h" 'BEGIN{print h/2}')" "$u") |"
  done
  for k in users_first users_middle users_search; do
    a=$(col "${R[${k}_1000]}" 2); b=$(col "${R[${k}_1000000]}" 2)
    limit=$(awk -v a="$a" 'BEGIN { printf "%.3f", a * 1.5 }')
    echo "| $k p50 at 1,000,000 ≤ 1.5 × p50 at 1,000 | $b ms vs $a ms (limit $limit) | $(ok "$b" "$limit") |"
  done
  echo "| sign-in throughput ≥ 90% of cores ÷ one verify | $flood_rps/s vs $CORES × 1000 / $verify_ms ms = $ceiling/s | $(ok "$(awk -v c="$ceiling" 'BEGIN{print c*0.9}')" "$flood_rps") |"
  echo "| GET /users p99 < 50 ms during the sign-in flood | $(col "${R[users_during_flood]}" 3) ms | $(ok "$(col "${R[users_during_flood]}" 3)" 50) |"
  echo "| resident memory under 30 MB under load | idle $(( R[idle_1000] / 1024 )) MB, most under load $(( max_rss / 1024 )) MB | $(ok "$max_rss" 30720) |"
  echo "| first /healthz within 200 ms of start | ${R[start_1000]} / ${R[start_100000]} / ${R[start_1000000]} ms | $(ok "$(printf '%s\n' "${R[start_1000]}" "${R[start_100000]}" "${R[start_1000000]}" | sort -n | tail -1)" 200) |"
  echo "| binary under 15 MB | $size_mb MB | $(ok "$size_bytes" 15728640) |"
} >bench/RESULTS.md
echo "bench: wrote bench/RESULTS.md"
cat bench/RESULTS.md
