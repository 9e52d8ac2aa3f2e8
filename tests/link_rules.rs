//! The linking sieves on hand-made mentions: each rule merges what it should and nothing else;
//! output is deterministic and independent of input order.

use proptest::prelude::*;
use soi::clean::{Article, Block, BlockKind, LineRange};
use soi::extract::{ArticleMentions, EntityKind, RawMention, Span};
use soi::link::{link, DocMentions, Entity, Linker, MentionAt};

use EntityKind::{Date, Location, Money, Organization, Person};

/// A document's mentions and the article that holds their surface texts.
#[derive(Debug, Clone)]
struct Doc {
    article: Article,
    mentions: Vec<RawMention>,
}

impl Doc {
    fn found(&self) -> ArticleMentions<'_> {
        ArticleMentions::new(&self.article, &self.mentions)
    }
}

/// A document of mentions given as (block, kind, surface, canonical): each surface is written
/// after the last one of its block, so every mention has a distinct position.
fn laid_out<'t>(mentions: impl IntoIterator<Item = (usize, EntityKind, &'t str, &'t str)>) -> Doc {
    let mut texts: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (block, kind, text, canonical) in mentions {
        if texts.len() <= block {
            texts.resize(block + 1, String::new());
        }
        let start = texts[block].len();
        texts[block].push_str(text);
        texts[block].push(' ');
        let span = Span {
            start,
            end: start + text.len(),
        };
        out.push(RawMention::new(block as u32, span, kind, canonical.into()).unwrap());
    }
    let blocks = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Block {
            kind: BlockKind::Paragraph,
            lines: LineRange::line(i + 1),
            text: text.into(),
        })
        .collect();
    Doc {
        article: Article {
            blocks,
            ..Article::EMPTY
        },
        mentions: out,
    }
}

/// Mentions of one document as (kind, surface, canonical), all in block 0.
fn doc(mentions: &[(EntityKind, &str, &str)]) -> Doc {
    laid_out(mentions.iter().map(|&(kind, text, c)| (0, kind, text, c)))
}

fn run(docs: &[Doc]) -> Vec<Entity> {
    let input: Vec<DocMentions<'_>> = docs
        .iter()
        .enumerate()
        .map(|(doc, d)| DocMentions {
            doc,
            mentions: d.found(),
        })
        .collect();
    link(&input)
}

/// The entity holding the mention with surface `text` in document `d`.
fn entity_of<'a>(entities: &'a [Entity], docs: &[Doc], d: usize, text: &str) -> &'a Entity {
    let m = docs[d]
        .mentions
        .iter()
        .find(|m| m.text(&docs[d].article) == text)
        .unwrap_or_else(|| panic!("no mention {text:?} in doc {d}"));
    entities
        .iter()
        .find(|e| {
            e.mentions
                .iter()
                .any(|x| x.doc() == d && docs[d].mentions[x.index()].span() == m.span())
        })
        .unwrap_or_else(|| panic!("mention {text:?} of doc {d} is in no entity"))
}

fn same(entities: &[Entity], docs: &[Doc], a: (usize, &str), b: (usize, &str)) -> bool {
    entity_of(entities, docs, a.0, a.1).id == entity_of(entities, docs, b.0, b.1).id
}

#[test]
fn case_and_dash_spacing_variants_merge() {
    let docs = vec![
        doc(&[
            (Organization, "Liên Hợp Quốc", "Liên Hợp Quốc"),
            (
                Organization,
                "Liên minh Kinh tế Á-Âu",
                "Liên minh Kinh tế Á-Âu",
            ),
        ]),
        doc(&[
            (Organization, "Liên hợp quốc", "Liên hợp quốc"),
            (
                Organization,
                "Liên minh Kinh tế Á – Âu",
                "Liên minh Kinh tế Á – Âu",
            ),
        ]),
    ];
    let e = run(&docs);
    assert!(same(&e, &docs, (0, "Liên Hợp Quốc"), (1, "Liên hợp quốc")));
    assert!(same(
        &e,
        &docs,
        (0, "Liên minh Kinh tế Á-Âu"),
        (1, "Liên minh Kinh tế Á – Âu")
    ));
    let un = entity_of(&e, &docs, 0, "Liên Hợp Quốc");
    assert!(un.aliases.contains(&"Liên Hợp Quốc".to_string()));
    assert!(un.aliases.contains(&"Liên hợp quốc".to_string()));
    assert_eq!(e.len(), 2);
}

#[test]
fn diacritics_are_never_merged_on_their_own() {
    let docs = vec![
        doc(&[(Person, "Lâm", "Lâm"), (Location, "Hà Nam", "Hà Nam")]),
        doc(&[(Person, "Lam", "Lam"), (Location, "Hà Năm", "Hà Năm")]),
    ];
    let e = run(&docs);
    assert!(!same(&e, &docs, (0, "Lâm"), (1, "Lam")));
    assert!(!same(&e, &docs, (0, "Hà Nam"), (1, "Hà Năm")));
    assert_eq!(e.len(), 4);
}

#[test]
fn kinds_are_never_merged() {
    let docs = vec![doc(&[
        (Location, "Hồ Chí Minh", "Hồ Chí Minh"),
        (Person, "Hồ Chí Minh", "Hồ Chí Minh"),
    ])];
    assert_eq!(run(&docs).len(), 2);
}

#[test]
fn acronym_defined_in_one_article_links_bare_use_in_another() {
    let docs = vec![
        doc(&[
            (
                Organization,
                "Liên minh Kinh tế Á-Âu",
                "Liên minh Kinh tế Á-Âu",
            ),
            (Organization, "EAEU", "Liên minh Kinh tế Á-Âu"),
        ]),
        doc(&[(Organization, "EAEU", "EAEU")]),
        doc(&[(
            Organization,
            "Liên minh Kinh tế Á - Âu",
            "Liên minh Kinh tế Á - Âu",
        )]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(same(
        &e,
        &docs,
        (1, "EAEU"),
        (2, "Liên minh Kinh tế Á - Âu")
    ));
    let names = ["Liên minh Kinh tế Á-Âu", "Liên minh Kinh tế Á - Âu"];
    assert!(names.contains(&e[0].name.as_str()), "name {}", e[0].name);
    assert!(e[0].aliases.contains(&"EAEU".to_string()));
}

#[test]
fn acronym_in_the_canonical_form_is_a_definition() {
    let docs = vec![
        doc(&[(
            Organization,
            "Hiệp hội các quốc gia Đông Nam Á (ASEAN)",
            "Hiệp hội các quốc gia Đông Nam Á (ASEAN)",
        )]),
        doc(&[(Organization, "ASEAN", "ASEAN")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].name, "Hiệp hội các quốc gia Đông Nam Á");
}

#[test]
fn computed_vietnamese_initialism_links_a_bare_acronym() {
    let docs = vec![
        doc(&[(Organization, "Hội đồng nhân dân", "Hội đồng nhân dân")]),
        doc(&[(Organization, "HĐND", "HĐND")]),
        doc(&[(Organization, "Hội đồng Nhà nước", "Hội đồng Nhà nước")]),
    ];
    let e = run(&docs);
    assert!(same(&e, &docs, (0, "Hội đồng nhân dân"), (1, "HĐND")));
    // "Hội đồng Nhà nước" would be "HĐNN": not the same letters.
    assert!(!same(&e, &docs, (2, "Hội đồng Nhà nước"), (1, "HĐND")));
}

#[test]
fn ambiguous_initialism_links_nothing() {
    let docs = vec![
        doc(&[(Organization, "Ban Cán sự", "Ban Cán sự")]),
        doc(&[(Organization, "Bộ Công Sản", "Bộ Công Sản")]),
        doc(&[(Organization, "BCS", "BCS")]),
    ];
    let e = run(&docs);
    assert!(!same(&e, &docs, (0, "Ban Cán sự"), (2, "BCS")));
    assert!(!same(&e, &docs, (1, "Bộ Công Sản"), (2, "BCS")));
    assert_eq!(e.len(), 3);
}

#[test]
fn conflicting_acronym_definitions_stay_apart() {
    let docs = vec![
        doc(&[(Organization, "DOC", "Tuyên bố về ứng xử của các bên")]),
        doc(&[(Organization, "DOC", "Bộ Thương mại Hoa Kỳ")]),
        doc(&[(Organization, "DOC", "DOC")]),
    ];
    let e = run(&docs);
    assert!(!same(&e, &docs, (0, "DOC"), (1, "DOC")));
    assert!(!same(&e, &docs, (2, "DOC"), (0, "DOC")));
    assert!(!same(&e, &docs, (2, "DOC"), (1, "DOC")));
}

#[test]
fn known_acronym_from_assets() {
    let docs = vec![
        doc(&[(Organization, "Liên hợp quốc", "Liên hợp quốc")]),
        doc(&[(Organization, "LHQ", "LHQ")]),
        doc(&[(Organization, "Liên Hiệp Quốc", "Liên Hiệp Quốc")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 1, "{e:#?}");
}

#[test]
fn foreign_name_short_forms_join_the_full_name() {
    let docs = vec![
        doc(&[
            (Person, "Aleksandr Lukashenko", "Aleksandr Lukashenko"),
            (Person, "Lukashenko", "Aleksandr Lukashenko"),
        ]),
        doc(&[
            (Person, "A.Lukashenko", "A.Lukashenko"),
            (Person, "Lukashenko", "A.Lukashenko"),
        ]),
        doc(&[(Person, "Lukashenko", "Lukashenko")]),
        doc(&[(Person, "Tổng thống Lukashenko", "Tổng thống Lukashenko")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].name, "Aleksandr Lukashenko");
    assert_eq!(e[0].id, "person:aleksandr-lukashenko");
    for alias in ["A.Lukashenko", "Lukashenko", "Aleksandr Lukashenko"] {
        assert!(e[0].aliases.contains(&alias.to_string()));
    }
}

#[test]
fn initial_must_agree_with_the_first_name() {
    let docs = vec![
        doc(&[(Person, "Aleksandr Lukashenko", "Aleksandr Lukashenko")]),
        doc(&[(Person, "V.Lukashenko", "V.Lukashenko")]),
    ];
    let e = run(&docs);
    assert!(!same(
        &e,
        &docs,
        (0, "Aleksandr Lukashenko"),
        (1, "V.Lukashenko")
    ));
}

#[test]
fn surname_shared_by_two_full_names_is_not_merged_into_either() {
    let docs = vec![
        doc(&[(Person, "Joe Biden", "Joe Biden")]),
        doc(&[(Person, "Jill Biden", "Jill Biden")]),
        doc(&[(Person, "Biden", "Biden")]),
        doc(&[(Person, "J.Biden", "J.Biden")]),
        // In its own article, the short form goes to the full name written there.
        doc(&[
            (Person, "Jill Biden", "Jill Biden"),
            (Person, "Biden", "Biden"),
        ]),
    ];
    let e = run(&docs);
    assert!(!same(&e, &docs, (2, "Biden"), (0, "Joe Biden")));
    assert!(!same(&e, &docs, (2, "Biden"), (1, "Jill Biden")));
    assert!(!same(&e, &docs, (3, "J.Biden"), (0, "Joe Biden")));
    assert!(!same(&e, &docs, (3, "J.Biden"), (1, "Jill Biden")));
    assert!(!same(&e, &docs, (0, "Joe Biden"), (1, "Jill Biden")));
    assert!(same(&e, &docs, (4, "Biden"), (1, "Jill Biden")));
    assert!(!same(&e, &docs, (4, "Biden"), (2, "Biden")));
}

#[test]
fn middle_name_contraction_joins_the_unique_longer_name() {
    let docs = vec![
        doc(&[(
            Person,
            "Vladimir Vladimirovich Putin",
            "Vladimir Vladimirovich Putin",
        )]),
        doc(&[(Person, "Vladimir Putin", "Vladimir Putin")]),
        doc(&[(Person, "Putin", "Putin")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].name, "Vladimir Vladimirovich Putin");
}

#[test]
fn vietnamese_names_link_on_the_full_name_only() {
    let docs = vec![
        doc(&[(Person, "Nguyễn Văn An", "Nguyễn Văn An")]),
        doc(&[(Person, "Nguyễn Văn Bình", "Nguyễn Văn Bình")]),
        doc(&[(Person, "Nguyễn", "Nguyễn")]),
        doc(&[(Person, "Trần Văn An", "Trần Văn An")]),
        doc(&[(Person, "An", "An")]),
        doc(&[(Person, "Tô Lâm", "Tô Lâm")]),
        doc(&[(Person, "Lâm", "Lâm")]),
        doc(&[(Person, "Tô Lâm", "Tô Lâm")]),
    ];
    let e = run(&docs);
    assert!(!same(
        &e,
        &docs,
        (0, "Nguyễn Văn An"),
        (1, "Nguyễn Văn Bình")
    ));
    assert!(!same(&e, &docs, (2, "Nguyễn"), (0, "Nguyễn Văn An")));
    assert!(!same(&e, &docs, (0, "Nguyễn Văn An"), (3, "Trần Văn An")));
    assert!(!same(&e, &docs, (4, "An"), (0, "Nguyễn Văn An")));
    assert!(!same(&e, &docs, (6, "Lâm"), (5, "Tô Lâm")));
    assert!(same(&e, &docs, (5, "Tô Lâm"), (7, "Tô Lâm")));
}

#[test]
fn state_form_prefix_merges_with_the_bare_country() {
    let docs = vec![
        doc(&[(Location, "Belarus", "Belarus")]),
        doc(&[
            (Location, "Cộng hòa Belarus", "Cộng hòa Belarus"),
            (Location, "Belarus", "Cộng hòa Belarus"),
            (
                Location,
                "Cộng hòa xã hội chủ nghĩa Việt Nam",
                "Cộng hòa xã hội chủ nghĩa Việt Nam",
            ),
        ]),
        doc(&[
            (Location, "Việt Nam", "Việt Nam"),
            (Location, "Liên bang Nga", "Liên bang Nga"),
        ]),
        doc(&[(Location, "Nga", "Nga")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 3, "{e:#?}");
    let belarus = entity_of(&e, &docs, 0, "Belarus");
    assert_eq!(belarus.name, "Cộng hòa Belarus");
    assert!(same(
        &e,
        &docs,
        (2, "Việt Nam"),
        (1, "Cộng hòa xã hội chủ nghĩa Việt Nam")
    ));
    assert!(same(&e, &docs, (2, "Liên bang Nga"), (3, "Nga")));
}

#[test]
fn state_form_prefix_only_for_locations() {
    let docs = vec![
        doc(&[(Organization, "Cộng hòa Belarus", "Cộng hòa Belarus")]),
        doc(&[(Organization, "Belarus", "Belarus")]),
    ];
    assert_eq!(run(&docs).len(), 2);
}

#[test]
fn dates_and_money_link_on_the_normalised_value() {
    let docs = vec![
        doc(&[
            (Date, "năm 1992", "1992"),
            (Date, "Tháng 12/2006", "12/2006"),
            (Money, "65 triệu USD", "65 triệu USD"),
        ]),
        doc(&[
            (Date, "1992", "1992"),
            (Date, "tháng 12/2006", "tháng 12/2006"),
            (Money, "hơn 65 triệu USD", "hơn 65 triệu USD"),
            (Date, "tháng 5", "tháng 5"),
            (Date, "ngày 5", "ngày 5"),
        ]),
    ];
    let e = run(&docs);
    assert!(same(&e, &docs, (0, "năm 1992"), (1, "1992")));
    assert!(same(&e, &docs, (0, "Tháng 12/2006"), (1, "tháng 12/2006")));
    assert!(same(
        &e,
        &docs,
        (0, "65 triệu USD"),
        (1, "hơn 65 triệu USD")
    ));
    assert!(!same(&e, &docs, (1, "tháng 5"), (1, "ngày 5")));
    let year = entity_of(&e, &docs, 0, "năm 1992");
    assert_eq!(year.name, "1992");
    assert_eq!(year.aliases, ["1992", "năm 1992"]);
    assert_eq!(entity_of(&e, &docs, 0, "Tháng 12/2006").name, "12/2006");
    assert_eq!(entity_of(&e, &docs, 0, "65 triệu USD").name, "65 triệu USD");
}

#[test]
fn name_is_the_fullest_form_then_most_frequent() {
    let docs = vec![
        doc(&[
            (Organization, "Liên hợp quốc", "Liên hợp quốc"),
            (Organization, "Liên hợp quốc", "Liên hợp quốc"),
        ]),
        doc(&[(Organization, "Liên Hợp Quốc", "Liên Hợp Quốc")]),
    ];
    let e = run(&docs);
    assert_eq!(e[0].name, "Liên hợp quốc");
    assert_eq!(e[0].aliases, ["Liên hợp quốc", "Liên Hợp Quốc"]);
}

#[test]
fn ids_are_readable_and_collisions_get_a_suffix() {
    let docs = vec![doc(&[
        (Person, "Lâm", "Lâm"),
        (Person, "Lam", "Lam"),
        (Person, "Lam", "Lam"),
    ])];
    let e = run(&docs);
    let ids: Vec<&str> = e.iter().map(|e| e.id.as_str()).collect();
    // "Lam" has more mentions and sorts first; ids are assigned by name: "Lam" < "Lâm".
    assert_eq!(ids, ["person:lam", "person:lam-2"]);
    assert_eq!(e[1].name, "Lâm");
}

#[test]
fn entities_sorted_by_mentions_then_name_and_mentions_in_reading_order() {
    let docs = vec![
        doc(&[(Location, "Minsk", "Minsk"), (Location, "Hà Nội", "Hà Nội")]),
        doc(&[
            (Location, "Hà Nội", "Hà Nội"),
            (Location, "Bắc Ninh", "Bắc Ninh"),
        ]),
    ];
    let e = run(&docs);
    let names: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Hà Nội", "Bắc Ninh", "Minsk"]);
    let hn = &e[0].mentions;
    assert!(hn.windows(2).all(|w| w[0] < w[1]));
    assert_eq!((hn[0].doc(), hn[1].doc()), (0, 1));
}

/// A corpus that exercises every sieve, for order-independence checks.
fn mixed_corpus() -> Vec<Doc> {
    vec![
        doc(&[
            (Person, "Aleksandr Lukashenko", "Aleksandr Lukashenko"),
            (Organization, "EAEU", "Liên minh Kinh tế Á-Âu"),
            (Location, "Cộng hòa Belarus", "Cộng hòa Belarus"),
            (Date, "năm 1992", "1992"),
            (Person, "Joe Biden", "Joe Biden"),
        ]),
        doc(&[
            (Person, "A.Lukashenko", "A.Lukashenko"),
            (Organization, "EAEU", "EAEU"),
            (Location, "Belarus", "Belarus"),
            (Person, "Jill Biden", "Jill Biden"),
            (Person, "Biden", "Biden"),
            (Organization, "LHQ", "LHQ"),
        ]),
        doc(&[
            (Person, "Lukashenko", "Lukashenko"),
            (Organization, "Liên Hợp Quốc", "Liên Hợp Quốc"),
            (Organization, "Liên hợp quốc", "Liên hợp quốc"),
            (Person, "Biden", "Biden"),
            (Date, "1992", "1992"),
        ]),
    ]
}

#[test]
fn output_is_independent_of_input_order() {
    let docs = mixed_corpus();
    let reference = run(&docs);
    // Reverse the mentions inside every document and the order of the documents.
    let input: Vec<DocMentions<'_>> = docs
        .iter()
        .enumerate()
        .rev()
        .map(|(doc, d)| DocMentions {
            doc,
            mentions: d.found(),
        })
        .collect();
    let reversed_mentions: Vec<Doc> = docs
        .iter()
        .map(|d| Doc {
            article: d.article.clone(),
            mentions: d.mentions.iter().rev().cloned().collect(),
        })
        .collect();
    let input2: Vec<DocMentions<'_>> = reversed_mentions
        .iter()
        .enumerate()
        .map(|(doc, d)| DocMentions {
            doc,
            mentions: d.found(),
        })
        .collect();
    assert_eq!(link(&input), reference);
    assert_eq!(
        placed(&link(&input2), &reversed_mentions),
        placed(&reference, &docs)
    );
    assert_eq!(run(&docs), reference, "two runs differ");
}

/// Every input mention, as (doc, block, span), in one sorted list.
fn all_positions(docs: &[Doc]) -> Vec<(usize, usize, Span)> {
    let mut v: Vec<_> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            doc.mentions
                .iter()
                .map(move |m| (d, m.block as usize, m.span()))
        })
        .collect();
    v.sort();
    v
}

fn linked_positions(entities: &[Entity], docs: &[Doc]) -> Vec<(usize, usize, Span)> {
    let mut v: Vec<_> = entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| place(docs, *m)))
        .collect();
    v.sort();
    v
}

/// A linked mention as (doc, block, span).
fn place(docs: &[Doc], m: MentionAt) -> (usize, usize, Span) {
    let p = m
        .place(&docs[m.doc()].mentions)
        .expect("a mention of its document");
    (p.doc, p.block, p.span)
}

/// The entities with their mentions located (in reading order), to compare the links of one
/// corpus given with its mentions in different orders.
type Placed = (
    String,
    EntityKind,
    String,
    Vec<String>,
    Vec<(usize, usize, Span)>,
);

fn placed(entities: &[Entity], docs: &[Doc]) -> Vec<Placed> {
    entities
        .iter()
        .map(|e| {
            let mut at: Vec<_> = e.mentions.iter().map(|m| place(docs, *m)).collect();
            at.sort();
            (e.id.clone(), e.kind, e.name.clone(), e.aliases.clone(), at)
        })
        .collect()
}

fn arb_kind() -> impl Strategy<Value = EntityKind> {
    prop::sample::select(EntityKind::ALL.to_vec())
}

/// Names built from a small vocabulary, so keys collide often and every sieve fires.
fn arb_name() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Lukashenko",
        "A.",
        "Aleksandr",
        "V.",
        "Nguyễn",
        "Văn",
        "Lâm",
        "Lam",
        "Cộng hòa",
        "Belarus",
        "Liên",
        "Hợp",
        "Quốc",
        "LHQ",
        "EAEU",
        "(EAEU)",
        "-",
        "–",
        "năm",
        "1992",
        "hơn",
        "",
        " ",
        "Tổng thống",
        "ông",
        "(",
        ")",
        ".",
        "Đ",
        "0",
        "12/2006",
    ]);
    prop::collection::vec(words, 0..5).prop_map(|w| w.join(" "))
}

fn arb_corpus() -> impl Strategy<Value = Vec<Doc>> {
    let mention = (arb_kind(), arb_name(), arb_name(), 0usize..3);
    prop::collection::vec(prop::collection::vec(mention, 0..12), 0..6).prop_map(|docs| {
        docs.iter()
            .map(|ms| {
                laid_out(ms.iter().map(|(kind, text, canonical, block)| {
                    (*block, *kind, &text[..], &canonical[..])
                }))
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_mention_lands_in_exactly_one_entity(docs in arb_corpus()) {
        let entities = run(&docs);
        prop_assert_eq!(linked_positions(&entities, &docs), all_positions(&docs));
        for e in &entities {
            prop_assert!(!e.mentions.is_empty());
            prop_assert!(e.mentions.windows(2).all(|w| w[0] <= w[1]));
            prop_assert_eq!(e.aliases.first(), Some(&e.name));
            prop_assert!(e.id.starts_with(e.kind.as_str()));
        }
        let mut ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), entities.len(), "ids are not unique");
    }

    #[test]
    fn shuffled_input_gives_the_same_output(docs in arb_corpus(), seed in any::<u64>()) {
        let reference = run(&docs);
        let shuffled: Vec<Doc> = docs
            .iter()
            .map(|d| {
                let mut d = d.clone();
                // A cheap deterministic permutation driven by the seed.
                let n = d.mentions.len();
                for i in 0..n {
                    let j = (seed.wrapping_mul(i as u64 + 7) % n as u64) as usize;
                    d.mentions.swap(i, j);
                }
                d
            })
            .collect();
        prop_assert_eq!(placed(&run(&shuffled), &shuffled), placed(&reference, &docs));
    }
}

/// 1,000 articles × 100 mentions drawn from a shared vocabulary: completes and keeps every
/// mention. Heavy in debug builds; CI runs it with `--release -- --ignored`.
#[test]
#[ignore]
fn large_corpus_links_every_mention() {
    let kinds = EntityKind::ALL;
    let docs: Vec<Doc> = (0..1000)
        .map(|d| {
            let mentions: Vec<(usize, EntityKind, String)> = (0..100)
                .map(|i| {
                    let v = (d * 31 + i * 17) % 5000;
                    let kind = kinds[v % kinds.len()];
                    let text = match kind {
                        Person if v % 3 == 0 => format!("Surname{}", v % 400),
                        Person => format!("Given{} Surname{}", v % 7, v % 400),
                        Organization if v % 4 == 0 => format!("ORG{}", v % 300),
                        _ => format!("Name {} Place {}", v % 300, v % 11),
                    };
                    (i / 10, kind, text)
                })
                .collect();
            laid_out(mentions.iter().map(|(b, k, t)| (*b, *k, &t[..], &t[..])))
        })
        .collect();
    let entities = run(&docs);
    assert_eq!(linked_positions(&entities, &docs), all_positions(&docs));
}

#[test]
fn vietnamese_short_form_never_joins_a_foreign_name_from_another_article() {
    let docs = vec![
        doc(&[(Person, "Carrie Lâm", "Carrie Lâm")]),
        doc(&[(Person, "Lâm", "Lâm")]),
        doc(&[(Person, "Carrie Lâm", "Carrie Lâm"), (Person, "Lâm", "Lâm")]),
    ];
    let e = run(&docs);
    assert!(!same(&e, &docs, (1, "Lâm"), (0, "Carrie Lâm")));
    assert!(same(&e, &docs, (2, "Lâm"), (0, "Carrie Lâm")));
}

#[test]
fn short_reference_resolved_in_one_article_links_bare_use_in_another() {
    let docs = vec![
        doc(&[
            (
                Organization,
                "Bộ Ngoại giao Việt Nam",
                "Bộ Ngoại giao Việt Nam",
            ),
            (Organization, "Bộ Ngoại giao", "Bộ Ngoại giao Việt Nam"),
        ]),
        doc(&[(Organization, "Bộ Ngoại giao", "Bộ Ngoại giao")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].name, "Bộ Ngoại giao Việt Nam");
}

#[test]
fn short_reference_resolved_two_ways_stays_apart() {
    let docs = vec![
        doc(&[(Organization, "Bộ Ngoại giao", "Bộ Ngoại giao Việt Nam")]),
        doc(&[(Organization, "Bộ Ngoại giao", "Bộ Ngoại giao Belarus")]),
        doc(&[(Organization, "Bộ Ngoại giao", "Bộ Ngoại giao")]),
        // Not a shortening of its canonical form: no evidence, no link.
        doc(&[(Organization, "Bộ Tư pháp", "Bộ Ngoại giao Nga")]),
        doc(&[(Organization, "Bộ Tư pháp", "Bộ Tư pháp")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 5, "{e:#?}");
}

#[test]
fn generic_short_reference_is_not_linked_across_articles() {
    let docs = vec![
        doc(&[(Organization, "Chính phủ", "Chính phủ Hoàng gia Thái Lan")]),
        doc(&[(Organization, "Chính phủ", "Chính phủ")]),
    ];
    assert_eq!(run(&docs).len(), 2);
}

#[test]
fn folded_match_merges_only_with_a_shared_acronym() {
    let with_acronym = vec![
        doc(&[(Organization, "ACB", "Ngân hàng Á Châu")]),
        doc(&[(Organization, "ACB", "Ngân hàng A Chau")]),
        doc(&[(Organization, "ACB", "ACB")]),
    ];
    let e = run(&with_acronym);
    assert_eq!(e.len(), 1, "{e:#?}");
    let without = vec![
        doc(&[(Organization, "Ngân hàng Á Châu", "Ngân hàng Á Châu")]),
        doc(&[(Organization, "Ngân hàng A Chau", "Ngân hàng A Chau")]),
    ];
    assert_eq!(run(&without).len(), 2);
    // Two expansions that differ beyond diacritics leave the acronym ambiguous.
    let conflicting = vec![
        doc(&[(Organization, "ACB", "Ngân hàng Á Châu")]),
        doc(&[(Organization, "ACB", "Hội đồng Cố vấn Bắc")]),
    ];
    assert_eq!(run(&conflicting).len(), 2);
}

#[test]
fn contracted_name_with_two_longer_candidates_stays_apart() {
    let docs = vec![
        doc(&[(Person, "Maria Anna Schmidt", "Maria Anna Schmidt")]),
        doc(&[(Person, "Maria Luisa Schmidt", "Maria Luisa Schmidt")]),
        doc(&[(Person, "Maria Schmidt", "Maria Schmidt")]),
    ];
    let e = run(&docs);
    assert_eq!(e.len(), 3, "{e:#?}");
}

#[test]
fn unmarked_spellings_join_the_one_marked_name() {
    let docs = vec![
        doc(&[
            (Person, "Phạm Minh Chính", "Phạm Minh Chính"),
            (Organization, "Sở Xây dựng Đà Nẵng", "Sở Xây dựng Đà Nẵng"),
            (Location, "Bình Dương", "Bình Dương"),
        ]),
        doc(&[
            (Person, "Pham Minh Chinh", "Pham Minh Chinh"),
            (Organization, "So Xay dung Da Nang", "So Xay dung Da Nang"),
            (Location, "Binh Duong", "Binh Duong"),
        ]),
        // Two marked names that fold alike: the unmarked one cannot tell which.
        doc(&[
            (Person, "Lê Văn Lâm", "Lê Văn Lâm"),
            (Person, "Lê Văn Lam", "Lê Văn Lam"),
        ]),
        doc(&[(Person, "Le Van Lam", "Le Van Lam")]),
    ];
    let e = run(&docs);
    assert!(same(
        &e,
        &docs,
        (0, "Phạm Minh Chính"),
        (1, "Pham Minh Chinh")
    ));
    assert!(same(
        &e,
        &docs,
        (0, "Sở Xây dựng Đà Nẵng"),
        (1, "So Xay dung Da Nang")
    ));
    assert!(same(&e, &docs, (0, "Bình Dương"), (1, "Binh Duong")));
    assert!(!same(&e, &docs, (2, "Lê Văn Lâm"), (2, "Lê Văn Lam")));
    assert!(!same(&e, &docs, (3, "Le Van Lam"), (2, "Lê Văn Lâm")));
    assert!(!same(&e, &docs, (3, "Le Van Lam"), (2, "Lê Văn Lam")));
}

#[test]
fn a_revised_document_links_as_if_it_had_come_so() {
    let first = doc(&[
        (Person, "Aleksandr Lukashenko", "Aleksandr Lukashenko"),
        (Person, "Lukashenko", "Lukashenko"),
        (Organization, "Liên Hợp Quốc (LHQ)", "Liên Hợp Quốc (LHQ)"),
    ]);
    let revised = doc(&[
        (Person, "Lukashenko", "Lukashenko"),
        (Organization, "LHQ", "LHQ"),
    ]);
    let other = doc(&[
        (Person, "Lukashenko", "Lukashenko"),
        (Organization, "Liên Hợp Quốc", "Liên Hợp Quốc"),
    ]);
    let none = ArticleMentions::NONE;
    let mut incremental = Linker::new();
    incremental.set(0, none, first.found());
    incremental.set(1, none, other.found());
    incremental.set(0, first.found(), revised.found());
    let mut fresh = Linker::new();
    fresh.set(0, none, revised.found());
    fresh.set(1, none, other.found());
    let docs = [revised.found(), other.found()];
    let (a, b) = (incremental.linked(docs), fresh.linked(docs));
    assert_eq!(a.entities, b.entities);
    assert_eq!(a.mention_entity, b.mention_entity);
    // The revision took away the full name the short form stood for in document 0.
    assert!(a.entities.iter().all(|e| e.name != "Aleksandr Lukashenko"));
}
