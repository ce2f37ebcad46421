-- Version 13: gatehouse as an OpenID Connect provider.
-- Each person's `subject`: the stable, random `sub` apps know them by (never
-- the email, never the row id, which SQLite may give again after a delete).
-- Each session's `amr`: how its person proved who they are ("pwd", "pwd otp").
-- An OpenID app is an `apps` row of kind 'oidc' with a client id, a hashed
-- secret (empty for a public app), exact redirect URIs (one a line), PKCE
-- required or not, refresh tokens allowed or not, and consent asked never
-- or once. Signing keys (PKCS#8, newest signs; a retired one stays in the
-- JWKS until the tokens it signed have expired); codes (one use, hashed);
-- grants (what one code's exchange gave: ended together); the access and
-- refresh tokens of a grant (hashed; a refresh token used once is spent);
-- consents given.
ALTER TABLE users ADD COLUMN subject TEXT NOT NULL DEFAULT '';
UPDATE users SET subject = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX users_subject ON users (subject);
-- A person written without one (every insert but a copy's) is given one.
CREATE TRIGGER users_subject_given AFTER INSERT ON users WHEN NEW.subject = '' BEGIN
    UPDATE users SET subject = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
ALTER TABLE apps ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE apps ADD COLUMN secret_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE apps ADD COLUMN redirect_uris TEXT NOT NULL DEFAULT '';
ALTER TABLE apps ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));
ALTER TABLE apps ADD COLUMN pkce INTEGER NOT NULL DEFAULT 1 CHECK (pkce IN (0, 1));
ALTER TABLE apps ADD COLUMN refresh INTEGER NOT NULL DEFAULT 0 CHECK (refresh IN (0, 1));
ALTER TABLE apps ADD COLUMN consent TEXT NOT NULL DEFAULT 'none' CHECK (consent IN ('none', 'once'));
CREATE UNIQUE INDEX apps_client ON apps (client_id) WHERE kind = 'oidc';
CREATE TABLE oidc_keys (
    id INTEGER PRIMARY KEY,
    kid TEXT NOT NULL UNIQUE,
    private_key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
);
CREATE TABLE oidc_grants (
    id INTEGER PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    nonce TEXT NOT NULL DEFAULT '',
    auth_time INTEGER NOT NULL,
    amr TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX oidc_grants_by_user ON oidc_grants (user_id, app_id);
CREATE INDEX oidc_grants_by_app ON oidc_grants (app_id);
CREATE TABLE oidc_codes (
    id INTEGER PRIMARY KEY,
    code_hash BLOB NOT NULL UNIQUE,
    app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    nonce TEXT NOT NULL DEFAULT '',
    code_challenge TEXT NOT NULL DEFAULT '',
    auth_time INTEGER NOT NULL,
    amr TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    grant_id INTEGER REFERENCES oidc_grants (id) ON DELETE SET NULL
);
CREATE INDEX oidc_codes_by_app ON oidc_codes (app_id);
CREATE INDEX oidc_codes_by_user ON oidc_codes (user_id);
CREATE INDEX oidc_codes_by_grant ON oidc_codes (grant_id);
CREATE TABLE oidc_tokens (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    grant_id INTEGER NOT NULL REFERENCES oidc_grants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX oidc_tokens_by_grant ON oidc_tokens (grant_id);
CREATE TABLE oidc_consents (
    id INTEGER PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (app_id, user_id)
);
CREATE INDEX oidc_consents_by_user ON oidc_consents (user_id);
