//! Driving the app through `egui_kittest` as an MA would: by label, Tab and Enter.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rooming::app::{Rooming, RoomingApp};
use rooming::clinical::reference::Reference;
use rooming::store::Store;

pub type Ui = Harness<'static, Rooming>;

fn build(mut rooming: Rooming) -> Ui {
    rooming.set_draft_delay(0.0);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, rooming: &mut Rooming| rooming.ui(ui), rooming)
}

/// The window on an open chart, at its sign-in screen.
pub fn harness(store: Store) -> Ui {
    build(Rooming::signed_out(store, Reference::built_in().unwrap()))
}

/// The window as it starts on whatever is at `path` (nothing, a plain chart, an encrypted one).
pub fn harness_at(path: &std::path::Path) -> Ui {
    build(Rooming::start(
        path,
        Reference::built_in().unwrap(),
        super::options(),
    ))
}

/// The window as it starts on `path`, opened with `options` (the window's own are
/// `IntegrityCheck::InBackground`).
pub fn harness_with(path: &std::path::Path, options: rooming::store::OpenOptions) -> Ui {
    build(Rooming::start(
        path,
        Reference::built_in().unwrap(),
        options,
    ))
}

/// The signed-in shell.
pub fn app(h: &Ui) -> &RoomingApp {
    h.state().app().expect("someone is signed in")
}

/// Replaces what the field with this label holds (select all, then type).
pub fn replace_text(h: &mut Ui, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Types a username and password on the sign-in screen and presses Enter.
pub fn sign_in_as(h: &mut Ui, username: &str, password: &str) {
    h.run();
    replace_text(h, "Username", username);
    replace_text(h, "Password", password);
    press(h, Key::Enter);
}

/// Signs in as the test chart's administrator.
pub fn sign_in(h: &mut Ui) {
    sign_in_as(h, super::USERNAME, super::PASSWORD);
    assert!(has_text(h, "Charting: Ana Lopez, CMA"), "signed in");
}

/// Types into the field with this label (focusing it, as a click or a Tab would).
pub fn type_into(h: &mut Ui, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

pub fn press(h: &mut Ui, key: Key) {
    h.key_press(key);
    h.run();
}

pub fn has_text(h: &Ui, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Signs in, finds the patient by name and starts a visit, all by keyboard.
pub fn room_patient(h: &mut Ui, search: &str) {
    sign_in(h);
    h.get_by_label("Find patient").type_text(search);
    h.run();
    press(h, Key::Enter);
    h.get_by_label("Reason").type_text("Annual physical");
    h.run();
    press(h, Key::Tab);
    h.get_by_label("Room").type_text("3");
    h.run();
    press(h, Key::Enter);
    assert!(has_text(h, "Vital signs"), "the vitals form is open");
}

/// Opens a tab of the chart by its shortcut (Ctrl and `key`).
pub fn tab(h: &mut Ui, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

/// Focuses a choice by its label and steps it `steps` times to the right.
pub fn choose(h: &mut Ui, label: &str, steps: usize) {
    h.get_by_role_and_label(Role::ComboBox, label).focus();
    h.run();
    for _ in 0..steps {
        press(h, Key::ArrowRight);
    }
}

/// Ticks a box by its label, with Space.
pub fn tick(h: &mut Ui, label: &str) {
    h.get_by_label(label).focus();
    h.run();
    press(h, Key::Space);
}

/// Every word the window gives a screen reader: each node's label and value.
pub fn everything_said(h: &Ui) -> String {
    use egui_kittest::kittest::{By, NodeT};
    use std::fmt::Write;
    let mut said = String::new();
    for n in h.query_all(By::new().include_labels()) {
        let node = n.accesskit_node();
        let _ = writeln!(
            said,
            "{} {}",
            node.label().unwrap_or_default(),
            node.value().unwrap_or_default()
        );
    }
    said
}

/// Lets `seconds` pass with no key or click (egui's clock, which the idle lock reads).
pub fn idle_for(h: &mut Ui, seconds: f64) {
    let now = h.ctx.input(|i| i.time);
    h.input_mut().time = Some(now + seconds);
    h.step();
    h.run();
}

/// Clicks the button (or other widget) with this label.
pub fn click(h: &mut Ui, label: &str) {
    h.get_by_label(label).click();
    h.run();
}
