//! The crate's one error type, the location every data error carries, and
//! the typed reasons a query is refused.

use std::fmt;
use std::path::{Path, PathBuf};

/// A specialized `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in a file something is wrong.
///
/// Text files are located by line and column (both 1-based, the column
/// counted in characters); a place with no line to speak of (bad UTF-8 in a
/// binary file, a directory) by byte offset, or by the file alone.
///
/// Displays as `path:line:column`, `path: byte N` or `path`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    path: PathBuf,
    position: Position,
}

/// The place inside a file a [`Location`] points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Position {
    /// 1-based line and column (in characters).
    LineColumn {
        /// Line, from 1.
        line: usize,
        /// Column, from 1, counted in characters.
        column: usize,
    },
    /// A byte offset from the start of the file.
    Byte(u64),
    /// The file as a whole.
    File,
}

impl Location {
    /// A line and column in `path`.
    pub fn line_column(path: impl Into<PathBuf>, line: usize, column: usize) -> Location {
        Location {
            path: path.into(),
            position: Position::LineColumn { line, column },
        }
    }

    /// A byte offset in `path`.
    pub fn byte(path: impl Into<PathBuf>, offset: u64) -> Location {
        Location {
            path: path.into(),
            position: Position::Byte(offset),
        }
    }

    /// The file `path` as a whole.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location {
            path: path.into(),
            position: Position::File,
        }
    }

    /// The file (for embedded data, its path in the crate, such as
    /// `data/glossary.json`).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where in the file.
    pub fn position(&self) -> Position {
        self.position
    }

    /// The 1-based line, when the location has one.
    pub fn line(&self) -> Option<usize> {
        match self.position {
            Position::LineColumn { line, .. } => Some(line),
            _ => None,
        }
    }

    /// The 1-based column (in characters), when the location has one.
    pub fn column(&self) -> Option<usize> {
        match self.position {
            Position::LineColumn { column, .. } => Some(column),
            _ => None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Position::LineColumn { line, column } => {
                write!(f, "{}:{line}:{column}", self.path.display())
            }
            Position::Byte(offset) => write!(f, "{}: byte {offset}", self.path.display()),
            Position::File => write!(f, "{}", self.path.display()),
        }
    }
}

/// What kind of mistake an [`Error::Data`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// The file is not well-formed in its format: malformed JSON, XML or
    /// CSV, a TSV line without its tab, no root element. The parser's own
    /// error, when there is one, is the [`source`](std::error::Error::source).
    Syntax,
    /// The file is not in the format it was read as: a root element that
    /// is not `tbx` or `martif`, an XLIFF version this crate does not read.
    Format,
    /// The bytes are not text in the file's encoding (bad UTF-8, a UTF-16
    /// file cut in a character, an encoding declared but unknown).
    Encoding,
    /// A field the format requires is missing (an entry's `term_en` in
    /// JSON, a `term` column in CSV, a row's French or English term).
    MissingField,
    /// A field the format does not have (`colour` in an entry).
    UnknownField,
    /// A field holds a value of the wrong type or shape (a number for a
    /// name, a category that is not a slug).
    InvalidValue,
    /// A value breaks one of the glossary's rules: an empty or too long
    /// name, a control character, a sector on an entry that is not a hub,
    /// an empty title.
    Rule,
    /// The languages of a file of segments are missing, or not those of the
    /// glossary, or disagree with the direction asked for.
    Languages,
    /// The data directory's files do not fit together: two glossaries, two
    /// documents of one name, a file name that is not UTF-8.
    Layout,
    /// The file changed while it was read.
    Changed,
}

impl fmt::Display for DataErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            DataErrorKind::Syntax => "syntax",
            DataErrorKind::Format => "format",
            DataErrorKind::Encoding => "encoding",
            DataErrorKind::MissingField => "missing field",
            DataErrorKind::UnknownField => "unknown field",
            DataErrorKind::InvalidValue => "invalid value",
            DataErrorKind::Rule => "rule",
            DataErrorKind::Languages => "languages",
            DataErrorKind::Layout => "layout",
            DataErrorKind::Changed => "changed",
        })
    }
}

/// serde_json's error behind malformed JSON, said without serde's own
/// line and column: the [`Error::Data`] it explains has the place.
#[derive(Debug)]
pub struct JsonError(serde_json::Error);

impl JsonError {
    pub(crate) fn new(error: serde_json::Error) -> JsonError {
        JsonError(error)
    }

    /// serde_json's error itself (its category, line and column).
    pub fn serde(&self) -> &serde_json::Error {
        &self.0
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.0.to_string();
        f.write_str(message.split(" at line ").next().unwrap_or_default())
    }
}

impl std::error::Error for JsonError {}

/// The error of a parser behind an [`Error::Data`].
pub type DataCause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when loading, indexing or searching a glossary.
///
/// Messages are one line, lowercase, without a trailing period, and name what
/// is wrong: the file (with line and column for data), the entry id, or the
/// query option. [`Error::location`] gives the place in a file, for the
/// errors that have one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read (missing, unreadable, a file
    /// where a directory was expected ...).
    #[error("cannot read {}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What went wrong, in words: the source's message, or a plainer
        /// one for the common cases.
        reason: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },

    /// A data file is not valid: bad UTF-8, malformed JSON, an unknown or
    /// missing field, an empty term, a sector on an entry that is not a hub ...
    /// [`kind`](DataErrorKind) says which, for a program to act on.
    #[error("{location}: {message}")]
    #[non_exhaustive]
    Data {
        /// Where.
        location: Location,
        /// What kind of mistake it is.
        kind: DataErrorKind,
        /// What is wrong, in this crate's words.
        message: String,
        /// The parser's own error behind it, when there is one (quick-xml's,
        /// csv's, serde_json's): [`std::error::Error::source`] reaches it,
        /// and it says its own part.
        #[source]
        cause: Option<DataCause>,
    },

    /// A file or stream holds more than the most the crate reads from it.
    #[error("{} is over {max} bytes, the maximum", path.display())]
    TooLarge {
        /// The file (or the name given to a stream).
        path: PathBuf,
        /// The most read, in bytes.
        max: u64,
    },

    /// Two glossary entries share an id.
    #[error("{location}: duplicate entry id `{id}` (first used on line {first_line})")]
    DuplicateId {
        /// Where the second use is.
        location: Location,
        /// The id used twice.
        id: String,
        /// Line of the first use.
        first_line: usize,
    },

    /// A query, a prefix or a search option was refused before searching.
    #[error(transparent)]
    Query(#[from] QueryError),

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
    #[error("index error")]
    Index(#[source] IndexError),

    /// Findings cannot be written into these segments' file: it is not an
    /// XLIFF file, or not in UTF-8 (its bytes could not stay as they are).
    #[error("cannot write findings into the file: {reason}")]
    NotAnnotatable {
        /// Why, naming the file's format or encoding.
        reason: String,
    },

    /// Writing a file of findings (an annotated XLIFF file, a report)
    /// failed: the writer's I/O error is the source.
    #[error("cannot write the {what}")]
    WriteFindings {
        /// What was being written: `annotated XLIFF` or `HTML report`.
        what: &'static str,
        /// The writer's error.
        #[source]
        source: std::io::Error,
    },

    /// Writing an export failed: the writer's I/O error is the source (a
    /// full disk, a closed pipe: check its [`kind`](std::io::Error::kind)).
    #[cfg(feature = "export")]
    #[error("cannot write the {format} export")]
    Write {
        /// The format being written.
        format: crate::model::ExportFormat,
        /// The writer's error.
        #[source]
        source: std::io::Error,
    },

    /// An entry cannot be written in this format (a DeepL TSV field cannot
    /// hold a tab or a line break).
    #[cfg(feature = "export")]
    #[error("entry `{id}` cannot be written as {format}: {reason}")]
    Export {
        /// The format asked for.
        format: crate::model::ExportFormat,
        /// The entry.
        id: String,
        /// What in it the format cannot hold.
        reason: String,
    },
}

impl Error {
    /// The file (and line and column, or byte offset) the error is about, for
    /// data and file errors; `None` for query, lookup and engine errors.
    ///
    /// ```
    /// use chongqing_glossary::{Error, GlossaryBuilder};
    ///
    /// let err = GlossaryBuilder::new().from_texts("Texte.", "[").unwrap_err();
    /// let location = err.location().unwrap();
    /// assert_eq!(location.path().to_str(), Some("glossary.json"));
    /// assert_eq!((location.line(), location.column()), (Some(1), Some(2)));
    /// ```
    pub fn location(&self) -> Option<Location> {
        match self {
            Error::Io { path, .. }
            | Error::IndexDir { path, .. }
            | Error::TooLarge { path, .. } => Some(Location::file(path)),
            Error::Data { location, .. } | Error::DuplicateId { location, .. } => {
                Some(location.clone())
            }
            Error::Query(_)
            | Error::UnknownEntry { .. }
            | Error::Index(_)
            | Error::NotAnnotatable { .. }
            | Error::WriteFindings { .. } => None,
            #[cfg(feature = "export")]
            Error::Write { .. } | Error::Export { .. } => None,
        }
    }

    /// What kind of data error this is, for an [`Error::Data`].
    pub fn data_kind(&self) -> Option<DataErrorKind> {
        match self {
            Error::Data { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// A data error of `kind` at `location`.
    pub(crate) fn data(
        location: Location,
        kind: DataErrorKind,
        message: impl Into<String>,
    ) -> Error {
        Error::Data {
            location,
            kind,
            message: message.into(),
            cause: None,
        }
    }

    /// A data error of `kind` at `location` that a parser's error `cause`
    /// explains.
    pub(crate) fn data_caused(
        location: Location,
        kind: DataErrorKind,
        message: impl Into<String>,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Data {
            location,
            kind,
            message: message.into(),
            cause: Some(Box::new(cause)),
        }
    }

    /// A failure to read `path` that is no I/O error but what was found
    /// there: `reason` is the source's message too.
    pub(crate) fn io_because(path: &Path, kind: std::io::ErrorKind, reason: &str) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            reason: reason.to_string(),
            source: std::io::Error::new(kind, reason),
        }
    }

    /// A failure to read `path`, with the I/O error as the source.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        let reason = match source.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => source.to_string(),
        };
        Error::Io {
            path: path.to_path_buf(),
            reason,
            source,
        }
    }
}

/// What a query-like input is: the words given to
/// [`Glossary::search`](crate::Glossary::search), or the start of a name given
/// to [`Glossary::suggest`](crate::Glossary::suggest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Input {
    /// A search query.
    Query,
    /// An autocomplete prefix.
    Prefix,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Input::Query => "query",
            Input::Prefix => "prefix",
        })
    }
}

/// Why a query, a prefix or a search option was refused. Each variant names
/// the thing that is wrong and the limit it broke.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The text is empty or only whitespace.
    #[error("the {input} is empty")]
    Empty {
        /// Query or prefix.
        input: Input,
    },

    /// Every word of the text is a stop word (`de la`, `the and of`), so
    /// nothing would be searched: treated as an empty text.
    #[error("the {input} `{text}` has only stop words, which are not searched")]
    OnlyStopWords {
        /// Query or prefix.
        input: Input,
        /// The text (shortened to 80 characters when longer).
        text: String,
    },

    /// The text is longer than [`MAX_QUERY_BYTES`](crate::limits::MAX_QUERY_BYTES).
    #[error("the {input} is {bytes} bytes long; the maximum is {max}")]
    TooLong {
        /// Query or prefix.
        input: Input,
        /// Its length in bytes.
        bytes: usize,
        /// The maximum.
        max: usize,
    },

    /// The text has more searched words than
    /// [`MAX_QUERY_WORDS`](crate::limits::MAX_QUERY_WORDS).
    #[error("the {input} has {words} searched words; the maximum is {max}")]
    TooManyWords {
        /// Query or prefix.
        input: Input,
        /// How many words would be searched (stop words not counted).
        words: usize,
        /// The maximum.
        max: usize,
    },

    /// [`Query::limit`](crate::Query::limit) (or the number of suggestions)
    /// is over [`MAX_LIMIT`](crate::limits::MAX_LIMIT).
    #[error("the limit {limit} is over the maximum of {max}")]
    Limit {
        /// The limit asked for.
        limit: usize,
        /// The maximum.
        max: usize,
    },

    /// [`Query::offset`](crate::Query::offset) is over
    /// [`MAX_OFFSET`](crate::limits::MAX_OFFSET).
    #[error("the offset {offset} is over the maximum of {max}")]
    Offset {
        /// The offset asked for.
        offset: usize,
        /// The maximum.
        max: usize,
    },

    /// The filters of a query can never be met together (a category with
    /// passages only, a sector outside the category that has sectors ...).
    #[error("no record can match these filters: {reason}")]
    ImpossibleFilter {
        /// Why.
        reason: String,
    },
}

impl QueryError {
    /// The text as shown in a message: at most 80 characters, with control
    /// characters escaped so the message stays on one line.
    pub(crate) fn shown(text: &str) -> String {
        const SHOWN: usize = 80;
        let shown = match text.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        };
        shown.escape_debug().to_string()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_errors_leave_the_engine_message_to_their_source() {
        let err = engine(tantivy::TantivyError::InvalidArgument("bad field".into()));
        // Each error of the chain says its own part once.
        assert_eq!(err.to_string(), "index error");
        let source = std::error::Error::source(&err).unwrap();
        assert_eq!(
            source.to_string(),
            "An invalid argument was passed: 'bad field'"
        );
        assert_eq!(err.location(), None);
    }

    #[test]
    fn long_texts_are_shortened_and_escaped_in_messages() {
        assert_eq!(
            QueryError::shown(&"x".repeat(100)),
            format!("{}…", "x".repeat(80))
        );
        assert_eq!(QueryError::shown("a\u{7}b\nc"), "a\\u{7}b\\nc");
    }

    #[test]
    fn locations_display_as_compilers_do() {
        assert_eq!(
            Location::line_column("g.json", 3, 7).to_string(),
            "g.json:3:7"
        );
        assert_eq!(Location::byte("s.txt", 12).to_string(), "s.txt: byte 12");
        assert_eq!(Location::file("dir").to_string(), "dir");
        assert_eq!(Location::byte("s.txt", 12).line(), None);
    }
}
