//! Screen snapshots (insta, TestBackend) of every pane focused and every popup, at 80×24 and
//! 200×50, on a small hand-made corpus.

mod tui_common;
use tui_common::{app, press, render};

fn snap(keys: &str, name: &str) {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = app();
        press(&mut a, keys);
        let t = render(&mut a, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn documents_focused_at_start() {
    snap("", "documents");
}

#[test]
fn reader_focused() {
    snap("<Tab>", "reader");
}

#[test]
fn entities_focused() {
    snap("<Tab><Tab>", "entities");
}

#[test]
fn help_popup() {
    snap("?", "help");
}

#[test]
fn mentions_list_popup() {
    // Target Roman Golovchenko from the entities pane, then list its mentions.
    snap("<Tab><Tab>/golov<Enter><Enter>gr", "mentions");
}

#[test]
fn log_popup() {
    snap("L", "log");
}

#[test]
fn filter_prompt() {
    snap("<Tab><Tab>/lien hop", "filter_prompt");
}

#[test]
fn removed_lines_shown() {
    snap("<Tab>r", "removed");
}

#[test]
fn landed_on_a_target_in_another_article() {
    snap("<Tab><Tab>/golov<Enter><Enter>n", "landed");
}
