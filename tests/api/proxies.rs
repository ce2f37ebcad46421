//! The gate through real proxies: Debian's nginx (`auth_request`) and Caddy
//! (`forward_auth`) on loopback, configured as docs/GATE.md says, in front
//! of a small upstream app that answers with the headers it received, and
//! the real gatehouse binary. Names such as `wiki.office.test` are mapped
//! to 127.0.0.1 by the test client's resolver.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::gatehouse;
use crate::gate::after_the_gates_memory;
use crate::helpers::*;
use crate::http::{csrf_in, form};
use crate::server::Server;

/// An app that answers every request with the request's head, lower-cased header names.
pub struct Upstream {
    pub port: u16,
}

impl Upstream {
    pub fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || echo(stream));
            }
        });
        Upstream { port }
    }
}

fn echo(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let body = head.to_ascii_lowercase();
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits until something listens on `port`.
fn wait_for(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A proxy process, stopped when dropped.
pub struct Proxy(Child);

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn nginx(dir: &Path, port: u16, gates: &[u16], upstream: u16) -> Proxy {
    let gates: String = gates.iter().map(|gate| format!("server 127.0.0.1:{gate}; ")).collect();
    let conf = format!(
        r#"daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream gatehouse {{ {gates}keepalive 4; }}
    server {{
        listen 127.0.0.1:{port} default_server;
        server_name _;
        return 444;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name wiki.office.test crm.office.test;
        set $gate_origin "http://$host:{port}";
        location = /_gatehouse/auth {{
            internal;
            proxy_pass http://gatehouse/auth/nginx;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header Host $host;
            proxy_set_header X-Original-URL $gate_origin$request_uri;
            proxy_set_header X-Original-Method $request_method;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
        location @gatehouse_login {{
            return 302 $gate_redirect;
        }}
        location / {{
            auth_request /_gatehouse/auth;
            auth_request_set $gate_redirect $upstream_http_location;
            auth_request_set $gate_user     $upstream_http_remote_user;
            auth_request_set $gate_email    $upstream_http_remote_email;
            auth_request_set $gate_name     $upstream_http_remote_name;
            auth_request_set $gate_groups   $upstream_http_remote_groups;
            error_page 401 = @gatehouse_login;
            proxy_set_header Remote-User   $gate_user;
            proxy_set_header Remote-Email  $gate_email;
            proxy_set_header Remote-Name   $gate_name;
            proxy_set_header Remote-Groups $gate_groups;
            proxy_set_header X-Forwarded-User "";
            proxy_set_header Host $host;
            proxy_pass http://127.0.0.1:{upstream};
        }}
    }}
}}
"#,
        dir = dir.display()
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new(which("nginx"))
        .args([
            "-p",
            &dir.display().to_string(),
            "-c",
            &dir.join("nginx.conf").display().to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    wait_for(port);
    Proxy(child)
}

fn caddy(dir: &Path, port: u16, gate: u16, upstream: u16) -> Proxy {
    let conf = format!(
        "{{
	admin off
	auto_https off
	persist_config off
}}
http://wiki.office.test:{port}, http://crm.office.test:{port} {{
	bind 127.0.0.1
	route {{
		request_header -Remote-*
		request_header -Remote_*
		request_header -X-Forwarded-User
		forward_auth 127.0.0.1:{gate} {{
			uri /auth/forward
			copy_headers Remote-User Remote-Email Remote-Name Remote-Groups
		}}
		reverse_proxy 127.0.0.1:{upstream}
	}}
}}
"
    );
    // Caddy 2.6 has no persist_config option: leave it out there.
    let conf = match caddy_knows_persist_config() {
        true => conf,
        false => conf.replace("\tpersist_config off\n", ""),
    };
    std::fs::write(dir.join("Caddyfile"), conf).unwrap();
    let child = Command::new(which("caddy"))
        .args(["run", "--adapter", "caddyfile", "--config"])
        .arg(dir.join("Caddyfile"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("caddy starts");
    wait_for(port);
    Proxy(child)
}

fn caddy_knows_persist_config() -> bool {
    let out = Command::new(which("caddy")).arg("version").output().unwrap();
    let version = String::from_utf8_lossy(&out.stdout);
    !version.starts_with("v2.6") && !version.starts_with("2.6")
}

fn which(program: &str) -> String {
    for dir in ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"] {
        let path = format!("{dir}/{program}");
        if Path::new(&path).exists() {
            return path;
        }
    }
    panic!(
        "the gate tests need {program}: on Debian or Ubuntu, `apt install nginx caddy` (tests/run.sh installs them)"
    );
}

/// A client whose `*.office.test` names are 127.0.0.1, that shows redirects.
fn browser() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .resolver(|address: &str| -> std::io::Result<Vec<SocketAddr>> {
            let port = address.rsplit_once(':').map_or(80, |(_, p)| p.parse().unwrap_or(80));
            Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))])
        })
        .build()
}

/// Status, Location and body of a GET with `cookie` and extra headers.
fn get(agent: &ureq::Agent, url: &str, cookie: &str, headers: &[(&str, &str)]) -> (u16, Option<String>, String) {
    let mut request = agent.get(url).set("Accept", "text/html");
    if !cookie.is_empty() {
        request = request.set("Cookie", cookie);
    }
    for (name, value) in headers {
        request = request.set(name, value);
    }
    let response = match request.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    let status = response.status();
    let location = response.header("location").map(str::to_owned);
    (status, location, response.into_string().unwrap_or_default())
}

/// Signs in at gatehouse's sign-in address `at` (which holds `rd`); the
/// session cookie and where the browser is sent.
fn sign_in(agent: &ureq::Agent, at: &str, email: &str) -> (String, String) {
    let page = agent.get(at).call().unwrap();
    let pre: Vec<String> = page
        .all("set-cookie")
        .into_iter()
        .map(|c| c.split(';').next().unwrap().to_owned())
        .collect();
    let html = page.into_string().unwrap();
    let token = csrf_in(&html).unwrap();
    let rd = html
        .split(r#"name="rd" value=""#)
        .nth(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .expect("the sign-in page carries rd");
    let login = at.split("/login").next().unwrap().to_owned() + "/login";
    let body = form(&[
        ("csrf_token", &token),
        ("email", email),
        ("password", PASSWORD),
        ("rd", &rd),
    ]);
    let response = match agent
        .post(&login)
        .set("Cookie", &pre.join("; "))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(&body)
    {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(response.status(), 200, "signed in, and a page that goes on");
    let session = response
        .all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("gatehouse_session="))
        .expect("a session cookie");
    assert!(session.contains("Domain=office.test"), "{session}");
    let cookie = session.split(';').next().unwrap().to_owned();
    let html = response.into_string().unwrap();
    let on = html
        .split(r#"http-equiv="refresh" content="0;url="#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a page that goes on")
        .replace("&amp;", "&");
    (cookie, on)
}

/// A gatehouse with a member in a group, the wiki open to everyone signed
/// in and the CRM to another group, served at `auth.office.test:GATE`,
/// behind `trusted_proxies`.
pub fn office(dir: &Path, gate: u16) -> (Server, std::path::PathBuf) {
    let db = fresh_database(dir);
    let ok = |args: &[&str], stdin: Option<&str>| {
        let out = gatehouse(&db, args, stdin);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let password = format!("{PASSWORD}\n");
    ok(
        &[
            "user",
            "create",
            "--email",
            "ana@example.com",
            "--name",
            "Ana Núñez",
            "--password-stdin",
        ],
        Some(&password),
    );
    ok(&["group", "create", "--name", "Ventas"], None);
    ok(&["group", "create", "--name", "Dirección"], None);
    ok(
        &["user", "groups", "--email", "ana@example.com", "--set", "Ventas"],
        None,
    );
    ok(&["app", "create", "--name", "Wiki", "--host", "wiki.office.test"], None);
    ok(
        &[
            "app",
            "create",
            "--name",
            "CRM",
            "--host",
            "crm.office.test",
            "--allow",
            "group:Dirección",
        ],
        None,
    );
    let settings = format!(
        "[default]\ntrusted_proxies = [\"127.0.0.1\"]\ncookie_domain = \"office.test\"\n\
         allowed_hosts = [\"auth.office.test\"]\npublic_url = \"http://auth.office.test:{gate}\"\n"
    );
    // A file of this test's own: on PostgreSQL the tests share a working folder.
    let config = dir.join("gate.toml");
    std::fs::write(&config, settings).unwrap();
    (Server::start_on(&db, gate, &config), db)
}

/// The journey through one proxy at `port`, gatehouse at `gate`.
fn journey(db: &Path, port: u16, gate: u16) {
    let agent = browser();
    let wiki = format!("http://wiki.office.test:{port}/page?x=1");
    // Signed out: to gatehouse's sign-in, which knows where to come back.
    let (status, location, _) = get(&agent, &wiki, "", &[]);
    assert_eq!(status, 302);
    let at = location.expect("a Location");
    assert!(
        at.starts_with(&format!("http://auth.office.test:{gate}/login?rd=")),
        "{at}"
    );
    let (cookie, back) = sign_in(&agent, &at, "ana@example.com");
    assert_eq!(back, wiki, "back at the app");
    // Signed in: the app gets who it is, and never a client's own copy.
    let forged = [
        ("Remote-User", "boss@example.com"),
        ("Remote-Groups", "Admins"),
        ("Remote_User", "boss@example.com"),
        ("X-Forwarded-User", "boss@example.com"),
    ];
    let (status, _, seen) = get(&agent, &wiki, &cookie, &forged);
    assert_eq!(status, 200, "{seen}");
    assert!(seen.contains("remote-user: ana@example.com\r\n"), "{seen}");
    assert!(
        seen.contains("remote-name: ana núñez\r\n") || seen.contains("remote-name: ana n"),
        "{seen}"
    );
    assert!(seen.contains("remote-groups: ventas\r\n"), "{seen}");
    assert!(
        !seen.contains("boss@example.com") && !seen.contains("admins"),
        "a forged header reached the app: {seen}"
    );
    // Not in the CRM's group: refused; put in it, through; taken out, refused at the next request.
    let crm = format!("http://crm.office.test:{port}/");
    assert_eq!(get(&agent, &crm, &cookie, &[]).0, 403);
    let set_groups = |groups: &str| {
        let out = gatehouse(
            db,
            &["user", "groups", "--email", "ana@example.com", "--set", groups],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        // A command is another process: it counts once the gate's memory lapses.
        after_the_gates_memory();
    };
    set_groups("Ventas,Dirección");
    let (status, _, seen) = get(&agent, &crm, &cookie, &[]);
    assert_eq!(status, 200);
    assert!(seen.contains("remote-groups: dirección,ventas\r\n"), "{seen}");
    set_groups("Ventas");
    assert_eq!(get(&agent, &crm, &cookie, &[]).0, 403, "a membership taken away counts");
    // A changed rule counts: the rules gatehouse keeps in memory are the
    // database's while its generation has not moved.
    run_sql(db, "UPDATE apps SET access = 'admins' WHERE name = 'Wiki'");
    after_the_gates_memory();
    assert_eq!(
        get(&agent, &wiki, &cookie, &[]).0,
        403,
        "the wiki is now for administrators"
    );
    run_sql(db, "UPDATE apps SET access = 'everyone' WHERE name = 'Wiki'");
    after_the_gates_memory();
    assert_eq!(get(&agent, &wiki, &cookie, &[]).0, 200);
    // A disabled person is stopped, wherever they are signed in.
    run_sql(db, "UPDATE users SET active = FALSE WHERE email = 'ana@example.com'");
    after_the_gates_memory();
    assert_eq!(get(&agent, &wiki, &cookie, &[]).0, 302, "disabled");
    run_sql(db, "UPDATE users SET active = TRUE WHERE email = 'ana@example.com'");
    after_the_gates_memory();
    assert_eq!(get(&agent, &wiki, &cookie, &[]).0, 200);
    // Signed out of gatehouse: the app is closed at the very next request.
    let gate_page = agent
        .get(&format!("http://auth.office.test:{gate}/users"))
        .set("Cookie", &cookie)
        .call()
        .unwrap();
    let token = csrf_in(&gate_page.into_string().unwrap()).unwrap();
    let _ = agent
        .post(&format!("http://auth.office.test:{gate}/logout"))
        .set("Cookie", &cookie)
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(&form(&[("csrf_token", &token)]));
    assert_eq!(get(&agent, &wiki, &cookie, &[]).0, 302, "signed out everywhere");
}

#[test]
fn nginx_lets_the_office_in_through_gatehouse() {
    let dir = tempfile::tempdir().unwrap();
    let gate = free_port();
    let (mut server, db) = office(dir.path(), gate);
    let upstream = Upstream::start();
    let proxy_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _nginx = nginx(proxy_dir.path(), port, &[gate], upstream.port);
    journey(&db, port, gate);
    server.stop();
}

#[test]
fn caddy_lets_the_office_in_through_gatehouse() {
    let dir = tempfile::tempdir().unwrap();
    let gate = free_port();
    let (mut server, db) = office(dir.path(), gate);
    let upstream = Upstream::start();
    let proxy_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _caddy = caddy(proxy_dir.path(), port, gate, upstream.port);
    journey(&db, port, gate);
    server.stop();
}

/// Two gatehouse instances on one PostgreSQL database behind one nginx,
/// which asks them in turn: a session started on one opens the app through
/// both; signed out on the other, refused through both once the gate's
/// memory has lapsed on the instance that did not see the sign-out; one
/// instance stopped, the office still gets in through the other.
#[test]
#[ignore = "needs PostgreSQL (one SQLite file is served by one process): tests/run.sh runs it"]
fn postgres_two_instances_behind_one_nginx() {
    assert!(on_postgres(), "run with GATEHOUSE_TEST_ENGINE=postgres");
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (free_port(), free_port());
    let (mut first, db) = office(dir.path(), one);
    let mut second = Server::start_on(&db, two, &dir.path().join("gate.toml"));
    let upstream = Upstream::start();
    let proxy_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _nginx = nginx(proxy_dir.path(), port, &[one, two], upstream.port);
    let agent = browser();
    let wiki = format!("http://wiki.office.test:{port}/");
    let through = |cookie: &str| -> Vec<u16> { (0..6).map(|_| get(&agent, &wiki, cookie, &[]).0).collect() };

    // Signed in at the first instance (the address the gate gives).
    let (_, location, _) = get(&agent, &wiki, "", &[]);
    let (cookie, _) = sign_in(&agent, &location.expect("to sign in"), "ana@example.com");
    assert_eq!(through(&cookie), [200; 6], "both instances know the session");

    // Signed out at the second instance.
    let at_second = format!("http://auth.office.test:{two}");
    let page = agent
        .get(&format!("{at_second}/account"))
        .set("Cookie", &cookie)
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    let token = csrf_in(&page).unwrap();
    let _ = agent
        .post(&format!("{at_second}/logout"))
        .set("Cookie", &cookie)
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(&form(&[("csrf_token", &token)]));
    after_the_gates_memory();
    assert_eq!(through(&cookie), [302; 6], "signed out on both");

    // One instance stopped: the other lets the office in.
    let (_, location, _) = get(&agent, &wiki, "", &[]);
    let (cookie, _) = sign_in(&agent, &location.expect("to sign in"), "ana@example.com");
    first.stop();
    assert_eq!(through(&cookie), [200; 6], "the second instance answers alone");
    second.stop();
}
