//! `gatehouse serve`: open the database, build the server, print the banner
//! (with the one-time setup link while there is no admin), open the browser
//! when asked, and serve until Ctrl-C or SIGTERM.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use rocket::fairing::AdHoc;

use crate::clock::Clock;
use crate::config;
use crate::service::{self, App};
use crate::store::sqlite::lock::{self, LockError, ServerLock};
use crate::store::{Claim, Store};

use super::location::{open_store, settings};
use super::{text, text_with};

// The words of each option are in the catalogue (cli.ftl), set by help.rs.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[arg(long, env = "GATEHOUSE_ADDRESS")]
    pub address: Option<std::net::IpAddr>,
    #[arg(long, env = "GATEHOUSE_PORT")]
    pub port: Option<u16>,
    #[arg(long, overrides_with = "no_open")]
    pub open: bool,
    #[arg(long, overrides_with = "open")]
    pub no_open: bool,
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl ServeArgs {
    /// `serve`'s own options, and for what it leaves out, those given
    /// before it (`gatehouse --no-open serve --port 8080`).
    pub fn or(self, before: ServeArgs) -> ServeArgs {
        let (open, no_open) = if self.open || self.no_open {
            (self.open, self.no_open)
        } else {
            (before.open, before.no_open)
        };
        let (tls_cert, tls_key) = if self.tls_cert.is_some() {
            (self.tls_cert, self.tls_key)
        } else {
            (before.tls_cert, before.tls_key)
        };
        ServeArgs {
            address: self.address.or(before.address),
            port: self.port.or(before.port),
            open,
            no_open,
            tls_cert,
            tls_key,
        }
    }
}

/// Serves until stopped. `no_command` is a start without a command (as a
/// double-click's): it opens the browser unless told not to, and when a
/// server already runs on the database, it says so and opens that one
/// instead of refusing.
pub fn serve(db: Option<PathBuf>, args: ServeArgs, no_command: bool) -> Result<(), String> {
    let served = serve_until_stopped(db, args, no_command);
    // Everything the server held is closed now: the database, its lock.
    #[cfg(windows)]
    super::console_close::stopped();
    served
}

fn serve_until_stopped(db: Option<PathBuf>, args: ServeArgs, no_command: bool) -> Result<(), String> {
    let store = open_store(db)?;
    let open = args.open || (no_command && !args.no_open);
    let app = App::new(store.clone(), settings()?, Clock::system());
    let setup_token = service::setup::token(&app).map_err(|e| {
        text_with(
            "cli-cannot-read",
            &[("database", store.describe().into()), ("reason", e.to_string().into())],
        )
    })?;
    // Held until the server stops: `restore` and `copy` refuse while it is,
    // and a second start on the same SQLite file finds this one.
    let _claim = match store.file() {
        Some(path) => match claim(path, no_command || args.open, open, setup_token.as_deref())? {
            Some(lock) => Claim::File(lock),
            None => return Ok(()),
        },
        None => store.claim_serving().map_err(|reason| {
            text_with(
                "cli-cannot-claim",
                &[("database", store.describe().into()), ("reason", reason.into())],
            )
        })?,
    };
    let db_file = store.file().map(Path::to_owned);
    let shown = store.describe();
    // The command line (and GATEHOUSE_ADDRESS, GATEHOUSE_PORT) over Rocket.toml.
    let mut figment = config::figment();
    if let Some(address) = args.address {
        figment = figment.merge(("address", address));
    }
    if let Some(port) = args.port {
        figment = figment.merge(("port", port));
    }
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        for (file, key) in [(cert, "cli-tls-cert-unreadable"), (key, "cli-tls-key-unreadable")] {
            std::fs::File::open(file).map_err(|e| {
                text_with(
                    key,
                    &[
                        ("file", file.display().to_string().into()),
                        ("reason", e.to_string().into()),
                    ],
                )
            })?;
        }
        figment = figment.merge(("tls.certs", cert)).merge(("tls.key", key));
    }
    let rocket = crate::rocket(store, figment, Clock::system())
        .map_err(|reason| text_with("cli-server-cannot-start", &[("reason", reason.into())]))?
        .attach(AdHoc::on_liftoff("Banner", move |rocket| {
            Box::pin(async move {
                #[cfg(windows)]
                super::console_close::stop_on_close(rocket.shutdown());
                let config = rocket.config();
                let base = browser_url(config.address, config.port, config.tls_enabled());
                let setup_url = setup_token.map(|t| format!("{base}setup?token={t}"));
                print_banner(&shown, &base, config.address, setup_url.as_deref());
                // The key that signs ID tokens, made now if this database has
                // none, after the banner: a first start is not held up by it.
                if let Some(app) = rocket.state::<crate::service::App>() {
                    let app = app.clone();
                    rocket::tokio::spawn(async move {
                        if let Err(e) = crate::service::oidc::keys::signing_key(&app).await {
                            tracing::warn!("no OpenID signing key could be made: {e}");
                        }
                    });
                }
                if let Some(file) = &db_file {
                    lock::announce(file, &base);
                }
                if open {
                    // On a thread of its own: a browser that takes its time (or a
                    // text browser that never returns) must not hold up serving.
                    let url = setup_url.unwrap_or(base);
                    std::thread::spawn(move || {
                        if let Err(e) = webbrowser::open(&url) {
                            eprintln!("warning: {}", no_browser(&e, &url));
                        }
                    });
                }
            })
        }));
    rocket::execute(rocket.launch())
        .map(drop)
        .map_err(describe_launch_error)
}

/// Claims the database file for this server. When another server holds it
/// and `reuse` says to use that one, says where it runs (and opens it in the
/// browser when `open`), and gives `None`: there is nothing more to do.
fn claim(db: &Path, reuse: bool, open: bool, setup_token: Option<&str>) -> Result<Option<ServerLock>, String> {
    match ServerLock::acquire(db) {
        Ok(lock) => Ok(Some(lock)),
        Err(LockError::InUse(_)) if reuse => {
            let Some(base) = lock::running_at(db) else {
                return Err(text_with(
                    "cli-already-starting",
                    &[("database", db.display().to_string().into())],
                ));
            };
            let setup_url = setup_token.map(|t| format!("{base}setup?token={t}"));
            if !open {
                println!("{}", text_with("cli-already-running-at", &[("url", base.into())]));
                if let Some(url) = setup_url {
                    println!();
                    println!("{}", text("cli-setup-link"));
                    println!("  {url}");
                }
                return Ok(None);
            }
            let url = setup_url.unwrap_or_else(|| base.clone());
            println!("{}", text_with("cli-already-running", &[("url", base.into())]));
            webbrowser::open(&url).map_err(|e| no_browser(&e, &url))?;
            Ok(None)
        }
        Err(LockError::InUse(_)) => Err(in_use(db)),
        Err(LockError::Io(file, e)) => Err(text_with(
            "cli-lock-unusable",
            &[
                ("file", file.display().to_string().into()),
                ("reason", e.to_string().into()),
            ],
        )),
    }
}

/// The claim of work that must be alone on the database (a copy): refused,
/// in this computer's language, while a server uses it.
pub fn claim_alone(store: &Store) -> Result<Claim, String> {
    match store.file() {
        Some(db) => match ServerLock::acquire(db) {
            Ok(lock) => Ok(Claim::File(lock)),
            Err(LockError::InUse(_)) => Err(in_use(db)),
            Err(LockError::Io(file, e)) => Err(text_with(
                "cli-lock-unusable",
                &[
                    ("file", file.display().to_string().into()),
                    ("reason", e.to_string().into()),
                ],
            )),
        },
        None => store.claim_alone().map_err(|reason| {
            text_with(
                "cli-cannot-claim",
                &[("database", store.describe().into()), ("reason", reason.into())],
            )
        }),
    }
}

/// A server runs on `db`: where it answers, and to stop it first.
pub fn in_use(db: &Path) -> String {
    let database = ("database", db.display().to_string().into());
    match lock::running_at(db) {
        Some(url) => text_with("cli-server-running-at", &[database, ("url", url.into())]),
        None => text_with("cli-server-running", &[database]),
    }
}

/// Why no browser opened, and what to do.
fn no_browser(e: &std::io::Error, url: &str) -> String {
    text_with(
        "cli-no-browser",
        &[("reason", e.to_string().into()), ("url", url.to_owned().into())],
    )
}

/// The address to type in a browser on this computer.
pub fn base_url(address: IpAddr, port: u16, tls: bool) -> String {
    let scheme = if tls { "https" } else { "http" };
    let host = match address {
        a if a.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V6(a) => format!("[{a}]"),
        IpAddr::V4(a) => a.to_string(),
    };
    format!("{scheme}://{host}:{port}/")
}

/// The address the banner names and the browser opens: for a server on
/// loopback, `localhost` (the one name browsers allow passkeys at without
/// https, and the same computer); else as `base_url` says.
pub fn browser_url(address: IpAddr, port: u16, tls: bool) -> String {
    match address.is_loopback() {
        true => format!("{}://localhost:{port}/", if tls { "https" } else { "http" }),
        false => base_url(address, port, tls),
    }
}

fn print_banner(database: &str, base: &str, address: IpAddr, setup_url: Option<&str>) {
    println!("gatehouse {}", env!("CARGO_PKG_VERSION"));
    println!(
        "{}",
        text_with("cli-database", &[("database", database.to_owned().into())])
    );
    println!("{}", text_with("cli-open", &[("url", base.to_owned().into())]));
    if address.is_unspecified() {
        let lan = lan_addresses(address);
        if lan.is_empty() {
            println!("{}", text("cli-every-address"));
        } else {
            println!("{}", text("cli-colleagues"));
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
        println!("{}", text("cli-setup-link"));
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
    let reason =
        |detail: &dyn std::fmt::Display| -> [(&str, crate::i18n::Arg); 1] { [("reason", detail.to_string().into())] };
    match e.kind() {
        ErrorKind::Bind(io) if io.kind() == std::io::ErrorKind::AddrInUse => text_with("cli-port-taken", &reason(io)),
        ErrorKind::Bind(io) => text_with("cli-cannot-listen", &reason(io)),
        ErrorKind::Io(io) => text_with("cli-server-stopped", &reason(io)),
        ErrorKind::Config(c) => text_with("cli-config-invalid", &reason(c)),
        ErrorKind::InsecureSecretKey(_) => text("cli-secret-key-unusable"),
        other => text_with("cli-server-cannot-start", &reason(other)),
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

    #[test]
    fn the_banner_names_localhost_for_a_server_on_loopback() {
        assert_eq!(
            browser_url("127.0.0.1".parse().unwrap(), 8000, false),
            "http://localhost:8000/"
        );
        assert_eq!(
            browser_url("::1".parse().unwrap(), 8443, true),
            "https://localhost:8443/"
        );
        assert_eq!(
            browser_url("0.0.0.0".parse().unwrap(), 8000, false),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(
            browser_url("192.168.1.20".parse().unwrap(), 8000, false),
            "http://192.168.1.20:8000/"
        );
    }
}
