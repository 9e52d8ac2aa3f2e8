//! One discovered file to its documents: a feed gives one document per item, any other file one.
//!
//! Feeds are recognised by content. Files named `.txt`, `.md`, `.markdown`, `.html`, `.htm`,
//! `.xhtml` are articles whatever they hold; any other file is looked at: a feed is read as one, a `.xml`, `.rss`,
//! `.atom` or `.json` file that is not a feed is skipped (it is data, not an article), and a file
//! of another name (only reached when named explicitly) is read as text.

use super::feed::{self, Feed, FeedItem};
use super::web::url_id;
use super::{
    document_id, file_origin, load_file, load_html_fragment, load_plain, read_head, Ending,
    LoadOptions, Loaded, Metadata, Origin, Skipped, Source,
};
use std::path::Path;

/// Files read as articles without looking for a feed in them.
pub(super) const ARTICLE_EXTENSIONS: [&str; 6] = ["txt", "md", "markdown", "html", "htm", "xhtml"];
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
    load_plain(&bytes, file_origin(path), ending, options.max_bytes).map(|loaded| vec![loaded])
}

/// Every item of a feed as a teaser document (the item's own text), or why there are none.
fn feed_teasers(feed: &Feed, feed_id: &str, path: &Path) -> Result<Vec<Loaded>, String> {
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
    let origin = Origin {
        id,
        path: path.to_path_buf(),
        url: item.link.clone(),
        source: Source::Feed,
        charset: None,
    };
    let html = item.content_html.as_deref().unwrap_or("");
    load_html_fragment(html, origin, item_metadata(item))
}

/// What a feed says of an item, as a document's metadata.
pub fn item_metadata(item: &FeedItem) -> Metadata {
    Metadata {
        title: item.title.clone(),
        published: item.published.clone(),
        byline: item.author.clone(),
    }
}
