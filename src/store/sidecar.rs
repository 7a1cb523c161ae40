//! The sidecar: everything a load derives from the data besides the Tantivy
//! index ([`Derived`]), and its encoding in [`SIDECAR_FILE`](super::SIDECAR_FILE).

use crate::analysis::{WordForms, Words};
use crate::annotate::TermMatcher;
use crate::data::{DocumentAt, PassageText};
use crate::links::MentionAt;
use crate::model::{Entry, Warning};
use crate::stats::StatsParts;
use crate::texts::EntryTexts;

/// Everything a load derives from the data, besides the Tantivy index: what
/// an index directory keeps beside the index, and what the embedded data
/// ships prebuilt. [`Engine::assemble`](crate::engine::Engine::assemble) makes an engine of it, whether it was
/// just computed or read back, so the two cannot differ.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Derived {
    /// The entries, validated, with their related entries (saved apart:
    /// see [`Derived::encode`]).
    #[serde(skip)]
    pub entries: Vec<Entry>,
    /// Each entry's analyzed texts, in index order.
    pub entry_texts: EntryTexts,
    /// Each passage's id and span in the source text.
    pub passages: Vec<PassageText>,
    /// For each entry, where passages mention it.
    pub mentions: Vec<Vec<MentionAt>>,
    /// For each entry, the positions of its related entries (as its
    /// `related` ids).
    pub related: Vec<Vec<u32>>,
    /// The vocabulary's words (term ids in order).
    pub words: Words,
    /// The raw tokens seen, in text order, and what analysis made of each
    /// (saves re-running the pipelines at query time).
    pub raws: Words,
    pub analyzed: Vec<WordForms>,
    pub stats: StatsParts,
    /// The documents, in name order, and where each starts in the source.
    pub documents: Vec<DocumentAt>,
    /// The glossary's title, when its file gives one.
    pub title: Option<String>,
    /// What the load noticed and went on with.
    pub warnings: Vec<Warning>,
    /// The term matcher, when a build made it (a saved form makes it again
    /// when it is first needed).
    #[serde(skip)]
    pub matcher: Option<TermMatcher>,
}

/// Sidecars larger than this are decoded on two threads.
const PARALLEL_DECODE_BYTES: usize = 1 << 20;

impl Derived {
    /// Encodes `self` as the sidecar holds it: the length of the entries'
    /// part (8 bytes, little-endian), the entries, then the rest. The two
    /// parts are read back on two threads when they are large (entries and
    /// their analyzed texts are most of a large termbase's sidecar).
    pub(crate) fn encode(&self) -> Result<Vec<u8>, postcard::Error> {
        let entries = postcard::to_stdvec(&self.entries)?;
        let mut out = (entries.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(&entries);
        postcard::to_extend(self, out)
    }

    /// Decodes a sidecar written by [`Derived::encode`]; `None` when it is
    /// not one.
    pub(crate) fn decode(bytes: &[u8]) -> Option<Derived> {
        let (len, rest) = bytes.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let (entries, rest) = rest.split_at_checked(len)?;
        let read_entries = || postcard::from_bytes::<Vec<Entry>>(entries).ok();
        let read_rest = || postcard::from_bytes::<Derived>(rest).ok();
        let (entries, derived) = if bytes.len() > PARALLEL_DECODE_BYTES {
            std::thread::scope(|s| {
                let entries = s.spawn(read_entries);
                let derived = read_rest();
                (entries.join().ok().flatten(), derived)
            })
        } else {
            (read_entries(), read_rest())
        };
        let mut derived = derived?;
        derived.entries = entries?;
        (derived.entries.len() == derived.entry_texts.len()).then_some(derived)
    }
}
