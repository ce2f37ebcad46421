-- Version 7: a number that moves with every write to users that the
-- directory shows (who there is, their names, emails, roles, status,
-- invitation and two-step sign-in), so that every instance can tell a page
-- it rendered before is still true. The last accepted code step and the
-- language leave it alone: they are not on any shared page.
INSERT INTO counts (name, value) VALUES ('users_generation', 0);
CREATE TRIGGER users_generation_in AFTER INSERT ON users BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
END;
CREATE TRIGGER users_generation_out AFTER DELETE ON users BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
END;
CREATE TRIGGER users_generation_changed AFTER UPDATE OF name, email, role, active, password_hash, totp_secret ON users BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
END;
