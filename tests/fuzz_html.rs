//! Arbitrary web pages and Markdown files never panic, and cleaning them is total: every
//! non-blank line of the rendered text ends in exactly one block or one removal, no line in two.
//! The `#[ignore]`d variant is the long run (`cargo test --release -- --ignored`).

mod fuzz_support;
mod markup_support;

use fuzz_support::{file_bytes, hostile_text, run, Budget};
use markup_support::totality_violation;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use soi::clean::clean;
use soi::corpus::{load_html, load_markdown, Document, LoadOptions, Origin, Source};
use std::path::PathBuf;

const TAGS: [&str; 34] = [
    "<p>",
    "</p>",
    "<div class=\"related-news\">",
    "<div class='content'>",
    "</div>",
    "<a href=x>",
    "</a>",
    "<h1>",
    "</h1>",
    "<h2>",
    "</h2>",
    "<ul>",
    "<li>",
    "</li>",
    "</ul>",
    "<br>",
    "<br/>",
    "<figure><figcaption>",
    "</figcaption></figure>",
    "<script>",
    "</script>",
    "<style>",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<pre>",
    "</pre>",
    "<nav>",
    "</nav>",
    "<span aria-hidden=true>",
    "</span>",
    "<!--",
    "-->",
    "<meta charset=windows-1258>",
];

fn page() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => hostile_text(),
        3 => prop::sample::select(&TAGS[..]).prop_map(str::to_string),
        1 => Just("&amp;&#7841;&#x1b;&nbsp;&bogus;".to_string()),
    ];
    prop_oneof![
        4 => prop::collection::vec(piece, 0..60).prop_map(|p| p.concat().into_bytes()),
        1 => file_bytes(),
    ]
}

fn markdown() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => hostile_text(),
        2 => prop::sample::select(&[
            "\n# ", "\n## ", "\n- ", "\n1. ", "**", "*", "`", "\n```\n", "[a](b)", "![x](y)",
            "\n> ", "\n| a | b |\n|---|---|\n", "\n---\ntitle: t\n---\n", "<div>", "\n\n",
        ][..])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|p| p.concat().into_bytes())
}

fn origin(source: Source) -> Origin {
    Origin {
        id: "fuzz".into(),
        path: PathBuf::from("fuzz"),
        url: None,
        source,
        charset: None,
    }
}

fn total(doc: &Document) -> Result<(), TestCaseError> {
    let article = clean(doc);
    if let Some(problem) = totality_violation(doc, &article) {
        return Err(TestCaseError::fail(problem));
    }
    prop_assert!(!doc.text.contains(char::from(0x1b)), "escape in the text");
    Ok(())
}

fn check_page(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    match load_html(&bytes, origin(Source::Html), &LoadOptions::default()) {
        Ok(loaded) => total(&loaded.document),
        Err(_) => Ok(()), // binary: a reported skip
    }
}

fn check_markdown(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    match load_markdown(&bytes, origin(Source::Markdown), &LoadOptions::default()) {
        Ok(loaded) => total(&loaded.document),
        Err(_) => Ok(()),
    }
}

#[test]
fn arbitrary_pages() {
    run("arbitrary_pages", Budget::quick_stage(), page(), check_page);
}

#[test]
fn arbitrary_markdown() {
    run(
        "arbitrary_markdown",
        Budget::quick(),
        markdown(),
        check_markdown,
    );
}

/// A page or a Markdown file, for the one heavy run of both (CI gives each heavy target its own
/// time budget).
#[derive(Debug, Clone)]
enum Input {
    Page(Vec<u8>),
    Markdown(Vec<u8>),
}

#[test]
#[ignore]
fn heavy_pages_and_markdown() {
    let input = prop_oneof![
        3 => page().prop_map(Input::Page),
        1 => markdown().prop_map(Input::Markdown),
    ];
    run(
        "heavy_pages_and_markdown",
        Budget::heavy(),
        input,
        |i| match i {
            Input::Page(bytes) => check_page(bytes),
            Input::Markdown(bytes) => check_markdown(bytes),
        },
    );
}
