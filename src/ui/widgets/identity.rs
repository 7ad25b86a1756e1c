//! The two identifiers asked at the bedside before a label prints or a result is charted: the
//! name the patient says, ticked, and the date of birth they say, typed (never shown, so it
//! cannot be read off the screen).

use egui::{Response, RichText, Ui};

use crate::clinical::identity::IdentityCheck;
use crate::ui::widgets::{field_error, line, toggle};

/// What the identifiers are asked for, when two forms on one screen ask: it names both fields
/// ("Date of birth as stated for this result") and keeps them apart.
#[derive(Clone, Copy, Debug)]
pub enum AskedFor {
    Specimen,
    TestResult,
}

impl AskedFor {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::Specimen => ("Name matches", "Date of birth as stated"),
            Self::TestResult => (
                "Name matches for this result",
                "Date of birth as stated for this result",
            ),
        }
    }
}

/// The prompt and both fields on one line, with `error` beside them.
pub fn identity_rows(
    ui: &mut Ui,
    name: &str,
    check: &mut IdentityCheck,
    error: Option<&str>,
    asked_for: AskedFor,
) -> Vec<Response> {
    let (name_matches, stated_birth) = asked_for.names();
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!(
            "Ask the patient to say their name and date of birth: {name}"
        ))
        .strong(),
    );
    let mut responses = Vec::new();
    ui.horizontal(|ui| {
        responses.push(toggle(
            ui,
            "Name matches",
            name_matches,
            &mut check.name_confirmed,
        ));
        // Shown as spoken: two forms on one screen ask, and each field says which.
        let label = ui.label(stated_birth);
        responses.push(
            ui.add(
                line(&mut check.stated_birth_date, 110.0)
                    .hint_text("MM/DD/YYYY")
                    .id_salt((stated_birth, "stated_birth_date")),
            )
            .labelled_by(label.id),
        );
        if let Some(e) = error {
            field_error(ui, e);
        }
    });
    responses
}
