//! The chain's walk in the background, on its own read-only connection and thread, so no one
//! waits for it: the whole chain after an unclean shutdown or once a day, else only what was
//! sealed since the last walk. Its verdict is for the administrator's banner.

use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use rusqlite::{Connection, InterruptHandle, OpenFlags};

use crate::store::keyring::DataKey;
use crate::store::open::{ChartKey, apply_key};
use crate::store::verify::{Break, VerifyReport, verify, verify_since};
use crate::store::{ChainHead, Store};

/// Where the chain stands, as the banner shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainStatus {
    /// Not walked at this opening (a tool's store), or still walking.
    Unknown,
    Checking,
    Intact(Option<ChainHead>),
    Broken {
        first: Break,
        count: usize,
    },
    /// The walk itself could not run.
    Failed(String),
}

type Verdict = Result<(VerifyReport, bool), String>;

pub(crate) enum ChainCheck {
    NotRun,
    Pending(
        Receiver<Verdict>,
        InterruptHandle,
        Option<std::thread::JoinHandle<()>>,
    ),
    Done(ChainStatus),
}

impl ChainCheck {
    /// Starts the walk: from `from` on, or the whole chain when `None`.
    pub(crate) fn spawn(path: &Path, key: Option<DataKey>, from: Option<ChainHead>) -> Self {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let Ok(conn) = Connection::open_with_flags(path, flags) else {
            return Self::Done(ChainStatus::Failed("the chart could not be read".into()));
        };
        let chart_key = key.as_ref().map_or(ChartKey::Plain, ChartKey::Data);
        if apply_key(&conn, chart_key).is_err() {
            return Self::Done(ChainStatus::Failed("the chart could not be read".into()));
        }
        drop(key);
        let interrupt = conn.get_interrupt_handle();
        let (sender, receiver) = channel();
        let spawned = std::thread::Builder::new()
            .name("verify_chain".into())
            .spawn(move || {
                let verdict = match &from {
                    Some(head) => verify_since(&conn, head).map(|r| (r, false)),
                    None => verify(&conn, None).map(|r| (r, true)),
                }
                .map_err(|e| e.to_string());
                tracing::info!(
                    intact = verdict.as_ref().is_ok_and(|(r, _)| r.is_intact()),
                    "chain verified"
                );
                let _ = sender.send(verdict);
            });
        match spawned {
            Ok(thread) => Self::Pending(receiver, interrupt, Some(thread)),
            Err(e) => Self::Done(ChainStatus::Failed(e.to_string())),
        }
    }
}

impl Drop for ChainCheck {
    /// Stopped and waited for when the chart closes (see `Integrity`'s drop).
    fn drop(&mut self) {
        if let Self::Pending(_, interrupt, thread) = self {
            interrupt.interrupt();
            if let Some(thread) = thread.take() {
                let _ = thread.join();
            }
        }
    }
}

impl Store {
    /// Where the chain stands, without waiting.
    pub fn chain_status(&mut self) -> ChainStatus {
        let verdict = match &self.chain_check {
            ChainCheck::NotRun => return ChainStatus::Unknown,
            ChainCheck::Done(status) => return status.clone(),
            ChainCheck::Pending(receiver, ..) => match receiver.try_recv() {
                Ok(verdict) => verdict,
                Err(TryRecvError::Empty) => return ChainStatus::Checking,
                Err(TryRecvError::Disconnected) => Err("the walk stopped".into()),
            },
        };
        let status = match verdict {
            Ok((report, whole)) => match report.first_break() {
                None => {
                    let now = self.clock.now();
                    if let Some(mark) = &mut self.mark {
                        mark.0.verified(report.head.as_ref(), whole, now);
                    }
                    ChainStatus::Intact(report.head)
                }
                Some(first) => ChainStatus::Broken {
                    first: first.clone(),
                    count: report.breaks.len(),
                },
            },
            Err(e) => ChainStatus::Failed(e),
        };
        self.chain_check = ChainCheck::Done(status.clone());
        status
    }
}
