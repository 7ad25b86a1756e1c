-- Rooming chart, schema 2: the general record table for allergies, history, medications,
-- reconciliations and reviews. Each row is one version of a record of one kind, its content a
-- JSON document of the domain type; like every clinical row it is only ever inserted.

CREATE TABLE chart_records (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    visit_id TEXT REFERENCES visits(id),
    kind TEXT NOT NULL,
    content TEXT NOT NULL CHECK (json_valid(content)),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff(id),
    replaces TEXT UNIQUE REFERENCES chart_records(id)
);
CREATE INDEX chart_records_patient ON chart_records(patient_id, kind, recorded_at);
CREATE INDEX chart_records_visit ON chart_records(visit_id, kind);

-- A new version must replace a record of the same patient and kind that is still in the chart.
CREATE TRIGGER chart_records_correct_current BEFORE INSERT ON chart_records WHEN NEW.replaces IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'rooming: corrects a record entered in error')
    WHERE EXISTS (SELECT 1 FROM entered_in_error WHERE record_id = NEW.replaces);
    SELECT RAISE(ABORT, 'rooming: corrects a record of another patient')
    WHERE (SELECT patient_id FROM chart_records WHERE id = NEW.replaces) IS NOT NEW.patient_id;
    SELECT RAISE(ABORT, 'rooming: corrects a record of another kind')
    WHERE (SELECT kind FROM chart_records WHERE id = NEW.replaces) IS NOT NEW.kind;
END;

CREATE TRIGGER chart_records_no_update BEFORE UPDATE ON chart_records BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never changed; record a correction'); END;
CREATE TRIGGER chart_records_no_delete BEFORE DELETE ON chart_records BEGIN SELECT RAISE(ABORT, 'rooming: clinical records are never deleted; mark them entered in error'); END;
