//! The WebAuthn ceremonies, by webauthn-rs: what the browser is asked (the
//! options, as JSON), what waits between the two requests (the state, as
//! JSON text for the database), and the checks of the browser's answer
//! (challenge, origin, relying party, signature, user verification, the
//! signature counter). Nothing above this file names webauthn-rs's types.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::{
    CredentialID, DiscoverableAuthentication, Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder, WebauthnError,
};

/// Why a ceremony failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyError {
    /// The relying party could not be set up (an origin webauthn-rs refuses).
    Setup,
    /// The browser's answer is not a WebAuthn credential at all.
    Malformed,
    /// It is one, and does not verify: another challenge, origin or relying
    /// party, a bad signature, no user verification.
    Rejected,
    /// Its signature counter went backwards: the passkey may have been copied.
    Compromised,
}

/// The user handle a person's passkeys carry: from their `sub` (stable, not
/// the email, not the row id), 16 bytes as WebAuthn wants at most 64.
pub fn user_handle(subject: &str) -> [u8; 16] {
    let digest = Sha256::digest(subject.as_bytes());
    let mut handle = [0u8; 16];
    handle.copy_from_slice(&digest[..16]);
    handle
}

/// A credential id as stored and compared: base64url without padding.
fn credential_id(id: &CredentialID) -> String {
    URL_SAFE_NO_PAD.encode(id.as_slice())
}

fn rejected(e: WebauthnError) -> PasskeyError {
    match e {
        WebauthnError::CredentialPossibleCompromise => PasskeyError::Compromised,
        _ => PasskeyError::Rejected,
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, PasskeyError> {
    serde_json::to_string(value).map_err(|_| PasskeyError::Setup)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, PasskeyError> {
    serde_json::from_str(text).map_err(|_| PasskeyError::Malformed)
}

/// A passkey just added: its id and the credential to keep.
#[derive(Debug, Clone)]
pub struct NewCredential {
    pub id: String,
    pub credential: String,
}

/// A passkey that signed: whose (the user handle it carries) and which.
#[derive(Debug, Clone)]
pub struct Presented {
    pub user_handle: [u8; 16],
    pub credential_id: String,
}

/// The relying party for one origin.
pub struct RelyingParty(Webauthn);

impl RelyingParty {
    /// For pages at `origin` (`https://host[:port]`) under `rp_id`.
    pub fn new(rp_id: &str, origin: &str) -> Result<RelyingParty, PasskeyError> {
        let origin = Url::parse(origin).map_err(|_| PasskeyError::Setup)?;
        let webauthn = WebauthnBuilder::new(rp_id, &origin)
            .and_then(|b| b.rp_name("gatehouse").build())
            .map_err(|_| PasskeyError::Setup)?;
        Ok(RelyingParty(webauthn))
    }

    /// The options to create a passkey for this person (`existing`: the
    /// credentials they have, which the authenticator is not to make again),
    /// discoverable so that it also signs in alone; and the state to keep.
    pub fn start_registration(
        &self,
        handle: [u8; 16],
        email: &str,
        name: &str,
        existing: &[String],
    ) -> Result<(Value, String), PasskeyError> {
        let exclude: Vec<CredentialID> = existing
            .iter()
            .filter_map(|c| serde_json::from_str::<Passkey>(c).ok())
            .map(|p| p.cred_id().clone())
            .collect();
        let (options, state) = self
            .0
            .start_passkey_registration(Uuid::from_bytes(handle), email, name, Some(exclude))
            .map_err(|_| PasskeyError::Setup)?;
        let mut options = serde_json::to_value(&options).map_err(|_| PasskeyError::Setup)?;
        // webauthn-rs asks for a credential the authenticator need not keep;
        // one that signs in without an email must be discoverable.
        let selection = &mut options["publicKey"]["authenticatorSelection"];
        selection["residentKey"] = "required".into();
        selection["requireResidentKey"] = true.into();
        Ok((options, to_json(&state)?))
    }

    /// The browser's answer to `start_registration` checked against `state`.
    pub fn finish_registration(&self, answer: &str, state: &str) -> Result<NewCredential, PasskeyError> {
        let answer: RegisterPublicKeyCredential = from_json(answer)?;
        let state: PasskeyRegistration = serde_json::from_str(state).map_err(|_| PasskeyError::Setup)?;
        let passkey = self.0.finish_passkey_registration(&answer, &state).map_err(rejected)?;
        Ok(NewCredential {
            id: credential_id(passkey.cred_id()),
            credential: to_json(&passkey)?,
        })
    }

    /// The options to sign in with any passkey of this site; the state to keep.
    pub fn start_discovery(&self) -> Result<(Value, String), PasskeyError> {
        let (options, state) = self
            .0
            .start_discoverable_authentication()
            .map_err(|_| PasskeyError::Setup)?;
        let options = serde_json::to_value(&options).map_err(|_| PasskeyError::Setup)?;
        Ok((options, to_json(&state)?))
    }

    /// The options to sign in with one of these credentials (a known
    /// person's, the second step); the state to keep.
    pub fn start_authentication(&self, credentials: &[String]) -> Result<(Value, String), PasskeyError> {
        let passkeys: Vec<Passkey> = credentials
            .iter()
            .filter_map(|c| serde_json::from_str(c).ok())
            .collect();
        let (options, state) = self
            .0
            .start_passkey_authentication(&passkeys)
            .map_err(|_| PasskeyError::Setup)?;
        let options = serde_json::to_value(&options).map_err(|_| PasskeyError::Setup)?;
        Ok((options, to_json(&state)?))
    }

    /// Whose passkey an answer says it is, before it is checked.
    pub fn presented(&self, answer: &str) -> Result<Presented, PasskeyError> {
        let answer: PublicKeyCredential = from_json(answer)?;
        let (handle, id) = self
            .0
            .identify_discoverable_authentication(&answer)
            .map_err(|_| PasskeyError::Malformed)?;
        Ok(Presented {
            user_handle: *handle.as_bytes(),
            credential_id: URL_SAFE_NO_PAD.encode(id),
        })
    }

    /// The answer to `start_discovery` checked against `state` and the
    /// stored `credential`: the credential to keep now (its counter moved on).
    pub fn finish_discovery(&self, answer: &str, state: &str, credential: &str) -> Result<String, PasskeyError> {
        let answer: PublicKeyCredential = from_json(answer)?;
        let state: DiscoverableAuthentication = serde_json::from_str(state).map_err(|_| PasskeyError::Setup)?;
        let mut passkey: Passkey = serde_json::from_str(credential).map_err(|_| PasskeyError::Setup)?;
        let result = self
            .0
            .finish_discoverable_authentication_v2(&answer, state, &passkey)
            .map_err(rejected)?;
        passkey.update_credential(&result);
        to_json(&passkey)
    }

    /// The answer to `start_authentication` checked against `state`; the
    /// credential that signed (its id) and, from `credentials`, the one to
    /// keep now.
    pub fn finish_authentication(
        &self,
        answer: &str,
        state: &str,
        credentials: &[String],
    ) -> Result<(String, String), PasskeyError> {
        let answer: PublicKeyCredential = from_json(answer)?;
        let state: PasskeyAuthentication = serde_json::from_str(state).map_err(|_| PasskeyError::Setup)?;
        let result = self
            .0
            .finish_passkey_authentication(&answer, &state)
            .map_err(rejected)?;
        let used = credential_id(result.cred_id());
        let mut passkey: Passkey = credentials
            .iter()
            .filter_map(|c| serde_json::from_str::<Passkey>(c).ok())
            .find(|p| p.cred_id() == result.cred_id())
            .ok_or(PasskeyError::Rejected)?;
        passkey.update_credential(&result);
        Ok((used, to_json(&passkey)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_handle_is_stable_and_not_the_subject() {
        let handle = user_handle("0123456789abcdef0123456789abcdef");
        assert_eq!(handle, user_handle("0123456789abcdef0123456789abcdef"));
        assert_ne!(handle, user_handle("0123456789abcdef0123456789abcdee"));
    }

    #[test]
    fn an_ip_address_cannot_be_a_relying_party_and_localhost_can() {
        assert!(RelyingParty::new("127.0.0.1", "http://127.0.0.1:8000").is_err());
        let rp = RelyingParty::new("localhost", "http://localhost:8000").unwrap();
        let (options, state) = rp.start_discovery().unwrap();
        assert!(options["publicKey"]["challenge"].is_string());
        assert!(!state.is_empty());
        let (options, _) = rp.start_registration([7; 16], "ana@x.org", "Ana", &[]).unwrap();
        assert_eq!(
            options["publicKey"]["authenticatorSelection"]["residentKey"],
            "required"
        );
        assert_eq!(options["publicKey"]["rp"]["id"], "localhost");
    }

    #[test]
    fn an_answer_that_is_not_a_credential_is_malformed_not_a_panic() {
        let rp = RelyingParty::new("localhost", "http://localhost:8000").unwrap();
        let (_, state) = rp.start_discovery().unwrap();
        assert_eq!(rp.presented("{}").unwrap_err(), PasskeyError::Malformed);
        assert_eq!(rp.presented("not json").unwrap_err(), PasskeyError::Malformed);
        assert_eq!(
            rp.finish_discovery("{\"id\":1}", &state, "{}").unwrap_err(),
            PasskeyError::Malformed
        );
        let (_, reg) = rp.start_registration([7; 16], "ana@x.org", "Ana", &[]).unwrap();
        assert_eq!(rp.finish_registration("[]", &reg).unwrap_err(), PasskeyError::Malformed);
    }
}
