//! Pages larger than a few kilobytes go compressed when the browser says it
//! can read them so: brotli before gzip, neither when refused with q=0, and
//! the same page once decompressed.

use rocket::http::{Header, Status};

use crate::helpers::*;

fn get(app: &TestApp, uri: &str, accept: Option<&str>) -> (Option<String>, Option<String>, Vec<u8>) {
    let mut request = app.client.get(uri.to_owned());
    if let Some(accept) = accept {
        request = request.header(Header::new("Accept-Encoding", accept.to_owned()));
    }
    let response = request.dispatch();
    assert_eq!(response.status(), Status::Ok);
    let coding = response.headers().get_one("Content-Encoding").map(str::to_owned);
    let vary = response.headers().get_one("Vary").map(str::to_owned);
    (coding, vary, response.into_bytes().unwrap())
}

#[test]
fn large_pages_go_compressed_as_the_browser_accepts() {
    let app = TestApp::new();
    let admin = app.admin();
    app.add_members("Member", "member", 60, 2);
    app.sign_in(&admin);
    let (coding, vary, plain) = get(&app, "/users", None);
    assert_eq!(coding, None);
    assert_eq!(vary.as_deref(), Some("Accept-Encoding"));
    assert!(plain.len() > 4096, "a page worth compressing: {} bytes", plain.len());

    let (coding, _, br) = get(&app, "/users", Some("gzip, deflate, br"));
    assert_eq!(coding.as_deref(), Some("br"));
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut unpacked).unwrap();
    let text = |bytes: &[u8]| tokens_unmasked(std::str::from_utf8(bytes).unwrap());
    assert_eq!(text(&unpacked), text(&plain), "the same page");
    assert!(br.len() * 4 < plain.len(), "{} of {} bytes", br.len(), plain.len());

    let (coding, _, gz) = get(&app, "/users", Some("br;q=0, gzip"));
    assert_eq!(coding.as_deref(), Some("gzip"));
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked).unwrap();
    assert_eq!(text(&unpacked), text(&plain));

    let (coding, _, _) = get(&app, "/users", Some("identity"));
    assert_eq!(coding, None);
    // A small page is not worth it.
    let (_, _, small) = get(&app, "/account/two-factor", None);
    assert!(small.len() <= 4096, "{} bytes", small.len());
    let (coding, _, _) = get(&app, "/account/two-factor", Some("br, gzip"));
    assert_eq!(coding, None);
}
