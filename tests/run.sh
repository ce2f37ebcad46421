#!/usr/bin/env bash
# Every test, on a fresh machine too: installs what the tests need when it is
# missing (Debian/Ubuntu packages: curl, Chromium and its driver for the
# browser tests, PostgreSQL's server, aiosmtpd for the SMTP server the mail
# tests run on loopback, python3-venv for the Flask app whose people are
# brought in, nginx and Caddy for the gate's, Apache's mod_auth_openidc for
# the OpenID provider's), then runs the whole suite on SQLite,
# and the API suite again on PostgreSQL, in a throwaway cluster that
# pg_virtualenv makes in a temporary folder and removes at the end; then
# builds gatehouse.exe and runs its tests under Wine (tests/windows.sh).
# Arguments go to cargo test (a filter, --release, …); of them, only
# --locked goes to the Windows build and its tests.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v curl >/dev/null || missing+=(curl)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v pg_virtualenv >/dev/null || missing+=(postgresql-common)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
# The gate's tests run behind real proxies (nginx's auth_request is built in).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/caddy ] || missing+=(caddy)
# The OpenID provider's relying party: Apache with mod_auth_openidc.
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
[ -f /usr/lib/apache2/modules/mod_auth_openidc.so ] || missing+=(libapache2-mod-auth-openidc)
# The Flask app that `import flask` reads is built in a venv (pip, from PyPI).
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
source scripts/install-missing.sh
install_missing tests "${missing[@]}" || echo "tests: the tests that need them will fail" >&2

echo "tests: every test, on SQLite"
cargo test "$@"

echo "tests: the API suite on PostgreSQL"
if ! command -v pg_virtualenv >/dev/null; then
  echo "error: the PostgreSQL tests need Debian's postgresql package (sudo apt install postgresql)" >&2
  exit 1
fi
# Then the tests only PostgreSQL has, alone: TLS to it, and the server
# going away while gatehouse serves (they stop and start it).
pg_virtualenv env GATEHOUSE_TEST_ENGINE=postgres bash -c \
  'cargo test --test api "$@" && cargo test --test api "$@" postgres_ -- --ignored --test-threads 1' run "$@"

echo "tests: gatehouse.exe, the Windows build, under Wine"
locked=()
for arg in "$@"; do
  if [ "$arg" = --locked ]; then locked=(--locked); fi
done
bash tests/windows.sh "${locked[@]}"
