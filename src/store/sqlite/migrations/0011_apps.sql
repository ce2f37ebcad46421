-- Version 11: the office's apps that gatehouse lets people into. A proxied
-- app has a host (exact, or `*.` and a domain; a port or none) and a path
-- prefix, unique together; who may enter is `access`, with the groups of
-- `access = 'groups'` in app_groups. `apps_generation` moves with every
-- change to either table, so that every instance can tell the rules it
-- keeps in memory are still the database's.
CREATE TABLE apps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('proxy', 'oidc')),
    host TEXT NOT NULL DEFAULT '',
    path_prefix TEXT NOT NULL DEFAULT '',
    access TEXT NOT NULL CHECK (access IN ('everyone', 'groups', 'admins', 'anyone')),
    two_factor INTEGER NOT NULL DEFAULT 0 CHECK (two_factor IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX apps_place ON apps (host, path_prefix) WHERE kind = 'proxy';
CREATE TABLE app_groups (
    id INTEGER PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    UNIQUE (app_id, group_id)
);
CREATE INDEX app_groups_by_group ON app_groups (group_id);
INSERT INTO counts (name, value) VALUES ('apps_generation', 0);
CREATE TRIGGER apps_generation_in AFTER INSERT ON apps BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'apps_generation';
END;
CREATE TRIGGER apps_generation_changed AFTER UPDATE ON apps BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'apps_generation';
END;
CREATE TRIGGER apps_generation_out AFTER DELETE ON apps BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'apps_generation';
END;
CREATE TRIGGER app_groups_in AFTER INSERT ON app_groups BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'apps_generation';
END;
CREATE TRIGGER app_groups_out AFTER DELETE ON app_groups BEGIN
    UPDATE counts SET value = value + 1 WHERE name = 'apps_generation';
END;
