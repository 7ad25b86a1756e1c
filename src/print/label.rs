//! The specimen label, 2 x 1 inch: who (name, date of birth, MRN), the specimen ID as a Code 128
//! barcode and in text, what it is, and when and by whom it was collected. The barcode holds the
//! ID exactly as printed beneath it, so a scanner gives back what the log shows.

use barcoders::sym::code128::Code128;

use crate::clinical::patient::Patient;
use crate::clinical::specimen::Specimen;
use crate::clinical::time::to_local;
use crate::print::PrintError;
use crate::print::canvas::{Canvas, document, fit};

/// 2 x 1 inch, in points.
const WIDTH: f32 = 144.0;
const HEIGHT: f32 = 72.0;
/// Code 128 asks for a quiet zone of ten modules on each side.
const QUIET_MODULES: f32 = 10.0;

/// What a label says, in words, so a test or the screen can read it without the PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    pub birth_date: String,
    pub mrn: String,
    pub specimen_id: String,
    pub what: String,
    pub collected: String,
    pub collector: String,
}

impl Label {
    pub fn new(specimen: &Specimen, patient: &Patient) -> Self {
        let d = &patient.demographics;
        let c = &specimen.collection;
        Self {
            name: format!("{}, {}", d.family_name.to_uppercase(), d.given_names),
            birth_date: d.birth_date.format("%m/%d/%Y").to_string(),
            mrn: patient.mrn.as_str().to_owned(),
            specimen_id: specimen.id.to_string(),
            what: format!("{} - {}", c.kind.label(), c.container.label()),
            collected: to_local(c.collected_at)
                .format("%m/%d/%Y %H:%M")
                .to_string(),
            collector: c.collected_by.clone(),
        }
    }

    /// The label as a one-page PDF.
    pub fn pdf(&self) -> Result<Vec<u8>, PrintError> {
        let modules = Code128::new(format!("Ɓ{}", self.specimen_id))
            .map_err(|e| PrintError::Barcode(e.to_string()))?
            .encode();
        let mut page = Canvas::new(WIDTH, HEIGHT);
        page.text(6.0, 62.0, 8.0, true, &fit(&self.name, 25));
        page.text(
            6.0,
            54.0,
            6.5,
            false,
            &format!("DOB {}   MRN {}", self.birth_date, self.mrn),
        );
        // The widest module that fits with both quiet zones, so the bars are as easy to scan as
        // the label allows.
        let count = modules.len() as f32;
        let module = WIDTH / (count + 2.0 * QUIET_MODULES);
        let left = QUIET_MODULES * module;
        let mut x = left;
        for bar in &modules {
            if *bar == 1 {
                page.fill_rect(x, 22.0, module, 29.0);
            }
            x += module;
        }
        page.text(6.0, 13.5, 8.0, true, &self.specimen_id);
        page.text(50.0, 13.5, 6.0, false, &fit(&self.what, 34));
        page.text(
            6.0,
            5.0,
            6.0,
            false,
            &fit(&format!("Coll {}  {}", self.collected, self.collector), 44),
        );
        Ok(document(
            &format!("Specimen {}", self.specimen_id),
            vec![page.into_page()],
        ))
    }

    /// The file name a label is written under: the ID, so a reprint replaces nothing else.
    pub fn file_name(&self) -> String {
        format!("label-{}.pdf", self.specimen_id)
    }
}
