//! Navigation through the app state: targets across articles, search as target, the jump
//! list, the entity filter's diacritic folding, mention selection, resize keeping the place.

mod tui_common;
use soi::tui::nav::{ParaId, TargetKind};
use soi::tui::screen::Focus;
use tui_common::{app, press, render, status_line};

fn current_hit(a: &soi::tui::App) -> (usize, usize, usize) {
    let t = a.target.as_ref().expect("a target");
    (
        t.current.expect("on a hit"),
        t.hits.len(),
        t.hits[t.current.unwrap()].doc,
    )
}

#[test]
fn entity_target_steps_across_articles_and_wraps() {
    let mut a = app();
    press(&mut a, "<Tab><Tab>/golovchenko<Enter><Enter>");
    assert_eq!(a.focus, Focus::Reader);
    assert_eq!(current_hit(&a), (0, 6, 0));
    press(&mut a, "nn");
    assert_eq!(
        current_hit(&a),
        (2, 6, 0),
        "last mention of the first article"
    );
    press(&mut a, "n");
    assert_eq!(
        current_hit(&a),
        (3, 6, 1),
        "n continues into the next article"
    );
    assert_eq!(a.open, Some(1));
    let t = render(&mut a, 120, 30);
    assert!(
        status_line(&t).contains("Roman Golovchenko 4/6"),
        "{}",
        status_line(&t)
    );
    assert!(status_line(&t).contains("Tổng Bí thư Tô Lâm hội đàm tại Minsk 2/3"));
    assert!(
        tui_common::screen_text(&t).contains("002_hoidam.txt"),
        "the reader's title"
    );
    press(&mut a, "nn");
    assert_eq!(current_hit(&a), (5, 6, 2));
    press(&mut a, "n");
    assert_eq!(current_hit(&a), (0, 6, 0), "wraps at the corpus end");
    press(&mut a, "N");
    assert_eq!(current_hit(&a), (5, 6, 2), "N wraps back");
}

#[test]
fn entity_target_starts_at_the_current_position() {
    let mut a = app();
    // Open the second article, then target the entity: the first mention at or after here.
    press(&mut a, "j<Enter><Tab>/golov<Enter><Enter>");
    assert_eq!(current_hit(&a), (3, 6, 1));
}

#[test]
fn search_becomes_the_target_across_articles() {
    let mut a = app();
    press(&mut a, "<Tab>/ha noi<Enter>");
    let t = a.target.as_ref().expect("search target");
    assert!(matches!(t.kind, TargetKind::Search { .. }));
    // "Hà Nội" twice in the first article, once in the third; diacritics ignored.
    assert_eq!(t.hits.len(), 3);
    assert_eq!(current_hit(&a), (0, 3, 0));
    press(&mut a, "nn");
    assert_eq!(current_hit(&a), (2, 3, 2));
    let text = &a.lib.docs[2].article.blocks[0].text;
    let hit = a.target.as_ref().unwrap().hits[2];
    assert_eq!(&text[hit.span.start..hit.span.end], "Hà Nội");
    let t = render(&mut a, 120, 30);
    assert!(
        status_line(&t).contains("/ha noi 3/3"),
        "{}",
        status_line(&t)
    );
    // đ folds to d.
    press(&mut a, "/da nang<Enter>");
    assert_eq!(a.target.as_ref().unwrap().hits.len(), 2);
}

#[test]
fn jump_list_goes_back_and_forward() {
    let mut a = app();
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>nnn");
    assert_eq!(a.open, Some(1));
    press(&mut a, "<C-o>");
    assert_eq!(current_hit(&a), (2, 6, 0));
    press(&mut a, "<C-o><C-o>");
    assert_eq!(current_hit(&a), (0, 6, 0));
    press(&mut a, "<C-p>");
    assert_eq!(current_hit(&a), (1, 6, 0));
    // A new jump drops the forward history.
    press(&mut a, "n<C-p>");
    assert_eq!(current_hit(&a), (2, 6, 0));
    assert!(a.message.as_deref().unwrap_or("").contains("no later"));
}

#[test]
fn opening_documents_counts_as_a_jump() {
    let mut a = app();
    press(&mut a, "jj<Enter>");
    assert_eq!(a.open, Some(2));
    press(&mut a, "<C-o>");
    assert_eq!(a.open, Some(0));
}

fn first_filtered(keys: &str) -> String {
    let mut a = app();
    press(&mut a, "<Tab><Tab>/");
    press(&mut a, keys);
    press(&mut a, "<Enter>");
    assert!(a.prompt.is_none(), "Enter closes the prompt");
    let e = a.entity_list.items[a.entity_selected];
    a.lib.entities[e].name.clone()
}

#[test]
fn entity_filter_ignores_diacritics_and_case() {
    assert_eq!(first_filtered("golovchenko"), "Roman Golovchenko");
    assert_eq!(first_filtered("GOLOV"), "Roman Golovchenko");
    assert_eq!(first_filtered("to lam"), "Tô Lâm");
    assert_eq!(first_filtered("lien hop quoc"), "Liên Hợp Quốc");
    assert_eq!(first_filtered("da nang"), "Đà Nẵng");
    assert_eq!(first_filtered("Đà"), "Đà Nẵng");
}

#[test]
fn esc_in_the_filter_prompt_restores_the_previous_filter() {
    let mut a = app();
    press(&mut a, "<Tab><Tab>/belarus<Enter>");
    assert_eq!(a.filter, "belarus");
    press(&mut a, "/xyz<Esc>");
    assert_eq!(a.filter, "belarus");
    assert_eq!(a.entity_list.items.len(), 1);
}

#[test]
fn bracket_selects_mentions_and_star_targets_one() {
    let mut a = app();
    press(&mut a, "<Tab>]]");
    let sel = a.selected_mention.expect("selected");
    let doc = &a.lib.docs[0];
    assert_eq!(doc.mentions[sel].text(&doc.article), "Belarus");
    press(&mut a, "*");
    let t = a.target.as_ref().expect("target");
    assert_eq!(t.name, "Belarus");
    assert_eq!(t.current, Some(0));
    press(&mut a, "[");
    let doc = &a.lib.docs[0];
    assert_eq!(
        doc.mentions[a.selected_mention.unwrap()].text(&doc.article),
        "Phạm Minh Chính"
    );
}

#[test]
fn mentions_list_previews_and_esc_returns() {
    let mut a = app();
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>gr");
    assert!(a.popup.is_some());
    press(&mut a, "jjj");
    assert_eq!(a.open, Some(1), "moving in the list previews the article");
    press(&mut a, "<Esc>");
    assert!(a.popup.is_none());
    assert_eq!(
        current_hit(&a),
        (0, 6, 0),
        "Esc returns to where gr was pressed"
    );
    press(&mut a, "grjjj<Enter>");
    assert_eq!(current_hit(&a), (3, 6, 1));
    press(&mut a, "<C-o>");
    assert_eq!(
        current_hit(&a),
        (0, 6, 0),
        "the jump from the list is in the jump list"
    );
}

#[test]
fn resize_keeps_the_reading_position() {
    let mut a = app();
    let _ = render(&mut a, 60, 12);
    press(&mut a, "<Tab>jjjj");
    let before = a.top;
    let ParaId::Block(block) = before.para else {
        panic!("scrolled into the body: {before:?}");
    };
    for (w, h) in [(200, 50), (30, 8), (61, 13)] {
        let _ = render(&mut a, w, h);
        let layout = a.layout(0).expect("layout");
        let line = &layout.lines[layout.line_of(a.top)];
        let para = &layout.paras[line.para.expect("a text line")];
        assert_eq!(para.id, ParaId::Block(block));
        assert!(line.range.start <= before.offset && before.offset <= line.range.end);
    }
}

#[test]
fn removed_lines_toggle_in_place() {
    let mut a = app();
    let t = render(&mut a, 120, 30);
    assert!(!tui_common::screen_text(&t).contains("Trang chủ"));
    press(&mut a, "r");
    let t = render(&mut a, 120, 30);
    let text = tui_common::screen_text(&t);
    assert!(text.contains("navigation │ Trang chủ > Thời sự"), "{text}");
    assert!(text.contains("related list │ Tin liên quan"));
}

#[test]
fn scope_toggle_narrows_entities_to_the_open_article() {
    let mut a = app();
    let all = a.entity_list.items.len();
    press(&mut a, "a");
    let here = a.entity_list.items.len();
    assert!(here < all, "{here} < {all}");
    assert!(a
        .entity_list
        .items
        .iter()
        .all(|&e| a.lib.doc_entities(0).contains(&(e as u32))));
}

#[test]
fn q_quits_and_esc_closes_popups_first() {
    let mut a = app();
    press(&mut a, "?<Esc>");
    assert!(a.popup.is_none() && !a.quit);
    press(&mut a, "q");
    assert!(a.quit);
}

#[test]
fn documents_appear_while_loading_and_entities_after_linking() {
    use soi::pipeline::Progress;
    use soi::tui::app::LoadEvent;
    let corpus = tui_common::corpus();
    let mut a = soi::tui::App::new(soi::tui::library::Library::default());
    let t = render(&mut a, 120, 30);
    assert!(tui_common::screen_text(&t).contains("loading"));
    a.on_load(LoadEvent::Progress(Progress::Discovered(3)));
    let mut docs = corpus.documents.into_iter();
    a.on_load(LoadEvent::Progress(Progress::Document(
        docs.next().unwrap(),
    )));
    assert_eq!(
        a.open,
        Some(0),
        "the first document opens as soon as it arrives"
    );
    let t = render(&mut a, 120, 30);
    assert!(status_line(&t).contains("⟳ 1/3"), "{}", status_line(&t));
    // A search made while loading picks up the documents that arrive later.
    press(&mut a, "<Tab>/golovchenko<Enter>");
    assert_eq!(a.target.as_ref().unwrap().hits.len(), 3);
    for d in docs {
        a.on_load(LoadEvent::Progress(Progress::Document(d)));
    }
    tui_common::settle(&mut a);
    assert_eq!(a.target.as_ref().unwrap().hits.len(), 6);
    assert!(a.entity_list.items.is_empty());
    a.set_entities(corpus.entities);
    a.on_load(LoadEvent::Failed("extractor bug".into()));
    a.on_load(LoadEvent::Finished);
    assert!(!a.entity_list.items.is_empty());
    assert!(a
        .message
        .as_deref()
        .unwrap_or("")
        .contains("loading stopped"));
    press(&mut a, "L");
    let t = render(&mut a, 120, 30);
    assert!(tui_common::screen_text(&t).contains("error: extractor bug"));
}

#[test]
fn mouse_click_selects_then_targets_a_mention_and_wheel_scrolls() {
    use soi::tui::app::MouseInput;
    let mut a = app();
    let t = render(&mut a, 200, 50);
    // Find "Hà Nội" in the first body paragraph on screen.
    let buf = t.backend().buffer();
    let (mut at_x, mut at_y) = (0, 0);
    'rows: for y in 0..buf.area.height {
        let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..row.len().saturating_sub(6) {
            if row[x..x + 6].concat() == "Hà Nội" {
                (at_x, at_y) = (x as u16, y);
                break 'rows;
            }
        }
    }
    assert!(at_y > 0, "Hà Nội on screen");
    a.handle_mouse(MouseInput::Click {
        x: at_x + 1,
        y: at_y,
    });
    assert_eq!(a.focus, Focus::Reader);
    let sel = a.selected_mention.expect("the click selects the mention");
    let doc = &a.lib.docs[0];
    assert_eq!(doc.mentions[sel].text(&doc.article), "Hà Nội");
    a.handle_mouse(MouseInput::Click {
        x: at_x + 1,
        y: at_y,
    });
    assert_eq!(a.target.as_ref().map(|t| t.name.as_str()), Some("Hà Nội"));
    let top = a.top;
    let _ = render(&mut a, 40, 12);
    a.handle_mouse(MouseInput::ScrollDown { x: 5, y: 5 });
    assert_ne!(a.top, top, "the wheel scrolls the reader");
}

#[test]
fn reopening_a_document_returns_to_where_it_was_left() {
    let mut a = app();
    let _ = render(&mut a, 40, 12);
    press(&mut a, "<Tab>jjjj");
    let left = a.top;
    press(&mut a, "<BackTab>j<Enter><BackTab>k<Enter>");
    assert_eq!(a.open, Some(0));
    assert_eq!(a.top, left);
}

#[test]
fn documents_pane_counts_the_target_per_article() {
    let mut a = app();
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>");
    let t = render(&mut a, 200, 50);
    let text = tui_common::screen_text(&t);
    let rows: Vec<&str> = text.lines().skip(1).take(3).collect();
    assert!(rows[0].contains("◆3"), "{}", rows[0]);
    assert!(rows[1].contains("◆2"), "{}", rows[1]);
    assert!(rows[2].contains("◆1"), "{}", rows[2]);
}

// ---- issue 10, bugs seen ----------------------------------------------------------------

/// Bug 2: the counter is the target's place in *this* article: `–/N` once the reader leaves
/// the article of the current hit.
#[test]
fn target_counter_follows_the_open_article() {
    let mut a = app();
    // Tô Lâm is mentioned in the second article only.
    press(&mut a, "<Tab><Tab>/to lam<Enter><Enter>");
    assert_eq!(a.open, Some(1));
    let t = render(&mut a, 200, 50);
    assert!(
        status_line(&t).contains("Tô Lâm 1/2"),
        "{}",
        status_line(&t)
    );
    // Open the third article from the list: it has no mention of him.
    press(&mut a, "<BackTab>j<Enter>");
    assert_eq!(a.open, Some(2));
    let t = render(&mut a, 200, 50);
    assert!(
        status_line(&t).contains("Tô Lâm –/2"),
        "{}",
        status_line(&t)
    );

    // Step to the last mention of Golovchenko (third article), reopen the first one.
    let mut a = app();
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>N");
    assert_eq!(current_hit(&a), (5, 6, 2));
    press(&mut a, "<BackTab>gg<Enter>");
    assert_eq!(a.open, Some(0));
    let t = render(&mut a, 200, 50);
    assert!(
        status_line(&t).contains("Roman Golovchenko –/6"),
        "{}",
        status_line(&t)
    );
    // n from here starts at this article's first mention.
    press(&mut a, "n");
    assert_eq!(current_hit(&a), (0, 6, 0));
}

/// Bug 3: hiding removed lines while at the end of an article keeps the place (the end), it
/// does not jump to the top — even when a screenful of removed lines follows the last block.
#[test]
fn hiding_removed_lines_at_the_end_keeps_the_place() {
    use soi::clean::{BlockKind::*, RemovalReason};
    use tui_common::{DocSpec, Line};
    let mut lines = vec![Line::Kept(Title, "Tin Hà Nội")];
    for _ in 0..6 {
        lines.push(Line::Kept(
            Paragraph,
            "Khách Belarus đến Hà Nội ngày càng đông, theo số liệu mới của thành phố.",
        ));
    }
    for _ in 0..30 {
        lines.push(Line::Removed(
            RemovalReason::RelatedList,
            "Tin liên quan: giá vàng",
        ));
    }
    let specs = vec![DocSpec {
        id: "tail",
        published: None,
        byline: None,
        lines,
    }];
    let mut a = tui_common::app_from(tui_common::corpus_from(specs, &tui_common::tags()));
    let _ = render(&mut a, 50, 12);
    press(&mut a, "<Tab>rG");
    let t = render(&mut a, 50, 12);
    assert!(status_line(&t).contains(" end"), "{}", status_line(&t));
    press(&mut a, "r");
    assert_ne!(a.top, soi::tui::nav::Anchor::TOP, "not back at the top");
    let t = render(&mut a, 50, 12);
    assert!(status_line(&t).contains(" end"), "{}", status_line(&t));
}

/// Bug 4: `q` closes the help, the log and the mentions list (as in less); it quits only
/// when no popup is open.
#[test]
fn q_closes_popups_before_quitting() {
    for keys in ["?", "L", "<Tab><Tab>/golov<Enter><Enter>gr"] {
        let mut a = app();
        press(&mut a, keys);
        assert!(a.popup.is_some(), "{keys} opens a popup");
        press(&mut a, "q");
        assert!(a.popup.is_none(), "q closes the popup of {keys}");
        assert!(!a.quit, "q in the popup of {keys} does not quit");
        assert!(a.target.is_some() || keys != "<Tab><Tab>/golov<Enter><Enter>gr");
    }
}

/// Bug 6: the mentions list moves with every movement key, not only j/k.
#[test]
fn mentions_list_moves_with_paging_and_end_keys() {
    let mut a = app();
    let _ = render(&mut a, 80, 24);
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>gr");
    assert_eq!(current_hit(&a), (0, 6, 0));
    press(&mut a, "G");
    assert_eq!(current_hit(&a), (5, 6, 2), "G: the last mention");
    press(&mut a, "gg");
    assert_eq!(current_hit(&a), (0, 6, 0), "gg: the first mention");
    press(&mut a, "<PgDn>");
    assert!(
        current_hit(&a).0 > 1,
        "PgDn moves a page: {:?}",
        current_hit(&a)
    );
    press(&mut a, "<PgUp>");
    assert_eq!(current_hit(&a), (0, 6, 0), "PgUp back");
    press(&mut a, "<C-d>");
    assert!(current_hit(&a).0 > 0, "Ctrl-D moves: {:?}", current_hit(&a));
    a.handle_key(soi::tui::Key::plain(soi::tui::KeyCode::End));
    assert_eq!(current_hit(&a), (5, 6, 2), "End: the last mention");
    assert!(a.popup.is_some(), "still in the list");
}

/// Bug 7: in article scope the entities are ordered by their mentions in that article.
#[test]
fn article_scope_orders_entities_by_mentions_in_the_article() {
    use soi::clean::BlockKind::*;
    use tui_common::{DocSpec, Line::Kept};
    let specs = vec![
        DocSpec {
            id: "a",
            published: None,
            byline: None,
            lines: vec![
                Kept(Title, "Hà Nội đón khách"),
                Kept(Paragraph, "Khách Belarus đến Hà Nội, rồi Hà Nội."),
            ],
        },
        DocSpec {
            id: "b",
            published: None,
            byline: None,
            lines: vec![
                Kept(Title, "Belarus"),
                Kept(Paragraph, "Belarus và Belarus, Belarus."),
            ],
        },
    ];
    let mut a = tui_common::app_from(tui_common::corpus_from(specs, &tui_common::tags()));
    let names = |a: &soi::tui::App| -> Vec<String> {
        a.entity_list
            .items
            .iter()
            .map(|&e| a.lib.entities[e].name.clone())
            .collect()
    };
    assert_eq!(names(&a), vec!["Belarus", "Hà Nội"], "corpus order: 5 vs 3");
    press(&mut a, "a");
    assert_eq!(
        names(&a),
        vec!["Hà Nội", "Belarus"],
        "article order: 3 vs 1 in the open article"
    );
}

#[test]
fn a_document_cleaned_again_while_loading_replaces_the_one_shown() {
    use soi::pipeline::{Progress, Revision};
    use soi::tui::app::LoadEvent;
    let corpus = tui_common::corpus();
    let mut a = soi::tui::App::new(soi::tui::library::Library::default());
    let mut docs = corpus.documents.into_iter();
    let first = docs.next().unwrap();
    let mut revised = soi::pipeline::Processed::clone(&first);
    revised.article.title = "Tiêu đề sau khi làm sạch lại".into();
    let gone: String = revised.article.blocks[1].text.chars().take(30).collect();
    revised.article.blocks.truncate(1);
    a.on_load(LoadEvent::Progress(Progress::Document(first)));
    render(&mut a, 120, 30);
    a.on_load(LoadEvent::Progress(Progress::Revised(Revision {
        index: 0,
        processed: std::sync::Arc::new(revised),
    })));
    assert_eq!(a.lib.docs.len(), 1);
    assert_eq!(a.lib.docs[0].article.blocks.len(), 1);
    let t = render(&mut a, 120, 30);
    assert!(
        tui_common::screen_text(&t).contains("Tiêu đề sau khi"),
        "{}",
        tui_common::screen_text(&t)
    );
    // The reader lays the new article out, not a cached copy of the old one.
    assert!(!tui_common::screen_text(&t).contains(&gone), "{gone}");
}
