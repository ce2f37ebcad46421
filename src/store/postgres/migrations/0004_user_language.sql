-- Each user's own choice of language for the pages: a catalogue's code
-- ("en", "es"), or empty for the browser's language.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
