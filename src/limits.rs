//! The limits every query-like input is held to, and the check of a text
//! against them. Each limit broken is a typed [`QueryError`], never a
//! silent truncation.

use crate::error::{Input, QueryError};

/// Longest accepted query (or prefix), in bytes.
pub const MAX_QUERY_BYTES: usize = 2048;
/// Most searched words a query may hold (stop words are not counted): enough
/// for any sentence of the article to be pasted as a query.
pub const MAX_QUERY_WORDS: usize = 64;
/// Largest accepted [`Query::limit`](crate::Query::limit) (and number of
/// suggestions).
pub const MAX_LIMIT: usize = 1000;
/// Largest accepted [`Query::offset`](crate::Query::offset).
pub const MAX_OFFSET: usize = 100_000;
/// Most words a name (a term or an alias) may hold: as many as a query.
/// Longer text is no name (a definition in the wrong field, most likely):
/// `glossary.json` refuses it, a termbase's is skipped with a warning.
/// Recognition and the links from queries to entries then cost the same
/// whatever a name's length.
pub const MAX_NAME_WORDS: usize = MAX_QUERY_WORDS;

/// Rejects texts that are blank or too long.
pub(crate) fn check_text(text: &str, input: Input) -> Result<(), QueryError> {
    if text.trim().is_empty() {
        return Err(QueryError::Empty { input });
    }
    if text.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong {
            input,
            bytes: text.len(),
            max: MAX_QUERY_BYTES,
        });
    }
    Ok(())
}
