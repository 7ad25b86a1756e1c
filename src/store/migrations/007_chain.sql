-- Rooming chart, schema 7: tamper evidence. Each new row of a clinical table or the audit log is
-- noted in `unsealed_rows` by a trigger (added by this migration's Rust step, from the list in
-- chain.rs) and sealed before its transaction commits: `sealed_rows` keeps each row's hash under
-- the `chain` row of that transaction, and each chain row's hash covers its seals and the
-- previous chain row's hash. `rooming verify` walks it all.

CREATE TABLE unsealed_rows (
    tbl TEXT NOT NULL,
    key1 TEXT NOT NULL,
    key2 TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tbl, key1, key2)
) WITHOUT ROWID;

CREATE TABLE chain (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    digest TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- A key sealed twice means its first row was deleted and another took its place.
CREATE TABLE sealed_rows (
    chain_seq INTEGER NOT NULL REFERENCES chain(seq),
    tbl TEXT NOT NULL,
    key1 TEXT NOT NULL,
    key2 TEXT NOT NULL,
    row_hash TEXT NOT NULL,
    PRIMARY KEY (tbl, key1, key2, chain_seq)
) WITHOUT ROWID;
CREATE INDEX sealed_rows_chain ON sealed_rows(chain_seq, tbl, key1, key2);

CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain BEGIN SELECT RAISE(ABORT, 'rooming: the chain is append-only'); END;
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain BEGIN SELECT RAISE(ABORT, 'rooming: the chain is append-only'); END;
CREATE TRIGGER sealed_rows_no_update BEFORE UPDATE ON sealed_rows BEGIN SELECT RAISE(ABORT, 'rooming: seals are never changed'); END;
CREATE TRIGGER sealed_rows_no_delete BEFORE DELETE ON sealed_rows BEGIN SELECT RAISE(ABORT, 'rooming: seals are never removed'); END;
