//! The administrator's staff accounts: the list, a form to add someone with a temporary
//! password, and for an existing account its changes, a new temporary password, and
//! deactivation (never deletion: past records keep naming the person as they were then).

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::clinical::account::{
    Account, AccountDraft, AccountField, CommonPasswords, MIN_PASSWORD_CHARS, Role,
};
use crate::clinical::ids::StaffId;
use crate::ui::Intent;
use crate::ui::theme;
use crate::ui::widgets::{
    FieldErrors, Width, choice, field_error, labelled_password, rows, submitted, take_focus, toggle,
};

pub struct AccountsScreen {
    accounts: Vec<Account>,
    /// The account being changed; `None` while adding.
    editing: Option<StaffId>,
    draft: AccountDraft,
    errors: FieldErrors<AccountField>,
    save_error: Option<String>,
    /// A deactivation asked once, waiting to be confirmed.
    confirm_deactivate: bool,
    focus: bool,
}

impl AccountsScreen {
    pub fn new(accounts: Vec<Account>) -> Self {
        Self {
            accounts,
            editing: None,
            draft: AccountDraft::default(),
            errors: FieldErrors::default(),
            save_error: None,
            confirm_deactivate: false,
            focus: true,
        }
    }

    /// The list after a change; the form empties.
    pub fn refresh(&mut self, accounts: Vec<Account>) {
        let editing = self.editing;
        *self = Self::new(accounts);
        if let Some(id) = editing {
            self.edit(id);
        }
    }

    pub fn failed(&mut self, message: String) {
        self.save_error = Some(message);
    }

    fn edit(&mut self, id: StaffId) {
        if let Some(account) = self.accounts.iter().find(|a| a.staff.id == id) {
            self.draft = AccountDraft::of(account);
            self.editing = Some(id);
            self.errors = FieldErrors::default();
            self.save_error = None;
            self.confirm_deactivate = false;
            self.focus = true;
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, clinic: &str, common: &CommonPasswords) -> Option<Intent> {
        ui.heading("Staff accounts");
        ui.label(
            "Each person signs in as themselves. Nobody adds themselves: an administrator adds them with a temporary password they change at their first sign-in.",
        );
        ui.add_space(6.0);
        if let Some(id) = self.list(ui) {
            self.edit(id);
        }
        ui.add_space(10.0);
        ui.separator();
        match self.editing {
            None => self.add_form(ui, clinic, common),
            Some(id) => self.change_form(ui, id, clinic, common),
        }
    }

    /// The table of accounts; returns the one whose "Change" was pressed.
    fn list(&self, ui: &mut Ui) -> Option<StaffId> {
        let mut chosen = None;
        let muted = theme::muted(ui.visuals());
        TableBuilder::new(ui)
            .id_salt("accounts")
            .striped(true)
            .column(Column::auto().at_least(200.0))
            .column(Column::auto().at_least(110.0))
            .column(Column::auto().at_least(110.0))
            .column(Column::auto().at_least(150.0))
            .column(Column::remainder())
            .max_scroll_height(260.0)
            .header(22.0, |mut h| {
                for title in ["Staff member", "Signs in as", "Role", "Status", ""] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|mut body| {
                for account in &self.accounts {
                    body.row(24.0, |mut row| {
                        row.col(|ui| {
                            let text = account.staff.signature();
                            if account.active {
                                ui.label(text);
                            } else {
                                ui.label(RichText::new(text).color(muted));
                            }
                        });
                        row.col(|ui| {
                            ui.label(account.username.as_ref().map_or("(none)", |u| u.as_str()));
                        });
                        row.col(|ui| {
                            let role = account.role.label();
                            if account.provider {
                                ui.label(format!("{role}, provider"));
                            } else {
                                ui.label(role);
                            }
                        });
                        row.col(|ui| {
                            ui.label(if !account.active {
                                "Deactivated"
                            } else if account.must_change_password {
                                "Temporary password"
                            } else {
                                "Active"
                            });
                        });
                        row.col(|ui| {
                            if account.active
                                && ui
                                    .button(format!("Change {}", account.staff.name))
                                    .clicked()
                            {
                                chosen = Some(account.staff.id);
                            }
                        });
                    });
                }
            });
        chosen
    }

    fn fields(&mut self, ui: &mut Ui, adding: bool) -> Vec<egui::Response> {
        let mut responses = Vec::new();
        let Self {
            draft,
            errors,
            focus,
            ..
        } = self;
        rows(ui, |ui| {
            let name = errors.text(
                ui,
                "Name",
                Some(AccountField::Name),
                &mut draft.name,
                Width::of(260.0),
            );
            take_focus(ui, focus, &name);
            responses.push(name);
            responses.push(errors.text(
                ui,
                "Credentials",
                Some(AccountField::Credentials),
                &mut draft.credentials,
                Width::of(120.0).hint("e.g. CMA, RN, MD"),
            ));
            if adding {
                responses.push(errors.text(
                    ui,
                    "Username",
                    Some(AccountField::Username),
                    &mut draft.username,
                    Width::of(220.0).hint("e.g. jkim"),
                ));
            }
            responses.push(errors.row(ui, "Role", Some(AccountField::Role), |ui| {
                choice(ui, "Role", &mut draft.role, Role::ALL, Role::label)
            }));
            responses.push(errors.row(ui, "Provider", None, |ui| {
                toggle(
                    ui,
                    "Provider (their co-signature passes hard stops)",
                    "Provider (their co-signature passes hard stops)",
                    &mut draft.provider,
                )
            }));
            responses.push(labelled_password(
                ui,
                "Temporary password",
                &mut draft.password,
                Width::of(330.0),
            ));
            errors.message(ui, Some(AccountField::Password));
            ui.end_row();
        });
        ui.label(
            RichText::new(format!(
                "A temporary password: at least {MIN_PASSWORD_CHARS} characters. Tell it to the person directly; they must change it when they first sign in."
            ))
            .color(theme::muted(ui.visuals())),
        );
        responses
    }

    fn add_form(&mut self, ui: &mut Ui, clinic: &str, common: &CommonPasswords) -> Option<Intent> {
        ui.label(RichText::new("Add a staff member").strong());
        let responses = self.fields(ui, true);
        let checked = self.draft.check(clinic, common);
        self.errors.check(&checked);
        let add = ui.button(RichText::new("Add staff member (Enter)").strong());
        if let Some(e) = &self.save_error {
            field_error(
                ui,
                &format!("Not added: {e}. What you typed is still here."),
            );
        }
        if add.clicked() || submitted(ui, &responses) {
            self.errors.tried();
            self.save_error = None;
            return checked.ok().map(Intent::AddAccount);
        }
        None
    }

    fn change_form(
        &mut self,
        ui: &mut Ui,
        id: StaffId,
        clinic: &str,
        common: &CommonPasswords,
    ) -> Option<Intent> {
        let name = self
            .accounts
            .iter()
            .find(|a| a.staff.id == id)
            .map(|a| a.staff.signature())
            .unwrap_or_default();
        ui.label(RichText::new(format!("Change {name}")).strong());
        let responses = self.fields(ui, false);
        let checked = self.draft.check_change();
        self.errors.check(&checked);
        let mut intent = None;
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Save changes (Enter)").strong())
                .clicked()
                || submitted(ui, &responses)
            {
                self.errors.tried();
                self.save_error = None;
                intent = checked
                    .clone()
                    .ok()
                    .map(|change| Intent::ChangeAccount { staff: id, change });
            }
            if ui.button("Set this temporary password").clicked() {
                match self.draft.check_temporary(clinic, common) {
                    Ok(temporary) => {
                        self.save_error = None;
                        self.draft.password.clear();
                        intent = Some(Intent::ResetPassword {
                            staff: id,
                            temporary,
                        });
                    }
                    Err(e) => self.save_error = Some(e.to_string()),
                }
            }
            if !self.confirm_deactivate && ui.button("Deactivate…").clicked() {
                self.confirm_deactivate = true;
            }
            if ui.button("Add someone else").clicked() {
                *self = Self::new(std::mem::take(&mut self.accounts));
            }
        });
        if self.confirm_deactivate {
            ui.label(
                RichText::new(format!(
                    "Deactivate {name}? Their password will open nothing. Their past records keep their name."
                ))
                .color(theme::warning(ui.visuals())),
            );
            ui.horizontal(|ui| {
                if ui.button(format!("Deactivate {name}")).clicked() {
                    intent = Some(Intent::DeactivateAccount(id));
                    self.confirm_deactivate = false;
                }
                if ui.button("Keep the account").clicked() {
                    self.confirm_deactivate = false;
                }
            });
        }
        if let Some(e) = &self.save_error {
            field_error(ui, &format!("Not saved: {e}"));
        }
        intent
    }
}
