//! Markdown files to [`Document`]s: parsed with pulldown-cmark (CommonMark plus tables,
//! strikethrough, task lists and YAML front matter) and rendered to text — headings, emphasis,
//! links and code shown as their text, list items with a bullet or their number, table cells
//! joined by ` | `, an image standing alone as a caption of its description.
//!
//! Line numbers are the file's: each piece of text is rendered on the line it was written on, so
//! a paragraph written on lines 5–7 is a block of lines 5–7 and removed-line ranges point into the
//! file. Only HTML blocks, rendered with the HTML renderer, may take more lines than they had.
//! Front matter (`---` … `---`) gives the title, date and author and is not shown.

use super::markup::{BlockSpec, Rendered, Role};
use super::{html, Metadata};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Rendered text of a Markdown source, its blocks and its front-matter metadata.
pub(crate) struct RenderedMarkdown {
    pub rendered: Rendered,
    pub meta: Metadata,
}

/// A block being collected: its role and text per source line.
struct Open {
    role: Role,
    /// (0-based source line, text) in line order.
    lines: Vec<(usize, String)>,
    /// Put before the first text (a list bullet or number).
    prefix: Option<String>,
    /// Text that is not an image description.
    has_text: bool,
    /// An image's description and source line, for an image standing alone.
    image_alt: String,
    image_line: Option<usize>,
}

struct Renderer {
    /// Byte offset of the start of each source line.
    line_starts: Vec<usize>,
    out: Rendered,
    open: Option<Open>,
    lists: Vec<Option<u64>>,
    quotes: usize,
    items: usize,
    in_image: usize,
    in_code: bool,
    in_html: Option<(usize, String)>,
    front_matter: Option<String>,
    in_front_matter: bool,
}

/// Renders Markdown `source` (already sanitised text).
pub(crate) fn render(source: &str) -> RenderedMarkdown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut r = Renderer {
        line_starts: std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        out: Rendered::default(),
        open: None,
        lists: Vec::new(),
        quotes: 0,
        items: 0,
        in_image: 0,
        in_code: false,
        in_html: None,
        front_matter: None,
        in_front_matter: false,
    };
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        r.event(event, range.start);
    }
    r.close();
    let meta = r
        .front_matter
        .as_deref()
        .map(front_matter)
        .unwrap_or_default();
    RenderedMarkdown {
        rendered: r.out,
        meta,
    }
}

impl Renderer {
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    fn event(&mut self, event: Event<'_>, at: usize) {
        match event {
            Event::Start(tag) => self.start(tag, at),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, at),
            Event::Code(code) => self.inline(&code, at),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.inline(&math, at),
            Event::Html(html) => {
                if let Some((_, buffer)) = &mut self.in_html {
                    buffer.push_str(&html);
                }
            }
            Event::FootnoteReference(label) => self.inline(&format!("[{label}]"), at),
            Event::TaskListMarker(done) => self.inline(if done { "[x]" } else { "[ ]" }, at),
            Event::InlineHtml(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        match tag {
            Tag::Paragraph => {
                let continues_item = self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.role == Role::ListItem && o.lines.is_empty());
                if !continues_item {
                    let role = self.body_role();
                    self.begin(role, None);
                }
            }
            Tag::Heading { level, .. } => self.begin(Role::Heading(heading_level(level)), None),
            Tag::BlockQuote(_) => {
                self.close();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                self.begin(Role::Code, None);
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.close();
                self.in_html = Some((self.line_of(at), String::new()));
            }
            Tag::List(start) => {
                self.close();
                self.lists.push(start);
            }
            Tag::Item => {
                self.items += 1;
                let prefix = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let p = format!("{n}. ");
                        *n += 1;
                        p
                    }
                    _ => "• ".to_string(),
                };
                self.begin(Role::ListItem, Some(prefix));
            }
            Tag::FootnoteDefinition(label) => {
                self.begin(Role::Paragraph, Some(format!("[{label}] ")));
            }
            Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.begin(Role::ListItem, None)
            }
            Tag::TableHead | Tag::TableRow => self.begin(Role::TableRow, None),
            Tag::TableCell => {
                if let Some(open) = &mut self.open {
                    if let Some((_, last)) = open.lines.last_mut() {
                        if !last.is_empty() {
                            last.push_str(" | ");
                        }
                    }
                }
            }
            Tag::Image { .. } => {
                self.in_image += 1;
                let line = self.line_of(at);
                if let Some(open) = &mut self.open {
                    open.image_line.get_or_insert(line);
                }
            }
            Tag::MetadataBlock(_) => {
                self.close();
                self.in_front_matter = true;
            }
            Tag::Table(_)
            | Tag::DefinitionList
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.close(),
            TagEnd::CodeBlock => {
                self.close();
                self.in_code = false;
            }
            TagEnd::Item => {
                self.close();
                self.items = self.items.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.close();
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.close();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::HtmlBlock => self.html_block(),
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            TagEnd::MetadataBlock(_) => self.in_front_matter = false,
            _ => {}
        }
    }

    /// Role of a paragraph here: continuing a list item, inside a quote, or plain.
    fn body_role(&self) -> Role {
        if self.items > 0 {
            Role::ListItem
        } else if self.quotes > 0 {
            Role::Quote
        } else {
            Role::Paragraph
        }
    }

    fn begin(&mut self, role: Role, prefix: Option<String>) {
        self.close();
        self.open = Some(Open {
            role,
            lines: Vec::new(),
            prefix,
            has_text: false,
            image_alt: String::new(),
            image_line: None,
        });
    }

    fn text(&mut self, text: &str, at: usize) {
        if self.in_front_matter {
            self.front_matter
                .get_or_insert_with(String::new)
                .push_str(text);
            return;
        }
        if self.in_image > 0 {
            if let Some(open) = &mut self.open {
                open.image_alt.push_str(text);
            }
            return;
        }
        if self.in_code {
            let first = self.line_of(at);
            for (k, piece) in text.split('\n').enumerate() {
                if !piece.is_empty() {
                    self.append(first + k, piece.trim_end());
                }
            }
            return;
        }
        self.inline(text, at);
    }

    fn inline(&mut self, text: &str, at: usize) {
        let line = self.line_of(at);
        self.append(line, &text.replace('\n', " "));
    }

    fn append(&mut self, line: usize, text: &str) {
        if self.open.is_none() {
            let role = self.body_role();
            self.begin(role, None);
        }
        let Some(open) = &mut self.open else {
            return;
        };
        open.has_text |= !text.trim().is_empty();
        let prefix = open.prefix.take().unwrap_or_default();
        match open.lines.last_mut() {
            Some((l, buffer)) if *l >= line => {
                buffer.push_str(&prefix);
                buffer.push_str(text);
            }
            _ => open.lines.push((line, format!("{prefix}{text}"))),
        }
    }

    /// Ends the open block and places it on its source lines.
    fn close(&mut self) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        if !open.has_text && !open.image_alt.trim().is_empty() {
            // An image alone: its description is a caption.
            let line = open
                .image_line
                .or(open.lines.first().map(|(l, _)| *l))
                .unwrap_or(0);
            open.lines = vec![(line, open.image_alt.trim().to_string())];
            open.role = Role::Caption;
        } else if !open.has_text {
            return;
        }
        let Some(&(first, _)) = open.lines.first() else {
            return;
        };
        let last = open.lines.last().map_or(first, |(l, _)| *l);
        let mut lines = vec![String::new(); last - first + 1];
        for (l, text) in open.lines {
            let slot = &mut lines[l - first];
            if !slot.is_empty() {
                slot.push(' ');
            }
            slot.push_str(if open.role == Role::Code {
                text.trim_end()
            } else {
                text.trim()
            });
        }
        self.out
            .place(first + 1, &lines, BlockSpec::content(open.role));
    }

    /// An HTML block: rendered with the HTML renderer, placed from its first line on.
    fn html_block(&mut self) {
        let Some((line, html)) = self.in_html.take() else {
            return;
        };
        let loaded = html::load_html_fragment(&html, fragment_origin(), Metadata::default());
        let Some(markup) = loaded.document.markup else {
            return;
        };
        let text_lines: Vec<&str> = loaded.document.text.split('\n').collect();
        let mut next = line + 1;
        for block in markup.blocks {
            let lines: Vec<String> = text_lines[block.first - 1..block.last]
                .iter()
                .map(|l| l.to_string())
                .collect();
            let role = if block.role == Role::Paragraph {
                self.body_role()
            } else {
                block.role
            };
            self.out.place(next, &lines, BlockSpec::content(role));
            next = self.out.lines + 1;
        }
    }
}

fn fragment_origin() -> html::Origin {
    html::Origin {
        id: String::new(),
        path: std::path::PathBuf::new(),
        url: None,
        source: super::Source::Markdown,
        charset: None,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `title:`, `date:` and `author:` of YAML front matter (simple `key: value` lines).
fn front_matter(yaml: &str) -> Metadata {
    let mut meta = Metadata::default();
    for line in yaml.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => meta.title = Some(value.to_string()),
            "date" | "published" => meta.published = super::iso_date(value),
            "author" | "authors" | "byline" => meta.byline = Some(value.to_string()),
            _ => {}
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(md: &str) -> Vec<String> {
        render(md)
            .rendered
            .text
            .split('\n')
            .map(String::from)
            .collect()
    }

    #[test]
    fn markup_is_rendered_on_its_own_lines() {
        let md = "# Giá **vàng** tăng\n\nMột [đoạn](http://x) *văn*\ncó `mã` hai dòng.\n\n- mục một\n- mục hai\n\n1. số\n2. hai\n";
        let r = render(md);
        assert_eq!(
            r.rendered.text.split('\n').collect::<Vec<_>>(),
            [
                "Giá vàng tăng",
                "",
                "Một đoạn văn",
                "có mã hai dòng.",
                "",
                "• mục một",
                "• mục hai",
                "",
                "1. số",
                "2. hai"
            ]
        );
        let spans: Vec<(usize, usize, Role)> = r
            .rendered
            .markup
            .blocks
            .iter()
            .map(|b| (b.first, b.last, b.role))
            .collect();
        assert_eq!(
            spans,
            [
                (1, 1, Role::Heading(1)),
                (3, 4, Role::Paragraph),
                (6, 6, Role::ListItem),
                (7, 7, Role::ListItem),
                (9, 9, Role::ListItem),
                (10, 10, Role::ListItem)
            ]
        );
    }

    #[test]
    fn front_matter_code_quotes_tables_images() {
        let md = "---\ntitle: \"Tiêu đề\"\ndate: 2025-05-09\nauthor: Minh Anh\n---\n\n> Trích dẫn\n\n```rust\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![Cầu Rồng về đêm](cau.jpg)\n";
        let r = render(md);
        assert_eq!(r.meta.title.as_deref(), Some("Tiêu đề"));
        assert_eq!(r.meta.published.as_deref(), Some("2025-05-09"));
        assert_eq!(r.meta.byline.as_deref(), Some("Minh Anh"));
        let l = lines(md);
        assert_eq!(l[0], "");
        assert_eq!(l[6], "Trích dẫn");
        assert_eq!(l[9], "let x = 1;");
        assert_eq!(l[12], "a | b");
        assert_eq!(l[14], "1 | 2");
        assert_eq!(l[16], "Cầu Rồng về đêm");
        let roles: Vec<Role> = r.rendered.markup.blocks.iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            [
                Role::Quote,
                Role::Code,
                Role::TableRow,
                Role::TableRow,
                Role::Caption
            ]
        );
    }

    #[test]
    fn nested_lists_and_html_blocks() {
        let md = "- một\n  - hai\n- ba\n\n<div>Khối <b>HTML</b></div>\n";
        let l = lines(md);
        assert_eq!(l, ["• một", "• hai", "• ba", "", "Khối HTML"]);
    }
}
