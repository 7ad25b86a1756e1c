//! CDSi's contraindications on a vaccine about to be given: each observation the chart supports
//! (immunosuppressive therapy, HIV, a transplant, pregnancy...) that CDC says rules the vaccine
//! out, named with the chart entry behind it and CDC's words.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::clinical::cdsi::data::Cvx;
use crate::clinical::cdsi::supporting::Supporting;
use crate::clinical::injection::catalog::Product;
use crate::clinical::injection::observations::{Observed, Source};

/// One line per observation that rules the product out on `on`: "Immunosuppressive therapy:
/// Methotrexate (medication list). CDC: Do not vaccinate if ...". Allergies are left to the
/// allergy check, which reads the product's own components (Priorix has no gelatin, though
/// CDC's measles contraindication names gelatin); pregnancy to the pregnancy check when the
/// product has one.
pub fn contraindication_findings(
    data: &Supporting,
    product: &Product,
    cvx: Cvx,
    birth: NaiveDate,
    on: NaiveDate,
    observed: &[Observed],
) -> Vec<String> {
    let mut facts = Vec::new();
    let mut said = BTreeSet::new();
    for o in observed {
        let checked_elsewhere = match o.source {
            Source::Allergy => true,
            Source::Pregnancy => product.pregnancy.applies(),
            Source::Condition | Source::Medication => false,
        };
        if checked_elsewhere || !said.insert(o.code) {
            continue;
        }
        let codes = BTreeSet::from([o.code]);
        let Some(rule) = data
            .contraindications_for(cvx, &codes, birth, on)
            .first()
            .copied()
        else {
            continue;
        };
        let title = data
            .schedule
            .observations
            .get(&o.code)
            .map_or("Contraindication", String::as_str);
        facts.push(format!("{title}: {}. CDC: {}", o.why, rule.text));
    }
    facts
}
