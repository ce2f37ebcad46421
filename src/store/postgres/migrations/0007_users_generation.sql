-- Version 7: a number that moves with every write to users that the
-- directory shows (who there is, their names, emails, roles, status,
-- invitation and two-step sign-in), so that every instance can tell a page
-- it rendered before is still true. The last accepted code step and the
-- language leave it alone: they are not on any shared page. Once per
-- statement, like the count.
INSERT INTO counts (name, value) VALUES ('users_generation', 0);
CREATE FUNCTION users_generation_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
    RETURN NULL;
END
$$;
CREATE TRIGGER users_generation_moved AFTER INSERT OR DELETE OR UPDATE OF name, email, role, active, password_hash, totp_secret
    ON users FOR EACH STATEMENT EXECUTE FUNCTION users_generation_moved();
