-- Version 9: names sorted as people read them. The key (without case or
-- accents, numbers by their value) is made by gatehouse from the name and
-- written beside it, compared byte by byte as SQLite does; rows written
-- before this version get theirs when gatehouse next opens the database.
-- The directory walks this index.
ALTER TABLE users ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';
DROP INDEX users_by_name;
CREATE INDEX users_by_sort_key ON users (sort_key, id);
