//! Security primitives, free of the web and of any database engine: random
//! tokens and their hashes, password hashing, and the sign-in throttle's rules.

pub mod hasher;
pub mod jwt;
pub mod passkeys;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod werkzeug;

pub use hasher::Hasher;
