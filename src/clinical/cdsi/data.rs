//! CDC's CDSi supporting data as the engine reads it: per antigen, its series and their target
//! doses (ages, intervals, preferable and allowable vaccines, conditional skips); and the
//! schedule (which antigens each CVX carries, live-virus conflicts, vaccine groups). Parsed from
//! the XML CDC publishes (`assets/cdsi/`), checked when read: a period or a CVX that does not
//! read is an error naming the file, never a silent gap.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use roxmltree::Node;

use crate::clinical::cdsi::contraindication::{self, Contraindication, ObservationCode};
use crate::clinical::cdsi::period::Period;

/// A CVX code as CDC writes it ("03", "107"), kept as a number so "3" and "03" are one.
pub type Cvx = u16;

#[derive(Clone, Debug, PartialEq)]
pub struct AgeLimits {
    pub abs_min: Option<Period>,
    pub min: Option<Period>,
    pub earliest_recommended: Option<Period>,
    pub latest_recommended: Option<Period>,
    pub max: Option<Period>,
    pub effective: Option<NaiveDate>,
    pub cessation: Option<NaiveDate>,
}

/// Where an interval is measured from.
#[derive(Clone, Debug, PartialEq)]
pub enum IntervalFrom {
    /// The dose given just before.
    Previous,
    /// The dose that satisfied target dose N (1-based).
    TargetDose(usize),
    /// The most recent dose of one of these vaccines.
    MostRecent(Vec<Cvx>),
    /// An observation (not used by the healthy cases).
    Observation,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Interval {
    pub from: IntervalFrom,
    pub abs_min: Option<Period>,
    pub min: Option<Period>,
    pub earliest_recommended: Option<Period>,
    pub latest_recommended: Option<Period>,
    /// The data's "override". Read but not used: in CDC's test cases the age's recommended
    /// and latest dates still win over such an interval (see `forecast.rs`).
    pub priority_override: bool,
    pub effective: Option<NaiveDate>,
    pub cessation: Option<NaiveDate>,
}

/// A vaccine a target dose accepts, between two ages.
#[derive(Clone, Debug, PartialEq)]
pub struct VaccineUse {
    pub cvx: Cvx,
    pub begin_age: Option<Period>,
    pub end_age: Option<Period>,
    pub forecast: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipContext {
    Evaluation,
    Forecast,
    Both,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logic {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountLogic {
    GreaterThan,
    LessThan,
    EqualTo,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// The patient is of this age (at the dose, or at assessment).
    Age {
        begin: Option<Period>,
        end: Option<Period>,
    },
    /// A dose was given in this interval before.
    Interval(Period),
    /// More than, fewer than or exactly `count` doses of these vaccines, given between two ages
    /// or dates.
    VaccineCount {
        count: usize,
        compare: CountLogic,
        valid_only: bool,
        vaccines: Vec<Cvx>,
        begin_age: Option<Period>,
        end_age: Option<Period>,
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
    },
    /// Another series was completed (not used by the healthy cases' standard series).
    CompletedSeries,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SkipSet {
    pub logic: Logic,
    pub conditions: Vec<Condition>,
    pub effective: Option<NaiveDate>,
    pub cessation: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConditionalSkip {
    pub context: SkipContext,
    pub logic: Logic,
    pub sets: Vec<SkipSet>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TargetDose {
    pub number: String,
    pub ages: Vec<AgeLimits>,
    pub intervals: Vec<Interval>,
    pub allowable_intervals: Vec<Interval>,
    pub preferable: Vec<VaccineUse>,
    pub allowable: Vec<VaccineUse>,
    pub inadvertent: Vec<Cvx>,
    pub skips: Vec<ConditionalSkip>,
    pub recurring: bool,
    /// A seasonal dose (influenza, COVID-19): the season's first day, and its last if given.
    pub season: Option<(NaiveDate, Option<NaiveDate>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesType {
    Standard,
    Risk,
    EvaluationOnly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub antigen: String,
    pub vaccine_group: String,
    pub kind: SeriesType,
    pub gender: Vec<Gender>,
    pub default_series: bool,
    pub product_path: bool,
    pub group: String,
    pub priority: char,
    pub preference: u8,
    pub min_age_to_start: Option<Period>,
    pub max_age_to_start: Option<Period>,
    pub doses: Vec<TargetDose>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Antigen {
    pub name: String,
    pub series: Vec<Series>,
    pub contraindications: Vec<Contraindication>,
    /// Born before this date: evidence of immunity (measles, mumps, rubella: 1957).
    pub immune_if_born_before: Option<NaiveDate>,
}

/// A CVX's tie to an antigen, within an age range.
#[derive(Clone, Debug, PartialEq)]
pub struct Association {
    pub antigen: String,
    pub begin_age: Option<Period>,
    pub end_age: Option<Period>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LiveConflict {
    pub previous: Cvx,
    pub current: Cvx,
    pub begin: Period,
    pub min_end: Period,
    pub end: Period,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VaccineGroup {
    pub name: String,
    pub antigens: Vec<String>,
    pub administer_full_group: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    pub cvx: BTreeMap<Cvx, Vec<Association>>,
    /// By (earlier vaccine, this vaccine): 625 pairs, looked up for every dose evaluated.
    pub live_conflicts: BTreeMap<(Cvx, Cvx), LiveConflict>,
    pub groups: Vec<VaccineGroup>,
    /// CDSi's observation codes and their titles ("007": "Pregnant").
    pub observations: BTreeMap<ObservationCode, String>,
}

impl Schedule {
    pub fn live_conflict(&self, previous: Cvx, current: Cvx) -> Option<&LiveConflict> {
        self.live_conflicts.get(&(previous, current))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("CDSi data, {file}: {detail}")]
pub struct DataError {
    pub file: String,
    pub detail: String,
}

/// Reading one file: its name goes into every error.
pub(super) struct Reader<'f> {
    pub(super) file: &'f str,
}

impl Reader<'_> {
    pub(super) fn fail(&self, detail: impl Into<String>) -> DataError {
        DataError {
            file: self.file.to_owned(),
            detail: detail.into(),
        }
    }

    pub(super) fn text<'a>(node: Node<'a, '_>, tag: &str) -> Option<&'a str> {
        child(node, tag)
            .and_then(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    pub(super) fn period(
        &self,
        node: Node<'_, '_>,
        tag: &str,
    ) -> Result<Option<Period>, DataError> {
        Self::text(node, tag)
            .map(|t| t.parse().map_err(|e| self.fail(format!("{tag}: {e}"))))
            .transpose()
    }

    pub(super) fn date(
        &self,
        node: Node<'_, '_>,
        tag: &str,
    ) -> Result<Option<NaiveDate>, DataError> {
        Self::text(node, tag)
            .map(|t| {
                NaiveDate::parse_from_str(t, "%Y%m%d")
                    .or_else(|_| NaiveDate::parse_from_str(t, "%m/%d/%Y"))
                    .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
                    .map_err(|_| self.fail(format!("{tag}: “{t}” is not a date")))
            })
            .transpose()
    }

    pub(super) fn cvx(&self, node: Node<'_, '_>) -> Result<Cvx, DataError> {
        let text = Self::text(node, "cvx").ok_or_else(|| self.fail("a vaccine without a CVX"))?;
        text.parse()
            .map_err(|_| self.fail(format!("“{text}” is not a CVX code")))
    }

    pub(super) fn yes(node: Node<'_, '_>, tag: &str) -> bool {
        Self::text(node, tag)
            .is_some_and(|t| t.eq_ignore_ascii_case("yes") || t.eq_ignore_ascii_case("y"))
    }

    fn ages(&self, node: Node<'_, '_>) -> Result<AgeLimits, DataError> {
        Ok(AgeLimits {
            abs_min: self.period(node, "absMinAge")?,
            min: self.period(node, "minAge")?,
            earliest_recommended: self.period(node, "earliestRecAge")?,
            latest_recommended: self.period(node, "latestRecAge")?,
            max: self.period(node, "maxAge")?,
            effective: self.date(node, "effectiveDate")?,
            cessation: self.date(node, "cessationDate")?,
        })
    }

    /// An `<interval>` or `<allowableInterval>`; `None` when it is empty.
    fn interval(&self, node: Node<'_, '_>) -> Result<Option<Interval>, DataError> {
        let from = if Self::yes(node, "fromPrevious") {
            IntervalFrom::Previous
        } else if let Some(target) = Self::text(node, "fromTargetDose") {
            IntervalFrom::TargetDose(
                target
                    .parse()
                    .map_err(|_| self.fail(format!("fromTargetDose “{target}”")))?,
            )
        } else if let Some(recent) = Self::text(node, "fromMostRecent") {
            IntervalFrom::MostRecent(
                recent
                    .split(';')
                    .map(|c| {
                        c.trim()
                            .parse()
                            .map_err(|_| self.fail(format!("fromMostRecent “{recent}”")))
                    })
                    .collect::<Result<_, _>>()?,
            )
        } else if Self::text(node, "fromRelevantObs").is_some() {
            IntervalFrom::Observation
        } else {
            return Ok(None);
        };
        Ok(Some(Interval {
            from,
            abs_min: self.period(node, "absMinInt")?,
            min: self.period(node, "minInt")?,
            earliest_recommended: self.period(node, "earliestRecInt")?,
            latest_recommended: self.period(node, "latestRecInt")?,
            priority_override: Self::text(node, "intervalPriority")
                .is_some_and(|p| p.eq_ignore_ascii_case("override")),
            effective: self.date(node, "effectiveDate")?,
            cessation: self.date(node, "cessationDate")?,
        }))
    }

    fn vaccine_use(&self, node: Node<'_, '_>) -> Result<VaccineUse, DataError> {
        Ok(VaccineUse {
            cvx: self.cvx(node)?,
            begin_age: self.period(node, "beginAge")?,
            end_age: self.period(node, "endAge")?,
            forecast: Self::text(node, "forecastVaccineType") == Some("Y"),
        })
    }

    fn logic(text: Option<&str>) -> Logic {
        match text {
            Some(t) if t.eq_ignore_ascii_case("or") => Logic::Or,
            _ => Logic::And,
        }
    }

    fn condition(&self, node: Node<'_, '_>) -> Result<Condition, DataError> {
        let kind = Self::text(node, "conditionType")
            .unwrap_or_default()
            .to_ascii_lowercase();
        Ok(match kind.as_str() {
            "age" => Condition::Age {
                begin: self.period(node, "beginAge")?,
                end: self.period(node, "endAge")?,
            },
            "interval" => Condition::Interval(
                self.period(node, "interval")?
                    .ok_or_else(|| self.fail("an interval condition without an interval"))?,
            ),
            "vaccine count by age" | "vaccine count by date" | "vaccine count by date and age" => {
                let count = Self::text(node, "doseCount").unwrap_or("0");
                let compare = match Self::text(node, "doseCountLogic")
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("greater than") => CountLogic::GreaterThan,
                    Some("less than") => CountLogic::LessThan,
                    Some("equal to") => CountLogic::EqualTo,
                    other => return Err(self.fail(format!("doseCountLogic {other:?}"))),
                };
                Condition::VaccineCount {
                    count: count
                        .parse()
                        .map_err(|_| self.fail(format!("doseCount “{count}”")))?,
                    compare,
                    valid_only: Self::text(node, "doseType")
                        .is_some_and(|t| t.eq_ignore_ascii_case("valid")),
                    vaccines: Self::text(node, "vaccineTypes")
                        .map(|t| {
                            t.split(';')
                                .map(|c| {
                                    c.trim()
                                        .parse()
                                        .map_err(|_| self.fail(format!("vaccineTypes “{t}”")))
                                })
                                .collect::<Result<Vec<Cvx>, _>>()
                        })
                        .transpose()?
                        .unwrap_or_default(),
                    begin_age: self.period(node, "beginAge")?,
                    end_age: self.period(node, "endAge")?,
                    start_date: self.date(node, "startDate")?,
                    end_date: self.date(node, "endDate")?,
                }
            }
            "completed series" => Condition::CompletedSeries,
            other => return Err(self.fail(format!("condition type “{other}”"))),
        })
    }

    fn skip(&self, node: Node<'_, '_>) -> Result<ConditionalSkip, DataError> {
        let context = match Self::text(node, "context") {
            Some("Evaluation") => SkipContext::Evaluation,
            Some("Forecast") => SkipContext::Forecast,
            _ => SkipContext::Both,
        };
        let sets = elements(node, "set")
            .map(|set| {
                Ok(SkipSet {
                    logic: Self::logic(Self::text(set, "conditionLogic")),
                    conditions: elements(set, "condition")
                        .map(|c| self.condition(c))
                        .collect::<Result<_, _>>()?,
                    effective: self.date(set, "effectiveDate")?,
                    cessation: self.date(set, "cessationDate")?,
                })
            })
            .collect::<Result<_, DataError>>()?;
        Ok(ConditionalSkip {
            context,
            logic: Self::logic(Self::text(node, "setLogic")),
            sets,
        })
    }

    fn target_dose(&self, node: Node<'_, '_>) -> Result<TargetDose, DataError> {
        Ok(TargetDose {
            number: Self::text(node, "doseNumber")
                .unwrap_or_default()
                .to_owned(),
            ages: elements(node, "age")
                .map(|a| self.ages(a))
                .collect::<Result<_, _>>()?,
            intervals: elements(node, "interval")
                .filter_map(|i| self.interval(i).transpose())
                .collect::<Result<_, _>>()?,
            allowable_intervals: elements(node, "allowableInterval")
                .filter_map(|i| self.interval(i).transpose())
                .collect::<Result<_, _>>()?,
            preferable: elements(node, "preferableVaccine")
                .filter(|v| has_elements(*v))
                .map(|v| self.vaccine_use(v))
                .collect::<Result<_, _>>()?,
            allowable: elements(node, "allowableVaccine")
                .filter(|v| has_elements(*v))
                .map(|v| self.vaccine_use(v))
                .collect::<Result<_, _>>()?,
            inadvertent: elements(node, "inadvertentVaccine")
                .filter(|v| Self::text(*v, "cvx").is_some())
                .map(|v| self.cvx(v))
                .collect::<Result<_, _>>()?,
            skips: elements(node, "conditionalSkip")
                .filter(|s| child(*s, "set").is_some())
                .map(|s| self.skip(s))
                .collect::<Result<_, _>>()?,
            recurring: Self::yes(node, "recurringDose"),
            season: match child(node, "seasonalRecommendation") {
                Some(season) => self
                    .date(season, "startDate")?
                    .map(|start| Ok::<_, DataError>((start, self.date(season, "endDate")?)))
                    .transpose()?,
                None => None,
            },
        })
    }

    fn series(&self, node: Node<'_, '_>) -> Result<Series, DataError> {
        let select = child(node, "selectSeries").ok_or_else(|| self.fail("no selectSeries"))?;
        let kind = match Self::text(node, "seriesType") {
            Some("Risk") => SeriesType::Risk,
            Some("Evaluation Only") => SeriesType::EvaluationOnly,
            _ => SeriesType::Standard,
        };
        let gender = match Self::text(node, "requiredGender") {
            Some(g) if g.eq_ignore_ascii_case("female") => vec![Gender::Female],
            Some(g) if g.eq_ignore_ascii_case("male") => vec![Gender::Male],
            _ => Vec::new(),
        };
        Ok(Series {
            name: Self::text(node, "seriesName")
                .unwrap_or_default()
                .to_owned(),
            antigen: Self::text(node, "targetDisease")
                .unwrap_or_default()
                .to_owned(),
            vaccine_group: Self::text(node, "vaccineGroup")
                .unwrap_or_default()
                .to_owned(),
            kind,
            gender,
            default_series: Self::yes(select, "defaultSeries"),
            product_path: Self::yes(select, "productPath"),
            group: Self::text(select, "seriesGroup")
                .unwrap_or_default()
                .to_owned(),
            priority: Self::text(select, "seriesPriority")
                .and_then(|p| p.chars().next())
                .unwrap_or('Z'),
            preference: Self::text(select, "seriesPreference")
                .and_then(|p| p.parse().ok())
                .unwrap_or(u8::MAX),
            min_age_to_start: self.period(select, "minAgeToStart")?,
            max_age_to_start: self.period(select, "maxAgeToStart")?,
            doses: elements(node, "seriesDose")
                .map(|d| self.target_dose(d))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// Whether an element holds anything: CDC writes an empty list as one empty element.
fn has_elements(node: Node<'_, '_>) -> bool {
    node.children().any(|c| c.is_element())
}

pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, tag: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(tag))
}

pub(super) fn elements<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    tag: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |n| n.has_tag_name(tag))
}

fn document<'t>(file: &str, text: &'t str) -> Result<roxmltree::Document<'t>, DataError> {
    roxmltree::Document::parse(text).map_err(|e| DataError {
        file: file.to_owned(),
        detail: e.to_string(),
    })
}

/// One antigen's file: its series.
pub fn antigen(file: &str, text: &str) -> Result<Antigen, DataError> {
    let reader = Reader { file };
    let doc = document(file, text)?;
    let series: Vec<Series> = elements(doc.root_element(), "series")
        .map(|s| reader.series(s))
        .collect::<Result<_, _>>()?;
    let name = series
        .first()
        .map(|s| s.antigen.clone())
        .ok_or_else(|| reader.fail("no series"))?;
    let contraindications = contraindication::read(&reader, doc.root_element(), &name)?;
    let immune_if_born_before =
        match child(doc.root_element(), "immunity").and_then(|i| child(i, "dateOfBirth")) {
            Some(birth) => reader.date(birth, "immunityBirthDate")?,
            None => None,
        };
    Ok(Antigen {
        name,
        series,
        contraindications,
        immune_if_born_before,
    })
}

/// The schedule file: CVX to antigens, live-virus conflicts, vaccine groups.
pub fn schedule(file: &str, text: &str) -> Result<Schedule, DataError> {
    let reader = Reader { file };
    let doc = document(file, text)?;
    let root = doc.root_element();
    let mut schedule = Schedule::default();
    if let Some(conflicts) = child(root, "liveVirusConflicts") {
        for conflict in elements(conflicts, "liveVirusConflict") {
            let side = |tag| {
                child(conflict, tag)
                    .ok_or_else(|| reader.fail(format!("a conflict without {tag}")))
                    .and_then(|n| reader.cvx(n))
            };
            let period = |tag| {
                reader
                    .period(conflict, tag)?
                    .ok_or_else(|| reader.fail(format!("a conflict without {tag}")))
            };
            let conflict = LiveConflict {
                previous: side("previous")?,
                current: side("current")?,
                begin: period("conflictBeginInterval")?,
                min_end: period("minConflictEndInterval")?,
                end: period("conflictEndInterval")?,
            };
            schedule
                .live_conflicts
                .insert((conflict.previous, conflict.current), conflict);
        }
    }
    let full_groups: Vec<(String, bool)> = child(root, "vaccineGroups")
        .map(|groups| {
            elements(groups, "vaccineGroup")
                .map(|g| {
                    (
                        Reader::text(g, "name").unwrap_or_default().to_owned(),
                        Reader::yes(g, "administerFullVaccineGroup"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(map) = child(root, "vaccineGroupToAntigenMap") {
        for group in elements(map, "vaccineGroupMap") {
            let name = Reader::text(group, "name").unwrap_or_default().to_owned();
            let administer_full_group = full_groups.iter().any(|(n, full)| *n == name && *full);
            schedule.groups.push(VaccineGroup {
                antigens: elements(group, "antigen")
                    .filter_map(|a| a.text().map(|t| t.trim().to_owned()))
                    .collect(),
                name,
                administer_full_group,
            });
        }
    }
    if let Some(list) = child(root, "observations") {
        for observation in elements(list, "observation") {
            let code = contraindication::code(&reader, observation)?;
            let title = Reader::text(observation, "observationTitle").unwrap_or_default();
            schedule.observations.insert(code, title.to_owned());
        }
    }
    if let Some(map) = child(root, "cvxToAntigenMap") {
        for entry in elements(map, "cvxMap") {
            let cvx = reader.cvx(entry)?;
            let associations = elements(entry, "association")
                .map(|a| {
                    Ok(Association {
                        antigen: Reader::text(a, "antigen").unwrap_or_default().to_owned(),
                        begin_age: reader.period(a, "associationBeginAge")?,
                        end_age: reader.period(a, "associationEndAge")?,
                    })
                })
                .collect::<Result<_, DataError>>()?;
            schedule.cvx.insert(cvx, associations);
        }
    }
    Ok(schedule)
}
