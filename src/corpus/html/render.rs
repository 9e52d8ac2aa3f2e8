//! A DOM to text blocks: headings, paragraphs, list items, captions, quotes, preformatted lines
//! and table rows, in document order, each with the page area it sits in (see [`Area`]).
//!
//! Rules: scripts, styles, forms' controls, embedded media and hidden elements (`hidden`,
//! `aria-hidden`, `display:none`, screen-reader-only classes) are not rendered; block-level
//! elements start a new block; `<br>` starts a new line, two in a row a new block; white space is
//! collapsed except in `<pre>`; table cells are joined by ` | `. The walk is iterative, so a deeply
//! nested page renders without exhausting the stack.

use crate::corpus::markup::{Area, Links, Role};
use dom_query::{NodeData, NodeRef};
use std::collections::HashMap;

/// Most of a block's text must be link text for the block to count as a link.
const LINKED_SHARE_PERCENT: usize = 80;

/// A rendered block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageBlock {
    /// Lines of the block, trimmed, none empty.
    pub lines: Vec<String>,
    pub role: Role,
    pub links: Links,
    /// The area the block is in: the innermost hint, until [`resolve_areas`] weighs them.
    pub area: Area,
    /// Area hints of the elements around the block, outermost first.
    pub hints: Vec<AreaHint>,
}

/// An element announcing a page area, and which element it is (elements are numbered in
/// document order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AreaHint {
    pub area: Area,
    pub element: u32,
}

/// An element holding more than this share of the main content's characters is a wrapper of the
/// article, whatever its class says ("post status-publish" is not a metadata box).
const MAX_AREA_MAIN_PERCENT: usize = 30;

/// Sets each block's area to its innermost hint from an element that does not hold much of
/// the main content (`main`: which blocks are main content).
pub(crate) fn resolve_areas(blocks: &mut [PageBlock], main: &[bool]) {
    let chars = |b: &PageBlock| b.lines.iter().map(|l| l.chars().count()).sum::<usize>();
    let mut total = 0;
    let mut inside: HashMap<u32, usize> = HashMap::new();
    for (block, _) in blocks.iter().zip(main).filter(|(_, m)| **m) {
        let c = chars(block);
        total += c;
        for hint in &block.hints {
            *inside.entry(hint.element).or_default() += c;
        }
    }
    for block in blocks {
        block.area = block
            .hints
            .iter()
            .rev()
            .find(|h| {
                inside.get(&h.element).copied().unwrap_or(0) * 100 <= total * MAX_AREA_MAIN_PERCENT
            })
            .map_or(Area::Content, |h| h.area);
    }
}

/// The rendered blocks and the deepest element nesting met.
#[derive(Debug, Default)]
pub(crate) struct Rendering {
    pub blocks: Vec<PageBlock>,
    pub depth: usize,
}

/// How an element takes part in rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not rendered, nor anything inside.
    Skip,
    /// Starts and ends a block; may give its text a role.
    Block(Option<Role>),
    /// Ends the current line.
    LineBreak,
    /// A table cell: joined to the previous one with ` | `.
    Cell,
    Link,
    /// Preformatted: white space kept.
    Pre,
    Inline,
}

/// What the walk needs to know about an element, read in one borrow of the tree.
#[derive(Debug, Clone, Copy)]
struct ElementInfo {
    kind: Kind,
    area: Option<Area>,
    /// `<article>` or `<main>`: page headers and footers inside belong to the story.
    story: bool,
    /// `<header>`, `<footer>`: navigation unless inside the story.
    page_edge: bool,
}

enum Step<'a> {
    Enter(NodeRef<'a>, usize),
    Leave(Frame),
}

/// What to undo when leaving an element.
#[derive(Debug, Clone, Copy)]
struct Frame {
    kind: Kind,
    pushed_role: bool,
    pushed_area: bool,
    story: bool,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<PageBlock>,
    lines: Vec<String>,
    line: String,
    /// A space is due before the next visible character.
    space: bool,
    chars: usize,
    link_chars: usize,
    links: usize,
    pre: usize,
    roles: Vec<Role>,
    areas: Vec<AreaHint>,
    /// Elements with an area hint seen so far.
    hinted: u32,
    stories: usize,
    /// `<br>` seen since the last text on this line.
    breaks: usize,
}

/// Renders the subtree under `root` (a document, fragment or element).
pub(crate) fn render(root: NodeRef<'_>) -> Rendering {
    let mut w = Walker::default();
    let mut depth = 0;
    let mut stack = vec![];
    push_children(&mut stack, root, 1);
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(frame) => w.leave(frame),
            Step::Enter(node, level) => {
                depth = depth.max(level);
                let item = node.query(|n| match &n.data {
                    NodeData::Text { contents } => Some(Err(contents.to_string())),
                    NodeData::Element(e) => Some(Ok(element_info(e))),
                    NodeData::Document | NodeData::Fragment => Some(Ok(ElementInfo {
                        kind: Kind::Inline,
                        area: None,
                        story: false,
                        page_edge: false,
                    })),
                    _ => None,
                });
                match item.flatten() {
                    Some(Err(text)) => w.text(&text),
                    Some(Ok(info)) if info.kind != Kind::Skip => {
                        let frame = w.enter(info);
                        stack.push(Step::Leave(frame));
                        push_children(&mut stack, node, level + 1);
                    }
                    _ => {}
                }
            }
        }
    }
    w.flush();
    Rendering {
        blocks: w.blocks,
        depth,
    }
}

fn push_children<'a>(stack: &mut Vec<Step<'a>>, node: NodeRef<'a>, level: usize) {
    stack.extend(node.children_it(true).map(|c| Step::Enter(c, level)));
}

impl Walker {
    fn enter(&mut self, info: ElementInfo) -> Frame {
        match info.kind {
            Kind::Block(_) | Kind::Pre => self.flush(),
            Kind::LineBreak => self.line_break(),
            Kind::Cell if !self.line.is_empty() => {
                self.line.push_str(" | ");
                self.space = false;
            }
            Kind::Link => self.links += 1,
            _ => {}
        }
        if info.kind == Kind::Pre {
            self.pre += 1;
        }
        let role = match info.kind {
            Kind::Block(role) => role,
            Kind::Pre => Some(Role::Code),
            _ => None,
        };
        if let Some(role) = role {
            self.roles.push(role);
        }
        let area = info
            .area
            .or((info.page_edge && self.stories == 0).then_some(Area::Navigation));
        if let Some(area) = area {
            self.hinted += 1;
            self.areas.push(AreaHint {
                area,
                element: self.hinted,
            });
        }
        if info.story {
            self.stories += 1;
        }
        Frame {
            kind: info.kind,
            pushed_role: role.is_some(),
            pushed_area: area.is_some(),
            story: info.story,
        }
    }

    fn leave(&mut self, frame: Frame) {
        match frame.kind {
            Kind::Block(_) | Kind::Pre => self.flush(),
            Kind::Link => self.links -= 1,
            _ => {}
        }
        if frame.kind == Kind::Pre {
            self.pre -= 1;
        }
        if frame.pushed_role {
            self.roles.pop();
        }
        if frame.pushed_area {
            self.areas.pop();
        }
        if frame.story {
            self.stories -= 1;
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            let mut parts = text.split('\n');
            if let Some(first) = parts.next() {
                self.push_verbatim(first);
            }
            for part in parts {
                self.end_line();
                self.push_verbatim(part);
            }
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.space = false;
                self.push_char(c);
            }
        }
    }

    fn push_verbatim(&mut self, part: &str) {
        for c in part.chars() {
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        self.line.push(c);
        self.breaks = 0;
        if !c.is_whitespace() {
            self.chars += 1;
            if self.links > 0 {
                self.link_chars += 1;
            }
        }
    }

    /// `<br>`: a new line; a second one with nothing between ends the block.
    fn line_break(&mut self) {
        self.breaks += 1;
        if self.breaks >= 2 {
            self.flush();
        } else {
            self.end_line();
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let trimmed = if self.pre > 0 {
            line.trim_end()
        } else {
            line.trim()
        };
        if !trimmed.is_empty() {
            self.lines.push(trimmed.to_string());
        }
        self.space = false;
    }

    /// Ends the current block, if it has any text.
    fn flush(&mut self) {
        self.end_line();
        self.breaks = 0;
        let lines = std::mem::take(&mut self.lines);
        let (chars, link_chars) = (self.chars, self.link_chars);
        self.chars = 0;
        self.link_chars = 0;
        if chars == 0 {
            return;
        }
        self.blocks.push(PageBlock {
            lines,
            role: self.roles.last().copied().unwrap_or(Role::Paragraph),
            links: if link_chars * 100 >= chars * LINKED_SHARE_PERCENT {
                Links::Most
            } else if link_chars > 0 {
                Links::Some
            } else {
                Links::None
            },
            area: self.areas.last().map(|h| h.area).unwrap_or_default(),
            hints: self.areas.clone(),
        });
    }
}

fn element_info(e: &dom_query::Element) -> ElementInfo {
    let name = e.name.local.as_ref();
    let attr = |key: &str| {
        e.attrs
            .iter()
            .find(|a| a.name.local.as_ref() == key)
            .map(|a| a.value.as_ref())
    };
    let class = attr("class").unwrap_or("");
    let id = attr("id").unwrap_or("");
    let hidden = attr("hidden").is_some()
        || attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || attr("style").is_some_and(hides_by_style)
        || has_hidden_class(class);
    let kind = if hidden { Kind::Skip } else { tag_kind(name) };
    let role_attr = attr("role").unwrap_or("");
    ElementInfo {
        kind,
        area: area_of(name, role_attr, class, id),
        story: matches!(name, "article" | "main"),
        page_edge: matches!(name, "header" | "footer"),
    }
}

fn tag_kind(name: &str) -> Kind {
    match name {
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
        | "embed" | "canvas" | "head" | "title" | "select" | "option" | "button" | "input"
        | "textarea" | "audio" | "video" | "source" | "track" | "map" | "dialog" => Kind::Skip,
        "h1" => Kind::Block(Some(Role::Heading(1))),
        "h2" => Kind::Block(Some(Role::Heading(2))),
        "h3" => Kind::Block(Some(Role::Heading(3))),
        "h4" => Kind::Block(Some(Role::Heading(4))),
        "h5" => Kind::Block(Some(Role::Heading(5))),
        "h6" => Kind::Block(Some(Role::Heading(6))),
        "li" | "dt" | "dd" => Kind::Block(Some(Role::ListItem)),
        "figcaption" | "caption" => Kind::Block(Some(Role::Caption)),
        "blockquote" => Kind::Block(Some(Role::Quote)),
        "tr" => Kind::Block(Some(Role::TableRow)),
        "pre" | "listing" | "xmp" | "plaintext" => Kind::Pre,
        "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside"
        | "ul" | "ol" | "dl" | "figure" | "table" | "thead" | "tbody" | "tfoot" | "address"
        | "details" | "summary" | "form" | "fieldset" | "legend" | "center" | "hgroup" | "hr"
        | "body" | "html" | "menu" | "picture" => Kind::Block(None),
        "td" | "th" => Kind::Cell,
        "br" => Kind::LineBreak,
        "a" => Kind::Link,
        _ => Kind::Inline,
    }
}

/// Inline `display:none` or `visibility:hidden`.
fn hides_by_style(style: &str) -> bool {
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    style.contains("display:none") || style.contains("visibility:hidden")
}

/// The usual screen-reader-only and hiding classes.
fn has_hidden_class(class: &str) -> bool {
    const HIDDEN_CLASSES: [&str; 6] = [
        "hidden",
        "visually-hidden",
        "visuallyhidden",
        "sr-only",
        "screen-reader-text",
        "screen-reader-only",
    ];
    class
        .split_ascii_whitespace()
        .any(|c| HIDDEN_CLASSES.iter().any(|h| c.eq_ignore_ascii_case(h)))
}

/// The page area an element announces by its tag, ARIA role or class/id names.
fn area_of(name: &str, role: &str, class: &str, id: &str) -> Option<Area> {
    match name {
        "nav" | "menu" => return Some(Area::Navigation),
        "aside" => return Some(Area::Related),
        "time" => return Some(Area::Metadata),
        // Page-wide classes ("has-ads", "header-spacing") say nothing about one part.
        "html" | "body" | "main" | "article" => return None,
        _ => {}
    }
    match role {
        "navigation" | "menubar" | "menu" | "banner" | "contentinfo" => {
            return Some(Area::Navigation)
        }
        "complementary" => return Some(Area::Related),
        _ => {}
    }
    let names = class
        .split_ascii_whitespace()
        .chain(id.split_ascii_whitespace());
    // The strongest hint wins: related boxes and furniture over navigation over metadata.
    names
        .filter_map(|token| area_of_name(&token.to_ascii_lowercase()))
        .min_by_key(|area| match area {
            Area::Related | Area::Furniture => 0,
            Area::Navigation => 1,
            Area::Metadata | Area::Content => 2,
        })
}

/// One class or id token: `related-news`, `box_share`, `breadcrumb`, `ads`.
fn area_of_name(token: &str) -> Option<Area> {
    const RELATED: [&str; 12] = [
        "related",
        "relate",
        "recommend",
        "trending",
        "popular",
        "mostread",
        "most-read",
        "most_read",
        "lienquan",
        "lien-quan",
        "morestories",
        "more-stories",
    ];
    const FURNITURE: [&str; 9] = [
        "share",
        "sharing",
        "social",
        "advert",
        "sponsor",
        "comment",
        "newsletter",
        "subscribe",
        "paywall",
    ];
    const FURNITURE_WORDS: [&str; 4] = ["ad", "ads", "banner", "promo"];
    const NAVIGATION: [&str; 6] = [
        "breadcrumb",
        "navbar",
        "navigation",
        "menu",
        "site-header",
        "site-footer",
    ];
    const NAVIGATION_WORDS: [&str; 3] = ["nav", "header", "footer"];
    const METADATA: [&str; 7] = [
        "byline",
        "author",
        "dateline",
        "timestamp",
        "pubdate",
        "publish",
        "posted",
    ];
    const METADATA_WORDS: [&str; 4] = ["date", "time", "meta", "updated"];
    let words = || token.split(['-', '_']);
    if RELATED.iter().any(|r| token.contains(r)) {
        Some(Area::Related)
    } else if FURNITURE.iter().any(|f| token.contains(f))
        || words().any(|w| FURNITURE_WORDS.contains(&w))
    {
        Some(Area::Furniture)
    } else if NAVIGATION.iter().any(|n| token.contains(n)) || NAVIGATION_WORDS.contains(&token) {
        Some(Area::Navigation)
    } else if METADATA.iter().any(|m| token.contains(m))
        || words().any(|w| METADATA_WORDS.contains(&w))
    {
        Some(Area::Metadata)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn blocks(html: &str) -> Vec<PageBlock> {
        let doc = Document::from(html);
        render(doc.root()).blocks
    }

    impl PageBlock {
        fn text(&self) -> String {
            self.lines.join(" ")
        }
    }

    fn texts(html: &str) -> Vec<String> {
        blocks(html).iter().map(PageBlock::text).collect()
    }

    #[test]
    fn blocks_roles_and_whitespace() {
        let b = blocks(
            "<body><h1> Tiêu  đề </h1><p>Một <b>đoạn</b>\n văn.</p><ul><li>Mục <a href=x>một</a></li></ul>\
             <figure><img alt='ảnh'><figcaption>Chú thích</figcaption></figure>\
             <table><tr><td>a</td><td>b</td></tr></table><pre>x = 1\n  y</pre></body>",
        );
        let got: Vec<(String, Role)> = b.iter().map(|b| (b.text(), b.role)).collect();
        assert_eq!(
            got,
            [
                ("Tiêu đề".to_string(), Role::Heading(1)),
                ("Một đoạn văn.".to_string(), Role::Paragraph),
                ("Mục một".to_string(), Role::ListItem),
                ("Chú thích".to_string(), Role::Caption),
                ("a | b".to_string(), Role::TableRow),
                ("x = 1   y".to_string(), Role::Code),
            ]
        );
        assert_eq!(b[5].lines, ["x = 1", "  y"]);
    }

    #[test]
    fn hidden_and_script_text_is_not_rendered() {
        assert_eq!(
            texts(
                "<p>A<script>var x=1</script><span class='sr-only'>ẩn</span>\
                 <span style='display: none'>ẩn</span><span aria-hidden='true'>ẩn</span>B</p>"
            ),
            ["AB"]
        );
    }

    #[test]
    fn line_breaks_and_double_breaks() {
        let b = blocks("<div>một<br>hai<br><br>ba</div>");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].lines, ["một", "hai"]);
        assert_eq!(b[1].lines, ["ba"]);
    }

    #[test]
    fn areas_and_links() {
        let b = blocks(
            "<body><header><a href=/>Trang chủ</a></header><article><header><h1>Tin</h1></header>\
             <p>Thân bài.</p><div class='box-tinlienquan related-news'><a href=/a>Tin khác</a></div>\
             <div class='social-share'>Chia sẻ</div></article><footer>Bản quyền</footer></body>",
        );
        let got: Vec<(String, Area, bool)> = b
            .iter()
            .map(|b| (b.text(), b.area, b.links == Links::Most))
            .collect();
        assert_eq!(
            got,
            [
                ("Trang chủ".to_string(), Area::Navigation, true),
                ("Tin".to_string(), Area::Content, false),
                ("Thân bài.".to_string(), Area::Content, false),
                ("Tin khác".to_string(), Area::Related, true),
                ("Chia sẻ".to_string(), Area::Furniture, false),
                ("Bản quyền".to_string(), Area::Navigation, false),
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        // Parsing itself is quadratic in nesting (see `plain`): a depth the parser allows.
        let depth = 3_000;
        let html = format!("{}chữ{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let r = render(Document::from(html.as_str()).root());
        assert_eq!(r.blocks.len(), 1);
        assert!(r.depth > depth);
    }
}
