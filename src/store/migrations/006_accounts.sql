-- Rooming chart, schema 6: accounts. A staff member becomes an identity (`staff`, never changed)
-- and versions of who they are (`staff_versions`: name, credentials, username, role, provider,
-- active), so a rename never rewrites who charted a past record and nothing in the chart hangs
-- on a row that can change or vanish. A username is one person's for ever. The Rust step of this
-- migration gives every staff member of an older chart a first version.

CREATE TABLE staff_versions (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    credentials TEXT NOT NULL CHECK (length(trim(credentials)) > 0),
    username TEXT,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'clinical_staff')),
    provider INTEGER NOT NULL CHECK (provider IN (0, 1)),
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT REFERENCES staff(id),
    replaces TEXT UNIQUE REFERENCES staff_versions(id)
);
CREATE INDEX staff_versions_staff ON staff_versions(staff_id, recorded_at);

CREATE TABLE usernames (
    username TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL UNIQUE REFERENCES staff(id),
    given_at TEXT NOT NULL
) WITHOUT ROWID;

-- What a staff member must do at sign-in, and their PIN's hash. Access, not chart: changed freely,
-- each change in the audit log. The password itself is never stored (see the key file).
CREATE TABLE staff_access (
    staff_id TEXT PRIMARY KEY REFERENCES staff(id),
    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    pin_hash TEXT,
    changed_at TEXT NOT NULL
) WITHOUT ROWID;

-- The clinic's settings (idle lock minutes, PIN hours, backup folder...), each change audited.
CREATE TABLE clinic_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER staff_no_update BEFORE UPDATE ON staff BEGIN SELECT RAISE(ABORT, 'rooming: staff are never changed; record a new version'); END;
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff BEGIN SELECT RAISE(ABORT, 'rooming: staff are never deleted; deactivate the account'); END;
CREATE TRIGGER staff_versions_no_update BEFORE UPDATE ON staff_versions BEGIN SELECT RAISE(ABORT, 'rooming: staff are never changed; record a new version'); END;
CREATE TRIGGER staff_versions_no_delete BEFORE DELETE ON staff_versions BEGIN SELECT RAISE(ABORT, 'rooming: staff are never deleted; deactivate the account'); END;
CREATE TRIGGER usernames_no_update BEFORE UPDATE ON usernames BEGIN SELECT RAISE(ABORT, 'rooming: a username is never given to anyone else'); END;
CREATE TRIGGER usernames_no_delete BEFORE DELETE ON usernames BEGIN SELECT RAISE(ABORT, 'rooming: a username is never given to anyone else'); END;

-- The audit viewer lists the newest first, by when they happened.
CREATE INDEX audit_log_at ON audit_log(at);
