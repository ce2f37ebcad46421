# bench/common.sh: what bench/run.sh and bench/profile.sh share: the
# loopback address, a scratch folder, the tools, a database of N users, a
# started server, a signed-in session and a wrk measurement. Needs BIN.
PORT=8399
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
# (Never `kill 0`: that is the whole process group, the caller's shell too.)
trap 'if [ "${SERVER:-0}" != 0 ]; then kill "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

need() { command -v "$1" >/dev/null || { echo "bench: installing $2"; apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need sqlite3 sqlite3
need curl curl

# A database of N users: the bench admin made by the binary itself, the rest
# added in bulk with the admin's hash (one hash shared by all).
prepare() {
  local n=$1 db="$WORK/users-$1.db"
  printf 'bench password 1\n' | "$BIN" --db "$db" user create --admin --email bench@example.com \
    --name "Bench Admin" --password-stdin >/dev/null 2>&1
  sqlite3 "$db" "PRAGMA journal_mode=WAL;
    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $((n - 1)))
    INSERT INTO users (name, email, password_hash, role, created_at, updated_at, sort_key)
    SELECT printf('Member %07d', i), printf('member%07d@example.com', i),
           (SELECT password_hash FROM users WHERE id = 1), 'member', 0, 0, printf('member %020d', i) FROM seq;" >/dev/null
  echo "$db"
}

# PostgreSQL (inside pg_virtualenv): a new database NAME with the bench
# admin, owned by an ordinary role, and the URL gatehouse opens it by in PG_URL.
pg_database() {
  psql -q -c "CREATE ROLE gatehouse_bench LOGIN PASSWORD 'bench'" 2>/dev/null || true
  psql -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 OWNER gatehouse_bench"
  PG_URL="postgres://gatehouse_bench:bench@${PGHOST}:${PGPORT}/$1?sslmode=disable"
  printf 'bench password 1\n' | "$BIN" --db "$PG_URL" user create --admin --email bench@example.com \
    --name "Bench Admin" --password-stdin >/dev/null 2>&1
}

# A PostgreSQL database NAME of N users numbered as prepare's; its URL in PG_URL.
pg_prepare() {
  local n=$1 name=$2
  pg_database "$name"
  psql -q -d "$name" -c "INSERT INTO users (name, email, password_hash, role, created_at, updated_at, sort_key)
    SELECT format('Member %s', lpad(i::text, 7, '0')), format('member%s@example.com', lpad(i::text, 7, '0')),
           (SELECT password_hash FROM users WHERE id = 1), 'member', 0, 0, format('member %s', lpad(i::text, 20, '0'))
    FROM generate_series(1, $((n - 1))) AS i" -c "ANALYZE"
}

# A database of N users with realistic names (bench/names.sql: common given
# and family names of several languages, every pair), emails made of them.
# Their sort keys (accents taken off) are written by gatehouse when it next
# opens the database, as for a database from before the keys were kept.
prepare_names() {
  local n=$1 db="$WORK/names-$1.db"
  printf 'bench password 1\n' | "$BIN" --db "$db" user create --admin --email bench@example.com \
    --name "Bench Admin" --password-stdin >/dev/null 2>&1
  sqlite3 "$db" ".read bench/names.sql" "PRAGMA journal_mode=WAL;
    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $((n - 1)))
    INSERT INTO users (name, email, password_hash, role, created_at, updated_at)
    SELECT g.name || ' ' || f.name, g.ascii || '.' || f.ascii || i || '@example.com',
           (SELECT password_hash FROM users WHERE id = 1), 'member', 0, 0
    FROM seq JOIN given_names g ON g.n = i % (SELECT count(*) FROM given_names)
             JOIN family_names f ON f.n = (i * 7 + i / (SELECT count(*) FROM given_names)) % (SELECT count(*) FROM family_names);
    DROP TABLE given_names; DROP TABLE family_names;" >/dev/null
  echo "$db"
}

# Searches to cycle through (bench/search.lua), one a line, in $WORK:
# names.txt, every family name, every given name and a full name for each
# given name; members-N.txt, 300 numbered members of a directory of N.
write_queries() {
  sqlite3 ":memory:" ".read bench/names.sql" "SELECT name FROM family_names UNION ALL SELECT name FROM given_names
    UNION ALL SELECT g.name || ' ' || f.name FROM given_names g JOIN family_names f
      ON f.n = (g.n * 7) % (SELECT count(*) FROM family_names)" >"$WORK/names.txt"
  for n in "$@"; do
    for k in $(seq 1 300); do printf 'Member %07d\n' $(( (k * 3331) % (n - 1) + 1 )); done >"$WORK/members-$n.txt"
  done
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
# The most the server has held since it started (the kernel's high-water mark).
peak_kib() { awk '/VmHWM/ {print $2}' "/proc/$SERVER/status"; }

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

