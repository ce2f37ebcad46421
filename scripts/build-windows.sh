#!/usr/bin/env bash
# Builds gatehouse.exe for 64-bit Windows on this Linux machine:
# target/x86_64-pc-windows-gnu/release/gatehouse.exe.
#
# The pieces, all Debian packages (installed when missing, as tests/run.sh
# does): rustc-web and cargo-web (Rust 1.96), rust-web-src (the standard
# library's source, which Debian's rustc finds in its own sysroot) and the
# mingw-w64 GCC as the linker (.cargo/config.toml names it). The standard
# library is built for the target from that source (-Zbuild-std, allowed for
# this build alone by RUSTC_BOOTSTRAP=1): the rustup toolchain here has no
# Windows standard library and cannot fetch one. Arguments go to cargo build.
set -euo pipefail
cd "$(dirname "$0")/.."

RUSTC=/usr/bin/rustc
CARGO=/usr/bin/cargo
missing=()
[ -x "$RUSTC" ] || missing+=(rustc-web)
[ -x "$CARGO" ] || missing+=(cargo-web)
[ -d "$("$RUSTC" --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library" ] || missing+=(rust-web-src)
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
source scripts/install-missing.sh
install_missing build-windows "${missing[@]}"

# Debian's cargo and rustc, not the rustup ones earlier on PATH.
RUSTC_BOOTSTRAP=1 RUSTC="$RUSTC" "$CARGO" build --release --target x86_64-pc-windows-gnu \
  -Zbuild-std=std,panic_abort "$@"
ls -l target/x86_64-pc-windows-gnu/release/gatehouse.exe
