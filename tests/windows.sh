#!/usr/bin/env bash
# The Windows build's tests: builds gatehouse.exe (scripts/build-windows.sh)
# and runs it under Wine (tests/windows/), installing what they need when it
# is missing (Debian/Ubuntu packages): wine64 (Wine 8), the mingw-w64 GCC that
# builds the ProcessPrng stand-in Wine 8 lacks, Xvfb for the console window
# that the close test closes. The Wine prefix is made once, in
# target/tmp/wine (about 40 s). Arguments go to both cargo commands (--locked).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-windows.sh "$@"

missing=()
[ -x /usr/lib/wine/wine64 ] || missing+=(wine64)
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v python3 >/dev/null || missing+=(python3)
source scripts/install-missing.sh
install_missing windows-tests "${missing[@]}"

echo "tests: gatehouse.exe under Wine"
cargo test "$@" --test windows -- --ignored
