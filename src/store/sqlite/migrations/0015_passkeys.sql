-- Version 15: passkeys (WebAuthn).
-- Each person's passkeys: the credential's id (base64url, unique: one
-- authenticator's credential belongs to one person), the name they gave it,
-- the credential as the WebAuthn library keeps it (its public key, counter
-- and backup state, as JSON), when it was added and last used.
-- A ceremony under way (adding one, or signing in with one): its
-- challenge's state, kept between its two requests so that any instance
-- can finish what another started; used once (deleted when finished), and
-- forgotten when it expires.
CREATE TABLE passkeys (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    credential TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX passkeys_by_user ON passkeys (user_id);
CREATE TABLE webauthn_ceremonies (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('register', 'authenticate', 'discover')),
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
