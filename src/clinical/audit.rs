//! The audit log as the domain sees it: what a row records (`AuditAction`), how an
//! administrator filters it, and a line of the viewer. HIPAA's accounting of access: who opened
//! or changed which chart, when, from this workstation.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clinical::ids::StaffId;

crate::clinical::coded::coded_enum!(
    /// What an audit row records; the label is what the audit viewer shows.
    AuditAction {
        ClinicSetUp => "clinic_set_up", "Clinic set up";
        StaffAdded => "staff_added", "Staff member added";
        PatientRegistered => "patient_registered", "Patient registered";
        PatientCorrected => "patient_corrected", "Demographics corrected";
        ChartOpened => "chart_opened", "Chart opened";
        VisitStarted => "visit_started", "Visit started";
        VisitStatusChanged => "visit_status_changed", "Visit status changed";
        VitalsRecorded => "vitals_recorded", "Vitals recorded";
        VitalsCorrected => "vitals_corrected", "Vitals corrected";
        EnteredInError => "entered_in_error", "Entered in error";
        RecordAdded => "record_added", "Record added";
        RecordCorrected => "record_corrected", "Record corrected";
        LotReceived => "lot_received", "Lot received";
        LotMovement => "lot_movement", "Dose taken from or returned to a lot";
        WarningOverridden => "warning_overridden", "Safety warning passed with a reason";
        LabelPrinted => "label_printed", "Specimen label printed";
        ManifestWritten => "manifest_written", "Courier manifest written";
        GrowthChartPrinted => "growth_chart_printed", "Growth chart printed";
        SignedIn => "signed_in", "Signed in";
        SignInFailed => "sign_in_failed", "Sign-in failed";
        SignedOut => "signed_out", "Signed out";
        Locked => "locked", "Screen locked";
        Unlocked => "unlocked", "Screen unlocked";
        CoSigned => "co_signed", "Co-signed with password";
        PasswordChanged => "password_changed", "Password changed";
        PasswordReset => "password_reset", "Password reset by an administrator";
        PinSet => "pin_set", "PIN set";
        AccountChanged => "account_changed", "Account changed";
        AccountDeactivated => "account_deactivated", "Account deactivated";
        SettingsChanged => "settings_changed", "Clinic settings changed";
        ChartEncrypted => "chart_encrypted", "Chart encrypted";
        PlainCopyExported => "plain_copy_exported", "Plain copy exported";
        AuditExported => "audit_exported", "Audit log exported";
        BackupMade => "backup_made", "Backup made";
    }
);

/// What the administrator asks of the audit log; every part may be left open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// A patient's MRN, or the start of their family name.
    pub patient: String,
    pub staff: Option<StaffId>,
    pub action: Option<AuditAction>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// One row of the audit viewer, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLine {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// Who, as they were named when it happened; empty for a failed sign-in.
    pub staff: String,
    pub action: AuditAction,
    /// The patient's name and MRN, as they are now, when the row is about a patient.
    pub patient: Option<String>,
    pub detail: Option<String>,
}

impl AuditLine {
    /// The detail in words: a record's kind or a visit's status by its name, not its code.
    pub fn detail_words(&self) -> Option<String> {
        let detail = self.detail.as_deref()?;
        let named = match self.action {
            AuditAction::RecordAdded
            | AuditAction::RecordCorrected
            | AuditAction::EnteredInError => crate::clinical::record::RecordKind::from_code(detail)
                .map(crate::clinical::record::RecordKind::label),
            AuditAction::VisitStatusChanged => {
                crate::clinical::visit::VisitStatus::from_code(detail)
                    .map(crate::clinical::visit::VisitStatus::label)
            }
            _ => None,
        };
        Some(named.map_or_else(|| detail.to_owned(), str::to_owned))
    }

    /// The row as a line of comma-separated values (RFC 4180 quoting, and a leading quote
    /// for text a spreadsheet would take for a formula).
    pub fn csv(&self) -> String {
        let cell = |text: &str| {
            let guarded = if text.starts_with(['=', '+', '-', '@']) {
                format!("'{text}")
            } else {
                text.to_owned()
            };
            if guarded.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", guarded.replace('"', "\"\""))
            } else {
                guarded
            }
        };
        [
            self.seq.to_string(),
            self.at.to_rfc3339(),
            cell(&self.staff),
            cell(self.action.label()),
            cell(self.patient.as_deref().unwrap_or("")),
            cell(self.detail_words().as_deref().unwrap_or("")),
        ]
        .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_guards_formulas() {
        let line = AuditLine {
            seq: 7,
            at: DateTime::from_timestamp(0, 0).unwrap(),
            staff: "Lopez, Ana, CMA".into(),
            action: AuditAction::ChartOpened,
            patient: Some("=HYPERLINK(\"x\")".into()),
            detail: None,
        };
        assert_eq!(
            line.csv(),
            "7,1970-01-01T00:00:00+00:00,\"Lopez, Ana, CMA\",Chart opened,\"'=HYPERLINK(\"\"x\"\")\","
        );
    }
}
