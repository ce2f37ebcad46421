//! A certified relying party in front of an app: Debian's Apache with
//! mod_auth_openidc protects a small CGI page on loopback and signs people
//! in through the real gatehouse binary (discovery, the code with PKCE and
//! client_secret_basic, the ID token, userinfo), as an office would set it
//! up; the page sees who signed in and their groups. Apache refreshes,
//! signs out through gatehouse and back, and lets a disabled person no
//! further than its next refresh.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::helpers::*;
use crate::oidc_client::{browse_to_callback, OidcOffice};
use crate::proxies::free_port;

/// Apache in the foreground, stopped when dropped.
pub struct Apache(Child);

impl Drop for Apache {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let _ = self.0.wait();
    }
}

/// Apache on `port` in `dir`, protecting `/app/` with gatehouse at `issuer`.
pub fn apache(dir: &Path, port: u16, issuer: &str, client_id: &str, secret: &str) -> Apache {
    let cgi = dir.join("cgi");
    std::fs::create_dir_all(&cgi).unwrap();
    std::fs::create_dir_all(dir.join("logs")).unwrap();
    let script = cgi.join("page.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\necho \"REMOTE_USER=$REMOTE_USER\"\nenv | grep '^OIDC_CLAIM_' | sort\n",
    )
    .unwrap();
    // Apache's children run as www-data when started as root: they read the page.
    Command::new("chmod")
        .args(["-R", "a+rX", &dir.display().to_string()])
        .status()
        .unwrap();
    Command::new("chmod")
        .args(["a+x", &script.display().to_string()])
        .status()
        .unwrap();
    let modules = "/usr/lib/apache2/modules";
    let conf = format!(
        r#"ServerRoot /etc/apache2
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {dir}/logs/httpd.pid
Mutex file:{dir}/logs default
DefaultRuntimeDir {dir}/logs
User www-data
Group www-data
ErrorLog {dir}/logs/error.log
LogLevel warn auth_openidc:info
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule authz_user_module {modules}/mod_authz_user.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule cgi_module {modules}/mod_cgi.so
LoadModule auth_openidc_module {modules}/mod_auth_openidc.so
TypesConfig /dev/null
OIDCProviderMetadataURL {issuer}/.well-known/openid-configuration
OIDCClientID {client_id}
OIDCClientSecret "{secret}"
OIDCRedirectURI http://localhost:{port}/app/callback
OIDCCryptoPassphrase a-long-random-test-passphrase-for-the-session
OIDCPKCEMethod S256
OIDCScope "openid profile email groups offline_access"
OIDCRemoteUserClaim email
OIDCProviderTokenEndpointAuth client_secret_basic
OIDCRefreshAccessTokenBeforeExpiry 3600 logout_on_error
ScriptAlias /app/ {cgi}/
<Location /app/>
    AuthType openid-connect
    Require valid-user
</Location>
"#,
        dir = dir.display(),
        cgi = cgi.display(),
    );
    let path = dir.join("httpd.conf");
    std::fs::write(&path, conf).unwrap();
    // In a process group of its own: Apache's prefork ends its whole group
    // when it stops, which would be the test run's otherwise.
    let child = Command::new("/usr/sbin/apache2")
        .args(["-f", &path.display().to_string(), "-DFOREGROUND"])
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Apache starts (tests/run.sh installs apache2 and libapache2-mod-auth-openidc)");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "Apache listens: {dir:?}/logs/error.log"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Apache(child)
}

/// A browser: `localhost` is 127.0.0.1, redirects are shown, cookies kept by hand.
fn browser() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .resolver(|address: &str| -> std::io::Result<Vec<SocketAddr>> {
            let port = address.rsplit_once(':').map_or(80, |(_, p)| p.parse().unwrap_or(80));
            Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))])
        })
        .build()
}

fn call(result: Result<ureq::Response, ureq::Error>) -> ureq::Response {
    match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    }
}

fn cookies(response: &ureq::Response) -> Vec<String> {
    response
        .all("set-cookie")
        .into_iter()
        .map(|c| c.split(';').next().unwrap().to_owned())
        .collect()
}

/// A count from the test's database.
fn app_sql(db: &Path, sql: &str) -> i64 {
    run_sql(db, sql)
        .first()
        .and_then(|row| row.first())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// From the app's page to gatehouse, signed in there as Ana, and back
/// through the app's callback: the app's session cookies and gatehouse's.
fn sign_in_through(agent: &ureq::Agent, issuer: &str, page: &str, callback: &str) -> (Vec<String>, String) {
    let first = call(agent.get(page).call());
    assert_eq!(first.status(), 302, "{}", first.into_string().unwrap_or_default());
    let state_cookies = cookies(&first);
    let authorize = first.header("location").unwrap().to_owned();
    assert!(
        authorize.starts_with(&format!("{issuer}/oauth2/authorize?")),
        "{authorize}"
    );
    assert!(authorize.contains("code_challenge_method=S256"), "{authorize}");
    let (at_callback, session) = browse_to_callback(agent, issuer, &authorize, "ana@example.com");
    assert!(at_callback.starts_with(callback), "{at_callback}");
    // Apache trades the code (Basic, PKCE), checks the ID token, reads
    // userinfo, and lets the browser in.
    let traded = call(agent.get(&at_callback).set("Cookie", &state_cookies.join("; ")).call());
    assert_eq!(traded.status(), 302);
    (cookies(&traded), session)
}

#[test]
fn apaches_mod_auth_openidc_signs_people_in_through_gatehouse() {
    let port = free_port();
    let callback = format!("http://localhost:{port}/app/callback");
    let bye_uri = format!("http://localhost:{port}/bye");
    let mut office = OidcOffice::start(&["--redirect-uri", &callback, "--redirect-uri", &bye_uri, "--refresh"]);
    let (issuer, db) = (office.issuer.clone(), office.db.clone());
    let apache_dir = tempfile::tempdir().unwrap();
    let _apache = apache(
        apache_dir.path(),
        port,
        &issuer,
        &office.client_id,
        &office.client_secret,
    );
    let agent = browser();
    let page = format!("http://localhost:{port}/app/page.sh");
    let (app_session, gatehouse_session) = sign_in_through(&agent, &issuer, &page, &callback);
    let show = |cookies: &[String]| {
        let response = call(agent.get(&page).set("Cookie", &cookies.join("; ")).call());
        (response.status(), response.into_string().unwrap_or_default())
    };
    let (status, body) = show(&app_session);
    assert_eq!(status, 200);
    assert!(body.contains("REMOTE_USER=ana@example.com"), "{body}");
    assert!(body.contains("OIDC_CLAIM_groups=Ventas"), "{body}");
    assert!(body.contains("OIDC_CLAIM_amr=pwd"), "{body}");

    // Apache refreshes before every request (told to when a token is due within an hour).
    assert_eq!(show(&app_session).0, 200);
    assert!(
        app_sql(
            &db,
            "SELECT count(*) FROM oidc_tokens WHERE kind = 'refresh' AND used_at IS NOT NULL"
        ) >= 1,
        "a refresh token was used"
    );

    // Signing out at the app signs out of gatehouse and comes back to the app.
    let bye = format!("http://localhost:{port}/bye");
    let logout = call(
        agent
            .get(&format!(
                "{callback}?logout={}",
                rocket::http::RawStr::new(&bye).percent_encode()
            ))
            .set("Cookie", &app_session.join("; "))
            .call(),
    );
    let end_session = logout.header("location").unwrap().to_owned();
    assert!(
        end_session.starts_with(&format!("{issuer}/oauth2/logout?")),
        "{end_session}"
    );
    assert!(end_session.contains("id_token_hint="), "{end_session}");
    let ended = call(agent.get(&end_session).set("Cookie", &gatehouse_session).call());
    assert_eq!(ended.header("location"), Some(bye.as_str()), "back at the app");
    let account = call(
        agent
            .get(&format!("{issuer}/account"))
            .set("Cookie", &gatehouse_session)
            .call(),
    );
    assert_eq!(account.status(), 303, "signed out of gatehouse too");

    // Signed in again, then an administrator disables Ana: gatehouse refuses the app's next
    // refresh, and the app (logout_on_error) ends her session there: its
    // page is not shown, and the next request is sent to sign in again.
    let (app_session, _) = sign_in_through(&agent, &issuer, &page, &callback);
    assert_eq!(show(&app_session).0, 200);
    run_sql(
        &db,
        "UPDATE users SET active = CAST(0 AS BOOLEAN) WHERE email = 'ana@example.com'",
    );
    let (_, body) = show(&app_session);
    assert!(!body.contains("REMOTE_USER"), "{body}");
    assert!(body.contains("Logged Out"), "{body}");
    // (A new connection: Apache's "Logged Out" answer leaves the old one unusable.)
    let again = call(browser().get(&page).set("Cookie", &app_session.join("; ")).call());
    assert_eq!(again.status(), 302);
    assert!(again
        .header("location")
        .unwrap()
        .starts_with(&format!("{issuer}/oauth2/authorize?")));

    office.server.stop();
}
