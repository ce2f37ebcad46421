//! What a real gatehouse prints when it starts serving, read from its output
//! as it comes: the banner's lines and the address in them. Shared by the
//! tests that start the binary (tests/api/server.rs) and gatehouse.exe under
//! Wine (tests/windows/wine.rs).

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// The lines written to `output`, through a channel so that waiting for
/// them can time out (Windows' line ends taken off).
pub fn lines_of(output: impl Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines().map_while(Result::ok) {
            let _ = send.send(line.trim_end_matches('\r').to_owned());
        }
    });
    receive
}

/// The banner: up to its "Ctrl-C" line (a minute at most), then the setup
/// link when one follows (`settle` at most), and the address it gives.
pub fn read_banner(lines: &Receiver<String>, settle: Duration) -> (Vec<String>, String) {
    let mut banner = Vec::new();
    let mut wait = Duration::from_secs(60);
    while let Ok(line) = lines.recv_timeout(wait) {
        if line.contains("Ctrl-C") {
            wait = settle;
        }
        let done = line.contains("setup?token=");
        banner.push(line);
        if done {
            break;
        }
    }
    // "Open http://127.0.0.1:8000/ in a browser. Press Ctrl-C to stop.", in either language.
    let base = banner
        .iter()
        .find(|line| line.contains("Ctrl-C"))
        .and_then(|line| line.split_whitespace().find(|word| word.starts_with("http")))
        .unwrap_or_else(|| panic!("the banner gives the address: {banner:?}"))
        .to_owned();
    (banner, base)
}
