//! `TestApp`: a gatehouse on its own temporary SQLite file, driven through
//! Rocket's local client, which keeps cookies like a browser and never
//! follows redirects. bcrypt runs at cost 4 here, and only here.

use std::path::PathBuf;
use std::sync::Arc;

use gatehouse::clock::Clock;
use gatehouse::domain::{Email, NewUser, Password, Role, User, UserName};
use gatehouse::security::Hasher;
use gatehouse::service::App;
use gatehouse::store::sqlite::SqliteStore;
use gatehouse::store::{Store, StoreError};
use rocket::figment::Figment;
use rocket::http::{ContentType, Status};
use rocket::local::blocking::{Client, LocalResponse};
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub client: Client,
    /// Shared by every browser (`another_browser`) on the same database.
    pub dir: Arc<TempDir>,
    /// The app's clock: the system's, or one the test moves (`with_clock`).
    pub clock: Clock,
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
        TestApp::on(Arc::new(tempfile::tempdir().expect("a temp dir")), test_figment())
    }

    /// A gatehouse on a new database whose clock stands still until the test moves it.
    pub fn with_clock(clock: Clock) -> TestApp {
        TestApp::on_clock(
            Arc::new(tempfile::tempdir().expect("a temp dir")),
            test_figment(),
            clock,
        )
    }

    /// A gatehouse on the database in `dir`, as after a restart.
    pub fn on(dir: Arc<TempDir>, figment: Figment) -> TestApp {
        TestApp::on_clock(dir, figment, Clock::system())
    }

    fn on_clock(dir: Arc<TempDir>, figment: Figment, clock: Clock) -> TestApp {
        let store = Store::open_sqlite(&dir.path().join("gatehouse.db"), false).expect("the test database opens");
        let rocket = gatehouse::rocket(store, figment, clock.clone()).expect("the app builds");
        let client = Client::tracked(rocket).expect("a valid rocket");
        TestApp { client, dir, clock }
    }

    /// Stops this instance and starts another on the same database.
    pub fn restart(self) -> TestApp {
        let TestApp { client, dir, clock } = self;
        drop(client);
        TestApp::on_clock(dir, test_figment(), clock)
    }

    /// A second browser (its own cookies) on the same database and clock.
    pub fn another_browser(&self) -> TestApp {
        TestApp::on_clock(self.dir.clone(), test_figment(), self.clock.clone())
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("gatehouse.db")
    }

    /// The database file, to look at it with SQL.
    pub fn db(&self) -> SqliteStore {
        SqliteStore::open(&self.db_path(), false).expect("the test database opens")
    }

    /// The store, to read or write it as the use cases do.
    pub fn store(&self) -> Store {
        Store::open_sqlite(&self.db_path(), false).expect("the test database opens")
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
            password: Password::parse(PASSWORD).unwrap(),
            role,
        };
        let hash = Hasher::new(4).hash_blocking(&new.password).unwrap();
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

/// Runs a use case to its end on this thread.
pub fn block_on<F: std::future::Future>(work: F) -> F::Output {
    rocket::tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(work)
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                rocket::http::RawStr::new(k).percent_encode(),
                rocket::http::RawStr::new(v).percent_encode()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first `csrf_token` hidden field in `html`.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[at..].split('"').next()?.to_owned())
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
