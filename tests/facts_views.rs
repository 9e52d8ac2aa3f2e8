//! The facts views — timeline (`t`), related facts (`f`), disagreements (`!`) — on a small
//! hand-made corpus (mentions tagged by hand, so the screens do not move when extraction
//! changes): screen snapshots at 80×24 and 200×50, and what the keys do (jumps, Ctrl-O, the
//! target filter, the margin marks).

mod tui_common;
use soi::clean::BlockKind::{Caption, Paragraph, Title};
use soi::extract::EntityKind::{Date, Location, Money, Person};
use soi::tui::app::{App, LoadEvent, Popup};
use soi::tui::library::{Library, LinkView};
use tui_common::{corpus_from, press, render, screen_text, status_line, DocSpec, Line::Kept, Tag};

fn tags() -> Vec<Tag> {
    vec![
        ("Hồ Chí Minh", Person, "Hồ Chí Minh"),
        ("Aleksandr Lukashenko", Person, "Aleksandr Lukashenko"),
        ("Lukashenko", Person, "Aleksandr Lukashenko"),
        ("Việt Nam", Location, "Việt Nam"),
        ("Belarus", Location, "Belarus"),
        ("Minsk", Location, "Minsk"),
        ("năm 1957", Date, "1957"),
        ("1961", Date, "1961"),
        ("1962", Date, "1962"),
        ("năm 1992", Date, "1992"),
        ("24/1/1992", Date, "24/1/1992"),
        ("Năm 2023", Date, "2023"),
        ("năm 2023", Date, "2023"),
        ("12/5/2025", Date, "12/5/2025"),
        ("65 triệu USD", Money, "65 triệu USD"),
        ("46,42 triệu USD", Money, "46,42 triệu USD"),
    ]
}

fn specs() -> Vec<DocSpec> {
    vec![
        DocSpec {
            id: "002_quanhe",
            published: None,
            byline: None,
            lines: vec![
                Kept(Title, "Quan hệ hữu nghị Việt Nam - Belarus"),
                Kept(Paragraph, "Quan hệ giữa Việt Nam và Belarus có nền tảng vững chắc. Chủ tịch Hồ Chí Minh đã ba lần đến thăm Belarus vào các năm 1957, 1961 và 1962."),
                Kept(Paragraph, "Việt Nam và Belarus thiết lập quan hệ ngoại giao vào ngày 24/1/1992."),
            ],
        },
        DocSpec {
            id: "003_daisu",
            published: Some("2025-05-09T14:20+07:00"),
            byline: Some("Minh Thái"),
            lines: vec![
                Kept(Title, "Hướng tới tầm cao mới"),
                Kept(Paragraph, "Đại sứ cho biết, quan hệ được bồi đắp bởi các chuyến thăm lịch sử của Chủ tịch Hồ Chí Minh tới Belarus vào các năm 1957 và 1961."),
                Kept(Paragraph, "Năm 2023, kim ngạch thương mại giữa Việt Nam và Belarus đạt hơn 65 triệu USD."),
                Kept(Caption, "Tổng thống Aleksandr Lukashenko tại Minsk, ngày 12/5/2025."),
            ],
        },
        DocSpec {
            id: "004_kinhte",
            published: None,
            byline: None,
            lines: vec![
                Kept(Title, "Hợp tác kinh tế"),
                Kept(Paragraph, "Việt Nam - Belarus thiết lập quan hệ ngoại giao năm 1992. Kim ngạch thương mại giữa Việt Nam và Belarus 9 tháng năm 2023 đạt 46,42 triệu USD."),
                Kept(Paragraph, "Tổng thống Lukashenko tiếp đoàn Việt Nam tại Minsk năm 2023."),
            ],
        },
    ]
}

fn app() -> App {
    App::new(Library::from_corpus(corpus_from(specs(), &tags())))
}

fn snap(keys: &str, name: &str) {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = app();
        press(&mut a, keys);
        let t = render(&mut a, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn timeline_popup() {
    snap("t", "facts_timeline");
}

#[test]
fn timeline_of_the_target() {
    snap("<Tab><Tab>/luka<Enter><Enter>t", "facts_timeline_target");
}

#[test]
fn related_popup() {
    // Open 002, select the Hồ Chí Minh mention, list the facts related to its sentence.
    snap("<Tab>]]]]]f", "facts_related");
}

#[test]
fn disagreements_popup() {
    snap("!", "facts_disagreements");
}

#[test]
fn landed_with_margin_marks() {
    snap("t<Enter>", "facts_landed");
}

/// The row of the open popup that carries the cursor marker (`›`).
fn selected_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("› "))
        .unwrap_or("")
        .to_string()
}

#[test]
fn timeline_enter_lands_on_the_sentence_and_ctrl_o_returns() {
    let mut a = app();
    press(&mut a, "t");
    let t = render(&mut a, 120, 30);
    let screen = screen_text(&t);
    assert!(selected_row(&screen).contains("1957"), "{screen}");
    assert!(selected_row(&screen).contains("002_quanhe"), "{screen}");
    press(&mut a, "<Enter>");
    let t = render(&mut a, 120, 30);
    assert_eq!(a.popup, None);
    assert_eq!(a.open, Some(0));
    let landed = a.landed_fact.expect("a landed fact");
    assert!(a.fact_text(landed).starts_with("Chủ tịch Hồ Chí Minh"));
    let screen = screen_text(&t);
    // The sentence starts on a marked line (≠ wins over ▶: it is also contradicted).
    let marked = screen
        .lines()
        .any(|l| l.contains("Chủ tịch") && l.contains('≠'));
    assert!(
        marked,
        "the landed sentence is marked in the margin\n{screen}"
    );
    assert!(status_line(&t).contains("1957"), "{}", status_line(&t));
    // Same date, other article: the next row. Then back with Ctrl-O.
    press(&mut a, "tj<Enter>");
    assert_eq!(a.open, Some(1));
    press(&mut a, "<C-o>");
    assert_eq!(a.open, Some(0));
}

#[test]
fn same_date_facts_of_several_articles_are_grouped() {
    let mut a = app();
    press(&mut a, "t");
    let screen = screen_text(&render(&mut a, 120, 30));
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("1957")).collect();
    assert!(
        rows[0].contains("┌") && rows[0].contains("002_quanhe"),
        "{screen}"
    );
    assert!(
        rows[1].contains("└") && rows[1].contains("003_daisu"),
        "{screen}"
    );
    // The date is written once for the group.
    assert_eq!(
        rows.iter()
            .filter(|r| r.contains("› 1957") || r.contains("│  1957"))
            .count(),
        1,
        "{screen}"
    );
}

#[test]
fn the_timeline_follows_the_target() {
    let mut a = app();
    press(&mut a, "<Tab><Tab>/luka<Enter><Enter>");
    assert!(a.target.is_some());
    let rows = a.timeline_rows();
    assert_eq!(rows.len(), 2, "Lukashenko's two dated sentences");
    for &i in &rows {
        let e = a.lib.facts.timeline[i];
        assert!(a.fact_text(e.fact()).contains("Lukashenko"));
    }
    press(&mut a, "xt");
    assert!(a.timeline_rows().len() > 2, "no target: every dated fact");
}

#[test]
fn related_facts_walk_with_n_and_escape_returns() {
    let mut a = app();
    press(&mut a, "<Tab>]]]]]");
    let here = a.fact_here().expect("a fact under the selected mention");
    assert!(a.fact_text(here).contains("Hồ Chí Minh"));
    press(&mut a, "f");
    let Some(Popup::Related { selected: 0, .. }) = a.popup else {
        panic!("related popup: {:?}", a.popup);
    };
    // The first related fact is previewed: the other article's Hồ Chí Minh sentence.
    assert_eq!(a.open, Some(1));
    assert!(a
        .fact_text(a.landed_fact.expect("landed"))
        .contains("Hồ Chí Minh"));
    press(&mut a, "<Esc>");
    assert_eq!((a.popup, a.open), (None, Some(0)), "Esc goes back");
    press(&mut a, "f<Enter>");
    assert_eq!((a.popup, a.open), (None, Some(1)), "Enter stays");
    press(&mut a, "<C-o>");
    assert_eq!(a.open, Some(0), "Ctrl-O returns");
}

#[test]
fn the_disagreement_shows_both_sentences_and_jumps_to_either() {
    let mut a = app();
    press(&mut a, "!");
    let screen = screen_text(&render(&mut a, 120, 30));
    assert!(
        screen.contains("1957, 1961, 1962 vs 1957, 1961"),
        "{screen}"
    );
    assert!(
        screen.contains("002_quanhe") && screen.contains("003_daisu"),
        "{screen}"
    );
    assert_eq!(
        a.lib.facts.conflicts.len(),
        1,
        "{:?}",
        a.lib.facts.conflicts
    );
    press(&mut a, "l<Enter>");
    assert_eq!(a.open, Some(1), "the right-hand sentence is 003's");
    press(&mut a, "!<Enter>");
    assert_eq!(a.open, Some(0));
}

#[test]
fn contradicted_sentences_are_marked_in_the_margin() {
    let mut a = app();
    press(&mut a, "<Tab>");
    let screen = screen_text(&render(&mut a, 80, 24));
    let row = screen
        .lines()
        .find(|l| l.contains("≠"))
        .unwrap_or_else(|| panic!("no ≠ mark\n{screen}"));
    assert!(row.contains("Chủ tịch Hồ Chí Minh"), "{screen}");
    // Only the contradicted sentence: 002's diplomatic-relations date agrees with 004's year.
    assert_eq!(screen.matches('≠').count(), 1, "{screen}");
}

#[test]
fn the_views_survive_tiny_screens_and_an_empty_corpus() {
    for keys in ["t", "!", "<Tab>]]]]]f", "t<Enter>"] {
        for (w, h) in [(1, 1), (10, 3), (30, 8), (80, 24)] {
            let mut a = app();
            press(&mut a, keys);
            render(&mut a, w, h);
        }
    }
    let mut empty = App::new(Library::default());
    press(&mut empty, "t!f");
    let status = status_line(&render(&mut empty, 80, 24));
    assert!(status.contains("no "), "{status}");
}

#[test]
fn the_final_linking_drops_the_facts_and_entities_until_the_final_ones_arrive() {
    let mut a = app();
    let (facts, entities) = (a.lib.facts.clone(), a.lib.entities.clone());
    a.lib.complete = false;
    press(&mut a, "t");
    let before = screen_text(&render(&mut a, 100, 30));
    assert!(before.contains("1957"), "{before}");
    assert!(a.lib.mention_entity(0, 0).is_some());
    a.on_load(LoadEvent::Finishing);
    assert!(a.lib.facts.timeline.is_empty());
    assert!(a.lib.entities.is_empty(), "the entities go too");
    assert_eq!(a.lib.mention_entity(0, 0), None);
    let meanwhile = screen_text(&render(&mut a, 100, 30));
    assert!(
        meanwhile.contains("no dated facts yet — still loading"),
        "{meanwhile}"
    );
    let view = LinkView::from_entities(&a.lib.docs, entities, facts);
    a.on_load(LoadEvent::Linked(Box::new(view)));
    a.on_load(LoadEvent::Finished);
    let mut loaded = app();
    press(&mut loaded, "t");
    assert_eq!(
        screen_text(&render(&mut a, 100, 30)),
        screen_text(&render(&mut loaded, 100, 30))
    );
}

#[test]
fn help_lists_the_facts_keys() {
    let mut a = app();
    press(&mut a, "?");
    let mut screen = String::new();
    for _ in 0..12 {
        screen.push_str(&screen_text(&render(&mut a, 100, 50)));
        press(&mut a, "<PgDn>");
    }
    for needle in [
        "Timeline (t)",
        "Related facts (f)",
        "Disagreements (!)",
        "timeline: dated facts",
    ] {
        assert!(screen.contains(needle), "{needle}");
    }
}
