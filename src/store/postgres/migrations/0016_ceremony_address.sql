-- Version 16: where a passkey sign-in was started from. A sign-in with a
-- passkey alone is started by anyone (the sign-in page's autofill starts
-- one at every visit), so the ceremonies waiting are capped: so many from
-- one address, and so many in all, until they expire.
ALTER TABLE webauthn_ceremonies ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX webauthn_ceremonies_by_address ON webauthn_ceremonies (address);
