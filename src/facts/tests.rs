//! Facts, related facts and disagreements on hand-written articles whose mentions are tagged by
//! hand (so these tests do not move when extraction improves).

use super::*;
use crate::clean::{Block, BlockKind, LineRange, TitleSource};
use crate::link::{Entity, MentionAt};
use std::collections::BTreeMap;

/// (surface, kind): every occurrence of the surface in the text is a mention.
type Tag = (&'static str, EntityKind);

const TAGS: &[Tag] = &[
    ("Việt Nam", EntityKind::Location),
    ("Belarus", EntityKind::Location),
    ("Nga", EntityKind::Location),
    ("Hà Nội", EntityKind::Location),
    ("Hồ Chí Minh", EntityKind::Person),
    ("Tô Lâm", EntityKind::Person),
    ("Nguyễn Văn An", EntityKind::Person),
    ("ASEAN", EntityKind::Organization),
    ("60 triệu USD", EntityKind::Money),
    ("75 triệu USD", EntityKind::Money),
    ("50 triệu USD", EntityKind::Money),
    ("60,3 triệu USD", EntityKind::Money),
    ("20,9 triệu USD", EntityKind::Money),
    ("ngày 11 đến ngày 12 tháng 5 năm 2025", EntityKind::Date),
    ("27/12/1991", EntityKind::Date),
    ("24/1/1992", EntityKind::Date),
    ("năm 1992", EntityKind::Date),
    ("năm 1993", EntityKind::Date),
    ("năm 1950", EntityKind::Date),
    ("năm 1957", EntityKind::Date),
    ("1961", EntityKind::Date),
    ("1962", EntityKind::Date),
    ("năm 2024", EntityKind::Date),
    ("Năm 2024", EntityKind::Date),
    ("năm 2023", EntityKind::Date),
    ("năm 2025", EntityKind::Date),
    ("30/1", EntityKind::Date),
];

struct Doc {
    article: Article,
    mentions: Vec<RawMention>,
    facts: Facts,
}

fn doc(paragraphs: &[&str], published: Option<&str>) -> Doc {
    let article = Article {
        title: String::new(),
        title_source: TitleSource::FileName,
        published: published.map(str::to_string),
        byline: None,
        blocks: paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| Block {
                kind: BlockKind::Paragraph,
                lines: LineRange::line(i + 1),
                text: (*p).into(),
            })
            .collect(),
        removed: Vec::new(),
    };
    let mut mentions = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        let mut taken = vec![false; block.text.len()];
        let mut tags = TAGS.to_vec();
        tags.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
        for (surface, kind) in tags {
            for (start, _) in block.text.match_indices(surface) {
                let end = start + surface.len();
                if taken[start..end].iter().any(|&t| t) {
                    continue;
                }
                taken[start..end].iter_mut().for_each(|t| *t = true);
                let canonical = surface.trim_start_matches("năm ").to_lowercase();
                let m = RawMention::new(b as u32, Span { start, end }, kind, canonical.into());
                mentions.push(m.unwrap());
            }
        }
    }
    mentions.sort_by_key(|m| (m.block, m.span().start));
    let facts = extract(&article, &mentions);
    Doc {
        article,
        mentions,
        facts,
    }
}

impl Doc {
    fn fact(&self, i: usize) -> Fact<'_> {
        self.facts.get(i).expect("a fact")
    }
}

/// Entities by (kind, canonical), as a linker would group them.
fn entities(docs: &[Doc]) -> Vec<Entity> {
    let mut groups: BTreeMap<(EntityKind, String), Vec<MentionAt>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        for (i, m) in doc.mentions.iter().enumerate() {
            groups
                .entry((m.kind, m.canonical().to_string()))
                .or_default()
                .push(MentionAt::new(d, i).expect("a small corpus"));
        }
    }
    groups
        .into_iter()
        .map(|((kind, name), mentions)| Entity {
            id: format!("{}:{name}", kind.as_str()),
            kind,
            name: name.clone(),
            aliases: vec![name],
            mentions,
        })
        .collect()
}

fn index(docs: &[Doc]) -> FactIndex {
    let parts: Vec<index::DocFacts<'_>> = docs
        .iter()
        .map(|d| index::DocFacts {
            facts: &d.facts,
            mentions: &d.mentions,
        })
        .collect();
    FactIndex::build(&parts, &entities(docs))
}

/// The fact of `doc` whose sentence contains `has`.
fn find(docs: &[Doc], doc: usize, has: &str) -> FactRef {
    let d = &docs[doc];
    let fact = d
        .facts
        .iter()
        .position(|f| f.text(&d.article).contains(has))
        .unwrap_or_else(|| panic!("no fact with {has:?} in doc {doc}"));
    FactRef { doc, fact }
}

fn flagged(ix: &FactIndex, a: FactRef, b: FactRef) -> bool {
    ix.conflicts
        .iter()
        .any(|c| (c.a, c.b) == (a, b) || (c.a, c.b) == (b, a))
}

fn related(ix: &FactIndex, a: FactRef, b: FactRef) -> bool {
    ix.related(a).iter().any(|r| r == b)
}

#[test]
fn a_fact_needs_a_date_or_figure_and_a_name() {
    let d = doc(
        &[
            "Việt Nam - Belarus thiết lập quan hệ ngoại giao năm 1992. Kim ngạch thương mại giữa hai nước đạt 60 triệu USD trong năm 2024 và 20,9 triệu USD trong ba tháng đầu năm nay. Hai bên nhất trí tăng cường hợp tác.",
            "Kim ngạch năm 2023 tăng mạnh.",
        ],
        None,
    );
    let texts: Vec<&str> = d.facts.iter().map(|f| f.text(&d.article)).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].ends_with("năm 1992."));
    // No name of its own: the names of the sentence before are its context.
    assert!(texts[1].starts_with("Kim ngạch thương mại giữa hai nước"));
    assert!(d
        .fact(1)
        .mentions
        .iter()
        .all(|&m| !is_named(d.mentions[m as usize].kind)));
    assert_eq!(d.fact(1).context.len(), 2);
    // The next paragraph inherits too: it goes on about the same countries.
    assert_eq!(d.fact(2).context.len(), 2);
    let numbers = |block| d.facts.in_block(block).map(|(i, _)| i).collect::<Vec<_>>();
    assert_eq!(
        (numbers(0), numbers(1), numbers(2)),
        (vec![0, 1], vec![2], vec![])
    );
    let dates: Vec<(Option<Day>, Option<Day>)> =
        d.fact(1).dates.iter().map(|x| x.when.bounds()).collect();
    assert_eq!(
        dates[0].0.map(|x| x.to_string()).as_deref(),
        Some("2024-01-01")
    );
    assert_eq!(
        dates[1],
        (None, None),
        "'năm nay' without a publication time stays open"
    );
    let fig = &d.fact(1).figures[0];
    assert_eq!((fig.value, fig.unit.as_str()), (60e6, "USD"));
    assert_eq!(
        d.fact(1).measures[0].as_deref(),
        Some("kim ngạch thương mại")
    );
}

#[test]
fn relative_dates_follow_the_publication_time() {
    let d = doc(
        &["Kim ngạch thương mại giữa Việt Nam và Belarus đạt 20,9 triệu USD trong ba tháng đầu năm nay, có hiệu lực từ ngày 30/1."],
        Some("2025-05-09T14:20+07:00"),
    );
    let bounds: Vec<String> = d.fact(0).dates.iter().map(|x| x.when.label()).collect();
    assert_eq!(bounds, ["1–3/2025", "30/1/2025"]);
}

#[test]
fn different_values_for_the_same_measure_period_and_countries_disagree() {
    let docs = [
        doc(&["Việt Nam và Belarus nhất trí tăng cường hợp tác. Kim ngạch thương mại giữa hai nước đạt 60 triệu USD trong năm 2024."], None),
        doc(&["Năm 2024, kim ngạch thương mại giữa Việt Nam và Belarus đạt 75 triệu USD."], None),
        doc(&["Kim ngạch thương mại giữa Việt Nam và Belarus 9 tháng năm 2024 đạt 50 triệu USD."], None),
        doc(&["Năm 2024, kim ngạch thương mại giữa Việt Nam và Belarus đạt 60,3 triệu USD."], None),
        doc(&["Năm 2023, kim ngạch thương mại giữa Việt Nam và Belarus đạt 50 triệu USD."], None),
    ];
    let ix = index(&docs);
    let a = find(&docs, 0, "60 triệu");
    let b = find(&docs, 1, "75 triệu");
    let nine_months = find(&docs, 2, "9 tháng");
    let close = find(&docs, 3, "60,3");
    let other_year = find(&docs, 4, "Năm 2023");
    assert!(
        flagged(&ix, a, b) || flagged(&ix, close, b),
        "{:?}",
        ix.conflicts
    );
    assert!(
        !flagged(&ix, a, close),
        "60 and 60,3 million: 60 is rounded"
    );
    for x in [a, b, close] {
        assert!(!flagged(&ix, x, nine_months), "a year against nine months");
        assert!(!flagged(&ix, x, other_year), "2024 against 2023");
    }
    let c = &ix.conflicts[0];
    assert!(c.about.starts_with("kim ngạch thương mại"), "{}", c.about);
    assert!(c.detail.contains("75.000.000 USD"), "{}", c.detail);
}

#[test]
fn once_only_events_with_incompatible_dates_disagree() {
    let docs = [
        doc(&["Việt Nam - Belarus thiết lập quan hệ ngoại giao năm 1992."], None),
        doc(&["Ngày 27/12/1991, Việt Nam công nhận độc lập của Belarus và hai bên thiết lập quan hệ ngoại giao vào ngày 24/1/1992."], None),
        doc(&["Việt Nam và Belarus thiết lập quan hệ ngoại giao năm 1993."], None),
        doc(&["Việt Nam và Nga thiết lập quan hệ ngoại giao năm 1950."], None),
    ];
    let ix = index(&docs);
    let y1992 = find(&docs, 0, "1992");
    let day = find(&docs, 1, "24/1/1992");
    let y1993 = find(&docs, 2, "1993");
    let russia = find(&docs, 3, "Nga");
    assert!(!flagged(&ix, y1992, day), "1992 agrees with 24/1/1992");
    assert!(
        flagged(&ix, y1992, y1993) || flagged(&ix, day, y1993),
        "{:?}",
        ix.conflicts
    );
    for x in [y1992, day, y1993] {
        assert!(!flagged(&ix, x, russia), "other participants");
    }
    assert_eq!(ix.conflicts.len(), 1, "{:?}", ix.conflicts);
    assert!(ix.conflicts[0]
        .about
        .starts_with("thiết lập quan hệ ngoại giao"));
}

#[test]
fn a_once_only_event_needs_names_of_its_own() {
    // Both sentences borrow "Hà Nội" from the sentence before: two different bridges.
    let docs = [
        doc(
            &["Hà Nội có nhiều công trình lớn. Cây cầu khởi công năm 2023."],
            None,
        ),
        doc(
            &["Hà Nội có nhiều công trình lớn. Cây cầu khởi công năm 2024."],
            None,
        ),
    ];
    assert!(docs
        .iter()
        .all(|d| d.facts.iter().all(|f| f.claims.is_empty())));
    assert!(index(&docs).conflicts.is_empty());
}

#[test]
fn listed_dates_that_differ_disagree_but_a_single_date_does_not() {
    let docs = [
        doc(&["Chủ tịch Hồ Chí Minh đã ba lần đến thăm Belarus vào các năm 1957, 1961 và 1962."], None),
        doc(&["Quan hệ được bồi đắp bởi các chuyến thăm của Chủ tịch Hồ Chí Minh tới Belarus vào các năm 1957 và 1961."], None),
        doc(&["Chủ tịch Hồ Chí Minh đến thăm Belarus năm 1957."], None),
    ];
    let ix = index(&docs);
    let three = find(&docs, 0, "1962");
    let two = find(&docs, 1, "1961");
    let one = find(&docs, 2, "1957");
    assert!(flagged(&ix, three, two), "{:?}", ix.conflicts);
    assert!(!flagged(&ix, one, three) && !flagged(&ix, one, two));
    assert!(ix.conflicts[0].detail.contains("1957, 1961, 1962"));
    assert!(
        ix.conflicts[0].about.contains("thăm"),
        "{}",
        ix.conflicts[0].about
    );
    assert_eq!(ix.conflicts_of(three), [0]);
}

#[test]
fn baselines_and_cut_offs_are_not_periods() {
    assert!(claims::reference_only("tăng 46,7% so với cả "));
    assert!(claims::reference_only("mức tăng của cùng kỳ "));
    assert!(claims::reference_only("Tính đến hết "));
    assert!(!claims::reference_only("Kim ngạch thương mại 9 tháng "));
    assert!(
        claims::reference_only("Đến 16h "),
        "a running total as of a time"
    );
    assert!(claims::reference_only("Dự báo đến 4 giờ ngày "));
    assert!(!claims::reference_only("Sáng "));
    let docs = [
        doc(
            &["Kim ngạch thương mại giữa Việt Nam và Belarus tăng 60 triệu USD so với năm 2024."],
            None,
        ),
        doc(
            &["Kim ngạch thương mại giữa Việt Nam và Belarus tăng 75 triệu USD so với năm 2024."],
            None,
        ),
    ];
    assert!(docs.iter().all(|d| d.fact(0).claims.is_empty()));
    assert!(index(&docs).conflicts.is_empty());
}

#[test]
fn running_totals_of_one_day_are_not_contradictions() {
    // Two reports of the same day: the toll as of 10h and as of 16h.
    let docs = [
        doc(
            &["Đến 10h hôm nay, mưa lũ tại Hà Nội đã làm 14 người chết."],
            Some("2025-10-31"),
        ),
        doc(
            &["Đến 16h hôm nay, mưa lũ tại Hà Nội đã làm 28 người chết."],
            Some("2025-10-31"),
        ),
    ];
    assert!(docs.iter().all(|d| d.fact(0).claims.is_empty()));
    assert!(index(&docs).conflicts.is_empty());
}

#[test]
fn a_common_name_alone_relates_nothing() {
    // Every article names Việt Nam; only two share a rare name and a year.
    let docs = [
        doc(&["Tô Lâm thăm Hà Nội năm 2023 cùng đoàn Việt Nam."], None),
        doc(
            &["Nguyễn Văn An tiếp Tô Lâm tại Hà Nội năm 2023, Việt Nam."],
            None,
        ),
        doc(
            &["Việt Nam gia nhập ASEAN năm 1995 khi nền kinh tế khởi sắc."],
            None,
        ),
        doc(&["Việt Nam đạt 60 triệu USD từ du lịch năm 2025."], None),
        doc(
            &["Việt Nam và Nga thiết lập quan hệ ngoại giao năm 1950."],
            None,
        ),
    ];
    let ix = index(&docs);
    let visit = find(&docs, 0, "Tô Lâm");
    let meeting = find(&docs, 1, "Tô Lâm");
    assert!(related(&ix, visit, meeting) && related(&ix, meeting, visit));
    for d in 2..docs.len() {
        let only_vn = FactRef { doc: d, fact: 0 };
        assert!(
            ix.related(only_vn).is_empty(),
            "{d}: {:?}",
            ix.related(only_vn)
        );
    }
}

#[test]
fn the_timeline_is_in_date_order_with_open_dates_last() {
    let docs = [
        doc(&["Việt Nam - Belarus thiết lập quan hệ ngoại giao năm 1992. Hiệp định có hiệu lực từ ngày 30/1 tại Belarus."], None),
        doc(&["Chủ tịch Hồ Chí Minh đã ba lần đến thăm Belarus vào các năm 1957, 1961 và 1962."], None),
    ];
    let ix = index(&docs);
    let labels: Vec<String> = ix
        .timeline
        .iter()
        .map(|e| e.when(&docs[e.fact().doc].fact(e.fact().fact)).label())
        .collect();
    assert_eq!(labels, ["1957", "1961", "1962", "1992", "?"]);
}

#[test]
fn gathered_hashes_are_the_standard_library_hashes() {
    fn sip(item: impl Hash) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        item.hash(&mut h);
        h.finish()
    }
    let long = "ngạch ".repeat(20);
    let range = calendar::DateRange::year(2023).expect("a year");
    assert_eq!(hash_of(("kim", "ngạch")), sip(("kim", "ngạch")));
    assert_eq!(hash_of(("", "")), sip(("", "")));
    assert_eq!(hash_of(("entity", 7usize)), sip(("entity", 7usize)));
    assert_eq!(hash_of(("year", 2023i32)), sip(("year", 2023i32)));
    assert_eq!(hash_of(("range", range)), sip(("range", range)));
    assert_eq!(hash_of(("term", 9u32)), sip(("term", 9u32)));
    let value = ("value", FigureKind::Count, "dự án", 3.5f64.to_bits());
    assert_eq!(hash_of(value), sip(value));
    for n in [0, 1, 50, 60, 63, 64, 65, 100, long.len()] {
        let (a, b) = long.split_at(long.floor_char_boundary(n));
        assert_eq!(hash_of((a, b)), sip((a, b)), "{n}");
        assert_eq!(hash_of((b, a, a)), sip((b, a, a)), "{n}");
    }
}
