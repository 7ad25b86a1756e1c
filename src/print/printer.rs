//! Handing a PDF to the system's print spooler. The command is found once at start-up (`lp`,
//! then `lpr`). The PDF goes to it on its standard input, so a label with a patient's name is
//! never a file on disk; with no spooler the app writes it to a private folder instead.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

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

    /// Queues the document, given on the spooler's standard input; the spooler's own failures
    /// come back as words for the screen.
    pub fn print(&self, document: &[u8]) -> Result<(), String> {
        let mut child = Command::new(&self.command)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{} could not run: {e}", self.command.display()))?;
        // A spooler that refuses may stop reading first: its own words then say why, so a
        // broken pipe is only reported when it claims success.
        let written = child
            .stdin
            .take()
            .map_or(Ok(()), |mut stdin| stdin.write_all(document));
        let output = child
            .wait_with_output()
            .map_err(|e| format!("{} could not run: {e}", self.command.display()))?;
        if output.status.success() {
            written
                .map_err(|e| format!("{} did not take the document: {e}", self.command.display()))
        } else {
            Err(format!(
                "{} refused it: {}",
                self.command.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A spooler script in `dir`; it is made executable only after it is written and closed.
    fn script(dir: &std::path::Path, name: &str, body: &str) -> Printer {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
        Printer { command: path }
    }

    /// Prints, trying again while the kernel still calls the new script busy (a fork elsewhere in
    /// the test process may briefly hold it open).
    fn print(printer: &Printer, document: &[u8]) -> Result<(), String> {
        let mut result = printer.print(document);
        for _ in 0..20 {
            match &result {
                Err(e) if e.contains("busy") => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    result = printer.print(document);
                }
                _ => break,
            }
        }
        result
    }

    #[test]
    fn the_document_goes_to_the_spooler_on_its_standard_input_not_as_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let printer = script(
            dir.path(),
            "fake-lp",
            "#!/bin/sh\n[ $# -eq 0 ] || exit 3\ncat > \"$0.got\"\n",
        );
        print(&printer, b"%PDF-1.4 label").unwrap();
        let got = std::fs::read(dir.path().join("fake-lp.got")).unwrap();
        assert_eq!(got, b"%PDF-1.4 label");
        let refusing = script(
            dir.path(),
            "refusing-lp",
            "#!/bin/sh\necho 'no such queue' >&2\nexit 1\n",
        );
        let err = print(&refusing, b"%PDF").unwrap_err();
        assert!(err.contains("no such queue"), "{err}");
    }
}
