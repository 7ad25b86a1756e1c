//! Injections through `egui_kittest`, keyboard first: a vaccine given from a lot lands in the
//! chart and the lot count; an egg allergy needs a typed reason before an egg-based vaccine; an
//! expired lot cannot be chosen; a skin test is placed and read; a lot is received.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use chrono::{Datelike, Duration};
use common::ui::{
    Ui, app, choose, harness, has_text, press, room_patient, sign_in, tab, tick, type_into,
};
use common::{Chart, now};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use rooming::clinical::account::{NewAccount, Password, Role as StaffRole, Username};
use rooming::clinical::allergy::{
    Allergy, AllergyCategory, AllergyStatusCode, AllergySubstance, Criticality, Reaction,
    Verification,
};
use rooming::clinical::audit::AuditAction;
use rooming::clinical::checklist::{Section, SectionState};
use rooming::clinical::ids::PatientId;
use rooming::clinical::injection::administration::{Administration, Event, Funding};
use rooming::clinical::injection::dose::Site;
use rooming::clinical::injection::lot::{Lot, NewLot};
use rooming::clinical::injection::safety::CheckKind;
use rooming::clinical::injection::tst::{RiskGroup, TstReading, TstResult};
use rooming::clinical::time::to_local;
use rooming::clinical::visit::VisitStatus;

fn receive(chart: &mut Chart, product: &str, number: &str, expires_in_days: i64) -> Lot {
    let expires = to_local(now()).date_naive() + Duration::days(expires_in_days);
    chart
        .store
        .receive_lot(
            &NewLot {
                product_id: product.into(),
                number: number.into(),
                expires,
                ndc: None,
                manufacturer: "Sanofi Pasteur".into(),
                mvx: Some("PMC".into()),
                doses: 10,
            },
            chart.staff.id,
        )
        .unwrap()
}

/// Picks a product by typing and taking the first suggestion.
fn pick_product(h: &mut Ui, typed: &str) {
    h.get_by_label("Product").focus();
    h.run();
    h.get_by_label("Product").type_text(typed);
    h.run();
    press(h, Key::ArrowDown);
    press(h, Key::Enter);
}

/// Fills a flu shot from the first lot: lot, left deltoid, ordering provider, VIS handed out.
fn fill_flu_shot(h: &mut Ui) {
    pick_product(h, "fluzone trivalent");
    assert_eq!(
        h.get_by_label("Product").value().as_deref(),
        Some("Fluzone (trivalent, preservative free)")
    );
    choose(h, "Lot", 1);
    choose(h, "Site", 1);
    type_into(h, "Ordered by", "Dr. Patel");
    tick(h, "VIS given: Influenza (Injected)");
    confirm_identity(h);
}

/// Jane Smith's two identifiers: the name confirmed, the date of birth typed as she says it.
fn confirm_identity(h: &mut Ui) {
    tick(h, "Name matches");
    common::ui::replace_text(h, "Date of birth as stated", "03/02/1980");
}

fn administrations(
    h: &Ui,
    patient: PatientId,
) -> Vec<rooming::clinical::record::Versioned<Administration>> {
    app(h).store().records(patient).unwrap()
}

#[test]
fn a_vaccine_given_from_a_lot_is_charted_and_counted() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1980, 3, 2)).id;
    let lot = receive(&mut chart, "fluzone", "UT8812", 200);
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    assert!(
        h.get_by_label("Product").is_focused(),
        "the tab opens on its first field"
    );
    fill_flu_shot(&mut h);
    press(&mut h, Key::Enter);

    let saved = administrations(&h, jane);
    assert_eq!(saved.len(), 1);
    let Event::GivenHere(given) = &saved[0].content.event else {
        panic!("given here");
    };
    assert_eq!(given.lot.number, "UT8812");
    assert_eq!(given.site, Some(Site::LeftDeltoid));
    assert_eq!(given.dose.to_string(), "0.5 mL");
    assert_eq!(given.ordered_by, "Dr. Patel");
    assert_eq!(
        given.funding,
        Some(Funding::NotEligible),
        "an adult is not VFC eligible"
    );
    assert_eq!(given.administered_by.name, "Ana Lopez");
    assert_eq!(given.administered_by.address, "12 Main St, Springfield");
    assert_eq!(given.vis[0].edition.to_string(), "2021-08-06");
    assert!(saved[0].visit_id.is_some());
    assert_eq!(app(&h).store().lot(lot.id).unwrap().left, 9);
    assert!(has_text(&h, "given from lot UT8812 (9 left)"));
    // The immunization record shows it under its vaccine.
    assert!(has_text(&h, "Influenza"));
    assert!(has_text(&h, "lot UT8812 (Sanofi Pasteur)"));
    // The checklist sees a dose given but waits for the MA's mark.
    assert!(has_text(&h, "1 given; mark done when finished"));
    h.get_by_label("Mark injections done").click();
    h.run();
    let open = app(&h).open_patient_screen().unwrap().open_visit().unwrap();
    let item = open
        .checklist
        .items
        .iter()
        .find(|i| i.section == Section::Injections)
        .unwrap();
    assert!(matches!(&item.state, SectionState::Done { summary, .. } if summary == "1 given"));
}

#[test]
/// ACIP: an egg allergy needs no extra measures before a flu vaccine: shown for information,
/// nothing to pass.
fn an_egg_allergy_is_shown_for_information_before_an_egg_based_vaccine() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    chart
        .store
        .add_record(
            patient.id,
            None,
            &Allergy {
                substance: AllergySubstance::Catalog {
                    id: "egg".into(),
                    name: "Egg".into(),
                },
                category: AllergyCategory::Food,
                reactions: [Reaction::Hives].into(),
                severity: None,
                criticality: Criticality::Low,
                status: AllergyStatusCode::Active,
                verification: Verification::Confirmed,
                onset: None,
                note: None,
            },
            chart.staff.id,
        )
        .unwrap();
    receive(&mut chart, "fluzone", "UT8812", 200);
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    fill_flu_shot(&mut h);
    assert!(has_text(
        &h,
        "For information, Allergy: Egg (hives): Fluzone (trivalent, preservative free) contains egg protein"
    ));
    assert!(h.query_by_label("Reason to go ahead: Allergy").is_none());
    press(&mut h, Key::Enter);
    let saved = administrations(&h, patient.id);
    assert_eq!(saved.len(), 1, "nothing to pass");
    assert!(saved[0].content.overrides.is_empty());
}

/// A second dose of the same vaccine the same day passes only with a reason and a provider's
/// co-signature, the provider typing their own password; the MA stays signed in.
#[test]
fn a_second_flu_shot_today_needs_a_providers_co_signature() {
    let mut chart = Chart::new();
    let patient = chart.patient("Smith", "Jane", (1980, 3, 2));
    let provider = chart
        .store
        .add_account(
            &NewAccount {
                name: "Maria Chen".into(),
                credentials: "MD".into(),
                username: Username::parse("mchen").unwrap(),
                role: StaffRole::ClinicalStaff,
                provider: true,
                password: Password::new("temporary orchard window"),
            },
            chart.staff.id,
        )
        .unwrap();
    chart
        .store
        .change_own_password(provider.staff.id, &Password::new("provider harbor lantern"))
        .unwrap();
    receive(&mut chart, "fluzone", "UT8812", 200);
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    fill_flu_shot(&mut h);
    press(&mut h, Key::Enter);
    assert_eq!(administrations(&h, patient.id).len(), 1);
    fill_flu_shot(&mut h);
    assert!(has_text(&h, "PROVIDER, Already given today: Fluzone"));
    type_into(
        &mut h,
        "Reason to go ahead: Already given today",
        "first syringe dropped before injection",
    );
    h.get_by_label("Save injection (Enter)").click();
    h.run();
    assert_eq!(
        administrations(&h, patient.id).len(),
        1,
        "not without a provider"
    );
    assert!(has_text(&h, "a provider must co-sign"));
    // The MA's own password is not a provider's.
    type_into(&mut h, "Provider's username", common::USERNAME);
    type_into(&mut h, "Provider's password", common::PASSWORD);
    press(&mut h, Key::Enter);
    assert!(has_text(
        &h,
        "Not co-signed: Ana Lopez, CMA is not a provider"
    ));
    common::ui::replace_text(&mut h, "Provider's username", "mchen");
    type_into(&mut h, "Provider's password", "not her password");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Not co-signed:"));
    assert!(!has_text(&h, "Co-signed by"));
    type_into(&mut h, "Provider's password", "provider harbor lantern");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Co-signed by Maria Chen, MD"));
    assert!(
        has_text(&h, "Charting: Ana Lopez, CMA"),
        "the MA is still signed in"
    );
    h.get_by_label("Save injection (Enter)").click();
    h.run();
    let saved = administrations(&h, patient.id);
    assert_eq!(saved.len(), 2);
    let second = saved
        .iter()
        .find(|a| !a.content.overrides.is_empty())
        .unwrap();
    let passed = &second.content.overrides[0];
    assert_eq!(passed.check, CheckKind::SameDay);
    let co = passed.co_signed_by.as_ref().unwrap();
    assert_eq!(co.staff, provider.staff.id);
    assert_eq!(co.signature, "Maria Chen, MD");
    let audit = app(&h).store().audit_trail(patient.id).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::CoSigned && e.staff_id == Some(provider.staff.id)),
        "the co-signature is the provider's act in the audit log"
    );
}

#[test]
fn an_expired_lot_cannot_be_chosen() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1980, 3, 2)).id;
    let expired = receive(&mut chart, "fluzone", "OLD111", -1);
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    pick_product(&mut h, "fluzone trivalent");
    assert!(has_text(&h, "No usable lot on hand"));
    assert!(has_text(&h, "Not offered: lot OLD111 expired"));
    assert!(h.query_by_role_and_label(Role::ComboBox, "Lot").is_none());
    // A "given at" typed back to before the expiry does not bring the lot back.
    let before_expiry = to_local(now() - Duration::days(2))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    common::ui::replace_text(&mut h, "Given at", &before_expiry);
    assert!(has_text(&h, "No usable lot on hand"));
    assert!(h.query_by_role_and_label(Role::ComboBox, "Lot").is_none());
    choose(&mut h, "Site", 1);
    type_into(&mut h, "Ordered by", "Dr. Patel");
    tick(&mut h, "VIS given: Influenza (Injected)");
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "No usable lot on hand: receive one"),
        "still says why"
    );
    assert!(administrations(&h, jane).is_empty());
    assert_eq!(app(&h).store().lot(expired.id).unwrap().left, 10);
}

#[test]
fn a_skin_test_is_placed_then_read_in_its_window() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1980, 3, 2)).id;
    receive(&mut chart, "tubersol", "C5123", 300);
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    pick_product(&mut h, "ppd");
    assert_eq!(h.get_by_label("Dose").value().as_deref(), Some("0.1 mL"));
    choose(&mut h, "Lot", 1);
    choose(&mut h, "Site", 1);
    type_into(&mut h, "Ordered by", "Dr. Patel");
    // A date of birth that is not the chart's stops the dose: maybe the wrong patient.
    tick(&mut h, "Name matches");
    type_into(&mut h, "Date of birth as stated", "03/12/1980");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "is not the chart's: stop"));
    assert!(administrations(&h, jane).is_empty());
    common::ui::replace_text(&mut h, "Date of birth as stated", "1980-03-02");
    press(&mut h, Key::Enter);
    let placed = administrations(&h, jane);
    assert_eq!(placed.len(), 1);
    // Just placed: the reading window has not opened.
    assert!(has_text(&h, "Too early to read"));
    assert!(h.query_by_label("Induration (mm)").is_none());
}

#[test]
fn a_skin_test_placed_two_days_ago_is_read_and_interpreted() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1980, 3, 2));
    let lot = receive(&mut chart, "tubersol", "C5123", 300);
    // Placed 50 hours ago through the store, as the visit two days ago would have.
    let catalog = rooming::clinical::injection::InjectionCatalog::built_in().unwrap();
    let product = catalog.product("tubersol").unwrap();
    let mut draft =
        rooming::clinical::injection::draft::AdministrationDraft::new(now() - Duration::hours(50));
    draft.pick(product, true);
    draft.lot_id = Some(lot.id);
    draft.site = Some(Site::LeftForearm);
    draft.ordered_by = "Dr. Patel".into();
    draft.identity =
        rooming::clinical::identity::IdentityCheck::passed(jane.demographics.birth_date);
    let administrator = rooming::clinical::injection::administration::Administrator {
        name: "Ana Lopez".into(),
        title: "CMA".into(),
        clinic: "Valley Family Medicine".into(),
        address: "12 Main St, Springfield".into(),
    };
    let lots = chart.store.lots().unwrap();
    let placement = draft
        .check(&rooming::clinical::injection::draft::DraftContext {
            catalog: &catalog,
            lots: &lots,
            now: to_local(now()),
            birth_date: jane.demographics.birth_date,
            administrator: &administrator,
            visit_started: None,
        })
        .unwrap();
    // Placed at an earlier visit, now done.
    let placed_in = chart.visit(&jane).id;
    let placement = chart
        .store
        .save_administration(jane.id, Some(placed_in), &placement, None, chart.staff.id)
        .unwrap();
    chart
        .store
        .set_visit_status(placed_in, VisitStatus::Done, chart.staff.id)
        .unwrap();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    assert!(has_text(&h, "Skin test placed"));
    type_into(&mut h, "Induration (mm)", "12");
    choose(&mut h, "Risk group", 2);
    assert!(has_text(
        &h,
        "12 mm: POSITIVE for this risk group (cut-off 10 mm)"
    ));
    press(&mut h, Key::Enter);
    let readings: Vec<rooming::clinical::record::Versioned<TstReading>> =
        app(&h).store().records(jane.id).unwrap();
    assert_eq!(readings.len(), 1);
    let r = &readings[0].content;
    assert_eq!(r.placement, placement.id);
    assert_eq!(
        (r.induration_mm, r.risk_group, r.result),
        (12, RiskGroup::Moderate, TstResult::Positive)
    );
    assert!(has_text(&h, "Read 15:30: 12 mm, POSITIVE"));
}

#[test]
fn a_lot_is_received_on_the_lots_screen() {
    let chart = Chart::new_with_patient();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    tab(&mut h, Key::L);
    assert!(has_text(&h, "Lots on hand"));
    assert!(h.get_by_label("Product").is_focused());
    pick_product(&mut h, "shingrix");
    assert!(
        has_text(&h, "GlaxoSmithKline"),
        "the maker follows from the product"
    );
    type_into(&mut h, "Lot number", "ab12c");
    type_into(&mut h, "Expires", "06/2027");
    type_into(&mut h, "Doses received", "10");
    press(&mut h, Key::Enter);
    let lots = app(&h).store().lots().unwrap();
    assert_eq!(lots.len(), 1);
    assert_eq!(lots[0].number, "AB12C");
    assert_eq!(lots[0].expires.to_string(), "2027-06-30");
    assert_eq!(lots[0].left, 10);
    assert!(has_text(&h, "10 of 10 left"));
    // An expired lot is refused at the door.
    pick_product(&mut h, "shingrix");
    type_into(&mut h, "Lot number", "old1");
    type_into(&mut h, "Expires", "10/2026");
    type_into(&mut h, "Doses received", "5");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "it cannot be received for use"));
    assert_eq!(app(&h).store().lots().unwrap().len(), 1);
}

#[test]
fn none_due_marks_the_checklist_done() {
    let chart = Chart::new_with_patient();
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    h.get_by_label("None due: mark done").click();
    h.run();
    assert!(has_text(&h, "Injections marked none due by Ana Lopez, CMA"));
    let open = app(&h).open_patient_screen().unwrap().open_visit().unwrap();
    let item = open
        .checklist
        .items
        .iter()
        .find(|i| i.section == Section::Injections)
        .unwrap();
    assert!(matches!(&item.state, SectionState::Done { summary, .. } if summary == "none due"));
}

#[test]
fn a_dose_charted_from_the_wrong_lot_is_corrected_and_the_counts_follow() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1980, 3, 2)).id;
    let first = receive(&mut chart, "fluzone", "AAA111", 200);
    let second = receive(&mut chart, "fluzone", "BBB222", 300);
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    fill_flu_shot(&mut h);
    press(&mut h, Key::Enter);
    assert_eq!(app(&h).store().lot(first.id).unwrap().left, 9);

    let day = to_local(now()).date_naive();
    h.get_by_label(&format!(
        "Correct Fluzone (trivalent, preservative free) {day}"
    ))
    .click();
    h.run();
    assert!(has_text(&h, "Correct the injection"));
    assert_eq!(
        h.get_by_label("Ordered by").value().as_deref(),
        Some("Dr. Patel")
    );
    choose(&mut h, "Lot", 1);
    press(&mut h, Key::Enter);

    let versions = administrations(&h, jane);
    assert_eq!(versions.len(), 2, "the first version is kept");
    let current: Vec<_> = rooming::clinical::record::current(&versions).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].replaces, Some(versions[0].id));
    assert_eq!(current[0].content.lot_number(), Some("BBB222"));
    let store = app(&h).store();
    assert_eq!(
        (
            store.lot(first.id).unwrap().left,
            store.lot(second.id).unwrap().left
        ),
        (10, 9)
    );
}

#[test]
/// A 3-year-old weighed 14 kg today: epinephrine is offered at 0.01 mg/kg (0.14 mg), not the
/// adult 0.3 mg, and 0.3 mg typed over it asks for a provider's co-signature.
fn epinephrine_is_offered_at_the_childs_dose_by_weight() {
    let mut chart = Chart::new();
    let born = to_local(now()).date_naive() - Duration::days(3 * 365 + 40);
    chart.patient("Small", "Sam", (born.year(), born.month(), born.day()));
    let mut h = harness(chart.store);
    room_patient(&mut h, "small");
    type_into(&mut h, "Weight", "14 kg");
    press(&mut h, Key::Enter);
    tab(&mut h, Key::Num6);
    pick_product(&mut h, "epinephrine");
    assert_eq!(h.get_by_label("Dose").value().as_deref(), Some("0.14 mg"));
    common::ui::replace_text(&mut h, "Dose", "0.3 mg");
    assert!(has_text(&h, "0.3 mg is more than 0.14 mg for this patient"));
}

#[test]
/// Promethazine's boxed warning: a toddler's dose is a hard stop no reason passes.
fn promethazine_for_a_toddler_is_a_hard_stop() {
    let mut chart = Chart::new();
    let born = to_local(now()).date_naive() - Duration::days(540);
    let toddler = chart.patient("Small", "Sam", (born.year(), born.month(), born.day()));
    let expires = to_local(now()).date_naive() + Duration::days(200);
    chart
        .store
        .receive_lot(
            &NewLot {
                product_id: "promethazine_im".into(),
                number: "PH2201".into(),
                expires,
                ndc: None,
                manufacturer: "Hikma".into(),
                mvx: None,
                doses: 10,
            },
            chart.staff.id,
        )
        .unwrap();
    let mut h = harness(chart.store);
    room_patient(&mut h, "small");
    tab(&mut h, Key::Num6);
    pick_product(&mut h, "phenergan");
    common::ui::replace_text(&mut h, "Dose", "6.25 mg");
    choose(&mut h, "Lot", 1);
    choose(&mut h, "Site", 1);
    type_into(&mut h, "Ordered by", "Dr. Patel");
    tick(&mut h, "Name matches");
    common::ui::replace_text(
        &mut h,
        "Date of birth as stated",
        &born.format("%m/%d/%Y").to_string(),
    );
    assert!(has_text(&h, "STOP, Too young: Promethazine"));
    press(&mut h, Key::Enter);
    assert!(
        administrations(&h, toddler.id).is_empty(),
        "nothing passes a hard stop"
    );
}

#[test]
/// A positive urine hCG this visit stops a live vaccine, whatever reason is typed.
fn a_positive_pregnancy_test_this_visit_stops_mmr() {
    let mut chart = Chart::new();
    let jane = chart.patient("Smith", "Jane", (1980, 3, 2));
    receive(&mut chart, "mmr_ii", "MM0042", 200);
    let visit = chart.visit(&jane);
    let poc = rooming::clinical::poc::PocCatalog::built_in().unwrap();
    let hcg = poc.test("hcg").unwrap();
    let positive = rooming::clinical::poc::PocResult {
        test_id: hcg.id.clone(),
        test_name: hcg.name.clone(),
        cpt: hcg.cpt.clone(),
        kit_lot: "HCG2291".into(),
        kit_expires: to_local(now()).date_naive() + Duration::days(100),
        qc: rooming::clinical::poc::QcStatus::Passed,
        tested_at: now() - Duration::minutes(5),
        tested_by: "Ana Lopez, CMA".into(),
        specimen: None,
        identifiers_confirmed: true,
        parts: vec![rooming::clinical::poc::result::PartValue {
            name: hcg.parts[0].name.clone(),
            loinc: hcg.parts[0].loinc.clone(),
            value: "Positive".into(),
            flag: Some(rooming::clinical::poc::Flag::Abnormal),
        }],
    };
    let by = chart.staff.id;
    chart
        .store
        .add_record(jane.id, Some(visit.id), &positive, by)
        .unwrap();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    h.get_by_label("Find patient").type_text("smith");
    h.run();
    press(&mut h, Key::Enter);
    tab(&mut h, Key::Num6);
    pick_product(&mut h, "mmr");
    choose(&mut h, "Lot", 1);
    choose(&mut h, "Site", 1);
    type_into(&mut h, "Ordered by", "Dr. Patel");
    confirm_identity(&mut h);
    assert!(has_text(&h, "STOP, Positive pregnancy test"));
    press(&mut h, Key::Enter);
    assert!(administrations(&h, jane.id).is_empty());
}

#[test]
/// The injections tab opens on what the ACIP schedule says is due: a 2-month-old with no doses
/// is due the infant series now; MMR comes later.
fn the_injections_tab_shows_the_vaccines_due() {
    let mut chart = Chart::new();
    let born = to_local(now()).date_naive() - Duration::days(62);
    chart.patient("Small", "Sam", (born.year(), born.month(), born.day()));
    let mut h = harness(chart.store);
    room_patient(&mut h, "small");
    tab(&mut h, Key::Num6);
    assert!(has_text(&h, "Vaccines due (ACIP schedule, CDC CDSi)"));
    let said = common::ui::everything_said(&h);
    let line = |title: &str| {
        said.lines()
            .map(str::trim_start)
            .find(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("no {title} line in:\n{said}"))
            .to_owned()
    };
    let due_now = line("Due now: ");
    assert!(
        due_now.contains("Polio dose 1"),
        "the infant series: {due_now}"
    );
    assert!(due_now.contains("DTaP/Tdap/Td dose 1"), "{due_now}");
    assert!(line("Next: ").contains("MMR dose 1 on"), "MMR at 12 months");
}

#[test]
/// Beside each dose the record says whether the schedule counted it: a dose of `DTaP` transcribed from a
/// card, given at 3 weeks of age, does not count, and says why.
fn the_record_says_whether_each_dose_counted() {
    use rooming::clinical::injection::administration::{
        HistoricalDose, HistoricalSource, ProductRef,
    };
    let mut chart = Chart::new();
    let today = to_local(now()).date_naive();
    let born = today - Duration::days(100);
    let sam = chart.patient("Small", "Sam", (born.year(), born.month(), born.day()));
    let catalog = rooming::clinical::reference::Reference::built_in()
        .unwrap()
        .injections;
    let card = |product: &str, on| Administration {
        product: ProductRef::of(catalog.product(product).unwrap()),
        event: Event::Historical(HistoricalDose {
            on,
            series_dose: None,
            lot_number: None,
            lot_expires: None,
            given_by: None,
            source: HistoricalSource::Card,
        }),
        overrides: Vec::new(),
    };
    for (product, on) in [
        ("engerix_b_pediatric", born),
        ("infanrix", born + Duration::days(21)),
    ] {
        chart
            .store
            .save_administration(sam.id, None, &card(product, on), None, chart.staff.id)
            .unwrap();
    }
    let mut h = harness(chart.store);
    room_patient(&mut h, "small");
    tab(&mut h, Key::Num6);
    assert!(has_text(&h, "ACIP: counts toward HepB"));
    assert!(has_text(
        &h,
        "ACIP: does not count. DTaP/Tdap/Td: too young (from"
    ));
}

#[test]
/// Typing "tdap" for an adult lists the products the schedule prefers at her age first, each
/// with its vaccine type and ages: Boostrix and Adacel before the child DTaP products.
fn product_suggestions_put_what_fits_the_age_first() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    tab(&mut h, Key::Num6);
    h.get_by_label("Product").focus();
    h.run();
    h.get_by_label("Product").type_text("tdap");
    h.run();
    let said = common::ui::everything_said(&h);
    let adacel = said
        .find("Adacel · Tdap · from")
        .expect("Adacel is offered");
    let infanrix = said.find("Infanrix").unwrap_or(usize::MAX);
    assert!(
        adacel < infanrix,
        "Adacel before the child products:\n{said}"
    );
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    let picked = h.get_by_label("Product").value().unwrap_or_default();
    assert!(
        picked == "Boostrix" || picked == "Adacel",
        "the first suggestion fits an adult: {picked}"
    );
}

#[test]
/// Today's list and the injections-due list (Ctrl+J) name the vaccines a roomed patient is due
/// today; a patient with nothing due is not listed.
fn todays_list_and_ctrl_j_show_the_vaccines_due_today() {
    let mut chart = Chart::new();
    let born = to_local(now()).date_naive() - Duration::days(62);
    chart.patient("Small", "Sam", (born.year(), born.month(), born.day()));
    let mut h = harness(chart.store);
    room_patient(&mut h, "small");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    h.run();
    let said = common::ui::everything_said(&h);
    let line = said
        .lines()
        .map(str::trim_start)
        .find(|l| l.starts_with("Vaccines due: "))
        .unwrap_or_else(|| panic!("no vaccines line on today's list:\n{said}"));
    // Overdue first; three names, then how many more (Ctrl+J lists them all).
    assert!(line.starts_with("Vaccines due: HepB (overdue), "), "{line}");
    assert!(line.contains("DTaP/Tdap/Td"), "{line}");
    assert!(line.ends_with("and 4 more"), "{line}");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::J);
    h.run();
    assert!(has_text(&h, "Vaccines due for today's patients"));
    let said = common::ui::everything_said(&h);
    assert!(said.contains("Open chart: Small, Sam"), "{said}");
    let all = said
        .lines()
        .find(|l| l.contains("Polio") && l.contains("Hib"))
        .unwrap_or_else(|| panic!("no full list:\n{said}"));
    assert!(
        !all.contains("MMR"),
        "MMR is not due until 12 months: {all}"
    );
}
