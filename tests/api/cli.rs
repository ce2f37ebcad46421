//! The real binary's command line: users, check, exit codes and messages.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::helpers::{bytes_sql, database_name, fresh_database, fresh_database_named, run_sql};

/// Runs the binary on a computer whose language is English.
pub fn gatehouse(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    gatehouse_in("en", db, args, stdin)
}

/// Runs the binary on a computer whose language (the locale variables) is `language`.
pub fn gatehouse_in(language: &str, db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    gatehouse_with(language, db, args, stdin, &[])
}

/// `gatehouse_in` with more environment variables (settings as `ROCKET_…`).
pub fn gatehouse_with(language: &str, db: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", language)
        .env("LC_ALL", language)
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(crate::helpers::working_folder(db))
        .env("ROCKET_BCRYPT_COST", "4")
        .env_remove("GATEHOUSE_DB")
        .env_remove("GATEHOUSE_LOG")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            // A command may refuse and exit before it reads its input.
            match input.write_all(text.as_bytes()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                written => written.unwrap(),
            }
        }
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn create(db: &Path, email: &str, admin: bool) -> Output {
    let mut args = vec![
        "user",
        "create",
        "--email",
        email,
        "--name",
        "Ann Lee",
        "--password-stdin",
    ];
    if admin {
        args.push("--admin");
    }
    gatehouse(db, &args, Some("a good password\n"))
}

#[test]
fn user_create_list_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database_named(dir.path(), "office.db");
    let out = create(&db, "Ann@Example.com", true);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Created administrator Ann Lee <ann@example.com>") && said.contains(&database_name(&db)),
        "{said}"
    );
    assert!(!said.contains("a good password"));

    let member = gatehouse(
        &db,
        &[
            "user",
            "create",
            "--email",
            "bo@example.com",
            "--name",
            "Bo",
            "--password-stdin",
        ],
        Some("another password\r\n"),
    );
    assert_eq!(member.status.code(), Some(0));

    let list = text(&gatehouse(&db, &["user", "list"], None).stdout);
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines[0].contains("EMAIL") && lines[0].contains("ROLE") && lines[0].contains("STATUS"));
    assert!(lines[1].contains("ann@example.com") && lines[1].contains("Administrator") && lines[1].contains("active"));
    assert!(lines[2].contains("bo@example.com") && lines[2].contains("Member"));

    let json: serde_json::Value =
        serde_json::from_slice(&gatehouse(&db, &["user", "list", "--json"], None).stdout).unwrap();
    assert_eq!(json[0]["email"], "ann@example.com");
    assert_eq!(json[0]["role"], "admin");
    assert_eq!(json[1]["active"], true);
    assert!(json[0].get("password_hash").is_none());
}

#[test]
fn the_password_from_stdin_signs_in_with_the_line_ending_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    assert_eq!(create(&db, "ann@example.com", false).status.code(), Some(0));
    let hash = run_sql(&db, "SELECT password_hash FROM users").remove(0).remove(0);
    assert!(bcrypt::verify("a good password", &hash).unwrap());
    assert!(
        hash.starts_with("$2b$04$"),
        "the configured cost from ROCKET_BCRYPT_COST"
    );
}

#[test]
fn runtime_failures_exit_1_with_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let too_long = "x".repeat(73);
    let cases: Vec<(Vec<&str>, Option<&str>, &str)> = vec![
        (
            vec![
                "user",
                "create",
                "--email",
                "ANN@example.com",
                "--name",
                "Again",
                "--password-stdin",
            ],
            Some("a good password\n"),
            "already exists",
        ),
        (
            vec![
                "user",
                "create",
                "--email",
                "new@example.com",
                "--name",
                "New",
                "--password-stdin",
            ],
            Some("short\n"),
            "at least 8",
        ),
        (
            vec![
                "user",
                "create",
                "--email",
                "new@example.com",
                "--name",
                "New",
                "--password-stdin",
            ],
            Some(&too_long),
            "at most 72 bytes",
        ),
        (
            vec![
                "user",
                "create",
                "--email",
                "not-an-email",
                "--name",
                "New",
                "--password-stdin",
            ],
            Some("a good password\n"),
            "--email",
        ),
        (
            vec![
                "user",
                "create",
                "--email",
                "new@example.com",
                "--name",
                " ",
                "--password-stdin",
            ],
            Some("a good password\n"),
            "--name",
        ),
        (
            vec!["user", "create", "--email", "new@example.com", "--name", "New"],
            None,
            "--password-stdin",
        ),
        (
            vec![
                "user",
                "set-password",
                "--email",
                "nobody@example.com",
                "--password-stdin",
            ],
            Some("a good password\n"),
            "no user has the email",
        ),
    ];
    for (args, stdin, expected) in cases {
        let out = gatehouse(&db, &args, stdin);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: ") && err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("a good password") && !err.contains("panicked"), "{err}");
    }
    let users = run_sql(&db, "SELECT count(*) FROM users").remove(0).remove(0);
    assert_eq!(users, "1", "nothing was created");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    for args in [
        vec!["user", "create", "--email", "a@b"],
        vec!["frobnicate"],
        vec!["serve", "--port", "http"],
        vec![
            "user",
            "create",
            "--name",
            "x",
            "--email",
            "a@b",
            "--password",
            "secret",
        ],
    ] {
        let out = gatehouse(&db, &args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn set_password_changes_it_and_ends_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    assert_eq!(create(&db, "ann@example.com", false).status.code(), Some(0));
    run_sql(
        &db,
        &format!(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, persistent, created_at, last_seen_at, expires_at) VALUES ({}, 1, 't', FALSE, 0, 0, 9999999999)",
            bytes_sql(&[1])
        ),
    );
    let out = gatehouse(
        &db,
        &["user", "set-password", "--email", "ANN@example.com", "--password-stdin"],
        Some("a brand new password\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("; one session signed out."));
    let hash = run_sql(&db, "SELECT password_hash FROM users").remove(0).remove(0);
    assert!(bcrypt::verify("a brand new password", &hash).unwrap());
    let sessions = run_sql(&db, "SELECT count(*) FROM sessions").remove(0).remove(0);
    assert_eq!(sessions, "0");
}

#[test]
fn check_passes_a_sound_database_and_fails_anything_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let missing = gatehouse(&db, &["check"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("there is no database at"));
    assert!(!db.exists(), "check never creates a database");

    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let ok = gatehouse(&db, &["check"], None);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("is sound"));

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    let bad = gatehouse(&junk, &["check"], None);
    assert_eq!(bad.status.code(), Some(1));
    let err = text(&bad.stderr);
    assert!(err.starts_with("error: ") && err.lines().count() == 1, "{err}");

    // The same on the harness's engine (on PostgreSQL: a database of its own).
    let other = fresh_database_named(dir.path(), "other.db");
    assert_eq!(create(&other, "ann@example.com", true).status.code(), Some(0));
    let ok = gatehouse(&other, &["check"], None);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("is sound"));
}

#[test]
fn a_database_that_is_not_sqlite_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    let out = gatehouse(&junk, &["user", "list"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("is not a gatehouse database") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn an_empty_list_shows_the_command_for_this_database_ready_to_copy() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("my office");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("g.db");
    let out = gatehouse(&db, &["user", "list"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    let command = said.lines().last().unwrap().trim();
    assert_eq!(
        command,
        format!(
            "gatehouse --db \"{}\" user create --admin --email you@example.com --name \"Your Name\"",
            db.display()
        ),
        "{said}"
    );
    // Copied as shown (with the password on standard input), it makes the
    // administrator in this database.
    let binary = env!("CARGO_BIN_EXE_gatehouse");
    let copied = command.replacen("gatehouse", &format!("'{binary}'"), 1) + " --password-stdin";
    let mut shell = Command::new("sh")
        .args(["-c", &copied])
        .current_dir(dir.path())
        .env("LANGUAGE", "en")
        .env("ROCKET_BCRYPT_COST", "4")
        .env_remove("GATEHOUSE_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    shell.stdin.take().unwrap().write_all(b"a good password\n").unwrap();
    let made = shell.wait_with_output().unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let list = text(&gatehouse(&db, &["user", "list"], None).stdout);
    assert!(
        list.contains("you@example.com") && list.contains("Administrator"),
        "{list}"
    );

    let spanish = gatehouse_in("es_ES.UTF-8", &folder.join("other.db"), &["user", "list"], None);
    let said = text(&spanish.stdout);
    assert!(
        said.contains("--email nombre@example.com --name \"Su nombre\"") && said.contains("other.db"),
        "{said}"
    );
}

#[test]
fn links_made_while_the_server_runs_name_its_port_and_say_who_can_open_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    // A note left by a server that did not stop cleanly is not believed.
    std::fs::write(dir.path().join("g.db.address"), "http://127.0.0.1:1234/").unwrap();
    let stale = gatehouse(&db, &["user", "reset-link", "--email", "ann@example.com"], None);
    let said = text(&stale.stdout);
    assert!(
        said.lines().last().unwrap().starts_with("http://127.0.0.1:8000/reset/"),
        "{said}"
    );
    let running = crate::server::Server::start(&db, &[]);
    let port = running
        .base
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    assert_ne!(port, "8000");
    let invited = gatehouse(
        &db,
        &["user", "invite", "--email", "ivy@example.com", "--name", "Ivy"],
        None,
    );
    assert_eq!(invited.status.code(), Some(0), "{}", text(&invited.stderr));
    let said = text(&invited.stdout);
    let link = said.lines().last().unwrap();
    // The running server's address, as its banner names it.
    assert!(link.starts_with(&format!("http://localhost:{port}/invite/")), "{said}");
    assert!(
        said.contains("Only this computer can open this link") && said.contains("--address 0.0.0.0"),
        "{said}"
    );
    let reset = gatehouse(&db, &["user", "reset-link", "--email", "ann@example.com"], None);
    let said = text(&reset.stdout);
    assert!(
        said.lines()
            .last()
            .unwrap()
            .starts_with(&format!("http://localhost:{port}/reset/")),
        "{said}"
    );
    drop(running);

    // public_url wins, and needs no warning.
    std::fs::write(
        dir.path().join("Rocket.toml"),
        "[default]\npublic_url = \"https://gatehouse.office.example\"\n",
    )
    .unwrap();
    let reset = gatehouse(&db, &["user", "reset-link", "--email", "ann@example.com"], None);
    let said = text(&reset.stdout);
    assert!(
        said.lines()
            .last()
            .unwrap()
            .starts_with("https://gatehouse.office.example/reset/"),
        "{said}"
    );
    assert!(!said.contains("Only this computer"), "{said}");
}

/// The first lines a command prints on stdout until one holds `until` (at
/// most 60 seconds), with the process still running.
fn lines_until(child: &mut std::process::Child, until: &str) -> Vec<String> {
    use std::io::BufRead;
    let (send, receive) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let mut lines = Vec::new();
    while let Ok(line) = receive.recv_timeout(std::time::Duration::from_secs(60)) {
        let done = line.contains(until);
        lines.push(line);
        if done {
            break;
        }
    }
    lines
}

/// Words clap would write in English, which a Spanish help or error must not hold.
const CLAP_ENGLISH: &[&str] = &[
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print help",
    "Print version",
    "OPTIONS",
    "COMMAND",
    "[env:",
    "tip:",
    "For more information",
    "similar",
];

#[test]
fn help_is_in_the_computer_s_language_and_describes_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let top = gatehouse_in("es_ES.UTF-8", &db, &["--help"], None);
    assert_eq!(top.status.code(), Some(0));
    let help = text(&top.stdout);
    assert!(
        help.contains("Uso: gatehouse [OPCIONES] [COMANDO]")
            && help.contains("Comandos:")
            && help.contains("Opciones:"),
        "{help}"
    );
    assert!(
        help.contains("--no-open") && help.contains("No abrir el navegador"),
        "{help}"
    );
    for english in CLAP_ENGLISH {
        assert!(!help.contains(english), "{english} in {help}");
    }

    let create = gatehouse_in("es_ES.UTF-8", &db, &["user", "create", "--help"], None);
    assert_eq!(create.status.code(), Some(0));
    let help = text(&create.stdout);
    assert!(
        help.contains("--email <CORREO>") && help.contains("La dirección de correo electrónico del usuario"),
        "{help}"
    );
    assert!(
        help.contains("--name <NOMBRE>") && help.contains("El nombre del usuario"),
        "{help}"
    );
    assert!(
        help.contains("-h, --help") && help.contains("Mostrar la ayuda"),
        "{help}"
    );
    for english in CLAP_ENGLISH {
        assert!(!help.contains(english), "{english} in {help}");
    }

    let asked = gatehouse_in("es_ES.UTF-8", &db, &["help", "user", "create"], None);
    assert_eq!(asked.status.code(), Some(0));
    assert_eq!(text(&asked.stdout), help, "`help user create` is `user create --help`");
    let help_of_help = text(&gatehouse_in("es", &db, &["help", "help"], None).stdout);
    assert!(help_of_help.contains("Mostrar este mensaje"), "{help_of_help}");
    for english in CLAP_ENGLISH {
        assert!(!help_of_help.contains(english), "{english} in {help_of_help}");
    }

    let english = text(&gatehouse(&db, &["user", "create", "--help"], None).stdout);
    for words in [
        "Usage: gatehouse user create [OPTIONS] --email <EMAIL> --name <NAME>",
        "Options:",
        "The user's email address",
        "The user's name",
        "-h, --help",
        "Print help",
    ] {
        assert!(english.contains(words), "{words} not in {english}");
    }
    let version = gatehouse_in("es", &db, &["--version"], None);
    assert_eq!(version.status.code(), Some(0));
    assert!(text(&version.stdout).starts_with("gatehouse "));
    assert!(!db.exists(), "help and version touch no database");
}

#[test]
fn usage_errors_are_clap_s_in_the_computer_s_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let spanish = gatehouse_in("es_ES.UTF-8", &db, &["--no-opn"], None);
    assert_eq!(spanish.status.code(), Some(2));
    let said = text(&spanish.stderr);
    assert!(
        said.starts_with("error: no se esperaba el argumento «--no-opn»\n"),
        "{said}"
    );
    assert!(
        said.contains("sugerencia: existe un argumento parecido: «--no-open»")
            && said.contains("Uso: gatehouse [OPCIONES] [COMANDO]")
            && said.contains("Para más información, pruebe «--help»."),
        "{said}"
    );
    for english in CLAP_ENGLISH {
        assert!(!said.contains(english), "{english} in {said}");
    }
    let typo = text(&gatehouse_in("es", &db, &["user", "craete"], None).stderr);
    assert!(
        typo.starts_with("error: no se reconoce el comando «craete»") && typo.contains("«create»"),
        "{typo}"
    );
    let missing = gatehouse_in("es", &db, &["user", "create", "--email", "a@b"], None);
    assert_eq!(missing.status.code(), Some(2));
    let said = text(&missing.stderr);
    assert!(
        said.starts_with("error: faltan estos argumentos obligatorios:\n  --name <NOMBRE>"),
        "{said}"
    );

    let english = gatehouse(&db, &["--no-opn"], None);
    assert_eq!(english.status.code(), Some(2));
    assert_eq!(
        text(&english.stderr),
        "error: unexpected argument '--no-opn' found\n\n  tip: a similar argument exists: '--no-open'\n\n\
         Usage: gatehouse [OPTIONS] [COMMAND]\n\nFor more information, try '--help'.\n"
    );
    let misplaced = gatehouse(&db, &["--port", "9000", "user", "list"], None);
    assert_eq!(misplaced.status.code(), Some(2));
    assert!(
        text(&misplaced.stderr).starts_with("error: the subcommand 'user' cannot be used with '--port'"),
        "{}",
        text(&misplaced.stderr)
    );
    assert!(!db.exists(), "a usage error touches no database");
}

#[test]
fn serve_s_options_work_without_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .env("LC_ALL", "en")
        .env("BROWSER", "false")
        .arg("--db")
        .arg(&db)
        .args(["--no-open", "--port", "0", "--address", "127.0.0.1"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let banner = lines_until(&mut child, "Open http");
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let base = banner
        .iter()
        .find_map(|l| l.strip_prefix("Open ")?.split(' ').next())
        .unwrap_or_else(|| panic!("no banner: {banner:?} {}", text(&output.stderr)));
    assert!(
        base.starts_with("http://localhost:") && !base.ends_with(":8000/"),
        "{base}"
    );
    assert!(!text(&output.stderr).contains("browser"), "{}", text(&output.stderr));
}

#[test]
fn a_start_without_a_command_finds_the_server_running_on_its_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let running = crate::server::Server::start(&db, &[]);

    let quiet = gatehouse(&db, &["--no-open"], None);
    assert_eq!(quiet.status.code(), Some(0), "{}", text(&quiet.stderr));
    let said = text(&quiet.stdout);
    assert!(
        said.contains("already running") && said.contains(&running.base),
        "{said}"
    );
    let spanish = gatehouse_in("es_ES.UTF-8", &db, &["--no-open", "--port", "0"], None);
    assert_eq!(spanish.status.code(), Some(0), "{}", text(&spanish.stderr));
    let said = text(&spanish.stdout);
    assert!(
        said.contains("ya se está ejecutando") && said.contains(&running.base),
        "{said}"
    );

    // Without --no-open it opens the running server in the browser (here a
    // browser that does nothing).
    let opened = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .env("LC_ALL", "en")
        .env("BROWSER", "true")
        .arg("--db")
        .arg(&db)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(opened.status.code(), Some(0), "{}", text(&opened.stderr));
    assert!(text(&opened.stdout).contains("opening it in your browser"));

    // What needs the database alone says so, in the computer's language.
    let restore = gatehouse_in("es_ES.UTF-8", &db, &["restore", "backup.db"], None);
    assert_eq!(restore.status.code(), Some(1));
    let err = text(&restore.stderr);
    assert!(
        err.starts_with("error: un servidor de gatehouse está usando") && err.contains(&running.base),
        "{err}"
    );

    // `serve` itself still refuses, and says where the running one answers.
    let serve = gatehouse(&db, &["serve", "--no-open", "--port", "0"], None);
    assert_eq!(serve.status.code(), Some(1));
    assert!(text(&serve.stderr).contains(&running.base), "{}", text(&serve.stderr));
}

#[test]
fn runtime_errors_are_in_the_computer_s_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let nowhere = dir.path().join("no such folder").join("g.db");
    let cases: [(&Path, &[&str], &str, &str); 3] = [
        (
            &db,
            &["check"],
            "error: no hay ninguna base de datos en ",
            "error: there is no database at ",
        ),
        (&nowhere, &["user", "list"], "error: la carpeta ", "error: the folder "),
        (
            &db,
            &["serve", "--no-open", "--tls-cert", "nope.pem", "--tls-key", "nope.key"],
            "error: no se puede leer el certificado TLS nope.pem: ",
            "error: cannot read the TLS certificate nope.pem: ",
        ),
    ];
    for (db, args, spanish, english) in cases {
        let out = gatehouse_in("es_ES.UTF-8", db, args, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.starts_with(spanish) && err.lines().count() == 1, "{args:?}: {err}");
        let out = gatehouse(db, args, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.starts_with(english) && err.lines().count() == 1, "{args:?}: {err}");
    }

    // What is wrong with Rocket.toml, too.
    let configured = dir.path().join("configured");
    std::fs::create_dir(&configured).unwrap();
    std::fs::write(configured.join("Rocket.toml"), "[default]\nip_headr = \"X-Real-IP\"\n").unwrap();
    let out = gatehouse_in("es_ES.UTF-8", &configured.join("g.db"), &["user", "list"], None);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: no se puede usar la configuración")
            && err.contains("ip_headr no es una opción que gatehouse conozca (¿quería decir ip_header?)"),
        "{err}"
    );
    let err = text(&gatehouse(&configured.join("g.db"), &["user", "list"], None).stderr);
    assert!(
        err.contains("ip_headr is not a setting gatehouse knows (did you mean ip_header?)"),
        "{err}"
    );
}

#[test]
fn the_list_shows_who_has_not_accepted_an_invitation_as_invited() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    let invited = gatehouse(
        &db,
        &["user", "invite", "--email", "ivy@example.com", "--name", "Ivy"],
        None,
    );
    assert_eq!(invited.status.code(), Some(0));
    create(&db, "ann@example.com", true);
    let list = gatehouse(&db, &["user", "list"], None);
    let said = text(&list.stdout);
    let ivy = said.lines().find(|l| l.contains("ivy@example.com")).unwrap();
    let ann = said.lines().find(|l| l.contains("ann@example.com")).unwrap();
    assert!(ivy.trim_end().ends_with("invited"), "{said}");
    assert!(ann.trim_end().ends_with("active"), "{said}");
}

/// Runs the binary under a pseudo-terminal (util-linux's `script`), as a
/// person at a terminal would, on a computer whose language is `language`:
/// everything the terminal showed.
fn at_a_terminal(language: &str, db: &Path, args: &[&str]) -> String {
    let quoted = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut command = format!(
        "{} --db {}",
        quoted(env!("CARGO_BIN_EXE_gatehouse")),
        quoted(&db.to_string_lossy())
    );
    for arg in args {
        command.push(' ');
        command.push_str(&quoted(arg));
    }
    let shown = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("LANGUAGE", language)
        .env("LC_ALL", language)
        .env("ROCKET_BCRYPT_COST", "4")
        .env_remove("GATEHOUSE_DB")
        .env_remove("GATEHOUSE_LOG")
        .current_dir(crate::helpers::working_folder(db))
        .stdin(Stdio::null())
        .output()
        .expect("util-linux's script runs");
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stdout));
    text(&shown.stdout)
}

#[test]
fn long_commands_show_their_progress_on_a_terminal_and_nothing_extra_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    let sheet = dir.path().join("people.csv");
    let rows: String = (1..=40).map(|i| format!("Persona {i},p{i}@example.com\n")).collect();
    std::fs::write(&sheet, format!("name,email\n{rows}")).unwrap();

    // Piped (a script, a service): the same output as ever, and no bar.
    let piped = gatehouse(&db, &["user", "import", sheet.to_str().unwrap(), "--apply"], None);
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));
    assert!(
        !text(&piped.stderr).contains("Bringing people in"),
        "{}",
        text(&piped.stderr)
    );
    let out = dir.path().join("out.csv");
    let piped = gatehouse(&db, &["user", "export", "--output", out.to_str().unwrap()], None);
    assert!(text(&piped.stderr).starts_with("Written to"), "{}", text(&piped.stderr));
    assert!(!text(&piped.stderr).contains("Writing people out"));

    // At a terminal: what is under way, and how far it has got.
    let again = dir.path().join("more.csv");
    let rows: String = (41..=60).map(|i| format!("Persona {i},p{i}@example.com\n")).collect();
    std::fs::write(&again, format!("name,email\n{rows}")).unwrap();
    let shown = at_a_terminal("en", &db, &["user", "import", again.to_str().unwrap(), "--apply"]);
    assert!(shown.contains("Bringing people in") && shown.contains("/20"), "{shown}");
    let shown = at_a_terminal("en", &db, &["user", "export", "--output", out.to_str().unwrap()]);
    assert!(shown.contains("Writing people out") && shown.contains("/60"), "{shown}");
    // In the computer's language.
    let copy = dir.path().join("copy.db");
    let shown = at_a_terminal("es", &db, &["copy", "--to", copy.to_str().unwrap()]);
    assert!(shown.contains("Copiando filas"), "{shown}");
}
