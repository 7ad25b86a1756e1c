//! `rooming verify`: walks the chart's chain on a read-only connection (see
//! `store::verify`), prints what it walked and the head to keep outside the file, and ends with
//! an error at the first break.

use std::path::Path;

use crate::cli::Cli;
use crate::clinical::account::Password;
use crate::commands::credentials::{data_key, given_recovery_key};
use crate::store::ChainHead;

pub fn verify(
    path: &Path,
    cli: &Cli,
    password: Option<&Password>,
    head: Option<&str>,
    recovery_file: Option<&Path>,
) -> Result<String, String> {
    let kept = head
        .map(|h| {
            ChainHead::parse(h).ok_or_else(|| {
                format!("“{h}” is not a chain head: give it as SEQ:HASH, as verify prints it")
            })
        })
        .transpose()?;
    let recovery = given_recovery_key(recovery_file)?;
    let key = data_key(path, cli, password, recovery.as_ref())?;
    let started = std::time::Instant::now();
    let report = crate::store::verify_file(path, &key, kept.as_ref()).map_err(|e| e.to_string())?;
    let took = started.elapsed().as_secs_f64();
    let head = report
        .head
        .as_ref()
        .map_or_else(|| "none yet".to_owned(), ToString::to_string);
    match report.first_break() {
        None => Ok(format!(
            "The chain is intact: {} links and {} rows checked in {took:.1} s.\nHead: {head}\nKeep the head outside this computer (print it, or write it down with the date): a chart rewritten whole would no longer contain it.",
            report.chain_rows, report.rows
        )),
        Some(first) => Err(format!(
            "THE CHAIN IS BROKEN: {} break{} found. The first: {first}.\nThe chart was changed outside Rooming. Do not chart in it; tell the administrator, who keeps it as it is (for the investigation) and restores the latest backup that verifies.",
            report.breaks.len(),
            if report.breaks.len() == 1 { "" } else { "s" }
        )),
    }
}
