//! The rows of the vitals form, in the order of a paper form. Each row is a line of fixed
//! columns (label, this set, context, the last three sets) and, when there is something to say,
//! a line under it with the flag, the conversion, an error or a confirmation.

use egui::{Align, Layout, Response, RichText, Ui, vec2};

use crate::clinical::units::{Length, LengthUnit, Mass, MassUnit, Temperature, TemperatureUnit};
use crate::clinical::vitals::problems::VitalsField;
use crate::clinical::vitals::vital::{
    AbsentReason, BodyPosition, CuffSite, HowObtained, OxygenDelivery, PulseMethod, PulseRhythm,
    TemperatureRoute,
};
use crate::clinical::vitals::{
    CheckedVitals, NotObtainedDraft, Vital, VitalGroup, VitalsDraft, VitalsSet,
};
use crate::ui::theme::FIELD_WIDTH;
use crate::ui::widgets::TimeField;
use crate::ui::widgets::{
    TabPath, choice, choice_on, choice_required_on, field_error, field_warning, flag_chip, line,
    toggle, toggle_on,
};
use crate::ui::{ViewContext, format, theme};

/// How many earlier sets are shown beside the fields.
pub const EARLIER_SETS: usize = 3;

const LABEL_WIDTH: f32 = 128.0;
const VALUE_WIDTH: f32 = 245.0;
/// The "how taken" column at its widest; narrower windows wrap it onto a second line.
const CONTEXT_WIDTH: f32 = 300.0;
const MIN_CONTEXT_WIDTH: f32 = 200.0;
const EARLIER_WIDTH: f32 = 92.0;
const ROW_HEIGHT: f32 = 26.0;

/// The id of a vital's text field, to give it focus.
pub fn field_id(vital: Vital) -> egui::Id {
    egui::Id::unique(("vital", vital))
}

/// One cell of a row: a fixed width, contents left to right.
fn cell<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        vec2(width, ROW_HEIGHT),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_min_width(width);
            add(ui)
        },
    )
    .inner
}

/// The "how taken" cell: its controls wrap onto a second line when the window is narrow.
fn context_cell<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        vec2(width, ROW_HEIGHT),
        Layout::left_to_right(Align::Center).with_main_wrap(true),
        |ui| {
            ui.set_min_width(width);
            ui.set_max_width(width);
            add(ui)
        },
    )
    .inner
}

/// The form's parts a row draws from, and the responses it collects for Enter and changes.
pub struct Rows<'a> {
    pub draft: &'a mut VitalsDraft,
    /// Whether "time taken" still follows the clock.
    pub taken_at: &'a mut TimeField,
    pub checked: &'a CheckedVitals,
    pub earlier: &'a [VitalsSet],
    pub responses: Vec<Response>,
    /// Where the seldom-changed controls (cuff site, pulse method, units, "not obtained"...)
    /// are: off the Tab path unless the MA asks for every detail, so Tab goes value to value.
    pub details: TabPath,
    /// How wide the "how taken" column is, and how many earlier sets fit beside it: the form
    /// fits its window rather than running off its right edge.
    pub context_width: f32,
    pub earlier_shown: usize,
}

impl Rows<'_> {
    /// Sizes the columns to the width available: all three earlier sets where they fit, at
    /// least one while the "how taken" column can wrap to make room.
    pub fn fit(&mut self, ui: &Ui) {
        let gap = ui.spacing().item_spacing.x;
        let room = ui.available_width() - LABEL_WIDTH - VALUE_WIDTH - 3.0 * gap;
        let wanted = self.earlier.len().min(EARLIER_SETS);
        let column = EARLIER_WIDTH + gap;
        let fitting = |context: f32| {
            let columns = ((room - context) / column).floor().max(0.0);
            // Whole columns, a handful at most: the cast cannot truncate.
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a few columns"
            )]
            let columns = columns as usize;
            columns
        };
        let shown = wanted.min(fitting(CONTEXT_WIDTH).max(fitting(MIN_CONTEXT_WIDTH).min(1)));
        self.earlier_shown = shown;
        self.context_width = (room - shown as f32 * column).clamp(MIN_CONTEXT_WIDTH, CONTEXT_WIDTH);
    }

    pub fn header(&self, ui: &mut Ui, cx: ViewContext<'_>) {
        ui.horizontal(|ui| {
            cell(ui, LABEL_WIDTH, |_| ());
            cell(ui, VALUE_WIDTH, |ui| {
                ui.label(RichText::new("This set").strong())
            });
            context_cell(ui, self.context_width, |ui| {
                ui.label(RichText::new("How taken").color(theme::muted(ui.visuals())))
            });
            for set in self.earlier.iter().take(self.earlier_shown) {
                cell(ui, EARLIER_WIDTH, |ui| {
                    ui.label(
                        RichText::new(format::date(
                            crate::clinical::time::to_local(set.taken_at).date_naive(),
                        ))
                        .color(theme::muted(ui.visuals())),
                    )
                    .on_hover_text(format!("Taken {}", format::time(set.taken_at, cx.clock)));
                });
            }
        });
    }

    pub fn all(&mut self, ui: &mut Ui) {
        self.time(ui);
        self.blood_pressure(ui);
        self.heart_rate(ui);
        self.plain(ui, Vital::RespiratoryRate);
        self.temperature(ui);
        self.oxygen(ui);
        self.height(ui);
        self.weight(ui);
        self.bmi(ui);
        if self.checked.head_circumference_offered {
            self.head_circumference(ui);
        }
        self.plain(ui, Vital::Pain);
    }

    fn time(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = cell(ui, LABEL_WIDTH, |ui| {
                ui.label(RichText::new("Time taken").strong())
            });
            let field = cell(ui, VALUE_WIDTH, |ui| {
                ui.add(
                    line(&mut self.draft.taken_at, 150.0)
                        .hint_text("14:32")
                        .id_salt("taken_at"),
                )
                .labelled_by(label.id)
            });
            self.taken_at.after(&field);
            self.responses.push(field);
            context_cell(ui, self.context_width, |ui| {
                ui.label(
                    RichText::new("local time, never in the future")
                        .color(theme::muted(ui.visuals())),
                )
            });
        });
        if let Some(e) = self.checked.errors.get(&VitalsField::TakenAt) {
            indented(ui, |ui| field_error(ui, &e.to_string()));
        }
        if let Some(warning) = &self.checked.before_visit {
            indented(ui, |ui| {
                let mut confirmed = self.checked.before_visit_confirmed;
                let response = toggle(ui, "Confirm", "Confirm time taken", &mut confirmed);
                if response.changed() {
                    self.draft.taken_at_confirmed = if confirmed {
                        self.draft.taken_at.clone()
                    } else {
                        String::new()
                    };
                }
                self.responses.push(response);
                field_warning(ui, warning);
            });
        }
    }

    fn blood_pressure(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            cell(ui, LABEL_WIDTH, |ui| {
                ui.label(RichText::new("Blood pressure").strong())
            });
            cell(ui, VALUE_WIDTH, |ui| {
                let systolic = small_labelled(ui, Vital::Systolic, &mut self.draft.systolic);
                // "120/80" typed (or pasted) in systolic fills both: the slash goes on to
                // diastolic, as a paper form's slash does.
                if let Some((sys, dia)) = self.draft.systolic.clone().split_once('/') {
                    sys.trim().clone_into(&mut self.draft.systolic);
                    let dia = dia.trim();
                    if !dia.is_empty() || self.draft.diastolic.is_empty() {
                        dia.clone_into(&mut self.draft.diastolic);
                    }
                    ui.memory_mut(|m| m.request_focus(field_id(Vital::Diastolic)));
                    // The typing that made the split is used up: diastolic, focused now and
                    // drawn next in this same frame, must not take it again.
                    ui.input_mut(|i| {
                        i.events
                            .retain(|e| !matches!(e, egui::Event::Text(_) | egui::Event::Paste(_)));
                    });
                }
                self.responses.push(systolic);
                ui.label("/");
                self.responses.push(small_labelled(
                    ui,
                    Vital::Diastolic,
                    &mut self.draft.diastolic,
                ));
                ui.label("mmHg");
            });
            context_cell(ui, self.context_width, |ui| {
                self.responses.push(choice(
                    ui,
                    "Position",
                    &mut self.draft.bp_position,
                    BodyPosition::ALL,
                    BodyPosition::label,
                ));
                self.responses.push(choice_on(
                    ui,
                    self.details,
                    "Cuff site",
                    &mut self.draft.cuff_site,
                    CuffSite::ALL,
                    CuffSite::label,
                ));
                self.not_obtained(ui, VitalGroup::BloodPressure);
            });
            self.earlier_cells(
                ui,
                &[Vital::Systolic, Vital::Diastolic],
                VitalsSet::blood_pressure,
            );
        });
        self.messages(
            ui,
            &[Vital::Systolic, Vital::Diastolic],
            Some(VitalGroup::BloodPressure),
        );
    }

    fn heart_rate(&mut self, ui: &mut Ui) {
        let vital = Vital::HeartRate;
        ui.horizontal(|ui| {
            self.value_cells(ui, vital);
            context_cell(ui, self.context_width, |ui| {
                self.responses.push(choice_on(
                    ui,
                    self.details,
                    "Pulse method",
                    &mut self.draft.pulse_method,
                    PulseMethod::ALL,
                    PulseMethod::label,
                ));
                self.responses.push(choice_on(
                    ui,
                    self.details,
                    "Rhythm",
                    &mut self.draft.pulse_rhythm,
                    PulseRhythm::ALL,
                    PulseRhythm::label,
                ));
                self.not_obtained(ui, VitalGroup::HeartRate);
            });
            self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|v| vital.show(v)));
        });
        self.messages(ui, &[vital], Some(VitalGroup::HeartRate));
    }

    /// A value in the vital's own unit, with nothing else to say how it was taken.
    fn plain(&mut self, ui: &mut Ui, vital: Vital) {
        let Some(group) = vital.group() else { return };
        ui.horizontal(|ui| {
            self.value_cells(ui, vital);
            context_cell(ui, self.context_width, |ui| self.not_obtained(ui, group));
            self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|v| vital.show(v)));
        });
        self.messages(ui, &[vital], Some(group));
    }

    fn temperature(&mut self, ui: &mut Ui) {
        let vital = Vital::Temperature;
        ui.horizontal(|ui| {
            self.unit_value_cells(ui, vital, |ui, path, units| {
                unit_choice(
                    ui,
                    path,
                    "Temperature unit",
                    &mut units.temperature,
                    &TemperatureUnit::ALL,
                    TemperatureUnit::symbol,
                )
            });
            context_cell(ui, self.context_width, |ui| {
                self.responses.push(choice(
                    ui,
                    "Route",
                    &mut self.draft.temperature_route,
                    TemperatureRoute::ALL,
                    TemperatureRoute::label,
                ));
                self.not_obtained(ui, VitalGroup::Temperature);
            });
            let unit = self.draft.units.temperature;
            self.earlier_cells(ui, &[vital], |set| {
                set.value(vital)
                    .map(|c| Temperature::from_celsius(c).in_unit(unit))
            });
        });
        self.messages(ui, &[vital], Some(VitalGroup::Temperature));
    }

    fn oxygen(&mut self, ui: &mut Ui) {
        let vital = Vital::OxygenSaturation;
        ui.horizontal(|ui| {
            self.value_cells(ui, vital);
            context_cell(ui, self.context_width, |ui| {
                self.responses.push(choice(
                    ui,
                    "Breathing",
                    &mut self.draft.oxygen,
                    OxygenDelivery::ALL,
                    OxygenDelivery::label,
                ));
                self.not_obtained(ui, VitalGroup::OxygenSaturation);
            });
            self.earlier_cells(ui, &[vital], |set| set.value(vital).map(|v| vital.show(v)));
        });
        self.messages(ui, &[vital], Some(VitalGroup::OxygenSaturation));
        let flow = Vital::OxygenFlow;
        if self.draft.oxygen == Some(OxygenDelivery::Supplemental)
            || !self.draft.oxygen_flow.is_empty()
        {
            ui.horizontal(|ui| {
                self.value_cells(ui, flow);
                context_cell(ui, self.context_width, |_| ());
                self.earlier_cells(ui, &[flow], |set| set.value(flow).map(|v| flow.show(v)));
            });
            self.messages(ui, &[flow], None);
        }
    }

    fn height(&mut self, ui: &mut Ui) {
        let vital = Vital::Height;
        ui.horizontal(|ui| {
            self.unit_value_cells(ui, vital, |ui, path, units| {
                unit_choice(
                    ui,
                    path,
                    "Height unit",
                    &mut units.height,
                    &LengthUnit::ALL,
                    LengthUnit::symbol,
                )
            });
            context_cell(ui, self.context_width, |ui| {
                self.responses.push(choice_on(
                    ui,
                    self.details,
                    "Height measured or stated",
                    &mut self.draft.height_obtained,
                    HowObtained::ALL,
                    HowObtained::label,
                ));
                self.not_obtained(ui, VitalGroup::Height);
            });
            let unit = self.draft.units.height;
            self.earlier_cells(ui, &[vital], |set| {
                set.value(vital)
                    .map(|cm| Length::from_centimetres(cm).in_unit(unit))
            });
        });
        self.messages(ui, &[vital], Some(VitalGroup::Height));
    }

    fn weight(&mut self, ui: &mut Ui) {
        let vital = Vital::Weight;
        ui.horizontal(|ui| {
            self.unit_value_cells(ui, vital, |ui, path, units| {
                unit_choice(
                    ui,
                    path,
                    "Weight unit",
                    &mut units.weight,
                    &MassUnit::ALL,
                    MassUnit::symbol,
                )
            });
            context_cell(ui, self.context_width, |ui| {
                self.responses.push(choice_on(
                    ui,
                    self.details,
                    "Weight measured or stated",
                    &mut self.draft.weight_obtained,
                    HowObtained::FOR_WEIGHT,
                    HowObtained::label,
                ));
                self.not_obtained(ui, VitalGroup::Weight);
            });
            let unit = self.draft.units.weight;
            self.earlier_cells(ui, &[vital], |set| {
                set.value(vital)
                    .map(|kg| Mass::from_kilograms(kg).in_unit(unit))
            });
        });
        self.messages(ui, &[vital], Some(VitalGroup::Weight));
    }

    fn bmi(&mut self, ui: &mut Ui) {
        let vital = Vital::Bmi;
        ui.horizontal(|ui| {
            cell(ui, LABEL_WIDTH, |ui| {
                ui.label(RichText::new("BMI").strong())
            });
            cell(ui, VALUE_WIDTH, |ui| match self.checked.bmi {
                Some(bmi) => ui.label(RichText::new(format!("{bmi:.1} kg/m²")).strong()),
                None => ui.label(
                    RichText::new("from weight and height").color(theme::muted(ui.visuals())),
                ),
            });
            context_cell(ui, self.context_width, |_| ());
            self.earlier_cells(ui, &[vital], |set| {
                set.value(vital).map(|v| format!("{v:.1}"))
            });
        });
        self.messages(ui, &[vital], None);
    }

    fn head_circumference(&mut self, ui: &mut Ui) {
        let vital = Vital::HeadCircumference;
        ui.horizontal(|ui| {
            self.unit_value_cells(ui, vital, |ui, path, units| {
                let options = [LengthUnit::Centimetre, LengthUnit::Inch];
                unit_choice(
                    ui,
                    path,
                    "Head circumference unit",
                    &mut units.head_circumference,
                    &options,
                    LengthUnit::symbol,
                )
            });
            context_cell(ui, self.context_width, |ui| {
                self.not_obtained(ui, VitalGroup::HeadCircumference);
            });
            let unit = self.draft.units.head_circumference;
            self.earlier_cells(ui, &[vital], |set| {
                set.value(vital)
                    .map(|cm| Length::from_centimetres(cm).in_unit(unit))
            });
        });
        self.messages(ui, &[vital], Some(VitalGroup::HeadCircumference));
    }

    /// The label and the value in the vital's own unit.
    fn value_cells(&mut self, ui: &mut Ui, vital: Vital) {
        let label = cell(ui, LABEL_WIDTH, |ui| {
            ui.label(RichText::new(vital.label()).strong())
        });
        let Some(text) = self.draft.text_mut(vital) else {
            return;
        };
        let field = cell(ui, VALUE_WIDTH, |ui| {
            let field = ui
                .add(line(text, FIELD_WIDTH).id(field_id(vital)))
                .labelled_by(label.id);
            ui.label(vital.unit_symbol());
            field
        });
        self.responses.push(field);
    }

    /// The label, the value, and the unit it is typed in.
    fn unit_value_cells(
        &mut self,
        ui: &mut Ui,
        vital: Vital,
        unit: impl FnOnce(&mut Ui, TabPath, &mut crate::clinical::vitals::UnitChoices) -> Response,
    ) {
        let label = cell(ui, LABEL_WIDTH, |ui| {
            ui.label(RichText::new(vital.label()).strong())
        });
        let draft = &mut *self.draft;
        let details = self.details;
        let (field, unit) = cell(ui, VALUE_WIDTH, |ui| {
            let mut units = draft.units;
            let field = match draft.text_mut(vital) {
                Some(text) => ui
                    .add(line(text, FIELD_WIDTH).id(field_id(vital)))
                    .labelled_by(label.id),
                None => ui.label(""),
            };
            let response = unit(ui, details, &mut units);
            draft.units = units;
            (field, response)
        });
        self.responses.push(field);
        self.responses.push(unit);
    }

    fn not_obtained(&mut self, ui: &mut Ui, group: VitalGroup) {
        let mut on = self.draft.not_obtained.contains_key(&group);
        let response = toggle_on(
            ui,
            self.details,
            "Not obtained",
            &format!("{} not obtained", group.label()),
            &mut on,
        );
        if response.changed() {
            if on {
                self.draft
                    .not_obtained
                    .insert(group, NotObtainedDraft::default());
            } else {
                self.draft.not_obtained.remove(&group);
            }
        }
        self.responses.push(response);
        if let Some(not_obtained) = self.draft.not_obtained.get_mut(&group) {
            let label = format!("Why {} was not obtained", group.label().to_lowercase());
            self.responses.push(choice(
                ui,
                &label,
                &mut not_obtained.reason,
                AbsentReason::ALL,
                AbsentReason::label,
            ));
        }
    }

    /// The same vitals in the last sets, in the warning colour where they were flagged.
    fn earlier_cells(
        &self,
        ui: &mut Ui,
        vitals: &[Vital],
        shown: impl Fn(&VitalsSet) -> Option<String>,
    ) {
        for set in self.earlier.iter().take(self.earlier_shown) {
            let flagged = vitals
                .iter()
                .filter_map(|v| set.observation(*v)?.interpretation())
                .find(|f| f.is_abnormal());
            let text = shown(set).unwrap_or_default();
            cell(ui, EARLIER_WIDTH, |ui| match flagged {
                Some(flag) => ui.label(
                    RichText::new(format!("{text} {}", flag.code()))
                        .color(theme::warning(ui.visuals())),
                ),
                None => ui.label(RichText::new(text).color(theme::muted(ui.visuals()))),
            });
        }
    }

    /// The line under a row: flags with their normal range, conversions, errors, and the
    /// confirmation an unusual value needs.
    fn messages(&mut self, ui: &mut Ui, vitals: &[Vital], group: Option<VitalGroup>) {
        let checked = self.checked;
        let group_error = group.and_then(|g| checked.errors.get(&VitalsField::NotObtained(g)));
        let anything = group_error.is_some()
            || vitals.iter().any(|v| {
                let field = VitalsField::Vital(*v);
                checked.errors.contains_key(&field)
                    || checked.warnings.contains_key(v)
                    || checked
                        .flags
                        .get(v)
                        .is_some_and(|f| f.interpretation.is_abnormal())
                    || checked.notes.get(v).is_some_and(|n| !n.is_empty())
            });
        if !anything {
            return;
        }
        indented(ui, |ui| {
            ui.vertical(|ui| {
                if let Some(e) = group_error {
                    field_error(ui, &e.to_string());
                }
                for &vital in vitals {
                    if let Some(e) = checked.errors.get(&VitalsField::Vital(vital)) {
                        field_error(ui, &format!("{}: {e}", vital.label()));
                        continue;
                    }
                    ui.horizontal(|ui| {
                        if let Some(flag) = checked
                            .flags
                            .get(&vital)
                            .filter(|f| f.interpretation.is_abnormal())
                        {
                            flag_chip(ui, flag.interpretation);
                            let normal = match &flag.reason {
                                Some(reason) => format!(": {reason}"),
                                None if flag.normal.is_empty() => String::new(),
                                None => {
                                    format!(" (normal {} {})", flag.normal, vital.unit_symbol())
                                }
                            };
                            ui.label(
                                RichText::new(format!(
                                    "{} {}{normal}",
                                    vital.label(),
                                    flag.interpretation.label()
                                ))
                                .color(theme::warning(ui.visuals())),
                            );
                        }
                        if let Some(note) = checked.notes.get(&vital).filter(|n| !n.is_empty()) {
                            ui.label(RichText::new(note).strong());
                        }
                    });
                    if let Some(warning) = checked.warnings.get(&vital) {
                        ui.horizontal(|ui| {
                            let mut confirmed = self.draft.is_confirmed(vital);
                            let response = toggle(
                                ui,
                                "Confirm",
                                &format!("Confirm {}", vital.label().to_lowercase()),
                                &mut confirmed,
                            );
                            if response.changed() {
                                self.draft.set_confirmed(vital, confirmed);
                            }
                            self.responses.push(response);
                            field_warning(ui, &warning.to_string());
                        });
                    }
                }
            });
        });
    }
}

/// A line under a row, starting under the value.
fn indented(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        add(ui);
    });
}

/// A value field with its own small label, for two values on one line (systolic / diastolic).
fn small_labelled(ui: &mut Ui, vital: Vital, text: &mut String) -> Response {
    let label = ui.label(
        RichText::new(vital.label())
            .small()
            .color(theme::muted(ui.visuals())),
    );
    ui.add(line(text, FIELD_WIDTH * 0.55).id(field_id(vital)))
        .labelled_by(label.id)
}

fn unit_choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    path: TabPath,
    label: &str,
    unit: &mut T,
    options: &[T],
    symbol: fn(T) -> &'static str,
) -> Response {
    choice_required_on(ui, path, label, unit, options, symbol)
}
