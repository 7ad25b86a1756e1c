//! Social history: tobacco, alcohol, recreational drugs, occupation and, for patients who can be
//! pregnant, pregnancy status and last menstrual period (read later by the injection checks).
//! One record per patient; each save is a new version of it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::clinical::age::{Age, AgeThreshold};
use crate::clinical::coded::coded_enum;
use crate::clinical::entry::parse_plain;
use crate::clinical::partial_date::PartialDate;
use crate::clinical::patient::Sex;
use crate::clinical::text::required;
use crate::clinical::time::parse_date;

pub const LIMITS: &str = include_str!("../../../assets/social_history.toml");

coded_enum!(
    UseStatus {
        Never => "never", "Never";
        Former => "former", "Former";
        Current => "current", "Current";
    }
);

coded_enum!(
    PregnancyStatus {
        NotPregnant => "not_pregnant", "Not pregnant";
        Pregnant => "pregnant", "Pregnant";
        Possible => "possible", "Possibly pregnant";
        Unknown => "unknown", "Unknown";
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tobacco {
    pub status: UseStatus,
    pub packs_per_day: Option<f64>,
    pub quit: Option<PartialDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drugs {
    pub status: UseStatus,
    pub detail: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pregnancy {
    pub status: PregnancyStatus,
    pub last_menstrual_period: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SocialHistory {
    pub tobacco: Option<Tobacco>,
    pub alcohol_drinks_per_week: Option<u16>,
    pub drugs: Option<Drugs>,
    pub occupation: Option<String>,
    pub pregnancy: Option<Pregnancy>,
}

/// The limits of what can be typed, and who is asked about pregnancy (`assets/social_history.toml`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialLimits {
    pub packs_per_day_max: f64,
    pub drinks_per_week_max: u16,
    pub pregnancy_asked_from: AgeThreshold,
    pub pregnancy_asked_until: AgeThreshold,
    pub source: String,
}

impl SocialLimits {
    pub fn built_in() -> Result<Self, crate::clinical::allergy::catalog::CatalogError> {
        toml::from_str(LIMITS).map_err(|e| {
            crate::clinical::allergy::catalog::CatalogError::Syntax {
                file: "assets/social_history.toml",
                detail: e.to_string(),
            }
        })
    }

    /// Whether to ask this patient about pregnancy: not male, and of an age to be pregnant.
    pub fn asks_pregnancy(&self, sex: Sex, age: Option<Age>) -> bool {
        sex != Sex::Male
            && age.is_some_and(|a| {
                a.has_reached(self.pregnancy_asked_from)
                    && !a.has_reached(self.pregnancy_asked_until)
            })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SocialHistoryDraft {
    pub tobacco: Option<UseStatus>,
    pub packs_per_day: String,
    pub quit: String,
    pub alcohol_drinks_per_week: String,
    pub drugs: Option<UseStatus>,
    pub drugs_detail: String,
    pub occupation: String,
    pub pregnancy: Option<PregnancyStatus>,
    pub last_menstrual_period: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SocialField {
    PacksPerDay,
    Quit,
    Alcohol,
    LastMenstrualPeriod,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SocialError {
    #[error("packs per day: a number above 0 and up to {0}")]
    PacksPerDay(String),
    #[error("packs per day is for current or former smokers")]
    PacksWithoutSmoking,
    #[error("{0}")]
    Quit(#[from] crate::clinical::partial_date::PartialDateError),
    #[error("a quit date is for former smokers")]
    QuitWithoutFormer,
    #[error("drinks per week: a whole number, 0 to {0}")]
    Alcohol(u16),
    #[error("“{0}” is not a date: type e.g. 2026-11-01 or 11/01/2026")]
    LastMenstrualPeriod(String),
    #[error("the last menstrual period cannot be in the future or before birth")]
    LastMenstrualPeriodOutOfRange,
}

impl SocialHistoryDraft {
    pub fn from_history(h: &SocialHistory) -> Self {
        Self {
            tobacco: h.tobacco.as_ref().map(|t| t.status),
            packs_per_day: h
                .tobacco
                .as_ref()
                .and_then(|t| t.packs_per_day)
                .map(|p| p.to_string())
                .unwrap_or_default(),
            quit: h
                .tobacco
                .as_ref()
                .and_then(|t| t.quit)
                .map(|q| q.to_string())
                .unwrap_or_default(),
            alcohol_drinks_per_week: h
                .alcohol_drinks_per_week
                .map(|d| d.to_string())
                .unwrap_or_default(),
            drugs: h.drugs.as_ref().map(|d| d.status),
            drugs_detail: h
                .drugs
                .as_ref()
                .and_then(|d| d.detail.clone())
                .unwrap_or_default(),
            occupation: h.occupation.clone().unwrap_or_default(),
            pregnancy: h.pregnancy.map(|p| p.status),
            last_menstrual_period: h
                .pregnancy
                .and_then(|p| p.last_menstrual_period)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        }
    }

    /// Checks the form; pregnancy is kept only when `asks_pregnancy` said to ask.
    pub fn check(
        &self,
        limits: &SocialLimits,
        asks_pregnancy: bool,
        birth_date: NaiveDate,
        today: NaiveDate,
    ) -> Result<SocialHistory, BTreeMap<SocialField, SocialError>> {
        let mut errors = BTreeMap::new();
        let smokes = matches!(self.tobacco, Some(UseStatus::Current | UseStatus::Former));
        let packs_per_day = match required(&self.packs_per_day) {
            Some(_) if !smokes => {
                errors.insert(SocialField::PacksPerDay, SocialError::PacksWithoutSmoking);
                None
            }
            Some(text) => match parse_plain(&text, false, "0.5") {
                Ok(packs) if packs > 0.0 && packs <= limits.packs_per_day_max => Some(packs),
                _ => {
                    errors.insert(
                        SocialField::PacksPerDay,
                        SocialError::PacksPerDay(limits.packs_per_day_max.to_string()),
                    );
                    None
                }
            },
            None => None,
        };
        let quit = match required(&self.quit) {
            Some(_) if self.tobacco != Some(UseStatus::Former) => {
                errors.insert(SocialField::Quit, SocialError::QuitWithoutFormer);
                None
            }
            Some(text) => PartialDate::parse(&text, today)
                .map_err(|e| errors.insert(SocialField::Quit, e.into()))
                .ok(),
            None => None,
        };
        let alcohol_drinks_per_week = match required(&self.alcohol_drinks_per_week) {
            Some(text) => match text.parse::<u16>() {
                Ok(drinks) if drinks <= limits.drinks_per_week_max => Some(drinks),
                _ => {
                    errors.insert(
                        SocialField::Alcohol,
                        SocialError::Alcohol(limits.drinks_per_week_max),
                    );
                    None
                }
            },
            None => None,
        };
        let last_menstrual_period =
            match required(&self.last_menstrual_period).filter(|_| asks_pregnancy) {
                Some(text) => match parse_date(&text) {
                    Some(date) if date <= today && date >= birth_date => Some(date),
                    Some(_) => {
                        errors.insert(
                            SocialField::LastMenstrualPeriod,
                            SocialError::LastMenstrualPeriodOutOfRange,
                        );
                        None
                    }
                    None => {
                        errors.insert(
                            SocialField::LastMenstrualPeriod,
                            SocialError::LastMenstrualPeriod(text),
                        );
                        None
                    }
                },
                None => None,
            };
        if !errors.is_empty() {
            return Err(errors);
        }
        let pregnancy = asks_pregnancy
            .then(|| {
                self.pregnancy.map(|status| Pregnancy {
                    status,
                    last_menstrual_period,
                })
            })
            .flatten()
            .or_else(|| {
                (asks_pregnancy && last_menstrual_period.is_some()).then_some(Pregnancy {
                    status: PregnancyStatus::Unknown,
                    last_menstrual_period,
                })
            });
        Ok(SocialHistory {
            tobacco: self.tobacco.map(|status| Tobacco {
                status,
                packs_per_day,
                quit,
            }),
            alcohol_drinks_per_week,
            drugs: self.drugs.map(|status| Drugs {
                status,
                detail: required(&self.drugs_detail),
            }),
            occupation: required(&self.occupation),
            pregnancy,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn limits() -> SocialLimits {
        SocialLimits::built_in().unwrap()
    }

    #[test]
    fn pregnancy_is_asked_of_those_who_can_be_pregnant() {
        let l = limits();
        let age = |birth| Age::on(birth, d(2026, 11, 26));
        assert!(l.asks_pregnancy(Sex::Female, age(d(1995, 1, 1))));
        assert!(!l.asks_pregnancy(Sex::Male, age(d(1995, 1, 1))));
        assert!(!l.asks_pregnancy(Sex::Female, age(d(2020, 1, 1))));
        assert!(!l.asks_pregnancy(Sex::Female, age(d(1950, 1, 1))));
        assert!(l.asks_pregnancy(Sex::Unknown, age(d(1995, 1, 1))));
    }

    #[test]
    fn smoking_details_only_for_smokers() {
        let draft = SocialHistoryDraft {
            tobacco: Some(UseStatus::Never),
            packs_per_day: "1".into(),
            ..Default::default()
        };
        let errors = draft
            .check(&limits(), false, d(1990, 1, 1), d(2026, 11, 26))
            .unwrap_err();
        assert_eq!(
            errors[&SocialField::PacksPerDay],
            SocialError::PacksWithoutSmoking
        );
        let draft = SocialHistoryDraft {
            tobacco: Some(UseStatus::Former),
            packs_per_day: "0.5".into(),
            quit: "2019".into(),
            ..Default::default()
        };
        let history = draft
            .check(&limits(), false, d(1990, 1, 1), d(2026, 11, 26))
            .unwrap();
        assert_eq!(history.tobacco.unwrap().quit, Some(PartialDate::Year(2019)));
    }

    #[test]
    fn pregnancy_and_lmp_are_checked() {
        let draft = SocialHistoryDraft {
            pregnancy: Some(PregnancyStatus::Pregnant),
            last_menstrual_period: "2026-09-01".into(),
            alcohol_drinks_per_week: "0".into(),
            ..Default::default()
        };
        let history = draft
            .check(&limits(), true, d(1995, 1, 1), d(2026, 11, 26))
            .unwrap();
        assert_eq!(history.pregnancy.unwrap().status, PregnancyStatus::Pregnant);
        assert_eq!(history.alcohol_drinks_per_week, Some(0), "0 is a value");
        // Not asked of this patient: nothing is kept.
        assert!(
            draft
                .check(&limits(), false, d(1995, 1, 1), d(2026, 11, 26))
                .unwrap()
                .pregnancy
                .is_none()
        );
        let future = SocialHistoryDraft {
            last_menstrual_period: "2026-12-01".into(),
            ..draft
        };
        assert!(
            future
                .check(&limits(), true, d(1995, 1, 1), d(2026, 11, 26))
                .is_err()
        );
    }
}
