//! The courier manifest: the specimens handed over together, one line each, with who handed
//! them over and when, and a line for the courier's signature. As PDF for the courier and as
//! CSV for the lab's intake or the clinic's records.

use crate::print::canvas::{Canvas, document, fit};

/// US letter, in points.
const WIDTH: f32 = 612.0;
const HEIGHT: f32 = 792.0;
const ROWS_PER_PAGE: usize = 34;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestRow {
    pub specimen_id: String,
    pub patient: String,
    pub birth_date: String,
    pub mrn: String,
    pub tests: String,
    pub what: String,
    pub collected: String,
    pub lab: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub clinic: String,
    /// When the courier took them, local time as printed.
    pub sent_at: String,
    pub handed_over_by: String,
    pub rows: Vec<ManifestRow>,
}

const COLUMNS: [(&str, f32, usize); 6] = [
    ("Specimen", 36.0, 10),
    ("Patient", 90.0, 22),
    ("DOB / MRN", 185.0, 22),
    ("Tests", 280.0, 40),
    ("Collected", 450.0, 16),
    ("Lab", 520.0, 13),
];

impl Manifest {
    pub fn pdf(&self) -> Vec<u8> {
        let pages = self.rows.chunks(ROWS_PER_PAGE).count().max(1);
        let mut out = Vec::new();
        for (n, rows) in self
            .rows
            .chunks(ROWS_PER_PAGE)
            .chain(self.rows.is_empty().then_some(&[][..]))
            .enumerate()
        {
            let mut page = Canvas::new(WIDTH, HEIGHT);
            page.text(36.0, 750.0, 16.0, true, "Specimen courier manifest");
            page.text(
                36.0,
                732.0,
                10.0,
                false,
                &format!(
                    "{}   Sent {}   Handed over by {}   {} specimen{}   Page {} of {pages}",
                    self.clinic,
                    self.sent_at,
                    self.handed_over_by,
                    self.rows.len(),
                    if self.rows.len() == 1 { "" } else { "s" },
                    n + 1
                ),
            );
            let mut y = 708.0;
            for (title, x, _) in COLUMNS {
                page.text(x, y, 9.0, true, title);
            }
            page.rule(36.0, y - 4.0, WIDTH - 72.0);
            for row in rows {
                y -= 18.0;
                let cells = [
                    row.specimen_id.clone(),
                    row.patient.clone(),
                    format!("{} {}", row.birth_date, row.mrn),
                    format!("{} ({})", row.tests, row.what),
                    row.collected.clone(),
                    row.lab.clone(),
                ];
                for ((_, x, max), cell) in COLUMNS.iter().zip(cells) {
                    page.text(*x, y, 8.0, false, &fit(&cell, *max));
                }
            }
            if n + 1 == pages {
                page.text(36.0, 60.0, 10.0, false, "Courier name and signature:");
                page.rule(180.0, 58.0, 250.0);
                page.text(440.0, 60.0, 10.0, false, "Time:");
                page.rule(470.0, 58.0, 100.0);
            }
            out.push(page.into_page());
        }
        document("Specimen courier manifest", out)
    }

    /// One line per specimen; fields with commas, quotes or line breaks are quoted (RFC 4180).
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "specimen_id,patient,birth_date,mrn,tests,container,collected,lab,sent,handed_over_by\r\n",
        );
        for row in &self.rows {
            let fields = [
                &row.specimen_id,
                &row.patient,
                &row.birth_date,
                &row.mrn,
                &row.tests,
                &row.what,
                &row.collected,
                &row.lab,
                &self.sent_at,
                &self.handed_over_by,
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, patient: &str) -> ManifestRow {
        ManifestRow {
            specimen_id: id.into(),
            patient: patient.into(),
            birth_date: "05/01/1990".into(),
            mrn: "000123".into(),
            tests: "Lipid panel".into(),
            what: "Blood - Gold top (SST)".into(),
            collected: "11/26/2026 15:30".into(),
            lab: "Quest Diagnostics".into(),
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let manifest = Manifest {
            clinic: "Main St Clinic".into(),
            sent_at: "11/26/2026 16:00".into(),
            handed_over_by: "Ana Lopez, CMA".into(),
            rows: vec![row("K7Q2M9-4", "DOE, Jane \"JJ\"")],
        };
        let csv = manifest.csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].starts_with("K7Q2M9-4,\"DOE, Jane \"\"JJ\"\"\",05/01/1990,"));
        assert!(lines[1].ends_with(",\"Ana Lopez, CMA\""));
    }

    #[test]
    fn a_long_pickup_spreads_over_pages() {
        let manifest = Manifest {
            clinic: "Main St Clinic".into(),
            sent_at: "11/26/2026 16:00".into(),
            handed_over_by: "Ana Lopez, CMA".into(),
            rows: (0..70)
                .map(|n| row(&format!("ID{n}"), "DOE, Jane"))
                .collect(),
        };
        let pdf = hayro::hayro_syntax::Pdf::new(manifest.pdf()).unwrap();
        assert_eq!(pdf.pages().len(), 3);
    }
}
