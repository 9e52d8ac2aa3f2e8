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
    making: Making,
}

/// Mentions made to compact JSON together, in parallel, when an entity has more.
const PARALLEL_MENTIONS: usize = 8192;

impl Serialize for EntityMentions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let corpus = self.corpus;
        if self.making == Making::OneByOne || self.mentions.len() <= PARALLEL_MENTIONS {
            return s.collect_seq(self.mentions.iter().map(|&at| mention(corpus, at)));
        }
        // The entities mentioned most are written alone (too large for a chunk of entities);
        // made one mention at a time, their JSON was the longest serial part of an export at
        // 100,000 articles. Made a run at a time across every core instead, the same JSON.
        let mut seq = s.serialize_seq(Some(self.mentions.len()))?;
        for run in self.mentions.chunks(PARALLEL_MENTIONS) {
            write_made_in_parallel(
                &mut seq,
                run,
                |&at| mention(corpus, at),
                |_| MENTION_JSON_BYTES,
            )?;
        }
        seq.end()
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
            entities: corpus
                .entities
                .iter()
                .map(|e| entity(corpus, e, Making::OneByOne))
                .collect(),
            facts: crate::facts::export::facts(corpus).collect(),
            conflicts: crate::facts::export::conflicts(corpus).collect(),
            skipped: corpus.skipped.iter().map(skipped).collect(),
        }
    }
}

/// The export as it is written: the same JSON as [`Export`], each array made item by item while
/// it is serialised, so that writing it holds no more than one item (or one chunk of items)
/// beside the corpus.
pub struct Streamed<'a> {
    corpus: &'a Corpus,
    making: Making,
}

/// How the bulk of the export (documents and entities) is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Making {
    OneByOne,
    /// In chunks made to compact JSON across every core, then written as they are: the export's
    /// writing would otherwise be one of the few serial parts of a run.
    CompactInParallel,
}

/// Items made to JSON together when making them in parallel, at most.
const PARALLEL_CHUNK: usize = 256;

/// Roughly the JSON (in bytes) made before it is written, when making it in parallel: the chunk
/// is held whole meanwhile, and a count of items alone would let the entities mentioned most
/// (which come first) hold tens of megabytes at once.
const PARALLEL_CHUNK_BYTES: usize = 1 << 20;

/// Roughly the JSON of one entity mention and of one entity's other fields.
const MENTION_JSON_BYTES: usize = 80;
const ITEM_JSON_BYTES: usize = 200;
const FACT_JSON_BYTES: usize = 600;

impl<'a> Streamed<'a> {
    /// For any serializer (pretty ones too).
    pub fn new(corpus: &'a Corpus) -> Self {
        Streamed {
            corpus,
            making: Making::OneByOne,
        }
    }

    /// For a compact serializer only (`serde_json::to_writer`): the documents and entities are
    /// made to compact JSON in parallel and written verbatim, so a pretty serializer would not
    /// indent them.
    pub fn compact(corpus: &'a Corpus) -> Self {
        Streamed {
            corpus,
            making: Making::CompactInParallel,
        }
    }
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let corpus = self.corpus;
        let mut out = s.serialize_struct("Export", 5)?;
        match self.making {
            Making::OneByOne => {
                out.serialize_field("documents", &Seq(|| corpus.documents.iter().map(document)))?;
                out.serialize_field(
                    "entities",
                    &Seq(|| {
                        corpus
                            .entities
                            .iter()
                            .map(|e| entity(corpus, e, Making::OneByOne))
                    }),
                )?;
            }
            Making::CompactInParallel => {
                out.serialize_field(
                    "documents",
                    &ParSeq(&corpus.documents, document, |p: &Arc<Processed>| {
                        ITEM_JSON_BYTES + p.document.text.len()
                    }),
                )?;
                out.serialize_field(
                    "entities",
                    &ParSeq(
                        &corpus.entities,
                        |e| entity(corpus, e, Making::CompactInParallel),
                        |e: &Entity| ITEM_JSON_BYTES + MENTION_JSON_BYTES * e.mentions.len(),
                    ),
                )?;
            }
        }
        match self.making {
            Making::OneByOne => {
                out.serialize_field("facts", &Seq(|| crate::facts::export::facts(corpus)))?;
            }
            Making::CompactInParallel => {
                // Every fact of the corpus, held while the facts are written: narrow (documents
                // and facts in one are fewer than 2^32, as the fact index numbers them).
                let refs: Vec<(u32, u32)> = crate::facts::export::refs(corpus)
                    .map(|at| (at.doc as u32, at.fact as u32))
                    .collect();
                out.serialize_field(
                    "facts",
                    &ParSeq(
                        &refs,
                        |&(doc, fact): &(u32, u32)| {
                            let at = FactRef {
                                doc: doc as usize,
                                fact: fact as usize,
                            };
                            crate::facts::export::fact(corpus, at)
                        },
                        |_: &(u32, u32)| FACT_JSON_BYTES,
                    ),
                )?;
            }
        }
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

/// A JSON array of `items`, each made by the first function, a chunk at a time made to compact
/// JSON in parallel (in order) and written verbatim. The second function tells roughly how many
/// bytes of JSON an item makes, to keep each chunk near [`PARALLEL_CHUNK_BYTES`].
struct ParSeq<'c, T, F, W>(&'c [T], F, W);

impl<'c, T, F, W, J> Serialize for ParSeq<'c, T, F, W>
where
    T: Sync,
    F: Fn(&'c T) -> J + Sync,
    W: Fn(&T) -> usize + Sync,
    J: Serialize + WriteJson,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        let mut rest = self.0;
        while !rest.is_empty() {
            let mut bytes = 0;
            let len = rest
                .iter()
                .take(PARALLEL_CHUNK)
                .take_while(|item| {
                    let first = bytes == 0;
                    bytes += (self.2)(item);
                    first || bytes <= PARALLEL_CHUNK_BYTES
                })
                .count();
            let (chunk, after) = rest.split_at(len);
            rest = after;
            if let [item] = chunk {
                if (self.2)(item) > PARALLEL_CHUNK_BYTES {
                    // Larger than a chunk alone (the entity mentioned most): written as it is
                    // made, the same JSON, instead of held whole.
                    seq.serialize_element(&(self.1)(item))?;
                    continue;
                }
            }
            write_made_in_parallel(&mut seq, chunk, &self.1, &self.2)?;
        }
        seq.end()
    }
}

/// `items`, each made by `make`, made to compact JSON across every core (in order) and written
/// verbatim as elements of `seq`; `bytes` tells roughly how long an item's JSON is.
fn write_made_in_parallel<'c, T, J, Q>(
    seq: &mut Q,
    items: &'c [T],
    make: impl Fn(&'c T) -> J + Sync,
    bytes: impl Fn(&T) -> usize + Sync,
) -> Result<(), Q::Error>
where
    T: Sync,
    J: WriteJson,
    Q: serde::ser::SerializeSeq,
{
    use rayon::prelude::*;
    let made: Vec<Box<serde_json::value::RawValue>> = items
        .par_iter()
        .map(|item| to_raw_value(&make(item), bytes(item)))
        .collect();
    for item in made {
        seq.serialize_element(&item)?;
    }
    Ok(())
}

/// `value` as compact JSON, in a buffer of about `capacity` bytes from the start:
/// `serde_json::value::to_raw_value` starts at 128 bytes, and a document's JSON regrew a dozen
/// times.
fn to_raw_value<J: WriteJson>(value: &J, capacity: usize) -> Box<serde_json::value::RawValue> {
    let mut json = Vec::with_capacity(capacity + capacity / 4);
    value.write_json(&mut json);
    // SAFETY: `WriteJson` writes UTF-8, and one value's compact JSON (no white space around it),
    // which is all that a `RawValue` asks.
    unsafe { serde_json::value::RawValue::from_string_unchecked(String::from_utf8_unchecked(json)) }
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

fn entity<'a>(corpus: &'a Corpus, e: &'a Entity, making: Making) -> ExportEntity<'a> {
    ExportEntity {
        id: &e.id,
        kind: e.kind,
        name: &e.name,
        aliases: &e.aliases,
        mentions: EntityMentions {
            corpus,
            mentions: &e.mentions,
            making,
        },
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

impl WriteJson for ExportEntity<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
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
        let corpus = self.mentions.corpus;
        json::array(out, self.mentions.mentions, |out, &at| {
            mention(corpus, at).write_json(out)
        });
        out.push(b'}');
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
}
