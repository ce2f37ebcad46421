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

pub enum Asset {
    Body {
        content_type: ContentType,
        etag: String,
        data: std::borrow::Cow<'static, [u8]>,
    },
    NotModified {
        etag: String,
    },
}

#[rocket::get("/assets/<path..>")]
pub fn asset(path: PathBuf, if_none_match: IfNoneMatch) -> Option<Asset> {
    let name = path.to_str()?.replace('\\', "/");
    let file = AssetFiles::get(&name)?;
    let hash = file.metadata.sha256_hash();
    let etag = format!("\"{}\"", hash[..12].iter().map(|b| format!("{b:02x}")).collect::<String>());
    let matches = if_none_match
        .0
        .is_some_and(|sent| sent.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Some(Asset::NotModified { etag });
    }
    let content_type = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(ContentType::from_extension)
        .unwrap_or(ContentType::Binary);
    Some(Asset::Body {
        content_type,
        etag,
        data: file.data,
    })
}

impl<'r> Responder<'r, 'static> for Asset {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response.header(Header::new("Cache-Control", "no-cache"));
        match self {
            Asset::NotModified { etag } => response.status(Status::NotModified).header(Header::new("ETag", etag)),
            Asset::Body {
                content_type,
                etag,
                data,
            } => response
                .header(content_type)
                .header(Header::new("ETag", etag))
                .sized_body(data.len(), std::io::Cursor::new(data)),
        };
        response.ok()
    }
}
