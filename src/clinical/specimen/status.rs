//! Where a specimen is in its journey: collected, sent, received by the lab, resulted; or
//! rejected (by the lab) or cancelled, with a reason. Each change is its own record with its
//! time and who made it; a change is allowed only from the states that lead to it, at a time
//! not before the last change and never in the future.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clinical::coded::coded_enum;
use crate::clinical::specimen::SpecimenId;

coded_enum!(
    SpecimenStatus {
        Collected => "collected", "Collected";
        Sent => "sent", "Sent to lab";
        Received => "received", "Received by lab";
        Resulted => "resulted", "Resulted";
        Rejected => "rejected", "Rejected";
        Cancelled => "cancelled", "Cancelled";
    }
);

impl SpecimenStatus {
    /// Whether nothing more can happen to it.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Resulted | Self::Rejected | Self::Cancelled)
    }

    /// The states it may move to next.
    pub fn next(self) -> &'static [Self] {
        match self {
            Self::Collected => &[Self::Sent, Self::Cancelled],
            Self::Sent => &[Self::Received, Self::Resulted, Self::Rejected],
            Self::Received => &[Self::Resulted, Self::Rejected],
            Self::Resulted | Self::Rejected | Self::Cancelled => &[],
        }
    }

    /// Whether moving here needs a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Rejected | Self::Cancelled)
    }
}

/// A change of a specimen's status, linked by the specimen's ID (which, unlike its record id,
/// stays the same when the specimen record is corrected).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub specimen: SpecimenId,
    pub to: SpecimenStatus,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
}

/// Where a specimen stands now: its latest change, or "collected" at its collection time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecimenState {
    pub status: SpecimenStatus,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
    /// When it left for the lab, which is what makes a missing result overdue.
    pub sent_at: Option<DateTime<Utc>>,
}

impl SpecimenState {
    /// From the current changes of one specimen, in the order they were recorded.
    pub fn of<'a>(
        collected_at: DateTime<Utc>,
        changes: impl IntoIterator<Item = &'a StatusChange>,
    ) -> Self {
        let mut standing = Self {
            status: SpecimenStatus::Collected,
            at: collected_at,
            reason: None,
            sent_at: None,
        };
        for change in changes {
            if change.to == SpecimenStatus::Sent {
                standing.sent_at = Some(change.at);
            }
            standing.status = change.to;
            standing.at = change.at;
            standing.reason.clone_from(&change.reason);
        }
        standing
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("a specimen that is {} cannot be marked {}", .from.label().to_lowercase(), .to.label().to_lowercase())]
    NotAllowed {
        from: SpecimenStatus,
        to: SpecimenStatus,
    },
    #[error("that is before the specimen was {} ({})", .last.label().to_lowercase(), .at)]
    OutOfOrder { last: SpecimenStatus, at: String },
    #[error("that time is in the future")]
    InFuture,
    #[error("say why it is {}", .0.label().to_lowercase())]
    ReasonMissing(SpecimenStatus),
}

/// Checks a change against where the specimen stands: its status and the time of its last
/// change (its collection, at first).
pub fn check_change(
    from: SpecimenStatus,
    last_at: DateTime<Utc>,
    to: SpecimenStatus,
    at: DateTime<Utc>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), StatusError> {
    if !from.next().contains(&to) {
        return Err(StatusError::NotAllowed { from, to });
    }
    if at > now {
        return Err(StatusError::InFuture);
    }
    if at < last_at {
        return Err(StatusError::OutOfOrder {
            last: from,
            at: crate::clinical::time::format_local_date_time(last_at),
        });
    }
    if to.needs_reason() && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(StatusError::ReasonMissing(to));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use SpecimenStatus as S;

    fn t(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-26T15:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + chrono::Duration::minutes(minutes)
    }

    #[test]
    fn each_transition_allowed_and_each_refused() {
        let allowed = [
            (S::Collected, S::Sent),
            (S::Collected, S::Cancelled),
            (S::Sent, S::Received),
            (S::Sent, S::Resulted),
            (S::Sent, S::Rejected),
            (S::Received, S::Resulted),
            (S::Received, S::Rejected),
        ];
        for from in S::ALL {
            for to in S::ALL {
                let reason = to.needs_reason().then_some("hemolyzed");
                let result = check_change(*from, t(0), *to, t(10), reason, t(60));
                if allowed.contains(&(*from, *to)) {
                    assert_eq!(result, Ok(()), "{from:?} -> {to:?}");
                } else {
                    assert_eq!(
                        result,
                        Err(StatusError::NotAllowed {
                            from: *from,
                            to: *to
                        }),
                        "{from:?} -> {to:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn times_in_order_and_never_in_the_future() {
        assert_eq!(
            check_change(S::Collected, t(10), S::Sent, t(10), None, t(60)),
            Ok(())
        );
        assert!(matches!(
            check_change(S::Collected, t(10), S::Sent, t(9), None, t(60)),
            Err(StatusError::OutOfOrder { .. })
        ));
        assert_eq!(
            check_change(S::Collected, t(10), S::Sent, t(61), None, t(60)),
            Err(StatusError::InFuture)
        );
        assert_eq!(
            check_change(S::Sent, t(10), S::Rejected, t(20), Some("  "), t(60)),
            Err(StatusError::ReasonMissing(S::Rejected))
        );
    }
}
