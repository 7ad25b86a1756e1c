-- Rooming chart, schema 3: lots of vaccines and drugs on hand. A lot is received once (a second
-- delivery of the same lot adds doses); what is left is the sum of its movements: doses received,
-- a dose given (linked to the administration record), a dose returned when that record is
-- corrected to another lot or entered in error. Both tables are only ever inserted, and a
-- movement that would take a lot below zero is refused, so a dose is never given from nothing.

CREATE TABLE lots (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL,
    lot_number TEXT NOT NULL,
    expires TEXT NOT NULL,
    ndc TEXT,
    manufacturer TEXT NOT NULL,
    mvx TEXT,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL REFERENCES staff(id),
    UNIQUE (product_id, lot_number)
);

CREATE TABLE lot_movements (
    id TEXT PRIMARY KEY,
    lot_id TEXT NOT NULL REFERENCES lots(id),
    change INTEGER NOT NULL CHECK (change <> 0),
    reason TEXT NOT NULL CHECK (reason IN ('received', 'dose_given', 'dose_returned')),
    record_id TEXT REFERENCES chart_records(id),
    at TEXT NOT NULL,
    by_staff TEXT NOT NULL REFERENCES staff(id)
);
CREATE INDEX lot_movements_lot ON lot_movements(lot_id);

CREATE TRIGGER lot_movements_not_below_zero BEFORE INSERT ON lot_movements
BEGIN
    SELECT RAISE(ABORT, 'rooming: the lot has no doses left')
    WHERE (SELECT coalesce(sum(change), 0) FROM lot_movements WHERE lot_id = NEW.lot_id) + NEW.change < 0;
END;

CREATE TRIGGER lots_no_update BEFORE UPDATE ON lots BEGIN SELECT RAISE(ABORT, 'rooming: lots are never changed'); END;
CREATE TRIGGER lots_no_delete BEFORE DELETE ON lots BEGIN SELECT RAISE(ABORT, 'rooming: lots are never deleted'); END;
CREATE TRIGGER lot_movements_no_update BEFORE UPDATE ON lot_movements BEGIN SELECT RAISE(ABORT, 'rooming: lot movements are never changed'); END;
CREATE TRIGGER lot_movements_no_delete BEFORE DELETE ON lot_movements BEGIN SELECT RAISE(ABORT, 'rooming: lot movements are never deleted'); END;

-- Clinic-wide lists (injections due, skin tests awaiting a reading) read one kind across patients.
CREATE INDEX chart_records_kind ON chart_records(kind, recorded_at);
