//! The commands that run without a window: filling a demo chart, the plain export, verifying
//! the chain, and how each is given the chart's key.

pub mod backup;
pub mod crash_writer;
pub mod credentials;
pub mod demo;
pub mod export;
pub mod verify;
