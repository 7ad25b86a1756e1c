-- Rooming chart, schema 10: the log's index also keeps each specimen's tests and when it was
-- last sent, so the clinic-wide overdue count reads only the index (the few sent specimens)
-- instead of joining every sent specimen's record and its status changes (75 ms of the 100 ms
-- the log took to open on 500,000 specimens). Derived like the rest of the index.

ALTER TABLE specimen_log_index ADD COLUMN tests TEXT NOT NULL DEFAULT '[]';
ALTER TABLE specimen_log_index ADD COLUMN sent_at TEXT;

-- When a specimen was last sent, among its status changes still in force (as SpecimenState::of
-- reads them), or NULL.
CREATE VIEW specimen_sent_at AS
SELECT i.specimen AS specimen,
       (SELECT json_extract(c.content, '$.at') FROM chart_records c
         WHERE c.kind = 'specimen_status'
           AND json_extract(c.content, '$.specimen') = +i.specimen
           AND json_extract(c.content, '$.to') = 'sent'
           AND NOT EXISTS (SELECT 1 FROM entered_in_error e WHERE e.record_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM chart_records r WHERE r.replaces = c.id)
         ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS sent_at
  FROM specimen_log_index i;

DROP TRIGGER specimen_log_collected;
CREATE TRIGGER specimen_log_collected AFTER INSERT ON chart_records WHEN NEW.kind = 'specimen'
BEGIN
    INSERT INTO specimen_log_index (specimen, record_id, patient_id, collected_at, lab, status, tests)
    VALUES (json_extract(NEW.content, '$.id'), NEW.id, NEW.patient_id,
            strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(NEW.content, '$.collected_at')),
            json_extract(NEW.content, '$.lab'), 'collected',
            json_extract(NEW.content, '$.tests'))
    ON CONFLICT (specimen) DO UPDATE SET record_id = excluded.record_id,
        patient_id = excluded.patient_id, collected_at = excluded.collected_at,
        lab = excluded.lab, tests = excluded.tests;
END;

DROP TRIGGER specimen_log_status_changed;
CREATE TRIGGER specimen_log_status_changed AFTER INSERT ON chart_records
WHEN NEW.kind = 'specimen_status'
BEGIN
    UPDATE specimen_log_index
       SET status = (SELECT s.status FROM specimen_current_status s
                      WHERE s.specimen = specimen_log_index.specimen),
           sent_at = (SELECT s.sent_at FROM specimen_sent_at s
                       WHERE s.specimen = specimen_log_index.specimen)
     WHERE specimen = json_extract(NEW.content, '$.specimen');
END;

DROP TRIGGER specimen_log_retracted;
CREATE TRIGGER specimen_log_retracted AFTER INSERT ON entered_in_error
BEGIN
    UPDATE specimen_log_index SET retracted = 1 WHERE record_id = NEW.record_id;
    UPDATE specimen_log_index
       SET status = (SELECT s.status FROM specimen_current_status s
                      WHERE s.specimen = specimen_log_index.specimen),
           sent_at = (SELECT s.sent_at FROM specimen_sent_at s
                       WHERE s.specimen = specimen_log_index.specimen)
     WHERE specimen = (SELECT json_extract(c.content, '$.specimen') FROM chart_records c
                        WHERE c.id = NEW.record_id AND c.kind = 'specimen_status');
END;

-- What the chart already holds. `sent_at` is read only while a specimen is sent or received, and
-- every status change sets it again, so the others need none.
UPDATE specimen_log_index
   SET tests = (SELECT json_extract(c.content, '$.tests') FROM chart_records c
                 WHERE c.id = specimen_log_index.record_id);
UPDATE specimen_log_index
   SET sent_at = (SELECT s.sent_at FROM specimen_sent_at s
                   WHERE s.specimen = specimen_log_index.specimen)
 WHERE status IN ('sent', 'received');
