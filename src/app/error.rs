//! Why the app refused or failed to do what a screen asked, in words for the status line.

use crate::print::PrintError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("nobody is signed in: sign in first")]
    NotSignedIn,
    #[error("only an administrator can do that")]
    NotAdministrator,
    #[error("no patient's chart is open")]
    NoChart,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Print(#[from] PrintError),
}

pub type AppResult<T> = Result<T, AppError>;
