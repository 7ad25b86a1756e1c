//! The command line: which chart to open, who signs in without the form (the password from the
//! environment or a file, never an argument), the headless demo filler and the plain export.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "rooming",
    version,
    about = "Exam-room intake for the medical assistant"
)]
pub struct Cli {
    /// The chart file to open or create. Default: chart.rooming in your data folder
    /// (on Linux ~/.local/share/rooming/).
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,

    /// Sign in as this username (with `ROOMING_PASSWORD` or `--password-file`). Default: the
    /// chart's first administrator.
    #[arg(long, value_name = "USERNAME", global = true)]
    pub user: Option<String>,

    /// Read the password from the first line of this file (readable by you only), so it never
    /// shows on the command line. `ROOMING_PASSWORD` in the environment does the same.
    #[arg(long, value_name = "PATH", global = true)]
    pub password_file: Option<PathBuf>,

    /// Print the time from start to the first frame, then quit (to measure start-up).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the chart with synthetic patients and past visits, without opening a window.
    Demo {
        /// How many patients to add.
        #[arg(long, default_value_t = 60)]
        patients: usize,
        /// Seed of the random choices; the same seed gives the same patients.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add to a chart that already holds patients (refused without it, so a real chart is
        /// never filled with demo patients by mistake).
        #[arg(long)]
        append: bool,
    },
    /// Back the chart up now into the clinic's backup folder (or --to), verified before it
    /// counts. An administrator's password or the recovery key opens the chart.
    Backup {
        /// Another folder than the clinic's.
        #[arg(long, value_name = "FOLDER")]
        to: Option<PathBuf>,
        #[arg(long, value_name = "PATH")]
        recovery_key_file: Option<PathBuf>,
    },
    /// For the crash test: registers patients one transaction at a time, printing each one's
    /// MRN once it is committed, until killed.
    #[command(hide = true)]
    WriteForCrashTest {
        #[arg(long, default_value_t = 1000)]
        saves: usize,
    },
    /// Put a backup in the chart's place: the backup is verified first (with its own key file,
    /// opened by a password it knew or the recovery key), and the chart that was there is kept
    /// aside, renamed. Refused while the chart is open.
    Restore {
        /// The backup file (chart-YYYYMMDD-HHMMSS.rooming), with its .keys beside it.
        backup: PathBuf,
        #[arg(long, value_name = "PATH")]
        recovery_key_file: Option<PathBuf>,
    },
    /// Write a plain (unencrypted) SQLite copy of the chart, for a migration or an auditor.
    /// An administrator's password, or the recovery key, opens the chart; the copy is
    /// readable by you only, and the export is in the audit log.
    ExportPlain {
        /// The new file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Open with the recovery key in this file instead of a password (`ROOMING_RECOVERY_KEY`
        /// in the environment does the same).
        #[arg(long, value_name = "PATH")]
        recovery_key_file: Option<PathBuf>,
    },
    /// Walk the chart's tamper-evident chain: every link, every sealed row, every row's seal.
    /// Prints the chain's head (keep it outside the computer); exits with an error on a break.
    Verify {
        /// A head kept earlier ("SEQ:HASH"): checked to be still in the chain.
        #[arg(long, value_name = "SEQ:HASH")]
        head: Option<String>,
        /// Open with the recovery key in this file instead of a password.
        #[arg(long, value_name = "PATH")]
        recovery_key_file: Option<PathBuf>,
    },
}

/// Where the chart lives when `--db` is not given, creating the folder if needed.
pub fn default_chart_path() -> Result<PathBuf, String> {
    let dirs = directories::ProjectDirs::from("org", "Rooming", "rooming")
        .ok_or("no home folder was found to keep the chart in; choose a file with --db")?;
    let folder = dirs.data_dir();
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot create the folder {}: {e}", folder.display()))?;
    Ok(folder.join("chart.rooming"))
}
