#!/usr/bin/env bash
# bench/run.sh: builds the release binary, prepares databases of 1,000,
# 100,000 and 1,000,000 users, measures gatehouse with wrk on loopback only,
# on SQLite and then on PostgreSQL (a throwaway cluster made by
# pg_virtualenv), and writes bench/RESULTS.md.
# Usage: bash bench/run.sh [SECONDS per run]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then
  command -v pg_virtualenv >/dev/null || { apt-get install -y -qq postgresql >/dev/null; }
  exec pg_virtualenv bash "$0" "$@"
fi
SECONDS_PER_RUN=${1:-10}
echo "bench: building the release binary"
cargo build --release --locked
BIN=target/release/gatehouse
CORES=$(nproc)
# shellcheck source=bench/common.sh
source bench/common.sh

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
  R[load_rss_$n]=$(peak_kib)
  if [ "$n" = 1000 ]; then
    # One sign-in at a time: the time of one bcrypt check (and the rest).
    R[login_one]=$(CONNECTIONS=1 DURATION=5 measure -s bench/login.lua "$BASE/login")
    # A sign-in flood on every core, and the directory's p99 meanwhile.
    CONNECTIONS=16 measure -s bench/login.lua "$BASE/login" >"$WORK/flood" &
    flood=$!
    sleep 1
    R[users_during_flood]=$(BENCH_SESSION=$SESSION CONNECTIONS=2 DURATION=$((SECONDS_PER_RUN - 2)) measure -s bench/users.lua "$BASE/users")
    R[flood_rss]=$(peak_kib)
    wait $flood
    R[login_flood]=$(cat "$WORK/flood")
  fi
  stop
  rm -f "$db"*
done

# The same on PostgreSQL: a database of n users owned by an ordinary role.
psql -q -c "CREATE ROLE gatehouse_bench LOGIN PASSWORD 'bench'" 2>/dev/null || true
declare -A P
for n in 1000 100000 1000000; do
  echo "bench: preparing $n users on PostgreSQL"
  name="bench_$n"
  psql -q -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name OWNER gatehouse_bench"
  url="postgres://gatehouse_bench:bench@${PGHOST}:${PGPORT}/$name?sslmode=disable"
  printf 'bench password 1\n' | "$BIN" --db "$url" user create --admin --email bench@example.com \
    --name "Bench Admin" --password-stdin >/dev/null 2>&1
  psql -q -d "$name" -c "INSERT INTO users (name, email, password_hash, role, created_at, updated_at)
    SELECT format('Member %s', lpad(i::text, 7, '0')), format('member%s@example.com', lpad(i::text, 7, '0')),
           (SELECT password_hash FROM users WHERE id = 1), 'member', 0, 0 FROM generate_series(1, $((n - 1))) AS i" -c "ANALYZE"
  start "$url"
  sign_in
  middle=$(( n / 2 / 50 ))
  after=$(psql -tA -d "$name" -c "SELECT id FROM users ORDER BY lower(name) COLLATE \"C\", id LIMIT 1 OFFSET $(( middle * 50 - 1 ))")
  echo "bench: $n users on PostgreSQL: measuring"
  P[healthz_$n]=$(measure "$BASE/healthz")
  P[users_first_$n]=$(measure -H "Cookie: $SESSION" "$BASE/users")
  P[users_middle_$n]=$(measure -H "Cookie: $SESSION" "$BASE/users?page=$((middle + 1))&after=$after")
  P[users_search_$n]=$(measure -H "Cookie: $SESSION" "$BASE/users?q=Member%20$(printf '%07d' $((n / 3)))")
  P[load_rss_$n]=$(peak_kib)
  if [ "$n" = 1000 ]; then
    P[login_one]=$(CONNECTIONS=1 DURATION=5 measure -s bench/login.lua "$BASE/login")
  fi
  stop
  psql -q -c "DROP DATABASE $name"
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
  echo "| resident memory under 30 MB under load | idle $(( R[idle_1000] / 1024 )) MB, peak (VmHWM) under load $(( max_rss / 1024 )) MB | $(ok "$max_rss" 30720) |"
  echo "| first /healthz within 200 ms of start | ${R[start_1000]} / ${R[start_100000]} / ${R[start_1000000]} ms | $(ok "$(printf '%s\n' "${R[start_1000]}" "${R[start_100000]}" "${R[start_1000000]}" | sort -n | tail -1)" 200) |"
  echo "| binary under 15 MB | $size_mb MB | $(ok "$size_bytes" 15728640) |"
  echo
  echo "## On PostgreSQL"
  echo
  echo "The same binary on PostgreSQL $(psql -tA -c 'SHOW server_version' | cut -d' ' -f1) on the same machine (a throwaway cluster"
  echo "with its default settings, over TCP on loopback), beside the SQLite figures above. Memory is gatehouse's own."
  echo
  echo "| request | users | SQLite requests/s | PostgreSQL requests/s | SQLite p50 ms | PostgreSQL p50 ms | PostgreSQL p99 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for n in 1000 100000 1000000; do
    for k in healthz users_first users_middle users_search; do
      a=${R[${k}_$n]}; b=${P[${k}_$n]}
      echo "| $k | $n | $(col "$a" 1) | $(col "$b" 1) | $(col "$a" 2) | $(col "$b" 2) | $(col "$b" 3) |"
    done
  done
  echo "| POST /login (1 connection) | 1000 | $(col "${R[login_one]}" 1) | $(col "${P[login_one]}" 1) | $(col "${R[login_one]}" 2) | $(col "${P[login_one]}" 2) | $(col "${P[login_one]}" 3) |"
  pg_rss=$(printf '%s\n' "${P[load_rss_1000]}" "${P[load_rss_100000]}" "${P[load_rss_1000000]}" | sort -n | tail -1)
  echo
  echo "| target on PostgreSQL | figure | result |"
  echo "|---|---|---|"
  for k in users_first users_middle users_search; do
    a=$(col "${P[${k}_1000]}" 2); b=$(col "${P[${k}_1000000]}" 2)
    limit=$(awk -v a="$a" 'BEGIN { printf "%.3f", a * 1.5 }')
    echo "| $k p50 at 1,000,000 ≤ 1.5 × p50 at 1,000 | $b ms vs $a ms (limit $limit) | $(ok "$b" "$limit") |"
  done
  echo "| resident memory under 30 MB under load | peak (VmHWM) under load $(( pg_rss / 1024 )) MB | $(ok "$pg_rss" 30720) |"
} >bench/RESULTS.md
echo "bench: wrote bench/RESULTS.md"
cat bench/RESULTS.md
