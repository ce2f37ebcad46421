-- Version 3: a directory that stays fast as it grows: the number of users
-- kept by a trigger (no count scan per page), and trigram indexes of names
-- and emails for searching inside them (pg_trgm, a trusted extension that
-- the database's owner may create).
CREATE TABLE counts (
    name TEXT CONSTRAINT counts_pkey PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counts (name, value) VALUES ('users', (SELECT count(*) FROM users));
CREATE FUNCTION users_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE counts SET value = value + 1 WHERE name = 'users';
    ELSE
        UPDATE counts SET value = value - 1 WHERE name = 'users';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_counted AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION users_counted();

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_name_trigrams ON users USING gin (name gin_trgm_ops);
CREATE INDEX users_email_trigrams ON users USING gin (email gin_trgm_ops);
