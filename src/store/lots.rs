//! Lots on hand: receiving a lot, and reading lots with the doses left, which is the sum of the
//! lot's movements. The movements that go with a dose are written by the injection store, in
//! the transaction of the dose.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, named_params};

use crate::clinical::ids::{LotId, RecordId, StaffId};
use crate::clinical::injection::lot::{Lot, NewLot};
use crate::store::audit::{Audit, AuditAction, append};
use crate::store::codec::signature_at;
use crate::store::codec::{date_text, get_date, get_time, time_text};
use crate::store::{Store, StoreError, StoreResult};

/// Why a lot's count changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Movement {
    Received(u32),
    DoseGiven,
    DoseReturned,
}

pub(crate) fn move_doses(
    tx: &Transaction<'_>,
    lot: LotId,
    movement: Movement,
    record: Option<RecordId>,
    at: DateTime<Utc>,
    by: StaffId,
) -> StoreResult<()> {
    let (change, reason) = match movement {
        Movement::Received(n) => (i64::from(n), "received"),
        Movement::DoseGiven => (-1, "dose_given"),
        Movement::DoseReturned => (1, "dose_returned"),
    };
    tx.prepare_cached(
        "INSERT INTO lot_movements (id, lot_id, change, reason, record_id, at, by_staff)
         VALUES (:id, :lot, :change, :reason, :record, :at, :by)",
    )?
    .execute(named_params! {
        ":id": RecordId::new(),
        ":lot": lot,
        ":change": change,
        ":reason": reason,
        ":record": record,
        ":at": time_text(at),
        ":by": by,
    })?;
    append(
        tx,
        at,
        &Audit {
            by,
            action: if matches!(movement, Movement::Received(_)) {
                AuditAction::LotReceived
            } else {
                AuditAction::LotMovement
            },
            patient: None,
            record: Some(lot.to_string()),
            detail: Some(reason),
        },
    )
}

const SELECT_LOT: &str = concat!(
    "SELECT l.id, l.product_id, l.lot_number, l.expires, l.ndc, l.manufacturer, l.mvx,
        l.received_at, ",
    signature_at!("l.received_by", "l.received_at"),
    " AS receiver,
        (SELECT coalesce(sum(change), 0) FROM lot_movements m WHERE m.lot_id = l.id) AS left_count,
        (SELECT coalesce(sum(change), 0) FROM lot_movements m WHERE m.lot_id = l.id AND m.reason = 'received') AS received_count
    FROM lots l"
);

fn lot_from_row(row: &Row<'_>) -> rusqlite::Result<Lot> {
    let count = |column: &str| -> rusqlite::Result<u32> {
        let n: i64 = row.get(column)?;
        Ok(u32::try_from(n).unwrap_or(0))
    };
    Ok(Lot {
        id: row.get("id")?,
        product_id: row.get("product_id")?,
        number: row.get("lot_number")?,
        expires: get_date(row, "expires")?,
        ndc: row.get("ndc")?,
        manufacturer: row.get("manufacturer")?,
        mvx: row.get("mvx")?,
        received: count("received_count")?,
        left: count("left_count")?,
        received_at: get_time(row, "received_at")?,
        received_by: crate::store::records::signature(row, "receiver")?,
    })
}

impl Store {
    /// Receives a lot; a second delivery of a lot already received adds its doses.
    pub fn receive_lot(&mut self, new: &NewLot, by: StaffId) -> StoreResult<Lot> {
        let now = self.clock.now();
        let id = self.write(|tx| {
            let existing: Option<(LotId, String)> = tx
                .prepare_cached("SELECT id, expires FROM lots WHERE product_id = ?1 AND lot_number = ?2")?
                .query_row(rusqlite::params![new.product_id, new.number], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let id = match existing {
                Some((id, expires)) if expires == date_text(new.expires) => id,
                Some((_, expires)) => {
                    return Err(StoreError::Refused(format!(
                        "lot {} was received before with the expiry {expires}: check the box",
                        new.number
                    )));
                }
                None => {
                    let id = LotId::new();
                    tx.prepare_cached(
                        "INSERT INTO lots (id, product_id, lot_number, expires, ndc, manufacturer, mvx, received_at, received_by)
                         VALUES (:id, :product, :number, :expires, :ndc, :manufacturer, :mvx, :at, :by)",
                    )?
                    .execute(named_params! {
                        ":id": id,
                        ":product": new.product_id,
                        ":number": new.number,
                        ":expires": date_text(new.expires),
                        ":ndc": new.ndc,
                        ":manufacturer": new.manufacturer,
                        ":mvx": new.mvx,
                        ":at": time_text(now),
                        ":by": by,
                    })?;
                    id
                }
            };
            move_doses(tx, id, Movement::Received(new.doses), None, now, by)?;
            Ok(id)
        })?;
        self.lot(id)
    }

    pub fn lot(&self, id: LotId) -> StoreResult<Lot> {
        self.conn
            .prepare_cached(&format!("{SELECT_LOT} WHERE l.id = ?1"))?
            .query_row([id], lot_from_row)
            .optional()?
            .ok_or(StoreError::NotFound("the lot"))
    }

    /// Every lot ever received, by product then expiry.
    pub fn lots(&self) -> StoreResult<Vec<Lot>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_LOT} ORDER BY l.product_id, l.expires, l.lot_number"
        ))?;
        let rows = statement.query_map([], lot_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
