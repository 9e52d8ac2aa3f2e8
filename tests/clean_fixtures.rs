//! Hand-labelled articles in the styles of other Vietnamese news sites (tests/fixtures/clean/,
//! labels in the gold SCHEMA format): the cleaner must keep exactly the article lines, with the
//! right kinds, title and publication time.

use soi::clean::{clean, BlockKind};
use soi::corpus::Document;
use std::collections::BTreeMap;
use std::path::PathBuf;

struct Fixture {
    name: &'static str,
    text: &'static str,
    gold: &'static str,
}

macro_rules! fixture {
    ($name:literal) => {
        Fixture {
            name: $name,
            text: include_str!(concat!("fixtures/clean/", $name, ".txt")),
            gold: include_str!(concat!("fixtures/clean/", $name, ".json")),
        }
    };
}

const FIXTURES: [Fixture; 8] = [
    fixture!("vnexpress_like"),
    fixture!("tuoitre_like"),
    fixture!("dantri_like"),
    fixture!("vietnamplus_like"),
    fixture!("doublespaced_like"),
    fixture!("baotintuc_like"),
    fixture!("nolede_teasers_like"),
    fixture!("znews_like"),
];

fn label_of(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Title => "title",
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "body",
        BlockKind::Caption => "caption",
    }
}

#[test]
fn fixtures_clean_to_their_labels() {
    for f in &FIXTURES {
        let gold: serde_json::Value = serde_json::from_str(f.gold).expect("fixture json");
        let doc = Document::from_text(
            f.name.to_string(),
            PathBuf::from(format!("{}.txt", f.name)),
            f.text.to_string(),
        );
        let article = clean(&doc);

        // Kept lines and their kinds; removed lines labelled meta or boilerplate.
        let mut got: BTreeMap<usize, &str> = BTreeMap::new();
        for b in &article.blocks {
            got.insert(b.lines.first(), label_of(b.kind));
        }
        for r in &article.removed {
            let label = if r.reason == soi::clean::RemovalReason::Metadata {
                "meta"
            } else {
                "boilerplate"
            };
            for n in r.lines.first()..=r.lines.last() {
                got.insert(n, label);
            }
        }
        let want: BTreeMap<usize, &str> = gold["lines"]
            .as_object()
            .expect("lines")
            .iter()
            .map(|(n, l)| (n.parse().expect("line number"), l.as_str().expect("label")))
            .collect();
        assert_eq!(got, want, "{}: line labels", f.name);

        match gold["title"].as_str() {
            Some(title) => assert_eq!(article.title, title, "{}: title", f.name),
            None => assert!(!article.title.is_empty(), "{}: a title is derived", f.name),
        }
        assert_eq!(
            article.published.as_deref(),
            gold["published"].as_str(),
            "{}: published",
            f.name
        );
    }
}
