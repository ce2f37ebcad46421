#!/usr/bin/env bash
# bench/gate.sh: what the gate costs the office's apps. One nginx serves a
# small static page three ways, measured in turns in one run: alone; behind
# `auth_request` to the limit (examples/gate_limit.rs: the fastest answer
# Rocket gives, a private-cookie guard and 12 bytes, no database); and
# behind gatehouse's gate (`/auth/nginx`, signed in, an app whose rule lets
# the person's group in, among 20 apps). On SQLite, then on PostgreSQL (a
# throwaway cluster made by pg_virtualenv). Writes bench/RESULTS-gate.md.
# Usage: bash bench/gate.sh [SECONDS per run=5] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ]; then
  command -v pg_virtualenv >/dev/null || { apt-get install -y -qq postgresql >/dev/null; }
  exec pg_virtualenv bash "$0" "$@"
fi
SECONDS_PER_RUN=${1:-5}
ROUNDS=${2:-3}
echo "bench: building the release binary and the limit"
cargo build --release --locked --bin gatehouse --example gate_limit
BIN=target/release/gatehouse
LIMIT_BIN=target/release/examples/gate_limit
# shellcheck source=bench/common.sh
source bench/common.sh
need nginx nginx
LIMIT_PORT=8398
NGINX_PORT=8390
PAGE="http://127.0.0.1:$NGINX_PORT"
LIMIT=0
NGINX=0
for port in $PORT $LIMIT_PORT $NGINX_PORT; do
  if ss -ltnH "sport = :$port" | grep -q .; then echo "bench: something already listens on port $port; stop it first" >&2; exit 1; fi
done
trap 'for p in "${SERVER:-0}" "$LIMIT" "$NGINX"; do [ "$p" != 0 ] && kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

# gatehouse trusts the proxy on loopback; nothing else differs from the defaults.
printf '[default]\ntrusted_proxies = ["127.0.0.1"]\n' >"$WORK/Rocket.toml"
export ROCKET_CONFIG="$WORK/Rocket.toml"

# The page: about a kilobyte of HTML, the same file under three names.
mkdir -p "$WORK/site"
page=$(printf '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wiki</title></head><body><main>%s</main></body></html>\n' \
  "$(for i in $(seq 1 16); do printf '<p>Line %02d of the office wiki'"'"'s front page.</p>' "$i"; done)")
for name in alone limit gate; do printf '%s' "$page" >"$WORK/site/$name.html"; done
# nginx's workers run as another user (www-data when started as root).
chmod o+rx "$WORK" "$WORK/site"; chmod o+r "$WORK"/site/*.html

# One nginx, the three ways side by side; the two subrequests configured
# alike (subrequest.conf), as docs/GATE.md tells an office to.
cat >"$WORK/subrequest.conf" <<'EOF'
internal;
proxy_pass_request_body off;
proxy_set_header Content-Length "";
proxy_set_header Host $host;
proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
proxy_set_header X-Original-Method $request_method;
proxy_set_header X-Forwarded-For $remote_addr;
proxy_http_version 1.1;
proxy_set_header Connection "";
EOF
cat >"$WORK/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fastcgi;
    uwsgi_temp_path $WORK/uwsgi;
    scgi_temp_path $WORK/scgi;
    upstream gatehouse { server 127.0.0.1:$PORT; keepalive 64; }
    upstream limit { server 127.0.0.1:$LIMIT_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        server_name wiki.office.test;
        root $WORK/site;
        location = /_gatehouse/auth { proxy_pass http://gatehouse/auth/nginx; include $WORK/subrequest.conf; }
        location = /_limit/auth { proxy_pass http://limit/check; include $WORK/subrequest.conf; }
        location = /alone.html { }
        location = /limit.html {
            auth_request /_limit/auth;
            auth_request_set \$gate_user \$upstream_http_remote_user;
        }
        location = /gate.html {
            auth_request /_gatehouse/auth;
            auth_request_set \$gate_user \$upstream_http_remote_user;
        }
    }
}
EOF
nginx -p "$WORK" -c "$WORK/nginx.conf" &
NGINX=$!
ROCKET_PORT=$LIMIT_PORT "$LIMIT_BIN" >/dev/null 2>&1 &
LIMIT=$!
until curl -s -o /dev/null "$PAGE/alone.html" && curl -s -o /dev/null "http://127.0.0.1:$LIMIT_PORT/issue"; do sleep 0.05; done
LIMIT_COOKIE=$(curl -s -D - -o /dev/null "http://127.0.0.1:$LIMIT_PORT/issue" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" {print $2}')

# Twenty apps, each for its own group; the bench admin is in three groups,
# one of them the wiki's. DB is a path or a PostgreSQL URL.
apps() {
  local db=$1
  for i in $(seq 1 20); do
    "$BIN" --db "$db" group create --name "Group $i" >/dev/null
    "$BIN" --db "$db" app create --name "App $i" --host "app$i.office.test" --allow "group:Group $i" >/dev/null
  done
  "$BIN" --db "$db" app create --name Wiki --host wiki.office.test --allow "group:Group 7" >/dev/null
  "$BIN" --db "$db" user groups --email bench@example.com --set "Group 3,Group 7,Group 12" >/dev/null
}

# wrk against one of the three pages → "requests/s p50_ms p99_ms"; a run
# with any answer but 200 is no measurement.
page() {
  local out
  out=$(wrk --latency -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" \
    -H "Host: wiki.office.test" -H "Cookie: $SESSION; $LIMIT_COOKIE" "$PAGE/$1.html")
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: $1.html answered other than 200:" >&2; echo "$out" >&2; exit 1; fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
}

col() { awk -v i="$2" '{print $i}' <<<"$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The rounds on one engine: throughput at 32 connections (alone, limit,
# gate, in turns) and latency on one connection. Rows into $WORK/rows-ENGINE;
# the medians into M.
declare -A M
rounds() {
  local engine=$1 r way v
  sign_in
  for way in gate limit; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: wiki.office.test" -H "Cookie: $SESSION; $LIMIT_COOKIE" "$PAGE/$way.html")
    [ "$code" = 200 ] || { echo "bench: $way.html answered $code to the signed-in bench admin" >&2; tail -5 "$WORK/server.err" >&2; exit 1; }
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: wiki.office.test" "$PAGE/gate.html")
  [ "$code" = 401 ] || { echo "bench: gate.html answered $code without a session" >&2; exit 1; }
  for r in $(seq 1 "$ROUNDS"); do
    for way in alone limit gate; do
      v=$(CONNECTIONS=32 page $way)
      echo "$engine 32 $r $way $v" >>"$WORK/rows"
    done
    for way in alone limit gate; do
      v=$(CONNECTIONS=1 page $way)
      echo "$engine 1 $r $way $v" >>"$WORK/rows"
    done
  done
  M[rss_$engine]=$(peak_kib)
}

echo "bench: SQLite"
db=$(prepare 1000)
apps "$db"
start "$db"
rounds SQLite
stop

echo "bench: PostgreSQL"
pg_prepare 1000 gate_bench
apps "$PG_URL"
start "$PG_URL"
rounds PostgreSQL
stop

# Per engine: the median over rounds of each way's figures, and of each
# round's ratio gate ÷ limit (measured moments apart).
for engine in SQLite PostgreSQL; do
  for c in 32 1; do
    for way in alone limit gate; do
      for f in 1 2 3; do
        M[${engine}_${c}_${way}_$f]=$(awk -v e="$engine" -v c="$c" -v w="$way" -v f="$f" '$1 == e && $2 == c && $4 == w { print $(4 + f) }' "$WORK/rows" | median)
      done
    done
  done
  M[${engine}_ratio]=$(awk -v e="$engine" '$1 == e && $2 == 32 { v[$3, $4] = $5 } END { for (r = 1; v[r, "gate"] != ""; r++) printf "%.3f\n", v[r, "gate"] / v[r, "limit"] }' "$WORK/rows" | median)
  M[${engine}_added]=$(awk -v a="${M[${engine}_1_alone_2]}" -v g="${M[${engine}_1_gate_2]}" 'BEGIN { printf "%.3f", g - a }')
  M[${engine}_limit_added]=$(awk -v a="${M[${engine}_1_alone_2]}" -v g="${M[${engine}_1_limit_2]}" 'BEGIN { printf "%.3f", g - a }')
done

met() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { m = (op == ">=") ? (a + 0 >= b + 0) : (a + 0 < b + 0); print m ? "met" : "**not met**" }'; }
{
  echo "# The gate's cost: benchmark results"
  echo
  echo "Made by \`bash bench/gate.sh $SECONDS_PER_RUN $ROUNDS\` on $(date -u +%Y-%m-%d): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"
  echo "$(nproc) cores, $(uname -sr), nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), wrk on loopback, ${SECONDS_PER_RUN} s a run, $ROUNDS rounds;"
  echo "each figure is the median of the rounds. One nginx ($(nproc) workers) serves the same $(stat -c %s "$WORK/site/alone.html")-byte page three ways,"
  echo "in turns: **alone**; behind \`auth_request\` to **the limit** (examples/gate_limit.rs: Rocket, a private-cookie guard"
  echo "and 12 bytes, no database); behind **the gate** (\`/auth/nginx\`: the session, the person's groups and the rules of"
  echo "21 apps, the decision, the identity headers). The subrequests go over kept-alive connections (\`keepalive 64\`)."
  echo "The database holds 1,000 people; the bench administrator is in 3 of 20 groups."
  echo
  echo "The limit's 12 bytes are a header's value and its answer has no body, as the gate's: nginx closes an"
  echo "\`auth_request\` connection whose answer has a body, and a new connection for every request made a 12-byte body"
  echo "the slower answer (about 14,000 a second here). The gate remembers a session it read, with the person's groups,"
  echo "for a second (src/service/gate/memory.rs); one browser's requests, as here, read the database once a second,"
  echo "and any write the instance makes ends the memory at once."
  echo
  echo "| engine | connections | way | requests/s | p50 ms | p99 ms |"
  echo "|---|---:|---|---:|---:|---:|"
  for engine in SQLite PostgreSQL; do
    for c in 32 1; do
      for way in alone limit gate; do
        echo "| $engine | $c | $way | ${M[${engine}_${c}_${way}_1]} | ${M[${engine}_${c}_${way}_2]} | ${M[${engine}_${c}_${way}_3]} |"
      done
    done
  done
  echo
  echo "## Targets"
  echo
  echo "| target | figure | result |"
  echo "|---|---|---|"
  echo "| SQLite: the gate ≥ 0.8 of the limit's requests/s (32 connections) | ${M[SQLite_ratio]} | $(met "${M[SQLite_ratio]}" ">=" 0.8) |"
  echo "| PostgreSQL: the gate ≥ 0.6 of the limit's requests/s (32 connections) | ${M[PostgreSQL_ratio]} | $(met "${M[PostgreSQL_ratio]}" ">=" 0.6) |"
  echo "| SQLite: under 1 ms added over nginx alone (p50, one connection) | ${M[SQLite_added]} ms (the limit adds ${M[SQLite_limit_added]} ms) | $(met "${M[SQLite_added]}" "<" 1) |"
  echo "| PostgreSQL: under 1 ms added over nginx alone (p50, one connection) | ${M[PostgreSQL_added]} ms (the limit adds ${M[PostgreSQL_limit_added]} ms) | $(met "${M[PostgreSQL_added]}" "<" 1) |"
  echo
  echo "gatehouse's peak resident memory (VmHWM) after the rounds: SQLite $(( M[rss_SQLite] / 1024 )) MB, PostgreSQL $(( M[rss_PostgreSQL] / 1024 )) MB."
  echo "PostgreSQL $(psql -tA -c 'SHOW server_version' | cut -d' ' -f1) ran on the same machine (a throwaway cluster, default settings, TCP on loopback)."
} >bench/RESULTS-gate.md
echo "bench: wrote bench/RESULTS-gate.md"
cat bench/RESULTS-gate.md
