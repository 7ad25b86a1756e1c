//! A vaccine given in pregnancy only in some weeks (Abrysvo, 32 through 36 weeks, to protect the
//! baby from RSV): the weeks worked out from the last menstrual period when the chart has it,
//! else asked.

use chrono::NaiveDate;

use crate::clinical::history::social::{Pregnancy, PregnancyStatus};
use crate::clinical::injection::catalog::Product;
use crate::clinical::injection::safety::{CheckKind, Finding, Gate, PregnancyTest};
use crate::clinical::injection::schedule::day;

/// The finding for a product with a pregnancy window, when the patient is pregnant: outside the
/// window by the LMP, a provider's co-signature; weeks unknown, a warning to confirm them.
pub fn window_finding(
    product: &Product,
    [from, to]: [u32; 2],
    on: NaiveDate,
    pregnancy: Option<Pregnancy>,
    test: Option<PregnancyTest>,
) -> Option<Finding> {
    let charted = pregnancy.filter(|p| p.status == PregnancyStatus::Pregnant);
    let positive_test = test.is_some_and(|t| t.positive);
    if charted.is_none() && !positive_test {
        return None;
    }
    let window = format!(
        "{} in pregnancy is given from {from} weeks 0 days through {to} weeks 6 days",
        product.name
    );
    let Some(lmp) = charted.and_then(|p| p.last_menstrual_period) else {
        return Some(Finding {
            gate: Gate::Warning,
            kind: CheckKind::PregnancyWindow,
            fact: format!("{window}: confirm the weeks (no last menstrual period charted)"),
        });
    };
    let days = (on - lmp).num_days();
    let (weeks, rest) = (days.div_euclid(7), days.rem_euclid(7));
    if (i64::from(from)..=i64::from(to)).contains(&weeks) {
        return None;
    }
    Some(Finding {
        gate: Gate::ProviderOverride,
        kind: CheckKind::PregnancyWindow,
        fact: format!(
            "{window}; by the last menstrual period ({}) she is {weeks} weeks {rest} days",
            day(lmp)
        ),
    })
}
