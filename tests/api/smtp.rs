//! A real SMTP server on loopback for the mail tests: Debian's aiosmtpd,
//! started by tests/fixtures/smtp_server.py in a mode (accept, refuse, hang,
//! auth), stopped when dropped. Accepted messages are files to read.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rocket::figment::Figment;

/// The address gatehouse is opened at in the mail tests: mailed links start with it.
pub const PUBLIC_URL: &str = "http://gatehouse.office.test:8000";

pub struct SmtpServer {
    pub port: u16,
    child: Child,
    folder: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start(mode: &str) -> SmtpServer {
        let folder = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/smtp_server.py");
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(mode)
            .arg(folder.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3-aiosmtpd is installed (tests/run.sh installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("the SMTP fixture said {line:?}"));
        SmtpServer { port, child, folder }
    }

    /// `figment` with `[default.smtp]` pointing at this server, and the
    /// `public_url` mail needs.
    pub fn settings(&self, figment: Figment, timeout: u64) -> Figment {
        figment
            .merge(("public_url", PUBLIC_URL))
            .merge(("smtp.host", "127.0.0.1"))
            .merge(("smtp.port", self.port))
            .merge(("smtp.from", "Office <gatehouse@example.org>"))
            .merge(("smtp.security", "none"))
            .merge(("smtp.timeout", timeout))
    }

    /// The messages received so far, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort_by_key(|p| p.file_stem().and_then(|s| s.to_str()?.parse::<u32>().ok()));
        files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
    }

    /// Waits (up to 10 s) until `count` messages have come.
    pub fn wait_for(&self, count: usize) -> Vec<String> {
        let start = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= count || start.elapsed() > Duration::from_secs(10) {
                return messages;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The plain-text part of a message, with quoted-printable soft breaks undone.
pub fn plain_text(message: &str) -> String {
    let unfolded = message.replace("=\r\n", "").replace("=\n", "");
    unfolded.replace("=3D", "=")
}

/// The first link to this site (`/invite/…` or `/reset/…`) in a message, as a path.
pub fn link_path(message: &str) -> Option<String> {
    let text = plain_text(message);
    let at = text.find("/invite/").or_else(|| text.find("/reset/"))?;
    let path: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
        .collect();
    Some(path)
}
