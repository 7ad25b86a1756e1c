//! What the window runs: the way in before anyone charts. A missing chart is set up (clinic,
//! first administrator, then the recovery key shown once); a plain chart of an earlier version
//! is encrypted first; an encrypted one asks for a username and password (or, when every
//! administrator has forgotten theirs, the recovery key). Then the signed-in shell runs, and a
//! sign-out comes back here with the chart still open.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::Ui;

use crate::app::RoomingApp;
use crate::app::access::{record_attempts, try_password};
use crate::clinical::account::{Account, Password, Username};
use crate::clinical::audit::AuditAction;
use crate::clinical::reference::Reference;
use crate::print::printer::Printer;
use crate::store::convert::{FirstAdministrator, encrypt_plain_chart};
use crate::store::{ChartKey, ChartState, Keyring, OpenError, OpenOptions, RecoveryKey, Store};
use crate::ui::convert::{Conversion, ConvertScreen};
use crate::ui::recovery::{Recovery, RecoveryKeyShown, RecoveryScreen};
use crate::ui::setup::SetupScreen;
use crate::ui::sign_in::{SignInAttempt, SignInScreen};
use crate::ui::startup_error::StartupErrorView;

/// The width of the screens before charting: a form's labels, fields and messages.
const GATE_WIDTH: f32 = 820.0;

/// What a stage's screen asked, done once the frame's borrows are over.
type Step = Box<dyn FnOnce(&mut Rooming)>;

enum Stage {
    Setup(SetupScreen),
    Convert(ConvertScreen),
    /// The chart is closed at start-up, open after a sign-out.
    SignIn {
        screen: SignInScreen,
        store: Option<Box<Store>>,
    },
    Recovery(RecoveryScreen),
    /// The new chart's recovery key, shown once before the first administrator charts.
    RecoveryKey {
        shown: RecoveryKeyShown,
        key: RecoveryKey,
        app: Box<RoomingApp>,
    },
    Charting(Box<RoomingApp>),
    Failed(StartupErrorView),
    /// Only for the moment a stage is taken apart to build the next.
    Moving,
}

/// The whole window: the way in, then the signed-in shell.
pub struct Rooming {
    path: PathBuf,
    reference: Arc<Reference>,
    options: OpenOptions,
    printer: Option<Printer>,
    draft_delay: Option<f64>,
    stage: Stage,
}

/// Reads CDC's schedule data on a thread of its own while the MA signs in, so the first
/// injection's checks do not wait for it; a failure is logged and shown with the checks.
fn warm_schedule(reference: &Arc<Reference>) {
    let reference = Arc::clone(reference);
    let spawned = std::thread::Builder::new()
        .name("cdsi-data".into())
        .spawn(move || {
            if let Err(e) = reference.schedule.get() {
                tracing::error!(error = %e, "the vaccine schedule data could not be read");
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "the schedule data will be read on first use");
    }
}

impl Rooming {
    /// Looks at what is at `path` (opening nothing yet) and shows the way in.
    pub fn start(path: &Path, reference: Reference, options: OpenOptions) -> Self {
        let reference = Arc::new(reference);
        warm_schedule(&reference);
        let mut rooming = Self {
            path: path.to_owned(),
            reference,
            options,
            printer: None,
            draft_delay: None,
            stage: Stage::Moving,
        };
        rooming.stage = rooming.first_stage();
        rooming
    }

    /// The sign-in screen over a chart already open (as after a sign-out).
    pub fn signed_out(store: Store, reference: Reference) -> Self {
        let clinic = store
            .keyring()
            .map(|k| k.clinic().to_owned())
            .unwrap_or_default();
        Self {
            path: store.path().to_owned(),
            reference: Arc::new(reference),
            options: OpenOptions {
                clock: store.clock(),
                ..OpenOptions::default()
            },
            printer: None,
            draft_delay: None,
            stage: Stage::SignIn {
                screen: SignInScreen::new(clinic),
                store: Some(Box::new(store)),
            },
        }
    }

    fn first_stage(&self) -> Stage {
        match crate::store::examine(&self.path) {
            Ok(ChartState::Missing) => Stage::Setup(SetupScreen::default()),
            Ok(ChartState::Plain) => match self.plain_staff() {
                Ok(screen) => Stage::Convert(screen),
                Err(e) => Stage::Failed(StartupErrorView {
                    message: e.to_string(),
                }),
            },
            Ok(ChartState::Encrypted) => match Keyring::load(&self.path) {
                Ok(keyring) => Stage::SignIn {
                    screen: SignInScreen::new(keyring.clinic().to_owned()),
                    store: None,
                },
                Err(e) => Stage::Failed(StartupErrorView {
                    message: OpenError::from(e).to_string(),
                }),
            },
            Err(e) => Stage::Failed(StartupErrorView {
                message: e.to_string(),
            }),
        }
    }

    /// The clinic and staff of a plain chart, for the choice of its first administrator.
    fn plain_staff(&self) -> Result<ConvertScreen, OpenError> {
        let store = Store::open(&self.path, ChartKey::Plain, self.options)?;
        let clinic = store
            .clinic()
            .ok()
            .flatten()
            .map(|c| c.name)
            .unwrap_or_default();
        let staff = store
            .accounts()
            .map(|all| all.into_iter().map(|a| a.staff).collect())
            .unwrap_or_default();
        Ok(ConvertScreen::new(clinic, staff))
    }

    /// Sends labels and manifests to this spooler once written.
    pub fn set_printer(&mut self, printer: Option<Printer>) {
        self.printer = printer;
    }

    /// How long typing must pause before a draft is written (tests use zero).
    pub fn set_draft_delay(&mut self, seconds: f64) {
        self.draft_delay = Some(seconds);
    }

    /// The signed-in shell, once someone is signed in (and the lock, if it is locked).
    pub fn app(&self) -> Option<&RoomingApp> {
        match &self.stage {
            Stage::Charting(app) => Some(app),
            _ => None,
        }
    }

    pub fn app_mut(&mut self) -> Option<&mut RoomingApp> {
        match &mut self.stage {
            Stage::Charting(app) => Some(app),
            _ => None,
        }
    }

    /// Whether the process should end with an error: the chart was refused, or found damaged.
    pub fn failed(&self) -> bool {
        match &self.stage {
            Stage::Failed(_) => true,
            Stage::Charting(app) => app.found_damage(),
            _ => false,
        }
    }

    /// Signs in without the form, for scripts that give the password in the environment or a
    /// file. On failure the sign-in screen shows why.
    pub fn sign_in_now(&mut self, username: &str, password: Password) {
        self.sign_in(&SignInAttempt {
            username: username.to_owned(),
            password,
        });
    }

    /// A session for `account` on the open `store`: the failures noted before it opened, and
    /// this sign-in, go into its audit log.
    fn session(&self, mut store: Store, account: Account, how: Option<&str>) -> Stage {
        // What a crash left printed is not kept past it.
        crate::app::specimens::clear_printouts(store.path());
        record_attempts(&mut store);
        if let Err(e) = store.audit_access(AuditAction::SignedIn, Some(account.staff.id), how, None)
        {
            tracing::warn!(error = %e, "sign-in not written to the audit log");
        }
        match RoomingApp::new(store, Arc::clone(&self.reference), account) {
            Ok(mut app) => {
                app.set_printer(self.printer.clone());
                if let Some(delay) = self.draft_delay {
                    app.set_draft_delay(delay);
                }
                Stage::Charting(Box::new(app))
            }
            Err(e) => Stage::Failed(StartupErrorView {
                message: e.to_string(),
            }),
        }
    }

    fn sign_in(&mut self, attempt: &SignInAttempt) {
        let stage = std::mem::replace(&mut self.stage, Stage::Moving);
        let Stage::SignIn { mut screen, store } = stage else {
            self.stage = stage;
            return;
        };
        let now = self.options.clock.now();
        let (result, store) = if let Some(store) = store {
            let found = try_password(&self.path, now, attempt, |u, p| store.authenticate(u, p));
            (found.map(|account| (None, account)), Some(store))
        } else {
            {
                let mut opened = None;
                let found = try_password(&self.path, now, attempt, |u, p| {
                    match Store::unlock(&self.path, u, p, self.options) {
                        Ok((store, account)) => {
                            opened = Some(Box::new(store));
                            Ok(account)
                        }
                        Err(OpenError::Account(e)) => Err(e),
                        Err(other) => Err(crate::store::AccountError::Store(
                            crate::store::StoreError::Refused(other.to_string()),
                        )),
                    }
                });
                (found.map(|account| (opened, account)), None)
            }
        };
        self.stage = match (result, store) {
            (Ok((Some(opened), account)), _) | (Ok((None, account)), Some(opened)) => {
                self.session(*opened, account, None)
            }
            (Ok((None, _)), None) => Stage::SignIn {
                screen,
                store: None,
            },
            (Err(message), store) => {
                tracing::info!("sign-in refused");
                screen.failed(message);
                Stage::SignIn { screen, store }
            }
        };
        // A failure with the chart open is written now; with it closed, at the next sign-in.
        if let Stage::SignIn {
            store: Some(store), ..
        } = &mut self.stage
        {
            record_attempts(store);
        }
    }

    fn set_up(
        &mut self,
        clinic: &crate::clinical::staff::NewClinic,
        admin: &crate::clinical::account::NewAccount,
    ) {
        match Store::create(&self.path, clinic, admin, self.options) {
            Ok((store, key)) => {
                let account = store.accounts().ok().and_then(|all| {
                    all.into_iter()
                        .find(|a| a.username.as_ref() == Some(&admin.username))
                });
                let Some(account) = account else {
                    self.stage = Stage::Failed(StartupErrorView {
                        message: "the new chart has no administrator".into(),
                    });
                    return;
                };
                self.show_key(store, account, key);
            }
            Err(e) => {
                if let Stage::Setup(screen) = &mut self.stage {
                    screen.failed(e.to_string());
                }
            }
        }
    }

    fn show_key(&mut self, store: Store, account: Account, key: RecoveryKey) {
        let shown = RecoveryKeyShown::new(key.formatted().to_string());
        self.stage = match self.session(store, account, None) {
            Stage::Charting(app) => Stage::RecoveryKey { shown, key, app },
            other => other,
        };
    }

    fn convert(&mut self, conversion: &Conversion) {
        let admin = match conversion.existing {
            Some(staff) => FirstAdministrator::Existing(staff),
            None => FirstAdministrator::New,
        };
        match encrypt_plain_chart(&self.path, &admin, &conversion.account, self.options) {
            Ok((store, account, key)) => self.show_key(store, account, key),
            Err(e) => {
                if let Stage::Convert(screen) = &mut self.stage {
                    screen.failed(e.to_string());
                }
            }
        }
    }

    fn recover(&mut self, recovery: &Recovery) {
        let result = RecoveryKey::parse(&recovery.key)
            .map_err(|e| OpenError::from(e).to_string())
            .and_then(|key| {
                Store::open_with_recovery(&self.path, &key, self.options).map_err(|e| e.to_string())
            })
            .and_then(|mut store| {
                let username = Username::parse(&recovery.username).map_err(|e| e.to_string())?;
                let account = store
                    .recover_account(&username, &recovery.password)
                    .map_err(|e| e.to_string())?;
                Ok((store, account))
            });
        match result {
            Ok((store, account)) => {
                self.stage = self.session(store, account, Some("with the recovery key"));
            }
            Err(message) => {
                if let Stage::Recovery(screen) = &mut self.stage {
                    screen.failed(message);
                }
            }
        }
    }

    /// Draws one frame of whichever stage is showing.
    pub fn ui(&mut self, ui: &mut Ui) {
        if let Stage::Charting(app) = &mut self.stage {
            app.ui(ui);
            if app.has_signed_out()
                && let Stage::Charting(app) = std::mem::replace(&mut self.stage, Stage::Moving)
            {
                match app.take_signed_out() {
                    Ok(store) => {
                        let clinic = store
                            .keyring()
                            .map(|k| k.clinic().to_owned())
                            .unwrap_or_default();
                        self.stage = Stage::SignIn {
                            screen: SignInScreen::new(clinic),
                            store: Some(Box::new(store)),
                        };
                    }
                    Err(app) => self.stage = Stage::Charting(app),
                }
                ui.ctx().request_repaint();
            }
            return;
        }
        if let Stage::Failed(view) = &self.stage {
            if view.ui(ui) {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
            return;
        }
        let reference = Arc::clone(&self.reference);
        let common = &reference.common_passwords;
        let mut next: Option<Step> = None;
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add_space(32.0);
                crate::ui::widgets::centered(ui, GATE_WIDTH, |ui| match &mut self.stage {
                    Stage::Setup(screen) => {
                        if let Some((clinic, admin)) = screen.ui(ui, common) {
                            next = Some(Box::new(move |r: &mut Self| r.set_up(&clinic, &admin)));
                        }
                    }
                    Stage::Convert(screen) => {
                        if let Some(conversion) = screen.ui(ui, common) {
                            next = Some(Box::new(move |r: &mut Self| r.convert(&conversion)));
                        }
                    }
                    Stage::SignIn { screen, .. } => {
                        if let Some(attempt) = screen.ui(ui) {
                            next = Some(Box::new(move |r: &mut Self| r.sign_in(&attempt)));
                        } else if screen.take_recovery_request() {
                            next = Some(Box::new(|r: &mut Self| {
                                let clinic = Keyring::load(&r.path)
                                    .map(|k| k.clinic().to_owned())
                                    .unwrap_or_default();
                                // The chart is opened again by the recovery key alone.
                                r.stage = Stage::Recovery(RecoveryScreen::new(clinic));
                            }));
                        }
                    }
                    Stage::Recovery(screen) => match screen.ui(ui, common) {
                        Some(Some(recovery)) => {
                            next = Some(Box::new(move |r: &mut Self| r.recover(&recovery)));
                        }
                        Some(None) => {
                            next = Some(Box::new(|r: &mut Self| r.stage = r.first_stage()));
                        }
                        None => {}
                    },
                    Stage::RecoveryKey { shown, key, .. } => {
                        if let Some(typed) = shown.ui(ui) {
                            if RecoveryKey::parse(&typed).is_ok_and(|t| t == *key) {
                                next = Some(Box::new(|r: &mut Self| {
                                    if let Stage::RecoveryKey { app, .. } =
                                        std::mem::replace(&mut r.stage, Stage::Moving)
                                    {
                                        r.stage = Stage::Charting(app);
                                    }
                                }));
                            } else {
                                shown.mismatch();
                            }
                        }
                    }
                    Stage::Charting(_) | Stage::Failed(_) | Stage::Moving => {}
                });
            });
        });
        if let Some(step) = next {
            step(self);
            ui.ctx().request_repaint();
        }
    }

    /// Before the window closes: what is typed is written, and printouts are removed.
    pub fn close(&mut self) {
        let store = match &mut self.stage {
            Stage::Charting(app) => {
                app.flush_drafts();
                Some(app.store_mut())
            }
            Stage::SignIn {
                store: Some(store), ..
            } => Some(&mut **store),
            _ => None,
        };
        // A running backup is finished, and held audit rows written, before the chart closes.
        if let Some(store) = store {
            if let Err(e) = store.finish_backup() {
                tracing::warn!(error = %e, "backup not recorded");
            }
            if let Err(e) = store.write_held_access() {
                tracing::warn!(error = %e, "held sign-in events not written");
            }
        }
        crate::app::specimens::clear_printouts(&self.path);
    }
}

impl eframe::App for Rooming {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        Rooming::ui(self, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.close();
    }
}
