//! Plain HTTP to a real gatehouse on a socket, as a browser sends it: the
//! tests that drive the binary (tests/api/server.rs and others, and the
//! Windows build under Wine in tests/windows/) share it.

/// A client that shows redirects rather than following them.
pub fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).build()
}

/// Status, the cookies set (`name=value`), `Location`, and body of a
/// request sent with a cookie header and, for a POST, a form.
pub fn fetch(request: ureq::Request, cookies: &str, form: Option<&str>) -> (u16, Vec<String>, Option<String>, String) {
    let request = if cookies.is_empty() {
        request
    } else {
        request.set("Cookie", cookies)
    };
    let result = match form {
        Some(body) => request
            .set("Content-Type", "application/x-www-form-urlencoded")
            .send_string(body),
        None => request.call(),
    };
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let status = response.status();
    let set_cookies = response
        .all("set-cookie")
        .into_iter()
        .map(|c| c.split(';').next().unwrap().to_owned())
        .collect();
    let location = response.header("location").map(str::to_owned);
    (
        status,
        set_cookies,
        location,
        response.into_string().unwrap_or_default(),
    )
}

/// A form's fields, URL-encoded.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encoded(k), encoded(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encoded(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The form token in a page's HTML.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[at..].split('"').next()?.to_owned())
}

/// Signs in at the server at `base` (its address, ending in `/`) through the
/// sign-in form, and gives the session cookie (`gatehouse_session=…`).
pub fn sign_in(base: &str, email: &str, password: &str) -> String {
    let (status, cookies, _, html) = fetch(agent().get(&format!("{base}login")), "", None);
    assert_eq!(status, 200, "the sign-in page");
    let token = csrf_in(&html).expect("the sign-in form has a token");
    let body = form(&[("csrf_token", &token), ("email", email), ("password", password)]);
    let (status, cookies, _, html) = fetch(agent().post(&format!("{base}login")), &cookies.join("; "), Some(&body));
    assert_eq!(status, 303, "signed in: {html}");
    cookies
        .into_iter()
        .find(|c| c.starts_with("gatehouse_session="))
        .expect("a session cookie")
}
