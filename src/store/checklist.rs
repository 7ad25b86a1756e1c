//! A visit's rooming checklist as the store sees it: the visit's records and vitals read back,
//! and `Checklist::of` to say what is done.

use crate::clinical::checklist::Checklist;
use crate::clinical::ids::VisitId;
use crate::store::codec::get_time;
use crate::store::{Store, StoreResult};

impl Store {
    pub fn checklist(&self, visit: VisitId) -> StoreResult<Checklist> {
        let records = self.visit_only_records(visit)?;
        let vitals = self
            .conn
            .prepare_cached(
                "SELECT s.recorded_at FROM vital_sets s
                 WHERE s.visit_id = ?1
                   AND NOT EXISTS (SELECT 1 FROM vital_sets r WHERE r.replaces = s.id)
                   AND NOT EXISTS (SELECT 1 FROM entered_in_error e WHERE e.record_id = s.id)",
            )?
            .query_map([visit], |row| get_time(row, "recorded_at"))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Checklist::of(&records, &vitals))
    }
}
