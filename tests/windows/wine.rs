//! The harness: one Wine prefix for the run, kept in `target/tmp/wine` and
//! made once (Debian's wine64 8.0), with the `ProcessPrng` stand-in that
//! Wine 8 lacks built into it from tests/fixtures/wine, and a stand-in
//! browser that notes the addresses it is asked to open; gatehouse.exe
//! started in it; and a running server's banner, address and stop.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::banner::{lines_of, read_banner};

pub const WINE: &str = "/usr/lib/wine/wine64";
/// The password the tests give everyone.
pub const PASSWORD: &str = "a good password";

/// The Windows build under test.
pub fn exe() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let exe = target.join("x86_64-pc-windows-gnu/release/gatehouse.exe");
    assert!(
        exe.exists(),
        "{} is not built: bash scripts/build-windows.sh builds it (bash tests/windows.sh builds it and runs these tests)",
        exe.display()
    );
    exe
}

/// The Wine prefix every test of the run shares (a Windows computer with
/// one user).
pub struct Prefix {
    dir: PathBuf,
    opened: PathBuf,
    display: String,
}

pub fn prefix() -> &'static Prefix {
    static PREFIX: OnceLock<Prefix> = OnceLock::new();
    PREFIX.get_or_init(Prefix::make)
}

impl Prefix {
    fn make() -> Prefix {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wine");
        std::fs::create_dir_all(&root).unwrap();
        let prefix = Prefix {
            dir: root.join("prefix"),
            opened: root.join("opened.txt"),
            display: start_x_server(),
        };
        // Programs a killed test run left in the prefix, and its Wine server.
        let _ = prefix
            .env(&mut Command::new("/usr/lib/wine/wineserver"))
            .arg("-k")
            .status();
        let made = root.join("made");
        if !made.exists() {
            let _ = std::fs::remove_dir_all(&prefix.dir);
            prefix.wine(&["wineboot", "--init"]);
            std::fs::write(&made, "").unwrap();
        }
        prefix.build_process_prng();
        // Wine opens web addresses with winebrowser, which runs the programs
        // named in this registry value: here, a script that notes them.
        let browser = root.join("browser.sh");
        std::fs::write(
            &browser,
            format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", prefix.opened.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
        let browser = browser.to_str().unwrap();
        prefix.wine(&[
            "reg",
            "add",
            r"HKCU\Software\Wine\WineBrowser",
            "/v",
            "Browsers",
            "/d",
            browser,
            "/f",
        ]);
        prefix.set_browser(true);
        prefix
    }

    /// Rust's standard library takes random bytes from `ProcessPrng` in
    /// bcryptprimitives.dll (Windows 10 and later); Wine 8's has none, and
    /// without it gatehouse.exe ends at its first random number.
    fn build_process_prng(&self) {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wine");
        let built = Command::new("x86_64-w64-mingw32-gcc")
            .args(["-shared", "-O2", "-o"])
            .arg(self.c_drive().join("windows/system32/bcryptprimitives.dll"))
            .arg(fixtures.join("process_prng.c"))
            .arg(fixtures.join("process_prng.def"))
            .arg("-ladvapi32")
            .status()
            .expect("the mingw-w64 GCC (gcc-mingw-w64-x86-64) builds the ProcessPrng stand-in");
        assert!(built.success(), "the ProcessPrng stand-in builds");
    }

    /// Runs one of Wine's own programs in the prefix, to its end.
    fn wine(&self, args: &[&str]) {
        let done = self.env(&mut Command::new(WINE)).args(args).output().expect(WINE);
        assert!(
            done.status.success(),
            "wine64 {args:?}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
    }

    /// What every command in the prefix runs with: English, UTF-8 (for
    /// arguments with accents), quiet, the stand-in DLL before Wine's own,
    /// the tests' bcrypt cost, and the run's display. Nothing of this
    /// computer's gatehouse settings.
    fn env<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command
            .env("WINEPREFIX", &self.dir)
            .env("DISPLAY", &self.display)
            .env("WINEARCH", "win64")
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "bcryptprimitives=n;mscoree,mshtml=")
            .env("LC_ALL", "C.UTF-8")
            .env("ROCKET_BCRYPT_COST", "4")
            .env_remove("LANG")
            .env_remove("LANGUAGE")
            .env_remove("GATEHOUSE_DB")
            .env_remove("GATEHOUSE_ADDRESS")
            .env_remove("GATEHOUSE_PORT")
            .env_remove("BROWSER")
    }

    /// `gatehouse.exe` with `args`, in a folder of its own.
    pub fn gatehouse(&self, args: &[&str]) -> Command {
        let mut command = Command::new(WINE);
        self.env(&mut command).arg(exe()).args(args).current_dir(&self.dir);
        command
    }

    /// Runs `gatehouse.exe` to its end, with `stdin` typed in.
    pub fn run(&self, mut command: Command, stdin: Option<&str>) -> Output {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect(WINE);
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            let _ = input.write_all(text.as_bytes());
        }
        drop(input);
        child.wait_with_output().unwrap()
    }

    /// `wineconsole gatehouse.exe args`: gatehouse in a console window of
    /// its own, as a double-click shows it.
    pub fn in_console_window(&self, args: &[&str]) -> Command {
        let mut command = Command::new(WINE);
        self.env(&mut command)
            .arg("wineconsole")
            .arg(windows_path(&exe()))
            .args(args)
            .current_dir(&self.dir);
        command
    }

    /// Closes gatehouse's console window as its close button does, and
    /// gives how many windows were closed.
    pub fn close_console_window(&self) -> usize {
        let closed = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/close_window.py"))
            .arg("gatehouse.exe")
            .env("DISPLAY", &self.display)
            .output()
            .expect("python3");
        text(&closed.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("close_window.py: {}", text(&closed.stderr)))
    }

    /// Gives the computer its browser (winebrowser, as Wine sets it up), or
    /// takes it away: web addresses then open with a program that is not there.
    pub fn set_browser(&self, present: bool) {
        let program = if present { "winebrowser.exe" } else { "no-browser.exe" };
        let command = format!(r#""C:\windows\system32\{program}" "%1""#);
        self.wine(&[
            "reg",
            "add",
            r"HKCR\http\shell\open\command",
            "/ve",
            "/d",
            &command,
            "/f",
        ]);
    }

    /// The Windows computer's C: drive.
    pub fn c_drive(&self) -> PathBuf {
        self.dir.join("drive_c")
    }

    /// The Windows user's name and `%APPDATA%` (the roaming application data).
    pub fn user_and_appdata(&self) -> (String, PathBuf) {
        let users = self.c_drive().join("users");
        let user = std::fs::read_dir(&users)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .find(|name| name != "Public")
            .expect("the prefix has a user");
        let appdata = users.join(&user).join("AppData/Roaming");
        (user, appdata)
    }

    /// Every address the stand-in browser was asked to open, in order.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(&self.opened)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Waits (20 s at most) for the browser to have been asked to open more
    /// than `before` addresses, and gives the last.
    pub fn newly_opened(&self, before: usize) -> Option<String> {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            let opened = self.opened();
            if opened.len() > before {
                return opened.last().cloned();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

/// An X server for the run (Xvfb), for the console windows Wine draws and
/// its desktop process, which holds the display while Wine runs. It ends a
/// second after the test process does.
fn start_x_server() -> String {
    let watch = format!(
        "Xvfb -displayfd 1 -nolisten tcp -screen 0 1024x768x24 2>/dev/null & x=$!; \
         while kill -0 {} 2>/dev/null; do sleep 1; done; kill $x",
        std::process::id()
    );
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut xvfb = Command::new("sh")
            .args(["-c", &watch])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh");
        let mut number = String::new();
        let _ = BufReader::new(xvfb.stdout.take().unwrap()).read_line(&mut number);
        let _ = send.send(number);
        let _ = xvfb.wait();
    });
    let number = receive.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
    assert!(
        !number.trim().is_empty(),
        "Xvfb (Debian's xvfb package) gives its display"
    );
    format!(":{}", number.trim())
}

/// The Windows name of a file on the Linux side: `Z:` is `/` in Wine.
pub fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// A file beside the database (`g.db.lock`, `g.db-wal`).
pub fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The bytes in the database's write-ahead log (none once a server has
/// stopped cleanly: the log is put into the database and emptied).
pub fn wal_bytes(db: &Path) -> u64 {
    std::fs::metadata(beside(db, "-wal")).map(|m| m.len()).unwrap_or(0)
}

/// A running gatehouse.exe, killed when dropped.
pub struct Server {
    child: Child,
    pub banner: Vec<String>,
    pub base: String,
    errors: Receiver<String>,
}

impl Server {
    /// Starts `command` and reads its banner: up to the "Ctrl-C" line, and
    /// the setup link when one follows.
    pub fn start(mut command: Command) -> Server {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect(WINE);
        let lines = lines_of(child.stdout.take().unwrap());
        let errors = lines_of(child.stderr.take().unwrap());
        let (banner, base) = read_banner(&lines, Duration::from_millis(1500));
        Server {
            child,
            banner,
            base,
            errors,
        }
    }

    /// The lines it has written to its standard error so far, after
    /// `settle` for more to arrive.
    pub fn error_lines(&self, settle: Duration) -> Vec<String> {
        std::thread::sleep(settle);
        self.errors.try_iter().collect()
    }

    pub fn setup_url(&self) -> Option<String> {
        self.banner
            .iter()
            .find(|l| l.contains("setup?token="))
            .map(|l| l.trim().to_owned())
    }

    /// Ctrl-C: Wine hands a SIGINT to a console program as Windows' Ctrl-C
    /// event.
    pub fn press_ctrl_c(&self) {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Ctrl-C, and the exit code once it has stopped (20 s at most).
    pub fn ctrl_c(&mut self) -> Option<i32> {
        self.press_ctrl_c();
        self.exit_code_within(Duration::from_secs(20))
    }

    /// The exit code, once the process has ended (`None` if it did not
    /// within `limit`).
    pub fn exit_code_within(&mut self, limit: Duration) -> Option<i32> {
        exit_code_within(&mut self.child, limit)
    }

    /// Ends the process at once, as the Task Manager's "End task" or a power
    /// cut does: nothing of gatehouse's runs.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

pub fn exit_code_within(child: &mut Child, limit: Duration) -> Option<i32> {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// Waits (`limit` at most) for `ready` to hold.
pub fn wait_for(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    ready()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace("\r\n", "\n")
}
