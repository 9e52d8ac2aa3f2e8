//! The export's `facts[]` and `conflicts[]` (read by `../shared/eval/score_facts.py`).

use super::{Day, FactRef, FigureKind, Qualifier, RelatedFacts};
use crate::clean::LineRange;
use crate::export::{json, WriteJson};
use crate::pipeline::Corpus;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ExportFact<'a> {
    /// `<document id>#<n>`, n counting the document's facts from 0.
    pub id: FactId<'a>,
    pub doc: &'a str,
    pub block: usize,
    pub lines: LineRange,
    pub text: &'a str,
    pub dates: Vec<ExportDate<'a>>,
    pub figures: Vec<ExportFigure<'a>>,
    /// Entity ids of the sentence's mentions.
    pub entities: EntityIds<'a>,
    /// Related facts in other articles, best first.
    pub related: RelatedIds<'a>,
}

// A fact's ids and days are written as they are serialised, not made into strings first: the
// strings (a dozen for a fact, most of them the ids of related facts) cost more than the rest of
// the fact's JSON.

/// A fact's id, `<document id>#<n>`, see [`fact_id`].
#[derive(Debug, Clone, Copy)]
pub struct FactId<'a> {
    doc: &'a str,
    fact: usize,
}

impl<'a> FactId<'a> {
    fn of(corpus: &'a Corpus, f: FactRef) -> Self {
        let doc = corpus
            .documents
            .get(f.doc)
            .map_or("", |p| p.document.id.as_str());
        FactId { doc, fact: f.fact }
    }

    fn write_json(self, out: &mut Vec<u8>) {
        json::string(out, self.doc);
        // The number after the id's closing quote: '#' and digits need no escape.
        out.pop();
        out.push(b'#');
        json::number(out, self.fact);
        out.push(b'"');
    }
}

impl Serialize for FactId<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}#{}", self.doc, self.fact))
    }
}

/// The ids of the entities a fact mentions.
#[derive(Clone, Copy)]
pub struct EntityIds<'a> {
    corpus: &'a Corpus,
    entities: &'a [u32],
}

impl<'a> EntityIds<'a> {
    fn iter(self) -> impl Iterator<Item = &'a str> {
        let corpus = self.corpus;
        self.entities
            .iter()
            .filter_map(move |&e| corpus.entities.get(e as usize).map(|x| x.id.as_str()))
    }
}

impl Serialize for EntityIds<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl std::fmt::Debug for EntityIds<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The ids of the facts related to a fact, best first.
#[derive(Clone, Copy)]
pub struct RelatedIds<'a> {
    corpus: &'a Corpus,
    related: RelatedFacts<'a>,
}

impl<'a> RelatedIds<'a> {
    fn iter(self) -> impl Iterator<Item = FactId<'a>> {
        let corpus = self.corpus;
        self.related.iter().map(move |r| FactId::of(corpus, r))
    }
}

impl Serialize for RelatedIds<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl std::fmt::Debug for RelatedIds<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[derive(Debug, Serialize)]
pub struct ExportDate<'a> {
    pub text: &'a str,
    /// First and last day (YYYY-MM-DD), inclusive; `null` where open (a bound, or no
    /// publication time to resolve a day without a year).
    pub from: Option<DayText>,
    pub to: Option<DayText>,
}

/// A day as the export writes it, `YYYY-MM-DD` (its `Display`).
#[derive(Debug, Clone, Copy)]
pub struct DayText(Day);

impl DayText {
    fn write_json(self, out: &mut Vec<u8>) {
        use std::io::Write;
        // A day's digits and dashes need no escape. A four-digit year's day written digit by
        // digit: through the formatter, days were a third of writing the facts.
        let Day { year, month, day } = self.0;
        match (u32::try_from(year), month, day) {
            (Ok(y @ 0..=9999), m @ 0..=99, d @ 0..=99) => {
                let digit = |n: u32| b'0' + (n % 10) as u8;
                out.extend_from_slice(&[
                    b'"',
                    digit(y / 1000),
                    digit(y / 100),
                    digit(y / 10),
                    digit(y),
                    b'-',
                    digit(m / 10),
                    digit(m),
                    b'-',
                    digit(d / 10),
                    digit(d),
                    b'"',
                ]);
            }
            _ => write!(out, "\"{}\"", self.0).expect("a Vec takes every write"),
        }
    }
}

impl Serialize for DayText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
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
    let id = FactId::of(corpus, f);
    fact_id(id.doc, id.fact)
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
        id: FactId {
            doc: &p.document.id,
            fact: at.fact,
        },
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
                    from: from.map(DayText),
                    to: to.map(DayText),
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
        entities: EntityIds {
            corpus,
            entities: corpus.facts.entities(at),
        },
        related: RelatedIds {
            corpus,
            related: corpus.facts.related(at),
        },
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
        self.id.write_json(out);
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
            for (name, day) in [("from", date.from), ("to", date.to)] {
                json::key(out, name, false);
                match day {
                    Some(day) => day.write_json(out),
                    None => out.extend_from_slice(b"null"),
                }
            }
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
        json::items(out, self.entities.iter(), json::string);
        json::key(out, "related", false);
        json::items(out, self.related.iter(), |out, id| id.write_json(out));
        out.push(b'}');
    }
}

#[cfg(test)]
#[test]
fn days_are_written_as_they_display() {
    let days = [
        Day::new(2023, 9, 4).expect("a day"),
        Day::new(1000, 12, 31).expect("a day"),
        Day {
            year: 12_345,
            month: 1,
            day: 2,
        },
        Day {
            year: -5,
            month: 100,
            day: 7,
        },
    ];
    for day in days {
        let mut out = Vec::new();
        DayText(day).write_json(&mut out);
        assert_eq!(String::from_utf8(out).expect("utf-8"), format!("\"{day}\""));
    }
}
