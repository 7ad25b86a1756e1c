//! Rooming: exam-room intake for the back-office medical assistant.
//!
//! `clinical` holds the domain rules, `store` all SQL, `ui` the egui views and `app` the shell
//! that ties them together; `print` makes labels and manifests; `run` goes from the command line to a window. See ARCHITECTURE.md.

pub mod app;
pub mod cli;
pub mod clinical;
pub mod commands;
pub mod demo;
pub mod print;
pub mod run;
pub mod store;
pub mod ui;
