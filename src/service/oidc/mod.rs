//! gatehouse as an OpenID Connect provider: the keys ID tokens are signed
//! with (`keys`).

pub mod keys;
