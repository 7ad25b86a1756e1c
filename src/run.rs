//! From the command line to a running app: find the chart, and run the window (which opens it
//! at sign-in), the error window, the headless demo filler or the plain export.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::app::Rooming;
use crate::cli::{Cli, Command, default_chart_path};
use crate::clinical::account::Password;
use crate::clinical::reference::Reference;
use crate::commands::credentials::{given_password, given_user};
use crate::store::{IntegrityCheck, OpenOptions};
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
        Some(Command::Demo {
            patients,
            seed,
            append,
        }) => {
            crate::commands::demo::demo(&path, &reference, cli, password, *patients, *seed, *append)
        }
        Some(Command::Backup {
            to,
            recovery_key_file,
        }) => crate::commands::backup::backup(
            &path,
            cli,
            password.as_ref(),
            to.as_deref(),
            recovery_key_file.as_deref(),
        ),
        Some(Command::WriteForCrashTest { saves }) => {
            crate::commands::crash_writer::write(&path, cli, password.as_ref(), *saves)
        }
        Some(Command::Restore {
            backup,
            recovery_key_file,
        }) => crate::commands::backup::restore(
            &path,
            cli,
            password.as_ref(),
            backup,
            recovery_key_file.as_deref(),
        ),
        Some(Command::ExportPlain {
            out,
            recovery_key_file,
        }) => crate::commands::export::export_plain(
            &path,
            cli,
            password,
            out,
            recovery_key_file.as_deref(),
        ),
        Some(Command::Verify {
            head,
            recovery_key_file,
        }) => crate::commands::verify::verify(
            &path,
            cli,
            password.as_ref(),
            head.as_deref(),
            recovery_key_file.as_deref(),
        ),
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
