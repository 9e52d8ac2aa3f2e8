//! Reader responsiveness: handling one key and drawing the frame into a TestBackend, on the
//! seeds and on 1,000 generated articles with thousands of entities. A frame is 16 ms; a
//! keypress redraw should take a small fraction of it.

use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use soi::clean::{Article, Block, BlockKind, LineRange, TitleSource};
use soi::corpus::Document;
use soi::extract::{EntityKind, RawMention, Span};
use soi::link::{Entity, MentionAt};
use soi::pipeline::{Corpus, Processed};
use soi::tui::app::{App, LoadEvent};
use soi::tui::library::{Library, MadeListKeys};
use soi::tui::{Key, KeyCode};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

const FAMILY: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Quang", "Đức", "Thu"];
const GIVEN: [&str; 40] = [
    "An", "Bình", "Chính", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Huy",
    "Khoa", "Lâm", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Nhung", "Phong", "Phúc",
    "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Thành", "Trang", "Trung", "Tú", "Tuấn", "Uyên", "Việt",
    "Vinh", "Xuân", "Yến", "Đạt",
];
const FILLER: &str = "trong khuôn khổ chuyến thăm chính thức, hai bên đã trao đổi về hợp tác kinh tế, thương mại, đầu tư, giáo dục và du lịch, đồng thời nhất trí thúc đẩy quan hệ hữu nghị truyền thống giữa hai dân tộc";

/// A deterministic pseudo-random sequence (no extra dependency for a bench).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// `docs` articles of 12 paragraphs; each paragraph mentions two people out of 2,400 names.
fn generated(docs: usize) -> Corpus {
    let mut rng = Lcg(7);
    let mut documents = Vec::new();
    let mut groups: BTreeMap<String, Vec<MentionAt>> = BTreeMap::new();
    for d in 0..docs {
        let mut blocks = Vec::new();
        let mut mentions = Vec::new();
        let mut text = String::new();
        for b in 0..12 {
            let mut para = String::new();
            for _ in 0..2 {
                let name = format!(
                    "{} {} {}",
                    FAMILY[rng.next(10)],
                    MIDDLE[rng.next(6)],
                    GIVEN[rng.next(40)]
                );
                para.push_str("Ông ");
                let start = para.len();
                para.push_str(&name);
                let span = Span {
                    start,
                    end: para.len(),
                };
                para.push_str(", ");
                para.push_str(FILLER);
                para.push_str(". ");
                let at = MentionAt::new(d, mentions.len()).expect("a bench corpus");
                mentions.push(
                    RawMention::new(b as u32, span, EntityKind::Person, name.as_str().into())
                        .unwrap(),
                );
                groups.entry(name).or_default().push(at);
            }
            let kind = if b == 0 {
                BlockKind::Title
            } else {
                BlockKind::Paragraph
            };
            text.push_str(&para);
            text.push('\n');
            blocks.push(Block {
                kind,
                lines: LineRange::line(b + 1),
                text: para.into(),
            });
        }
        documents.push(Processed::new(
            Document::from_text(
                format!("{d:04}"),
                PathBuf::from(format!("gen/{d:04}.txt")),
                text,
            ),
            Article {
                title: blocks[0].text.to_string(),
                title_source: TitleSource::Headline,
                published: Some("2025-05-09".into()),
                byline: None,
                blocks,
                removed: Vec::new(),
            },
            mentions,
        ));
    }
    let entities = groups
        .into_iter()
        .map(|(name, mentions)| Entity {
            id: format!("person:{name}"),
            kind: EntityKind::Person,
            name: name.clone(),
            aliases: vec![name],
            mentions,
        })
        .collect();
    Corpus {
        documents: documents.into_iter().map(std::sync::Arc::new).collect(),
        entities,
        ..Corpus::default()
    }
}

fn seeds() -> Corpus {
    soi::pipeline::build(
        &[PathBuf::from("seeds")],
        &soi::corpus::LoadOptions::default(),
    )
}

fn bench_corpus(c: &mut Criterion, label: &str, corpus: impl Fn() -> Corpus) {
    for (w, h) in [(200u16, 50u16), (80, 24)] {
        let mut app = App::new(Library::from_corpus(corpus()));
        // The list keys, as the loader makes them once loading is over (off the UI thread).
        let made = Instant::now();
        let keys = MadeListKeys::of(app.lib.docs.clone());
        let made = made.elapsed();
        let taken = Instant::now();
        app.on_load(LoadEvent::ListKeys(Box::new(keys)));
        println!(
            "{label}: list keys made on the loading thread {:.2} ms, taken by the reader {:.2} ms",
            made.as_secs_f64() * 1e3,
            taken.elapsed().as_secs_f64() * 1e3
        );
        app.resize(w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("backend");
        // One key (taken in turn from `keys`) and the frame it leads to.
        let mut keys_and_draw = |name: &str, app: &mut App, keys: &[Key]| {
            let mut i = 0;
            c.bench_function(&format!("{label}: {name} {w}x{h}"), |b| {
                b.iter(|| {
                    app.handle_key(keys[i % keys.len()]);
                    i += 1;
                    term.draw(|f| soi::tui::view::draw(f, app)).expect("draw");
                })
            });
        };
        // Reader focused, a target active so highlights are computed.
        app.handle_key(Key::plain(KeyCode::Tab));
        app.handle_key(Key::ch(']'));
        app.handle_key(Key::ch('*'));
        let (j, k) = (Key::ch('j'), Key::ch('k'));
        keys_and_draw("reader j/k + draw", &mut app, &[j, j, k, k]);
        keys_and_draw(
            "n (next mention, across articles) + draw",
            &mut app,
            &[Key::ch('n')],
        );
        // Making a mention's entity the target lists its mentions across the corpus.
        keys_and_draw(
            "* (target the selected mention's entity) + draw",
            &mut app,
            &[Key::ch('*')],
        );
        app.handle_key(Key::plain(KeyCode::Tab));
        keys_and_draw("entities j + draw", &mut app, &[j, j, k]);
        // Typing in the documents filter: the list is refiltered on every key.
        app.handle_key(Key::plain(KeyCode::Tab));
        app.handle_key(Key::ch('/'));
        let backspace = Key::plain(KeyCode::Backspace);
        // The filter's first key, timed once, alone, rather than hidden in the warm-up below
        // (drawn on a terminal of its own, the whole frame new: the loop below holds the other):
        // before the loader made the list keys, this key made them.
        let mut first_term = Terminal::new(TestBackend::new(w, h)).expect("backend");
        let first_key = Instant::now();
        app.handle_key(Key::ch('n'));
        first_term
            .draw(|f| soi::tui::view::draw(f, &app))
            .expect("draw");
        println!(
            "{label}: documents filter, the first key + draw {w}x{h}: {:.2} ms",
            first_key.elapsed().as_secs_f64() * 1e3
        );
        app.handle_key(backspace);
        keys_and_draw(
            "documents filter, a key + draw",
            &mut app,
            &[Key::ch('n'), backspace],
        );
        app.handle_key(Key::plain(KeyCode::Esc));
        // Typing a search: matches on screen light up as you type.
        app.handle_key(Key::plain(KeyCode::Tab));
        app.handle_key(Key::ch('/'));
        for c in "ông nguy".chars() {
            app.handle_key(Key::ch(c));
        }
        keys_and_draw(
            "search prompt, a key + draw with live matches",
            &mut app,
            &[Key::ch('e'), backspace],
        );
    }
}

fn bench_tui(c: &mut Criterion) {
    bench_corpus(c, "seeds", seeds);
    bench_corpus(c, "1000 docs", || generated(1000));
    // A larger corpus on demand (SOI_BENCH_DOCS=100000): the reader at scale.
    if let Some(docs) = std::env::var("SOI_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        bench_corpus(c, &format!("{docs} docs"), || generated(docs));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = bench_tui
}
criterion_main!(benches);
