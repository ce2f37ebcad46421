//! ID tokens: JSON Web Tokens signed RS256 (RFC 7515, 7518), with ring;
//! the keys they are signed with, made by the rsa crate (2048 bits, kept as
//! PKCS#8 DER in the database); and the public half of a key as a JWK
//! (RFC 7517) whose `kid` is its RFC 7638 thumbprint. Only RS256 is ever
//! written or read: a token whose header names another algorithm (`none`,
//! `HS256` keyed with the public key) is not ours.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RsaPublicKeyComponents, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};
use serde_json::{json, Value};

/// Why a key could not be made or used.
#[derive(Debug)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

/// A signing key: its id and its private half (PKCS#8 DER).
#[derive(Clone)]
pub struct Key {
    pub kid: String,
    pub pkcs8: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the private half.
        f.debug_struct("Key").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl Key {
    /// A new 2048-bit RSA key (tens of milliseconds: off the workers).
    pub fn generate() -> Result<Key, KeyError> {
        use rsa::pkcs8::EncodePrivateKey;
        let key = rsa::RsaPrivateKey::new(&mut getrandom::rand_core::UnwrapErr(getrandom::SysRng), 2048)
            .map_err(|e| KeyError(e.to_string()))?;
        let der = key.to_pkcs8_der().map_err(|e| KeyError(e.to_string()))?;
        Key::from_pkcs8(der.as_bytes().to_vec())
    }

    /// A key kept as PKCS#8 DER; its id is its thumbprint.
    pub fn from_pkcs8(pkcs8: Vec<u8>) -> Result<Key, KeyError> {
        let pair = pair(&pkcs8)?;
        Ok(Key {
            kid: thumbprint(&public(&pair)),
            pkcs8,
        })
    }

    /// The public half, as the JWKS lists it.
    pub fn jwk(&self) -> Result<Value, KeyError> {
        let public = public(&pair(&self.pkcs8)?);
        Ok(json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": B64.encode(&public.n),
            "e": B64.encode(&public.e),
        }))
    }

    /// `claims` as a signed JWT (`header.payload.signature`).
    pub fn sign(&self, claims: &Value) -> Result<String, KeyError> {
        let pair = pair(&self.pkcs8)?;
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": self.kid });
        let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
        let mut signature = vec![0; pair.public().modulus_len()];
        pair.sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            input.as_bytes(),
            &mut signature,
        )
        .map_err(|_| KeyError("the signature could not be made".into()))?;
        Ok(format!("{input}.{}", B64.encode(signature)))
    }
}

fn pair(pkcs8: &[u8]) -> Result<RsaKeyPair, KeyError> {
    RsaKeyPair::from_pkcs8(pkcs8).map_err(|e| KeyError(format!("a signing key that cannot be read: {e}")))
}

fn public(pair: &RsaKeyPair) -> RsaPublicKeyComponents<Vec<u8>> {
    pair.public().into()
}

/// RFC 7638: base64url of SHA-256 over the required members, in order, no spaces.
fn thumbprint(public: &RsaPublicKeyComponents<Vec<u8>>) -> String {
    let members = format!(
        r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
        B64.encode(&public.e),
        B64.encode(&public.n)
    );
    B64.encode(ring::digest::digest(&ring::digest::SHA256, members.as_bytes()))
}

/// The claims of `token` when one of `keys` signed it RS256, whatever its
/// times say (the caller checks what matters to it); `None` for anything
/// else: another algorithm, an unknown `kid`, a bad signature, bad JSON.
pub fn verified_claims(token: &str, keys: &[Key]) -> Option<Value> {
    let mut parts = token.split('.');
    let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Value = serde_json::from_slice(&B64.decode(header).ok()?).ok()?;
    if header.get("alg")?.as_str()? != "RS256" {
        return None;
    }
    let kid = header.get("kid")?.as_str()?;
    let key = keys.iter().find(|k| k.kid == kid)?;
    let public = public(&pair(&key.pkcs8).ok()?);
    let signature = B64.decode(signature).ok()?;
    let input = &token[..header_and_payload_len(token)?];
    RsaPublicKeyComponents {
        n: &public.n,
        e: &public.e,
    }
    .verify(&RSA_PKCS1_2048_8192_SHA256, input.as_bytes(), &signature)
    .ok()?;
    serde_json::from_slice(&B64.decode(payload).ok()?).ok()
}

/// How long `header.payload` is: up to the second dot.
fn header_and_payload_len(token: &str) -> Option<usize> {
    let first = token.find('.')?;
    Some(first + 1 + token[first + 1..].find('.')?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static KEY: LazyLock<Key> = LazyLock::new(|| Key::generate().unwrap());

    fn b64_json(value: &Value) -> String {
        B64.encode(value.to_string())
    }

    #[test]
    fn a_signed_token_verifies_with_its_key_and_names_it() {
        let claims = json!({ "sub": "abc", "aud": "wiki" });
        let token = KEY.sign(&claims).unwrap();
        assert_eq!(verified_claims(&token, std::slice::from_ref(&KEY)), Some(claims));
        let header: Value = serde_json::from_slice(&B64.decode(token.split('.').next().unwrap()).unwrap()).unwrap();
        assert_eq!(header, json!({ "alg": "RS256", "typ": "JWT", "kid": KEY.kid }));
        // Read back from its DER, the key is the same key.
        assert_eq!(Key::from_pkcs8(KEY.pkcs8.clone()).unwrap().kid, KEY.kid);
    }

    #[test]
    fn the_jwk_is_the_public_half_with_a_thumbprint_id() {
        let jwk = KEY.jwk().unwrap();
        assert_eq!(jwk["kty"], "RSA");
        assert_eq!(jwk["alg"], "RS256");
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(B64.decode(jwk["n"].as_str().unwrap()).unwrap().len(), 256, "2048 bits");
        assert!(jwk.get("d").is_none() && jwk.get("p").is_none(), "nothing private");
        // RFC 7638's own example gives its own thumbprint.
        let n = B64.decode("0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw").unwrap();
        let thumb = thumbprint(&RsaPublicKeyComponents { n, e: vec![1, 0, 1] });
        assert_eq!(thumb, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    #[test]
    fn only_our_rs256_signature_is_taken() {
        let keys = std::slice::from_ref(&*KEY);
        let token = KEY.sign(&json!({ "sub": "abc" })).unwrap();
        let (input, _) = token.rsplit_once('.').unwrap();
        let payload = input.split('.').nth(1).unwrap();
        let forged = [
            // alg none, no signature
            format!("{}.{payload}.", b64_json(&json!({ "alg": "none", "kid": KEY.kid }))),
            // HS256 "keyed" with anything: never read as ours
            format!(
                "{}.{payload}.{}",
                b64_json(&json!({ "alg": "HS256", "kid": KEY.kid })),
                B64.encode([7u8; 32])
            ),
            // our header, another payload under the old signature
            format!(
                "{}.{}.{}",
                input.split('.').next().unwrap(),
                b64_json(&json!({ "sub": "admin" })),
                token.rsplit('.').next().unwrap()
            ),
            // an unknown key id
            token.replacen(
                input.split('.').next().unwrap(),
                &b64_json(&json!({ "alg": "RS256", "kid": "other" })),
                1,
            ),
            format!("{token}.extra"),
            "not a token".to_owned(),
        ];
        for bad in forged {
            assert_eq!(verified_claims(&bad, keys), None, "{bad}");
        }
        let other = Key::generate().unwrap();
        assert_eq!(
            verified_claims(&token, &[other]),
            None,
            "signed by a key we do not hold"
        );
    }
}
