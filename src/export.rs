//! The JSON shape `soi export` prints (read by `../shared/eval/score.py`).

use crate::clean::{Block, Removed, TitleSource};
use crate::corpus::Source;
use crate::extract::EntityKind;
use crate::pipeline::Corpus;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct Export<'a> {
    pub documents: Vec<ExportDocument<'a>>,
    pub entities: Vec<ExportEntity<'a>>,
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
    pub mentions: Vec<ExportMention<'a>>,
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
    pub fn new(corpus: &'a Corpus) -> Self {
        let documents = corpus
            .documents
            .iter()
            .map(|p| ExportDocument {
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
            })
            .collect();
        let entities = corpus
            .entities
            .iter()
            .map(|e| ExportEntity {
                id: &e.id,
                kind: e.kind,
                name: &e.name,
                aliases: &e.aliases,
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let doc = &corpus.documents[m.doc];
                        let text = &doc.article.blocks[m.block].text[m.span.start..m.span.end];
                        ExportMention {
                            doc: &doc.document.id,
                            block: m.block,
                            start: m.span.start,
                            end: m.span.end,
                            text,
                        }
                    })
                    .collect(),
            })
            .collect();
        let skipped = corpus
            .skipped
            .iter()
            .map(|s| ExportSkipped {
                path: ExactPath::new(&s.path),
                reason: s.reason.clone(),
            })
            .collect();
        Export {
            documents,
            entities,
            skipped,
        }
    }
}
