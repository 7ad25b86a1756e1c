//! The lots screen: receiving a lot (product, lot number, expiry, NDC, maker, doses), and the
//! lots on hand with what is left and when each expires. Empty and expired lots are hidden
//! unless asked for; they can never be chosen for a dose.

use egui::{Response, RichText, Ui};

use crate::clinical::injection::Lot;
use crate::clinical::injection::lot::{LotDraft, LotField};
use crate::ui::widgets::{
    FieldErrors, Saving, Suggestions, Width, cell, choice_among, line, row_label, rows, save_row,
    submitted, suggest_field, take_focus,
};
use crate::ui::{Intent, ViewContext, format, theme};

/// Lots expiring within this many days are flagged.
const EXPIRES_SOON_DAYS: i64 = 30;

pub struct LotsScreen {
    pub lots: Vec<Lot>,
    draft: LotDraft,
    suggestions: Suggestions,
    errors: FieldErrors<LotField>,
    focus: bool,
    show_all: bool,
    pub save_error: Option<String>,
}

impl LotsScreen {
    pub fn new(lots: Vec<Lot>) -> Self {
        Self {
            lots,
            draft: LotDraft::default(),
            suggestions: Suggestions::default(),
            errors: FieldErrors::default(),
            focus: true,
            show_all: false,
            save_error: None,
        }
    }

    /// After a lot is received: the new list, an empty form.
    pub fn received(&mut self, lots: Vec<Lot>) {
        *self = Self {
            show_all: self.show_all,
            ..Self::new(lots)
        };
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        ui.heading("Lots on hand");
        ui.label(
            RichText::new(
                "Receive a lot as it arrives; a dose given from a lot takes one off what is left.",
            )
            .color(theme::muted(ui.visuals())),
        );
        ui.add_space(6.0);
        let intent = self.form_ui(ui, cx);
        ui.add_space(10.0);
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("lots")
            .show(ui, |ui| self.list_ui(ui, cx));
        intent
    }

    fn form_ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Option<Intent> {
        let catalog = &cx.reference.injections;
        ui.label(RichText::new("Receive a lot").strong().size(16.0));
        let errors = &self.errors;
        let mut responses: Vec<Response> = Vec::new();
        rows(ui, |ui| {
            let label = row_label(ui, "Product");
            let suggested = suggest_field(
                ui,
                label.id,
                egui::Id::unique("lot_product"),
                &mut self.draft.product,
                360.0,
                &mut self.suggestions,
                |typed| {
                    catalog
                        .suggest(typed, 8, true)
                        .into_iter()
                        .filter_map(|p| {
                            let position = catalog.products().iter().position(|x| x.id == p.id)?;
                            Some((position, p.name.clone()))
                        })
                        .collect()
                },
            );
            if let Some(position) = suggested.picked
                && let Some(product) = catalog.products().get(position)
            {
                self.draft.pick(product, catalog);
            } else if suggested.response.changed() {
                self.draft.product_id = None;
            }
            take_focus(ui, &mut self.focus, &suggested.response);
            responses.push(suggested.response);
            errors.message(ui, Some(LotField::Product));
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Lot number",
                Some(LotField::Number),
                &mut self.draft.number,
                Width::of(140.0).hint("as printed"),
            ));
            responses.push(errors.text(
                ui,
                "Expires",
                Some(LotField::Expires),
                &mut self.draft.expires,
                Width::of(160.0).hint("03/31/2027 or 03/2027"),
            ));
            responses.push(errors.text(
                ui,
                "NDC",
                Some(LotField::Ndc),
                &mut self.draft.ndc,
                Width::of(160.0).hint("e.g. 49281-0421-50"),
            ));

            let label = row_label(ui, "Manufacturer");
            let makers: Vec<String> = self
                .draft
                .product_id
                .as_deref()
                .and_then(|id| catalog.product(id))
                .map(|p| p.mvx.clone())
                .unwrap_or_default();
            if makers.len() > 1 {
                let names: Vec<String> = makers
                    .iter()
                    .map(|m| {
                        catalog
                            .manufacturer(m)
                            .map_or(m.clone(), |x| x.name.clone())
                    })
                    .collect();
                let mut position = self
                    .draft
                    .mvx
                    .as_ref()
                    .and_then(|m| makers.iter().position(|x| x == m));
                let response =
                    choice_among(ui, "Manufacturer", &mut position, &names).labelled_by(label.id);
                if response.changed() {
                    self.draft.mvx = position.and_then(|p| makers.get(p)).cloned();
                }
                responses.push(response);
            } else if self.draft.mvx.is_some() {
                ui.label(&self.draft.manufacturer);
            } else {
                responses.push(
                    ui.add(line(&mut self.draft.manufacturer, 220.0).id_salt("lot_manufacturer"))
                        .labelled_by(label.id),
                );
            }
            errors.message(ui, Some(LotField::Manufacturer));
            ui.end_row();
            responses.push(errors.text(
                ui,
                "Doses received",
                Some(LotField::Doses),
                &mut self.draft.doses,
                Width::of(80.0),
            ));
        });
        let checked = self.draft.check(catalog, cx.clock.today());
        self.errors.check(&checked);
        let row = save_row(
            ui,
            Saving::New("Receive lot (Enter)"),
            self.save_error.as_deref(),
        );
        if row.save || submitted(ui, &responses) {
            self.errors.tried();
            self.save_error = None;
            if let Ok(lot) = checked {
                return Some(Intent::ReceiveLot(lot));
            }
        }
        None
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) {
        let today = cx.clock.today();
        let catalog = &cx.reference.injections;
        let usable = self
            .lots
            .iter()
            .filter(|l| l.usable_on(today).is_ok())
            .count();
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{usable} usable lots")).strong());
            ui.checkbox(&mut self.show_all, "Show empty and expired lots");
        });
        rows(ui, |ui| {
            for lot in self
                .lots
                .iter()
                .filter(|l| self.show_all || l.usable_on(today).is_ok())
            {
                let name = catalog
                    .product(&lot.product_id)
                    .map_or(lot.product_id.as_str(), |p| p.name.as_str());
                cell(ui, 400.0, |ui| ui.label(RichText::new(name).strong()));
                cell(ui, 100.0, |ui| ui.label(format!("lot {}", lot.number)));
                let days_left = (lot.expires - today).num_days();
                cell(ui, 150.0, |ui| {
                    let text = RichText::new(format!("expires {}", format::date(lot.expires)));
                    ui.label(if lot.is_expired_on(today) {
                        text.strong().color(theme::error(ui.visuals()))
                    } else if days_left <= EXPIRES_SOON_DAYS {
                        text.strong().color(theme::warning(ui.visuals()))
                    } else {
                        text
                    })
                });
                cell(ui, 110.0, |ui| {
                    let text = RichText::new(format!("{} of {} left", lot.left, lot.received));
                    ui.label(if lot.left == 0 {
                        text.color(theme::error(ui.visuals()))
                    } else {
                        text
                    })
                });
                cell(ui, 110.0, |ui| {
                    ui.label(lot.ndc.as_deref().unwrap_or("no NDC"))
                });
                ui.label(
                    RichText::new(format!(
                        "{} · received by {}",
                        lot.manufacturer, lot.received_by
                    ))
                    .color(theme::muted(ui.visuals())),
                );
                ui.end_row();
            }
        });
    }
}
