//! The growth references built into Rooming (`assets/growth/`), read and checked once at start:
//! the WHO and CDC LMS tables, the AAP 2017 blood pressure table, and the rules in
//! `growth.toml`. A table out of order, a non-positive median or a missing sex stops the start.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::clinical::growth::blood_pressure::BloodPressureTable;
use crate::clinical::growth::curve::Curve;
use crate::clinical::growth::lms::Lms;
use crate::clinical::patient::Sex;

/// The two sexes the references are published for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GrowthSex {
    Male,
    Female,
}

impl GrowthSex {
    /// `None` for a sex the references have no table for.
    pub fn of(sex: Sex) -> Option<Self> {
        match sex {
            Sex::Male => Some(Self::Male),
            Sex::Female => Some(Self::Female),
            Sex::Other | Sex::Unknown => None,
        }
    }
}

/// What a table is read by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    AgeDays,
    AgeMonths,
    LengthCm,
}

macro_rules! tables {
    ($($variant:ident => $file:literal, $axis:ident, $label:literal;)*) => {
        /// One published table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Table { $($variant),* }

        impl Table {
            pub const ALL: &[Self] = &[$(Self::$variant),*];

            /// The file's name in `assets/growth/`, without `.csv`.
            pub fn file(self) -> &'static str {
                match self { $(Self::$variant => $file),* }
            }

            pub fn axis(self) -> Axis {
                match self { $(Self::$variant => Axis::$axis),* }
            }

            /// "WHO weight-for-age".
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),* }
            }

            fn text(self) -> &'static str {
                match self {
                    $(Self::$variant => include_str!(concat!("../../../assets/growth/", $file, ".csv"))),*
                }
            }
        }
    };
}

tables! {
    WhoWeightForAge => "who_weight_for_age", AgeDays, "WHO weight-for-age";
    WhoLengthForAge => "who_length_for_age", AgeDays, "WHO length-for-age";
    WhoHeadCircumferenceForAge => "who_head_circumference_for_age", AgeDays, "WHO head circumference-for-age";
    WhoBmiForAge => "who_bmi_for_age", AgeDays, "WHO BMI-for-age";
    WhoWeightForLength => "who_weight_for_length", LengthCm, "WHO weight-for-length";
    CdcWeightForAge => "cdc_weight_for_age", AgeMonths, "CDC weight-for-age";
    CdcStatureForAge => "cdc_stature_for_age", AgeMonths, "CDC stature-for-age";
    CdcBmiForAge => "cdc_bmi_for_age", AgeMonths, "CDC BMI-for-age";
}

impl Table {
    pub fn is_who(self) -> bool {
        !matches!(
            self,
            Self::CdcWeightForAge | Self::CdcStatureForAge | Self::CdcBmiForAge
        )
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Flags {
    pub low_below: f64,
    pub high_above: f64,
    pub bmi_high_from: f64,
    pub major_lines: Vec<f64>,
    pub lines_to_flag: usize,
    pub curves: Vec<f64>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExtendedBmi {
    pub male: [f64; 3],
    pub female: [f64; 3],
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BloodPressureRules {
    pub from_years: u32,
    pub until_years: u32,
    pub elevated_from: [f64; 2],
    pub stage1_from: [f64; 2],
    pub stage2_from: [f64; 2],
    pub stage2_above_95th: f64,
    pub height_within_days: i64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GrowthRules {
    pub source: String,
    pub who_until_months: f64,
    pub cdc_until_months: f64,
    pub days_per_month: f64,
    pub length_minus_height_cm: f64,
    pub premature_before_weeks: u32,
    pub term_weeks: u32,
    pub flags: Flags,
    pub extended_bmi: ExtendedBmi,
    pub blood_pressure: BloodPressureRules,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("growth reference {file}: {detail}")]
pub struct GrowthDataError {
    pub file: String,
    pub detail: String,
}

pub fn fail(file: &str, detail: impl Into<String>) -> GrowthDataError {
    GrowthDataError {
        file: file.to_owned(),
        detail: detail.into(),
    }
}

#[derive(Deserialize)]
struct Row {
    sex: GrowthSex,
    // The first column is the age in days or months, or the length.
    #[serde(alias = "day", alias = "age_months", alias = "length_cm")]
    x: f64,
    l: f64,
    m: f64,
    s: f64,
}

/// Everything the growth calculations read.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthReference {
    curves: BTreeMap<(Table, GrowthSex), Curve>,
    pub rules: GrowthRules,
    pub blood_pressure: BloodPressureTable,
}

impl GrowthReference {
    pub fn built_in() -> Result<Self, GrowthDataError> {
        let rules: GrowthRules = toml::from_str(include_str!("../../../assets/growth/growth.toml"))
            .map_err(|e| fail("growth.toml", e.to_string()))?;
        let mut curves = BTreeMap::new();
        for table in Table::ALL {
            for (sex, curve) in read_table(*table)? {
                curves.insert((*table, sex), curve);
            }
        }
        let blood_pressure = BloodPressureTable::built_in()?;
        Ok(Self {
            curves,
            rules,
            blood_pressure,
        })
    }

    pub fn curve(&self, table: Table, sex: GrowthSex) -> Option<&Curve> {
        self.curves.get(&(table, sex))
    }
}

fn read_table(table: Table) -> Result<Vec<(GrowthSex, Curve)>, GrowthDataError> {
    let file = format!("{}.csv", table.file());
    let mut by_sex: BTreeMap<GrowthSex, Vec<(f64, Lms)>> = BTreeMap::new();
    for (line, row) in csv::Reader::from_reader(table.text().as_bytes())
        .deserialize::<Row>()
        .enumerate()
    {
        let row = row.map_err(|e| fail(&file, format!("row {}: {e}", line + 2)))?;
        let sound = [row.x, row.l, row.m, row.s].iter().all(|v| v.is_finite())
            && row.m > 0.0
            && row.s > 0.0;
        if !sound {
            return Err(fail(
                &file,
                format!("row {}: M and S must be positive", line + 2),
            ));
        }
        by_sex.entry(row.sex).or_default().push((
            row.x,
            Lms {
                l: row.l,
                m: row.m,
                s: row.s,
            },
        ));
    }
    if by_sex.len() != 2 {
        return Err(fail(&file, "needs both sexes"));
    }
    by_sex
        .into_iter()
        .map(|(sex, rows)| {
            Curve::new(rows)
                .map(|c| (sex, c))
                .ok_or_else(|| fail(&file, format!("{sex:?} rows are not in increasing order")))
        })
        .collect()
}
