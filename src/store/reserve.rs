//! A few megabytes kept beside the chart (`chart.rooming.reserve`) and given back when the
//! disk fills, so the next save (or the draft of what was typed) still has room while someone
//! frees space. Made again at the next opening.

use std::path::{Path, PathBuf};

/// How much room is kept.
const RESERVE_BYTES: u64 = 8 * 1024 * 1024;

fn reserve_file(chart: &Path) -> PathBuf {
    let mut name = chart.file_name().unwrap_or_default().to_owned();
    name.push(".reserve");
    chart.with_file_name(name)
}

/// Keeps the room, if the disk has it (a full disk at opening simply has no reserve).
pub(crate) fn keep(chart: &Path) {
    let path = reserve_file(chart);
    if path.metadata().is_ok_and(|m| m.len() >= RESERVE_BYTES) {
        return;
    }
    let made = std::fs::File::create(&path).and_then(|file| {
        // Written, not only sized: a sparse file would hold no room at all.
        let zeros = vec![0u8; 1024 * 1024];
        let mut file = file;
        for _ in 0..RESERVE_BYTES / 1024 / 1024 {
            std::io::Write::write_all(&mut file, &zeros)?;
        }
        file.sync_all()
    });
    if let Err(e) = made {
        tracing::warn!(error = %e, "no disk reserve kept");
        let _ = std::fs::remove_file(&path);
    }
}

/// Gives the room back to the disk.
pub(crate) fn release(chart: &Path) {
    if std::fs::remove_file(reserve_file(chart)).is_ok() {
        tracing::warn!("the disk is full: the reserve beside the chart was given back");
    }
}
