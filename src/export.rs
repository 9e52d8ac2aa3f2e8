//! The JSON shape `soi export` prints (read by `../shared/eval/score.py`).

use crate::clean::{Block, Removed, TitleSource};
use crate::corpus::Skipped;
use crate::corpus::Source;
use crate::extract::EntityKind;
use crate::facts::FactRef;
use crate::link::{Entity, MentionAt};
use crate::pipeline::{Corpus, Processed};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

pub(crate) mod json;
pub(crate) use json::WriteJson;

#[derive(Debug, Serialize)]
pub struct Export<'a> {
    pub documents: Vec<ExportDocument<'a>>,
    pub entities: Vec<ExportEntity<'a>>,
    pub facts: Vec<crate::facts::export::ExportFact<'a>>,
    pub conflicts: Vec<crate::facts::export::ExportConflict<'a>>,
    pub skipped: Vec<ExportSkipped>,
}

#[derive(Debug, Serialize)]
pub struct ExportDocument<'a> {
    pub id: &'a str,
    #[serde(flatten)]
    pub path: ExactPath,
    pub source: Source,
    pub url: Option<&'a str>,
    pub title: &'a str,
    pub title_source: TitleSource,
    pub published: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub truncated: bool,
    pub blocks: &'a [Block],
    pub removed: &'a [Removed],
}

#[derive(Debug, Serialize)]
pub struct ExportEntity<'a> {
    pub id: &'a str,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub mentions: EntityMentions<'a>,
}

/// An entity's mentions, each made as it is written: the entity mentioned most has a share of
/// every mention of the corpus, too many to hold made at once.
#[derive(Debug, Clone, Copy)]
pub struct EntityMentions<'a> {
    corpus: &'a Corpus,
    mentions: &'a [MentionAt],
}

impl Serialize for EntityMentions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let corpus = self.corpus;
        s.collect_seq(self.mentions.iter().map(|&at| mention(corpus, at)))
    }
}

#[derive(Debug, Serialize)]
pub struct ExportMention<'a> {
    /// Document id (file stem).
    pub doc: &'a str,
    pub block: usize,
    /// Byte offsets into the block's text.
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ExportSkipped {
    #[serde(flatten)]
    pub path: ExactPath,
    pub reason: String,
}

/// A file's path exactly as the file system has it (the display filter is for the screen only):
/// `path` as a JSON string, control characters escaped; when the name is not UTF-8, `path` has
/// U+FFFD for the bytes that are not and `path_bytes` holds every byte of it.
#[derive(Debug, Serialize)]
pub struct ExactPath {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<Vec<u8>>,
}

impl ExactPath {
    pub fn new(path: &Path) -> Self {
        match path.to_str() {
            Some(text) => ExactPath {
                path: text.to_string(),
                path_bytes: None,
            },
            None => ExactPath {
                path: path.to_string_lossy().into_owned(),
                path_bytes: Some(path.as_os_str().as_encoded_bytes().to_vec()),
            },
        }
    }
}

impl<'a> Export<'a> {
    /// The whole export, every array built (see [`Streamed`] for the form that is written).
    pub fn new(corpus: &'a Corpus) -> Self {
        Export {
            documents: corpus.documents.iter().map(document).collect(),
            entities: corpus.entities.iter().map(|e| entity(corpus, e)).collect(),
            facts: crate::facts::export::facts(corpus).collect(),
            conflicts: crate::facts::export::conflicts(corpus).collect(),
            skipped: corpus.skipped.iter().map(skipped).collect(),
        }
    }
}

/// The export as it is serialised (pretty too): the same JSON as [`Export`], each array made
/// item by item while it is serialised, so that writing it holds no more than one item beside
/// the corpus. `soi export` writes the compact form with [`write_compact`].
pub struct Streamed<'a> {
    corpus: &'a Corpus,
}

impl<'a> Streamed<'a> {
    pub fn new(corpus: &'a Corpus) -> Self {
        Streamed { corpus }
    }
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let corpus = self.corpus;
        let mut out = s.serialize_struct("Export", 5)?;
        out.serialize_field("documents", &Seq(|| corpus.documents.iter().map(document)))?;
        out.serialize_field(
            "entities",
            &Seq(|| corpus.entities.iter().map(|e| entity(corpus, e))),
        )?;
        out.serialize_field("facts", &Seq(|| crate::facts::export::facts(corpus)))?;
        out.serialize_field(
            "conflicts",
            &Seq(|| crate::facts::export::conflicts(corpus)),
        )?;
        out.serialize_field("skipped", &Seq(|| corpus.skipped.iter().map(skipped)))?;
        out.end()
    }
}

/// A JSON array made from an iterator as it is written.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Roughly the JSON (in bytes) made across the cores before it is written: it is held whole
/// meanwhile.
const PARALLEL_CHUNK_BYTES: usize = 1 << 20;

/// Roughly the JSON (in bytes) one core makes into one buffer of a chunk: small enough for the
/// cores to share a chunk evenly.
const PIECE_BYTES: usize = 64 << 10;

/// Roughly the JSON of one entity mention, of one item's fields beside its text or mentions,
/// and of one fact.
const MENTION_JSON_BYTES: usize = 80;
const ITEM_JSON_BYTES: usize = 200;
const FACT_JSON_BYTES: usize = 600;

/// The export as compact JSON, what `serde_json::to_writer` makes of [`Streamed`], byte for
/// byte. The bulk (documents, entities, facts) is made a chunk at a time across every core, each
/// core's share of a chunk into one buffer, and each buffer written whole: made and written item
/// by item (a buffer each, through serde), the export's writing was one of the few serial parts
/// of a run.
pub fn write_compact(corpus: &Corpus, out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(b"{\"documents\":")?;
    let mut documents = Elements::begin(out)?;
    for (run, _) in runs(&corpus.documents, PARALLEL_CHUNK_BYTES, document_bytes) {
        documents.made_in_parallel(run, document, document_bytes)?;
    }
    documents.end()?;

    out.write_all(b",\"entities\":[")?;
    // In parts of at most a piece's mentions, so that every entity, whatever its size, is made
    // across the cores: made whole, each entity of 64 KB to 1 MB of JSON (some 200 at 100,000
    // articles, with 29% of the mentions) kept one core busy while the others idled.
    let mut parts = EntityPart::all(&corpus.entities).peekable();
    let mut chunk = Vec::new();
    while parts.peek().is_some() {
        let mut bytes = 0;
        while let Some(part) =
            parts.next_if(|p| chunk.is_empty() || bytes + p.bytes() <= PARALLEL_CHUNK_BYTES)
        {
            bytes += part.bytes();
            chunk.push(part);
        }
        for json in made_in_pieces(&chunk, EntityPart::bytes, |piece, json| {
            for part in piece {
                part.write_json(corpus, json);
            }
        }) {
            out.write_all(&json)?;
        }
        chunk.clear();
    }
    out.write_all(b"]")?;

    out.write_all(b",\"facts\":")?;
    // Every fact of the corpus, held while the facts are written: narrow (documents and facts in
    // one are fewer than 2^32, as the fact index numbers them).
    let refs: Vec<(u32, u32)> = crate::facts::export::refs(corpus)
        .map(|at| (at.doc as u32, at.fact as u32))
        .collect();
    let fact = |&(doc, fact): &(u32, u32)| {
        let at = FactRef {
            doc: doc as usize,
            fact: fact as usize,
        };
        crate::facts::export::fact(corpus, at)
    };
    let mut facts = Elements::begin(out)?;
    for (run, _) in runs(&refs, PARALLEL_CHUNK_BYTES, |_| FACT_JSON_BYTES) {
        facts.made_in_parallel(run, fact, |_| FACT_JSON_BYTES)?;
    }
    facts.end()?;

    // Few and small: through serde.
    out.write_all(b",\"conflicts\":")?;
    serde_json::to_writer(&mut *out, &Seq(|| crate::facts::export::conflicts(corpus)))?;
    out.write_all(b",\"skipped\":")?;
    serde_json::to_writer(&mut *out, &Seq(|| corpus.skipped.iter().map(skipped)))?;
    out.write_all(b"}")
}

fn document_bytes(p: &Arc<Processed>) -> usize {
    ITEM_JSON_BYTES + p.document.text.len()
}

/// `items` cut in order into runs of about `budget` bytes of JSON (`bytes` tells roughly how
/// many an item makes; an item larger than the budget is a run alone), each with its bytes.
fn runs<T>(
    items: &[T],
    budget: usize,
    bytes: impl Fn(&T) -> usize,
) -> impl Iterator<Item = (&[T], usize)> {
    let mut rest = items;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (mut len, mut total) = (0, 0);
        for item in rest {
            let more = bytes(item);
            if len > 0 && total + more > budget {
                break;
            }
            len += 1;
            total += more;
        }
        let (run, after) = rest.split_at(len);
        rest = after;
        Some((run, total))
    })
}

/// `items` cut in order into pieces of about [`PIECE_BYTES`] of JSON (`bytes` tells roughly how
/// many an item makes), each piece written by `write` into a buffer of its own, across every
/// core: the buffers in order.
fn made_in_pieces<'c, T: Sync>(
    items: &'c [T],
    bytes: impl Fn(&T) -> usize + Sync,
    write: impl Fn(&'c [T], &mut Vec<u8>) + Sync,
) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let pieces: Vec<(&'c [T], usize)> = runs(items, PIECE_BYTES, &bytes).collect();
    pieces
        .into_par_iter()
        .map(|(piece, bytes)| {
            // Sized from the estimate: regrown from nothing, a buffer was copied over again and
            // again.
            let mut json = Vec::with_capacity(bytes + bytes / 4);
            write(piece, &mut json);
            json
        })
        .collect()
}

/// The elements of a JSON array being written.
struct Elements<'w, W> {
    out: &'w mut W,
    first: bool,
}

impl<'w, W: std::io::Write> Elements<'w, W> {
    fn begin(out: &'w mut W) -> std::io::Result<Self> {
        out.write_all(b"[")?;
        Ok(Elements { out, first: true })
    }

    /// The writer, for the next element.
    fn next(&mut self) -> std::io::Result<&mut W> {
        if !std::mem::take(&mut self.first) {
            self.out.write_all(b",")?;
        }
        Ok(self.out)
    }

    /// `items` as the next elements, each made by `make`, made across every core (see
    /// [`made_in_pieces`]; `bytes` tells roughly how long an item's JSON is).
    fn made_in_parallel<'c, T, J>(
        &mut self,
        items: &'c [T],
        make: impl Fn(&'c T) -> J + Sync,
        bytes: impl Fn(&T) -> usize + Sync,
    ) -> std::io::Result<()>
    where
        T: Sync,
        J: WriteJson,
    {
        let made = made_in_pieces(items, bytes, |piece, json| {
            for (i, item) in piece.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                make(item).write_json(json);
            }
        });
        for json in made {
            self.next()?.write_all(&json)?;
        }
        Ok(())
    }

    fn end(self) -> std::io::Result<()> {
        self.out.write_all(b"]")
    }
}

fn document(p: &Arc<Processed>) -> ExportDocument<'_> {
    ExportDocument {
        id: &p.document.id,
        path: ExactPath::new(&p.document.path),
        source: p.document.source,
        url: p.document.url.as_deref(),
        title: &p.article.title,
        title_source: p.article.title_source,
        published: p.article.published.as_deref(),
        byline: p.article.byline.as_deref(),
        truncated: p.document.truncated,
        blocks: &p.article.blocks,
        removed: &p.article.removed,
    }
}

fn entity<'a>(corpus: &'a Corpus, e: &'a Entity) -> ExportEntity<'a> {
    ExportEntity {
        id: &e.id,
        kind: e.kind,
        name: &e.name,
        aliases: &e.aliases,
        mentions: EntityMentions {
            corpus,
            mentions: &e.mentions,
        },
    }
}

/// Some of an entity's mentions, in the entities' array: its JSON from its first mention
/// written with the entity's head (after a comma but for the first entity), to its last closed.
struct EntityPart<'a> {
    /// The entity's index in the corpus.
    index: usize,
    entity: &'a Entity,
    mentions: std::ops::Range<usize>,
}

impl<'a> EntityPart<'a> {
    /// Mentions in one part: a piece's worth.
    const MENTIONS: usize = PIECE_BYTES / MENTION_JSON_BYTES;

    /// Every entity's parts, in order.
    fn all(entities: &'a [Entity]) -> impl Iterator<Item = EntityPart<'a>> {
        entities.iter().enumerate().flat_map(|(index, entity)| {
            let len = entity.mentions.len();
            // An entity without mentions: one part, head and end.
            (0..len.max(1))
                .step_by(Self::MENTIONS)
                .map(move |start| EntityPart {
                    index,
                    entity,
                    mentions: start..(start + Self::MENTIONS).min(len),
                })
        })
    }

    fn bytes(&self) -> usize {
        let head = if self.mentions.start == 0 {
            ITEM_JSON_BYTES
        } else {
            0
        };
        head + MENTION_JSON_BYTES * self.mentions.len()
    }

    fn write_json(&self, corpus: &Corpus, out: &mut Vec<u8>) {
        let all = &self.entity.mentions;
        let first = self.mentions.start == 0;
        if first {
            if self.index > 0 {
                out.push(b',');
            }
            entity(corpus, self.entity).write_head(out);
            out.push(b'[');
        }
        for (i, &at) in all[self.mentions.clone()].iter().enumerate() {
            if i > 0 || !first {
                out.push(b',');
            }
            mention(corpus, at).write_json(out);
        }
        if self.mentions.end == all.len() {
            out.extend_from_slice(b"]}");
        }
    }
}

fn mention(corpus: &Corpus, at: MentionAt) -> ExportMention<'_> {
    let doc = &corpus.documents[at.doc()];
    let m = at
        .place(&doc.mentions)
        .expect("an entity's mentions are its documents'");
    let text = &doc.article.blocks[m.block].text[m.span.start..m.span.end];
    ExportMention {
        doc: &doc.document.id,
        block: m.block,
        start: m.span.start,
        end: m.span.end,
        text,
    }
}

fn skipped(s: &Skipped) -> ExportSkipped {
    ExportSkipped {
        path: ExactPath::new(&s.path),
        reason: s.reason.clone(),
    }
}

// The compact JSON of the bulk of the export, written by hand (see `json`): the same bytes as
// the derived `Serialize` of each, field for field.

impl WriteJson for ExportDocument<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        json::key(out, "id", true);
        json::string(out, self.id);
        json::key(out, "path", false);
        json::string(out, &self.path.path);
        if let Some(bytes) = &self.path.path_bytes {
            json::key(out, "path_bytes", false);
            json::array(out, bytes, |out, &b| json::number(out, usize::from(b)));
        }
        json::key(out, "source", false);
        json::serde(out, &self.source);
        json::key(out, "url", false);
        json::optional_string(out, self.url);
        json::key(out, "title", false);
        json::string(out, self.title);
        json::key(out, "title_source", false);
        json::serde(out, &self.title_source);
        json::key(out, "published", false);
        json::optional_string(out, self.published);
        json::key(out, "byline", false);
        json::optional_string(out, self.byline);
        json::key(out, "truncated", false);
        out.extend_from_slice(if self.truncated { b"true" } else { b"false" });
        json::key(out, "blocks", false);
        json::array(out, self.blocks, |out, block| {
            out.push(b'{');
            json::key(out, "kind", true);
            json::serde(out, &block.kind);
            json::key(out, "lines", false);
            line_range(out, block.lines);
            json::key(out, "text", false);
            json::string(out, block.text.as_str());
            out.push(b'}');
        });
        json::key(out, "removed", false);
        json::array(out, self.removed, |out, removed| {
            out.push(b'{');
            json::key(out, "lines", true);
            line_range(out, removed.lines);
            json::key(out, "reason", false);
            json::serde(out, &removed.reason);
            out.push(b'}');
        });
        out.push(b'}');
    }
}

/// `[first, last]`.
fn line_range(out: &mut Vec<u8>, lines: crate::clean::LineRange) {
    out.push(b'[');
    json::number(out, lines.first());
    out.push(b',');
    json::number(out, lines.last());
    out.push(b']');
}

impl ExportEntity<'_> {
    /// The entity's JSON up to its mentions: `{` … `"mentions":`.
    fn write_head(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        json::key(out, "id", true);
        json::string(out, self.id);
        json::key(out, "type", false);
        json::serde(out, &self.kind);
        json::key(out, "name", false);
        json::string(out, self.name);
        json::key(out, "aliases", false);
        json::array(out, self.aliases, |out, alias| json::string(out, alias));
        json::key(out, "mentions", false);
    }
}

impl WriteJson for ExportMention<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        json::key(out, "doc", true);
        json::string(out, self.doc);
        json::key(out, "block", false);
        json::number(out, self.block);
        json::key(out, "start", false);
        json::number(out, self.start);
        json::key(out, "end", false);
        json::number(out, self.end);
        json::key(out, "text", false);
        json::string(out, self.text);
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{BlockKind, LineRange, RemovalReason};

    /// What the tests of the whole export rarely meet: a name that is not UTF-8, escapes.
    #[test]
    fn a_document_written_by_hand_is_what_serde_json_makes_of_it() {
        let blocks = [
            Block {
                kind: BlockKind::Title,
                lines: LineRange::line(1),
                text: "Tiêu đề \"trích\" \\ \u{1}\t".into(),
            },
            Block {
                kind: BlockKind::Paragraph,
                lines: LineRange::new(3, 4_000_000),
                text: "Đoạn văn.\u{7f}\u{2028}".into(),
            },
        ];
        let removed = [Removed {
            lines: LineRange::line(2),
            reason: RemovalReason::RepeatedLine,
        }];
        for path_bytes in [None, Some(vec![b'a', 0xff, b'\n'])] {
            let doc = ExportDocument {
                id: "a\u{1b}b",
                path: ExactPath {
                    path: "a\u{fffd}\n".to_string(),
                    path_bytes,
                },
                source: Source::Html,
                url: Some("https://example.com/\"x\""),
                title: "Tiêu đề",
                title_source: TitleSource::Metadata,
                published: None,
                byline: Some("Minh Thái"),
                truncated: true,
                blocks: &blocks,
                removed: &removed,
            };
            let mut out = Vec::new();
            doc.write_json(&mut out);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&doc).unwrap()
            );
        }
        let mention = ExportMention {
            doc: "d\"1",
            block: 0,
            start: 12,
            end: 345,
            text: "Hà Nội\r",
        };
        let mut out = Vec::new();
        mention.write_json(&mut out);
        assert_eq!(out, serde_json::to_vec(&mention).unwrap());
    }

    /// The entities' JSON is made in parts of [`EntityPart::MENTIONS`] mentions: an entity of no
    /// mentions (one part, head and end: the pipeline makes none) and one just past two parts,
    /// first and last in the array, come out as serde makes them.
    #[test]
    fn entities_of_no_mentions_and_of_many_parts_are_what_serde_makes_of_them() {
        let mut corpus = crate::pipeline::build(
            &[std::path::PathBuf::from("seeds")],
            &crate::corpus::LoadOptions::default(),
        );
        let model = corpus.entities[0].clone();
        let mentions = || model.mentions.iter().copied().cycle();
        let many = Entity {
            id: "many".into(),
            mentions: mentions().take(2 * EntityPart::MENTIONS + 1).collect(),
            ..model.clone()
        };
        let none = Entity {
            id: "none".into(),
            mentions: Vec::new(),
            ..model.clone()
        };
        corpus.entities.insert(0, none.clone());
        corpus.entities.push(many);
        corpus.entities.push(none);
        let parts = |id: &str| {
            EntityPart::all(&corpus.entities)
                .filter(|p| p.entity.id == id)
                .count()
        };
        assert_eq!((parts("many"), parts("none")), (3, 2));
        let mut compact = Vec::new();
        write_compact(&corpus, &mut compact).unwrap();
        assert_eq!(
            compact,
            serde_json::to_vec(&Streamed::new(&corpus)).unwrap()
        );
    }
}
