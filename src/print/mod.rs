//! What leaves the app on paper: specimen labels, courier manifests and growth charts as PDF (and
//! the manifest as CSV), and handing a file to the system's printer command. Knows no egui and no SQL; the
//! shell decides where files go and when to print.

mod canvas;
pub mod growth_chart;
pub mod label;
pub mod manifest;
pub mod printer;

pub use label::Label;
pub use manifest::Manifest;

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("the specimen ID cannot be drawn as a barcode: {0}")]
    Barcode(String),
    #[error("the file {path} cannot be written: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}
