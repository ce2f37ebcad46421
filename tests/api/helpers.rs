//! `TestApp`: a gatehouse on its own database, driven through Rocket's
//! local client, which keeps cookies like a browser and never follows
//! redirects. bcrypt runs at cost 4 here, and only here. The engine is the
//! harness's choice: a temporary SQLite file, or with
//! `GATEHOUSE_TEST_ENGINE=postgres` a new database of its own on the
//! PostgreSQL server the PG* variables name (`tests/run.sh` starts one).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use gatehouse::clock::Clock;
use gatehouse::domain::{Email, NewUser, Password, Role, User, UserName};
use gatehouse::security::Hasher;
use gatehouse::service::App;
use gatehouse::store::{Location, Store, StoreError};
use rocket::figment::Figment;
use rocket::http::{ContentType, Status};
use rocket::local::blocking::{Client, LocalResponse};
use tempfile::TempDir;

pub use crate::http::{csrf_in, form as encode};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub client: Client,
    /// Shared by every browser (`another_browser`) on the same database.
    pub dir: Arc<TempDir>,
    /// The database, as `--db` takes it: a file in `dir`, or a URL.
    pub db: PathBuf,
    /// The app's clock: the system's, or one the test moves (`with_clock`).
    pub clock: Clock,
    /// Its configuration, which another browser's instance shares.
    pub figment: Figment,
}

/// The configuration every test app starts from: gatehouse's defaults
/// without Rocket.toml or the environment, and bcrypt at cost 4.
pub fn test_figment() -> Figment {
    gatehouse::config::defaults()
        .merge(("bcrypt_cost", 4))
        .merge(("log_level", "off"))
}

impl TestApp {
    pub fn new() -> TestApp {
        TestApp::with_figment(test_figment())
    }

    /// A gatehouse on a new database whose clock stands still until the test moves it.
    pub fn with_clock(clock: Clock) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().expect("a temp dir"));
        let db = fresh_database(dir.path());
        TestApp::on_clock(dir, db, test_figment(), clock)
    }

    /// A gatehouse on a new database, configured by `figment`.
    pub fn with_figment(figment: Figment) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().expect("a temp dir"));
        let db = fresh_database(dir.path());
        TestApp::on_clock(dir, db, figment, Clock::system())
    }

    /// A gatehouse on the database `db` (a file or a URL) as it is.
    pub fn on_database(db: PathBuf) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().expect("a temp dir"));
        TestApp::on_clock(dir, db, test_figment(), Clock::system())
    }

    /// A gatehouse on `db` in `dir`, configured by `figment`, on `clock`.
    pub fn on_clock(dir: Arc<TempDir>, db: PathBuf, figment: Figment, clock: Clock) -> TestApp {
        let store = open_store(&db);
        let rocket = gatehouse::rocket(store, figment.clone(), clock.clone()).expect("the app builds");
        let client = Client::tracked(rocket).expect("a valid rocket");
        TestApp {
            client,
            dir,
            db,
            clock,
            figment,
        }
    }

    /// Stops this instance and starts another on the same database.
    pub fn restart(self) -> TestApp {
        self.restart_with(test_figment())
    }

    /// Stops this instance and starts another on the same database, configured by `figment`.
    pub fn restart_with(self, figment: Figment) -> TestApp {
        let TestApp {
            client, dir, db, clock, ..
        } = self;
        drop(client);
        TestApp::on_clock(dir, db, figment, clock)
    }

    /// A second browser (its own cookies) on the same database, clock and
    /// configuration:
    /// on PostgreSQL, a second instance too.
    pub fn another_browser(&self) -> TestApp {
        TestApp::on_clock(
            self.dir.clone(),
            self.db.clone(),
            self.figment.clone(),
            self.clock.clone(),
        )
    }

    /// The store, to read or write it as the use cases do.
    pub fn store(&self) -> Store {
        open_store(&self.db)
    }

    /// Runs SQL on the test's database (statements separated by `;`), and
    /// gives the rows of the last one as text: on either engine, the way
    /// PostgreSQL writes values (`\x…` for bytes). Booleans are TRUE and
    /// FALSE in the SQL, which both engines read.
    pub fn sql(&self, sql: &str) -> Vec<Vec<String>> {
        run_sql(&self.db, sql)
    }

    /// The first column of the first row `sql` gives.
    pub fn sql_one(&self, sql: &str) -> String {
        let rows = self.sql(sql);
        rows.first()
            .and_then(|r| r.first())
            .cloned()
            .unwrap_or_else(|| panic!("no row from {sql}"))
    }

    /// Adds `count` members in one statement, named `{name} 001`… and
    /// mailed at `{email}001@example.com`… (numbers `width` digits wide),
    /// with no usable password (and the sort key gatehouse would write).
    pub fn add_members(&self, name: &str, email: &str, count: u32, width: usize) {
        let rows: Vec<String> = (1..=count)
            .map(|i| {
                let full = format!("{name} {i:0width$}");
                let key = gatehouse::domain::sort_key(&full);
                format!("('{full}', '{email}{i:0width$}@example.com', 'x', 'member', 0, 0, '{key}')")
            })
            .collect();
        self.sql(&format!(
            "INSERT INTO users (name, email, password_hash, role, created_at, updated_at, sort_key) VALUES {}",
            rows.join(", ")
        ));
    }

    /// A number `sql` gives; a boolean is 1 or 0 (PostgreSQL writes `t`, `f`).
    pub fn sql_count(&self, sql: &str) -> i64 {
        match self.sql_one(sql).as_str() {
            "t" => 1,
            "f" => 0,
            number => number.parse().expect("a number"),
        }
    }

    /// The use cases on the same database, with bcrypt at cost 4.
    pub fn service(&self) -> App {
        let settings = gatehouse::config::Settings::from_figment(&test_figment()).expect("test settings");
        App::new(self.store(), settings, Clock::system())
    }

    /// Creates a user straight through the repository, with no audit row.
    pub fn create_user(&self, email: &str, name: &str, role: Role) -> User {
        let new = NewUser {
            name: UserName::parse(name).unwrap(),
            email: Email::parse(email).unwrap(),
            role,
        };
        let hash = Hasher::new(4)
            .hash_blocking(&Password::parse(PASSWORD).unwrap())
            .unwrap();
        let at = Clock::system().now();
        self.store()
            .write_blocking(|repo| repo.insert_user(&new, &hash, false, at))
            .map_err(|e: StoreError| e.to_string())
            .expect("the user is created")
    }

    pub fn admin(&self) -> User {
        self.create_user("admin@example.com", "Ada Admin", Role::Admin)
    }

    pub fn member(&self) -> User {
        self.create_user("member@example.com", "Max Member", Role::Member)
    }

    pub fn get(&self, uri: &str) -> LocalResponse<'_> {
        self.client.get(uri.to_owned()).dispatch()
    }

    /// POSTs a form with exactly these fields.
    pub fn post(&self, uri: &str, fields: &[(&str, &str)]) -> LocalResponse<'_> {
        self.client
            .post(uri.to_owned())
            .header(ContentType::Form)
            .body(encode(fields))
            .dispatch()
    }

    /// The CSRF token the forms of the page at `uri` carry (or of the page
    /// it redirects to).
    pub fn csrf(&self, uri: &str) -> String {
        let response = self.get(uri);
        let html = match response.status() {
            Status::SeeOther => self.get(&location(&response)).into_string(),
            _ => response.into_string(),
        }
        .unwrap_or_default();
        csrf_in(&html).unwrap_or_else(|| panic!("no csrf_token on {uri}: {html}"))
    }

    /// POSTs a form from the page at `page`, adding that page's CSRF token.
    pub fn submit(&self, page: &str, uri: &str, fields: &[(&str, &str)]) -> LocalResponse<'_> {
        let token = self.csrf(page);
        let mut all = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post(uri, &all)
    }

    /// Signs in from the sign-in page (or, already signed in, from the directory).
    pub fn sign_in_with(&self, email: &str, password: &str, remember: bool) -> LocalResponse<'_> {
        let mut fields = vec![("email", email), ("password", password)];
        if remember {
            fields.push(("remember", "true"));
        }
        let signed_in = self.get("/login").status() == Status::SeeOther;
        self.submit(if signed_in { "/users" } else { "/login" }, "/login", &fields)
    }

    /// Signs in with the test password and checks that it worked.
    pub fn sign_in(&self, user: &User) {
        let response = self.sign_in_with(&user.email, PASSWORD, false);
        assert_eq!(response.status(), Status::SeeOther, "sign-in of {} failed", user.email);
    }

    pub fn sign_out(&self) -> LocalResponse<'_> {
        self.submit("/users", "/logout", &[])
    }

    /// The raw (encrypted) value of a cookie the client holds.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.client.cookies().get(name).map(|c| c.value().to_owned())
    }
}

/// True when the harness runs the tests on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("GATEHOUSE_TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

/// A new, empty database for one test, as `--db` takes it: a file in `dir`,
/// or on PostgreSQL a database of its own, owned by an ordinary user.
pub fn fresh_database(dir: &Path) -> PathBuf {
    fresh_database_named(dir, "gatehouse.db")
}

/// As `fresh_database`, a file named `file` on SQLite.
pub fn fresh_database_named(dir: &Path, file: &str) -> PathBuf {
    if !on_postgres() {
        return dir.join(file);
    }
    // On a thread of its own: the sync client cannot start inside an async
    // test's runtime (the browser tests).
    std::thread::spawn(new_postgres_database)
        .join()
        .expect("a test database on PostgreSQL")
}

fn new_postgres_database() -> PathBuf {
    static OWNER: OnceLock<()> = OnceLock::new();
    let mut admin = postgres_admin();
    OWNER.get_or_init(|| {
        admin
            .batch_execute(
                "DO $$ BEGIN CREATE ROLE gatehouse_test LOGIN PASSWORD 'gatehouse test password';
                 EXCEPTION WHEN duplicate_object THEN NULL; END $$",
            )
            .expect("the test role");
    });
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("gh_{}_{n}", std::process::id());
    admin
        .batch_execute(&format!("CREATE DATABASE {name} OWNER gatehouse_test"))
        .expect("a test database");
    let host = std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into());
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    PathBuf::from(format!(
        "postgres://gatehouse_test:gatehouse%20test%20password@{host}:{port}/{name}?sslmode=disable"
    ))
}

/// The name messages use for database `db`: the file's name, or the
/// PostgreSQL database's.
pub fn database_name(db: &Path) -> String {
    match Location::parse(db.as_os_str().to_owned()) {
        Location::File(path) => path.file_name().unwrap().to_string_lossy().into_owned(),
        Location::Postgres(url) => url.rsplit('/').next().unwrap().split('?').next().unwrap().to_owned(),
    }
}

/// The folder to run the binary in for database `db`: the file's folder,
/// or the temporary folder for a URL.
pub fn working_folder(db: &Path) -> PathBuf {
    match db.parent() {
        Some(folder) if folder.is_dir() => folder.to_owned(),
        _ => std::env::temp_dir(),
    }
}

/// A superuser's URL for database `name` on the test server, for looking
/// at what the server itself reports.
pub fn admin_url(name: &str) -> PathBuf {
    let host = std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into());
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    let user = std::env::var("PGUSER").unwrap_or_else(|_| "postgres".into());
    let password = std::env::var("PGPASSWORD").unwrap_or_default();
    PathBuf::from(format!(
        "postgres://{user}:{password}@{host}:{port}/{name}?sslmode=disable"
    ))
}

/// A superuser connection to the test server (from the PG* variables).
fn postgres_admin() -> postgres::Client {
    let host = std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into());
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    let user = std::env::var("PGUSER").unwrap_or_else(|_| "postgres".into());
    let password = std::env::var("PGPASSWORD").unwrap_or_default();
    postgres::Config::new()
        .host(&host)
        .port(port.parse().expect("PGPORT is a number"))
        .user(&user)
        .password(password)
        .dbname("postgres")
        .connect(postgres::NoTls)
        .expect("GATEHOUSE_TEST_ENGINE=postgres needs a server: run the tests with bash tests/run.sh")
}

pub fn open_store(db: &Path) -> Store {
    let pool = gatehouse::config::Settings::default().pool();
    Store::open(&Location::parse(db.as_os_str().to_owned()), false, &pool).expect("the test database opens")
}

/// Runs `sql` on the database `db` names; the last statement's rows as text.
pub fn run_sql(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let (db, sql) = (db.to_owned(), sql.to_owned());
    // On a thread of its own, as `fresh_database`.
    std::thread::spawn(move || run_sql_here(&db, &sql))
        .join()
        .expect("the SQL runs")
}

fn run_sql_here(db: &Path, sql: &str) -> Vec<Vec<String>> {
    match Location::parse(db.as_os_str().to_owned()) {
        Location::Postgres(url) => {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("a connection");
            let mut rows = Vec::new();
            for message in client.simple_query(sql).unwrap_or_else(|e| panic!("{sql}: {e}")) {
                match message {
                    postgres::SimpleQueryMessage::Row(row) => {
                        rows.push((0..row.len()).map(|i| row.get(i).unwrap_or("").to_owned()).collect())
                    }
                    postgres::SimpleQueryMessage::CommandComplete(_) => {}
                    _ => rows.clear(),
                }
            }
            rows
        }
        Location::File(path) => {
            use rusqlite::types::ValueRef;
            let conn = rusqlite::Connection::open(path).expect("the test database opens");
            conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
            let statements: Vec<&str> = sql.split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
            let mut rows = Vec::new();
            for statement in statements {
                rows.clear();
                let mut prepared = conn.prepare(statement).unwrap_or_else(|e| panic!("{statement}: {e}"));
                let columns = prepared.column_count();
                let mut found = prepared.query([]).unwrap_or_else(|e| panic!("{statement}: {e}"));
                while let Some(row) = found.next().unwrap() {
                    rows.push(
                        (0..columns)
                            .map(|i| match row.get_ref(i).unwrap() {
                                ValueRef::Null => String::new(),
                                ValueRef::Integer(n) => n.to_string(),
                                ValueRef::Real(x) => x.to_string(),
                                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                                ValueRef::Blob(b) => {
                                    format!("\\x{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>())
                                }
                            })
                            .collect(),
                    );
                }
            }
            rows
        }
    }
}

/// Bytes as an SQL literal of the engine the tests run on.
pub fn bytes_sql(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|x| format!("{x:02x}")).collect();
    match on_postgres() {
        true => format!("'\\x{hex}'::bytea"),
        false => format!("x'{hex}'"),
    }
}

/// Bytes as both engines write them as text: `\x` and lower-case hex.
pub fn hex_text(bytes: &[u8]) -> String {
    format!("\\x{}", bytes.iter().map(|x| format!("{x:02x}")).collect::<String>())
}

/// Runs a use case to its end on this thread.
pub fn block_on<F: std::future::Future>(work: F) -> F::Output {
    rocket::tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(work)
}

/// The authenticator key a two-step set-up page shows, without its spaces.
pub fn secret_in(html: &str) -> String {
    html.split(r#"<code id="secret" class="secret">"#)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default()
        .split_whitespace()
        .collect()
}

/// The session's token behind a masked form token (`pad ‖ pad XOR token`,
/// in hex), as the server reads it.
pub fn unmasked(masked: &str) -> String {
    let bytes: Vec<u8> = (0..masked.len() / 2)
        .map(|i| u8::from_str_radix(&masked[2 * i..2 * i + 2], 16).expect("hex"))
        .collect();
    let (pad, xored) = bytes.split_at(bytes.len() / 2);
    String::from_utf8(pad.iter().zip(xored).map(|(p, x)| p ^ x).collect()).expect("a token")
}

/// `html` with every form token unmasked: two renderings of one page for
/// one session are then the same text.
pub fn tokens_unmasked(html: &str) -> String {
    const FIELD: &str = "name=\"csrf_token\" value=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(FIELD) {
        let start = at + FIELD.len();
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('"').unwrap_or(0);
        out.push_str(&unmasked(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

pub fn location(response: &LocalResponse<'_>) -> String {
    response.headers().get_one("Location").unwrap_or("").to_owned()
}

/// The `Set-Cookie` header that sets `name`, if any.
pub fn set_cookie(response: &LocalResponse<'_>, name: &str) -> Option<String> {
    response
        .headers()
        .get("Set-Cookie")
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}
