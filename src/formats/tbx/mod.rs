//! TBX, the termbase exchange format (ISO 30042): read ([`read`]) and
//! written ([`write`]) here, with the vocabulary both share, so that what
//! the writer says the reader understands.
//!
//! Read: TBX v3 / TBX-Basic in both styles, DCA (`<descrip
//! type="subjectField">`) and DCT (`<min:subjectField>`,
//! `<basic:definition>`: data categories as elements of their own
//! namespace), and TBX v2 (`martif`, `termEntry`, `langSet`, `tig`, `ntig`
//! with `termGrp`), streamed: memory holds the entries kept, not the file.
//!
//! | TBX | entry |
//! |---|---|
//! | `conceptEntry`/`termEntry` `id` | `id`, as the file gives it (`IATE-84`); made of the French term when absent |
//! | `subjectField` | `category`, as a slug (`uncategorized` when absent), and its text as `category_label` |
//! | `projectSubset` (term level, as TBX-Basic has it; written with each name) | `sector` (the first one) |
//! | `definition` in a language section, a term section, or at concept level | `definition` (French) / `definition_en` (English); at concept level in the language of the nearest `xml:lang` (the file's) |
//! | `note` at any level | `note` (a term's note prefixed with the term); a term's `case-sensitive` / `case-insensitive` note sets its case sensitivity |
//! | each `termSec`/`tig`/`ntig`: `term` | a name: the first preferred one is the term, the others aliases |
//! | `administrativeStatus`, `usageStatus`, `normativeAuthorization` | the name's status, values matched loosely (`deprecatedTerm-admn-sts`, `Deprecated Term`, `forbidden`, `obsolete`, `superseded` …); an unknown value is a warning and the name is not approved |
//! | `partOfSpeech` (term or language level) | its part of speech |
//! | `termType` `acronym`, `abbreviation` | the name is case-sensitive |
//!
//! A data category is `descrip`, `termNote`, `admin` or `ref` with a
//! `type` (DCA) or an element named for it in any namespace (DCT); its name
//! is compared without case and punctuation (`Subject Field`). Language
//! codes are compared by their first subtag: `fr`, `fr-FR`, `fr_CA` are
//! French, `en`, `en-GB` English; terms of other languages are skipped and
//! counted ([`Warning::SkippedLanguages`]), as are concepts without a
//! French and an English term ([`Warning::SkippedConcepts`]). Whitespace
//! runs of XML indentation are one space, U+00A0 and U+202F kept, unless
//! an element says `xml:space="preserve"`, which the writer does for text
//! that would not survive that.
//!
//! [`Warning::SkippedLanguages`]: crate::Warning::SkippedLanguages
//! [`Warning::SkippedConcepts`]: crate::Warning::SkippedConcepts

pub(crate) mod read;
#[cfg(feature = "export")]
pub(crate) mod write;

/// The namespace of TBX v3's core elements, as the writer declares it.
#[cfg(feature = "export")]
pub(crate) const TBX_NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";
/// What every edition's core namespace starts with (`…:ed-2`, `…:ed:3.0`).
pub(crate) const TBX_NAMESPACES: &str = "urn:iso:std:iso:30042";

/// The data categories the reader understands and the writer writes, by
/// their TBX names.
pub(crate) mod category {
    pub const SUBJECT_FIELD: &str = "subjectField";
    pub const PROJECT_SUBSET: &str = "projectSubset";
    pub const DEFINITION: &str = "definition";
    pub const ADMINISTRATIVE_STATUS: &str = "administrativeStatus";
    pub const USAGE_STATUS: &str = "usageStatus";
    pub const NORMATIVE_AUTHORIZATION: &str = "normativeAuthorization";
    pub const PART_OF_SPEECH: &str = "partOfSpeech";
    pub const TERM_TYPE: &str = "termType";
    #[cfg(feature = "export")]
    pub const CROSS_REFERENCE: &str = "crossReference";
}

/// The term-level notes that carry a name's case sensitivity (TBX-Basic
/// has no data category for it).
pub(crate) const CASE_SENSITIVE: &str = "case-sensitive";
pub(crate) const CASE_INSENSITIVE: &str = "case-insensitive";

/// A data category's name as compared: ASCII letters and digits,
/// lowercase (`Subject Field`, `subject_field` and `subjectField` are one).
pub(crate) fn key(name: &str) -> String {
    keyed(name).map(char::from).collect()
}

/// Whether `a` and `b` are one data category's name ([`key`] of each
/// equal), without allocating.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    keyed(a).eq(keyed(b))
}

/// The bytes of [`key`].
fn keyed(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
}
