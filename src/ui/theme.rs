//! Colours and spacing in one place, so a flag looks the same on every screen and errors use
//! the visuals' error colour.

use egui::{Color32, Visuals};

use crate::clinical::vitals::Interpretation;

pub const FIELD_WIDTH: f32 = 88.0;
pub const WIDE_FIELD_WIDTH: f32 = 220.0;
pub const ROW_SPACING: f32 = 6.0;

pub fn error(visuals: &Visuals) -> Color32 {
    visuals.error_fg_color
}

pub fn warning(visuals: &Visuals) -> Color32 {
    visuals.warn_fg_color
}

pub fn done(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(110, 200, 120)
    } else {
        Color32::from_rgb(20, 120, 40)
    }
}

pub fn muted(visuals: &Visuals) -> Color32 {
    visuals.weak_text_color()
}

/// Background and text colour of a flag chip.
pub fn flag(interpretation: Interpretation) -> (Color32, Color32) {
    match interpretation {
        Interpretation::CriticalLow | Interpretation::CriticalHigh => {
            (Color32::from_rgb(190, 20, 30), Color32::WHITE)
        }
        Interpretation::Low | Interpretation::High => {
            (Color32::from_rgb(250, 200, 60), Color32::BLACK)
        }
        Interpretation::Normal => (Color32::TRANSPARENT, Color32::GRAY),
    }
}

/// A reading flagged abnormal on a trend chart.
pub fn flagged_point() -> Color32 {
    Color32::from_rgb(220, 40, 40)
}

/// The banner's background: it must stand out from the form below it.
pub fn banner_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(28, 44, 66)
    } else {
        Color32::from_rgb(222, 234, 248)
    }
}

/// Behind the allergy list in the banner: the one red that means "read this first".
pub fn allergy_fill() -> Color32 {
    Color32::from_rgb(176, 24, 32)
}
