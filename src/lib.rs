//! soi — a terminal reader for news articles.
//!
//! Data flows one way: files → [`corpus::Document`] → [`clean::Article`] (cleaned blocks)
//! → [`extract::RawMention`]s and [`facts::Fact`]s → [`link::Entity`]s and the
//! [`facts::FactIndex`] → TUI view state → frame.
//! Everything but `tui` is terminal-free and usable on its own (`soi export`).

pub mod assets;
pub mod bench;
pub mod cache;
pub mod clean;
pub mod corpus;
pub mod export;
pub mod extract;
pub mod facts;
pub mod link;
pub mod pipeline;
pub mod snapshot;
pub mod text;
pub mod tui;
