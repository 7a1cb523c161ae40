//! The crate's one error type.

use std::path::PathBuf;

/// A specialized `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when loading, indexing or searching a glossary.
///
/// Messages are lowercase, without a trailing period, and name what is wrong:
/// the file (with line and column for data), the entry id, or the query.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A data file could not be read (missing, unreadable, a directory ...).
    #[error("cannot read {}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },

    /// A data file is not valid: bad UTF-8, malformed JSON, an unknown field,
    /// an empty term, a sector on an entry that is not a hub ...
    #[error("{}:{line}:{column}: {message}", path.display())]
    Data {
        /// The file (for embedded data, its path in the crate, such as `data/glossary.json`).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, counted in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },

    /// Two glossary entries share an id.
    #[error("{}:{line}:{column}: duplicate entry id `{id}` (first used on line {first_line})", path.display())]
    DuplicateId {
        /// The glossary file.
        path: PathBuf,
        /// The id used twice.
        id: String,
        /// Line of the second use.
        line: usize,
        /// Column of the second use.
        column: usize,
        /// Line of the first use.
        first_line: usize,
    },

    /// A query was rejected before searching: empty, too long, too many words,
    /// or an option out of range.
    #[error("invalid query `{query}`: {reason}")]
    Query {
        /// The query text (shortened to 80 characters when longer).
        query: String,
        /// Why it was rejected.
        reason: String,
    },

    /// No entry has this id.
    #[error("no entry `{id}`")]
    UnknownEntry {
        /// The id asked for.
        id: String,
    },

    /// The on-disk index directory cannot be used.
    #[error("index directory {}: {reason}", path.display())]
    IndexDir {
        /// The index directory.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// The search engine failed.
    #[error("index error: {0}")]
    Index(#[source] IndexError),
}

/// An error from the search engine underneath (Tantivy), kept opaque so that
/// upgrading the engine is not a breaking change: no public conversion from
/// or to the engine's types exists.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct IndexError(tantivy::TantivyError);

/// Wraps an engine error (crate-private, so no `From` impl leaks the engine's
/// type into the public API).
pub(crate) fn engine(err: tantivy::TantivyError) -> Error {
    Error::Index(IndexError(err))
}

impl Error {
    pub(crate) fn query(query: &str, reason: impl Into<String>) -> Error {
        const SHOWN: usize = 80;
        let shown = match query.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{}…", &query[..cut]),
            None => query.to_string(),
        };
        Error::Query {
            query: shown.escape_debug().to_string(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_errors_display_the_engine_message_behind_a_prefix() {
        let err = engine(tantivy::TantivyError::InvalidArgument("bad field".into()));
        assert_eq!(
            err.to_string(),
            "index error: An invalid argument was passed: 'bad field'"
        );
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn long_queries_are_shortened_in_messages() {
        let err = Error::query(&"x".repeat(100), "too long");
        assert_eq!(
            err.to_string(),
            format!("invalid query `{}…`: too long", "x".repeat(80))
        );
        let err = Error::query("a\u{7}b\nc", "control");
        assert_eq!(err.to_string(), "invalid query `a\\u{7}b\\nc`: control");
    }
}
