//! Search the French policy text on Chongqing's innovation strategy and its
//! glossary: typed, French-aware, bilingual, fast.
//!
//! The crate embeds a seven-paragraph French article and the eight glossary
//! entries that come with it (the Chengdu-Chongqing economic circle, the
//! « 416 » layout, the innovation corridor, four innovation hubs, the pilot
//! finance zone). It splits the article into sentence passages, links each
//! passage to the entries it mentions, and indexes everything with
//! [Tantivy](https://docs.rs/tantivy). Queries are insensitive to case,
//! accents and elision (`l’innovation` = `innovation`), match French plurals
//! and inflections by stem, tolerate typos, and understand English names
//! (`pilot finance zone`). Hits are typed and carry highlighted snippets.
//!
//! # Overview
//!
//! - [`Glossary`]: the loaded, indexed data. Start with [`Glossary::embedded`].
//! - [`Query`]: free text plus filters ([`HitKind`], [`Category`], [`Sector`]),
//!   paging and [`Typos`].
//! - [`Hit`]: one ranked result, an [`Entry`] or a [`Passage`] with a
//!   [`Snippet`]; [`SearchResults`] holds a page of them and the total count.
//! - [`Entry`] and [`Passage`]: the records, with typed ids ([`EntryId`],
//!   [`PassageId`]) and links ([`Glossary::mentions`], [`Entry::related`]).
//! - [`Error`]: everything that can go wrong, with the file, line and column
//!   for bad data.
//!
//! Beside search: [`Glossary::lookup`] (exact name, French or English),
//! [`Glossary::suggest`] (autocomplete), [`Glossary::entry`].
//!
//! # Example: search the embedded glossary
//!
//! ```
//! use chongqing_glossary::{Glossary, HitKind, Query};
//!
//! let glossary = Glossary::embedded()?;
//! let results = glossary.search(&Query::new("pôle d'innovation santé"))?;
//!
//! // The health-and-life hub is named by the query: it ranks first.
//! let best = &results.hits[0];
//! assert_eq!(best.kind(), HitKind::Entry);
//! assert_eq!(best.id(), "pole-innovation-sante-vie");
//!
//! // Snippets carry byte ranges of what matched.
//! for hit in &results.hits {
//!     let words: Vec<&str> = hit.snippet.highlighted().collect();
//!     println!("{:.2} {} {:?}", hit.score, hit.id(), words);
//! }
//! # Ok::<(), chongqing_glossary::Error>(())
//! ```
//!
//! # Example: load your own glossary
//!
//! A directory with `source.fr.txt` (one paragraph per line) and
//! `glossary.json` (the schema of `data/README.md`) loads the same way; the
//! index can live on disk and is reused while the data is unchanged.
//!
//! ```
//! use chongqing_glossary::{GlossaryBuilder, Query};
//!
//! let data = tempfile::tempdir()?;
//! std::fs::write(data.path().join("source.fr.txt"), "La zone pilote attire les startups.\n")?;
//! std::fs::write(
//!     data.path().join("glossary.json"),
//!     r#"[{"id": "zone-pilote", "term": "Zone pilote", "term_en": "Pilot zone",
//!          "category": "pilot-zone", "definition": null}]"#,
//! )?;
//! let index = tempfile::tempdir()?;
//! let glossary = GlossaryBuilder::new().data_dir(data.path()).index_dir(index.path()).build()?;
//! let mentions = glossary.mentions("zone-pilote")?;
//! assert_eq!(mentions[0].passage.id.to_string(), "p1.s1");
//! assert_eq!(glossary.search(&Query::new("startup"))?.total_hits, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Data
//!
//! `data/source.fr.txt` is the article, verbatim; `data/glossary.json` holds
//! the entries, whose French terms and definitions are verbatim from the same
//! source document and whose English names and aliases were written for this
//! crate. The source gives no definition for the « 416 » layout, so its
//! `definition` is `None`. Both files are compiled in ([`EMBEDDED_SOURCE`],
//! [`EMBEDDED_GLOSSARY`]); `data/README.md` documents provenance and schema.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod analysis;
mod corpus;
mod error;
mod glossary;
mod index;
mod json_spans;
mod model;
mod search;
mod suggest;
mod text;
mod typo;
mod vocabulary;

pub use corpus::{GLOSSARY_FILE, SOURCE_FILE};
pub use error::{Error, IndexError, Result};
pub use glossary::{Glossary, GlossaryBuilder, EMBEDDED_GLOSSARY, EMBEDDED_SOURCE};
pub use index::{IndexOrigin, MANIFEST_FILE, SCHEMA_VERSION};
pub use model::{
    Category, Entry, EntryId, HitKind, Mention, ParseError, Passage, PassageId, Sector,
};
pub use search::{
    Hit, Query, Record, SearchResults, Snippet, Typos, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_BYTES,
    MAX_QUERY_WORDS, SNIPPET_MAX_BYTES,
};
pub use suggest::{LabelKind, Suggestion};
pub use typo::{typo_budget, MAX_TYPO_EXPANSIONS};

/// The README's Rust snippets, run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
