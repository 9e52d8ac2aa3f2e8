//! One discovered file to its documents: a feed gives one document per item, any other file one.
//!
//! Feeds are recognised by content. Files named `.txt`, `.md`, `.html`, `.htm` are articles
//! whatever they hold; any other file is looked at: a feed is read as one, a `.xml`, `.rss`,
//! `.atom` or `.json` file that is not a feed is skipped (it is data, not an article), and a file
//! of another name (only reached when named explicitly) is read as text.

use super::feed::{self, Feed, FeedItem};
use super::web::url_id;
use super::{
    document_id, load_file, load_text, read_head, Document, Ending, LoadOptions, Loaded, Metadata,
    Skipped, Source, Warning,
};
use std::path::Path;

/// Files read as articles without looking for a feed in them.
const ARTICLE_EXTENSIONS: [&str; 4] = ["txt", "md", "html", "htm"];
/// Files that are feeds or nothing.
pub(super) const FEED_EXTENSIONS: [&str; 4] = ["xml", "rss", "atom", "json"];

/// Reads one file: its documents (several for a feed), or why none.
pub fn load_path(path: &Path, options: &LoadOptions) -> Result<Vec<Loaded>, Skipped> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ARTICLE_EXTENSIONS.contains(&extension.as_str()) {
        return load_file(path, options).map(|loaded| vec![loaded]);
    }
    let skipped = |reason: String| Skipped {
        path: path.to_path_buf(),
        reason,
    };
    let (bytes, ending) = read_head(path, options.max_bytes).map_err(|r| skipped(r.to_string()))?;
    if feed::looks_like_feed(&bytes) {
        let parsed = feed::parse(&bytes, None).map_err(|e| {
            let cut = if ending == Ending::Truncated {
                " (cut at --max-bytes)"
            } else {
                ""
            };
            skipped(format!("{e}{cut}"))
        })?;
        return feed_teasers(&parsed, &document_id(path), path).map_err(skipped);
    }
    if FEED_EXTENSIONS.contains(&extension.as_str()) {
        return Err(skipped(feed::FeedError::NotAFeed.to_string()));
    }
    let document = Document::from_text(document_id(path), path, "");
    load_text(bytes, ending, document, options)
        .map(|loaded| vec![loaded])
        .map_err(|r| skipped(r.to_string()))
}

/// Every item of a feed as a teaser document (the item's own text), or why there are none.
pub fn feed_teasers(feed: &Feed, feed_id: &str, path: &Path) -> Result<Vec<Loaded>, String> {
    if feed.items.is_empty() {
        return Err("feed with no items".into());
    }
    Ok(feed
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| teaser(item, item_id(item, feed_id, n), path))
        .collect())
}

/// An item's id: from its link like a web page's, else the feed's id and its position.
pub fn item_id(item: &FeedItem, feed_id: &str, index: usize) -> String {
    match &item.link {
        Some(link) => url_id(link),
        None => format!("{feed_id}-{}", index + 1),
    }
}

/// One feed item as a document of source `feed`: the item's content (or summary) rendered, its
/// title, date and author as metadata, its link as the document's URL.
pub fn teaser(item: &FeedItem, id: String, path: &Path) -> Loaded {
    let mut document = Document::from_text(id, path, fragment_text(item));
    document.source = Source::Feed;
    document.url = item.link.clone();
    document.meta = item_metadata(item);
    Loaded {
        document,
        warnings: Vec::<Warning>::new(),
    }
}

/// What a feed says of an item, as a document's metadata.
pub fn item_metadata(item: &FeedItem) -> Metadata {
    Metadata {
        title: item.title.clone(),
        published: item.published.clone(),
        byline: item.author.clone(),
    }
}

/// Until the HTML renderer lands: the item's title and its content's text, tags dropped.
fn fragment_text(item: &FeedItem) -> String {
    let mut text = item.title.clone().unwrap_or_default();
    if let Some(html) = &item.content_html {
        let mut plain = String::new();
        let mut in_tag = false;
        for c in html.replace("</p>", "\n\n").replace("<br>", "\n").chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        text.push_str("\n\n");
        text.push_str(plain.trim());
    }
    super::sanitize(&text)
}
