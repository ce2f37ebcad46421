-- Version 3: a directory that stays fast as it grows: the number of users
-- kept by triggers (no count scan per page), and a trigram index of names and
-- emails for searching inside them.
CREATE TABLE counts (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counts (name, value) VALUES ('users', (SELECT count(*) FROM users));
CREATE TRIGGER users_counted_in AFTER INSERT ON users BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users';
END;
CREATE TRIGGER users_counted_out AFTER DELETE ON users BEGIN
    UPDATE counts SET value = value - 1 WHERE name = 'users';
END;

CREATE VIRTUAL TABLE users_search USING fts5 (
    name, email, content = 'users', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO users_search (users_search) VALUES ('rebuild');
CREATE TRIGGER users_search_in AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
CREATE TRIGGER users_search_out AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
END;
CREATE TRIGGER users_search_changed AFTER UPDATE OF name, email ON users BEGIN
    INSERT INTO users_search (users_search, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
    INSERT INTO users_search (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
