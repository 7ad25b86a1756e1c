//! The administrator's intents: staff accounts, the clinic's settings and the audit log. Each
//! is refused to anyone who is not an administrator, whatever screen asked.

use crate::app::{AppError, AppResult, RoomingApp, Screen};
use crate::clinical::account::{AccountChange, NewAccount, Password};
use crate::clinical::audit::AuditFilter;
use crate::clinical::ids::StaffId;
use crate::clinical::staff::ClinicSettings;
use crate::ui::accounts::AccountsScreen;
use crate::ui::audit_viewer::AuditScreen;
use crate::ui::settings::SettingsScreen;

/// How many audit rows the viewer shows at once; an export has them all.
const AUDIT_ROWS: usize = 500;

impl RoomingApp {
    fn require_administrator(&self) -> AppResult<StaffId> {
        if self.session.is_administrator() {
            Ok(self.session.account.staff.id)
        } else {
            Err(AppError::NotAdministrator)
        }
    }

    pub(super) fn show_accounts(&mut self) -> AppResult<()> {
        self.require_administrator()?;
        self.leave_chart();
        self.screen = Screen::Accounts(Box::new(AccountsScreen::new(self.store.accounts()?)));
        Ok(())
    }

    /// After a change: the list read again, and the form answered.
    fn account_result<T>(
        &mut self,
        result: Result<T, crate::store::AccountError>,
        done: &str,
    ) -> AppResult<()> {
        match result {
            Ok(_) => {
                let accounts = self.store.accounts()?;
                if let Screen::Accounts(screen) = &mut self.screen {
                    screen.refresh(accounts);
                }
                self.say(done);
            }
            Err(e) => {
                if let Screen::Accounts(screen) = &mut self.screen {
                    screen.failed(e.to_string());
                }
            }
        }
        Ok(())
    }

    pub(super) fn add_account(&mut self, new: &NewAccount) -> AppResult<()> {
        let by = self.require_administrator()?;
        let result = self.store.add_account(new, by);
        self.account_result(
            result,
            &format!(
                "Added {}, {}: they choose their own password at their first sign-in",
                new.name, new.credentials
            ),
        )
    }

    pub(super) fn change_account(
        &mut self,
        staff: StaffId,
        change: &AccountChange,
    ) -> AppResult<()> {
        let by = self.require_administrator()?;
        let result = self.store.change_account(staff, change, by);
        if let Ok(account) = &result
            && staff == self.session.account.staff.id
        {
            self.session.account = account.clone();
        }
        self.account_result(result, "Account changed; the earlier version is kept")
    }

    pub(super) fn reset_password(&mut self, staff: StaffId, temporary: &Password) -> AppResult<()> {
        let by = self.require_administrator()?;
        let result = self.store.reset_password(staff, temporary, by);
        self.account_result(
            result,
            "Temporary password set: they must change it at their next sign-in",
        )
    }

    pub(super) fn deactivate_account(&mut self, staff: StaffId) -> AppResult<()> {
        let by = self.require_administrator()?;
        if staff == by {
            if let Screen::Accounts(screen) = &mut self.screen {
                screen.failed("you cannot deactivate your own account while signed in".into());
            }
            return Ok(());
        }
        let result = self.store.deactivate_account(staff, by);
        self.account_result(
            result,
            "Account deactivated: the password opens nothing now",
        )
    }

    pub(super) fn show_settings(&mut self) -> AppResult<()> {
        self.require_administrator()?;
        self.leave_chart();
        let backups = self.backup_words();
        self.screen = Screen::Settings(Box::new(SettingsScreen::new(
            &self.store.settings()?,
            backups,
        )));
        Ok(())
    }

    pub(super) fn save_settings(&mut self, settings: &ClinicSettings) -> AppResult<()> {
        let by = self.require_administrator()?;
        match self.store.set_settings(settings, by) {
            Ok(()) => {
                self.session.settings = settings.clone();
                self.say("Settings saved");
            }
            Err(e) => {
                if let Screen::Settings(screen) = &mut self.screen {
                    screen.failed(e.to_string());
                }
            }
        }
        Ok(())
    }

    pub(super) fn show_audit(&mut self) -> AppResult<()> {
        self.require_administrator()?;
        self.leave_chart();
        let staff = self
            .store
            .accounts()?
            .into_iter()
            .map(|a| (a.staff.id, a.staff.signature()))
            .collect();
        let lines = self
            .store
            .audit_lines(&AuditFilter::default(), AUDIT_ROWS)?;
        let chain = self.chain_words()?;
        self.screen = Screen::Audit(Box::new(AuditScreen::new(chain, staff, lines, AUDIT_ROWS)));
        Ok(())
    }

    /// The chain's state and its head, for the administrator to keep outside the computer.
    fn chain_words(&mut self) -> AppResult<String> {
        use crate::store::ChainStatus;
        let head = self
            .store
            .chain_head()?
            .map_or_else(|| "none yet".to_owned(), |h| h.to_string());
        let state = match self.store.chain_status() {
            ChainStatus::Intact(_) => "verified intact at this start".to_owned(),
            ChainStatus::Checking => "being verified".to_owned(),
            ChainStatus::Broken { first, .. } => format!("BROKEN: {first}"),
            ChainStatus::Failed(e) => format!("not verified: {e}"),
            ChainStatus::Unknown => "not verified at this start".to_owned(),
        };
        Ok(format!(
            "Tamper-evident chain: {state}.\nHead {head}\nKeep the head outside this computer (print it, or write it down with the date): rooming verify --head then proves the chart was not rewritten since."
        ))
    }

    pub(super) fn query_audit(&mut self, filter: &AuditFilter) -> AppResult<()> {
        self.require_administrator()?;
        let lines = self.store.audit_lines(filter, AUDIT_ROWS)?;
        if let Screen::Audit(screen) = &mut self.screen {
            screen.show(lines);
        }
        Ok(())
    }

    /// Writes the rows asked for as CSV beside the chart, named for the moment, readable by
    /// its owner only.
    pub(super) fn export_audit(&mut self, filter: &AuditFilter) -> AppResult<()> {
        let by = self.require_administrator()?;
        let name = format!(
            "audit-{}.csv",
            crate::clinical::time::to_local(self.clock.now()).format("%Y%m%d-%H%M%S")
        );
        let out = self.store.path().with_file_name(name);
        let rows = self.store.export_audit(filter, &out, by)?;
        self.say(format!("{rows} audit rows written to {}", out.display()));
        Ok(())
    }
}
