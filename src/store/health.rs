//! What the chart's health checks need to remember between runs, beside the chart
//! (`chart.rooming.health`): whether it was closed cleanly, and when it was last checked whole.
//! The whole-file check runs after an unclean shutdown and at most daily otherwise, so a large
//! chart does not read all of itself at every start. No clinical data.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::store::keyring::write_private;

/// How long a clean chart goes between whole-file checks.
const CHECK_EVERY: chrono::Duration = chrono::Duration::days(1);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Content {
    /// Set while the chart is open; still set at the next start means it was not closed
    /// cleanly (a crash, a power cut, a kill).
    open_since: Option<DateTime<Utc>>,
    /// When `quick_check` last passed.
    last_check: Option<DateTime<Utc>>,
    /// When the whole chain last verified, and the head it reached then (what the next start
    /// verifies on from).
    #[serde(default)]
    last_verify: Option<DateTime<Utc>>,
    #[serde(default)]
    verified_head: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Health {
    path: PathBuf,
    content: Content,
}

fn health_file(chart: &Path) -> PathBuf {
    let mut name = chart.file_name().unwrap_or_default().to_owned();
    name.push(".health");
    chart.with_file_name(name)
}

impl Health {
    /// A missing or unreadable file means nothing is known: the check is due.
    pub(crate) fn load(chart: &Path) -> Self {
        let path = health_file(chart);
        let content = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Self { path, content }
    }

    /// Whether the whole file should be checked at this opening.
    pub(crate) fn check_due(&self, now: DateTime<Utc>) -> bool {
        self.content.open_since.is_some()
            || self
                .content
                .last_check
                .is_none_or(|last| now - last >= CHECK_EVERY)
    }

    /// Where the chain's walk should start: `None` for the whole chain (after an unclean
    /// shutdown, once a day, or when nothing was verified yet), else the head verified last.
    pub(crate) fn verify_from(&self, now: DateTime<Utc>) -> Option<crate::store::ChainHead> {
        let whole = self.content.open_since.is_some()
            || self
                .content
                .last_verify
                .is_none_or(|last| now - last >= CHECK_EVERY);
        if whole {
            return None;
        }
        self.content
            .verified_head
            .as_deref()
            .and_then(crate::store::ChainHead::parse)
    }

    /// The chain verified up to `head`; `whole` when the walk covered all of it.
    pub(crate) fn verified(
        &mut self,
        head: Option<&crate::store::ChainHead>,
        whole: bool,
        now: DateTime<Utc>,
    ) {
        if whole {
            self.content.last_verify = Some(now);
        }
        self.content.verified_head = head.map(ToString::to_string);
        self.save();
    }

    pub(crate) fn opened(&mut self, now: DateTime<Utc>) {
        self.content.open_since = Some(now);
        self.save();
    }

    pub(crate) fn checked(&mut self, now: DateTime<Utc>) {
        self.content.last_check = Some(now);
        self.save();
    }

    pub(crate) fn closed(&mut self) {
        self.content.open_since = None;
        self.save();
    }

    fn save(&self) {
        let Ok(json) = serde_json::to_vec(&self.content) else {
            return;
        };
        // Losing this file only makes the next start check the whole chart.
        if let Err(e) = write_private(&self.path, &json) {
            tracing::warn!(error = %e, "chart health not written");
        }
    }
}

/// Held by an open store: marks the chart closed cleanly when the store goes.
#[derive(Debug)]
pub(crate) struct OpenMark(pub(crate) Health);

impl Drop for OpenMark {
    fn drop(&mut self) {
        self.0.closed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_is_due_after_an_unclean_close_or_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let chart = dir.path().join("chart.rooming");
        let now = Utc::now();
        assert!(Health::load(&chart).check_due(now), "nothing known yet");
        let mut health = Health::load(&chart);
        health.opened(now);
        health.checked(now);
        assert!(
            Health::load(&chart).check_due(now),
            "still marked open: not closed cleanly"
        );
        health.closed();
        let later = Health::load(&chart);
        assert!(!later.check_due(now + chrono::Duration::hours(23)));
        assert!(later.check_due(now + chrono::Duration::hours(25)));
    }
}
