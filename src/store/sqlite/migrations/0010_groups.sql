-- Version 10: groups of people, which say who may open which app. A name
-- is unique without regard to case (`name_key`, the name in lower case as
-- gatehouse makes it). Changing who is in a group, or a group's name,
-- moves the users generation: the directory shows both.
CREATE TABLE user_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE group_members (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    UNIQUE (group_id, user_id)
);
CREATE INDEX group_members_by_user ON group_members (user_id, group_id);
CREATE TRIGGER group_members_in AFTER INSERT ON group_members BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
END;
CREATE TRIGGER group_members_out AFTER DELETE ON group_members BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
END;
CREATE TRIGGER user_groups_renamed AFTER UPDATE OF name ON user_groups BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
END;
CREATE TRIGGER user_groups_out AFTER DELETE ON user_groups BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'users_generation';
END;
