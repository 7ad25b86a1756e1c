//! The rows of the injection form for each kind of entry: a dose given here (lot, dose, route,
//! site, time, ordering provider, funding, VIS), a dose transcribed from another record, and a
//! dose not given with the reason.

use std::collections::BTreeMap;

use egui::{Response, RichText, Ui};

use crate::clinical::injection::administration::{Funding, HistoricalSource, NotGivenReason};
use crate::clinical::injection::catalog::ProductKind;
use crate::clinical::injection::dose::{Route, Site};
use crate::clinical::injection::draft::{
    AdministrationDraft, AdministrationError, AdministrationField,
};
use crate::clinical::injection::{Lot, Product};
use crate::ui::tabs::injections::form::FormInputs;
use crate::ui::widgets::{choice, choice_among, field_error, line, row_label, toggle};
use crate::ui::{ViewContext, format, theme};

pub(super) fn given_here_rows(
    draft: &mut AdministrationDraft,
    ui: &mut Ui,
    cx: ViewContext<'_>,
    inputs: &FormInputs<'_>,
    product: &Product,
    responses: &mut Vec<Response>,
    errors: &Errors,
) {
    let today = cx.clock.today();
    let day = draft.day(cx.clock.now_local());
    let of_product: Vec<&Lot> = inputs
        .lots
        .iter()
        .filter(|l| l.product_id == product.id)
        .collect();
    // Only lots that can be used are offered; the one a correction started from stays.
    let usable: Vec<&Lot> = of_product
        .iter()
        .copied()
        .filter(|l| l.usable_on(day).is_ok() || Some(l.id) == draft.lot_id)
        .collect();
    let labels: Vec<String> = usable
        .iter()
        .map(|l| {
            format!(
                "{} · expires {} · {} left",
                l.number,
                format::date(l.expires),
                l.left
            )
        })
        .collect();
    let label = row_label(ui, "Lot");
    let mut position = draft
        .lot_id
        .and_then(|id| usable.iter().position(|l| l.id == id));
    if usable.is_empty() {
        field_error(
            ui,
            "No usable lot on hand: receive one on the Lots screen (Ctrl+L)",
        );
    } else {
        let response = choice_among(ui, "Lot", &mut position, &labels).labelled_by(label.id);
        if response.changed() {
            draft.lot_id = position.and_then(|p| usable.get(p)).map(|l| l.id);
        }
        responses.push(response);
        message(ui, errors, AdministrationField::Lot);
    }
    ui.end_row();
    let unusable: Vec<String> = of_product
        .iter()
        .filter(|l| l.usable_on(today).is_err())
        .map(|l| {
            if l.is_expired_on(today) {
                format!("lot {} expired {}", l.number, format::date(l.expires))
            } else {
                format!("lot {} is empty", l.number)
            }
        })
        .collect();
    if !unusable.is_empty() {
        row_label(ui, "");
        ui.label(
            RichText::new(format!("Not offered: {}", unusable.join("; ")))
                .color(theme::muted(ui.visuals())),
        );
        ui.end_row();
    }

    let label = row_label(ui, "Dose");
    responses.push(
        ui.add(line(&mut draft.dose, 120.0).id_salt("injection_dose"))
            .labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::Dose);
    ui.end_row();

    let label = row_label(ui, "Route");
    responses.push(
        choice(ui, "Route", &mut draft.route, Route::ALL, Route::label).labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::Route);
    ui.end_row();

    if draft.route.is_some_and(Route::needs_site) {
        let sites: &[Site] = if product.sites.is_empty() {
            Site::ALL
        } else {
            &product.sites
        };
        let label = row_label(ui, "Site");
        responses
            .push(choice(ui, "Site", &mut draft.site, sites, Site::label).labelled_by(label.id));
        message(ui, errors, AdministrationField::Site);
        ui.end_row();
    }

    let label = row_label(ui, "Given at");
    responses.push(
        ui.add(line(&mut draft.at, 160.0).id_salt("injection_at"))
            .labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::At);
    ui.end_row();

    let label = row_label(ui, "Dose number in series");
    responses.push(
        ui.add(
            line(&mut draft.series_dose, 60.0)
                .hint_text("optional")
                .id_salt("injection_series"),
        )
        .labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::SeriesDose);
    ui.end_row();

    let label = row_label(ui, "Ordered by");
    responses.push(
        ui.add(
            line(&mut draft.ordered_by, 220.0)
                .hint_text("ordering provider")
                .id_salt("injection_ordered_by"),
        )
        .labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::OrderedBy);
    ui.end_row();

    if product.kind == ProductKind::Vaccine {
        let label = row_label(ui, "Funding");
        responses.push(
            choice(
                ui,
                "Funding",
                &mut draft.funding,
                Funding::ALL,
                Funding::label,
            )
            .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::Funding);
        ui.end_row();

        for vis_id in &product.vis {
            let Some(vis) = cx.reference.injections.vis(vis_id) else {
                continue;
            };
            row_label(ui, "VIS");
            let mut on = draft.vis_given.get(vis_id).copied().unwrap_or(false);
            let shown = format!(
                "Given to the patient: {} VIS, edition {}",
                vis.title,
                format::date(vis.edition)
            );
            let response = toggle(ui, &shown, &format!("VIS given: {}", vis.title), &mut on);
            if response.changed() {
                draft.vis_given.insert(vis_id.clone(), on);
            }
            responses.push(response);
            ui.end_row();
        }
        if errors.contains_key(&AdministrationField::Vis) {
            row_label(ui, "");
            message(ui, errors, AdministrationField::Vis);
            ui.end_row();
        }
        let label = row_label(ui, "VIS given on");
        responses.push(
            ui.add(line(&mut draft.vis_given_on, 120.0).id_salt("injection_vis_on"))
                .labelled_by(label.id),
        );
        message(ui, errors, AdministrationField::VisGivenOn);
        ui.end_row();
    }
}

pub(super) fn historical_rows(
    draft: &mut AdministrationDraft,
    ui: &mut Ui,
    responses: &mut Vec<Response>,
    errors: &Errors,
) {
    let d = &mut *draft;
    let fields: [(&str, &mut String, &str, f32, Option<AdministrationField>); 5] = [
        (
            "Date given",
            &mut d.on,
            "03/14/2019",
            120.0,
            Some(AdministrationField::On),
        ),
        (
            "Dose number in series",
            &mut d.series_dose,
            "optional",
            60.0,
            Some(AdministrationField::SeriesDose),
        ),
        ("Lot number", &mut d.lot_number, "optional", 140.0, None),
        (
            "Lot expiry",
            &mut d.lot_expires,
            "optional",
            120.0,
            Some(AdministrationField::LotExpires),
        ),
        (
            "Given by or where",
            &mut d.given_by,
            "optional",
            260.0,
            None,
        ),
    ];
    for (name, text, hint, width, field) in fields {
        let label = row_label(ui, name);
        responses.push(
            ui.add(
                line(text, width)
                    .hint_text(hint)
                    .id_salt(("injection", name)),
            )
            .labelled_by(label.id),
        );
        match field {
            Some(field) => message(ui, errors, field),
            None => {
                ui.label("");
            }
        }
        ui.end_row();
    }
    let label = row_label(ui, "Source");
    responses.push(
        choice(
            ui,
            "Source",
            &mut draft.source,
            HistoricalSource::ALL,
            HistoricalSource::label,
        )
        .labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::Source);
    ui.end_row();
}

pub(super) fn not_given_rows(
    draft: &mut AdministrationDraft,
    ui: &mut Ui,
    responses: &mut Vec<Response>,
    errors: &Errors,
) {
    let label = row_label(ui, "Reason not given");
    responses.push(
        choice(
            ui,
            "Reason not given",
            &mut draft.not_given,
            NotGivenReason::ALL,
            NotGivenReason::label,
        )
        .labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::Reason);
    ui.end_row();
    let label = row_label(ui, "Note");
    responses.push(
        ui.add(line(&mut draft.note, 360.0).id_salt("injection_note"))
            .labelled_by(label.id),
    );
    message(ui, errors, AdministrationField::Note);
    ui.end_row();
}

pub(super) type Errors = BTreeMap<AdministrationField, AdministrationError>;

/// The message beside a field: its error, or an empty cell that keeps the row's shape.
pub(super) fn message(ui: &mut Ui, errors: &Errors, field: AdministrationField) {
    match errors.get(&field) {
        Some(e) => field_error(ui, &e.to_string()),
        None => {
            ui.label("");
        }
    }
}

/// "Fluzone (trivalent, preservative free) · CVX 140".
pub(super) fn product_line(product: &Product) -> String {
    match (&product.cvx, product.kind) {
        (Some(cvx), _) => format!("{} · CVX {cvx}", product.name),
        (None, ProductKind::Tuberculin) => format!("{} · skin test", product.name),
        (None, _) => product.name.clone(),
    }
}

/// What the MA should know of the product at a glance.
pub(super) fn product_facts(product: &Product) -> String {
    let mut facts = Vec::new();
    if let Some(description) = &product.cvx_description {
        facts.push(description.clone());
    }
    if product.live {
        facts.push("LIVE vaccine".into());
    }
    if let Some(dose) = product.doses.first() {
        facts.push(format!("usual dose {dose}"));
    }
    if let Some(route) = product.route {
        facts.push(route.code().to_owned());
    }
    if product.historical_only {
        facts.push("for transcribing old records only".into());
    }
    facts.join(" · ")
}
