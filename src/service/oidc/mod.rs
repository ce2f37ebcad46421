//! gatehouse as an OpenID Connect provider: the keys ID tokens are signed
//! with (`keys`), the authorization endpoint (`authorize`), the token
//! endpoint (`token`) and what a token tells an app about its person
//! (`claims`).

pub mod authorize;
pub mod claims;
pub mod keys;
pub mod token;
