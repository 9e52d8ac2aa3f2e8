//! Shared by the tests of marked-up sources (web pages, Markdown): the totality of cleaning.

use soi::clean::Article;
use soi::corpus::Document;

/// What breaks totality, if anything: every non-blank line of the rendered text must be in
/// exactly one block or one removal, and no line in two (a blank line may sit inside a block, as a
/// code block's empty line does).
pub fn totality_violation(doc: &Document, article: &Article) -> Option<String> {
    let lines: Vec<&str> = doc.text.split('\n').collect();
    let mut owner = vec![0usize; lines.len()];
    let ranges = article
        .blocks
        .iter()
        .map(|b| b.lines)
        .chain(article.removed.iter().map(|r| r.lines));
    for range in ranges {
        if range.first() < 1 || range.first() > range.last() || range.last() > lines.len() {
            return Some(format!("range {range:?} outside the {} lines", lines.len()));
        }
        for n in range.first()..=range.last() {
            owner[n - 1] += 1;
        }
    }
    lines.iter().enumerate().find_map(|(i, line)| {
        let blank = line.trim().is_empty();
        let bad = if blank { owner[i] > 1 } else { owner[i] != 1 };
        bad.then(|| format!("line {} {line:?} owned {} times", i + 1, owner[i]))
    })
}
