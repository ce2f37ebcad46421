//! OpenID Connect, for the apps that sign in through gatehouse:
//! `GET /.well-known/openid-configuration`, `GET /oauth2/jwks`,
//! `GET /oauth2/authorize` (and `POST`, the consent page's answer),
//! `POST /oauth2/token`, `GET, POST /oauth2/userinfo`, `POST /oauth2/revoke`,
//! `GET, POST /oauth2/logout`. Thin translations of
//! `service::oidc` into what RFC 6749 and OpenID Connect Core say: until
//! the app and its redirect URI are known an error is a page, after that
//! it goes back to the app; the token endpoint answers JSON with
//! `Cache-Control: no-store`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rocket::form::{Form, FromForm};
use rocket::http::{ContentType, Header, RawStr, Status};
use rocket::request::{FromRequest, Outcome};
use rocket::response::{self, Responder, Response};
use rocket::{Request, State};
use serde_json::{json, Value};

use crate::domain::oidc_request::{AuthorizeParams, Scope, SCOPES};
use crate::domain::{AppInfo, SignedIn};
use crate::service::oidc::authorize::{self as authorizing, Authorized, NotAnApp};
use crate::service::oidc::claims;
use crate::service::oidc::token::{self as tokens, Credentials, TokenError};
use crate::service::{oidc, App, Caller, ServiceError};
use crate::web::answer::Answered;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::guards::{current_session, held_back};
use crate::web::view::{Page, View};

/// A JSON document for apps (not a page), with how long it may be kept.
pub struct Document {
    status: Status,
    body: Value,
    cache: &'static str,
    headers: Vec<Header<'static>>,
}

impl Document {
    fn ok(body: Value, cache: &'static str) -> Document {
        Document {
            status: Status::Ok,
            body,
            cache,
            headers: Vec::new(),
        }
    }
}

impl<'r> Responder<'r, 'static> for Document {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build_from(self.body.to_string().respond_to(req)?);
        response
            .status(self.status)
            .header(ContentType::JSON)
            .header(Header::new("Cache-Control", self.cache));
        for header in self.headers {
            response.header(header);
        }
        response.ok()
    }
}

/// Discovery (OpenID Connect Discovery 1.0, RFC 8414).
#[rocket::get("/.well-known/openid-configuration")]
pub fn discovery(app: &State<App>) -> Document {
    let Some(issuer) = app.settings.issuer() else {
        // Said to whoever looks (an administrator, or an app's log).
        return Document {
            status: Status::NotFound,
            body: json!({
                "error": "not_configured",
                "error_description": "gatehouse signs apps in once public_url is set in Rocket.toml \
                    (its own address, such as https://auth.office.example) and it is restarted",
            }),
            cache: "no-store",
            headers: Vec::new(),
        };
    };
    let at = |path: &str| format!("{issuer}{path}");
    let auth_methods = ["client_secret_basic", "client_secret_post", "none"];
    Document::ok(
        json!({
            "issuer": issuer,
            "authorization_endpoint": at("/oauth2/authorize"),
            "token_endpoint": at("/oauth2/token"),
            "userinfo_endpoint": at("/oauth2/userinfo"),
            "jwks_uri": at("/oauth2/jwks"),
            "revocation_endpoint": at("/oauth2/revoke"),
            "end_session_endpoint": at("/oauth2/logout"),
            "revocation_endpoint_auth_methods_supported": auth_methods,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": SCOPES,
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr", "name",
                "preferred_username", "email", "email_verified", "groups"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": auth_methods,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
            "claims_parameter_supported": false,
        }),
        "public, max-age=300",
    )
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
    Ok(Document::ok(json!({ "keys": keys }), "public, max-age=60"))
}

/// Who opens the authorization endpoint: nobody signed in, or someone
/// free to go on (someone who must first choose a password or set up
/// two-step sign-in is sent there, as on every page).
pub struct Visitor(Option<SignedIn>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Visitor {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match current_session(req).await {
            Ok(Some(me)) => match held_back(req, me) {
                Some(status) => Outcome::Error((status, ())),
                None => Outcome::Success(Visitor(Some(me.clone()))),
            },
            Ok(None) => Outcome::Success(Visitor(None)),
            Err(status) => Outcome::Error((*status, ())),
        }
    }
}

/// An authorization request's parameters (query or consent form).
#[derive(FromForm, Default)]
pub struct AuthorizeQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    response_type: Option<String>,
    scope: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    prompt: Option<String>,
    request: Option<String>,
    request_uri: Option<String>,
}

impl AuthorizeQuery {
    fn params(&self) -> AuthorizeParams {
        AuthorizeParams {
            response_type: self.response_type.clone(),
            scope: self.scope.clone(),
            nonce: self.nonce.clone(),
            code_challenge: self.code_challenge.clone(),
            code_challenge_method: self.code_challenge_method.clone(),
            prompt: self.prompt.clone(),
            request: self.request.clone(),
            request_uri: self.request_uri.clone(),
        }
    }

    /// The query again, for the consent form's hidden fields.
    fn fields(&self) -> Vec<(&'static str, &str)> {
        [
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("state", &self.state),
            ("response_type", &self.response_type),
            ("scope", &self.scope),
            ("nonce", &self.nonce),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
        .collect()
    }
}

/// `uri` with `params` (and `state`, and the issuer: RFC 9207) added to its query.
fn back_to(uri: &str, mut params: Vec<(&'static str, String)>, state: Option<&str>, issuer: Option<&str>) -> String {
    if let Some(state) = state {
        params.push(("state", state.to_owned()));
    }
    if let Some(issuer) = issuer {
        params.push(("iss", issuer.to_owned()));
    }
    let query: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", RawStr::new(value).percent_encode()))
        .collect();
    if query.is_empty() {
        return uri.to_owned();
    }
    let joint = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{joint}{}", query.join("&"))
}

/// What a request that is not yet an app's is answered with: a page.
fn not_an_app(view: &View<'_>, why: NotAnApp) -> Result<Page, AppError> {
    let key = match why {
        NotAnApp::UnknownClient => "oidc-unknown-client",
        NotAnApp::UnknownRedirect => "oidc-unknown-redirect",
    };
    view.error_page(Status::BadRequest, Some("oidc-error-title"), view.text(key))
}

/// The authorization endpoint, for a browser sent by an app; `consenting`
/// when the person has just said yes on the consent page.
async fn authorize_request(
    app: &App,
    view: View<'_>,
    visitor: Visitor,
    caller: Caller,
    query: AuthorizeQuery,
    here: &str,
    consenting: bool,
) -> Answered {
    let client = match &query.client_id {
        Some(id) => authorizing::client(app, id, query.redirect_uri.as_deref()).await?,
        None => Err(NotAnApp::UnknownClient),
    };
    let client = match client {
        Ok(client) => client,
        Err(why) => return Ok(not_an_app(&view, why)?.into()),
    };
    let uri = query.redirect_uri.clone().unwrap_or_default();
    let answer = authorizing::authorize(
        app,
        &client,
        &uri,
        &query.params(),
        visitor.0.as_ref(),
        consenting,
        &caller,
    )
    .await?;
    Ok(match answer {
        Authorized::Back(params) => {
            let url = back_to(&uri, params, query.state.as_deref(), app.settings.issuer());
            // After a form (the consent page's), only a page may lead away (CSP form-action).
            match consenting {
                true => view.render("continue.html.tera", json!({ "url": url }))?.into(),
                false => crate::web::answer::Answer::to(url),
            }
        }
        Authorized::SignIn => {
            crate::web::answer::Answer::to(format!("/login?next={}", RawStr::new(here).percent_encode()))
        }
        Authorized::AskConsent(scope) => consent_page(&view, &client, &scope, &query)?.into(),
        Authorized::NeedsTwoFactor => view
            .error_page(
                Status::Forbidden,
                Some("oidc-error-title"),
                view.language()
                    .text_with("oidc-needs-two-factor", &[("app", client.name.clone().into())]),
            )?
            .into(),
        Authorized::NotAllowed => view
            .error_page(
                Status::Forbidden,
                Some("oidc-error-title"),
                view.language()
                    .text_with("oidc-not-allowed", &[("app", client.name.clone().into())]),
            )?
            .into(),
    })
}

fn consent_page(view: &View<'_>, client: &AppInfo, scope: &Scope, query: &AuthorizeQuery) -> Result<Page, AppError> {
    let shown: Vec<&str> = scope.iter().filter(|s| *s != "openid").collect();
    let fields: Vec<Value> = query
        .fields()
        .into_iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    view.render(
        "oidc/consent.html.tera",
        json!({ "app": client.name, "scopes": shown, "fields": fields }),
    )
}

#[rocket::get("/oauth2/authorize?<query..>")]
pub async fn authorize(
    query: AuthorizeQuery,
    visitor: Visitor,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
    uri: &rocket::http::uri::Origin<'_>,
) -> Answered {
    let here = uri.to_string();
    authorize_request(app, view, visitor, caller, query, &here, false).await
}

/// The consent page's yes: the same request, now consented to.
#[rocket::post("/oauth2/authorize", data = "<form>")]
pub async fn consent(
    form: CsrfForm<AuthorizeQuery>,
    visitor: Visitor,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    authorize_request(app, view, visitor, caller, form.into_inner(), "/", true).await
}

/// The token endpoint's form.
#[derive(FromForm)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    scope: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// HTTP Basic's client id and secret, each form-urldecoded (RFC 6749 2.3.1).
pub struct BasicAuth(Option<(String, String)>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for BasicAuth {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let decoded = req
            .headers()
            .get_one("Authorization")
            .and_then(|value| value.strip_prefix("Basic "))
            .and_then(|b64| STANDARD.decode(b64.trim()).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|pair| {
                let (id, secret) = pair.split_once(':')?;
                let decode = |s: &str| RawStr::new(s).url_decode_lossy().into_owned();
                Some((decode(id), decode(secret)))
            });
        Outcome::Success(BasicAuth(decoded))
    }
}

/// The app that calls, authenticated by HTTP Basic or the form (not both),
/// or by its client id alone when it is public.
async fn client_of(
    app: &App,
    basic: BasicAuth,
    client_id: &Option<String>,
    client_secret: &Option<String>,
) -> Result<Result<AppInfo, TokenError>, AppError> {
    let credentials = match (basic.0, client_id, client_secret) {
        (Some(_), _, Some(_)) => {
            return Ok(Err(TokenError::InvalidRequest(
                "the client authenticated twice (Basic and the form)",
            )))
        }
        (Some((id, secret)), _, None) => Credentials {
            client_id: id,
            secret: Some(secret),
            basic: true,
        },
        (None, Some(id), secret) => Credentials {
            client_id: id.clone(),
            secret: secret.clone(),
            basic: false,
        },
        (None, None, _) => return Ok(Err(TokenError::InvalidClient { basic: false })),
    };
    Ok(tokens::authenticate(app, &credentials).await?)
}

fn token_error(error: TokenError) -> Document {
    let mut headers = Vec::new();
    let status = match error {
        TokenError::InvalidClient { basic } => {
            if basic {
                headers.push(Header::new("WWW-Authenticate", "Basic realm=\"gatehouse\""));
            }
            Status::Unauthorized
        }
        _ => Status::BadRequest,
    };
    Document {
        status,
        body: json!({ "error": error.code(), "error_description": error.description() }),
        cache: "no-store",
        headers,
    }
}

#[rocket::post("/oauth2/token", data = "<form>")]
pub async fn token(
    form: Option<Form<TokenForm>>,
    basic: BasicAuth,
    caller: Caller,
    app: &State<App>,
) -> Result<Document, AppError> {
    let Some(form) = form.map(Form::into_inner) else {
        return Ok(token_error(TokenError::InvalidRequest("the request is not a form")));
    };
    let client = match client_of(app, basic, &form.client_id, &form.client_secret).await? {
        Ok(client) => client,
        Err(error) => return Ok(token_error(error)),
    };
    let answer = match form.grant_type.as_deref() {
        Some("authorization_code") => {
            let Some(code) = &form.code else {
                return Ok(token_error(TokenError::InvalidRequest("code is missing")));
            };
            tokens::exchange_code(
                app,
                &client,
                code,
                form.redirect_uri.as_deref(),
                form.code_verifier.as_deref(),
                &caller,
            )
            .await?
        }
        Some("refresh_token") => {
            let Some(token) = &form.refresh_token else {
                return Ok(token_error(TokenError::InvalidRequest("refresh_token is missing")));
            };
            tokens::refresh(app, &client, token, form.scope.as_deref(), &caller).await?
        }
        _ => Err(TokenError::UnsupportedGrantType),
    };
    Ok(match answer {
        Ok(issued) => Document {
            status: Status::Ok,
            body: issued.body(),
            cache: "no-store",
            headers: vec![Header::new("Pragma", "no-cache")],
        },
        Err(error) => token_error(error),
    })
}

/// The revocation endpoint's form (RFC 7009).
#[derive(FromForm)]
pub struct RevokeForm {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

#[rocket::post("/oauth2/revoke", data = "<form>")]
pub async fn revoke(form: Option<Form<RevokeForm>>, basic: BasicAuth, app: &State<App>) -> Result<Document, AppError> {
    let Some(form) = form.map(Form::into_inner) else {
        return Ok(token_error(TokenError::InvalidRequest("the request is not a form")));
    };
    let client = match client_of(app, basic, &form.client_id, &form.client_secret).await? {
        Ok(client) => client,
        Err(error) => return Ok(token_error(error)),
    };
    let Some(token) = form.token else {
        return Ok(token_error(TokenError::InvalidRequest("token is missing")));
    };
    tokens::revoke(app, &client, &token).await?;
    Ok(Document::ok(json!({}), "no-store"))
}

/// The bearer token of `Authorization`.
pub struct Bearer(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Bearer {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let token = req
            .headers()
            .get_one("Authorization")
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| token.trim().to_owned());
        Outcome::Success(Bearer(token))
    }
}

/// Userinfo: the claims of the token's scopes, while the person may still use the app.
async fn userinfo(app: &App, bearer: Bearer) -> Result<Document, AppError> {
    let refused = Document {
        status: Status::Unauthorized,
        body: json!({ "error": "invalid_token" }),
        cache: "no-store",
        headers: vec![Header::new("WWW-Authenticate", "Bearer error=\"invalid_token\"")],
    };
    let Some(token) = bearer.0 else {
        return Ok(Document {
            body: json!({ "error": "invalid_request" }),
            headers: vec![Header::new("WWW-Authenticate", "Bearer")],
            ..refused
        });
    };
    Ok(match claims::userinfo(app, &token).await? {
        Some(claims) => Document::ok(Value::Object(claims), "no-store"),
        None => refused,
    })
}

#[rocket::get("/oauth2/userinfo")]
pub async fn userinfo_get(bearer: Bearer, app: &State<App>) -> Result<Document, AppError> {
    userinfo(app, bearer).await
}

#[rocket::post("/oauth2/userinfo")]
pub async fn userinfo_post(bearer: Bearer, app: &State<App>) -> Result<Document, AppError> {
    userinfo(app, bearer).await
}

/// Signing out, asked by an app (`GET`). With an ID token gatehouse signed
/// for an app, the person's gatehouse session ends and the browser goes
/// back to the app's `post_logout_redirect_uri` when it is one of the app's
/// registered addresses (else a page says they are signed out). Without
/// one, a page asks first: a link on another site must not sign anyone out.
#[rocket::get("/oauth2/logout?<id_token_hint>&<post_logout_redirect_uri>&<state>&<client_id>")]
#[allow(clippy::too_many_arguments)]
pub async fn logout(
    id_token_hint: Option<&str>,
    post_logout_redirect_uri: Option<&str>,
    state: Option<&str>,
    client_id: Option<&str>,
    me: Option<SignedIn>,
    client: crate::domain::Client,
    app: &State<App>,
    jar: &rocket::http::CookieJar<'_>,
    view: View<'_>,
) -> Answered {
    let hinted = match id_token_hint {
        Some(hint) => oidc::logout::hinted(app, hint).await?,
        None => None,
    };
    let hinted = hinted.filter(|(info, _)| client_id.is_none_or(|id| id == info.client_id));
    let Some((info, subject)) = hinted else {
        return Ok(view
            .render("oidc/logout.html.tera", json!({ "signed_in": me.is_some() }))?
            .into());
    };
    if let Some(me) = &me {
        // Only the person the app signed in is signed out by it.
        let id = me.user.id;
        let theirs = app.store.read(move |repo| repo.subject_of(id)).await?;
        if theirs.as_deref() == Some(subject.as_str()) {
            super::session::sign_out(app, jar, me, &client.address).await?;
        }
    }
    match post_logout_redirect_uri.filter(|uri| info.redirect_uris.iter().any(|known| known == uri)) {
        Some(uri) => Ok(crate::web::answer::Answer::to(back_to(uri, Vec::new(), state, None))),
        None => Ok(crate::web::notice::done("/login", "signed-out", json!({})).into()),
    }
}

/// The sign-out page's yes.
#[rocket::post("/oauth2/logout", data = "<_form>")]
pub async fn logout_confirmed(
    _form: CsrfForm<crate::web::csrf::TokenOnly>,
    me: Option<SignedIn>,
    client: crate::domain::Client,
    app: &State<App>,
    jar: &rocket::http::CookieJar<'_>,
) -> Answered {
    if let Some(me) = me {
        super::session::sign_out(app, jar, &me, &client.address).await?;
    }
    Ok(crate::web::notice::done("/login", "signed-out", json!({})).into())
}
