//! gatehouse as an OpenID Connect provider: the keys ID tokens are signed
//! with (`keys`), the authorization endpoint (`authorize`), the token
//! endpoint (`token`), what a token tells an app about its person
//! (`claims`), signing out from an app (`logout`) and the apps a person
//! stays signed in to (`access`).

pub mod access;
pub mod authorize;
pub mod claims;
pub mod keys;
pub mod logout;
pub mod token;
