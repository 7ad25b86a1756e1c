//! CDC's 1,013 healthy childhood and adult CDSi test cases (version 4.45) through the engine:
//! every dose's expected evaluation, the series status and the forecast (dose number, earliest,
//! recommended and past-due dates). `tests/cdsi/known-failures.txt` lists each case the engine
//! does not yet pass, with what differed first; this test fails when any other case fails, so
//! the count passing never goes down. `CDSI_WRITE_FAILURES=1 cargo test --test cdsi_cases`
//! writes the list again after the engine improves.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rooming::clinical::cdsi::data::Gender;
use rooming::clinical::cdsi::evaluate::Given;
use rooming::clinical::cdsi::supporting::Supporting;
use rooming::clinical::cdsi::{Person, assess};

const CASES: &str = include_str!("cdsi/test-cases-healthy-v4.45.csv");
const KNOWN: &str = "tests/cdsi/known-failures.txt";

struct Dose {
    given: Given,
    status: String,
}

struct Case {
    id: String,
    person: Person,
    doses: Vec<Dose>,
    series_status: String,
    forecast_dose: Option<usize>,
    earliest: Option<NaiveDate>,
    recommended: Option<NaiveDate>,
    past_due: Option<NaiveDate>,
    group: String,
    assessment: NaiveDate,
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The test cases' short names for CDSi's vaccine groups.
fn group(test: &str) -> &'static str {
    match test {
        "DTAP" => "DTaP/Tdap/Td",
        "FLU" => "Influenza",
        "HIB" => "Hib",
        "HPV" => "HPV",
        "HepA" => "HepA",
        "HepB" => "HepB",
        "MCV" => "Meningococcal",
        "MENB" => "Meningococcal B",
        "MMR" => "MMR",
        "PCV" => "Pneumococcal",
        "POL" => "Polio",
        "ROTA" => "Rotavirus",
        "RSV" => "RSV",
        "VAR" => "Varicella",
        "ZOSTER" => "Zoster",
        "COVID-19" => "COVID-19",
        other => panic!("vaccine group {other} is not mapped"),
    }
}

fn cases() -> Vec<Case> {
    let mut reader = csv::Reader::from_reader(CASES.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let field = |name: &str| {
                let at = headers.iter().position(|h| h == name).unwrap();
                record.get(at).unwrap_or_default().trim().to_owned()
            };
            let doses = (1..=7)
                .filter_map(|n| {
                    let day = date(&field(&format!("Date_Administered_{n}")))?;
                    Some(Dose {
                        given: Given {
                            date: day,
                            cvx: field(&format!("CVX_{n}")).parse().unwrap(),
                        },
                        status: field(&format!("Evaluation_Status_{n}")),
                    })
                })
                .collect();
            Case {
                id: field("CDC_Test_ID"),
                person: Person {
                    birth: date(&field("DOB")).unwrap(),
                    gender: match field("gender").as_str() {
                        "F" => Some(Gender::Female),
                        "M" => Some(Gender::Male),
                        _ => None,
                    },
                },
                doses,
                series_status: field("Series_Status"),
                forecast_dose: field("Forecast_#").parse().ok(),
                earliest: date(&field("Earliest_Date")),
                recommended: date(&field("Recommended_Date")),
                past_due: date(&field("Past_Due_Date")),
                group: field("Vaccine_Group"),
                assessment: date(&field("Assessment_Date")).unwrap(),
            }
        })
        .collect()
}

/// What differed first between the engine and CDC's expectation, or `None` when it passes.
fn first_difference(data: &Supporting, case: &Case) -> Option<String> {
    let given: Vec<Given> = case.doses.iter().map(|d| d.given).collect();
    let Some(found) = assess(
        data,
        group(&case.group),
        case.person,
        &given,
        case.assessment,
    ) else {
        return Some(format!(
            "vaccine group {} unknown to the engine",
            case.group
        ));
    };
    for (n, dose) in case.doses.iter().enumerate() {
        // A dose of another group (the varicella in an MMR case) is evaluated in its own.
        let elsewhere = || {
            data.schedule
                .groups
                .iter()
                .filter(|g| g.antigens.iter().any(|a| data.carries(dose.given.cvx, a)))
                .filter_map(|g| assess(data, &g.name, case.person, &given, case.assessment))
                .find_map(|other| {
                    other
                        .doses
                        .iter()
                        .find(|(g, _)| *g == dose.given)
                        .map(|(_, s)| s.words())
                })
        };
        let got = found
            .doses
            .iter()
            .find(|(g, _)| *g == dose.given)
            .map(|(_, s)| s.words())
            .or_else(elsewhere);
        if !dose.status.is_empty() && got != Some(dose.status.as_str()) {
            return Some(format!(
                "dose {} (CVX {} on {}): expected {}, engine {}",
                n + 1,
                dose.given.cvx,
                dose.given.date,
                dose.status,
                got.unwrap_or("not evaluated")
            ));
        }
    }
    let forecast = &found.forecast;
    if !case
        .series_status
        .eq_ignore_ascii_case(forecast.status.words())
    {
        return Some(format!(
            "series status: expected {}, engine {}",
            case.series_status,
            forecast.status.words()
        ));
    }
    let mut differences = String::new();
    if case.forecast_dose.is_some() && case.forecast_dose != forecast.dose {
        let _ = write!(
            differences,
            "forecast dose {:?} / {:?}; ",
            case.forecast_dose, forecast.dose
        );
    }
    for (what, expected, got) in [
        ("earliest", case.earliest, forecast.earliest),
        ("recommended", case.recommended, forecast.recommended),
        ("past due", case.past_due, forecast.past_due),
    ] {
        if expected.is_some() && expected != got {
            let _ = write!(differences, "{what} {expected:?} / {got:?}; ");
        }
    }
    (!differences.is_empty()).then(|| format!("forecast (expected / engine): {differences}"))
}

#[test]
fn cdc_healthy_test_cases() {
    let data = Supporting::built_in().unwrap();
    let cases = cases();
    assert_eq!(cases.len(), 1013, "CDC's 1,013 healthy cases");
    let failing: BTreeMap<String, String> = cases
        .iter()
        .filter_map(|case| first_difference(&data, case).map(|why| (case.id.clone(), why)))
        .collect();
    let passing = cases.len() - failing.len();
    if std::env::var_os("CDSI_WRITE_FAILURES").is_some() {
        let mut text = format!(
            "# CDSi healthy test cases the engine does not pass yet: {} of {} ({passing} pass).\n\
             # One line per case: its CDC_Test_ID, then what differed first (expected / engine).\n",
            failing.len(),
            cases.len()
        );
        for (id, why) in &failing {
            let _ = writeln!(text, "{id}\t{why}");
        }
        std::fs::write(KNOWN, text).unwrap();
    }
    let known: BTreeMap<String, String> = std::fs::read_to_string(KNOWN)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, why)| (id.to_owned(), why.to_owned()))
        .collect();
    // Every known failure is explained in words, by hand (tests/cdsi/why.txt).
    let explained: std::collections::BTreeSet<String> =
        std::fs::read_to_string("tests/cdsi/why.txt")
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t').map(|(id, _)| id.to_owned()))
            .collect();
    let unexplained: Vec<&String> = known.keys().filter(|id| !explained.contains(*id)).collect();
    assert!(
        unexplained.is_empty(),
        "known failures without a reason in tests/cdsi/why.txt: {unexplained:?}"
    );
    let regressed: Vec<String> = failing
        .iter()
        .filter(|(id, _)| !known.contains_key(*id))
        .map(|(id, why)| format!("{id}: {why}"))
        .collect();
    println!(
        "CDSi healthy cases: {passing} of {} pass ({} newly passing)",
        cases.len(),
        known.keys().filter(|id| !failing.contains_key(*id)).count()
    );
    assert!(
        regressed.is_empty(),
        "{} cases that passed now fail:\n{}",
        regressed.len(),
        regressed.join("\n")
    );
}

#[test]
#[ignore = "a tool: CDSI_CASE=2013-0007 cargo test --test cdsi_cases explain -- --ignored --nocapture"]
fn explain() {
    let data = Supporting::built_in().unwrap();
    let id = std::env::var("CDSI_CASE").unwrap();
    let case = cases().into_iter().find(|c| c.id == id).unwrap();
    let given: Vec<Given> = case.doses.iter().map(|d| d.given).collect();
    for antigen in data.group_antigens(group(&case.group)).unwrap() {
        for series in data.series_of(antigen) {
            let mine: Vec<Given> = given
                .iter()
                .filter(|g| data.carries(g.cvx, antigen))
                .copied()
                .collect();
            let patient = rooming::clinical::cdsi::evaluate::Patient {
                birth: case.person.birth,
            };
            let e =
                rooming::clinical::cdsi::evaluate::evaluate(&data, series, patient, &mine, &given);
            let history: Vec<_> = mine.iter().copied().zip(e.statuses.clone()).collect();
            let f = rooming::clinical::cdsi::forecast::forecast(
                &data,
                &e,
                patient,
                &history,
                &given,
                case.assessment,
            );
            println!(
                "{antigen} / {}: {:?} next {} forecast {:?}",
                series.name, e.statuses, e.next, f
            );
        }
    }
    println!("{:?}", first_difference(&data, &case));
}
