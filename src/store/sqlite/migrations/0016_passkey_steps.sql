-- Version 16: passkeys as a step of other things.
-- A ceremony's purpose now includes confirming a change (removing a
-- passkey), and it keeps the client address it was started from: a sign-in
-- with a passkey alone is started by anyone (the sign-in page's autofill
-- starts one at every visit), so those waiting are capped, from one address
-- and in all. Ceremonies live five minutes: the table is made again.
-- A sign-in waiting for its second step may carry a password chosen with an
-- invitation or reset link (the link's token hash, the new password's
-- hash; empty when none), set only once the passkey is given.
-- Setting a second step up now ends the person's sessions opened with the
-- password alone (an app that requires two-step sign-in must not take
-- them); those left open before this version end here.
DROP TABLE webauthn_ceremonies;
CREATE TABLE webauthn_ceremonies (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('register', 'authenticate', 'confirm', 'discover')),
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX webauthn_ceremonies_waiting ON webauthn_ceremonies (kind, expires_at, address);
ALTER TABLE pending_sign_ins ADD COLUMN link_token_hash BLOB NOT NULL DEFAULT x'';
ALTER TABLE pending_sign_ins ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
DELETE FROM sessions
WHERE amr NOT LIKE '%otp%' AND amr NOT LIKE '%hwk%'
  AND user_id IN (SELECT id FROM users WHERE totp_secret <> '' UNION SELECT user_id FROM passkeys);
