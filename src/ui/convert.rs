//! First start of this version on a chart from an earlier one, which is not encrypted: it is
//! encrypted before anything else, and someone becomes its first administrator (a staff member
//! already in it, or someone new) with a username and password.

use egui::{RichText, Ui};

use crate::clinical::account::{
    AccountDraft, AccountField, CommonPasswords, MIN_PASSWORD_CHARS, NewAccount, Password,
    PasswordError, Role,
};
use crate::clinical::ids::StaffId;
use crate::clinical::staff::Staff;
use crate::ui::theme;
use crate::ui::widgets::{
    FieldErrors, Width, choice_among, field_error, labelled_password, rows, submitted, take_focus,
};

/// Who becomes the first administrator, as chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// A staff member already in the chart; `None` for someone new.
    pub existing: Option<StaffId>,
    pub account: NewAccount,
}

pub struct ConvertScreen {
    clinic: String,
    staff: Vec<Staff>,
    /// A position in `staff`, or the last choice, "Someone new".
    who: Option<usize>,
    draft: AccountDraft,
    confirm: String,
    errors: FieldErrors<AccountField>,
    error: Option<String>,
    focus: bool,
}

impl ConvertScreen {
    pub fn new(clinic: String, staff: Vec<Staff>) -> Self {
        Self {
            clinic,
            who: (!staff.is_empty()).then_some(0),
            staff,
            draft: AccountDraft {
                role: Some(Role::Administrator),
                ..AccountDraft::default()
            },
            confirm: String::new(),
            errors: FieldErrors::default(),
            error: None,
            focus: true,
        }
    }

    pub fn failed(&mut self, message: String) {
        self.error = Some(message);
    }

    fn check(
        &self,
        common: &CommonPasswords,
    ) -> Result<Conversion, std::collections::BTreeMap<AccountField, String>> {
        let existing = self.who.and_then(|i| self.staff.get(i));
        let mut draft = self.draft.clone();
        if let Some(staff) = existing {
            draft.name.clone_from(&staff.name);
            draft.credentials.clone_from(&staff.credentials);
        }
        let mut errors: std::collections::BTreeMap<AccountField, String> =
            std::collections::BTreeMap::new();
        let checked = draft.check(&self.clinic, common).map_err(|e| {
            errors.extend(e.into_iter().map(|(f, e)| (f, e.to_string())));
        });
        if !errors.contains_key(&AccountField::Password)
            && Password::new(&self.confirm) != Password::new(&self.draft.password)
        {
            errors.insert(AccountField::Confirm, PasswordError::Mismatch.to_string());
        }
        match checked {
            Ok(account) if errors.is_empty() => Ok(Conversion {
                existing: existing.map(|s| s.id),
                account,
            }),
            _ => Err(errors),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, common: &CommonPasswords) -> Option<Conversion> {
        ui.heading("Encrypt this chart");
        ui.label(format!(
            "The chart of {} was made by an earlier version of Rooming and is not encrypted. This version encrypts it before anyone charts, and every act from now on belongs to a person with their own account.",
            self.clinic
        ));
        ui.label(
            RichText::new("An encrypted copy is made and checked row by row; only then does it take the plain file's place. Nothing is lost if the computer stops part way.")
                .color(theme::muted(ui.visuals())),
        );
        ui.add_space(8.0);
        let mut names: Vec<String> = self.staff.iter().map(Staff::signature).collect();
        names.push("Someone new".into());
        let new_person = self.who.is_none_or(|i| i >= self.staff.len());
        let checked = self.check(common);
        self.errors.check(&checked);
        let mut responses = Vec::new();
        let Self {
            draft,
            confirm,
            errors,
            focus,
            who,
            ..
        } = self;
        rows(ui, |ui| {
            let label = crate::ui::widgets::row_label(ui, "First administrator");
            let chooser =
                choice_among(ui, "First administrator", who, &names).labelled_by(label.id);
            take_focus(ui, focus, &chooser);
            responses.push(chooser);
            ui.end_row();
            if new_person {
                responses.push(errors.text(
                    ui,
                    "Name",
                    Some(AccountField::Name),
                    &mut draft.name,
                    Width::of(260.0),
                ));
                responses.push(errors.text(
                    ui,
                    "Credentials",
                    Some(AccountField::Credentials),
                    &mut draft.credentials,
                    Width::of(120.0).hint("e.g. CMA, RN, MD"),
                ));
            }
            responses.push(errors.text(
                ui,
                "Username",
                Some(AccountField::Username),
                &mut draft.username,
                Width::of(220.0).hint("e.g. alopez"),
            ));
            responses.push(labelled_password(
                ui,
                "Password",
                &mut draft.password,
                Width::of(330.0),
            ));
            errors.message(ui, Some(AccountField::Password));
            ui.end_row();
            responses.push(labelled_password(
                ui,
                "Password again",
                confirm,
                Width::of(330.0),
            ));
            errors.message(ui, Some(AccountField::Confirm));
            ui.end_row();
        });
        ui.label(
            RichText::new(format!(
                "At least {MIN_PASSWORD_CHARS} characters, any you like."
            ))
            .color(theme::muted(ui.visuals())),
        );
        let go = ui.button(RichText::new("Encrypt the chart (Enter)").strong());
        if let Some(e) = &self.error {
            field_error(ui, &format!("Not encrypted: {e}. The chart is as it was."));
        }
        if go.clicked() || submitted(ui, &responses) {
            self.errors.tried();
            self.error = None;
            return checked.ok();
        }
        None
    }
}
