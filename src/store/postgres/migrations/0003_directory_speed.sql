-- Version 3: a directory that stays fast as it grows: the number of users
-- kept by triggers (no count scan per page), and trigram indexes of names
-- and emails for searching inside them (pg_trgm, a trusted extension that
-- the database's owner may create). The count moves once per statement, by
-- the rows it wrote: a statement adding a million users updates it once
-- (once per row, one transaction would pile up a million versions of it).
CREATE TABLE counts (
    name TEXT CONSTRAINT counts_pkey PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counts (name, value) VALUES ('users', (SELECT count(*) FROM users));
CREATE FUNCTION users_counted_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counts SET value = value + (SELECT count(*) FROM added) WHERE name = 'users';
    RETURN NULL;
END
$$;
CREATE FUNCTION users_counted_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counts SET value = value - (SELECT count(*) FROM removed) WHERE name = 'users';
    RETURN NULL;
END
$$;
CREATE TRIGGER users_counted_in AFTER INSERT ON users
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION users_counted_in();
CREATE TRIGGER users_counted_out AFTER DELETE ON users
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION users_counted_out();

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_name_trigrams ON users USING gin (name gin_trgm_ops);
CREATE INDEX users_email_trigrams ON users USING gin (email gin_trgm_ops);
