//! `gatehouse serve`: open the database, build the server, print the banner
//! (with the one-time setup link while there is no admin), open the browser
//! when asked, and serve until Ctrl-C or SIGTERM.

use std::net::IpAddr;
use std::path::PathBuf;

use rocket::fairing::AdHoc;

use crate::cli::{open_db, ServeArgs};
use crate::config;
use crate::lock::{self, LockError, ServerLock};

/// Serves until stopped. `open_by_default` is true for a bare start (a double-click).
pub fn serve(db: Option<PathBuf>, args: ServeArgs, open_by_default: bool) -> Result<(), String> {
    let db = open_db(db)?;
    let open = args.open || (open_by_default && !args.no_open);
    let setup_token = {
        let conn = db.conn().map_err(|e| e.to_string())?;
        crate::users::setup_token(&conn).map_err(|e| format!("cannot read {}: {e}", db.path().display()))?
    };
    // Held until the server stops: `restore` refuses while it is, and a
    // second start on the same database finds this one.
    let _lock = match ServerLock::acquire(db.path()) {
        Ok(lock) => lock,
        Err(LockError::InUse(_)) if open => {
            let Some(base) = lock::running_at(db.path()) else {
                return Err(format!(
                    "a gatehouse server is already starting on {}; wait a moment",
                    db.path().display()
                ));
            };
            let url = setup_token.map_or(base.clone(), |t| format!("{base}setup?token={t}"));
            println!("gatehouse is already running on this database at {base}; opening it in your browser.");
            return webbrowser::open(&url).map_err(|e| format!("could not open a browser ({e}); open {url} yourself"));
        }
        Err(e) => {
            let at = lock::running_at(db.path())
                .map(|url| format!(" (it answers at {url})"))
                .unwrap_or_default();
            return Err(format!("{e}{at}"));
        }
    };
    let db_path = db.path().to_owned();
    let mut figment = config::figment()
        .merge(("address", args.address))
        .merge(("port", args.port));
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        for (file, what) in [(cert, "certificate"), (key, "key")] {
            std::fs::File::open(file).map_err(|e| format!("cannot read the TLS {what} {}: {e}", file.display()))?;
        }
        figment = figment.merge(("tls.certs", cert)).merge(("tls.key", key));
    }
    let rocket = crate::rocket(db, figment)?.attach(AdHoc::on_liftoff("Banner", move |rocket| {
        Box::pin(async move {
            let config = rocket.config();
            let base = base_url(config.address, config.port, config.tls_enabled());
            let setup_url = setup_token.map(|t| format!("{base}setup?token={t}"));
            print_banner(&db_path, &base, config.address, setup_url.as_deref());
            lock::announce(&db_path, &base);
            if open {
                // On a thread of its own: a browser that takes its time (or a
                // text browser that never returns) must not hold up serving.
                let url = setup_url.unwrap_or(base);
                std::thread::spawn(move || {
                    if let Err(e) = webbrowser::open(&url) {
                        eprintln!("warning: could not open a browser ({e}); open {url} yourself");
                    }
                });
            }
        })
    }));
    rocket::execute(rocket.launch())
        .map(drop)
        .map_err(describe_launch_error)
}

/// The address to type in a browser on this computer.
fn base_url(address: IpAddr, port: u16, tls: bool) -> String {
    let scheme = if tls { "https" } else { "http" };
    let host = match address {
        a if a.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V6(a) => format!("[{a}]"),
        IpAddr::V4(a) => a.to_string(),
    };
    format!("{scheme}://{host}:{port}/")
}

fn print_banner(db_path: &std::path::Path, base: &str, address: IpAddr, setup_url: Option<&str>) {
    println!("gatehouse {}", env!("CARGO_PKG_VERSION"));
    println!("Database: {}", db_path.display());
    println!("Open {base} in a browser. Press Ctrl-C to stop.");
    if address.is_unspecified() {
        let lan = lan_addresses(address);
        if lan.is_empty() {
            println!("Listening on every network address: colleagues use this computer's name or address.");
        } else {
            println!("Colleagues on the network can open:");
            let scheme = base.split("://").next().unwrap_or("http");
            let port = base.rsplit(':').next().unwrap_or("").trim_end_matches('/');
            for ip in lan {
                let host = if ip.is_ipv6() {
                    format!("[{ip}]")
                } else {
                    ip.to_string()
                };
                println!("  {scheme}://{host}:{port}/");
            }
        }
    }
    if let Some(url) = setup_url {
        println!();
        println!("No administrator yet. Create the first one at this link (it works until one exists):");
        println!("  {url}");
    }
}

/// This computer's addresses that others on the network can reach: IPv4
/// when bound to 0.0.0.0, IPv4 and IPv6 when bound to `::` (no loopback or
/// link-local addresses).
fn lan_addresses(bound: IpAddr) -> Vec<IpAddr> {
    let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|interface| interface.ip())
        .filter(|ip| !ip.is_loopback())
        .filter(|ip| match ip {
            IpAddr::V4(v4) => !v4.is_link_local(),
            IpAddr::V6(v6) => bound.is_ipv6() && (v6.segments()[0] & 0xffc0) != 0xfe80,
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

fn describe_launch_error(e: rocket::Error) -> String {
    use rocket::error::ErrorKind;
    match e.kind() {
        ErrorKind::Bind(io) if io.kind() == std::io::ErrorKind::AddrInUse => format!(
            "cannot listen on that address and port ({io}); is gatehouse already running? Stop it, or choose another port with --port"
        ),
        ErrorKind::Bind(io) => format!("cannot start listening: {io}; check --address, --port and the TLS files"),
        ErrorKind::Io(io) => format!("the server stopped: {io}"),
        ErrorKind::Config(c) => format!("the configuration is not valid: {c}"),
        ErrorKind::InsecureSecretKey(_) => "the configured secret_key is not usable; remove it and gatehouse makes its own".into(),
        other => format!("the server could not start: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_reachable_host() {
        assert_eq!(
            base_url("127.0.0.1".parse().unwrap(), 8000, false),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(base_url("0.0.0.0".parse().unwrap(), 80, false), "http://127.0.0.1:80/");
        assert_eq!(base_url("::1".parse().unwrap(), 8000, true), "https://[::1]:8000/");
    }
}
