//! Who is charting, through the window: the administrator adds a staff member whose temporary
//! password must be changed; wrong passwords and the growing wait; the idle lock, which shows
//! no patient; resuming the same form; another staff member over the lock, who never sees the
//! first one's work; the PIN and its fallback.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::ui::{
    Ui, app, choose, click, everything_said, harness, has_text, idle_for, press, replace_text,
    room_patient, sign_in, sign_in_as, type_into,
};
use common::{Chart, PASSWORD, USERNAME};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use rooming::clinical::account::{NewAccount, Password, Pin, Role, Username};
use rooming::clinical::audit::AuditAction;
use rooming::clinical::ids::StaffId;

const MA_PASSWORD: &str = "kettle morning river stone";

/// Jo Kim, RMA (`jkim`), who has already chosen her own password.
fn with_medical_assistant(chart: &mut Chart) -> StaffId {
    let ma = chart
        .store
        .add_account(
            &NewAccount {
                name: "Jo Kim".into(),
                credentials: "RMA".into(),
                username: Username::parse("jkim").unwrap(),
                role: Role::ClinicalStaff,
                provider: false,
                password: Password::new("temporary harbor lantern"),
            },
            chart.staff.id,
        )
        .unwrap();
    chart
        .store
        .change_own_password(ma.staff.id, &Password::new(MA_PASSWORD))
        .unwrap();
    ma.staff.id
}

fn lock_now(h: &mut Ui) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    h.run();
}

#[test]
fn the_administrator_adds_a_staff_member_who_must_choose_a_password_at_first_sign_in() {
    let chart = Chart::new();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    click(&mut h, "Staff");
    type_into(&mut h, "Name", "Jo Kim");
    type_into(&mut h, "Credentials", "RMA");
    type_into(&mut h, "Username", "jkim");
    choose(&mut h, "Role", 2);
    type_into(&mut h, "Temporary password", "temporary harbor lantern");
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Added Jo Kim, RMA"), "{}", everything_said(&h));
    let accounts = app(&h).store().accounts().unwrap();
    let jo = accounts
        .iter()
        .find(|a| a.staff.name == "Jo Kim")
        .expect("added");
    assert_eq!(jo.role, Role::ClinicalStaff);
    assert!(jo.must_change_password);

    click(&mut h, "Sign out");
    assert!(h.state().app().is_none(), "signed out");
    sign_in_as(&mut h, "jkim", "temporary harbor lantern");
    assert!(has_text(&h, "Choose your own password"));
    assert!(
        !has_text(&h, "Find patient"),
        "nothing else is reachable until the temporary password is replaced"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(
        has_text(&h, "Choose your own password"),
        "not by shortcut either"
    );
    type_into(&mut h, "New password", "jkim jkim jkim jkim");
    type_into(&mut h, "New password again", "jkim jkim jkim jkim");
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "must not be built on your name"),
        "{}",
        everything_said(&h)
    );
    replace_text(&mut h, "New password", MA_PASSWORD);
    replace_text(&mut h, "New password again", MA_PASSWORD);
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Find patient"), "{}", everything_said(&h));
    assert!(has_text(&h, "Charting: Jo Kim, RMA"));
    let store = app(&h).store();
    let jkim = Username::parse("jkim").unwrap();
    assert!(!store.account(jo.staff.id).unwrap().must_change_password);
    assert!(
        store
            .authenticate(&jkim, &Password::new("temporary harbor lantern"))
            .is_err(),
        "the temporary password opens nothing now"
    );
    store
        .authenticate(&jkim, &Password::new(MA_PASSWORD))
        .unwrap();
    assert!(
        !has_text(&h, "Staff"),
        "clinical staff have no administrator's screens"
    );
}

#[test]
fn a_wrong_password_is_refused_without_saying_which_part_was_wrong_and_is_audited() {
    let chart = Chart::new();
    let mut h = harness(chart.store);
    sign_in_as(&mut h, USERNAME, "not the password at all");
    assert!(has_text(
        &h,
        "That username and password do not match an active account."
    ));
    assert!(h.state().app().is_none());
    sign_in_as(&mut h, "nobody-here", PASSWORD);
    assert!(has_text(
        &h,
        "That username and password do not match an active account."
    ));
    sign_in(&mut h);
    let failures = app(&h)
        .store()
        .audit_lines(
            &rooming::clinical::audit::AuditFilter {
                action: Some(AuditAction::SignInFailed),
                ..Default::default()
            },
            10,
        )
        .unwrap();
    let tried: Vec<_> = failures.iter().filter_map(|l| l.detail.clone()).collect();
    assert_eq!(
        tried,
        ["nobody-here", USERNAME],
        "the usernames, newest first"
    );
    let said = everything_said(&h);
    assert!(!said.contains("not the password at all"));
    assert_eq!(
        app(&h).store().audit_count(AuditAction::SignedIn).unwrap(),
        1
    );
}

#[test]
fn five_failures_make_the_account_wait_even_for_the_right_password() {
    let chart = Chart::new();
    let mut h = harness(chart.store);
    for _ in 0..5 {
        sign_in_as(&mut h, USERNAME, "guessing again and again");
    }
    assert!(has_text(&h, "wait 30 seconds"), "{}", everything_said(&h));
    sign_in_as(&mut h, USERNAME, PASSWORD);
    assert!(
        has_text(&h, "Too many tries with this username"),
        "{}",
        everything_said(&h)
    );
    assert!(h.state().app().is_none(), "the wait holds");
}

#[test]
fn an_idle_screen_locks_shows_no_patient_and_unlocks_to_the_same_form() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("131");
    h.run();
    idle_for(&mut h, 4.0 * 60.0);
    assert!(!app(&h).is_locked(), "four minutes is not five");
    assert!(has_text(&h, "Smith"));
    idle_for(&mut h, 61.0);
    assert!(app(&h).is_locked());
    let said = everything_said(&h);
    for private in ["Smith", "Jane", "MRN", "131", "1980", "Vital signs"] {
        assert!(
            !said.contains(private),
            "{private} shows on the lock screen:\n{said}"
        );
    }
    assert!(said.contains("Ana Lopez, CMA was charting"));
    type_into(&mut h, "Your password", "wrong password entirely");
    press(&mut h, Key::Enter);
    assert!(app(&h).is_locked());
    assert!(has_text(&h, "do not match"));
    type_into(&mut h, "Your password", PASSWORD);
    press(&mut h, Key::Enter);
    assert!(!app(&h).is_locked());
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some("131"));
    let store = app(&h).store();
    assert_eq!(store.audit_count(AuditAction::Locked).unwrap(), 1);
    assert_eq!(store.audit_count(AuditAction::Unlocked).unwrap(), 1);
}

#[test]
fn another_staff_member_signs_in_over_the_lock_and_never_sees_the_first_ones_draft() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    with_medical_assistant(&mut chart);
    let mut h = harness(chart.store);
    room_patient(&mut h, "smith");
    h.get_by_label("Systolic").type_text("131");
    h.run();
    lock_now(&mut h);
    assert!(app(&h).is_locked(), "Ctrl+Shift+L locks at once");
    type_into(&mut h, "Username", "jkim");
    h.get_by_label("Password").focus();
    h.run();
    h.get_by_label("Password").type_text(MA_PASSWORD);
    h.run();
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "Charting: Jo Kim, RMA"),
        "{}",
        everything_said(&h)
    );
    assert!(!everything_said(&h).contains("131"));
    h.get_by_label("Find patient").type_text("smith");
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Vital signs"), "{}", everything_said(&h));
    assert_eq!(h.get_by_label("Systolic").value().as_deref(), Some(""));
    assert!(!has_text(&h, "Restored what was typed"));

    click(&mut h, "Sign out");
    sign_in(&mut h);
    h.get_by_label("Find patient").type_text("smith");
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Restored what was typed"));
    assert_eq!(
        h.get_by_label("Systolic").value().as_deref(),
        Some("131"),
        "the first one's work stayed theirs"
    );
}

#[test]
fn a_pin_resumes_the_lock_and_a_wrong_pin_falls_back_to_the_password() {
    let mut chart = Chart::new();
    chart
        .store
        .set_pin(chart.staff.id, Some(&Pin::parse("4826").unwrap()))
        .unwrap();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    lock_now(&mut h);
    type_into(&mut h, "PIN", "4826");
    press(&mut h, Key::Enter);
    assert!(!app(&h).is_locked(), "the PIN resumes");
    lock_now(&mut h);
    type_into(&mut h, "PIN", "9137");
    press(&mut h, Key::Enter);
    assert!(app(&h).is_locked());
    assert!(has_text(&h, "That PIN is not right. Use your password."));
    assert!(
        has_text(&h, "Your password"),
        "the password now, not the PIN"
    );
    type_into(&mut h, "Your password", PASSWORD);
    press(&mut h, Key::Enter);
    assert!(!app(&h).is_locked());
}

#[test]
fn the_administrator_changes_the_idle_time_and_it_holds_at_once() {
    let chart = Chart::new();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    click(&mut h, "Settings");
    h.get_by_label("Lock after idle (minutes)").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Lock after idle (minutes)").type_text("2");
    h.run();
    press(&mut h, Key::Enter);
    assert!(has_text(&h, "Settings saved"), "{}", everything_said(&h));
    assert_eq!(app(&h).store().settings().unwrap().idle_lock_minutes, 2);
    idle_for(&mut h, 121.0);
    assert!(app(&h).is_locked());
}

/// Reads the recovery key shown on screen, and types it back.
fn keep_the_recovery_key(h: &mut Ui) {
    assert!(
        has_text(h, "The chart's recovery key"),
        "{}",
        everything_said(h)
    );
    let shown = h
        .query_all_by_label_contains("-")
        .filter_map(|n| {
            let node = egui_kittest::kittest::NodeT::accesskit_node(&n);
            node.label().or_else(|| node.value())
        })
        .find(|l| l.len() == 42)
        .expect("the key");
    type_into(h, "Type the key back", &shown);
    press(h, Key::Enter);
}

#[test]
fn a_plain_chart_of_an_earlier_version_is_encrypted_at_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.rooming");
    let (store, _) = common::plain_chart(&path);
    common::back_to_schema_5(store.connection());
    drop(store);
    let mut h = common::ui::harness_at(&path);
    h.run();
    assert!(
        has_text(&h, "Encrypt this chart"),
        "{}",
        everything_said(&h)
    );
    assert_eq!(
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "First administrator")
            .value()
            .as_deref(),
        Some("Ana Lopez, CMA"),
        "the staff already in it are offered"
    );
    type_into(&mut h, "Username", USERNAME);
    type_into(&mut h, "Password", PASSWORD);
    type_into(&mut h, "Password again", PASSWORD);
    press(&mut h, Key::Enter);
    keep_the_recovery_key(&mut h);
    assert!(
        has_text(&h, "Charting: Ana Lopez, CMA"),
        "{}",
        everything_said(&h)
    );
    assert_eq!(
        rooming::store::examine(&path).unwrap(),
        rooming::store::ChartState::Encrypted
    );
    assert_eq!(
        app(&h)
            .store()
            .audit_count(AuditAction::ChartEncrypted)
            .unwrap(),
        1
    );
}

#[test]
fn when_every_administrator_forgot_the_recovery_key_sets_a_new_password() {
    let chart = Chart::new();
    let path = chart.path();
    let key = chart.recovery.formatted().to_string();
    drop(chart.store);
    let mut h = common::ui::harness_at(&path);
    h.run();
    click(&mut h, "Every administrator forgot? Use the recovery key");
    type_into(&mut h, "Recovery key", "0000-0000-0000");
    type_into(&mut h, "Administrator's username", USERNAME);
    type_into(&mut h, "New password", "lighthouse copper meadow");
    type_into(&mut h, "New password again", "lighthouse copper meadow");
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "does not open this chart"),
        "{}",
        everything_said(&h)
    );
    replace_text(&mut h, "Recovery key", &key);
    replace_text(&mut h, "New password", "lighthouse copper meadow");
    replace_text(&mut h, "New password again", "lighthouse copper meadow");
    press(&mut h, Key::Enter);
    assert!(
        has_text(&h, "Charting: Ana Lopez, CMA"),
        "{}",
        everything_said(&h)
    );
    let store = app(&h).store();
    assert_eq!(store.audit_count(AuditAction::PasswordReset).unwrap(), 1);
    store
        .authenticate(
            &Username::parse(USERNAME).unwrap(),
            &Password::new("lighthouse copper meadow"),
        )
        .unwrap();
}

#[test]
fn the_audit_log_shows_who_did_what_and_exports_it() {
    let mut chart = Chart::new();
    chart.patient("Smith", "Jane", (1980, 3, 2));
    let dir = chart.dir.path().to_owned();
    let mut h = harness(chart.store);
    sign_in(&mut h);
    click(&mut h, "Audit log");
    assert!(
        has_text(&h, "Patient registered"),
        "{}",
        everything_said(&h)
    );
    assert!(has_text(&h, "Smith, Jane"));
    choose(&mut h, "Action", 1);
    press(&mut h, Key::Enter);
    assert!(!has_text(&h, "Smith, Jane"), "filtered to the first action");
    click(&mut h, "Export as CSV");
    assert!(
        has_text(&h, "audit rows written to"),
        "{}",
        everything_said(&h)
    );
    let csv = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("the export");
    assert!(std::fs::read_to_string(csv).unwrap().starts_with("seq,"));
}
