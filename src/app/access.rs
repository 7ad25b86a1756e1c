//! Who is charting, kept true: the start of a session (a temporary password is changed before
//! anything else), the idle lock and the key that locks at once, resuming with a PIN or the
//! password, another staff member signing in over the lock, one's own password and PIN, and
//! signing out. Every one of them is in the audit log.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use egui::Ui;

use crate::app::{AppResult, RoomingApp, Screen, Session};
use crate::clinical::account::{Password, Pin, Username};
use crate::clinical::audit::AuditAction;
use crate::store::{AccountError, Attempts, Store, Wait};
use crate::ui::Intent;
use crate::ui::lock::{LockScreen, Resume};
use crate::ui::my_account::{MyAccountScreen, Owner};
use crate::ui::sign_in::SignInAttempt;

/// The one answer to a wrong username or password: it never says which.
pub(super) const WRONG: &str = "That username and password do not match an active account.";

/// "30 seconds", "2 minutes".
fn how_long(wait: Duration) -> String {
    let seconds = wait.as_secs().max(1);
    if seconds < 90 {
        format!("{seconds} seconds")
    } else {
        format!("{} minutes", seconds.div_ceil(60))
    }
}

/// Tries a password for the username typed, unless the username must still wait after too
/// many failures; notes the outcome beside the chart (for the wait, and for the audit log of a
/// chart not yet open). `verify` is what proves the password.
pub(super) fn try_password<T>(
    chart: &Path,
    now: DateTime<Utc>,
    attempt: &SignInAttempt,
    verify: impl FnOnce(&Username, &Password) -> Result<T, AccountError>,
) -> Result<T, String> {
    let mut attempts = Attempts::load(chart);
    if let Some(Wait(wait)) = attempts.wait(&attempt.username, now) {
        return Err(format!(
            "Too many tries with this username: wait {}, then try again.",
            how_long(wait)
        ));
    }
    let outcome = match Username::parse(&attempt.username) {
        Ok(username) => verify(&username, &attempt.password).map(|found| (found, username)),
        // A username that cannot be anyone's fails like a wrong password.
        Err(_) => Err(AccountError::WrongCredentials),
    };
    match outcome {
        Ok((found, username)) => {
            attempts.succeeded(&username);
            Ok(found)
        }
        Err(AccountError::WrongCredentials) => {
            attempts.failed(&attempt.username, now);
            Err(match attempts.wait(&attempt.username, now) {
                Some(Wait(wait)) => format!(
                    "{WRONG} Too many tries: wait {} before the next.",
                    how_long(wait)
                ),
                None => WRONG.to_owned(),
            })
        }
        Err(other) => Err(other.to_string()),
    }
}

/// Writes the sign-in failures noted beside the chart into its audit log (the username typed,
/// never the password).
pub(super) fn record_attempts(store: &mut Store) {
    let mut attempts = Attempts::load(store.path());
    for pending in attempts.take_pending() {
        let action = if pending.succeeded {
            AuditAction::SignedIn
        } else {
            AuditAction::SignInFailed
        };
        if let Err(e) = store.audit_access(action, None, Some(&pending.username), Some(pending.at))
        {
            tracing::warn!(error = %e, "sign-in attempt not written to the audit log");
        }
    }
}

impl RoomingApp {
    /// The start of a session: a temporary password is changed first; then the day's list.
    pub(super) fn begin(&mut self) {
        self.lock = None;
        self.last_activity = None;
        self.last_chart = None;
        self.drafts = self.drafts.fresh();
        if self.session.account.must_change_password {
            self.screen = Screen::MyAccount(Box::new(MyAccountScreen::new(self.owner(), true)));
            self.say("Choose your own password to begin");
            return;
        }
        self.say(format!(
            "Signed in: {}",
            self.session.account.staff.signature()
        ));
        if let Err(e) = self.show_home() {
            self.say_error(e.to_string());
        }
    }

    fn owner(&self) -> Owner {
        let account = &self.session.account;
        Owner {
            signature: account.staff.signature(),
            personal: vec![
                account.staff.name.clone(),
                account
                    .username
                    .as_ref()
                    .map(|u| u.as_str().to_owned())
                    .unwrap_or_default(),
                self.session.clinic.name.clone(),
            ],
            has_pin: self.store.has_pin(account.staff.id).unwrap_or(false),
            pin_hours: self.session.settings.pin_hours,
        }
    }

    fn audit(&mut self, action: AuditAction, detail: Option<&str>) {
        let staff = self.session.account.staff.id;
        if let Err(e) = self.store.audit_access(action, Some(staff), detail, None) {
            tracing::warn!(error = %e, "access not written to the audit log");
        }
    }

    /// Locks the screen once nothing has been typed or clicked for the clinic's idle time, and
    /// asks for a frame at that moment (an idle window draws nothing until then).
    pub(super) fn watch_idle(&mut self, ui: &Ui) {
        if self.lock.is_some() {
            return;
        }
        let (now, active) = ui.input(|i| {
            (
                i.time,
                !i.events.is_empty() || i.pointer.is_moving() || i.pointer.any_down(),
            )
        });
        let last = match self.last_activity {
            Some(last) if !active => last,
            _ => {
                self.last_activity = Some(now);
                now
            }
        };
        let limit = f64::from(self.session.settings.idle_lock_minutes) * 60.0;
        let idle = now - last;
        if idle >= limit {
            self.lock_now("idle");
        } else {
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(limit - idle));
        }
    }

    /// Whether the PIN may resume: the person has one, the clinic allows it, and their last
    /// full sign-in is recent enough.
    fn pin_allowed(&self) -> bool {
        let hours = i64::from(self.session.settings.pin_hours);
        hours > 0
            && self.clock.now() - self.session.signed_in_at < chrono::Duration::hours(hours)
            && self
                .store
                .has_pin(self.session.account.staff.id)
                .unwrap_or(false)
    }

    /// Hides everything behind the lock screen. What is typed is kept (on screen for the same
    /// person, and as their draft on disk).
    pub(super) fn lock_now(&mut self, why: &str) {
        if self.lock.is_some() {
            return;
        }
        self.flush_drafts();
        let resume = if self.pin_allowed() {
            Resume::Pin
        } else {
            Resume::Password
        };
        self.lock = Some(LockScreen::new(
            self.session.account.staff.signature(),
            resume,
        ));
        // The status line may name a patient ("Registered MRN …").
        self.status = None;
        self.audit(AuditAction::Locked, Some(why));
    }

    /// The lock screen alone: no top bar, no status line, no patient.
    pub(super) fn draw_lock(&mut self, ui: &mut Ui) -> Vec<Intent> {
        let Some(lock) = &mut self.lock else {
            return Vec::new();
        };
        let mut intents = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            crate::ui::widgets::centered(ui, 620.0, |ui| intents.extend(lock.ui(ui)));
        });
        if !intents.is_empty() {
            ui.ctx().request_repaint();
        }
        intents
    }

    fn unlock(&mut self, how: &str) {
        self.lock = None;
        self.last_activity = None;
        self.audit(AuditAction::Unlocked, Some(how));
        self.say(format!(
            "Welcome back, {}",
            self.session.account.staff.signature()
        ));
    }

    pub(super) fn unlock_with_pin(&mut self, pin: &Pin) -> AppResult<()> {
        let staff = self.session.account.staff.id;
        if self.pin_allowed() && self.store.check_pin(staff, pin)? {
            self.unlock("PIN");
            return Ok(());
        }
        let username = self.username();
        if let Err(e) = self.store.audit_access(
            AuditAction::SignInFailed,
            None,
            Some(&format!("{username} (PIN)")),
            None,
        ) {
            tracing::warn!(error = %e, "failed PIN not written to the audit log");
        }
        if let Some(lock) = &mut self.lock {
            lock.resume_failed("That PIN is not right. Use your password.".into());
        }
        Ok(())
    }

    fn username(&self) -> String {
        self.session
            .account
            .username
            .as_ref()
            .map(|u| u.as_str().to_owned())
            .unwrap_or_default()
    }

    pub(super) fn unlock_with_password(&mut self, password: Password) {
        let attempt = SignInAttempt {
            username: self.username(),
            password,
        };
        let staff = self.session.account.staff.id;
        let store = &self.store;
        let result = try_password(store.path(), self.clock.now(), &attempt, |u, p| {
            store.authenticate(u, p).and_then(|account| {
                if account.staff.id == staff {
                    Ok(account)
                } else {
                    Err(AccountError::WrongCredentials)
                }
            })
        });
        record_attempts(&mut self.store);
        match result {
            Ok(account) => {
                self.session.account = account;
                // A full sign-in: the PIN's hours start again.
                self.session.signed_in_at = self.clock.now();
                self.unlock("password");
            }
            Err(message) => {
                if let Some(lock) = &mut self.lock {
                    lock.resume_failed(message);
                }
            }
        }
    }

    /// Another staff member signs in over the lock screen. The first one's unsaved work was
    /// written as their draft when the screen locked; it is theirs, and never shown to the
    /// second.
    pub(super) fn switch_user(&mut self, attempt: &SignInAttempt) -> AppResult<()> {
        let store = &self.store;
        let result = try_password(store.path(), self.clock.now(), attempt, |u, p| {
            store.authenticate(u, p)
        });
        record_attempts(&mut self.store);
        let account = match result {
            Ok(account) => account,
            Err(message) => {
                if let Some(lock) = &mut self.lock {
                    lock.switch_failed(message);
                }
                return Ok(());
            }
        };
        if account.staff.id == self.session.account.staff.id {
            self.session.account = account;
            self.session.signed_in_at = self.clock.now();
            self.unlock("password");
            return Ok(());
        }
        self.flush_drafts();
        crate::app::specimens::clear_printouts(self.store.path());
        self.audit(
            AuditAction::SignedOut,
            Some("another staff member signed in over the lock"),
        );
        let units = self
            .store
            .unit_choices(account.staff.id)
            .unwrap_or_default();
        self.session = Session {
            account,
            clinic: self.session.clinic.clone(),
            settings: self.store.settings()?,
            units,
            signed_in_at: self.clock.now(),
        };
        self.audit(AuditAction::SignedIn, Some("over the lock screen"));
        // The first person's screen goes with them: nothing of it is shown to the second.
        self.screen = Screen::Home(crate::ui::home::HomeScreen::new(Vec::new()));
        self.begin();
        Ok(())
    }

    pub(super) fn sign_out(&mut self) {
        self.flush_drafts();
        self.back_up_if_older_than(crate::app::backups::AFTER_SIGN_OUT);
        crate::app::specimens::clear_printouts(self.store.path());
        self.audit(AuditAction::SignedOut, None);
        self.signed_out = true;
    }

    pub(super) fn show_my_account(&mut self) {
        self.leave_chart();
        self.screen = Screen::MyAccount(Box::new(MyAccountScreen::new(self.owner(), false)));
    }

    pub(super) fn change_own_password(&mut self, current: Option<&Password>, new: &Password) {
        if let Some(current) = current {
            let attempt = SignInAttempt {
                username: self.username(),
                password: current.clone(),
            };
            let staff = self.session.account.staff.id;
            let store = &self.store;
            let checked = try_password(store.path(), self.clock.now(), &attempt, |u, p| {
                store.authenticate(u, p).and_then(|a| {
                    if a.staff.id == staff {
                        Ok(a)
                    } else {
                        Err(AccountError::WrongCredentials)
                    }
                })
            });
            record_attempts(&mut self.store);
            if checked.is_err() {
                if let Screen::MyAccount(mine) = &mut self.screen {
                    mine.password_failed("The current password is not right.".into());
                }
                return;
            }
        }
        let staff = self.session.account.staff.id;
        let forced = self.session.account.must_change_password;
        if let Err(e) = self.store.change_own_password(staff, new) {
            if let Screen::MyAccount(mine) = &mut self.screen {
                mine.password_failed(e.to_string());
            }
            return;
        }
        self.session.account.must_change_password = false;
        self.session.signed_in_at = self.clock.now();
        if forced {
            self.begin();
        }
        self.say("Password changed: use the new one from now on");
    }

    pub(super) fn set_pin(&mut self, pin: Option<&Pin>) -> AppResult<()> {
        self.store.set_pin(self.session.account.staff.id, pin)?;
        self.say(if pin.is_some() {
            "PIN set"
        } else {
            "PIN removed: the lock screen asks for your password"
        });
        Ok(())
    }
}
