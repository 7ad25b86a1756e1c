//! Rooming: exam-room intake for the back-office medical assistant.
//!
//! `clinical` holds the domain rules, `store` all SQL, `ui` the egui views and `app` the shell
//! that ties them together. See ARCHITECTURE.md for the map.

pub mod clinical;
pub mod store;
