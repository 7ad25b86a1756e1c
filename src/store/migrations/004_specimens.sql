-- Rooming chart, schema 4: specimen IDs. Each ID printed on a label is issued once, to one
-- patient; the specimen itself and its status changes are versioned chart records (kinds
-- 'specimen' and 'specimen_status'). Finding a specimen by its ID goes through this table.

CREATE TABLE specimen_ids (
    code TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL REFERENCES staff(id)
);

CREATE TRIGGER specimen_ids_no_update BEFORE UPDATE ON specimen_ids BEGIN SELECT RAISE(ABORT, 'rooming: specimen IDs are never changed'); END;
CREATE TRIGGER specimen_ids_no_delete BEFORE DELETE ON specimen_ids BEGIN SELECT RAISE(ABORT, 'rooming: specimen IDs are never deleted'); END;
