//! Vietnamese input methods in the editor, as they reach egui: fcitx5 and `IBus` compose with
//! preedit text and then commit it; Unikey on Windows types plain characters and corrects them
//! with Backspace and the composed letter (in "Unicode tổ hợp" mode, decomposed ones). Each
//! must leave exactly the words typed, in a header field, a goods cell and the picker's search
//! box, and the editor's own keys (Enter, F3, arrows) must not act while a word is composed.

use eframe::egui;
use egui::accesskit::Role;
use egui::{Event, ImeEvent, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{EditorState, Frame, Tab};
use crate::codes::CodeLists;
use crate::domain::Direction;
use crate::ui::i18n::Language;

struct Screen {
    editor: EditorState,
    codes: CodeLists,
}

fn harness() -> Harness<'static, Screen> {
    let codes = CodeLists::bundled().unwrap();
    // The tests' stated date (tests/integration/util.rs NOW).
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let editor = EditorState::new(Direction::Import, &codes, today);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_context_setup(crate::ui::fonts::install)
        .build_ui_state(
            move |ui, screen: &mut Screen| {
                let view = Frame {
                    language: Language::Vietnamese,
                    codes: &screen.codes,
                    now: crate::ui::screens::testing::now(),
                    machine_now: crate::ui::screens::testing::now(),
                    today,
                    instant: std::time::Instant::now(),
                    busy: false,
                };
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let _ = screen.editor.show(ui, &view);
                });
            },
            Screen { editor, codes },
        )
}

fn focus(harness: &mut Harness<'_, Screen>, label: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(2);
}

fn preedit(text: &str) -> Event {
    Event::Ime(ImeEvent::Preedit {
        text: text.to_owned(),
        active_range_chars: None,
    })
}

/// One frame per event, as a real input method delivers them.
fn send(harness: &mut Harness<'_, Screen>, events: Vec<Event>) {
    for event in events {
        harness.event(event);
        harness.run_steps(1);
    }
}

fn key(key: Key) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

/// fcitx5/IBus with Telex: each word grows as preedit text, with an Enter pressed while
/// composing (some engines pass it on), then is committed; spaces are plain text.
fn telex_words(words: &[(&[&str], &str)]) -> Vec<Event> {
    let mut events = Vec::new();
    for (i, (steps, word)) in words.iter().enumerate() {
        if i > 0 {
            events.push(Event::Text(" ".into()));
        }
        for step in *steps {
            events.push(preedit(step));
        }
        events.push(key(Key::Enter));
        events.push(Event::Ime(ImeEvent::Commit((*word).to_owned())));
    }
    events
}

/// Unikey: what is typed goes out as text; a tone or vowel mark deletes the letter with
/// Backspace and types the composed one.
fn unikey(steps: &[(&str, usize, &str)]) -> Vec<Event> {
    let mut events = Vec::new();
    for (typed, backspaces, replacement) in steps {
        if !typed.is_empty() {
            events.push(Event::Text((*typed).to_owned()));
        }
        for _ in 0..*backspaces {
            events.push(key(Key::Backspace));
        }
        if !replacement.is_empty() {
            events.push(Event::Text((*replacement).to_owned()));
        }
    }
    events
}

#[test]
fn fcitx5_preedit_and_commit_into_a_header_field() {
    let mut harness = harness();
    focus(&mut harness, "Tên người nhập khẩu");
    let words: &[(&[&str], &str)] = &[
        (&["C", "Co", "Coo", "Cô", "Côn", "Công"], "Công"),
        (&["t", "ty"], "ty"),
        (&["T", "TN", "TNH", "TNHH"], "TNHH"),
        (&["D", "DD", "Đ", "Đa", "Đai", "Đại"], "Đại"),
        (&["P", "Ph", "Pha", "Phas", "Phát"], "Phát"),
    ];
    send(&mut harness, telex_words(words));
    assert_eq!(
        harness.state().editor.declaration.declarant.name.as_deref(),
        Some("Công ty TNHH Đại Phát")
    );
}

#[test]
fn unikey_backspace_and_retype_into_a_goods_cell_even_decomposed() {
    let mut harness = harness();
    harness.state_mut().editor.tab = Tab::Goods;
    harness.run_steps(2);
    focus(&mut harness, "Mô tả hàng hóa");
    // "Máy tính": M a s(→ á) y, then the second word in "Unicode tổ hợp" (marks are code
    // points of their own): t i n h f(→ ình) and s(→ ính, the tone changed after the word: Unikey
    // deletes the 4 code points i, ◌̀, n, h it typed and retypes i, ◌́, n, h).
    let steps = [
        ("M", 0, ""),
        ("a", 0, ""),
        ("", 1, "á"),
        ("y", 0, ""),
        (" ", 0, ""),
        ("t", 0, ""),
        ("i", 0, ""),
        ("n", 0, ""),
        ("h", 0, ""),
        ("", 3, "i\u{300}nh"),
        ("", 4, "i\u{301}nh"),
    ];
    send(&mut harness, unikey(&steps));
    assert_eq!(
        harness.state().editor.declaration.goods[0]
            .description
            .as_deref(),
        Some("Máy tính")
    );
}

#[test]
fn the_pickers_search_box_takes_composed_words_and_enter_while_composing_picks_nothing() {
    let mut harness = harness();
    focus(&mut harness, "Mã loại hình");
    harness.key_press(Key::F3);
    harness.run_steps(2);
    harness.get_by_label("Chọn mã (F3)");
    // Words that find codes, so an Enter taken by the picker would pick one.
    let words: &[(&[&str], &str)] = &[
        (&["k", "ki", "kin", "kinh"], "kinh"),
        (&["d", "do", "doa", "doan", "doanh"], "doanh"),
        (&["t", "ti", "tie", "tiee", "tiê", "tiêu"], "tiêu"),
    ];
    send(&mut harness, telex_words(words));
    let editor = &harness.state().editor;
    assert_eq!(
        editor.picker.as_ref().map(|p| p.query.as_str()),
        Some("kinh doanh tiêu"),
        "the picker stays open with the words typed"
    );
    assert_eq!(editor.declaration.type_code, None, "nothing was picked");
}
