//! The server's own WebAuthn checks through HTTP, without a browser: a
//! software authenticator written here (a P-256 key) makes the browser's
//! JSON answers itself, so that each can be bent one way at a time: another
//! origin or relying party, no user verification, a flipped bit, the wrong
//! ceremony type, another person's credential or user handle, an answer
//! replayed or sent with another ceremony, a credential id someone holds,
//! and input that is no answer at all; and the cap on sign-ins waiting, which
//! anyone may start. A refusal is a 4xx, never a 5xx,
//! sets no session cookie, and a refused sign-in is in the security log.
//! The requests name `localhost:8000` as their Host: the relying party is
//! the host the person uses, and an IP address cannot be one.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use gatehouse::domain::{Role, User};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use rocket::http::{ContentType, Header, Status};
use rocket::local::blocking::LocalResponse;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::*;

const HOST: &str = "localhost:8000";
const ORIGIN: &str = "http://localhost:8000";
const ADD_START: &str = "/account/passkeys/start";
const ADD_FINISH: &str = "/account/passkeys/finish";
const SIGN_IN_START: &str = "/login/passkey/start";
const SIGN_IN_FINISH: &str = "/login/passkey/finish";

/// Authenticator data flags: user present, user verified, attested credential data.
const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

const ANA: (&str, &str) = ("ana@example.com", "Ana García");
const BEA: (&str, &str) = ("bea@example.com", "Bea Ruiz");

fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

fn b64(bytes: &[u8]) -> String {
    B64URL.encode(bytes)
}

/// A CBOR item's head: its major type and its length or value.
fn cbor_head(out: &mut Vec<u8>, major: u8, n: usize) {
    match n {
        0..=23 => out.push(major << 5 | n as u8),
        24..=0xff => out.extend([major << 5 | 24, n as u8]),
        _ => {
            out.push(major << 5 | 25);
            out.extend((n as u16).to_be_bytes());
        }
    }
}

fn cbor_int(out: &mut Vec<u8>, n: i64) {
    match n {
        0.. => cbor_head(out, 0, n as usize),
        _ => cbor_head(out, 1, (-1 - n) as usize),
    }
}

fn cbor_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    cbor_head(out, 2, bytes.len());
    out.extend_from_slice(bytes);
}

fn cbor_text(out: &mut Vec<u8>, text: &str) {
    cbor_head(out, 3, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// The public key as COSE writes it: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.
fn cose_key(key: &SigningKey) -> Vec<u8> {
    let point = key.verifying_key().to_sec1_point(false);
    let (x, y) = point.as_bytes()[1..].split_at(32);
    let mut out = Vec::new();
    cbor_head(&mut out, 5, 5);
    for (label, value) in [(1, 2), (3, -7), (-1, 1)] {
        cbor_int(&mut out, label);
        cbor_int(&mut out, value);
    }
    for (label, coordinate) in [(-2, x), (-3, y)] {
        cbor_int(&mut out, label);
        cbor_bytes(&mut out, coordinate);
    }
    out
}

/// What an answer says, each part as a bent authenticator or page may change it.
#[derive(Clone)]
struct Bent {
    origin: String,
    rp_id: String,
    flags: u8,
    /// clientDataJSON's type; by default the ceremony's own.
    kind: Option<&'static str>,
    /// One bit of the signature flipped.
    flip: bool,
    /// The user handle sent; by default the one the credential was made for.
    handle: Option<Vec<u8>>,
}

impl Default for Bent {
    fn default() -> Bent {
        Bent {
            origin: ORIGIN.into(),
            rp_id: "localhost".into(),
            flags: UP | UV,
            kind: None,
            flip: false,
            handle: None,
        }
    }
}

fn from_origin(origin: &str) -> Bent {
    Bent {
        origin: origin.into(),
        ..Bent::default()
    }
}

/// clientDataJSON for the ceremony whose options are `options`.
fn client_data(kind: &str, options: &Value, origin: &str) -> Vec<u8> {
    let challenge = &options["publicKey"]["challenge"];
    assert!(challenge.is_string(), "a challenge in {options}");
    json!({ "type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false })
        .to_string()
        .into_bytes()
}

/// A software authenticator holding one discoverable credential: its id,
/// its key, the user handle it was made for and its signature counter.
struct SoftKey {
    id: Vec<u8>,
    key: SigningKey,
    handle: Vec<u8>,
    counter: u32,
}

impl SoftKey {
    /// A key made from `seed` (the same seed, the same key), its id too.
    fn new(seed: &str) -> SoftKey {
        SoftKey::with_id(seed, &sha256(format!("id {seed}").as_bytes()))
    }

    /// A key made from `seed` whose credential has the id `id`.
    fn with_id(seed: &str, id: &[u8]) -> SoftKey {
        let key = SigningKey::from_slice(&sha256(format!("key {seed}").as_bytes())).expect("a P-256 key");
        SoftKey {
            id: id.to_vec(),
            key,
            handle: Vec::new(),
            counter: 0,
        }
    }

    /// The browser's answer to registration `options`: attestation "none".
    fn create(&mut self, options: &Value, bent: &Bent) -> Value {
        let user_id = options["publicKey"]["user"]["id"].as_str().expect("a user handle");
        self.handle = B64URL.decode(user_id).expect("base64url");
        let mut auth_data = sha256(bent.rp_id.as_bytes());
        auth_data.push(bent.flags | AT);
        auth_data.extend(self.counter.to_be_bytes());
        auth_data.extend([0; 16]);
        auth_data.extend((self.id.len() as u16).to_be_bytes());
        auth_data.extend(&self.id);
        auth_data.extend(cose_key(&self.key));
        let mut attestation = Vec::new();
        cbor_head(&mut attestation, 5, 3);
        cbor_text(&mut attestation, "fmt");
        cbor_text(&mut attestation, "none");
        cbor_text(&mut attestation, "attStmt");
        cbor_head(&mut attestation, 5, 0);
        cbor_text(&mut attestation, "authData");
        cbor_bytes(&mut attestation, &auth_data);
        let client_data = client_data(bent.kind.unwrap_or("webauthn.create"), options, &bent.origin);
        json!({
            "id": b64(&self.id),
            "rawId": b64(&self.id),
            "type": "public-key",
            "response": { "clientDataJSON": b64(&client_data), "attestationObject": b64(&attestation) },
            "extensions": {},
        })
    }

    /// The browser's answer to sign-in `options`, its counter moved on.
    fn get(&mut self, options: &Value, bent: &Bent) -> Value {
        self.counter += 1;
        let mut auth_data = sha256(bent.rp_id.as_bytes());
        auth_data.push(bent.flags);
        auth_data.extend(self.counter.to_be_bytes());
        let client_data = client_data(bent.kind.unwrap_or("webauthn.get"), options, &bent.origin);
        let signature: Signature = self.key.sign(&[auth_data.as_slice(), &sha256(&client_data)].concat());
        let mut signature = signature.to_der().as_bytes().to_vec();
        if bent.flip {
            *signature.last_mut().unwrap() ^= 1;
        }
        json!({
            "id": b64(&self.id),
            "rawId": b64(&self.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(&client_data),
                "authenticatorData": b64(&auth_data),
                "signature": b64(&signature),
                "userHandle": b64(bent.handle.as_ref().unwrap_or(&self.handle)),
            },
            "extensions": {},
        })
    }
}

/// POSTs `body` as JSON to `uri` at `localhost`, with `token` in the CSRF header if given.
fn post_json<'a>(app: &'a TestApp, uri: &str, token: Option<&str>, body: String) -> LocalResponse<'a> {
    let mut request = app
        .client
        .post(uri.to_owned())
        .header(ContentType::JSON)
        .header(Header::new("Host", HOST))
        .body(body);
    if let Some(token) = token {
        request = request.header(Header::new("X-CSRF-Token", token.to_owned()));
    }
    request.dispatch()
}

/// The CSRF token this browser's forms carry: the session's, or the sign-in
/// page's (from /login/code while a sign-in waits there for its second step).
fn form_token(app: &TestApp) -> String {
    match app.cookie("gatehouse_pending") {
        Some(_) => app.csrf("/login/code"),
        None => app.csrf("/account"),
    }
}

/// Starts a ceremony at `uri`: its id and options.
fn start(app: &TestApp, uri: &str, token: &str) -> Value {
    let response = post_json(app, uri, Some(token), "{}".into());
    assert_eq!(response.status(), Status::Ok, "{uri}");
    serde_json::from_str(&response.into_string().unwrap()).expect("JSON options")
}

/// Sends `credential` to `uri` as the answer to the ceremony `started`.
fn finish<'a>(app: &'a TestApp, uri: &str, token: &str, started: &Value, credential: &Value) -> LocalResponse<'a> {
    let body = json!({ "ceremony": started["ceremony"], "name": "soft key", "credential": credential });
    post_json(app, uri, Some(token), body.to_string())
}

/// Adds `key` to the person signed in on `app`, its answer bent as `bent` says.
fn add<'a>(app: &'a TestApp, key: &mut SoftKey, bent: &Bent) -> LocalResponse<'a> {
    let token = form_token(app);
    let started = start(app, ADD_START, &token);
    finish(app, ADD_FINISH, &token, &started, &key.create(&started, bent))
}

/// Signs in with `key`: alone, or as the second step when a sign-in waits.
fn passkey_sign_in<'a>(app: &'a TestApp, key: &mut SoftKey, bent: &Bent) -> LocalResponse<'a> {
    let token = form_token(app);
    let started = start(app, SIGN_IN_START, &token);
    finish(app, SIGN_IN_FINISH, &token, &started, &key.get(&started, bent))
}

/// The password, the first step: where it sends the browser.
fn password_step(app: &TestApp, user: &User) -> String {
    let response = app.sign_in_with(&user.email, PASSWORD, false);
    assert_eq!(response.status(), Status::SeeOther);
    location(&response)
}

/// A person signed in on `app` with a soft key added, then signed out.
fn with_passkey(app: &TestApp, (email, name): (&str, &str), seed: &str) -> (User, SoftKey) {
    let user = app.create_user(email, name, Role::Member);
    app.sign_in(&user);
    let mut key = SoftKey::new(seed);
    assert_eq!(add(app, &mut key, &Bent::default()).status(), Status::Ok);
    app.sign_out();
    (user, key)
}

/// The answer was refused with `status`, and nobody was signed in by it.
fn assert_refused(response: LocalResponse<'_>, status: Status) {
    assert_eq!(response.status(), status);
    assert_eq!(set_cookie(&response, "gatehouse_session"), None);
}

/// The answer signed someone in: a session cookie.
fn assert_signed_in(response: LocalResponse<'_>) {
    assert_eq!(response.status(), Status::Ok);
    assert!(set_cookie(&response, "gatehouse_session").is_some());
}

/// Refused passkey sign-ins in the security log whose reason is `why`.
fn refused(app: &TestApp, why: &str) -> i64 {
    app.sql_count(&format!(
        "SELECT count(*) FROM audit WHERE event = 'passkey_refused' AND detail LIKE '%\"{why}\"%'"
    ))
}

fn count(app: &TestApp, table: &str) -> i64 {
    app.sql_count(&format!("SELECT count(*) FROM {table}"))
}

fn newest_session(app: &TestApp) -> (String, String) {
    let rows = app.sql("SELECT user_id, amr FROM sessions ORDER BY id DESC LIMIT 1");
    (rows[0][0].clone(), rows[0][1].clone())
}

/// Ana signed in on a new office, without a passkey yet.
fn office_with_ana() -> (TestApp, User) {
    let app = TestApp::new();
    let ana = app.create_user(ANA.0, ANA.1, Role::Member);
    app.sign_in(&ana);
    (app, ana)
}

#[test]
fn a_soft_key_is_added_and_then_signs_in_alone() {
    let (app, ana) = office_with_ana();
    let mut key = SoftKey::new("ana");
    let added = add(&app, &mut key, &Bent::default());
    assert_eq!(added.status(), Status::Ok);
    assert_eq!(set_cookie(&added, "gatehouse_session"), None);
    let body: Value = serde_json::from_str(&added.into_string().unwrap()).unwrap();
    assert_eq!(body["location"], "/account/passkeys");
    let row = app.sql("SELECT user_id, credential_id, name FROM passkeys");
    assert_eq!(row, [[ana.id.to_string(), b64(&key.id), "soft key".into()]]);
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'passkey_added'"),
        1
    );
    app.sign_out();

    assert_signed_in(passkey_sign_in(&app, &mut key, &Bent::default()));
    assert_eq!(newest_session(&app), (ana.id.to_string(), "hwk mfa".into()));
    assert_ne!(app.sql_one("SELECT last_used_at FROM passkeys"), "");
    assert_eq!(app.get("/account").status(), Status::Ok);
    assert_eq!(count(&app, "webauthn_ceremonies"), 0, "each ceremony used");
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'passkey_refused'"),
        0
    );
}

#[test]
fn an_answer_from_another_origin_is_refused() {
    let (app, _) = office_with_ana();
    let mut key = SoftKey::new("ana");
    let response = add(&app, &mut key, &from_origin("http://evil.test:8000"));
    assert_refused(response, Status::BadRequest);
    assert_eq!(count(&app, "passkeys"), 0);
    assert_eq!(add(&app, &mut key, &Bent::default()).status(), Status::Ok);
    app.sign_out();

    for origin in ["http://evil.test:8000", "http://localhost:8001"] {
        assert_refused(
            passkey_sign_in(&app, &mut key, &from_origin(origin)),
            Status::Unauthorized,
        );
    }
    assert_eq!(refused(&app, "rejected"), 2);
    assert_eq!(count(&app, "sessions"), 0);
    assert_signed_in(passkey_sign_in(&app, &mut key, &Bent::default()));
}

#[test]
fn an_answer_for_another_relying_party_is_refused() {
    let (app, _) = office_with_ana();
    let mut key = SoftKey::new("ana");
    let evil = Bent {
        rp_id: "evil.test".into(),
        ..Bent::default()
    };
    assert_refused(add(&app, &mut key, &evil), Status::BadRequest);
    assert_eq!(count(&app, "passkeys"), 0);
    assert_eq!(add(&app, &mut key, &Bent::default()).status(), Status::Ok);
    app.sign_out();

    assert_refused(passkey_sign_in(&app, &mut key, &evil), Status::Unauthorized);
    assert_eq!(refused(&app, "rejected"), 1);
    assert_eq!(count(&app, "sessions"), 0);
    assert_signed_in(passkey_sign_in(&app, &mut key, &Bent::default()));
}

#[test]
fn no_user_verification_a_flipped_bit_or_the_wrong_type_is_refused() {
    let (app, _) = office_with_ana();
    let mut key = SoftKey::new("ana");
    assert_eq!(add(&app, &mut key, &Bent::default()).status(), Status::Ok);
    app.sign_out();

    let bent = [
        Bent {
            flags: UP,
            ..Bent::default()
        },
        Bent {
            flip: true,
            ..Bent::default()
        },
        Bent {
            kind: Some("webauthn.create"),
            ..Bent::default()
        },
    ];
    for bent in &bent {
        assert_refused(passkey_sign_in(&app, &mut key, bent), Status::Unauthorized);
    }
    assert_eq!(refused(&app, "rejected"), 3);
    assert_eq!(count(&app, "sessions"), 0);
    assert_signed_in(passkey_sign_in(&app, &mut key, &Bent::default()));
}

#[test]
fn another_persons_passkey_does_not_let_ana_in() {
    let app = TestApp::new();
    let (ana, mut ana_key) = with_passkey(&app, ANA, "ana");
    let bea_browser = app.another_browser();
    let (bea, mut bea_key) = with_passkey(&bea_browser, BEA, "bea");
    assert_ne!(ana_key.handle, bea_key.handle);
    let ana_is_out = |app: &TestApp| {
        assert_eq!(app.get("/account").status(), Status::SeeOther);
        let sql = format!("SELECT count(*) FROM sessions WHERE user_id = {}", ana.id);
        assert_eq!(app.sql_count(&sql), 0);
    };

    // Ana's password given: her second step is one of her passkeys, not Bea's.
    assert_eq!(password_step(&app, &ana), "/login/code");
    assert_refused(
        passkey_sign_in(&app, &mut bea_key, &Bent::default()),
        Status::Unauthorized,
    );
    assert_eq!(refused(&app, "rejected"), 1);
    ana_is_out(&app);

    // Bea's own second step, answered by her key, sent with Ana's waiting sign-in.
    assert_eq!(password_step(&bea_browser, &bea), "/login/code");
    let bea_token = form_token(&bea_browser);
    let bea_started = start(&bea_browser, SIGN_IN_START, &bea_token);
    let answer = bea_key.get(&bea_started, &Bent::default());
    let sent = finish(&app, SIGN_IN_FINISH, &form_token(&app), &bea_started, &answer);
    assert_refused(sent, Status::Unauthorized);
    assert_eq!(
        refused(&app, "rejected"),
        1,
        "refused as not her ceremony, before any signature"
    );
    assert_eq!(refused(&app, "gone"), 1, "and said in the security log");
    ana_is_out(&app);

    // Alone: Bea's key signing with Ana's user handle signs in nobody.
    let third = app.another_browser();
    let as_ana = Bent {
        handle: Some(ana_key.handle.clone()),
        ..Bent::default()
    };
    assert_refused(passkey_sign_in(&third, &mut bea_key, &as_ana), Status::Unauthorized);
    assert_eq!(refused(&app, "rejected"), 2);
    let target = "SELECT target_id FROM audit WHERE event = 'passkey_refused' ORDER BY id DESC LIMIT 1";
    assert_eq!(app.sql_one(target), bea.id.to_string());
    assert_eq!(count(&app, "sessions"), 0);
    ana_is_out(&third);

    // Her own key still finishes Ana's waiting sign-in.
    assert_signed_in(passkey_sign_in(&app, &mut ana_key, &Bent::default()));
    assert_eq!(newest_session(&app), (ana.id.to_string(), "pwd hwk".into()));
}

#[test]
fn a_challenge_is_used_once_by_its_own_ceremony_and_the_counter_goes_on() {
    let app = TestApp::new();
    let (ana, mut key) = with_passkey(&app, ANA, "ana");
    let token = form_token(&app);
    let first = start(&app, SIGN_IN_START, &token);
    let second = start(&app, SIGN_IN_START, &token);
    let answer = key.get(&first, &Bent::default());

    assert_refused(
        finish(&app, SIGN_IN_FINISH, &token, &second, &answer),
        Status::Unauthorized,
    );
    assert_eq!(refused(&app, "rejected"), 1);
    assert_signed_in(finish(&app, SIGN_IN_FINISH, &token, &first, &answer));

    // The same answer again, from another browser: its ceremony is gone.
    let other = app.another_browser();
    let replayed = finish(&other, SIGN_IN_FINISH, &form_token(&other), &first, &answer);
    assert_refused(replayed, Status::Unauthorized);
    assert_eq!(refused(&app, "gone"), 1);
    assert_eq!(other.get("/account").status(), Status::SeeOther);
    let sql = format!("SELECT count(*) FROM sessions WHERE user_id = {}", ana.id);
    assert_eq!(app.sql_count(&sql), 1);

    // A copy of the key, its counter where the first answer's was: refused.
    key.counter -= 1;
    let copied = passkey_sign_in(&other, &mut key, &Bent::default());
    assert_refused(copied, Status::Unauthorized);
    assert_eq!(refused(&app, "counter"), 1);
    assert_eq!(app.sql_count(&sql), 1);
}

#[test]
fn a_credential_id_someone_holds_is_not_added_again() {
    let app = TestApp::new();
    let (ana, ana_key) = with_passkey(&app, ANA, "ana");
    let bea_browser = app.another_browser();
    let bea = bea_browser.create_user(BEA.0, BEA.1, Role::Member);
    bea_browser.sign_in(&bea);

    let mut copy = SoftKey::with_id("bea", &ana_key.id);
    assert_refused(add(&bea_browser, &mut copy, &Bent::default()), Status::Conflict);
    let owners = app.sql("SELECT user_id, credential_id FROM passkeys");
    assert_eq!(owners, [[ana.id.to_string(), b64(&ana_key.id)]]);
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'passkey_added'"),
        1
    );

    let mut own = SoftKey::new("bea");
    assert_eq!(add(&bea_browser, &mut own, &Bent::default()).status(), Status::Ok);
    assert_eq!(count(&app, "passkeys"), 2);
}

/// Bodies that are no answer to the ceremony `started`: not JSON, empty, a
/// number for a credential, a junk id of 100 kB (past the body limit) and of
/// 30 kB (read, then refused).
fn junk_body(what: &str, started: &Value) -> String {
    let with = |credential: Value| {
        json!({ "ceremony": started["ceremony"], "name": "junk", "credential": credential }).to_string()
    };
    let junk_id = |size: usize| {
        let id = "A".repeat(size);
        with(json!({ "id": id, "rawId": id, "type": "public-key", "response": {} }))
    };
    match what {
        "not JSON" => "this is not JSON".to_owned(),
        "an empty object" => "{}".to_owned(),
        "a number" => with(json!(5)),
        "a 100 kB id" => junk_id(100_000),
        _ => junk_id(30_000),
    }
}

/// Sends each junk body, to a ceremony of its own started at `start_uri`, to
/// `finish_uri`: a 4xx that signs nobody in, every time.
fn assert_junk_is_4xx(app: &TestApp, (start_uri, finish_uri): (&str, &str), token: &str) {
    for what in ["not JSON", "an empty object", "a number", "a 100 kB id", "a 30 kB id"] {
        let started = start(app, start_uri, token);
        let response = post_json(app, finish_uri, Some(token), junk_body(what, &started));
        let status = response.status();
        assert!((400..500).contains(&status.code), "{finish_uri}, {what}: {status}");
        assert_eq!(set_cookie(&response, "gatehouse_session"), None, "{what}");
    }
}

#[test]
fn bad_input_is_a_4xx_and_never_a_5xx() {
    let app = TestApp::new();
    let (ana, mut key) = with_passkey(&app, ANA, "ana");
    for uri in [SIGN_IN_START, SIGN_IN_FINISH] {
        assert_refused(post_json(&app, uri, None, "{}".into()), Status::Forbidden);
    }
    let refused_forms = "SELECT count(*) FROM audit WHERE event = 'form_refused' AND detail LIKE '%form-token%'";
    assert_eq!(app.sql_count(refused_forms), 2);
    let token = form_token(&app);
    let plain = app
        .client
        .post(SIGN_IN_FINISH)
        .header(ContentType::Plain)
        .header(Header::new("Host", HOST))
        .header(Header::new("X-CSRF-Token", token.clone()))
        .body("{}")
        .dispatch();
    assert_eq!(plain.status(), Status::UnsupportedMediaType);
    drop(plain);

    assert_junk_is_4xx(&app, (SIGN_IN_START, SIGN_IN_FINISH), &token);
    assert_eq!(refused(&app, "gone"), 1, "the empty object names no ceremony");
    assert_eq!(refused(&app, "rejected"), 2, "the number and the 30 kB id");
    // The server still answers, and the right key still signs in.
    assert_signed_in(passkey_sign_in(&app, &mut key, &Bent::default()));
    assert_eq!(newest_session(&app).0, ana.id.to_string());

    let token = form_token(&app);
    assert_junk_is_4xx(&app, (ADD_START, ADD_FINISH), &token);
    assert_eq!(count(&app, "passkeys"), 1);
    assert_eq!(app.get("/account").status(), Status::Ok);
}

/// Starts a sign-in with a passkey alone from `address`.
fn start_from<'a>(app: &'a TestApp, token: &str, address: impl Into<std::net::IpAddr>) -> LocalResponse<'a> {
    app.client
        .post(SIGN_IN_START)
        .header(ContentType::JSON)
        .header(Header::new("Host", HOST))
        .header(Header::new("X-CSRF-Token", token.to_owned()))
        .remote(std::net::SocketAddr::new(address.into(), 40000))
        .body("{}")
        .dispatch()
}

#[test]
fn sign_ins_waiting_are_capped_from_one_address_and_in_all() {
    let app = TestApp::new();
    let token = app.csrf("/login");
    let (one, other) = ([10, 0, 0, 7], [10, 0, 0, 8]);
    // Anyone may start one (the sign-in page's autofill does at each visit);
    // a hundred waiting from one address is the most.
    for _ in 0..100 {
        assert_eq!(start_from(&app, &token, one).status(), Status::Ok);
    }
    let refused = start_from(&app, &token, one);
    assert_eq!(refused.status(), Status::TooManyRequests);
    let said: Value = serde_json::from_str(&refused.into_string().unwrap()).unwrap();
    assert!(said["error"].as_str().unwrap().contains("password"), "{said}");
    assert_eq!(count(&app, "webauthn_ceremonies"), 100);
    // Another address is not held up by it.
    assert_eq!(start_from(&app, &token, other).status(), Status::Ok);

    // An IPv6 address counts by its /64: one computer may use any of them.
    for host in 1..=100u16 {
        let address = std::net::Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0, 0, 0, host);
        assert_eq!(start_from(&app, &token, address).status(), Status::Ok);
    }
    let same_network = std::net::Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0xffff, 0, 0, 1);
    assert_eq!(start_from(&app, &token, same_network).status(), Status::TooManyRequests);
    let next_network = std::net::Ipv6Addr::new(0x2001, 0xdb8, 1, 3, 0, 0, 0, 1);
    assert_eq!(start_from(&app, &token, next_network).status(), Status::Ok);
    assert_eq!(count(&app, "webauthn_ceremonies"), 202);

    // Fifty thousand waiting in all (from many addresses) is the most: the
    // table does not grow at a stranger's pace.
    app.sql(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 49798)
         INSERT INTO webauthn_ceremonies (id, user_id, kind, state, created_at, expires_at, address)
         SELECT 'flood' || i, NULL, 'discover', '{}', 0, 4102444800, 'elsewhere' || i FROM n",
    );
    assert_eq!(count(&app, "webauthn_ceremonies"), 50_000);
    assert_eq!(
        start_from(&app, &token, [10, 0, 0, 9]).status(),
        Status::TooManyRequests
    );
    // Once they are used or expire, passkeys work again.
    app.sql("DELETE FROM webauthn_ceremonies WHERE id LIKE 'flood%'");
    assert_eq!(start_from(&app, &token, [10, 0, 0, 9]).status(), Status::Ok);
}

/// A reset link for `user`, as an administrator makes it: its path.
fn reset_path(app: &TestApp, user: &User) -> String {
    let issued = block_on(gatehouse::service::links::reissue(
        &app.service(),
        &gatehouse::service::Caller::command_line(),
        user.id,
        gatehouse::domain::LinkKind::Reset,
    ))
    .unwrap();
    format!("/reset/{}", issued.token.expose())
}

fn choose_by_link<'a>(browser: &'a TestApp, path: &str, password: &str) -> LocalResponse<'a> {
    browser.submit(
        path,
        path,
        &[("new_password", password), ("new_password_confirm", password)],
    )
}

#[test]
fn a_reset_link_changes_nothing_until_the_passkey_is_given() {
    let app = TestApp::new();
    let (ana, mut key) = with_passkey(&app, ANA, "ana");
    let hash = "SELECT password_hash FROM users WHERE email = 'ana@example.com'";
    let unused = "SELECT count(*) FROM links WHERE used_at IS NULL";
    let old_hash = app.sql_one(hash);
    let path = reset_path(&app, &ana);

    // Someone who has only her mailbox: the password they chose waits for
    // her passkey, and nothing changes.
    let mailbox = app.another_browser();
    let chosen = choose_by_link(&mailbox, &path, "taken over at last");
    assert_eq!(chosen.status(), Status::SeeOther);
    assert_eq!(location(&chosen), "/login/code");
    assert_eq!(set_cookie(&chosen, "gatehouse_session"), None);
    assert_eq!(app.sql_one(hash), old_hash);
    assert_eq!(app.sql_count(unused), 1, "the link is not used");
    assert_eq!(
        password_step(&app.another_browser(), &ana),
        "/login/code",
        "her own password still works"
    );

    // Ana uses the link herself, and gives her passkey: now it is set.
    let browser = app.another_browser();
    assert_eq!(
        location(&choose_by_link(&browser, &path, "mi nueva clave buena")),
        "/login/code"
    );
    assert_signed_in(passkey_sign_in(&browser, &mut key, &Bent::default()));
    let new_hash = app.sql_one(hash);
    assert_ne!(new_hash, old_hash);
    assert_eq!(app.sql_count(unused), 0);
    assert_eq!(newest_session(&app), (ana.id.to_string(), "pwd hwk".to_owned()));

    // The sign-in that waited in the other browser ended with her sessions.
    let ended = mailbox.get("/login/code");
    assert_eq!(location(&ended), "/login");

    // A link replaced by a newer one while its sign-in waits: even with her
    // passkey, 410, and her password stays the one she chose.
    let older = reset_path(&app, &ana);
    let browser = app.another_browser();
    assert_eq!(
        location(&choose_by_link(&browser, &older, "otra clave más")),
        "/login/code"
    );
    reset_path(&app, &ana);
    let late = passkey_sign_in(&browser, &mut key, &Bent::default());
    assert_eq!(late.status(), Status::Gone);
    assert_eq!(set_cookie(&late, "gatehouse_session"), None);
    assert_eq!(app.sql_one(hash), new_hash);
}

#[test]
fn adding_a_passkey_ends_the_sessions_opened_without_a_second_step() {
    let (app, ana) = office_with_ana();
    let elsewhere = app.another_browser();
    assert_eq!(password_step(&elsewhere, &ana), "/");
    assert_eq!(elsewhere.get("/account").status(), Status::Ok);
    let mut key = SoftKey::new("ana");
    assert_eq!(add(&app, &mut key, &Bent::default()).status(), Status::Ok);
    // Opened with the password alone: an app that requires two-step
    // sign-in must not take it. This one made the passkey: it counts it.
    assert_eq!(location(&elsewhere.get("/account")), "/login?next=%2Faccount");
    assert_eq!(app.get("/account").status(), Status::Ok);
    let amr = format!("SELECT amr FROM sessions WHERE user_id = {}", ana.id);
    assert_eq!(app.sql(&amr), [["pwd hwk"]]);
}

#[test]
fn a_passkey_is_renamed_counts_as_a_second_step_and_an_administrator_removes_them() {
    let (app, ana) = office_with_ana();
    let mut key = SoftKey::new("ana");
    assert_eq!(add(&app, &mut key, &Bent::default()).status(), Status::Ok);
    let id = app.sql_one("SELECT id FROM passkeys");

    // Renamed by its person; a blank name is refused on the page; another
    // person's passkey number is not found.
    let renamed = app.submit(
        "/account/passkeys",
        &format!("/account/passkeys/{id}"),
        &[("name", "móvil")],
    );
    assert_eq!(location(&renamed), "/account/passkeys");
    drop(renamed);
    assert_eq!(app.sql_one("SELECT name FROM passkeys"), "móvil");
    let blank = app.submit(
        "/account/passkeys",
        &format!("/account/passkeys/{id}"),
        &[("name", "  ")],
    );
    assert_eq!(blank.status(), Status::UnprocessableEntity);
    drop(blank);
    let other = app.submit("/account/passkeys", "/account/passkeys/99999", &[("name", "x")]);
    assert_eq!(other.status(), Status::NotFound);
    drop(other);

    // The export says she has a second step (a passkey, no code).
    let export = block_on(gatehouse::service::import::export::csv(
        &app.service(),
        &gatehouse::service::Caller::command_line(),
        &gatehouse::progress::silent(),
    ))
    .unwrap();
    let export = String::from_utf8(export).unwrap();
    assert!(export.contains("ana@example.com,member,,yes,yes,"), "{export}");

    // An administrator's reset on her edit page removes them and ends her sessions.
    let admin = app.another_browser();
    admin.sign_in(&admin.admin());
    let edit = format!("/users/{}/edit", ana.id);
    let reset = admin.submit(&edit, &format!("/users/{}/two-factor/reset", ana.id), &[]);
    assert_eq!(reset.status(), Status::SeeOther);
    drop(reset);
    assert_eq!(count(&app, "passkeys"), 0);
    assert_eq!(location(&app.get("/account")), "/login?next=%2Faccount");
}

/// `GET uri` on `app` as the browser names the server `host`.
fn get_at<'a>(app: &'a TestApp, host: &str, uri: &str) -> LocalResponse<'a> {
    app.client
        .get(uri.to_owned())
        .header(Header::new("Host", host.to_owned()))
        .dispatch()
}

#[test]
fn where_passkeys_cannot_work_the_pages_say_so_and_127_0_0_1_goes_to_localhost() {
    let app = TestApp::with_figment(test_figment().merge(("address", "0.0.0.0")));
    let ana = app.create_user(ANA.0, ANA.1, Role::Member);
    app.sign_in(&ana);
    // At 127.0.0.1 (an IP address cannot be a relying party): the same page at localhost.
    let moved = get_at(&app, "127.0.0.1:8000", "/account/passkeys");
    assert_eq!(moved.status(), Status::SeeOther);
    assert_eq!(location(&moved), "http://localhost:8000/account/passkeys");
    drop(moved);
    // At a LAN address over plain http: no button, no script, and what to set up.
    let page = get_at(&app, "192.168.1.20:8000", "/account/passkeys");
    assert_eq!(page.status(), Status::Ok);
    let html = page.into_string().unwrap();
    assert!(html.contains("docs/OPERATIONS.md") && html.contains("https"), "{html}");
    assert!(
        !html.contains("data-passkey") && !html.contains("passkeys.js"),
        "{html}"
    );
    app.sign_out();
    let login = get_at(&app, "192.168.1.20:8000", "/login").into_string().unwrap();
    assert!(!login.contains("data-passkey") && !login.contains("<script"), "{login}");
    // At localhost: offered.
    let login = get_at(&app, HOST, "/login").into_string().unwrap();
    assert!(
        login.contains(r#"data-passkey="sign-in""#) && login.contains("passkeys.js"),
        "{login}"
    );
}

#[test]
fn a_new_password_keeps_what_the_session_proved() {
    let app = TestApp::new();
    let (_, mut key) = with_passkey(&app, ANA, "ana");
    assert_signed_in(passkey_sign_in(&app, &mut key, &Bent::default()));
    let changed = app.submit(
        "/account",
        "/account/password",
        &[("current_password", PASSWORD), ("new_password", "a new good password")],
    );
    assert_eq!(changed.status(), Status::SeeOther);
    drop(changed);
    // The new session (a new token) still counts the passkey: an app that
    // requires two-step sign-in takes it, and adding a second step elsewhere
    // does not end it.
    let amr = "SELECT amr FROM sessions";
    assert_eq!(app.sql(amr), [["hwk mfa"]]);
    assert_eq!(app.get("/account").status(), Status::Ok);
}
