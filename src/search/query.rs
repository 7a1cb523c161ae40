//! [`Query`]: the text to search for and the options of the search.

use crate::model::{Category, HitKind, Sector};

pub use crate::limits::DEFAULT_COUNT_UP_TO;

/// Whether query words may match with typos.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Typos {
    /// Words of 5–8 characters match with one edit, 9 and more with two
    /// (the default).
    #[default]
    Tolerated,
    /// Words match exactly, by stem or as a prefix only.
    Off,
}

/// A search request: free text plus options.
///
/// # Example
///
/// ```
/// use chongqing_glossary::{Category, Glossary, HitKind, Query};
///
/// let glossary = Glossary::embedded()?;
/// let query = Query::new("pôle d'innovation")
///     .kind(HitKind::Entry)
///     .category(Category::InnovationHub)
///     .limit(3);
/// let results = glossary.search(&query)?;
/// assert_eq!(results.hits.len(), 3);
/// assert_eq!(results.total_hits, 4);
/// # Ok::<(), chongqing_glossary::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub(crate) text: String,
    pub(crate) kind: Option<HitKind>,
    pub(crate) category: Option<Category>,
    pub(crate) sector: Option<Sector>,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) typos: Typos,
    pub(crate) prefix_last_word: bool,
    pub(crate) count_up_to: Option<usize>,
    pub(crate) explain: bool,
    pub(crate) links: bool,
}

impl Query {
    /// A query for `text`, over entries and passages: first 10 hits, typos
    /// tolerated, the last word completed as a prefix, links followed, hits
    /// counted exactly up to [`DEFAULT_COUNT_UP_TO`].
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            kind: None,
            category: None,
            sector: None,
            limit: 10,
            offset: 0,
            typos: Typos::default(),
            prefix_last_word: true,
            count_up_to: Some(DEFAULT_COUNT_UP_TO),
            explain: false,
            links: true,
        }
    }

    /// Only hits of this kind (default: both).
    pub fn kind(mut self, kind: HitKind) -> Query {
        self.kind = Some(kind);
        self
    }

    /// Only entries of this category (default: any). Passages have no
    /// category, so this implies entries, unless the kind asked for is
    /// passages: then, passages that mention an entry of this category.
    pub fn category(mut self, category: Category) -> Query {
        self.category = Some(category);
        self
    }

    /// Only entries of this sector (default: any). Implies entries, unless
    /// the kind asked for is passages: then, passages that mention an entry
    /// of this sector.
    pub fn sector(mut self, sector: Sector) -> Query {
        self.sector = Some(sector);
        self
    }

    /// At most this many hits (default 10, at most [`MAX_LIMIT`](crate::limits::MAX_LIMIT); 0 counts
    /// hits without returning any).
    pub fn limit(mut self, limit: usize) -> Query {
        self.limit = limit;
        self
    }

    /// Skip this many hits first, for paging (default 0, at most [`MAX_OFFSET`](crate::limits::MAX_OFFSET)).
    pub fn offset(mut self, offset: usize) -> Query {
        self.offset = offset;
        self
    }

    /// Typo tolerance (default [`Typos::Tolerated`]).
    pub fn typos(mut self, typos: Typos) -> Query {
        self.typos = typos;
        self
    }

    /// Whether the last word, when the text does not end with a space or a
    /// closing quote, also matches as the start of longer words (default
    /// on): search as you type. Completions rank below whole words.
    pub fn prefix_last_word(mut self, on: bool) -> Query {
        self.prefix_last_word = on;
        self
    }

    /// Count matching records exactly up to `n` (default
    /// [`DEFAULT_COUNT_UP_TO`]); past it, [`SearchResults::total_hits`] is
    /// `n` and [`SearchResults::total_hits_relation`] is
    /// [`TotalRelation::AtLeast`]. A bounded count lets a search skip records
    /// that cannot reach the requested page.
    ///
    /// [`SearchResults::total_hits`]: crate::SearchResults::total_hits
    /// [`SearchResults::total_hits_relation`]: crate::SearchResults::total_hits_relation
    /// [`TotalRelation::AtLeast`]: crate::TotalRelation::AtLeast
    pub fn count_up_to(mut self, n: usize) -> Query {
        self.count_up_to = Some(n);
        self
    }

    /// Count every matching record, however many (slower on large corpora).
    pub fn exact_total(mut self) -> Query {
        self.count_up_to = None;
        self
    }

    /// Whether each hit carries its ranking details ([`Hit::ranking`];
    /// default off).
    ///
    /// [`Hit::ranking`]: crate::Hit::ranking
    pub fn explain(mut self, on: bool) -> Query {
        self.explain = on;
        self
    }

    /// Whether passages also match through the glossary's links (default
    /// on): a query that names an entry finds the passages that mention it.
    pub fn links(mut self, on: bool) -> Query {
        self.links = on;
        self
    }

    /// The query text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The kind filter, if any.
    pub fn kind_filter(&self) -> Option<HitKind> {
        self.kind
    }

    /// The category filter, if any.
    pub fn category_filter(&self) -> Option<&Category> {
        self.category.as_ref()
    }

    /// The sector filter, if any.
    pub fn sector_filter(&self) -> Option<&Sector> {
        self.sector.as_ref()
    }

    /// The page size.
    pub fn page_limit(&self) -> usize {
        self.limit
    }

    /// The page start.
    pub fn page_offset(&self) -> usize {
        self.offset
    }
}
