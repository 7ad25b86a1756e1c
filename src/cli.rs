//! The command line: which chart to open, and the headless demo filler.

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
