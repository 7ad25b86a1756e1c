//! The supporting data built into Rooming (`assets/cdsi/`, CDC's version 4.64), read and checked
//! once: every antigen file and the schedule, and the cross-checks that tie them (each vaccine
//! group's antigens have a file; each CVX a series accepts is mapped to that antigen).

use std::collections::BTreeMap;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::clinical::cdsi::contraindication::{self, Contraindication, ObservationCode};
use crate::clinical::cdsi::data::{self, Antigen, Cvx, DataError, Schedule, Series};

/// The version of CDC's supporting data in `assets/cdsi/`.
pub const VERSION: &str = "4.64";

macro_rules! antigen_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../assets/cdsi/AntigenSupportingData-_", $name, "-508.xml")))),*]
    };
}

const ANTIGENS: &[(&str, &str)] = antigen_files!(
    "COVID-19",
    "Chikungunya",
    "Cholera",
    "Dengue",
    "Diphtheria",
    "Ebola",
    "HPV",
    "HepA",
    "HepB",
    "Hib",
    "Influenza",
    "JE",
    "Measles",
    "Meningococcal",
    "Meningococcal_B",
    "Mumps",
    "Orthopoxvirus",
    "Pertussis",
    "Pneumococcal",
    "Polio",
    "RSV",
    "Rabies",
    "Rotavirus",
    "Rubella",
    "TBE",
    "Tetanus",
    "Typhoid",
    "Varicella",
    "YF",
    "Zoster",
);

const SCHEDULE: &str = include_str!("../../../assets/cdsi/ScheduleSupportingData.xml");

/// Everything the engine reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Supporting {
    pub antigens: BTreeMap<String, Antigen>,
    pub schedule: Schedule,
}

impl Supporting {
    pub fn built_in() -> Result<Self, DataError> {
        let schedule = data::schedule("ScheduleSupportingData.xml", SCHEDULE)?;
        let mut antigens = BTreeMap::new();
        for (name, text) in ANTIGENS {
            let antigen = data::antigen(name, text)?;
            antigens.insert(antigen.name.clone(), antigen);
        }
        let supporting = Self { antigens, schedule };
        supporting.cross_check()?;
        Ok(supporting)
    }

    fn cross_check(&self) -> Result<(), DataError> {
        let fail = |detail: String| DataError {
            file: "ScheduleSupportingData.xml".into(),
            detail,
        };
        for group in &self.schedule.groups {
            if let Some(missing) = group
                .antigens
                .iter()
                .find(|a| !self.antigens.contains_key(*a))
            {
                return Err(fail(format!(
                    "vaccine group {} names antigen {missing}, which has no file",
                    group.name
                )));
            }
        }
        for series in self.antigens.values().flat_map(|a| &a.series) {
            for dose in &series.doses {
                for cvx in dose.preferable.iter().chain(&dose.allowable).map(|v| v.cvx) {
                    if !self.carries(cvx, &series.antigen) {
                        return Err(fail(format!(
                            "{} accepts CVX {cvx}, which is not mapped to {}",
                            series.name, series.antigen
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether a vaccine carries an antigen at all (whatever the age).
    pub fn carries(&self, cvx: Cvx, antigen: &str) -> bool {
        self.schedule
            .cvx
            .get(&cvx)
            .is_some_and(|list| list.iter().any(|a| a.antigen == antigen))
    }

    /// The vaccine groups a vaccine counts toward (Pediarix: diphtheria-tetanus-pertussis,
    /// hepatitis B and polio).
    pub fn groups_of(&self, cvx: Cvx) -> impl Iterator<Item = &str> {
        self.schedule
            .groups
            .iter()
            .filter(move |g| g.antigens.iter().any(|a| self.carries(cvx, a)))
            .map(|g| g.name.as_str())
    }

    /// The antigens of a vaccine group, by the group's CDSi name.
    pub fn group_antigens(&self, group: &str) -> Option<&[String]> {
        self.schedule
            .groups
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(group))
            .map(|g| g.antigens.as_slice())
    }

    /// The contraindications a patient with these observations has for a vaccine on a day,
    /// across every antigen the vaccine carries.
    pub fn contraindications_for(
        &self,
        cvx: Cvx,
        observations: &BTreeSet<ObservationCode>,
        birth: NaiveDate,
        on: NaiveDate,
    ) -> Vec<&Contraindication> {
        let carried = self
            .antigens
            .values()
            .filter(|a| self.carries(cvx, &a.name))
            .flat_map(|a| &a.contraindications);
        contraindication::for_vaccine(carried, observations, cvx, birth, on)
    }

    /// The first contraindication that rules out a whole vaccine group for this patient (every
    /// vaccine of one of its antigens), if any.
    pub fn group_contraindication(
        &self,
        group: &str,
        observations: &BTreeSet<ObservationCode>,
        birth: NaiveDate,
        on: NaiveDate,
    ) -> Option<&Contraindication> {
        if observations.is_empty() {
            return None;
        }
        self.group_antigens(group)?
            .iter()
            .filter_map(|a| self.antigens.get(a))
            .flat_map(|a| &a.contraindications)
            .find(|c| observations.contains(&c.observation) && c.rules_out_antigen(birth, on))
    }

    pub fn series_of(&self, antigen: &str) -> &[Series] {
        self.antigens
            .get(antigen)
            .map_or(&[], |a| a.series.as_slice())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_built_in_data_reads_and_ties_together() {
        let data = Supporting::built_in().unwrap();
        assert_eq!(data.antigens.len(), ANTIGENS.len());
        assert_eq!(
            data.group_antigens("DTaP/Tdap/Td").unwrap(),
            ["Diphtheria", "Pertussis", "Tetanus"]
        );
        let hep_a = data.series_of("HepA");
        assert!(hep_a.iter().any(|s| s.name == "HepA 2-dose series"));
        assert!(data.carries(104, "HepB"), "Twinrix carries HepB");
        assert!(!data.schedule.live_conflicts.is_empty());
    }
}
