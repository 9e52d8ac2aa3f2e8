//! The reader as a daily tool, through the app state: less/vim keys, the documents list
//! (filter, sort, read marks), the prompt (editing, history, the query cap), the search off the
//! input loop, acting on the text (copy, open, bookmarks), and the state kept between runs.

mod tui_common;
use soi::tui::app::{LoadEvent, Popup, Sort};
use soi::tui::effect::Effect;
use soi::tui::screen::Focus;
use soi::tui::{Key, KeyCode};
use tui_common::{app, press, render, settle, status_line};

// ---- less and vim habits -----------------------------------------------------------------

#[test]
fn less_keys_scroll_the_reader_and_h_l_move_between_panes() {
    let mut a = app();
    let _ = render(&mut a, 40, 10);
    press(&mut a, "l");
    assert_eq!(a.focus, Focus::Reader, "l: the pane to the right");
    let line = |a: &soi::tui::App| a.layout(0).unwrap().line_of(a.top);
    press(&mut a, "<C-f>");
    let paged = line(&a);
    assert!(paged > 0, "Ctrl-F pages down");
    press(&mut a, "b");
    assert_eq!(line(&a), 0, "b pages back up");
    press(&mut a, "d");
    assert!(line(&a) > 0 && line(&a) < paged, "d: half a page down");
    press(&mut a, "u");
    assert_eq!(line(&a), 0, "u: half a page up");
    press(&mut a, "<C-f><C-b>");
    assert_eq!(line(&a), 0, "Ctrl-B pages up");
    press(&mut a, "ll");
    assert_eq!(a.focus, Focus::Entities);
    press(&mut a, "hhh");
    assert_eq!(a.focus, Focus::Documents, "h stops at the left pane");
}

// ---- the documents list ------------------------------------------------------------------

#[test]
fn the_documents_filter_narrows_as_you_type_and_esc_restores() {
    let mut a = app();
    press(&mut a, "/tong bi");
    assert_eq!(a.doc_list.rows, vec![1], "title, diacritics ignored");
    let t = render(&mut a, 120, 30);
    assert!(
        tui_common::screen_text(&t).contains("1/1 · /tong bi"),
        "{}",
        tui_common::screen_text(&t)
    );
    press(&mut a, "<Esc>");
    assert_eq!(a.doc_list.rows.len(), 3);
    // By date and by source (the file path) too.
    press(&mut a, "/05-10<Enter>");
    assert_eq!(a.doc_list.rows, vec![1]);
    press(&mut a, "/<C-u>003_dulich<Enter>");
    assert_eq!(a.doc_list.rows, vec![2]);
    press(&mut a, "<Enter>");
    assert_eq!(a.open, Some(2), "Enter opens the filtered row");
}

#[test]
fn typing_on_in_the_filter_keeps_what_a_fresh_filter_would_in_the_same_order() {
    // Each key narrows the last rows (a longer query keeps some of them, in their order) and a
    // backspace filters afresh: both must give the rows a filter from scratch gives.
    let fresh = |a: &soi::tui::App, query: &str| {
        let folded = soi::text::fold(query);
        let mut rows: Vec<usize> = (0..a.lib.docs.len())
            .filter(|&d| a.lib.list_key(d).contains(&folded))
            .collect();
        rows.sort_by(|&x, &y| a.lib.list_key(x).cmp(&a.lib.list_key(y)));
        rows
    };
    let mut a = app();
    press(&mut a, "ss");
    assert_eq!(a.doc_list.sort, Sort::Title);
    press(&mut a, "/");
    let mut typed = String::new();
    let mut sizes = Vec::new();
    for c in "thu t".chars() {
        typed.push(c);
        press(&mut a, &c.to_string());
        assert_eq!(a.doc_list.rows, fresh(&a, &typed), "after typing {typed:?}");
        sizes.push(a.doc_list.rows.len());
    }
    assert!(
        sizes.first() > sizes.last(),
        "the query narrowed the list: {sizes:?}"
    );
    for _ in 0..3 {
        typed.pop();
        press(&mut a, "<BS>");
        assert_eq!(
            a.doc_list.rows,
            fresh(&a, &typed),
            "after a backspace: {typed:?}"
        );
    }
}

#[test]
fn sorting_cycles_through_dates_titles_sources_and_the_target() {
    let mut a = app();
    press(&mut a, "s");
    assert_eq!(a.doc_list.sort, Sort::Newest);
    assert_eq!(a.doc_list.rows, vec![1, 0, 2], "newest first, undated last");
    press(&mut a, "s");
    assert_eq!(a.doc_list.sort, Sort::Title);
    assert_eq!(a.doc_list.rows, vec![2, 0, 1], "Du…, Thủ…, Tổng…");
    press(&mut a, "s");
    assert_eq!(a.doc_list.sort, Sort::Source);
    assert_eq!(a.doc_list.rows, vec![0, 1, 2]);
    press(&mut a, "s");
    assert_eq!(
        a.doc_list.sort,
        Sort::Loaded,
        "no target: its sort is skipped"
    );
    // With a target: most mentions first (Hà Nội: two in the first article, one in the third).
    press(&mut a, "<Tab>/ha noi<Enter><BackTab>ssss");
    assert_eq!(a.doc_list.sort, Sort::TargetMentions);
    assert_eq!(a.doc_list.rows[..2], [0, 2]);
}

#[test]
fn read_marks_follow_opening_and_can_be_toggled() {
    let mut a = app();
    assert_eq!(
        a.unread(),
        3,
        "the first article shown at start is not read yet"
    );
    press(&mut a, "j<Enter>");
    assert!(a.is_read(1));
    press(&mut a, "<BackTab>U");
    assert!(!a.is_read(1), "U marks it unread again");
    press(&mut a, "U");
    assert!(a.is_read(1));
    assert_eq!(a.unread(), 2);
}

// ---- the prompt --------------------------------------------------------------------------

#[test]
fn the_prompt_edits_like_readline_and_remembers() {
    let mut a = app();
    press(&mut a, "<Tab>/ha noi thang");
    a.handle_key(Key::ctrl('w'));
    assert_eq!(a.prompt.as_ref().unwrap().input, "ha noi ");
    a.handle_key(Key::ctrl('u'));
    assert_eq!(a.prompt.as_ref().unwrap().input, "");
    press(&mut a, "ha noi<Enter>/da nang<Enter>/");
    a.handle_key(Key::plain(KeyCode::Up));
    assert_eq!(a.prompt.as_ref().unwrap().input, "da nang");
    a.handle_key(Key::plain(KeyCode::Up));
    assert_eq!(a.prompt.as_ref().unwrap().input, "ha noi");
    a.handle_key(Key::plain(KeyCode::Down));
    a.handle_key(Key::plain(KeyCode::Down));
    assert_eq!(
        a.prompt.as_ref().unwrap().input,
        "",
        "back to the line being typed"
    );
}

#[test]
fn a_pasted_megabyte_is_cut_to_the_query_cap() {
    let mut a = app();
    press(&mut a, "<Tab>/");
    let huge = "Hà Nội ".repeat(150_000);
    a.handle_paste(&huge);
    let input = &a.prompt.as_ref().unwrap().input;
    assert_eq!(input.chars().count(), soi::tui::search::MAX_QUERY_CHARS);
    assert!(a.message.as_deref().unwrap_or("").contains("cut"));
    // Typing past the cap does nothing either.
    press(&mut a, "x");
    assert_eq!(
        a.prompt.as_ref().unwrap().input.chars().count(),
        soi::tui::search::MAX_QUERY_CHARS
    );
}

#[test]
fn typing_a_search_highlights_its_matches_on_screen() {
    let mut a = app();
    press(&mut a, "<Tab>/ha no");
    let target = a.theme.target(None).add_modifier;
    // First cells of each "Hà Nộ(i)" in the reader, and whether they carry the search's look.
    let lit = |a: &mut soi::tui::App| -> Vec<bool> {
        let t = render(a, 200, 50);
        let buf = t.backend().buffer();
        let reader = soi::tui::screen::reader_text(a.areas().reader.unwrap());
        let mut found = Vec::new();
        for y in reader.top()..reader.bottom() {
            let cells: Vec<&str> = (reader.left()..reader.right())
                .map(|x| buf[(x, y)].symbol())
                .collect();
            for x in 0..cells.len() {
                if cells[x..].concat().starts_with("Hà Nộ") {
                    let cell = &buf[(reader.x + x as u16, y)];
                    found.push(cell.modifier.contains(target));
                }
            }
        }
        found
    };
    assert_eq!(
        lit(&mut a),
        vec![true, true],
        "both matches in the article, as typed"
    );
    assert!(a.target.is_none(), "nothing is searched before Enter");
    press(&mut a, "<Esc>");
    assert_eq!(lit(&mut a), vec![false, false], "gone with the prompt");
}

// ---- search off the input loop -------------------------------------------------------------

#[test]
fn enter_asks_the_worker_and_keys_work_while_it_runs() {
    let mut a = app();
    let _ = render(&mut a, 80, 24);
    press(&mut a, "<Tab>/golovchenko");
    a.handle_key(Key::plain(KeyCode::Enter));
    // Nothing was searched on the input loop: a request is waiting for the worker.
    let effects = a.take_effects();
    assert!(
        matches!(effects.as_slice(), [Effect::Search(_)]),
        "{effects:?}"
    );
    assert!(a.searching());
    assert_eq!(a.target.as_ref().unwrap().hits.len(), 0);
    // Keys and frames go on meanwhile.
    a.handle_key(Key::ch('?'));
    assert!(matches!(a.popup, Some(Popup::Help { .. })));
    let t = render(&mut a, 80, 24);
    assert!(status_line(&t).contains("searching"), "{}", status_line(&t));
    a.handle_key(Key::plain(KeyCode::Esc));
    // The worker's answer arrives: hits, and the jump to the first one.
    let Effect::Search(request) = effects.into_iter().next().unwrap() else {
        unreachable!()
    };
    soi::tui::search::run(&request, &|| true, &mut |e| a.on_search(e));
    assert!(!a.searching());
    let t = a.target.as_ref().unwrap();
    assert_eq!(t.hits.len(), 6);
    assert_eq!(t.current, Some(0));
}

#[test]
fn a_newer_search_drops_the_results_of_the_older_one() {
    let mut a = app();
    press(&mut a, "<Tab>");
    press(&mut a, "/golovchenko");
    a.handle_key(Key::plain(KeyCode::Enter));
    let old = a.take_effects();
    press(&mut a, "/ha noi<Enter>");
    let Some(Effect::Search(request)) = old.into_iter().next() else {
        panic!("a request")
    };
    soi::tui::search::run(&request, &|| true, &mut |e| a.on_search(e));
    let t = a.target.as_ref().unwrap();
    assert_eq!(t.name, "/ha noi");
    assert_eq!(t.hits.len(), 3, "only the newer search's hits");
}

#[test]
fn results_of_a_search_left_behind_never_reach_a_new_target() {
    let mut a = app();
    press(&mut a, "<Tab>/golovchenko");
    a.handle_key(Key::plain(KeyCode::Enter));
    let old = a.take_effects();
    // Before the worker answers, an entity becomes the target instead.
    press(&mut a, "<Tab>/belarus<Enter><Enter>");
    let hits = a.target.as_ref().unwrap().hits.clone();
    let Some(Effect::Search(request)) = old.into_iter().next() else {
        panic!("a request")
    };
    soi::tui::search::run(&request, &|| true, &mut |e| a.on_search(e));
    assert_eq!(a.target.as_ref().unwrap().hits, hits);
    assert!(!a.searching());
}

// ---- acting on what you read -------------------------------------------------------------

#[test]
fn y_copies_the_sentence_under_the_cursor_only_on_the_key() {
    let mut a = app();
    let _ = render(&mut a, 120, 30);
    // Select the mention "Roman Golovchenko" in the first paragraph, copy its sentence.
    assert!(
        press(&mut a, "<Tab>]]]]").is_empty(),
        "no effect without the key"
    );
    let effects = press(&mut a, "y");
    let [Effect::Copy(text)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        text,
        "Chiều 9/5/2025, tại Hà Nội, Thủ tướng Phạm Minh Chính tiếp Thủ tướng Belarus Roman Golovchenko."
    );
}

#[test]
fn the_web_address_is_copied_or_opened_only_when_the_article_has_one() {
    let mut corpus = tui_common::corpus();
    std::sync::Arc::make_mut(&mut corpus.documents[1])
        .document
        .url = Some("https://example.vn/tin/hoi-dam.html".into());
    let mut a = tui_common::app_from(corpus);
    assert!(press(&mut a, "Y").is_empty());
    assert!(a.message.as_deref().unwrap().contains("no web address"));
    let effects = press(&mut a, "j<Enter>Yo");
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Copy(u), Effect::Open(o)] if u == "https://example.vn/tin/hoi-dam.html" && o == u
        ),
        "{effects:?}"
    );
    // Not a web address: never handed to a browser.
    let mut corpus = tui_common::corpus();
    std::sync::Arc::make_mut(&mut corpus.documents[0])
        .document
        .url = Some("file:///etc/passwd".into());
    let mut a = tui_common::app_from(corpus);
    assert!(press(&mut a, "o").is_empty());
}

#[test]
fn bookmarks_mark_a_sentence_list_it_and_jump_back() {
    let mut a = app();
    let _ = render(&mut a, 60, 14);
    press(&mut a, "<Tab>jjjjjjm");
    assert_eq!(a.bookmarks.len(), 1);
    let b = a.bookmarks[0].clone();
    press(&mut a, "m");
    assert_eq!(a.bookmarks.len(), 1, "the same sentence once");
    // Elsewhere, then back through the list.
    press(&mut a, "<BackTab>jj<Enter>'");
    assert!(matches!(a.popup, Some(Popup::Bookmarks { selected: 0 })));
    press(&mut a, "<Enter>");
    assert_eq!(a.open, Some(0));
    assert!(a.popup.is_none());
    let layout = a.layout(0).unwrap();
    let top = layout.line_of(a.top);
    let line = layout.line_of(soi::tui::nav::Anchor {
        para: soi::tui::nav::ParaId::Block(b.block),
        offset: b.start,
    });
    let (_, height) = a.reader_metrics();
    assert!(
        line >= top && line < top + height,
        "the sentence is on screen"
    );
    press(&mut a, "'d");
    assert!(a.bookmarks.is_empty() && a.popup.is_none());
}

// ---- state kept between runs -------------------------------------------------------------

/// A new app that gets `saved` at start and the corpus as the loader would send it.
fn reopened(saved: soi::tui::state::SavedState) -> soi::tui::App {
    use soi::pipeline::Progress;
    let corpus = tui_common::corpus();
    let mut a = soi::tui::App::new(soi::tui::library::Library::default());
    a.restore_state(saved);
    a.on_load(LoadEvent::Progress(Progress::Discovered(
        corpus.documents.len(),
    )));
    for d in corpus.documents {
        a.on_load(LoadEvent::Progress(Progress::Document(d)));
        settle(&mut a);
    }
    a.set_entities(corpus.entities);
    a.on_load(LoadEvent::Finished);
    settle(&mut a);
    a
}

#[test]
fn the_saved_state_brings_back_article_line_target_and_jumps() {
    let mut a = app();
    let _ = render(&mut a, 60, 14);
    press(&mut a, "<Tab><Tab>/golov<Enter><Enter>nnnjj");
    press(&mut a, "mU");
    let (open, top, current) = (a.open, a.top, a.target.as_ref().unwrap().current);
    assert_eq!(open, Some(1));
    let saved = a.saved_state(vec!["corpus".into()]);
    let json = serde_json::to_string(&saved).unwrap();
    let saved = serde_json::from_str(&json).unwrap();

    let mut b = reopened(saved);
    let _ = render(&mut b, 60, 14);
    assert_eq!(b.open, open);
    assert_eq!(
        b.doc_list.selected(),
        open,
        "the list's cursor is on it too"
    );
    assert_eq!(b.top, top, "the same line");
    let t = b.target.as_ref().expect("the target");
    assert_eq!(t.name, "Roman Golovchenko");
    assert_eq!(t.current, current);
    assert_eq!(b.bookmarks, a.bookmarks);
    assert_eq!(b.read, a.read);
    // The jump list goes back the same way.
    press(&mut a, "<C-o>");
    press(&mut b, "<C-o>");
    assert_eq!((b.open, b.top), (a.open, a.top));
    press(&mut a, "<C-o>");
    press(&mut b, "<C-o>");
    assert_eq!((b.open, b.top), (a.open, a.top));
}

#[test]
fn a_saved_search_target_comes_back_and_covers_the_corpus() {
    let mut a = app();
    press(&mut a, "<Tab>/ha noi<Enter>n");
    let saved = a.saved_state(Vec::new());
    let b = reopened(saved);
    let t = b.target.as_ref().expect("the search");
    assert_eq!(t.name, "/ha noi");
    assert_eq!(t.hits.len(), 3);
    assert_eq!(t.current, a.target.as_ref().unwrap().current);
}

#[test]
fn what_the_user_does_first_wins_over_the_saved_state() {
    use soi::pipeline::Progress;
    let mut a = app();
    press(&mut a, "jj<Enter>");
    let saved = a.saved_state(Vec::new());
    assert_eq!(saved.open.as_deref(), Some("003_dulich"));
    let corpus = tui_common::corpus();
    let mut b = soi::tui::App::new(soi::tui::library::Library::default());
    b.restore_state(saved);
    let mut docs = corpus.documents.into_iter();
    b.on_load(LoadEvent::Progress(Progress::Document(
        docs.next().unwrap(),
    )));
    b.on_load(LoadEvent::Progress(Progress::Document(
        docs.next().unwrap(),
    )));
    // The user opens the second article before the saved one has arrived.
    press(&mut b, "j<Enter>");
    b.on_load(LoadEvent::Progress(Progress::Document(
        docs.next().unwrap(),
    )));
    assert_eq!(b.open, Some(1));
}

// ---- the README ----------------------------------------------------------------------------

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README")
}

#[test]
fn the_readme_key_table_is_the_generated_one() {
    let table = soi::tui::keymap::Keymap::default().markdown_table();
    assert!(
        readme().contains(&table),
        "README.md's key table differs from the key map; paste this:\n{table}"
    );
}

#[test]
fn the_readme_config_example_is_a_valid_config() {
    let readme = readme();
    let start = readme.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("its end");
    let settings = soi::tui::config::parse(&readme[start..end]).expect("valid");
    assert_eq!(settings.theme, soi::tui::theme::ThemeName::Light);
}
