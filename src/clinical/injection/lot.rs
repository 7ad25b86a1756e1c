//! Lots on hand: what was received (product, lot number, expiry, NDC, maker, doses), how many
//! doses are left, and whether a lot may be used for a dose given on a day. A lot is usable
//! through its expiry date; a month-only expiry ("03/2027") means the last day of that month.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::clinical::ids::LotId;
use crate::clinical::injection::catalog::{InjectionCatalog, Product};
use crate::clinical::time::parse_date;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lot {
    pub id: LotId,
    pub product_id: String,
    pub number: String,
    /// The last day it may be used.
    pub expires: NaiveDate,
    pub ndc: Option<String>,
    pub manufacturer: String,
    pub mvx: Option<String>,
    pub received: u32,
    pub left: u32,
    pub received_at: DateTime<Utc>,
    pub received_by: String,
}

/// Why a lot cannot be used for a dose given here.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LotUnusable {
    #[error("lot {number} expired {expires}")]
    Expired { number: String, expires: NaiveDate },
    #[error("lot {number} has no doses left")]
    Empty { number: String },
}

impl Lot {
    pub fn is_expired_on(&self, day: NaiveDate) -> bool {
        day > self.expires
    }

    /// Whether a dose given on `day` may come from this lot.
    pub fn usable_on(&self, day: NaiveDate) -> Result<(), LotUnusable> {
        if self.is_expired_on(day) {
            Err(LotUnusable::Expired {
                number: self.number.clone(),
                expires: self.expires,
            })
        } else if self.left == 0 {
            Err(LotUnusable::Empty {
                number: self.number.clone(),
            })
        } else {
            Ok(())
        }
    }
}

/// Reads an expiry as printed on a box: a day, or a month meaning its last day.
pub fn parse_expiry(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(day) = parse_date(text) {
        return Some(day);
    }
    let (year, month) = match text.split_once(['/', '-']) {
        Some((a, b)) if a.len() == 4 => (a, b),
        Some((a, b)) if b.len() == 4 => (b, a),
        _ => return None,
    };
    let first = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// An NDC as printed: 10 digits in 4-4-2, 5-3-2 or 5-4-1 segments, or 11 digits in 5-4-2.
pub fn check_ndc(text: &str) -> Option<String> {
    let segments: Vec<&str> = text.trim().split('-').collect();
    let lengths: Vec<usize> = segments.iter().map(|s| s.len()).collect();
    let digits = segments
        .iter()
        .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()));
    let shape = matches!(lengths.as_slice(), [4, 4, 2] | [5, 3 | 4, 2] | [5, 4, 1]);
    (digits && shape).then(|| text.trim().to_owned())
}

/// The receiving form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LotDraft {
    pub product: String,
    pub product_id: Option<String>,
    pub number: String,
    pub expires: String,
    pub ndc: String,
    pub mvx: Option<String>,
    pub manufacturer: String,
    pub doses: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LotField {
    Product,
    Number,
    Expires,
    Ndc,
    Manufacturer,
    Doses,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LotError {
    #[error("choose the product from the list")]
    ProductMissing,
    #[error("type the lot number as printed on the box")]
    NumberMissing,
    #[error("type the expiry as printed: 03/31/2027, or 03/2027 for the end of that month")]
    ExpiresUnreadable,
    #[error("this lot expired {0}: it cannot be received for use")]
    AlreadyExpired(NaiveDate),
    #[error("an NDC has 10 or 11 digits in segments, e.g. 49281-0421-50")]
    NdcUnreadable,
    #[error("choose the manufacturer")]
    ManufacturerMissing,
    #[error("type how many doses were received, a whole number from 1 to {0}")]
    DosesUnreadable(u32),
}

/// A checked lot, not yet stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLot {
    pub product_id: String,
    pub number: String,
    pub expires: NaiveDate,
    pub ndc: Option<String>,
    pub manufacturer: String,
    pub mvx: Option<String>,
    pub doses: u32,
}

/// The most doses one delivery of a lot may bring: a guard against a typo of a few zeros.
pub const MOST_DOSES_RECEIVED: u32 = 2000;

impl LotDraft {
    /// Fills what follows from choosing a product: its maker, when it has only one.
    pub fn pick(&mut self, product: &Product, catalog: &InjectionCatalog) {
        self.product.clone_from(&product.name);
        self.product_id = Some(product.id.clone());
        self.mvx = None;
        self.manufacturer.clear();
        match (product.mvx.as_slice(), &product.manufacturer) {
            ([only], _) => {
                self.mvx = Some(only.clone());
                if let Some(m) = catalog.manufacturer(only) {
                    self.manufacturer.clone_from(&m.name);
                }
            }
            ([], Some(name)) => self.manufacturer.clone_from(name),
            _ => {}
        }
    }

    pub fn check(
        &self,
        catalog: &InjectionCatalog,
        today: NaiveDate,
    ) -> Result<NewLot, BTreeMap<LotField, LotError>> {
        let mut errors = BTreeMap::new();
        let product = self
            .product_id
            .as_deref()
            .and_then(|id| catalog.product(id))
            .filter(|p| !p.historical_only);
        if product.is_none() {
            errors.insert(LotField::Product, LotError::ProductMissing);
        }
        let number = self.number.trim().to_uppercase();
        if number.is_empty() {
            errors.insert(LotField::Number, LotError::NumberMissing);
        }
        let expires = match parse_expiry(&self.expires) {
            None => Err(LotError::ExpiresUnreadable),
            Some(day) if day < today => Err(LotError::AlreadyExpired(day)),
            Some(day) if day.year() > today.year() + 10 => Err(LotError::ExpiresUnreadable),
            Some(day) => Ok(day),
        }
        .map_err(|e| errors.insert(LotField::Expires, e))
        .ok();
        let ndc = match self.ndc.trim() {
            "" => None,
            text => {
                let checked = check_ndc(text);
                if checked.is_none() {
                    errors.insert(LotField::Ndc, LotError::NdcUnreadable);
                }
                checked
            }
        };
        let mvx = self
            .mvx
            .clone()
            .filter(|m| catalog.manufacturer(m).is_some());
        let manufacturer = match &mvx {
            Some(m) => catalog.manufacturer(m).map(|m| m.name.clone()),
            None => crate::clinical::text::required(&self.manufacturer),
        };
        if manufacturer.is_none() {
            errors.insert(LotField::Manufacturer, LotError::ManufacturerMissing);
        }
        let doses = self
            .doses
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MOST_DOSES_RECEIVED).contains(d));
        if doses.is_none() {
            errors.insert(
                LotField::Doses,
                LotError::DosesUnreadable(MOST_DOSES_RECEIVED),
            );
        }
        match (product, expires, manufacturer, doses) {
            (Some(product), Some(expires), Some(manufacturer), Some(doses))
                if errors.is_empty() =>
            {
                Ok(NewLot {
                    product_id: product.id.clone(),
                    number,
                    expires,
                    ndc,
                    manufacturer,
                    mvx,
                    doses,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn lot(expires: NaiveDate, left: u32) -> Lot {
        Lot {
            id: LotId::new(),
            product_id: "fluzone".into(),
            number: "UT1234".into(),
            expires,
            ndc: None,
            manufacturer: "Sanofi Pasteur".into(),
            mvx: Some("PMC".into()),
            received: 10,
            left,
            received_at: Utc::now(),
            received_by: "Ana Lopez, CMA".into(),
        }
    }

    #[test]
    fn a_lot_is_usable_through_its_last_day() {
        let lot = lot(d(2026, 11, 26), 3);
        assert_eq!(lot.usable_on(d(2026, 11, 25)), Ok(()));
        assert_eq!(lot.usable_on(d(2026, 11, 26)), Ok(()));
        assert!(matches!(
            lot.usable_on(d(2026, 11, 27)),
            Err(LotUnusable::Expired { .. })
        ));
        let empty = super::Lot { left: 0, ..lot };
        assert!(matches!(
            empty.usable_on(d(2026, 11, 1)),
            Err(LotUnusable::Empty { .. })
        ));
    }

    #[test]
    fn expiry_as_printed() {
        assert_eq!(parse_expiry("2027-03-31"), Some(d(2027, 3, 31)));
        assert_eq!(parse_expiry("03/31/2027"), Some(d(2027, 3, 31)));
        assert_eq!(parse_expiry("03/2027"), Some(d(2027, 3, 31)));
        assert_eq!(parse_expiry("2027-02"), Some(d(2027, 2, 28)));
        assert_eq!(parse_expiry("2028-02"), Some(d(2028, 2, 29)));
        assert_eq!(parse_expiry("12/2027"), Some(d(2027, 12, 31)));
        assert_eq!(parse_expiry("13/2027"), None);
        assert_eq!(parse_expiry("soon"), None);
    }

    #[test]
    fn ndc_shapes() {
        for ok in [
            "49281-0421-50",
            "0006-4047-41",
            "58160-842-11",
            "12345-6789-0",
        ] {
            assert!(check_ndc(ok).is_some(), "{ok}");
        }
        for bad in ["4928142150", "49281-421-5", "ABCDE-0421-50", "49281--50"] {
            assert!(check_ndc(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn receiving_a_lot() {
        let catalog = InjectionCatalog::built_in().unwrap();
        let today = d(2026, 11, 26);
        let mut draft = LotDraft::default();
        let errors = draft.check(&catalog, today).unwrap_err();
        assert!(errors.contains_key(&LotField::Product));
        draft.pick(catalog.product("fluzone").unwrap(), &catalog);
        assert_eq!(draft.manufacturer, "Sanofi Pasteur");
        draft.number = " ut1234 ".into();
        draft.expires = "06/2027".into();
        draft.ndc = "49281-0421-50".into();
        draft.doses = "10".into();
        let lot = draft.check(&catalog, today).unwrap();
        assert_eq!(lot.number, "UT1234");
        assert_eq!(lot.expires, d(2027, 6, 30));
        assert_eq!(lot.mvx.as_deref(), Some("PMC"));
        draft.expires = "10/2026".into();
        assert_eq!(
            draft
                .check(&catalog, today)
                .unwrap_err()
                .get(&LotField::Expires),
            Some(&LotError::AlreadyExpired(d(2026, 10, 31)))
        );
        draft.expires = "06/2027".into();
        draft.doses = "100000".into();
        assert!(
            draft
                .check(&catalog, today)
                .unwrap_err()
                .contains_key(&LotField::Doses)
        );
    }
}
