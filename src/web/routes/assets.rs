//! `GET /assets/…`: the embedded files. Under their versioned URL (as the
//! pages link them) they are cached for a year; otherwise browsers revalidate
//! with the ETag (304). Gzip is sent to browsers that accept it.

use rocket::http::{Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rocket::State;
use std::path::PathBuf;

use crate::web::assets::Assets;

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![asset]
}

/// What the browser said about its copy and the encodings it reads.
pub struct Conditions {
    if_none_match: Option<String>,
    accepts_gzip: bool,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Conditions {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let headers = req.headers();
        Outcome::Success(Conditions {
            if_none_match: headers.get_one("If-None-Match").map(str::to_owned),
            accepts_gzip: headers.get("Accept-Encoding").flat_map(|v| v.split(',')).any(|coding| {
                coding
                    .split(';')
                    .next()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case("gzip"))
            }),
        })
    }
}

/// The answer: the file (perhaps gzipped), borrowed from the managed
/// `Assets`, or 304.
pub struct AssetAnswer<'a> {
    etag: String,
    immutable: bool,
    body: Option<(rocket::http::ContentType, &'a [u8], bool)>,
}

#[rocket::get("/assets/<path..>?<v>")]
pub fn asset<'a>(
    path: PathBuf,
    v: Option<&str>,
    conditions: Conditions,
    assets: &'a State<Assets>,
) -> Option<AssetAnswer<'a>> {
    let name = path.to_str()?.replace('\\', "/");
    let asset = assets.get(&name)?;
    let gzip = asset.gzip.as_deref().filter(|_| conditions.accepts_gzip);
    let etag = format!("\"{}{}\"", asset.version, if gzip.is_some() { "-gz" } else { "" });
    let immutable = v == Some(asset.version.as_str());
    let current = conditions
        .if_none_match
        .is_some_and(|sent| sent.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let body = (!current).then(|| match gzip {
        Some(bytes) => (asset.content_type.clone(), bytes, true),
        None => (asset.content_type.clone(), asset.plain.as_ref(), false),
    });
    Some(AssetAnswer { etag, immutable, body })
}

impl<'r, 'a: 'r> Responder<'r, 'a> for AssetAnswer<'a> {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'a> {
        let cache = if self.immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let mut response = Response::build();
        response
            .header(Header::new("Cache-Control", cache))
            .header(Header::new("ETag", self.etag))
            .header(Header::new("Vary", "Accept-Encoding"));
        match self.body {
            None => response.status(Status::NotModified),
            Some((content_type, bytes, gzipped)) => {
                if gzipped {
                    response.header(Header::new("Content-Encoding", "gzip"));
                }
                response
                    .header(content_type)
                    .sized_body(bytes.len(), std::io::Cursor::new(bytes))
            }
        };
        response.ok()
    }
}
