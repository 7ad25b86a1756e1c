//! The vitals form: one row per line of a paper vitals form, the unit beside every number with
//! its conversion live, the last three sets beside the fields, and each error, confirmation,
//! flag and note beside the value it is about. Enter saves from anywhere in the form.

use chrono::NaiveDate;
use egui::{Grid, Response, RichText, Ui};

use crate::clinical::ids::{PatientId, VisitId, VitalsId};
use crate::clinical::time::format_local_date_time;
use crate::clinical::units::{Length, LengthUnit, Mass, MassUnit, Temperature, TemperatureUnit};
use crate::clinical::vitals::problems::VitalsField;
use crate::clinical::vitals::vital::{
    AbsentReason, BodyPosition, CuffSite, HowObtained, OxygenDelivery, PulseMethod, PulseRhythm, TemperatureRoute,
};
use crate::clinical::vitals::{
    CheckContext, CheckedVitals, NotObtainedDraft, Previous, Vital, VitalGroup, VitalsDraft, VitalsSet, check,
};
use crate::ui::theme::{FIELD_WIDTH, WIDE_FIELD_WIDTH};
use crate::ui::widgets::{choice, field_message, flag_chip, submitted, toggle};
use crate::ui::{Intent, ViewContext, format, theme};

/// How many earlier sets are shown beside the fields.
const EARLIER_SETS: usize = 3;

/// Whose form this is and which set it corrects, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormTarget {
    pub patient: PatientId,
    pub visit: VisitId,
    pub birth_date: NaiveDate,
    pub replaces: Option<VitalsId>,
}

impl FormTarget {
    /// The key the unsaved draft of this form is kept under.
    pub fn draft_key(&self) -> String {
        let version = self.replaces.map_or_else(|| "new".to_owned(), |id| id.to_string());
        format!("vitals:{}:{version}", self.visit)
    }
}

pub struct VitalsForm {
    pub target: FormTarget,
    pub draft: VitalsDraft,
    checked: CheckedVitals,
    earlier: Vec<VitalsSet>,
    previous: Previous,
    /// Why the last save failed; what was typed stays in the form.
    pub save_error: Option<String>,
    /// A line above the form, e.g. that an unsaved draft was restored.
    pub notice: Option<String>,
    tried: bool,
    focus_first: bool,
    /// The draft changed since it was last written to the store.
    pub draft_dirty: bool,
}

impl VitalsForm {
    pub fn new(target: FormTarget, draft: VitalsDraft, history: &[VitalsSet], cx: ViewContext<'_>) -> Self {
        let mut earlier: Vec<VitalsSet> = history
            .iter()
            .filter(|s| s.standing.is_current() && Some(s.id) != target.replaces)
            .cloned()
            .collect();
        earlier.sort_by_key(|s| std::cmp::Reverse(s.taken_at));
        earlier.truncate(EARLIER_SETS);
        let previous = Previous::from_history(history, target.replaces);
        let mut form = Self {
            target,
            draft,
            checked: CheckedVitals::default(),
            earlier,
            previous,
            save_error: None,
            notice: None,
            tried: false,
            focus_first: true,
            draft_dirty: false,
        };
        form.recheck(cx);
        form
    }

    /// An empty form, its time set to now.
    pub fn empty_draft(units: crate::clinical::vitals::UnitChoices, cx: ViewContext<'_>) -> VitalsDraft {
        VitalsDraft { taken_at: format_local_date_time(cx.clock.now()), ..VitalsDraft::new(units) }
    }

    pub fn checked(&self) -> &CheckedVitals {
        &self.checked
    }

    pub fn check_context<'a>(&self, cx: ViewContext<'a>) -> CheckContext<'a> {
        CheckContext {
            table: cx.reference,
            birth_date: self.target.birth_date,
            now: cx.clock.now_local(),
            previous: self.previous,
        }
    }

    pub fn recheck(&mut self, cx: ViewContext<'_>) {
        self.checked = check(&self.draft, self.check_context(cx));
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: ViewContext<'_>) -> Vec<Intent> {
        let mut intents = Vec::new();
        let units_before = self.draft.units;
        let mut responses: Vec<Response> = Vec::new();
        self.heading_ui(ui, &mut intents);
        Grid::new("vitals_form").num_columns(7).spacing([10.0, 7.0]).min_row_height(26.0).show(ui, |ui| {
            self.header_row(ui, cx);
            self.time_row(ui, &mut responses);
            self.blood_pressure_row(ui, &mut responses);
            self.heart_rate_row(ui, &mut responses);
            self.simple_row(ui, Vital::RespiratoryRate, &mut responses);
            self.temperature_row(ui, &mut responses);
            self.oxygen_rows(ui, &mut responses);
            self.height_row(ui, &mut responses);
            self.weight_row(ui, &mut responses);
            self.bmi_row(ui);
            if self.checked.head_circumference_offered {
                self.head_circumference_row(ui, &mut responses);
            }
            self.simple_row(ui, Vital::Pain, &mut responses);
        });
        if self.focus_first {
            ui.memory_mut(|m| m.request_focus(field_id(Vital::Systolic)));
            self.focus_first = false;
        }
        ui.add_space(10.0);
        let label = if self.target.replaces.is_some() { "Save correction (Enter)" } else { "Save vitals (Enter)" };
        let save = ui.add(egui::Button::new(RichText::new(label).strong()).min_size(egui::vec2(180.0, 30.0)));
        if let Some(e) = &self.save_error {
            field_message(ui, &format!("Not saved: {e}. Everything you typed is still here."), true);
        } else if self.tried
            && let Err(why) = self.checked.ready()
        {
            field_message(ui, &format!("Not saved: {why}"), true);
        }
        if responses.iter().any(Response::changed) {
            self.draft_dirty = true;
            self.tried = false;
            self.recheck(cx);
        }
        if self.draft.units != units_before {
            intents.push(Intent::ChangeUnits(self.draft.units));
        }
        if save.clicked() || submitted(ui, &responses) {
            self.tried = true;
            self.recheck(cx);
            if self.checked.ready().is_ok() {
                intents.push(Intent::SaveVitals);
            }
        }
        intents
    }

    /// Refocus the first field, e.g. after a save, ready for a recheck.
    pub fn focus_first_field(&mut self) {
        self.focus_first = true;
    }

    fn heading_ui(&self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.horizontal(|ui| {
            match self.target.replaces {
                Some(_) => {
                    ui.heading("Correct a set of vitals");
                    if ui.button("Cancel correction").clicked() {
                        intents.push(Intent::NewVitalsSet);
                    }
                }
                None => {
                    ui.heading("Vital signs");
                }
            }
            if let Some(band) = &self.checked.age_band {
                ui.label(RichText::new(format!("Ranges for: {band}")).color(theme::muted(ui.visuals())));
            }
        });
        if let Some(notice) = &self.notice {
            ui.label(RichText::new(notice).color(theme::warning(ui.visuals())));
        }
    }

    fn header_row(&self, ui: &mut Ui, cx: ViewContext<'_>) {
        ui.label("");
        ui.label(RichText::new("This set").strong());
        ui.label("");
        for i in 0..EARLIER_SETS {
            match self.earlier.get(i) {
                Some(set) => ui.label(RichText::new(format::time(set.taken_at, cx.clock)).color(theme::muted(ui.visuals()))),
                None => ui.label(""),
            };
        }
        ui.label("");
        ui.end_row();
    }

    fn time_row(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        let label = ui.label(RichText::new("Time taken").strong());
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.draft.taken_at)
                    .desired_width(WIDE_FIELD_WIDTH * 0.7)
                    .hint_text("14:32")
                    .id_salt("taken_at"),
            )
            .labelled_by(label.id);
        responses.push(field);
        ui.label(RichText::new("local time; not in the future").color(theme::muted(ui.visuals())));
        for _ in 0..EARLIER_SETS {
            ui.label("");
        }
        match self.checked.errors.get(&VitalsField::TakenAt) {
            Some(e) => field_message(ui, &e.to_string(), true),
            None => {
                ui.label("");
            }
        }
        ui.end_row();
    }

    fn blood_pressure_row(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        ui.label(RichText::new("Blood pressure").strong());
        ui.horizontal(|ui| {
            responses.push(small_labelled(ui, Vital::Systolic, &mut self.draft.systolic));
            ui.label("/");
            responses.push(small_labelled(ui, Vital::Diastolic, &mut self.draft.diastolic));
            ui.label("mmHg");
        });
        ui.horizontal(|ui| {
            responses.push(choice(ui, "Position", &mut self.draft.bp_position, BodyPosition::ALL, BodyPosition::label));
            responses.push(choice(ui, "Cuff site", &mut self.draft.cuff_site, CuffSite::ALL, CuffSite::label));
            not_obtained_ui(ui, VitalGroup::BloodPressure, &mut self.draft, responses);
        });
        self.earlier_cells(ui, &[Vital::Systolic, Vital::Diastolic], VitalsSet::blood_pressure);
        self.messages_ui(ui, &[Vital::Systolic, Vital::Diastolic], Some(VitalGroup::BloodPressure), responses);
        ui.end_row();
    }

    fn heart_rate_row(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        let vital = Vital::HeartRate;
        let field = value_field(ui, vital, &mut self.draft.heart_rate);
        responses.push(field);
        ui.horizontal(|ui| {
            responses.push(choice(ui, "Pulse method", &mut self.draft.pulse_method, PulseMethod::ALL, PulseMethod::label));
            responses.push(choice(ui, "Rhythm", &mut self.draft.pulse_rhythm, PulseRhythm::ALL, PulseRhythm::label));
            not_obtained_ui(ui, VitalGroup::HeartRate, &mut self.draft, responses);
        });
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|v| vital.show(v)));
        self.messages_ui(ui, &[vital], Some(VitalGroup::HeartRate), responses);
        ui.end_row();
    }

    /// A row with a value in the vital's own unit and nothing else but "not obtained".
    fn simple_row(&mut self, ui: &mut Ui, vital: Vital, responses: &mut Vec<Response>) {
        let Some(group) = vital.group() else { return };
        let Some(text) = self.draft.text_mut(vital) else { return };
        responses.push(value_field(ui, vital, text));
        ui.horizontal(|ui| not_obtained_ui(ui, group, &mut self.draft, responses));
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|v| vital.show(v)));
        self.messages_ui(ui, &[vital], Some(group), responses);
        ui.end_row();
    }

    fn temperature_row(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        let vital = Vital::Temperature;
        let label = ui.label(RichText::new(vital.label()).strong());
        ui.horizontal(|ui| {
            responses.push(vital_text(ui, label.id, Vital::Temperature, &mut self.draft.temperature));
            responses.push(unit_choice(ui, "Temperature unit", &mut self.draft.units.temperature, &TemperatureUnit::ALL, TemperatureUnit::symbol));
        });
        ui.horizontal(|ui| {
            responses.push(choice(ui, "Route", &mut self.draft.temperature_route, TemperatureRoute::ALL, TemperatureRoute::label));
            not_obtained_ui(ui, VitalGroup::Temperature, &mut self.draft, responses);
        });
        let unit = self.draft.units.temperature;
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|c| Temperature::from_celsius(c).in_unit(unit)));
        self.messages_ui(ui, &[vital], Some(VitalGroup::Temperature), responses);
        ui.end_row();
    }

    fn oxygen_rows(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        let vital = Vital::OxygenSaturation;
        responses.push(value_field(ui, vital, &mut self.draft.oxygen_saturation));
        ui.horizontal(|ui| {
            responses.push(choice(ui, "Breathing", &mut self.draft.oxygen, OxygenDelivery::ALL, OxygenDelivery::label));
            not_obtained_ui(ui, VitalGroup::OxygenSaturation, &mut self.draft, responses);
        });
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|v| vital.show(v)));
        self.messages_ui(ui, &[vital], Some(VitalGroup::OxygenSaturation), responses);
        ui.end_row();
        let flow_relevant = self.draft.oxygen == Some(OxygenDelivery::Supplemental) || !self.draft.oxygen_flow.is_empty();
        if flow_relevant {
            let flow = Vital::OxygenFlow;
            responses.push(value_field(ui, flow, &mut self.draft.oxygen_flow));
            ui.label("");
            self.earlier_cells(ui, &[flow], |set| set.value(flow).map(|v| flow.show(v)));
            self.messages_ui(ui, &[flow], None, responses);
            ui.end_row();
        }
    }

    fn height_row(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        let vital = Vital::Height;
        let label = ui.label(RichText::new(vital.label()).strong());
        ui.horizontal(|ui| {
            responses.push(vital_text(ui, label.id, Vital::Height, &mut self.draft.height));
            responses.push(unit_choice(ui, "Height unit", &mut self.draft.units.height, &LengthUnit::ALL, LengthUnit::symbol));
        });
        ui.horizontal(|ui| {
            responses.push(choice(ui, "Height measured or stated", &mut self.draft.height_obtained, HowObtained::ALL, HowObtained::label));
            not_obtained_ui(ui, VitalGroup::Height, &mut self.draft, responses);
        });
        let unit = self.draft.units.height;
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|cm| Length::from_centimetres(cm).in_unit(unit)));
        self.messages_ui(ui, &[vital], Some(VitalGroup::Height), responses);
        ui.end_row();
    }

    fn weight_row(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        let vital = Vital::Weight;
        let label = ui.label(RichText::new(vital.label()).strong());
        ui.horizontal(|ui| {
            responses.push(vital_text(ui, label.id, Vital::Weight, &mut self.draft.weight));
            responses.push(unit_choice(ui, "Weight unit", &mut self.draft.units.weight, &MassUnit::ALL, MassUnit::symbol));
        });
        ui.horizontal(|ui| {
            responses.push(choice(ui, "Weight measured or stated", &mut self.draft.weight_obtained, HowObtained::ALL, HowObtained::label));
            not_obtained_ui(ui, VitalGroup::Weight, &mut self.draft, responses);
        });
        let unit = self.draft.units.weight;
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|kg| Mass::from_kilograms(kg).in_unit(unit)));
        self.messages_ui(ui, &[vital], Some(VitalGroup::Weight), responses);
        ui.end_row();
    }

    fn bmi_row(&mut self, ui: &mut Ui) {
        let vital = Vital::Bmi;
        ui.label(RichText::new("BMI").strong());
        match self.checked.bmi {
            Some(bmi) => ui.label(RichText::new(format!("{bmi:.1} kg/m²")).strong()),
            None => ui.label(RichText::new("from weight and height").color(theme::muted(ui.visuals()))),
        };
        ui.label("");
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|v| format!("{v:.1}")));
        self.messages_ui(ui, &[vital], None, &mut Vec::new());
        ui.end_row();
    }

    fn head_circumference_row(&mut self, ui: &mut Ui, responses: &mut Vec<Response>) {
        let vital = Vital::HeadCircumference;
        let label = ui.label(RichText::new(vital.label()).strong());
        ui.horizontal(|ui| {
            responses.push(vital_text(ui, label.id, Vital::HeadCircumference, &mut self.draft.head_circumference));
            let mut unit = self.draft.units.head_circumference;
            let options = [LengthUnit::Centimetre, LengthUnit::Inch];
            responses.push(unit_choice(ui, "Head circumference unit", &mut unit, &options, LengthUnit::symbol));
            self.draft.units.head_circumference = unit;
        });
        ui.horizontal(|ui| not_obtained_ui(ui, VitalGroup::HeadCircumference, &mut self.draft, responses));
        let unit = self.draft.units.head_circumference;
        self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|cm| Length::from_centimetres(cm).in_unit(unit)));
        self.messages_ui(ui, &[vital], Some(VitalGroup::HeadCircumference), responses);
        ui.end_row();
    }

    /// The same vitals in the last sets, in the warning colour where they were flagged.
    fn earlier_cells(&self, ui: &mut Ui, vitals: &[Vital], shown: impl Fn(&VitalsSet) -> Option<String>) {
        for i in 0..EARLIER_SETS {
            let Some(set) = self.earlier.get(i) else {
                ui.label("");
                continue;
            };
            let flagged = vitals.iter().filter_map(|v| set.observation(*v)?.interpretation()).find(|f| f.is_abnormal());
            let text = shown(set).unwrap_or_default();
            match flagged {
                Some(flag) => ui.label(RichText::new(format!("{text} {}", flag.code())).color(theme::warning(ui.visuals()))),
                None => ui.label(RichText::new(text).color(theme::muted(ui.visuals()))),
            };
        }
    }

    /// Errors, confirmations, flags and notes for the vitals of one row.
    fn messages_ui(&mut self, ui: &mut Ui, vitals: &[Vital], group: Option<VitalGroup>, responses: &mut Vec<Response>) {
        let checked = &self.checked;
        let draft = &mut self.draft;
        ui.vertical(|ui| {
            if let Some(e) = group.and_then(|g| checked.errors.get(&VitalsField::NotObtained(g))) {
                field_message(ui, &e.to_string(), true);
            }
            for &vital in vitals {
                if let Some(e) = checked.errors.get(&VitalsField::Vital(vital)) {
                    field_message(ui, &format!("{}: {e}", vital.label()), true);
                    continue;
                }
                ui.horizontal_wrapped(|ui| {
                    if let Some(flag) = checked.flags.get(&vital) {
                        flag_chip(ui, flag.interpretation);
                        if flag.interpretation.is_abnormal() && !flag.normal.is_empty() {
                            ui.label(RichText::new(format!("{} {} (normal {})", vital.label(), flag.interpretation.label(), flag.normal)).color(theme::warning(ui.visuals())));
                        }
                    }
                    if let Some(note) = checked.notes.get(&vital).filter(|n| !n.is_empty()) {
                        ui.label(note);
                    }
                });
                if let Some(warning) = checked.warnings.get(&vital) {
                    ui.horizontal_wrapped(|ui| {
                        let mut confirmed = draft.is_confirmed(vital);
                        let response = toggle(ui, "Confirm", &format!("Confirm {}", vital.label().to_lowercase()), &mut confirmed);
                        if response.changed() {
                            draft.set_confirmed(vital, confirmed);
                        }
                        responses.push(response);
                        field_message(ui, &warning.to_string(), false);
                    });
                }
            }
        });
    }
}

/// The id of a vital's text field, to give it focus.
pub fn field_id(vital: Vital) -> egui::Id {
    egui::Id::unique(("vital", vital))
}

/// The row label and a value field in the vital's own unit.
fn value_field(ui: &mut Ui, vital: Vital, text: &mut String) -> Response {
    let label = ui.label(RichText::new(vital.label()).strong());
    ui.horizontal(|ui| {
        let response = ui
            .add(egui::TextEdit::singleline(text).desired_width(FIELD_WIDTH).id(field_id(vital)))
            .labelled_by(label.id);
        ui.label(vital.unit_symbol());
        response
    })
    .inner
}

/// A vital's text field, named by a label drawn elsewhere.
fn vital_text(ui: &mut Ui, label: egui::Id, vital: Vital, text: &mut String) -> Response {
    ui.add(egui::TextEdit::singleline(text).desired_width(FIELD_WIDTH).id(field_id(vital))).labelled_by(label)
}

/// A value field with its own small label, for two values on one line (systolic / diastolic).
fn small_labelled(ui: &mut Ui, vital: Vital, text: &mut String) -> Response {
    let label = ui.label(RichText::new(vital.label()).small().color(theme::muted(ui.visuals())));
    ui.add(egui::TextEdit::singleline(text).desired_width(FIELD_WIDTH * 0.6).id(field_id(vital)))
        .labelled_by(label.id)
}

fn unit_choice<T: Copy + PartialEq>(ui: &mut Ui, label: &str, unit: &mut T, options: &[T], symbol: fn(T) -> &'static str) -> Response {
    let mut chosen = Some(*unit);
    let response = choice(ui, label, &mut chosen, options, symbol);
    // A unit is never blank: stepping onto "—" moves on to the next unit.
    *unit = chosen.or_else(|| options.first().copied()).unwrap_or(*unit);
    response
}

fn not_obtained_ui(ui: &mut Ui, group: VitalGroup, draft: &mut VitalsDraft, responses: &mut Vec<Response>) {
    let mut on = draft.not_obtained.contains_key(&group);
    let response = toggle(ui, "Not obtained", &format!("{} not obtained", group.label()), &mut on);
    if response.changed() {
        if on {
            draft.not_obtained.insert(group, NotObtainedDraft::default());
        } else {
            draft.not_obtained.remove(&group);
        }
    }
    responses.push(response);
    if let Some(not_obtained) = draft.not_obtained.get_mut(&group) {
        let label = format!("Why {} was not obtained", group.label().to_lowercase());
        responses.push(choice(ui, &label, &mut not_obtained.reason, AbsentReason::ALL, AbsentReason::label));
    }
}
