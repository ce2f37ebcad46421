//! gatehouse.exe, the Windows build, under Wine: a double-click's start in an
//! empty folder, the command line, paths with spaces and accents, a Spanish
//! computer, and stopping with Ctrl-C or by closing the console window.
//! Every test drives the real `.exe` (built by `bash scripts/build-windows.sh`)
//! from the Linux side, over HTTP and through its console. They are ignored
//! by a plain `cargo test`: `bash tests/windows.sh` builds the `.exe` and
//! runs them, and `bash tests/run.sh` runs that too.

#[path = "../common/banner.rs"]
mod banner;
#[path = "../common/http.rs"]
mod http;
mod wine;

mod commands;
mod double_click;
mod stopping;
