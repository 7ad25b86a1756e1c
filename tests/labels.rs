//! A printed label read back by an independent decoder: the PDF is rendered to pixels (hayro)
//! and its barcode read (rxing, a port of `ZXing`), which must give back the specimen ID. The
//! rendering is kept as `target/label-preview.png` to look at.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use chrono::Duration;
use common::{Chart, now};
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings, render};
use rooming::clinical::specimen::{Collection, Container, OrderedTest, SpecimenType};
use rooming::print::Label;
use rooming::print::manifest::{Manifest, ManifestRow};

/// The first page as a PNG at `dpi`, with the page's size in points.
fn rendered(pdf: Vec<u8>, dpi: f32) -> (Vec<u8>, (f32, f32)) {
    let pdf = Pdf::new(pdf).unwrap();
    let pages = pdf.pages();
    let page = &pages[0];
    let size = page.render_dimensions();
    let scale = dpi / 72.0;
    let pixmap = render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    (pixmap.into_png().unwrap(), size)
}

#[test]
fn the_barcode_gives_back_the_specimen_id() {
    let mut chart = Chart::new();
    let patient = chart.patient("Delacroix-Montgomery", "Marie-Therese", (1947, 7, 14));
    let visit = chart.visit(&patient);
    let specimen = chart
        .store
        .collect_specimen(
            patient.id,
            Some(visit.id),
            &Collection {
                kind: SpecimenType::Blood,
                container: Container::LavenderEdta,
                source: None,
                tests: vec![OrderedTest {
                    catalog_id: Some("cbc".into()),
                    name: "Complete blood count (CBC) with differential".into(),
                }],
                fasting: None,
                volume: None,
                lab: "Quest Diagnostics".into(),
                collected_at: now() - Duration::minutes(5),
                collected_by: "Ana Lopez, CMA".into(),
                identifiers_confirmed: true,
                note: None,
            },
            chart.staff.id,
        )
        .unwrap();
    let label = Label::new(&specimen.content, &patient);
    assert_eq!(label.name, "DELACROIX-MONTGOMERY, Marie-Therese");
    assert_eq!(label.birth_date, "07/14/1947");
    let (png, (width, height)) = rendered(label.pdf().unwrap(), 300.0);
    assert!(
        (width - 144.0).abs() < 0.5 && (height - 72.0).abs() < 0.5,
        "2 x 1 inch"
    );
    let preview = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("label-preview.png");
    std::fs::write(&preview, &png).unwrap();
    let read = rxing::helpers::detect_in_file(
        preview.to_str().unwrap(),
        Some(rxing::BarcodeFormat::CODE_128),
    )
    .unwrap();
    assert_eq!(read.getText(), specimen.content.id.to_string());
}

/// The manifest as the courier sees it, kept as `target/tmp/manifest-preview.png` to look at.
#[test]
fn the_manifest_renders_on_letter_paper() {
    let manifest = Manifest {
        clinic: "Valley Family Medicine".into(),
        sent_at: "11/26/2026 16:00".into(),
        handed_over_by: "Ana Lopez, CMA".into(),
        rows: (0..5)
            .map(|n| ManifestRow {
                specimen_id: format!("K7Q2M{n}-X"),
                patient: "SMITH, Jane".into(),
                birth_date: "05/01/1990".into(),
                mrn: "0000001".into(),
                tests: "Lipid panel".into(),
                what: "Blood - Gold top (SST)".into(),
                collected: "11/26/2026 15:30".into(),
                lab: "Quest Diagnostics".into(),
            })
            .collect(),
    };
    let (png, (width, height)) = rendered(manifest.pdf(), 100.0);
    assert_eq!((width.round(), height.round()), (612.0, 792.0));
    let preview = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("manifest-preview.png");
    std::fs::write(&preview, &png).unwrap();
}
