//! What the passkey ceremonies' requests bring: where passkeys can be used
//! for this request (`Place`: the relying party id and origin, from
//! `public_url`, `cookie_domain` and the host the person uses), and a JSON
//! body whose CSRF token comes in the `X-CSRF-Token` header (`JsonWithToken`:
//! 403 before any handler without it, or from another site, as a form's).

use rocket::data::{self, Data, FromData, ToByteUnit};
use rocket::http::Status;
use rocket::request::{self, FromRequest, Request};
use rocket::State;
use serde::de::DeserializeOwned;

use crate::domain::{counted_address, passkey_place, Event, PasskeyPlace};
use crate::security::tokens::same_secret;
use crate::service::passkeys::Site;
use crate::service::App;

use super::csrf::{expected, is_cross_site, unmasked};
use super::guards::{client_address, record_refusal};

/// The header that carries the (masked) CSRF token of a JSON request.
pub const TOKEN_HEADER: &str = "X-CSRF-Token";

/// Where passkeys can be used, seen from this request, and the client
/// address a ceremony started here is counted under (`counted_address`).
pub struct Place(pub PasskeyPlace, String);

impl Place {
    /// What a page that offers passkeys shows: `here` when they can be
    /// used, else where they can (`elsewhere`), or that this address cannot.
    pub fn offer(&self) -> serde_json::Value {
        match &self.0 {
            PasskeyPlace::Here { .. } => serde_json::json!({ "here": true }),
            PasskeyPlace::AtLocalhost { origin } | PasskeyPlace::Elsewhere { origin } => {
                serde_json::json!({ "here": false, "elsewhere": origin })
            }
            PasskeyPlace::NotSecure => serde_json::json!({ "here": false }),
        }
    }

    /// The site to run ceremonies for, when passkeys can be used here.
    pub fn site(&self) -> Option<Site> {
        match &self.0 {
            PasskeyPlace::Here { rp_id, origin } => Some(Site {
                rp_id: rp_id.clone(),
                origin: origin.clone(),
                address: self.1.clone(),
            }),
            _ => None,
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Place {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        let Some(app) = req.guard::<&State<App>>().await.succeeded() else {
            return request::Outcome::Success(Place(PasskeyPlace::NotSecure, String::new()));
        };
        let address = counted_address(&client_address(req));
        let tls = req.rocket().config().tls_enabled();
        let host = req.headers().get_one("Host").unwrap_or_default();
        let settings = &app.settings;
        let place = passkey_place(
            settings.public_url.as_deref(),
            settings.cookie_domain.as_deref(),
            host,
            tls,
        );
        request::Outcome::Success(Place(place, address))
    }
}

/// A JSON body of type `T` whose request carried the right CSRF token.
pub struct JsonWithToken<T>(pub T);

#[rocket::async_trait]
impl<'r, T: DeserializeOwned + Send + 'static> FromData<'r> for JsonWithToken<T> {
    type Error = ();

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        if is_cross_site(req) {
            record_refusal(req, Event::FormRefused, "other-site").await;
            return data::Outcome::Error((Status::Forbidden, ()));
        }
        let valid = match (expected(req).await, req.headers().get_one(TOKEN_HEADER)) {
            (Some(expected), Some(sent)) => unmasked(sent).is_some_and(|sent| same_secret(&expected, &sent)),
            _ => false,
        };
        if !valid {
            record_refusal(req, Event::FormRefused, "form-token").await;
            return data::Outcome::Error((Status::Forbidden, ()));
        }
        if !req.content_type().is_some_and(|ct| ct.is_json()) {
            return data::Outcome::Error((Status::UnsupportedMediaType, ()));
        }
        let body = match data.open(64.kibibytes()).into_string().await {
            Ok(body) if body.is_complete() => body.into_inner(),
            Ok(_) => return data::Outcome::Error((Status::PayloadTooLarge, ())),
            Err(_) => return data::Outcome::Error((Status::BadRequest, ())),
        };
        match serde_json::from_str(&body) {
            Ok(value) => data::Outcome::Success(JsonWithToken(value)),
            Err(_) => data::Outcome::Error((Status::BadRequest, ())),
        }
    }
}
