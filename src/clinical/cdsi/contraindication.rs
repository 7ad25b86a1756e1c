//! CDSi contraindications: the observations about a patient (pregnant, immunocompromised, a
//! severe allergy to gelatin...) that rule out an antigen, or only some of its vaccines, within
//! an age range. Read from each antigen file; matched against a dose or a whole vaccine group.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use roxmltree::Node;

use crate::clinical::cdsi::data::{Cvx, DataError, Reader, child, elements};
use crate::clinical::cdsi::period::Period;

/// CDSi's observation code ("007" pregnant, "158" immunosuppressive therapy), as a number.
pub type ObservationCode = u16;

#[derive(Clone, Debug, PartialEq)]
pub struct Contraindication {
    pub antigen: String,
    pub observation: ObservationCode,
    /// CDC's words: "Do not vaccinate if the patient is pregnant."
    pub text: String,
    /// `None`: every vaccine carrying the antigen; otherwise only these (LAIV, not the
    /// injected influenza vaccines).
    pub vaccines: Option<Vec<ContraindicatedVaccine>>,
    pub begin_age: Option<Period>,
    pub end_age: Option<Period>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContraindicatedVaccine {
    pub cvx: Cvx,
    pub begin_age: Option<Period>,
    pub end_age: Option<Period>,
}

fn within(birth: NaiveDate, on: NaiveDate, begin: Option<&Period>, end: Option<&Period>) -> bool {
    begin.is_none_or(|b| on >= b.after(birth)) && end.is_none_or(|e| on < e.after(birth))
}

impl Contraindication {
    /// Whether it rules out every vaccine of its antigen, for a patient born on `birth`, on `on`.
    pub fn rules_out_antigen(&self, birth: NaiveDate, on: NaiveDate) -> bool {
        self.vaccines.is_none() && within(birth, on, self.begin_age.as_ref(), self.end_age.as_ref())
    }

    /// Whether it rules out this vaccine, for a patient born on `birth`, on `on`.
    pub fn rules_out(&self, cvx: Cvx, birth: NaiveDate, on: NaiveDate) -> bool {
        if !within(birth, on, self.begin_age.as_ref(), self.end_age.as_ref()) {
            return false;
        }
        match &self.vaccines {
            None => true,
            Some(list) => list.iter().any(|v| {
                v.cvx == cvx && within(birth, on, v.begin_age.as_ref(), v.end_age.as_ref())
            }),
        }
    }
}

/// The contraindications among `all` that a patient with these observations has for `cvx`.
pub fn for_vaccine<'a>(
    all: impl IntoIterator<Item = &'a Contraindication>,
    observations: &BTreeSet<ObservationCode>,
    cvx: Cvx,
    birth: NaiveDate,
    on: NaiveDate,
) -> Vec<&'a Contraindication> {
    all.into_iter()
        .filter(|c| observations.contains(&c.observation) && c.rules_out(cvx, birth, on))
        .collect()
}

pub(super) fn code(reader: &Reader<'_>, node: Node<'_, '_>) -> Result<ObservationCode, DataError> {
    let text = Reader::text(node, "observationCode")
        .ok_or_else(|| reader.fail("an observation without a code"))?;
    text.parse()
        .map_err(|_| reader.fail(format!("“{text}” is not an observation code")))
}

/// The `<contraindications>` of one antigen file.
pub(super) fn read(
    reader: &Reader<'_>,
    root: Node<'_, '_>,
    antigen: &str,
) -> Result<Vec<Contraindication>, DataError> {
    let Some(list) = child(root, "contraindications") else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for (scope, whole) in [("vaccineGroup", true), ("vaccine", false)] {
        for node in elements(list, scope).flat_map(|s| elements(s, "contraindication")) {
            let vaccines = if whole {
                None
            } else {
                Some(
                    elements(node, "contraindicatedVaccine")
                        .map(|v| {
                            Ok(ContraindicatedVaccine {
                                cvx: reader.cvx(v)?,
                                begin_age: reader.period(v, "beginAge")?,
                                end_age: reader.period(v, "endAge")?,
                            })
                        })
                        .collect::<Result<_, DataError>>()?,
                )
            };
            found.push(Contraindication {
                antigen: antigen.to_owned(),
                observation: code(reader, node)?,
                text: Reader::text(node, "contraindicationText")
                    .unwrap_or_default()
                    .to_owned(),
                vaccines,
                begin_age: reader.period(node, "beginAge")?,
                end_age: reader.period(node, "endAge")?,
            });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::clinical::cdsi::supporting::Supporting;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn pregnancy_rules_out_mmr_and_laiv_but_not_the_injected_flu_vaccine() {
        let data = Supporting::built_in().unwrap();
        let pregnant = BTreeSet::from([7]);
        let birth = day(1996, 4, 2);
        let on = day(2026, 11, 29);
        let mmr = data.contraindications_for(3, &pregnant, birth, on);
        assert!(mmr.iter().any(|c| c.antigen == "Measles"), "{mmr:?}");
        assert!(
            !data
                .contraindications_for(111, &pregnant, birth, on)
                .is_empty()
        );
        assert!(
            data.contraindications_for(140, &pregnant, birth, on)
                .is_empty()
        );
        assert!(
            data.contraindications_for(115, &pregnant, birth, on)
                .is_empty()
        );
        assert_eq!(data.schedule.observations.get(&7).unwrap(), "Pregnant");
    }

    #[test]
    fn immunosuppressive_therapy_rules_out_live_vaccines_only() {
        let data = Supporting::built_in().unwrap();
        let therapy = BTreeSet::from([158]);
        let birth = day(1970, 1, 1);
        let on = day(2026, 11, 29);
        for live in [3, 21, 111] {
            assert!(
                !data
                    .contraindications_for(live, &therapy, birth, on)
                    .is_empty(),
                "CVX {live}"
            );
        }
        for inactivated in [187, 115, 216, 140] {
            assert!(
                data.contraindications_for(inactivated, &therapy, birth, on)
                    .is_empty(),
                "CVX {inactivated}"
            );
        }
    }

    #[test]
    fn nothing_is_ruled_out_without_an_observation() {
        let data = Supporting::built_in().unwrap();
        let none = BTreeSet::new();
        assert!(
            data.contraindications_for(3, &none, day(2000, 1, 1), day(2026, 1, 1))
                .is_empty()
        );
    }
}
