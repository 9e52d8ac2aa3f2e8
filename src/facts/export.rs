//! The export's `facts[]` and `conflicts[]` (read by `../shared/eval/score_facts.py`).

use super::{FactRef, FigureKind, Qualifier};
use crate::clean::LineRange;
use crate::export::{json, WriteJson};
use crate::pipeline::Corpus;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ExportFact<'a> {
    /// `<document id>#<n>`, n counting the document's facts from 0.
    pub id: String,
    pub doc: &'a str,
    pub block: usize,
    pub lines: LineRange,
    pub text: &'a str,
    pub dates: Vec<ExportDate<'a>>,
    pub figures: Vec<ExportFigure<'a>>,
    /// Entity ids of the sentence's mentions.
    pub entities: Vec<&'a str>,
    /// Related facts in other articles, best first.
    pub related: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ExportDate<'a> {
    pub text: &'a str,
    /// First and last day (YYYY-MM-DD), inclusive; `null` where open (a bound, or no
    /// publication time to resolve a day without a year).
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ExportFigure<'a> {
    pub text: &'a str,
    pub kind: FigureKind,
    pub value: f64,
    pub unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// What it measures, when the sentence says ("kim ngạch thương mại").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ExportConflict<'a> {
    pub facts: [String; 2],
    pub about: &'a str,
    pub detail: &'a str,
}

/// A fact's id in the export.
pub fn fact_id(doc_id: &str, fact: usize) -> String {
    format!("{doc_id}#{fact}")
}

fn id_of(corpus: &Corpus, f: FactRef) -> String {
    let doc = corpus
        .documents
        .get(f.doc)
        .map_or("", |p| p.document.id.as_str());
    fact_id(doc, f.fact)
}

/// Every fact of the corpus, in document order, made one at a time.
pub fn facts(corpus: &Corpus) -> impl Iterator<Item = ExportFact<'_>> {
    refs(corpus).map(move |at| fact(corpus, at))
}

/// Every fact of the corpus, in document order.
pub fn refs(corpus: &Corpus) -> impl Iterator<Item = FactRef> + '_ {
    corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(doc, p)| (0..p.facts.len()).map(move |fact| FactRef { doc, fact }))
}

/// The fact `at` as the export shows it.
pub fn fact(corpus: &Corpus, at: FactRef) -> ExportFact<'_> {
    let p = &corpus.documents[at.doc];
    let fact = p.facts.get(at.fact).expect("a fact of the corpus");
    let block = &p.article.blocks[fact.block];
    let slice = |s: crate::extract::Span| block.text.get(s.start..s.end).unwrap_or("");
    ExportFact {
        id: fact_id(&p.document.id, at.fact),
        doc: &p.document.id,
        block: fact.block,
        lines: block.lines,
        text: slice(fact.span),
        dates: fact
            .dates
            .iter()
            .map(|date| {
                let (from, to) = date.when.bounds();
                ExportDate {
                    text: slice(date.span()),
                    from: from.map(|x| x.to_string()),
                    to: to.map(|x| x.to_string()),
                }
            })
            .collect(),
        figures: fact
            .figures
            .iter()
            .zip(fact.measures)
            .map(|(f, m)| ExportFigure {
                text: slice(f.span()),
                kind: f.kind,
                value: f.value,
                unit: &f.unit,
                qualifier: f.qualifier,
                measure: m.as_deref(),
            })
            .collect(),
        entities: corpus
            .facts
            .entities(at)
            .iter()
            .filter_map(|&e| corpus.entities.get(e as usize).map(|x| x.id.as_str()))
            .collect(),
        related: corpus
            .facts
            .related(at)
            .iter()
            .map(|r| id_of(corpus, r))
            .collect(),
    }
}

/// Every disagreement, made one at a time.
pub fn conflicts(corpus: &Corpus) -> impl Iterator<Item = ExportConflict<'_>> {
    corpus.facts.conflicts.iter().map(|c| ExportConflict {
        facts: [id_of(corpus, c.a), id_of(corpus, c.b)],
        about: &c.about,
        detail: &c.detail,
    })
}

// The compact JSON of a fact, written by hand as the export's bulk is (see `crate::export`):
// the same bytes as the derived `Serialize`, field for field.

impl WriteJson for ExportFact<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        json::key(out, "id", true);
        json::string(out, &self.id);
        json::key(out, "doc", false);
        json::string(out, self.doc);
        json::key(out, "block", false);
        json::number(out, self.block);
        json::key(out, "lines", false);
        json::array(out, &[self.lines.first(), self.lines.last()], |out, &n| {
            json::number(out, n)
        });
        json::key(out, "text", false);
        json::string(out, self.text);
        json::key(out, "dates", false);
        json::array(out, &self.dates, |out, date| {
            out.push(b'{');
            json::key(out, "text", true);
            json::string(out, date.text);
            json::key(out, "from", false);
            json::optional_string(out, date.from.as_deref());
            json::key(out, "to", false);
            json::optional_string(out, date.to.as_deref());
            out.push(b'}');
        });
        json::key(out, "figures", false);
        json::array(out, &self.figures, |out, figure| {
            out.push(b'{');
            json::key(out, "text", true);
            json::string(out, figure.text);
            json::key(out, "kind", false);
            json::serde(out, &figure.kind);
            json::key(out, "value", false);
            json::serde(out, &figure.value);
            json::key(out, "unit", false);
            json::string(out, figure.unit);
            if let Some(qualifier) = &figure.qualifier {
                json::key(out, "qualifier", false);
                json::serde(out, qualifier);
            }
            if let Some(measure) = figure.measure {
                json::key(out, "measure", false);
                json::string(out, measure);
            }
            out.push(b'}');
        });
        json::key(out, "entities", false);
        json::array(out, &self.entities, |out, id| json::string(out, id));
        json::key(out, "related", false);
        json::array(out, &self.related, |out, id| json::string(out, id));
        out.push(b'}');
    }
}
