-- Version 14: bringing people in and taking them out.
-- Each person's last sign-in (for the directory and the spreadsheet export;
-- NULL until the first one). A spreadsheet an administrator uploaded, kept
-- between its preview and their confirmation (its text, decoded once; who
-- uploaded it, since only they may confirm it), so that any instance can
-- apply it; forgotten when applied, or a day after.
ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER;
CREATE TABLE user_imports (
    id TEXT PRIMARY KEY,
    created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    content TEXT NOT NULL
);
