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
pub use crate::model::MAX_NAME_WORDS;
/// Default of [`Query::count_up_to`](crate::Query::count_up_to): hits are
/// counted exactly up to this many, as Elasticsearch's `track_total_hits`
/// does.
pub const DEFAULT_COUNT_UP_TO: usize = 10_000;
/// Longest snippet, in bytes of source text (ellipses not counted).
pub const SNIPPET_MAX_BYTES: usize = 220;
/// Largest document, JSON or CSV glossary, in bytes: byte offsets are kept
/// in 32 bits. A TBX glossary is read as a stream and has no limit.
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;
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
