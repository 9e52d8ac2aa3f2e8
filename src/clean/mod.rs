//! Turning a [`Document`] into the article a person wants to read: title, headings,
//! paragraphs and captions with their source line ranges; everything else removed with a reason.
//!
//! Plain text has no markup, so the cleaner works on line shapes and position, in linear time:
//! 1. `lines`: each non-blank line alone (plus the line above, for repeats) gets a class —
//!    separator, stray number, slug, navigation, furniture, end marker ("Tin liên quan"), inline
//!    link ("Xem thêm: …", a headline printed twice), time-stamp, byline, caption,
//!    headline-shaped (short, no final period) or prose. Word lists live in `assets/clean/`.
//! 2. The lede is the first prose line; the title is the longest headline-shaped line above it
//!    (none: the title is derived from the lead, see `title`). Lines above are navigation,
//!    stamps, bylines or captions.
//! 3. From the lede down, headline-shaped lines followed by prose are headings, others links;
//!    the article ends at an end marker, after its byline block, at a separator before a
//!    teaser headline, at a wide blank gap before a line about other names, at two teaser
//!    cards, or at the (headline, new-story lede) pairs closing the file. Everything after the
//!    end is removed (a related box inside the article is skipped when the story goes on).

pub mod furniture;
mod lexicon;
mod lines;
mod marked;
mod published;
mod title;

use crate::corpus::Document;
use crate::text::SharedStr;
pub use furniture::{DocLines, Furniture};
use lines::{Class, Line};
use serde::{Deserialize, Serialize};
use title::Topic;

/// A 1-based, inclusive range of physical lines in the source file. Serialises as `[first, last]`.
/// Narrow, as every block and removed line holds one: a text is below 4 GiB (see
/// [`crate::corpus::LARGEST_MAX_BYTES`]), so its line numbers are too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineRange {
    first: u32,
    last: u32,
}

impl LineRange {
    /// Lines `first..=last` (a number past `u32::MAX`, which no text below 4 GiB has, is held as
    /// `u32::MAX`).
    pub fn new(first: usize, last: usize) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            first: narrow(first),
            last: narrow(last),
        }
    }

    pub fn line(n: usize) -> Self {
        Self::new(n, n)
    }

    pub fn first(self) -> usize {
        self.first as usize
    }

    pub fn last(self) -> usize {
        self.last as usize
    }
}

impl Serialize for LineRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.first, self.last].serialize(s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    Caption,
}

/// One kept piece of the article. `text` is what the reader shows and what mention offsets index
/// (a piece of the document's text when it is one of its lines, as in plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub lines: LineRange,
    pub text: SharedStr,
}

/// Why a line was removed from the reading pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// Breadcrumbs, menus, font-size buttons, "mobile version" footers.
    Navigation,
    /// Byline, publication time, source credit (pulled into [`Article`] metadata).
    Metadata,
    /// Exact or near repeat of the line above (doubled captions, doubled headlines).
    RepeatedLine,
    /// "Tin bài liên quan", "Đọc nhiều" and the lists under them.
    RelatedList,
    /// Headline or lede of a different story appended after (or inside) this one.
    OtherArticle,
    /// `-`, `*`, `___` and similar.
    Separator,
    /// A line that is only a number.
    StrayNumber,
    /// URL-slug-like lines without diacritics ("infographic khuyen cao ...") and bare URLs.
    Slug,
    /// "Xin chờ trong giây lát…", "\[Video\] …" lists and other page furniture.
    PageFurniture,
    /// A line that articles of several different stories in the corpus all carry: the site's.
    SiteFurniture,
    /// Outside a web page's main content, as the main-content extraction judged it, in no page
    /// area that says more (navigation, related box, furniture).
    Boilerplate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub lines: LineRange,
    pub reason: RemovalReason,
}

/// Where the title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TitleSource {
    /// A headline line in the text (also present as a `Title` block).
    Headline,
    /// No headline: derived from the lead paragraph.
    Lead,
    /// Nothing usable in the text: the file name.
    FileName,
    /// Stated by the source's metadata (HTML `<meta>`/JSON-LD, Markdown front matter, feed).
    Metadata,
}

/// The cleaned article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub title: String,
    pub title_source: TitleSource,
    /// Publication time as ISO 8601 (`2025-05-09T14:20+07:00` or `2025-05-09`), when stated.
    pub published: Option<String>,
    /// Byline / source credit, when stated.
    pub byline: Option<String>,
    pub blocks: Vec<Block>,
    pub removed: Vec<Removed>,
}

impl Article {
    /// An article with nothing in it.
    pub const EMPTY: Article = Article {
        title: String::new(),
        title_source: TitleSource::FileName,
        published: None,
        byline: None,
        blocks: Vec::new(),
        removed: Vec::new(),
    };
}

/// Paragraphs the body must have before a blank gap or a run of teasers can end it.
const MIN_BODY_BEFORE_END: usize = 2;
/// Paragraphs of the lead used as the topic for cohesion tests (besides the title).
const TOPIC_PARAGRAPHS: usize = 2;
/// Paragraphs whose vocabulary a paragraph after a related box may go on with (bounded, so
/// that the cost stays linear in the article).
const VOCABULARY_PARAGRAPHS: usize = 8;
/// Headlines are rarely longer; a longer unpunctuated line under a headline is its sapo.
const MAX_TITLE_WORDS: usize = 25;
/// Headings and links are at least this many words; shorter unpunctuated lines are menu items.
const MIN_TITLE_WORDS: usize = 3;

/// A related box inside an article holds at most this many lines before the story goes on.
const MAX_BOX_LINES: usize = 6;
/// Paragraphs that show the story going on after a related box are at least this long (words).
const MIN_RESUME_WORDS: usize = 25;
/// Teaser pairs closing the file: a run this long ends the article even when on topic.
const MIN_TEASER_PAIRS: usize = 2;

/// The run of (headline, lede) teaser pairs at the end of a file.
#[derive(Debug, Clone, Copy)]
struct TeaserTail {
    /// Line index of the first teaser headline.
    start: usize,
    pairs: usize,
}

/// What happens to one non-blank line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Keep(BlockKind),
    Remove(RemovalReason),
}

/// Cleans one document. Total: every non-blank line ends up in exactly one block or one removal.
/// Marked-up sources (HTML, Markdown) are cleaned from their blocks (see `marked`).
pub fn clean(doc: &Document) -> Article {
    if let Some(markup) = &doc.markup {
        return marked::clean(doc, markup);
    }
    let scanned = lines::scan(&doc.text);
    let article = clean_lines(&scanned.lines, scanned.crawled.as_deref(), doc);
    with_stated_metadata(doc, article)
}

/// Plain text with stated metadata (a feed item's page served as text/plain): what the source
/// states fills what the text does not say.
fn with_stated_metadata(doc: &Document, mut article: Article) -> Article {
    let meta = &doc.meta;
    article.published = article.published.or_else(|| meta.published.clone());
    article.byline = article.byline.or_else(|| meta.byline.clone());
    if let (TitleSource::FileName, Some(title)) = (article.title_source, &meta.title) {
        article.title = title.clone();
        article.title_source = TitleSource::Metadata;
    }
    article
}

/// Cleans one document of a corpus: its own cleaning, then lines the corpus knows as site
/// furniture removed (see [`furniture`]). Also returns what the document tells the corpus about
/// furniture (from its own cleaning only, so it does not depend on other documents). Marked-up
/// sources are cleaned from their structure and take no part.
pub fn clean_in_corpus(doc: &Document, furniture: &Furniture) -> (Article, DocLines) {
    if let Some(markup) = &doc.markup {
        return (marked::clean(doc, markup), DocLines::default());
    }
    let mut scanned = lines::scan(&doc.text);
    let own = clean_lines(&scanned.lines, scanned.crawled.as_deref(), doc);
    let kept: rustc_hash::FxHashSet<usize> = own
        .blocks
        .iter()
        .flat_map(|b| b.lines.first()..=b.lines.last())
        .collect();
    let signature = std::mem::take(&mut scanned.signature);
    let contribution = DocLines::new(&scanned.lines, signature, |no| kept.contains(&no));
    let mut changed = false;
    if !furniture.is_empty() {
        for line in &mut scanned.lines {
            if kept.contains(&line.no())
                && furniture::applies(furniture, &line.class, furniture::line_key(line.text))
            {
                line.class = lines::Class::Junk(RemovalReason::SiteFurniture);
                changed = true;
            }
        }
    }
    let article = if changed {
        clean_lines(&scanned.lines, scanned.crawled.as_deref(), doc)
    } else {
        own
    };
    (with_stated_metadata(doc, article), contribution)
}

fn clean_lines(lines: &[Line<'_>], crawled: Option<&str>, doc: &Document) -> Article {
    let mut cleaner = Cleaner::new(lines);
    cleaner.run();
    if cleaner.published.is_none() {
        // A crawler's fetch date is the best guess left, when it names a day.
        cleaner.published = crawled
            .filter(|d| d.len() == "2025-10-27".len())
            .map(str::to_string);
    }
    cleaner.into_article(doc)
}

struct Cleaner<'l, 'a> {
    lines: &'l [Line<'a>],
    decisions: Vec<Decision>,
    /// Index of the next line that is not junk, caption or stamp ("significant"), per line.
    /// (`u32::MAX` for none: a file may have millions of lines.)
    next_significant: Vec<u32>,
    title: Option<usize>,
    /// An unpunctuated lead paragraph between the title and the first prose line.
    sapo: Option<usize>,
    published: Option<String>,
    bylines: Vec<String>,
}

impl<'l, 'a> Cleaner<'l, 'a> {
    fn new(lines: &'l [Line<'a>]) -> Self {
        let mut next_significant = vec![u32::MAX; lines.len()];
        let mut next = u32::MAX;
        for i in (0..lines.len()).rev() {
            next_significant[i] = next;
            if is_significant(&lines[i].class) {
                next = u32::try_from(i).unwrap_or(u32::MAX);
            }
        }
        Self {
            lines,
            decisions: vec![Decision::Remove(RemovalReason::PageFurniture); lines.len()],
            next_significant,
            title: None,
            sapo: None,
            published: None,
            bylines: Vec::new(),
        }
    }

    fn run(&mut self) {
        let Some(lede) = self.lines.iter().position(|l| l.class == Class::Body) else {
            self.no_prose();
            return;
        };
        self.title = self.find_title(lede);
        self.head(lede);
        self.body(lede);
    }

    /// The headline: the longest headline-shaped line (3+ words, not an author's name, at most
    /// [`MAX_TITLE_WORDS`]) above the lede, the last on a tie. Menus, share and audio buttons
    /// ("Chia sẻ Facebook Zalo", "Lắng nghe bài viết") can look headline-shaped too but are
    /// short. Everything else above the lede is furniture, stamps, bylines, captions or links. A
    /// longer unpunctuated line under the headline is its sapo; with no headline-length line at
    /// all, the last long one is the title.
    fn find_title(&mut self, lede: usize) -> Option<usize> {
        let candidates: Vec<usize> = (0..lede)
            .filter(|&i| {
                let line = &self.lines[i];
                line.class == Class::Headline && line.words() >= MIN_TITLE_WORDS && !line.name_like
            })
            .collect();
        let words = |i: usize| self.lines[i].words();
        let Some(title) = candidates
            .iter()
            .copied()
            .filter(|&i| words(i) <= MAX_TITLE_WORDS)
            .max_by_key(|&i| (words(i), i))
        else {
            return candidates.last().copied();
        };
        self.sapo = candidates
            .iter()
            .copied()
            .rev()
            .find(|&i| i > title && words(i) > MAX_TITLE_WORDS);
        Some(title)
    }

    /// Lines above the lede: title, captions, stamps and bylines; the rest is navigation.
    fn head(&mut self, lede: usize) {
        for i in 0..lede {
            let line = &self.lines[i];
            let after_title = self.title.is_some_and(|t| i > t);
            self.decisions[i] = match &line.class {
                _ if Some(i) == self.title => Decision::Keep(BlockKind::Title),
                _ if Some(i) == self.sapo => Decision::Keep(BlockKind::Paragraph),
                Class::Junk(reason) => Decision::Remove(*reason),
                Class::Stamp(stamp) => self.stamp(stamp, true),
                Class::Byline => self.byline(line.text),
                Class::Caption => Decision::Keep(BlockKind::Caption),
                Class::Headline if after_title && line.name_like => self.byline(line.text),
                Class::InlineRelated => Decision::Remove(RemovalReason::RelatedList),
                Class::Headline | Class::EndMarker => Decision::Remove(RemovalReason::Navigation),
                // Unreachable in practice: the lede is the first prose line.
                Class::Body => Decision::Remove(RemovalReason::OtherArticle),
            };
        }
    }

    /// From the lede down: paragraphs, headings and captions until the article ends (end marker,
    /// byline block, separator before a teaser, a wide blank gap before unrelated text, a run of
    /// teaser pairs); after the end everything is removed.
    fn body(&mut self, lede: usize) {
        let topic = self.topic(lede);
        let tail = self.teaser_tail();
        let mut paragraphs = 0;
        let mut widest_gap = 0;
        let mut ended: Option<RemovalReason> = None;
        let mut in_byline_block = false;
        // After a line ending with ':' short unpunctuated lines are the items of its list.
        let mut in_list = false;
        // Where the article goes on after a related box placed inside it.
        let mut resume_at: Option<usize> = None;
        for i in lede..self.lines.len() {
            let line = &self.lines[i];
            if resume_at == Some(i) {
                resume_at = None;
                ended = None;
            }
            if let Some(after_end) = ended {
                self.decisions[i] = self.after_end(line, after_end, &mut ended);
                continue;
            }
            if in_byline_block && !matches!(line.class, Class::Byline | Class::Stamp(_)) {
                in_byline_block = false;
                // The byline block closes the article, unless the story goes on right after it
                // (a source line under a chart: "Nguồn: Tổng cục Thống kê").
                if !self.story_goes_on(i, &topic) {
                    ended = Some(RemovalReason::OtherArticle);
                    self.decisions[i] =
                        self.after_end(line, RemovalReason::OtherArticle, &mut ended);
                    continue;
                }
            }
            let wide_gap = paragraphs >= MIN_BODY_BEFORE_END
                && line.gap_before >= 2
                && line.gap_before > widest_gap
                && matches!(line.class, Class::Body | Class::Headline)
                && topic.is_foreign(line.text);
            if wide_gap {
                ended = Some(RemovalReason::OtherArticle);
                self.decisions[i] = Decision::Remove(RemovalReason::OtherArticle);
                continue;
            }
            let decision = match &line.class {
                Class::Junk(RemovalReason::Separator)
                    if paragraphs >= 1 && self.teaser_after_separator(i) =>
                {
                    ended = Some(RemovalReason::OtherArticle);
                    Decision::Remove(RemovalReason::Separator)
                }
                Class::Junk(reason) => Decision::Remove(*reason),
                Class::EndMarker => {
                    ended = Some(RemovalReason::RelatedList);
                    resume_at = self.resumption(i, &topic);
                    Decision::Remove(RemovalReason::RelatedList)
                }
                Class::InlineRelated => Decision::Remove(RemovalReason::RelatedList),
                // Just under the lede or in the closing byline block a stamp is the article's.
                Class::Stamp(stamp) => self.stamp(stamp, paragraphs <= 1 || in_byline_block),
                Class::Byline => {
                    // A byline under the article's prose ends it; above the prose it is the author.
                    in_byline_block = paragraphs >= 1;
                    self.byline(line.text)
                }
                Class::Caption => Decision::Keep(BlockKind::Caption),
                Class::Body => Decision::Keep(BlockKind::Paragraph),
                Class::Headline if in_list => Decision::Keep(BlockKind::Paragraph),
                Class::Headline => {
                    let teasers = tail.filter(|t| t.start == i).is_some_and(|t| {
                        t.pairs >= MIN_TEASER_PAIRS || !topic.is_cohesive(line.text)
                    });
                    if paragraphs >= MIN_BODY_BEFORE_END && (teasers || self.card_run(i)) {
                        ended = Some(RemovalReason::OtherArticle);
                        Decision::Remove(RemovalReason::OtherArticle)
                    } else {
                        let decision = self.headline_in_body(i);
                        // An author's name with no prose after it closes the article like a byline.
                        let prose_follows = self.next_is_body(i);
                        if decision == Decision::Remove(RemovalReason::Metadata) && !prose_follows {
                            in_byline_block = paragraphs >= 1;
                        }
                        decision
                    }
                }
            };
            if decision == Decision::Keep(BlockKind::Paragraph) {
                paragraphs += 1;
                in_list = line.text.ends_with(':') || (in_list && line.class == Class::Headline);
            }
            if matches!(decision, Decision::Keep(_)) {
                widest_gap = widest_gap.max(line.gap_before);
            }
            self.decisions[i] = decision;
        }
    }

    /// After the end: junk keeps its own reason, a new end marker makes the rest a related list.
    fn after_end(
        &self,
        line: &Line<'_>,
        reason: RemovalReason,
        ended: &mut Option<RemovalReason>,
    ) -> Decision {
        match line.class {
            Class::Junk(own) => Decision::Remove(own),
            Class::EndMarker => {
                *ended = Some(RemovalReason::RelatedList);
                Decision::Remove(RemovalReason::RelatedList)
            }
            _ => Decision::Remove(reason),
        }
    }

    /// The next significant line after `i`, if any.
    fn next_significant(&self, i: usize) -> Option<usize> {
        let n = self.next_significant[i];
        (n != u32::MAX).then_some(n as usize)
    }

    fn next_is_body(&self, i: usize) -> bool {
        self.next_significant(i)
            .is_some_and(|n| self.lines[n].class == Class::Body)
    }

    /// A headline-shaped line inside the body: an author's name next to a time-stamp or not
    /// followed by prose; a heading when prose follows; a question or exclamation stays; otherwise a link to
    /// another story.
    fn headline_in_body(&mut self, i: usize) -> Decision {
        let line = &self.lines[i];
        let next = self.next_significant(i).map(|n| &self.lines[n].class);
        let beside_stamp = [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .any(|k| matches!(self.lines.get(k).map(|l| &l.class), Some(Class::Stamp(_))));
        match next {
            _ if line.name_like && beside_stamp => self.byline(line.text),
            Some(Class::Body) => Decision::Keep(BlockKind::Heading),
            // A name not followed by prose: the author, under the article.
            _ if line.name_like => self.byline(line.text),
            // A question or exclamation is someone speaking ("Xin cảm ơn ông!"), not a link.
            _ if line.text.ends_with(['?', '!']) => Decision::Keep(BlockKind::Paragraph),
            _ if line.words() >= MIN_TITLE_WORDS => Decision::Remove(RemovalReason::RelatedList),
            _ => Decision::Remove(RemovalReason::PageFurniture),
        }
    }

    /// A related box inside the article ("Tin liên quan" and a few links, then the story goes
    /// on): the first of two consecutive long paragraphs on the article's topic within the next
    /// few lines. Lists of other stories do not have two such paragraphs in a row.
    fn resumption(&self, marker: usize, topic: &Topic<'_>) -> Option<usize> {
        let mut at = self.next_significant(marker);
        // A box of teaser headlines alone (no ledes under them) closes at the first paragraph.
        let mut headlines_only = true;
        for _ in 0..MAX_BOX_LINES {
            let k = at?;
            if self.lines[k].class == Class::EndMarker {
                return None;
            }
            if self.story_goes_on(k, topic)
                || headlines_only && k > marker + 1 && self.story_resumes(k, marker, topic)
            {
                return Some(k);
            }
            headlines_only &= self.lines[k].class == Class::Headline;
            at = self.next_significant(k);
        }
        None
    }

    /// After a box of teaser headlines, lines `k` and the next significant one are long
    /// paragraphs, the first going on with the vocabulary of the article above the box (its
    /// names may all be new: "Agribank, BIDV và VietinBank" in a story about credit).
    fn story_resumes(&self, k: usize, marker: usize, topic: &Topic<'_>) -> bool {
        let long_paragraph = |k: usize| {
            let line = &self.lines[k];
            line.class == Class::Body
                && line.words() >= MIN_RESUME_WORDS
                && !is_new_story_lede(line.text)
        };
        let text = self.lines[k].text;
        long_paragraph(k)
            && (topic.is_cohesive(text) || topic.shares_terms_above(text, marker))
            && self.next_significant(k).is_some_and(long_paragraph)
    }

    /// Lines `k` and the next significant one are long paragraphs on the article's topic.
    fn story_goes_on(&self, k: usize, topic: &Topic<'_>) -> bool {
        let own_paragraph = |k: usize| {
            let line = &self.lines[k];
            line.class == Class::Body
                && line.words() >= MIN_RESUME_WORDS
                && !is_new_story_lede(line.text)
                && topic.is_cohesive(line.text)
        };
        own_paragraph(k) && self.next_significant(k).is_some_and(own_paragraph)
    }

    /// A teaser card: a headline printed twice (image alt text and link) and then a lede.
    /// Returns the lede's index.
    fn card(&self, i: usize) -> Option<usize> {
        let repeated = self.lines.get(i + 1)?.class == Class::Junk(RemovalReason::RepeatedLine);
        let lede = self.next_significant(i)?;
        (self.lines[i].class == Class::Headline
            && repeated
            && self.lines[lede].class == Class::Body)
            .then_some(lede)
    }

    /// Two teaser cards in a row start a list of other stories. (One alone may be a doubled
    /// caption without a credit above its paragraph.)
    fn card_run(&self, i: usize) -> bool {
        self.card(i)
            .and_then(|lede| self.next_significant(lede))
            .and_then(|next| self.card(next))
            .is_some()
    }

    /// The (headline, new-story lede) pairs that close the file, if any: where they start and
    /// how many there are. Teasers of other stories are appended at the end; the same shape in
    /// the middle of an article is a heading over a one-paragraph section.
    fn teaser_tail(&self) -> Option<TeaserTail> {
        let significant: Vec<usize> = (0..self.lines.len())
            .filter(|&i| is_significant(&self.lines[i].class))
            .collect();
        let mut end = significant.len();
        let mut pairs = 0;
        while end >= 2 {
            let (headline, lede) = (
                &self.lines[significant[end - 2]],
                &self.lines[significant[end - 1]],
            );
            if headline.class != Class::Headline
                || lede.class != Class::Body
                || !is_new_story_lede(lede.text)
            {
                break;
            }
            pairs += 1;
            end -= 2;
        }
        (pairs > 0).then(|| TeaserTail {
            start: significant[end],
            pairs,
        })
    }

    /// After the separator at `i`: a headline and a single lede, then another separator, another
    /// headline or the end of the file — a teaser, not a section break ("***" before a heading
    /// and several paragraphs).
    fn teaser_after_separator(&self, i: usize) -> bool {
        let Some(headline) = self.next_significant(i) else {
            return false;
        };
        let Some(lede) = self.next_significant(headline) else {
            return false;
        };
        let closed = match self.lines.get(lede + 1) {
            None => true,
            Some(after) => {
                after.class == Class::Junk(RemovalReason::Separator)
                    || self
                        .next_significant(lede)
                        .is_none_or(|n| self.lines[n].class == Class::Headline)
            }
        };
        self.lines[headline].class == Class::Headline
            && self.lines[lede].class == Class::Body
            && closed
    }

    /// Title and the first paragraphs: what the article is about.
    fn topic(&self, lede: usize) -> Topic<'a> {
        let title = self.title.map(|t| self.lines[t].text);
        let lead = self.lines[lede..]
            .iter()
            .filter(|l| l.class == Class::Body)
            .take(TOPIC_PARAGRAPHS)
            .map(|l| l.text);
        let mut topic = Topic::new(title.into_iter().chain(lead));
        let paragraphs = (lede..self.lines.len())
            .filter(|&i| self.lines[i].class == Class::Body)
            .take(VOCABULARY_PARAGRAPHS);
        for i in self.title.into_iter().chain(paragraphs) {
            topic.learn_terms(i, self.lines[i].text);
        }
        topic
    }

    fn stamp(&mut self, stamp: &published::Stamp, is_metadata_position: bool) -> Decision {
        if is_metadata_position && self.published.is_none() {
            self.published = Some(stamp.iso.clone());
            // "By Dinh Van  November 20, 2025": the author, without the "By".
            let residue = stamp.residue.strip_prefix("By ").unwrap_or(&stamp.residue);
            if lines::is_name_like(residue) {
                self.bylines.push(residue.to_string());
            }
        }
        Decision::Remove(RemovalReason::Metadata)
    }

    fn byline(&mut self, text: &str) -> Decision {
        // An empty credit ("Nguồn:") is metadata but says nothing.
        let credit = text.trim().trim_end_matches(':').trim();
        if credit.chars().any(char::is_alphanumeric) && !is_bare_label(credit) {
            self.bylines.push(credit.to_string());
        }
        Decision::Remove(RemovalReason::Metadata)
    }

    /// No prose at all: keep headline-shaped lines as paragraphs (a list, a poem), the first as title.
    fn no_prose(&mut self) {
        for (i, line) in self.lines.iter().enumerate() {
            self.decisions[i] = match &line.class {
                Class::Junk(reason) => Decision::Remove(*reason),
                Class::EndMarker | Class::InlineRelated => {
                    Decision::Remove(RemovalReason::RelatedList)
                }
                Class::Stamp(_) | Class::Byline => Decision::Remove(RemovalReason::Metadata),
                Class::Caption => Decision::Keep(BlockKind::Caption),
                Class::Headline if self.title.is_none() && line.words() >= MIN_TITLE_WORDS => {
                    self.title = Some(i);
                    Decision::Keep(BlockKind::Title)
                }
                Class::Headline | Class::Body => Decision::Keep(BlockKind::Paragraph),
            };
        }
    }

    fn into_article(self, doc: &Document) -> Article {
        let id = doc.id.as_str();
        let mut blocks = Vec::new();
        let mut removed = Vec::new();
        for (line, decision) in self.lines.iter().zip(&self.decisions) {
            let lines = LineRange::line(line.no());
            match *decision {
                Decision::Keep(kind) => blocks.push(Block {
                    kind,
                    lines,
                    text: doc.text.piece_or_copy(block_text(kind, line.text)),
                }),
                // A run of neighbouring lines removed for one reason is one range (a file of a
                // million repeated lines costs one entry, not a million).
                Decision::Remove(reason) => match removed.last_mut() {
                    Some(Removed {
                        lines: run,
                        reason: same,
                    }) if *same == reason && run.last() + 1 == line.no() => {
                        *run = LineRange::new(run.first(), line.no());
                    }
                    _ => removed.push(Removed { lines, reason }),
                },
            }
        }
        let (title, title_source) = match self.title {
            Some(t) => (
                title::without_label(self.lines[t].text).to_string(),
                TitleSource::Headline,
            ),
            None => match blocks.iter().find(|b| b.kind == BlockKind::Paragraph) {
                Some(lead) => (title::title_from_lead(&lead.text), TitleSource::Lead),
                None => (id.to_string(), TitleSource::FileName),
            },
        };
        let (title, title_source) = if title.is_empty() {
            (id.to_string(), TitleSource::FileName)
        } else {
            (title, title_source)
        };
        let byline = (!self.bylines.is_empty()).then(|| self.bylines.join("; "));
        Article {
            title,
            title_source,
            published: self.published,
            byline,
            blocks,
            removed,
        }
    }
}

fn is_significant(class: &Class) -> bool {
    !matches!(class, Class::Junk(_) | Class::Caption | Class::Stamp(_))
}

/// "Nguồn", "Tác giả": a label whose value is missing.
fn is_bare_label(credit: &str) -> bool {
    credit.split_whitespace().count() <= 2 && !credit.contains(|c: char| c.is_uppercase()) || {
        let key = crate::text::exact_key(credit);
        key == "nguồn" || key == "tác giả" || key == "nguồn tin"
    }
}

/// "Ngày 24/10, …", "Sáng nay (8/12) …", "(Dân trí) - …": the opening of a news story.
fn is_new_story_lede(text: &str) -> bool {
    let key = crate::text::exact_key(text);
    if title::strip_dateline(text).len() < text.len() {
        return true;
    }
    let Some(cue) = lexicon::lexicon().new_story_cue_len(&key) else {
        return false;
    };
    // A day/month within a few characters of the time word.
    let window: String = key[cue..].chars().take(8).collect();
    let digits = window.find(|c: char| c.is_ascii_digit());
    digits.is_some_and(|d| window[d..].contains('/') || window[d..].contains('-'))
}

/// Block text: the line, minus scraping residue after a caption (" |").
fn block_text(kind: BlockKind, text: &str) -> &str {
    match kind {
        BlockKind::Caption => text.trim_end_matches('|').trim_end(),
        _ => text,
    }
}
