-- Rooming chart, schema 1: staff and clinic, patients and visits, vital signs, corrections,
-- entered-in-error, the audit log and drafts. Shipped migrations are never edited.

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    credentials TEXT NOT NULL CHECK (length(trim(credentials)) > 0),
    created_at TEXT NOT NULL,
    -- Sign-in passwords arrive later: an argon2 hash, NULL until one is set.
    password_hash TEXT,
    deactivated_at TEXT
);

CREATE TABLE staff_preferences (
    staff_id TEXT NOT NULL REFERENCES staff(id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (staff_id, name)
) WITHOUT ROWID;

CREATE TABLE clinic_versions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    address TEXT NOT NULL CHECK (length(trim(address)) > 0),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff(id),
    replaces TEXT UNIQUE REFERENCES clinic_versions(id)
);

-- Counters the clinic owns, such as the next MRN to assign.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE patients (
    -- A small integer for the name index, which keys its rows by integer.
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    mrn TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES staff(id)
);

CREATE TABLE patient_versions (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    family_name TEXT NOT NULL,
    given_names TEXT NOT NULL,
    preferred_name TEXT,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff(id),
    replaces TEXT UNIQUE REFERENCES patient_versions(id)
);
CREATE INDEX patient_versions_patient ON patient_versions(patient_id);
CREATE INDEX patient_versions_birth_date ON patient_versions(birth_date);

-- The search index of current names (folded to lower-case ASCII words), by patients.number:
-- derived from patient_versions and rewritten on a correction. Prefix indexes make "smi jo"
-- a merge of two short lists rather than a scan.
CREATE VIRTUAL TABLE patient_name_index USING fts5(
    keys,
    prefix = '1 2 3',
    tokenize = 'ascii',
    content = '',
    contentless_delete = 1
);

CREATE TABLE visits (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    started_at TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    room TEXT,
    recorded_by TEXT NOT NULL REFERENCES staff(id)
);
CREATE INDEX visits_started_at ON visits(started_at);
CREATE INDEX visits_patient ON visits(patient_id, started_at);

CREATE TABLE visit_status_changes (
    id TEXT PRIMARY KEY,
    visit_id TEXT NOT NULL REFERENCES visits(id),
    status TEXT NOT NULL CHECK (status IN ('waiting', 'rooming', 'ready_for_provider', 'done')),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES staff(id)
);
CREATE INDEX visit_status_changes_visit ON visit_status_changes(visit_id, changed_at, id);

CREATE TABLE vital_sets (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    visit_id TEXT NOT NULL REFERENCES visits(id),
    taken_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff(id),
    replaces TEXT UNIQUE REFERENCES vital_sets(id),
    bp_position TEXT,
    cuff_site TEXT,
    pulse_method TEXT,
    pulse_rhythm TEXT,
    temperature_route TEXT,
    oxygen TEXT,
    height_obtained TEXT,
    weight_obtained TEXT
);
CREATE INDEX vital_sets_patient ON vital_sets(patient_id, taken_at);
CREATE INDEX vital_sets_visit ON vital_sets(visit_id);

-- One row per observation: the canonical value at full precision (or why it is absent),
-- the value and unit as typed, the LOINC code and UCUM unit, and the flag.
CREATE TABLE vital_observations (
    set_id TEXT NOT NULL REFERENCES vital_sets(id),
    vital TEXT NOT NULL,
    loinc TEXT NOT NULL,
    ucum TEXT NOT NULL,
    value REAL,
    entered_text TEXT,
    entered_unit TEXT,
    interpretation TEXT CHECK (interpretation IN ('LL', 'L', 'N', 'H', 'HH')),
    confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    absent_reason TEXT,
    absent_note TEXT,
    PRIMARY KEY (set_id, vital),
    CHECK ((value IS NULL) <> (absent_reason IS NULL))
) WITHOUT ROWID;

-- A retraction of any clinical record: kept, with its reason, never removed.
CREATE TABLE entered_in_error (
    id TEXT PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL UNIQUE,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff(id)
);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff_id TEXT REFERENCES staff(id),
    action TEXT NOT NULL,
    patient_id TEXT,
    record_id TEXT,
    detail TEXT
);
CREATE INDEX audit_log_patient ON audit_log(patient_id, seq);

-- Unsaved forms, so a crash or a closed window loses nothing typed. Scratch, not chart.
CREATE TABLE drafts (
    form TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    patient_id TEXT REFERENCES patients(id),
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL
) WITHOUT ROWID;

-- A correction must name a record of the same patient that is still in the chart.
CREATE TRIGGER vital_sets_correct_current BEFORE INSERT ON vital_sets WHEN NEW.replaces IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'rooming: corrects a record entered in error')
    WHERE EXISTS (SELECT 1 FROM entered_in_error WHERE record_id = NEW.replaces);
    SELECT RAISE(ABORT, 'rooming: corrects a record of another patient')
    WHERE (SELECT patient_id FROM vital_sets WHERE id = NEW.replaces) IS NOT NEW.patient_id;
END;

CREATE TRIGGER patient_versions_correct_same BEFORE INSERT ON patient_versions WHEN NEW.replaces IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'rooming: corrects a record of another patient')
    WHERE (SELECT patient_id FROM patient_versions WHERE id = NEW.replaces) IS NOT NEW.patient_id;
END;

-- Clinical records are facts: never updated, never deleted.
CREATE TRIGGER clinic_versions_no_update BEFORE UPDATE ON clinic_versions BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER clinic_versions_no_delete BEFORE DELETE ON clinic_versions BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER patients_no_update BEFORE UPDATE ON patients BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER patients_no_delete BEFORE DELETE ON patients BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER patient_versions_no_update BEFORE UPDATE ON patient_versions BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER patient_versions_no_delete BEFORE DELETE ON patient_versions BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER visits_no_update BEFORE UPDATE ON visits BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER visit_status_changes_no_update BEFORE UPDATE ON visit_status_changes BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER visit_status_changes_no_delete BEFORE DELETE ON visit_status_changes BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER vital_sets_no_update BEFORE UPDATE ON vital_sets BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER vital_sets_no_delete BEFORE DELETE ON vital_sets BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER vital_observations_no_update BEFORE UPDATE ON vital_observations BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER vital_observations_no_delete BEFORE DELETE ON vital_observations BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER entered_in_error_no_update BEFORE UPDATE ON entered_in_error BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER entered_in_error_no_delete BEFORE DELETE ON entered_in_error BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'rooming: the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'rooming: the audit log is append-only'); END;
