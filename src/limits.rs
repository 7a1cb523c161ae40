//! The limits every input is held to: queries, names, pages, files. Each
//! limit broken is a typed [`QueryError`] (or, for data, an
//! [`Error`](crate::Error) naming the file), never a silent truncation.

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
pub use crate::data::MAX_FILE_BYTES;
pub use crate::model::MAX_NAME_WORDS;
pub use crate::search::{DEFAULT_COUNT_UP_TO, SNIPPET_MAX_BYTES};
// A name is at most a query long.
const _: () = assert!(MAX_NAME_WORDS == MAX_QUERY_WORDS);

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
