//! The shell: who is charting, which screen is showing, the top bar and status line, keyboard
//! shortcuts, the idle lock, and the loop that applies the views' intents to the store after
//! each frame and keeps unsaved drafts written. `window.rs` is what runs before a sign-in.

mod access;
mod admin;
mod apply;
mod backups;
mod chart;
mod drafts;
mod error;
mod growth;
mod injections;
mod specimens;
mod window;

use egui::{Key, KeyboardShortcut, Modifiers, Panel, RichText, Ui};

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::clinical::account::{Account, Role};
use crate::clinical::ids::{PatientId, VisitId};
use crate::clinical::reference::Reference;
use crate::clinical::staff::{Clinic, ClinicSettings};
use crate::clinical::time::Clock;
use crate::clinical::vitals::UnitChoices;
use crate::print::printer::Printer;
use crate::store::{IntegrityStatus, Store};
use crate::ui::accounts::AccountsScreen;
use crate::ui::audit_viewer::AuditScreen;
use crate::ui::follow_up::FollowUpScreen;
use crate::ui::home::HomeScreen;
use crate::ui::lock::LockScreen;
use crate::ui::lots::LotsScreen;
use crate::ui::my_account::MyAccountScreen;
use crate::ui::patient::PatientScreen;
use crate::ui::register::RegisterScreen;
use crate::ui::settings::SettingsScreen;
use crate::ui::specimen_log::SpecimenLogScreen;
use crate::ui::tabs::TABS;
use crate::ui::{Intent, ViewContext, theme};

pub use error::{AppError, AppResult};
pub use window::Rooming;

/// The staff member charting, who proved it with their password, and their clinic.
pub struct Session {
    pub account: Account,
    pub clinic: Clinic,
    pub settings: ClinicSettings,
    pub units: UnitChoices,
    /// The last full sign-in (password), from which a PIN may resume a lock for a while.
    pub signed_in_at: DateTime<Utc>,
}

impl Session {
    pub fn is_administrator(&self) -> bool {
        self.account.role == Role::Administrator
    }
}

/// What the window shows below the top bar.
pub enum Screen {
    /// One's own password and PIN; the only screen while a temporary password is unchanged.
    MyAccount(Box<MyAccountScreen>),
    Accounts(Box<AccountsScreen>),
    Settings(Box<SettingsScreen>),
    Audit(Box<AuditScreen>),
    Home(HomeScreen),
    Register(Box<RegisterScreen>),
    Patient(Box<PatientScreen>),
    Lots(Box<LotsScreen>),
    FollowUp(FollowUpScreen),
    SpecimenLog(Box<SpecimenLogScreen>),
}

/// A line in the status bar.
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// The shell of a signed-in session: owns the open store and the session, shows one screen
/// (or only the lock screen), applies what screens ask.
pub struct RoomingApp {
    store: Store,
    reference: Arc<Reference>,
    clock: Clock,
    session: Session,
    screen: Screen,
    /// While locked, only this is drawn: no patient data at all.
    lock: Option<LockScreen>,
    /// When the last key, click or pointer move came (egui's clock, in seconds).
    last_activity: Option<f64>,
    /// Set by a sign-out: the window takes the store back and shows the sign-in screen.
    signed_out: bool,
    /// The background check found the file damaged: the process exits with an error.
    found_damage: bool,
    /// The disk was full at the last write, to say so once space returns.
    was_disk_full: bool,
    status: Option<Status>,
    drafts: drafts::DraftKeeper,
    /// Where labels go after they are written; `None` writes files only.
    printer: Option<Printer>,
    /// The chart open before another screen (lots, the log), to go back to.
    last_chart: Option<(PatientId, Option<VisitId>)>,
}

const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const REGISTER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const LOTS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
const FOLLOW_UP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::J);
const SPECIMEN_LOG: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);
/// Locks at once. Ctrl+L alone is the lots screen, so this is looked for first.
const LOCK: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::L);

impl RoomingApp {
    /// A session for `account`, who has just proved who they are on `store`.
    pub fn new(store: Store, reference: Arc<Reference>, account: Account) -> AppResult<Self> {
        let clock = store.clock();
        let clinic = store
            .clinic()?
            .ok_or(AppError::Store(crate::store::StoreError::NotFound(
                "the clinic",
            )))?;
        let settings = store.settings()?;
        let units = store.unit_choices(account.staff.id).unwrap_or_default();
        let mut app = Self {
            store,
            reference,
            clock,
            session: Session {
                account,
                clinic,
                settings,
                units,
                signed_in_at: clock.now(),
            },
            screen: Screen::Home(HomeScreen::new(Vec::new())),
            lock: None,
            last_activity: None,
            signed_out: false,
            found_damage: false,
            was_disk_full: false,
            status: None,
            drafts: drafts::DraftKeeper::default(),
            printer: None,
            last_chart: None,
        };
        app.begin();
        app.back_up_if_older_than(backups::DAILY);
        Ok(app)
    }

    /// Sends labels and manifests to this spooler command once written.
    pub fn set_printer(&mut self, printer: Option<Printer>) {
        self.printer = printer;
    }

    /// How long typing must pause before the draft is written (tests use zero).
    pub fn set_draft_delay(&mut self, seconds: f64) {
        self.drafts.delay = seconds;
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Moves a fixed clock, the chart's with it (tests: the minutes a form stays open).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        self.store.set_clock(clock);
    }

    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    /// The store back, after a sign-out; the app itself while someone is signed in.
    pub fn take_signed_out(self: Box<Self>) -> Result<Store, Box<Self>> {
        if self.signed_out {
            Ok(self.store)
        } else {
            Err(self)
        }
    }

    pub fn has_signed_out(&self) -> bool {
        self.signed_out
    }

    /// Whether the chart was found damaged during this session.
    pub fn found_damage(&self) -> bool {
        self.found_damage
    }

    /// Draws one frame and applies what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui) {
        // A blinking cursor repaints the window twice a second for ever; a steady one lets an
        // idle window use no CPU at all.
        if ui.ctx().global_style().visuals.text_cursor.blink {
            ui.ctx()
                .all_styles_mut(|style| style.visuals.text_cursor.blink = false);
        }
        match self.store.integrity() {
            IntegrityStatus::Damaged(detail) => {
                // Reading goes on; saving is refused by the store. Everyone sees why.
                self.found_damage = true;
                Panel::top("damaged").show(ui, |ui| {
                    ui.label(
                        RichText::new(format!(
                            "The chart file is damaged ({detail}). Nothing more can be saved: tell the clinic's administrator, who restores the latest good backup (README, Backups)."
                        ))
                        .color(theme::error(ui.visuals()))
                        .strong(),
                    );
                });
            }
            IntegrityStatus::Checking => {
                // The check runs on its own thread; look again soon.
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(250));
            }
            IntegrityStatus::Sound => {}
        }
        self.chain_banner(ui);
        self.watch_backup(ui);
        self.backup_banner(ui);
        self.watch_idle(ui);
        if self.lock.is_some() {
            let intents = self.draw_lock(ui);
            for intent in intents {
                self.apply(intent);
            }
            return;
        }
        let intents = self.draw(ui);
        let intents = [self.shortcuts(ui), intents].concat();
        if !intents.is_empty() {
            // What the intents changed (a new screen, search results) is drawn now, not at the
            // next keystroke, and focus requests on the new screen take hold before it.
            ui.ctx().request_repaint();
        }
        // What was typed is written before a save is tried, so a crash a moment after Enter
        // never loses it, even when the save is refused.
        self.keep_drafts(
            ui,
            !intents.is_empty() || ui.input(|i| i.key_pressed(Key::Enter)),
        );
        let applied = !intents.is_empty();
        for intent in intents {
            self.apply(intent);
        }
        if applied {
            // A save empties its form: its draft goes now.
            self.flush_drafts();
        }
        let full = self.store.disk_full();
        if self.was_disk_full && !full {
            self.say("There is room on the disk again: saving works");
        }
        self.was_disk_full = full;
    }

    fn draw(&mut self, ui: &mut Ui) -> Vec<Intent> {
        let mut intents = Vec::new();
        Panel::top("top_bar").show(ui, |ui| intents.extend(self.top_bar(ui)));
        Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
        let Self {
            screen,
            session,
            reference,
            clock,
            last_chart,
            ..
        } = self;
        egui::CentralPanel::default().show(ui, |ui| {
            let cx = ViewContext {
                clock: *clock,
                reference,
                staff: &session.account.staff,
                clinic: &session.clinic,
            };
            let away_from_chart = matches!(
                screen,
                Screen::Lots(_)
                    | Screen::FollowUp(_)
                    | Screen::SpecimenLog(_)
                    | Screen::Accounts(_)
                    | Screen::Settings(_)
                    | Screen::Audit(_)
            ) || matches!(screen, Screen::MyAccount(m) if !m.is_forced());
            if away_from_chart
                && last_chart.is_some()
                && ui.button("Back to the chart (Esc)").clicked()
            {
                intents.push(Intent::BackToChart);
            }
            let common = &reference.common_passwords;
            match screen {
                Screen::MyAccount(mine) => intents.extend(mine.ui(ui, common)),
                Screen::Accounts(accounts) => {
                    egui::ScrollArea::vertical()
                        .id_salt("accounts_screen")
                        .show(ui, |ui| {
                            intents.extend(accounts.ui(ui, &session.clinic.name, common));
                        });
                }
                Screen::Settings(settings) => intents.extend(settings.ui(ui)),
                Screen::Audit(audit) => intents.extend(audit.ui(ui)),
                Screen::Home(home) => intents.extend(home.ui(ui, cx)),
                Screen::Register(register) => intents.extend(register.ui(ui, cx)),
                Screen::Patient(patient) => intents.extend(patient.ui(ui, cx)),
                Screen::Lots(lots) => intents.extend(lots.ui(ui, cx)),
                Screen::SpecimenLog(log) => intents.extend(log.ui(ui, cx)),
                Screen::FollowUp(follow_up) => {
                    egui::ScrollArea::vertical()
                        .id_salt("follow_up")
                        .show(ui, |ui| intents.extend(follow_up.ui(ui, cx)));
                }
            }
        });
        intents
    }

    /// While a temporary password is unchanged, nothing but that change (and leaving) is
    /// reachable.
    fn password_pending(&self) -> bool {
        matches!(&self.screen, Screen::MyAccount(m) if m.is_forced())
    }

    fn top_bar(&self, ui: &mut Ui) -> Vec<Intent> {
        let mut intents = Vec::new();
        let session = &self.session;
        let pending = self.password_pending();
        // Who is charting on the right, drawn first so it always has its room; the screens on
        // the left wrap to a second line on a narrow window rather than run under it.
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Sign out").clicked() {
                    intents.push(Intent::SignOut);
                }
                if ui.button("Lock (Ctrl+Shift+L)").clicked() {
                    intents.push(Intent::Lock);
                }
                if !pending && ui.button("My account").clicked() {
                    intents.push(Intent::ShowMyAccount);
                }
                ui.label(
                    RichText::new(format!("Charting: {}", session.account.staff.signature()))
                        .strong(),
                );
                ui.with_layout(
                    egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
                    |ui| {
                        ui.label(RichText::new("Rooming").strong().size(16.0));
                        ui.label(
                            RichText::new(&session.clinic.name).color(theme::muted(ui.visuals())),
                        );
                        if pending {
                            return;
                        }
                        ui.separator();
                        for (text, intent) in [
                            ("Find patient (Ctrl+F)", Intent::GoHome),
                            ("Register patient (Ctrl+N)", Intent::ShowRegister),
                            ("Lots (Ctrl+L)", Intent::ShowLots),
                            ("Injections due (Ctrl+J)", Intent::ShowFollowUp),
                            ("Specimen log (Ctrl+K)", Intent::ShowSpecimenLog),
                        ] {
                            if ui.button(text).clicked() {
                                intents.push(intent);
                            }
                        }
                        if session.is_administrator() {
                            ui.separator();
                            for (text, intent) in [
                                ("Staff", Intent::ShowAccounts),
                                ("Settings", Intent::ShowSettings),
                                ("Audit log", Intent::ShowAudit),
                            ] {
                                if ui.button(text).clicked() {
                                    intents.push(intent);
                                }
                            }
                        }
                    },
                );
            });
        });
        intents
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        let checking = self.store.integrity() == IntegrityStatus::Checking;
        if self.store.disk_full() {
            ui.label(
                RichText::new(
                    "The disk is full: nothing more can be saved until space is freed. What you typed stays on screen; tell the administrator.",
                )
                .color(theme::error(ui.visuals()))
                .strong(),
            );
        }
        ui.horizontal(|ui| {
            if checking {
                ui.label(
                    RichText::new("Checking the chart file…").color(theme::muted(ui.visuals())),
                );
                ui.separator();
            }
            if self.store.backing_up() {
                ui.label(RichText::new("Backing up the chart…").color(theme::muted(ui.visuals())));
                ui.separator();
            }
            if let Some(status) = &self.status {
                let colour = if status.is_error {
                    theme::error(ui.visuals())
                } else {
                    theme::done(ui.visuals())
                };
                let line = ui.label(RichText::new(&status.text).color(colour));
                // A live region: a screen reader says each save and each error as it comes.
                let urgency = if status.is_error {
                    egui::accesskit::Live::Assertive
                } else {
                    egui::accesskit::Live::Polite
                };
                ui.ctx()
                    .accesskit_node_builder(line.id, |node| node.set_live(urgency));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    RichText::new(format!("Chart: {}", self.store.path().display()))
                        .small()
                        .color(theme::muted(ui.visuals())),
                );
            });
        });
    }

    fn shortcuts(&mut self, ui: &Ui) -> Vec<Intent> {
        let mut intents = Vec::new();
        if ui.input_mut(|i| i.consume_shortcut(&LOCK)) {
            intents.push(Intent::Lock);
        }
        if self.password_pending() {
            return intents;
        }
        let mut switched = false;
        ui.input_mut(|i| {
            if i.consume_shortcut(&FIND) {
                intents.push(Intent::GoHome);
            }
            if i.consume_shortcut(&REGISTER) {
                intents.push(Intent::ShowRegister);
            }
            if i.consume_shortcut(&LOTS) {
                intents.push(Intent::ShowLots);
            }
            if i.consume_shortcut(&FOLLOW_UP) {
                intents.push(Intent::ShowFollowUp);
            }
            if i.consume_shortcut(&SPECIMEN_LOG) {
                intents.push(Intent::ShowSpecimenLog);
            }
            if let Screen::Patient(patient) = &mut self.screen {
                for spec in TABS {
                    if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, spec.shortcut))
                    {
                        patient.show_tab(spec.key);
                        switched = true;
                    }
                }
            }
            let away_from_chart = matches!(
                self.screen,
                Screen::Lots(_)
                    | Screen::FollowUp(_)
                    | Screen::SpecimenLog(_)
                    | Screen::Accounts(_)
                    | Screen::Settings(_)
                    | Screen::Audit(_)
                    | Screen::MyAccount(_)
            );
            if away_from_chart && self.last_chart.is_some() && i.key_pressed(Key::Escape) {
                intents.push(Intent::BackToChart);
            }
            if let Screen::Register(register) = &self.screen
                && i.key_pressed(Key::Escape)
            {
                intents.push(
                    register
                        .patient_id()
                        .map_or(Intent::GoHome, Intent::OpenPatient),
                );
            }
        });
        if switched {
            // Drawn now, not at the next keystroke, so its first field takes the keyboard.
            ui.ctx().request_repaint();
        }
        intents
    }

    /// What the chain's walk found, for administrators: a break means the chart was changed
    /// outside Rooming.
    fn chain_banner(&mut self, ui: &mut Ui) {
        let status = self.store.chain_status();
        if status == crate::store::ChainStatus::Checking {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
        if !self.session.is_administrator() || self.lock.is_some() {
            return;
        }
        let text = match status {
            crate::store::ChainStatus::Broken { first, count } => format!(
                "The chart was changed outside Rooming: {first}{}. Keep the file as it is, run rooming verify for the list, and restore the latest backup that verifies (README, Backups).",
                if count > 1 {
                    format!(" (and {} more)", count - 1)
                } else {
                    String::new()
                }
            ),
            crate::store::ChainStatus::Failed(e) => {
                format!("The chart's chain could not be checked: {e}. Run rooming verify.")
            }
            _ => return,
        };
        Panel::top("chain_broken").show(ui, |ui| {
            ui.label(
                RichText::new(text)
                    .color(theme::error(ui.visuals()))
                    .strong(),
            );
        });
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: false,
        });
    }

    fn say_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: true,
        });
    }
}
