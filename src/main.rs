//! The `rooming` binary: parse the command line, set up logging, and hand over to the library.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

fn main() -> ExitCode {
    let started = Instant::now();
    // Logs name ids and actions, never patient data. RUST_LOG=rooming=debug for more.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,winit=error")),
        )
        .with_writer(std::io::stderr)
        .init();
    rooming::run::run(&rooming::cli::Cli::parse(), started)
}
