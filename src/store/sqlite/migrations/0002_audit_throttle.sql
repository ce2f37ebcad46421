-- Version 2: the security event log and the sign-in failures that throttling counts.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER,
    actor TEXT NOT NULL DEFAULT '',
    target_id INTEGER,
    target TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    email TEXT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX sign_in_failures_by_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);
