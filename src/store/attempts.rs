//! Sign-in attempts kept beside the chart (`chart.rooming.signins`): failures in a row per
//! username, for the growing wait after five, and what happened before the chart could be
//! opened, to be written into its audit log at the next sign-in. Usernames and times only;
//! never a password.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::account::{Username, wait_after};
use crate::store::keyring::write_private;

/// A sign-in event not yet in the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub at: DateTime<Utc>,
    /// What was typed as the username (it may be no one's).
    pub username: String,
    pub succeeded: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Content {
    /// Failures in a row, and the last one's time, per username as typed (lower case).
    failures: BTreeMap<String, (u32, DateTime<Utc>)>,
    pending: Vec<PendingSignIn>,
}

/// The attempts of one chart.
#[derive(Clone, Debug)]
pub struct Attempts {
    path: PathBuf,
    content: Content,
}

fn attempts_file(chart: &Path) -> PathBuf {
    let mut name = chart.file_name().unwrap_or_default().to_owned();
    name.push(".signins");
    chart.with_file_name(name)
}

/// Sign-ins are refused for this long yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait(pub Duration);

impl Attempts {
    /// Reads the file; a missing or unreadable one starts afresh (it holds no clinical data,
    /// and a deleted file only forgets the wait, which the audit log still shows).
    pub fn load(chart: &Path) -> Self {
        let path = attempts_file(chart);
        let content = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Self { path, content }
    }

    fn key(username: &str) -> String {
        username.trim().to_lowercase()
    }

    /// How long a sign-in as `username` must still wait, if at all.
    pub fn wait(&self, username: &str, now: DateTime<Utc>) -> Option<Wait> {
        let (failures, last) = self.content.failures.get(&Self::key(username))?;
        let wait = wait_after(*failures);
        let until = *last + chrono::Duration::from_std(wait).ok()?;
        (until > now).then(|| Wait((until - now).to_std().unwrap_or(wait)))
    }

    /// Notes a failed sign-in; the wait grows from the fifth in a row.
    pub fn failed(&mut self, username: &str, now: DateTime<Utc>) {
        let entry = self
            .content
            .failures
            .entry(Self::key(username))
            .or_insert((0, now));
        entry.0 += 1;
        entry.1 = now;
        self.content.pending.push(PendingSignIn {
            at: now,
            username: Self::key(username),
            succeeded: false,
        });
        self.save();
    }

    /// Notes a sign-in that succeeded: the count starts again.
    pub fn succeeded(&mut self, username: &Username) {
        self.content.failures.remove(username.as_str());
        self.save();
    }

    /// The events not yet in the audit log, taken (the caller writes them).
    pub fn take_pending(&mut self) -> Vec<PendingSignIn> {
        let pending = std::mem::take(&mut self.content.pending);
        if !pending.is_empty() {
            self.save();
        }
        pending
    }

    fn save(&self) {
        let Ok(json) = serde_json::to_vec(&self.content) else {
            return;
        };
        // Losing this file loses only a wait; a write that fails is logged and not fatal.
        if let Err(e) = write_private(&self.path, &json) {
            tracing::warn!(error = %e, "sign-in attempts not written");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_try_waits_and_a_success_clears_the_count() {
        let dir = tempfile::tempdir().unwrap();
        let chart = dir.path().join("chart.rooming");
        let now = Utc::now();
        let mut attempts = Attempts::load(&chart);
        for _ in 0..4 {
            attempts.failed("Ana", now);
        }
        assert_eq!(
            attempts.wait("ana", now),
            None,
            "four failures: no wait yet"
        );
        attempts.failed("ana", now);
        let reloaded = Attempts::load(&chart);
        assert_eq!(
            reloaded.wait("ANA", now),
            Some(Wait(Duration::from_secs(30))),
            "kept on disk, whatever the case typed"
        );
        assert_eq!(
            reloaded.wait("ana", now + chrono::Duration::seconds(31)),
            None
        );
        let mut attempts = reloaded;
        attempts.succeeded(&Username::parse("ana").unwrap());
        assert_eq!(attempts.wait("ana", now), None);
        assert_eq!(attempts.take_pending().len(), 5);
        assert!(Attempts::load(&chart).take_pending().is_empty());
    }
}
