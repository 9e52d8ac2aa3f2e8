//! A small hand-made corpus for the reader tests: three short Vietnamese articles with every
//! block kind, removed lines, and mentions linked by hand (independent of the pipeline stages).
#![allow(dead_code)] // each test crate uses a different part of this module

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use soi::clean::{Article, Block, BlockKind, LineRange, RemovalReason, Removed, TitleSource};
use soi::corpus::{Document, Skipped, Warning};
use soi::extract::{EntityKind, RawMention, Span};
use soi::link::{Entity, Mention, MentionAt};
use soi::pipeline::{Corpus, Processed};
use soi::tui::app::App;
use soi::tui::effect::Effect;
use soi::tui::library::Library;
use soi::tui::{Key, KeyCode};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One source line of a hand-made article and what the cleaner made of it.
pub enum Line {
    Kept(BlockKind, &'static str),
    Removed(RemovalReason, &'static str),
}

/// (surface, kind, canonical): every occurrence of `surface` in kept blocks is a mention.
pub type Tag = (&'static str, EntityKind, &'static str);

pub struct DocSpec {
    pub id: &'static str,
    pub published: Option<&'static str>,
    pub byline: Option<&'static str>,
    pub lines: Vec<Line>,
}

pub fn tags() -> Vec<Tag> {
    vec![
        ("Roman Golovchenko", EntityKind::Person, "Roman Golovchenko"),
        ("Golovchenko", EntityKind::Person, "Roman Golovchenko"),
        ("Phạm Minh Chính", EntityKind::Person, "Phạm Minh Chính"),
        ("Tô Lâm", EntityKind::Person, "Tô Lâm"),
        ("Hà Nội", EntityKind::Location, "Hà Nội"),
        ("Belarus", EntityKind::Location, "Belarus"),
        ("Liên Hợp Quốc", EntityKind::Organization, "Liên Hợp Quốc"),
        ("Đà Nẵng", EntityKind::Location, "Đà Nẵng"),
        ("9/5/2025", EntityKind::Date, "9/5/2025"),
    ]
}

pub fn specs() -> Vec<DocSpec> {
    use BlockKind::*;
    use Line::*;
    vec![
        DocSpec {
            id: "001_tiep",
            published: Some("2025-05-09T14:20+07:00"),
            byline: Some("Minh Anh"),
            lines: vec![
                Removed(RemovalReason::Navigation, "Trang chủ > Thời sự"),
                Kept(Title, "Thủ tướng Phạm Minh Chính tiếp Thủ tướng Belarus"),
                Removed(RemovalReason::Metadata, "14:20 | 09/05/2025"),
                Kept(Paragraph, "Chiều 9/5/2025, tại Hà Nội, Thủ tướng Phạm Minh Chính tiếp Thủ tướng Belarus Roman Golovchenko. Hai bên nhất trí thúc đẩy hợp tác kinh tế, giáo dục và du lịch."),
                Kept(Heading, "Hợp tác nhiều mặt"),
                Kept(Paragraph, "Thủ tướng Golovchenko cảm ơn Việt Nam đã ủng hộ Belarus tại Liên Hợp Quốc."),
                Kept(Caption, "Ảnh: Roman Golovchenko tại Hà Nội."),
                Removed(RemovalReason::RelatedList, "Tin liên quan: Giá vàng hôm nay"),
            ],
        },
        DocSpec {
            id: "002_hoidam",
            published: Some("2025-05-10"),
            byline: None,
            lines: vec![
                Kept(Title, "Tổng Bí thư Tô Lâm hội đàm tại Minsk"),
                Kept(Paragraph, "Tổng Bí thư Tô Lâm và Thủ tướng Roman Golovchenko trao đổi về hợp tác. Golovchenko nhấn mạnh vai trò của Liên Hợp Quốc."),
                Kept(Paragraph, "Đoàn sẽ thăm Đà Nẵng vào tháng sau."),
            ],
        },
        DocSpec {
            id: "003_dulich",
            published: None,
            byline: Some("Báo Du lịch"),
            lines: vec![
                Kept(Paragraph, "Du khách Belarus đến Đà Nẵng và Hà Nội tăng mạnh; ông Golovchenko gọi đây là cầu nối 🌞 中文 giữa hai dân tộc."),
            ],
        },
    ]
}

/// Surface forms and mentions of one hand-linked entity.
type Group = (Vec<String>, Vec<Mention>);

/// Builds the processed documents and entities (grouped by (kind, canonical)) from specs.
pub fn corpus_from(specs: Vec<DocSpec>, tags: &[Tag]) -> Corpus {
    let mut documents = Vec::new();
    let mut groups: BTreeMap<(EntityKind, &str), Group> = BTreeMap::new();
    for (d, spec) in specs.into_iter().enumerate() {
        let mut text = String::new();
        let mut blocks = Vec::new();
        let mut removed = Vec::new();
        for (i, line) in spec.lines.iter().enumerate() {
            let n = i + 1;
            match line {
                Line::Kept(kind, t) => {
                    text.push_str(t);
                    blocks.push(Block {
                        kind: *kind,
                        lines: LineRange::line(n),
                        text: (*t).into(),
                    });
                }
                Line::Removed(reason, t) => {
                    text.push_str(t);
                    removed.push(Removed {
                        lines: LineRange::line(n),
                        reason: *reason,
                    });
                }
            }
            text.push('\n');
        }
        let mut mentions = Vec::new();
        for (b, block) in blocks.iter().enumerate() {
            let mut taken: Vec<Span> = Vec::new();
            // Longer surfaces first so "Roman Golovchenko" wins over "Golovchenko".
            let mut ordered: Vec<&Tag> = tags.iter().collect();
            ordered.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
            for (surface, kind, canonical) in ordered {
                for (start, _) in block.text.match_indices(surface) {
                    let span = Span {
                        start,
                        end: start + surface.len(),
                    };
                    if taken
                        .iter()
                        .any(|s| s.start < span.end && span.start < s.end)
                    {
                        continue;
                    }
                    taken.push(span);
                    mentions
                        .push(RawMention::new(b as u32, span, *kind, (*canonical).into()).unwrap());
                    let g = groups.entry((*kind, canonical)).or_default();
                    if !g.0.contains(&surface.to_string()) {
                        g.0.push(surface.to_string());
                    }
                    g.1.push(Mention {
                        doc: d,
                        block: b,
                        span,
                    });
                }
            }
        }
        mentions.sort_by_key(|m| (m.block, m.span().start));
        let title = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .map_or_else(|| blocks[0].text.to_string(), |b| b.text.to_string());
        let article = Article {
            title,
            title_source: TitleSource::Headline,
            published: spec.published.map(str::to_string),
            byline: spec.byline.map(str::to_string),
            blocks,
            removed,
        };
        documents.push(Processed::new(
            Document::from_text(
                spec.id.to_string(),
                PathBuf::from(format!("corpus/{}.txt", spec.id)),
                text,
            ),
            article,
            mentions,
        ));
    }
    let mut entities: Vec<Entity> = groups
        .into_iter()
        .map(|((kind, canonical), (aliases, mut mentions))| {
            mentions.sort();
            let mentions = mentions.iter().map(|m| at_of(&documents, m)).collect();
            Entity {
                id: format!(
                    "{}:{}",
                    kind.as_str(),
                    canonical.to_lowercase().replace(' ', "-")
                ),
                kind,
                name: canonical.to_string(),
                aliases,
                mentions,
            }
        })
        .collect();
    entities.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    Corpus {
        facts: soi::pipeline::index_facts(&documents, &entities),
        documents: documents.into_iter().map(std::sync::Arc::new).collect(),
        entities,
        skipped: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Where a mention located by hand is among its document's mentions.
fn at_of(documents: &[Processed], m: &Mention) -> MentionAt {
    let i = documents[m.doc]
        .mentions
        .iter()
        .position(|r| r.block as usize == m.block && r.span() == m.span)
        .expect("a mention of its document");
    MentionAt::new(m.doc, i).expect("a small corpus")
}

pub fn corpus() -> Corpus {
    corpus_from(specs(), &tags())
}

pub fn app() -> App {
    app_from(corpus())
}

pub fn app_from(mut corpus: Corpus) -> App {
    corpus.skipped.push(Skipped {
        path: PathBuf::from("corpus/anh.png"),
        reason: "not a text file".into(),
    });
    corpus.warnings.push(Warning {
        path: PathBuf::from("corpus/003_dulich.txt"),
        message: "2 invalid UTF-8 bytes replaced".into(),
    });
    App::new(Library::from_corpus(corpus))
}

pub fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| soi::tui::view::draw(f, app))
        .expect("draw");
    terminal
}

/// Feeds keys written as in tmux: single characters, or names in angle brackets
/// (`<Tab>`, `<BackTab>`, `<Enter>`, `<Esc>`, `<C-o>`, `<C-p>`, `<Down>`, `<PgDn>`, `<BS>`).
/// Searches asked for are run at once; the other effects (clipboard, browser) are returned.
pub fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                let name = &rest[1..end];
                rest = &rest[end + 1..];
                let key = match name {
                    "Tab" => Key::plain(KeyCode::Tab),
                    "BackTab" => Key::plain(KeyCode::BackTab),
                    "Enter" => Key::plain(KeyCode::Enter),
                    "Esc" => Key::plain(KeyCode::Esc),
                    "BS" => Key::plain(KeyCode::Backspace),
                    "Down" => Key::plain(KeyCode::Down),
                    "Up" => Key::plain(KeyCode::Up),
                    "PgDn" => Key::plain(KeyCode::PageDown),
                    "PgUp" => Key::plain(KeyCode::PageUp),
                    ctrl if ctrl.starts_with("C-") => Key::ctrl(ctrl.chars().nth(2).expect("C-x")),
                    other => panic!("unknown key name {other}"),
                };
                app.handle_key(key);
                effects.extend(settle(app));
                continue;
            }
        }
        app.handle_key(Key::ch(c));
        effects.extend(settle(app));
        rest = &rest[c.len_utf8()..];
    }
    effects
}

/// Runs the searches the app asked for right away, as the worker would, and hands it the
/// results; other effects (clipboard, browser) are returned for the test to look at.
pub fn settle(app: &mut App) -> Vec<Effect> {
    let mut others = Vec::new();
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return others;
        }
        for e in effects {
            match e {
                Effect::Search(request) => {
                    let mut events = Vec::new();
                    soi::tui::search::run(&request, &|| true, &mut |ev| events.push(ev));
                    for ev in events {
                        app.on_search(ev);
                    }
                }
                other => others.push(other),
            }
        }
    }
}

/// The status bar text.
pub fn status_line(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let y = buf.area.height - 1;
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect::<String>()
}

/// The whole screen as text rows.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
