-- Rooming chart, schema 8: the specimen log by query. `specimen_log_index` holds, per specimen,
-- its current record, patient, collection time, lab and status, kept by triggers from the
-- records themselves (never written by the app, so every path that charts a specimen keeps it
-- true), so the log asks for the few open specimens of a large chart instead of reading all.
-- It is derived, not sealed: rebuilt here from the records.

CREATE TABLE specimen_log_index (
    specimen TEXT PRIMARY KEY,
    record_id TEXT NOT NULL,
    patient_id TEXT NOT NULL,
    collected_at TEXT NOT NULL,
    lab TEXT NOT NULL,
    status TEXT NOT NULL,
    retracted INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX specimen_log_status ON specimen_log_index(status, collected_at);
CREATE INDEX specimen_log_collected ON specimen_log_index(collected_at);
CREATE INDEX chart_records_specimen_status ON chart_records(json_extract(content, '$.specimen'))
    WHERE kind = 'specimen_status';

-- A specimen's status: its latest status change still in force, in the order they were
-- recorded (as SpecimenState::of reads them), or "collected". `+` keeps the TEXT column's
-- affinity off the JSON value, so the index on status changes is used (schema 9 says more).
CREATE VIEW specimen_current_status AS
SELECT i.specimen AS specimen,
       coalesce((SELECT json_extract(c.content, '$.to') FROM chart_records c
                  WHERE c.kind = 'specimen_status'
                    AND json_extract(c.content, '$.specimen') = +i.specimen
                    AND NOT EXISTS (SELECT 1 FROM entered_in_error e WHERE e.record_id = c.id)
                    AND NOT EXISTS (SELECT 1 FROM chart_records r WHERE r.replaces = c.id)
                  ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1), 'collected') AS status
  FROM specimen_log_index i;

CREATE TRIGGER specimen_log_collected AFTER INSERT ON chart_records WHEN NEW.kind = 'specimen'
BEGIN
    INSERT INTO specimen_log_index (specimen, record_id, patient_id, collected_at, lab, status)
    VALUES (json_extract(NEW.content, '$.id'), NEW.id, NEW.patient_id,
            strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(NEW.content, '$.collected_at')),
            json_extract(NEW.content, '$.lab'), 'collected')
    ON CONFLICT (specimen) DO UPDATE SET record_id = excluded.record_id,
        patient_id = excluded.patient_id, collected_at = excluded.collected_at,
        lab = excluded.lab;
END;

CREATE TRIGGER specimen_log_status_changed AFTER INSERT ON chart_records
WHEN NEW.kind = 'specimen_status'
BEGIN
    UPDATE specimen_log_index
       SET status = (SELECT s.status FROM specimen_current_status s
                      WHERE s.specimen = specimen_log_index.specimen)
     WHERE specimen = json_extract(NEW.content, '$.specimen');
END;

CREATE TRIGGER specimen_log_retracted AFTER INSERT ON entered_in_error
BEGIN
    UPDATE specimen_log_index SET retracted = 1 WHERE record_id = NEW.record_id;
    UPDATE specimen_log_index
       SET status = (SELECT s.status FROM specimen_current_status s
                      WHERE s.specimen = specimen_log_index.specimen)
     WHERE specimen = (SELECT json_extract(c.content, '$.specimen') FROM chart_records c
                        WHERE c.id = NEW.record_id AND c.kind = 'specimen_status');
END;

-- What the chart already holds.
INSERT INTO specimen_log_index (specimen, record_id, patient_id, collected_at, lab, status, retracted)
SELECT json_extract(c.content, '$.id'), c.id, c.patient_id,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(c.content, '$.collected_at')),
       json_extract(c.content, '$.lab'), 'collected',
       EXISTS (SELECT 1 FROM entered_in_error e WHERE e.record_id = c.id)
  FROM chart_records c
 WHERE c.kind = 'specimen'
   AND NOT EXISTS (SELECT 1 FROM chart_records r WHERE r.replaces = c.id);
UPDATE specimen_log_index
   SET status = (SELECT s.status FROM specimen_current_status s
                  WHERE s.specimen = specimen_log_index.specimen);
