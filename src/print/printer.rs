//! Handing a PDF to the system's print spooler. The command is found once at start-up (`lp`,
//! then `lpr`) or named with `--printer`; with none, files are only written and the screen says
//! where.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printer {
    pub command: PathBuf,
}

impl Printer {
    /// The first spooler command on `PATH`.
    pub fn find() -> Option<Self> {
        let path = std::env::var_os("PATH")?;
        ["lp", "lpr"].into_iter().find_map(|name| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|candidate| candidate.is_file())
                .map(|command| Self { command })
        })
    }

    /// Queues the file; the spooler's own failures come back as words for the screen.
    pub fn print(&self, file: &Path) -> Result<(), String> {
        let output = Command::new(&self.command)
            .arg(file)
            .output()
            .map_err(|e| format!("{} could not run: {e}", self.command.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{} refused it: {}",
                self.command.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }
}
