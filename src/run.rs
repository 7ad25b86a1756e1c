//! From the command line to a running app: find the chart, and run the window (which opens it
//! at sign-in), the error window, the headless demo filler or the plain export.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use zeroize::Zeroizing;

use crate::app::Rooming;
use crate::cli::{Cli, Command, default_chart_path};
use crate::clinical::account::{Password, Role, Username};
use crate::clinical::reference::Reference;
use crate::store::{ChartState, IntegrityCheck, Keyring, OpenOptions, RecoveryKey, Store, examine};
use crate::ui::startup_error::StartupErrorView;

pub fn run(cli: &Cli, started: Instant) -> ExitCode {
    let path = match cli.db.clone().map_or_else(default_chart_path, Ok) {
        Ok(path) => path,
        Err(message) => return fail(cli, &message),
    };
    let reference = match Reference::built_in() {
        Ok(table) => table,
        Err(e) => return fail(cli, &e.to_string()),
    };
    let password = match given_password(cli) {
        Ok(password) => password,
        Err(message) => return fail(cli, &message),
    };
    let outcome = match &cli.command {
        Some(Command::Demo { patients, seed }) => {
            demo(&path, &reference, cli, password, *patients, *seed)
        }
        Some(Command::ExportPlain {
            out,
            recovery_key_file,
        }) => export_plain(&path, cli, password, out, recovery_key_file.as_deref()),
        None => {
            return window(
                &path,
                reference,
                cli,
                password,
                cli.exit_after_first_frame,
                started,
            );
        }
    };
    match outcome {
        Ok(said) => {
            let _ = writeln!(std::io::stdout(), "{said}");
            ExitCode::SUCCESS
        }
        Err(message) => fail(cli, &message),
    }
}

fn fail(cli: &Cli, message: &str) -> ExitCode {
    tracing::error!("{message}");
    if cli.command.is_none() {
        show_error(message.to_owned());
    } else {
        let _ = writeln!(std::io::stderr(), "rooming: {message}");
    }
    ExitCode::FAILURE
}

/// The password given to a script: the first line of `--password-file`, or
/// `ROOMING_PASSWORD`. Never an argument, which `ps` would show to every user.
fn given_password(cli: &Cli) -> Result<Option<Password>, String> {
    if let Some(file) = &cli.password_file {
        let text = Zeroizing::new(std::fs::read_to_string(file).map_err(|e| {
            format!(
                "the password file {} could not be read: {e}",
                file.display()
            )
        })?);
        let line = text.lines().next().unwrap_or_default();
        return Ok(Some(Password::new(line)));
    }
    Ok(std::env::var("ROOMING_PASSWORD")
        .ok()
        .map(Zeroizing::new)
        .filter(|p| !p.is_empty())
        .map(|p| Password::new(&p)))
}

/// Whom a script signs in as: `--user`, or the chart's first administrator (the first staff
/// slot of its key file).
fn given_user(path: &Path, cli: &Cli) -> Result<Username, String> {
    match &cli.user {
        Some(user) => Username::parse(user).map_err(|e| e.to_string()),
        None => Keyring::load(path)
            .map_err(|e| e.to_string())?
            .usernames()
            .first()
            .map(|u| (*u).clone())
            .ok_or_else(|| "the key file has no staff member: give --user".to_owned()),
    }
}

const NO_PASSWORD: &str = "no password given: set ROOMING_PASSWORD in the environment, or give --password-file PATH (never the password itself on the command line)";

fn demo(
    path: &Path,
    reference: &Reference,
    cli: &Cli,
    password: Option<Password>,
    patients: usize,
    seed: u64,
) -> Result<String, String> {
    let password = password.ok_or(NO_PASSWORD)?;
    let mut store = match examine(path).map_err(|e| e.to_string())? {
        ChartState::Missing => {
            let (clinic, admin) =
                crate::demo::clinic_and_administrator(reference, password.clone())
                    .map_err(|e| format!("the demo administrator's password is refused: {e}"))?;
            Store::create(path, &clinic, &admin, OpenOptions::default())
                .map_err(|e| e.to_string())?
                .0
        }
        ChartState::Encrypted => {
            let user = given_user(path, cli)?;
            Store::unlock(path, &user, &password, OpenOptions::default())
                .map_err(|e| e.to_string())?
                .0
        }
        ChartState::Plain => {
            return Err(format!(
                "{} is a chart of an earlier version, not yet encrypted: open it in the window once to encrypt it",
                path.display()
            ));
        }
    };
    let started = Instant::now();
    let summary = crate::demo::fill(&mut store, reference, patients, seed, Some(&password))
        .map_err(|e| format!("demo data not written: {e}"))?;
    Ok(format!(
        "Added {} demo patients, {} visits and {} sets of vitals to {} in {:.1} s",
        summary.patients,
        summary.visits,
        summary.vital_sets,
        path.display(),
        started.elapsed().as_secs_f64()
    ))
}

fn export_plain(
    path: &Path,
    cli: &Cli,
    password: Option<Password>,
    out: &Path,
    recovery_file: Option<&Path>,
) -> Result<String, String> {
    let recovery = match recovery_file {
        Some(file) => Some(Zeroizing::new(std::fs::read_to_string(file).map_err(
            |e| {
                format!(
                    "the recovery key file {} could not be read: {e}",
                    file.display()
                )
            },
        )?)),
        None => std::env::var("ROOMING_RECOVERY_KEY")
            .ok()
            .map(Zeroizing::new),
    };
    let (mut store, by) = match (recovery, password) {
        (Some(text), _) => {
            let key = RecoveryKey::parse(&text).map_err(|e| e.to_string())?;
            let store = Store::open_with_recovery(path, &key, OpenOptions::default())
                .map_err(|e| e.to_string())?;
            (store, None)
        }
        (None, Some(password)) => {
            let user = given_user(path, cli)?;
            let (store, account) = Store::unlock(path, &user, &password, OpenOptions::default())
                .map_err(|e| e.to_string())?;
            if account.role != Role::Administrator {
                return Err("only an administrator may export a plain copy".into());
            }
            (store, Some(account.staff.id))
        }
        (None, None) => return Err(NO_PASSWORD.into()),
    };
    crate::store::convert::export_plain(&mut store, out, by).map_err(|e| e.to_string())?;
    Ok(format!(
        "Wrote a plain copy of {} to {} (readable by you only). Keep it as safe as the chart, and delete it when done.",
        path.display(),
        out.display()
    ))
}

fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Rooming")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    }
}

fn window(
    path: &Path,
    reference: Reference,
    cli: &Cli,
    password: Option<Password>,
    exit_after_first_frame: bool,
    started: Instant,
) -> ExitCode {
    let options = OpenOptions {
        integrity: IntegrityCheck::InBackground,
        keep_reserve: true,
        ..OpenOptions::default()
    };
    let mut rooming = Rooming::start(path, reference, options);
    // Labels go to the system's spooler when there is one; otherwise they are only written.
    rooming.set_printer(crate::print::printer::Printer::find());
    if let Some(password) = password {
        match given_user(path, cli) {
            Ok(user) => rooming.sign_in_now(user.as_str(), password),
            Err(e) => tracing::warn!("no sign-in from the environment: {e}"),
        }
    }
    let failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen = std::sync::Arc::clone(&failed);
    let result = eframe::run_native(
        "Rooming",
        native_options(),
        Box::new(move |_cc| {
            Ok(Box::new(FirstFrame {
                rooming,
                started,
                exit_when_drawn: exit_after_first_frame,
                reported: false,
                failed: seen,
            }))
        }),
    );
    match result {
        // A refused or damaged chart ends the process with an error, for scripts and services.
        Ok(()) if failed.load(std::sync::atomic::Ordering::Relaxed) => ExitCode::FAILURE,
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "rooming: the window could not be opened: {e}"
            );
            ExitCode::FAILURE
        }
    }
}

/// The app, with a probe that can report the time to the first frame and quit.
struct FirstFrame {
    rooming: Rooming,
    started: Instant,
    exit_when_drawn: bool,
    reported: bool,
    /// Set once the chart is refused or found damaged.
    failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl eframe::App for FirstFrame {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.rooming.ui(ui);
        if self.rooming.failed() {
            self.failed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if !self.reported {
            self.reported = true;
            let elapsed = self.started.elapsed();
            tracing::info!(ms = elapsed.as_secs_f64() * 1000.0, "first frame");
            if self.exit_when_drawn {
                let _ = writeln!(
                    std::io::stdout(),
                    "first frame after {:.1} ms",
                    elapsed.as_secs_f64() * 1000.0
                );
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.rooming.close();
    }
}

/// A window that says why the chart could not be opened; it touches no chart.
fn show_error(message: String) {
    let view = StartupErrorView { message };
    let result = eframe::run_native(
        "Rooming",
        native_options(),
        Box::new(move |_cc| Ok(Box::new(ErrorWindow { view }))),
    );
    if let Err(e) = result {
        let _ = writeln!(
            std::io::stderr(),
            "rooming: the chart could not be opened\n(and no window could be opened: {e})"
        );
    }
}

struct ErrorWindow {
    view: StartupErrorView,
}

impl eframe::App for ErrorWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.view.ui(ui) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
