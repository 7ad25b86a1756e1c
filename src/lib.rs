//! Rooming: exam-room intake for the back-office medical assistant.
//!
//! `clinical` holds the domain rules, `store` all SQL, `ui` the egui views and `app` the shell
//! that ties them together; `run` goes from the command line to a window. See ARCHITECTURE.md.

pub mod app;
pub mod cli;
pub mod clinical;
pub mod demo;
pub mod run;
pub mod store;
pub mod ui;
