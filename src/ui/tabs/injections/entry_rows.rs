//! The rows of the injection form for each kind of entry: a dose given here (lot, dose, route,
//! site, time, ordering provider, funding, VIS), a dose transcribed from another record, and a
//! dose not given with the reason.

use egui::{Response, RichText, Ui};

use crate::clinical::injection::administration::{Funding, HistoricalSource, NotGivenReason};
use crate::clinical::injection::catalog::ProductKind;
use crate::clinical::injection::dose::{Route, Site};
use crate::clinical::injection::draft::{AdministrationDraft, AdministrationField};
use crate::clinical::injection::{Lot, Product};
use crate::ui::tabs::injections::form::FormInputs;
use crate::ui::widgets::{
    FieldErrors, TimeField, Width, choice, choice_among, field_error, row_label, toggle,
};
use crate::ui::{ViewContext, format, theme};

#[allow(clippy::too_many_arguments)]
pub(super) fn given_here_rows(
    draft: &mut AdministrationDraft,
    given_at: &mut TimeField,
    ui: &mut Ui,
    cx: ViewContext<'_>,
    inputs: &FormInputs<'_>,
    product: &Product,
    responses: &mut Vec<Response>,
    errors: &Errors,
) {
    let today = cx.clock.today();
    let day = draft.day(cx.clock.now_local());
    // Two identifiers, the date of birth typed as the patient says it (not ticked).
    row_label(ui, "");
    ui.label(
        RichText::new(format!(
            "Ask the patient to say their name and date of birth: {}",
            inputs.patient.demographics.full_name()
        ))
        .strong(),
    );
    ui.end_row();
    row_label(ui, "Identity");
    responses.push(toggle(
        ui,
        "Name matches",
        "Name matches",
        &mut draft.identity.name_confirmed,
    ));
    ui.end_row();
    responses.push(errors.text(
        ui,
        "Date of birth as stated",
        Some(AdministrationField::Identity),
        &mut draft.identity.stated_birth_date,
        Width::of(120.0).hint("MM/DD/YYYY"),
    ));
    let of_product: Vec<&Lot> = inputs
        .lots
        .iter()
        .filter(|l| l.product_id == product.id)
        .collect();
    // Only lots that can be used are offered; the one a correction started from stays.
    let usable: Vec<&Lot> = of_product
        .iter()
        .copied()
        // Usable today too: a "given at" typed back before an expiry does not bring an expired
        // lot back (the dose is given now, within the visit).
        .filter(|l| {
            (l.usable_on(day).is_ok() && l.usable_on(today).is_ok()) || Some(l.id) == draft.lot_id
        })
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
        errors.message(ui, Some(AdministrationField::Lot));
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

    responses.push(errors.text(
        ui,
        "Dose",
        Some(AdministrationField::Dose),
        &mut draft.dose,
        Width::of(120.0),
    ));
    responses.push(
        errors.row(ui, "Route", Some(AdministrationField::Route), |ui| {
            choice(ui, "Route", &mut draft.route, Route::ALL, Route::label)
        }),
    );

    if draft.route.is_some_and(Route::needs_site) {
        let sites: &[Site] = if product.sites.is_empty() {
            Site::ALL
        } else {
            &product.sites
        };
        responses.push(
            errors.row(ui, "Site", Some(AdministrationField::Site), |ui| {
                choice(ui, "Site", &mut draft.site, sites, Site::label)
            }),
        );
    }

    let at = errors.text(
        ui,
        "Given at",
        Some(AdministrationField::At),
        &mut draft.at,
        Width::of(160.0),
    );
    given_at.after(&at);
    responses.push(at);
    responses.push(errors.text(
        ui,
        "Dose number in series",
        Some(AdministrationField::SeriesDose),
        &mut draft.series_dose,
        Width::of(60.0).hint("optional"),
    ));
    responses.push(errors.text(
        ui,
        "Ordered by",
        Some(AdministrationField::OrderedBy),
        &mut draft.ordered_by,
        Width::of(220.0).hint("ordering provider"),
    ));

    if product.kind == ProductKind::Vaccine {
        responses.push(
            errors.row(ui, "Funding", Some(AdministrationField::Funding), |ui| {
                choice(
                    ui,
                    "Funding",
                    &mut draft.funding,
                    Funding::ALL,
                    Funding::label,
                )
            }),
        );

        for vis_id in &product.vis {
            let Some(vis) = cx.reference.injections.vis(vis_id) else {
                continue;
            };
            row_label(ui, "");
            let mut on = draft.vis_given.get(vis_id).copied().unwrap_or(false);
            let shown = format!("VIS given: {}", vis.title);
            let response = ui
                .horizontal(|ui| {
                    let response = toggle(ui, &shown, &shown, &mut on);
                    ui.label(
                        RichText::new(format!("edition {}", format::date(vis.edition)))
                            .color(theme::muted(ui.visuals())),
                    );
                    response
                })
                .inner;
            if response.changed() {
                draft.vis_given.insert(vis_id.clone(), on);
            }
            responses.push(response);
            ui.end_row();
        }
        if errors.get(AdministrationField::Vis).is_some() {
            row_label(ui, "");
            errors.message(ui, Some(AdministrationField::Vis));
            ui.end_row();
        }
        responses.push(errors.text(
            ui,
            "VIS given on",
            Some(AdministrationField::VisGivenOn),
            &mut draft.vis_given_on,
            Width::of(120.0),
        ));
    }
}

pub(super) fn historical_rows(
    draft: &mut AdministrationDraft,
    ui: &mut Ui,
    responses: &mut Vec<Response>,
    errors: &Errors,
) {
    let d = &mut *draft;
    responses.push(errors.text(
        ui,
        "Date given",
        Some(AdministrationField::On),
        &mut d.on,
        Width::of(120.0).hint("03/14/2019"),
    ));
    responses.push(errors.text(
        ui,
        "Dose number in series",
        Some(AdministrationField::SeriesDose),
        &mut d.series_dose,
        Width::of(60.0).hint("optional"),
    ));
    responses.push(errors.text(
        ui,
        "Lot number",
        None,
        &mut d.lot_number,
        Width::of(140.0).hint("optional"),
    ));
    responses.push(errors.text(
        ui,
        "Lot expiry",
        Some(AdministrationField::LotExpires),
        &mut d.lot_expires,
        Width::of(120.0).hint("optional"),
    ));
    responses.push(errors.text(
        ui,
        "Given by or where",
        None,
        &mut d.given_by,
        Width::of(260.0).hint("optional"),
    ));
    responses.push(
        errors.row(ui, "Source", Some(AdministrationField::Source), |ui| {
            choice(
                ui,
                "Source",
                &mut d.source,
                HistoricalSource::ALL,
                HistoricalSource::label,
            )
        }),
    );
}

pub(super) fn not_given_rows(
    draft: &mut AdministrationDraft,
    ui: &mut Ui,
    responses: &mut Vec<Response>,
    errors: &Errors,
) {
    responses.push(errors.row(
        ui,
        "Reason not given",
        Some(AdministrationField::Reason),
        |ui| {
            choice(
                ui,
                "Reason not given",
                &mut draft.not_given,
                NotGivenReason::ALL,
                NotGivenReason::label,
            )
        },
    ));
    responses.push(errors.text(
        ui,
        "Note",
        Some(AdministrationField::Note),
        &mut draft.note,
        Width::of(360.0),
    ));
}

pub(super) type Errors = FieldErrors<AdministrationField>;

/// "Boostrix · Tdap · from 10 years · CVX 115": the vaccine type and the ages the schedule
/// prefers it at, when it knows them.
pub(super) fn product_line(product: &Product, ages: Option<&str>) -> String {
    let mut parts = vec![product.name.clone()];
    parts.extend(product.cvx_description.clone());
    parts.extend(ages.map(str::to_owned));
    match (&product.cvx, product.kind) {
        (Some(cvx), _) => parts.push(format!("CVX {cvx}")),
        (None, ProductKind::Tuberculin) => parts.push("skin test".into()),
        (None, _) => {}
    }
    parts.join(" · ")
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
