//! OpenID Connect, for the apps that sign in through gatehouse:
//! `GET /oauth2/jwks`, the public keys ID tokens are signed with.

use rocket::http::{ContentType, Header};
use rocket::response::{self, Responder, Response};
use rocket::{Request, State};
use serde_json::{json, Value};

use crate::service::{oidc, App, ServiceError};
use crate::web::error::AppError;

/// A JSON document for apps (not a page), with how long it may be kept.
pub struct Document {
    body: Value,
    cache: &'static str,
}

impl<'r> Responder<'r, 'static> for Document {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        Response::build_from(self.body.to_string().respond_to(req)?)
            .header(ContentType::JSON)
            .header(Header::new("Cache-Control", self.cache))
            .ok()
    }
}

/// The keys: the one that signs, and those retired while what they signed
/// may still be presented. Kept a minute by whoever fetches it (an app
/// that meets a key id it does not know fetches it again).
#[rocket::get("/oauth2/jwks")]
pub async fn jwks(app: &State<App>) -> Result<Document, AppError> {
    let keys = oidc::keys::published(app).await?;
    let keys = keys
        .iter()
        .map(|key| key.jwk())
        .collect::<Result<Vec<_>, _>>()
        .map_err(ServiceError::from)?;
    Ok(Document {
        body: json!({ "keys": keys }),
        cache: "public, max-age=60",
    })
}
