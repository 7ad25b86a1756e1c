-- Rooming chart, schema 9: a specimen's current status found by the index on its status
-- changes. Compared with a TEXT column, the JSON value took the column's affinity and the
-- expression index could not be used, so every status change scanned all the others (a
-- 500,000-specimen chart slowed to minutes per thousand). `+` leaves the column's affinity off.
-- Schema 8 now defines the view this way too (its backfill took hours on a large chart); this
-- step puts it right in charts that ran the first schema 8.

DROP VIEW specimen_current_status;
CREATE VIEW specimen_current_status AS
SELECT i.specimen AS specimen,
       coalesce((SELECT json_extract(c.content, '$.to') FROM chart_records c
                  WHERE c.kind = 'specimen_status'
                    AND json_extract(c.content, '$.specimen') = +i.specimen
                    AND NOT EXISTS (SELECT 1 FROM entered_in_error e WHERE e.record_id = c.id)
                    AND NOT EXISTS (SELECT 1 FROM chart_records r WHERE r.replaces = c.id)
                  ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1), 'collected') AS status
  FROM specimen_log_index i;
