//! A page drawn in points from its bottom-left corner, with the PDF standard fonts (nothing to
//! embed, so a label stays a few kilobytes and renders the same on every printer).

use printpdf::{
    BuiltinFont, Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};

const PT_PER_MM: f32 = 72.0 / 25.4;

pub struct Canvas {
    width: f32,
    height: f32,
    ops: Vec<Op>,
}

impl Canvas {
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            width,
            height,
            ops: Vec::new(),
        }
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let font = if bold {
            BuiltinFont::HelveticaBold
        } else {
            BuiltinFont::Helvetica
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: black() },
            Op::SetFont {
                font: PdfFontHandle::Builtin(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(standard_font_text(text))],
            },
            Op::EndTextSection,
        ]);
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.ops.push(Op::SetFillColor { col: black() });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                mode: Some(PaintMode::Fill),
                ..Rect::from_xywh(Pt(x), Pt(y), Pt(width), Pt(height))
            },
        });
    }

    /// A line through `points`, `grey` percent grey (0 black), `width` points wide.
    pub fn polyline(&mut self, points: &[(f32, f32)], grey: f32, width: f32) {
        if points.len() < 2 {
            return;
        }
        self.ops.extend([
            Op::SetOutlineColor {
                col: Color::Greyscale(Greyscale {
                    percent: grey,
                    icc_profile: None,
                }),
            },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points: points
                        .iter()
                        .map(|(x, y)| LinePoint {
                            p: Point {
                                x: Pt(*x),
                                y: Pt(*y),
                            },
                            bezier: false,
                        })
                        .collect(),
                    is_closed: false,
                },
            },
        ]);
    }

    /// A horizontal rule, as a thin filled rectangle.
    pub fn rule(&mut self, x: f32, y: f32, width: f32) {
        self.fill_rect(x, y, width, 0.5);
    }

    pub fn into_page(self) -> PdfPage {
        PdfPage::new(
            Mm(self.width / PT_PER_MM),
            Mm(self.height / PT_PER_MM),
            self.ops,
        )
    }
}

pub fn document(title: &str, pages: Vec<PdfPage>) -> Vec<u8> {
    let mut warnings = Vec::new();
    PdfDocument::new(title)
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings)
}

fn black() -> Color {
    Color::Greyscale(Greyscale {
        percent: 0.0,
        icc_profile: None,
    })
}

/// The standard fonts cover Latin-1 only: other letters print as "?" rather than as garbage,
/// and the label's barcode and ID stay exact either way.
fn standard_font_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if u32::from(c) < 0x100 && !c.is_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Cuts text to at most `max` characters, marking the cut.
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('~');
    cut
}
