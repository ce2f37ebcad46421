-- Version 5: one-time links, an invitation or a password reset. Only a
-- hash of each token is kept; a link is used once, and a newer one of the
-- same kind for the same person replaces it.
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    replaced_at INTEGER
);
CREATE INDEX links_by_user ON links (user_id, kind);
