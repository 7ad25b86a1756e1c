//! A child's blood pressure by the AAP 2017 guideline (Flynn et al., tables 4 and 5): the 50th,
//! 90th and 95th percentiles by sex, age and height percentile, and the category for 1 to 12
//! years (normal, elevated, stage 1, stage 2), each cut-off the percentile or the adult number,
//! whichever is lower.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::clinical::growth::reference::{BloodPressureRules, GrowthDataError, GrowthSex, fail};

const FILE: &str = "aap2017_blood_pressure.csv";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pressure {
    Systolic,
    Diastolic,
}

#[derive(Deserialize)]
struct Row {
    sex: GrowthSex,
    age_years: u32,
    bp_percentile: u32,
    measure: Pressure,
    h5: f64,
    h10: f64,
    h25: f64,
    h50: f64,
    h75: f64,
    h90: f64,
    h95: f64,
}

/// The height percentiles the table has a column for.
pub const HEIGHT_COLUMNS: [f64; 7] = [5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0];

#[derive(Clone, Debug, PartialEq)]
pub struct BloodPressureTable {
    /// By (sex, age in years, pressure, blood pressure percentile): one value per height column.
    rows: BTreeMap<(GrowthSex, u32, Pressure, u32), [f64; 7]>,
}

impl BloodPressureTable {
    pub fn built_in() -> Result<Self, GrowthDataError> {
        let text = include_str!("../../../assets/growth/aap2017_blood_pressure.csv");
        let mut rows = BTreeMap::new();
        for (line, row) in csv::Reader::from_reader(text.as_bytes())
            .deserialize::<Row>()
            .enumerate()
        {
            let r = row.map_err(|e| fail(FILE, format!("row {}: {e}", line + 2)))?;
            let values = [r.h5, r.h10, r.h25, r.h50, r.h75, r.h90, r.h95];
            // The printed table dips by 1 mm Hg once (boys, 13 years, 50th diastolic: 61, 60,
            // 61); more than that is a row read wrong.
            if values
                .windows(2)
                .any(|w| matches!(w, [a, b] if a - b > 1.0))
            {
                return Err(fail(
                    FILE,
                    format!("row {}: falls as height rises", line + 2),
                ));
            }
            rows.insert((r.sex, r.age_years, r.measure, r.bp_percentile), values);
        }
        for sex in [GrowthSex::Male, GrowthSex::Female] {
            for age in 1..=17 {
                for pressure in [Pressure::Systolic, Pressure::Diastolic] {
                    for percentile in [50, 90, 95] {
                        if !rows.contains_key(&(sex, age, pressure, percentile)) {
                            return Err(fail(
                                FILE,
                                format!("no {percentile}th {pressure:?} for {sex:?} at {age}"),
                            ));
                        }
                    }
                }
            }
        }
        Ok(Self { rows })
    }

    /// The blood pressure at a percentile (50, 90, 95) for a child's sex, age and height
    /// column.
    pub fn value(
        &self,
        sex: GrowthSex,
        age_years: u32,
        pressure: Pressure,
        bp_percentile: u32,
        column: usize,
    ) -> Option<f64> {
        self.rows
            .get(&(sex, age_years, pressure, bp_percentile))
            .and_then(|v| v.get(column))
            .copied()
    }
}

/// The column nearest the child's height percentile (below the 5th, the 5th; above the 95th,
/// the 95th); without a height, the 5th, whose cut-offs are the lowest (AAP's screening use).
pub fn height_column(height_percentile: Option<f64>) -> usize {
    let Some(p) = height_percentile else { return 0 };
    let mut best = 0;
    for (i, c) in HEIGHT_COLUMNS.iter().enumerate() {
        let here = (c - p).abs();
        let so_far = HEIGHT_COLUMNS
            .get(best)
            .map_or(f64::INFINITY, |b| (b - p).abs());
        if here < so_far {
            best = i;
        }
    }
    best
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChildBpCategory {
    Normal,
    Elevated,
    Stage1,
    Stage2,
}

impl ChildBpCategory {
    pub fn label(self) -> &'static str {
        match self {
            Self::Normal => "Normal",
            Self::Elevated => "Elevated blood pressure",
            Self::Stage1 => "Stage 1 hypertension",
            Self::Stage2 => "Stage 2 hypertension",
        }
    }
}

/// The cut-offs that applied and the category.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildBp {
    pub category: ChildBpCategory,
    /// The height column used (its percentile), and whether a height set it.
    pub height_column: f64,
    pub height_known: bool,
    /// When the height was measured, if not in this set.
    pub height_from: Option<String>,
    /// Where the higher of the two pressures falls among the table's percentiles.
    pub percentile_band: &'static str,
    /// The lower of each percentile and adult cut-off, systolic and diastolic.
    pub elevated_from: (f64, f64),
    pub stage1_from: (f64, f64),
    pub stage2_from: (f64, f64),
}

impl ChildBp {
    /// "Stage 1 hypertension (AAP 2017: from 110/68 for this age, sex and height)".
    pub fn describe(&self) -> String {
        let (s, d) = match self.category {
            ChildBpCategory::Normal | ChildBpCategory::Elevated => self.elevated_from,
            ChildBpCategory::Stage1 => self.stage1_from,
            ChildBpCategory::Stage2 => self.stage2_from,
        };
        let height = if self.height_known {
            let from = self
                .height_from
                .as_deref()
                .map_or_else(String::new, |d| format!(", measured {d}"));
            format!("height at the {}th percentile{from}", self.height_column)
        } else {
            "no height this year: the 5th height percentile's cut-offs".to_owned()
        };
        match self.category {
            ChildBpCategory::Normal => format!(
                "Normal: {} (AAP 2017: elevated from {s:.0}/{d:.0}; {height})",
                self.percentile_band
            ),
            category => format!(
                "{}: {} (AAP 2017: from {s:.0}/{d:.0}; {height})",
                category.label(),
                self.percentile_band
            ),
        }
    }
}

/// AAP 2017's category for a child of `age_years` (1 to 12), or `None` outside those ages.
pub fn classify(
    table: &BloodPressureTable,
    rules: &BloodPressureRules,
    sex: GrowthSex,
    age_years: u32,
    height_percentile: Option<f64>,
    systolic: f64,
    diastolic: f64,
) -> Option<ChildBp> {
    if !(rules.from_years..rules.until_years).contains(&age_years) {
        return None;
    }
    let column = height_column(height_percentile);
    let at = |pressure, percentile| table.value(sex, age_years, pressure, percentile, column);
    let (s90, d90) = (at(Pressure::Systolic, 90)?, at(Pressure::Diastolic, 90)?);
    let (s95, d95) = (at(Pressure::Systolic, 95)?, at(Pressure::Diastolic, 95)?);
    let lower = |a: f64, b: f64| a.min(b);
    let [es, ed] = rules.elevated_from;
    let [s1s, s1d] = rules.stage1_from;
    let [s2s, s2d] = rules.stage2_from;
    let plus = rules.stage2_above_95th;
    let elevated_from = (lower(s90, es), lower(d90, ed));
    let stage1_from = (lower(s95, s1s), lower(d95, s1d));
    let stage2_from = (lower(s95 + plus, s2s), lower(d95 + plus, s2d));
    let reaches = |(s, d): (f64, f64)| systolic >= s || diastolic >= d;
    let (s50, d50) = (at(Pressure::Systolic, 50)?, at(Pressure::Diastolic, 50)?);
    let percentile_band = if reaches((s95 + plus, d95 + plus)) {
        "at or above the 95th percentile + 12 mm Hg"
    } else if reaches((s95, d95)) {
        "at or above the 95th percentile"
    } else if reaches((s90, d90)) {
        "90th to 94th percentile"
    } else if reaches((s50, d50)) {
        "50th to 89th percentile"
    } else {
        "below the 50th percentile"
    };
    let category = if reaches(stage2_from) {
        ChildBpCategory::Stage2
    } else if reaches(stage1_from) {
        ChildBpCategory::Stage1
    } else if reaches(elevated_from) {
        ChildBpCategory::Elevated
    } else {
        ChildBpCategory::Normal
    };
    Some(ChildBp {
        category,
        height_column: HEIGHT_COLUMNS.get(column).copied().unwrap_or(5.0),
        height_known: height_percentile.is_some(),
        height_from: None,
        percentile_band,
        elevated_from,
        stage1_from,
        stage2_from,
    })
}
