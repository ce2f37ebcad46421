//! `GET /assets/…`: the stylesheet and images compiled into the binary, with
//! an ETag so that browsers revalidate cheaply (304) instead of downloading.

use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rust_embed::RustEmbed;
use std::path::PathBuf;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct AssetFiles;

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![asset]
}

/// The `If-None-Match` header, when sent.
pub struct IfNoneMatch(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for IfNoneMatch {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(IfNoneMatch(req.headers().get_one("If-None-Match").map(str::to_owned)))
    }
}

/// An embedded file, or only its validator when the browser's copy is current.
pub struct Asset {
    etag: String,
    /// `None` answers 304 Not Modified.
    body: Option<(ContentType, std::borrow::Cow<'static, [u8]>)>,
}

#[rocket::get("/assets/<path..>")]
pub fn asset(path: PathBuf, if_none_match: IfNoneMatch) -> Option<Asset> {
    let name = path.to_str()?.replace('\\', "/");
    let file = AssetFiles::get(&name)?;
    let hash = file.metadata.sha256_hash();
    let etag = format!(
        "\"{}\"",
        hash[..12].iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let current = if_none_match
        .0
        .is_some_and(|sent| sent.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if current {
        return Some(Asset { etag, body: None });
    }
    let content_type = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(ContentType::from_extension)
        .unwrap_or(ContentType::Binary);
    Some(Asset {
        etag,
        body: Some((content_type, file.data)),
    })
}

impl<'r> Responder<'r, 'static> for Asset {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .header(Header::new("Cache-Control", "no-cache"))
            .header(Header::new("ETag", self.etag));
        match self.body {
            None => response.status(Status::NotModified),
            Some((content_type, data)) => response
                .header(content_type)
                .sized_body(data.len(), std::io::Cursor::new(data)),
        };
        response.ok()
    }
}
