//! [`EntryTexts`]: every entry's analyzed texts (its names, then its
//! definitions), in one arena: one array of tokens, one of texts, one of
//! where each entry's texts start. A glossary of 100k entries holds a few
//! hundred thousand texts; as three arrays they are saved and read back in
//! one piece each, not as as many small allocations.

use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::analysis::{Lang, TextAnalysis, Tok};
use crate::model::{Entry, LabelKind};

/// Which text of an entry: one of its names, or a definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum EntryPart {
    /// The `nth` name in [`Entry::names`] order, of this kind.
    Label(usize, LabelKind),
    Definition,
    DefinitionEn,
}

/// One analyzed text of an entry, borrowed from [`EntryTexts`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct EntryText<'a> {
    pub part: EntryPart,
    pub lang: Lang,
    pub tokens: &'a [Tok],
}

impl<'a> EntryText<'a> {
    /// Whether the text is a name (indexed with the names mark).
    pub(crate) fn is_name(&self) -> bool {
        matches!(self.part, EntryPart::Label(..))
    }

    /// The text itself.
    pub(crate) fn text<'e>(&self, entry: &'e Entry) -> &'e str {
        match self.part {
            EntryPart::Label(nth, _) => entry.labels().nth(nth).unwrap_or(entry.term.as_str()),
            EntryPart::Definition => entry.definition.as_deref().unwrap_or_default(),
            EntryPart::DefinitionEn => entry.definition_en.as_deref().unwrap_or_default(),
        }
    }
}

/// Where one text's tokens are in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct TextAt {
    part: EntryPart,
    lang: Lang,
    start: u32,
    end: u32,
}

/// Every entry's analyzed texts: entry `e`'s are
/// `texts[starts[e]..starts[e + 1]]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct EntryTexts {
    starts: Vec<u32>,
    texts: Vec<TextAt>,
    tokens: Tokens,
}

impl EntryTexts {
    /// Every entry of `entries` analyzed ([`EntryTexts::push_entry`]).
    #[cfg(test)]
    pub(crate) fn analyze(analysis: &mut TextAnalysis, entries: &[Entry]) -> EntryTexts {
        let mut all = EntryTexts::default();
        for entry in entries {
            all.push_entry(analysis, entry);
        }
        all
    }

    /// Analyzes one more entry's texts, names first (French, then English), then
    /// the definitions: the order of each entry's index value.
    ///
    /// A name is analyzed in its own language; a case-sensitive name (an
    /// acronym) that language drops entirely, as an English stop word
    /// (`IT`, `AS`), is analyzed in the other, so that it can still be found
    /// and recognized: an acronym is not the word it spells.
    pub(crate) fn push_entry(&mut self, analysis: &mut TextAnalysis, entry: &Entry) {
        self.starts.push(self.texts.len() as u32);
        for (nth, (name, kind)) in entry.names().enumerate() {
            let own = if kind.is_english() {
                Lang::English
            } else {
                Lang::French
            };
            let mut lang = own;
            let mut tokens = analysis.tokens(own, name.as_str());
            if tokens.is_empty() && name.is_case_sensitive() {
                let other = Lang::BOTH[1 - own as usize];
                let fallback = analysis.tokens(other, name.as_str());
                if !fallback.is_empty() {
                    (lang, tokens) = (other, fallback);
                }
            }
            self.push(EntryPart::Label(nth, kind), lang, &tokens);
        }
        let definitions = [
            (EntryPart::Definition, Lang::French, &entry.definition),
            (EntryPart::DefinitionEn, Lang::English, &entry.definition_en),
        ];
        for (part, lang, text) in definitions {
            if let Some(text) = text {
                let tokens = analysis.tokens(lang, text);
                self.push(part, lang, &tokens);
            }
        }
    }

    /// Forgets the last entry's texts.
    pub(crate) fn pop_entry(&mut self) {
        if let Some(start) = self.starts.pop() {
            let start = start as usize;
            if let Some(first) = self.texts.get(start) {
                self.tokens.0.truncate(first.start as usize);
            }
            self.texts.truncate(start);
        }
    }

    fn push(&mut self, part: EntryPart, lang: Lang, tokens: &[Tok]) {
        let start = self.tokens.0.len() as u32;
        self.tokens.0.extend_from_slice(tokens);
        self.texts.push(TextAt {
            part,
            lang,
            start,
            end: self.tokens.0.len() as u32,
        });
    }

    /// How many entries.
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Entry `e`'s texts, in index order.
    pub(crate) fn of(&self, e: usize) -> impl ExactSizeIterator<Item = EntryText<'_>> + Clone {
        let start = self.starts[e] as usize;
        let end = self
            .starts
            .get(e + 1)
            .map_or(self.texts.len(), |&s| s as usize);
        self.texts[start..end].iter().map(|t| EntryText {
            part: t.part,
            lang: t.lang,
            tokens: &self.tokens.0[t.start as usize..t.end as usize],
        })
    }

    /// Every entry's texts, in entry order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = impl Iterator<Item = EntryText<'_>> + Clone> {
        (0..self.len()).map(|e| self.of(e))
    }
}

/// The arena's tokens, saved as one string of bytes: each token's eight
/// numbers as LEB128 varints (most fit in a byte or two), read back by one
/// tight loop rather than one serde visit per field. A word's stem, light
/// and verbal forms are mostly its exact term or each other: each is
/// written as 0 when it is the one before it (stem and light: the exact
/// term; verb: the light form), else as its id plus one.
#[derive(Clone, Debug, Default, PartialEq)]
struct Tokens(Vec<Tok>);

impl Serialize for Tokens {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(self.0.len() * 8);
        for t in &self.0 {
            let same_or = |id: u32, like: u32| if id == like { 0 } else { id + 1 };
            // Offsets as the start and the length: smaller numbers.
            for n in [
                t.exact,
                same_or(t.stem, t.exact),
                same_or(t.light, t.exact),
                same_or(t.verb, t.light),
                t.start,
                t.end - t.start,
                t.position,
                t.width,
            ] {
                let mut n = n;
                while n >= 0x80 {
                    bytes.push((n as u8) | 0x80);
                    n >>= 7;
                }
                bytes.push(n as u8);
            }
        }
        s.serialize_bytes(&bytes)
    }
}

/// Reads the LEB128 varint at `bytes[*at..]`, moving `at` past it.
fn varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut n = 0u32;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

impl<'de> Deserialize<'de> for Tokens {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tokens, D::Error> {
        struct Bytes;
        impl Visitor<'_> for Bytes {
            type Value = Tokens;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "tokens as bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Tokens, E> {
                let mut tokens = Vec::with_capacity(bytes.len() / 8);
                let mut at = 0;
                while at < bytes.len() {
                    let mut next =
                        || varint(bytes, &mut at).ok_or_else(|| E::custom("a cut token"));
                    let or_like = |n: u32, like: u32| if n == 0 { like } else { n - 1 };
                    let exact = next()?;
                    let stem = or_like(next()?, exact);
                    let light = or_like(next()?, exact);
                    let verb = or_like(next()?, light);
                    let (start, len) = (next()?, next()?);
                    tokens.push(Tok {
                        exact,
                        stem,
                        light,
                        verb,
                        start,
                        end: start.saturating_add(len),
                        position: next()?,
                        width: next()?,
                    });
                }
                Ok(Tokens(tokens))
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FrenchOrder;
    use crate::model::Category;

    #[test]
    fn an_arena_gives_back_each_entrys_texts_and_round_trips() {
        let mut a = Entry::new("a", "Zone pilote", "Pilot zone", Category::PilotZone);
        a.definition = Some("Une zone.".into());
        let b = Entry::new("b", "Pôle", "Hub", Category::PilotZone);
        let mut analysis = TextAnalysis::new(FrenchOrder::default());
        let texts = EntryTexts::analyze(&mut analysis, &[a, b]);
        assert_eq!(texts.len(), 2);
        let parts: Vec<EntryPart> = texts.of(0).map(|t| t.part).collect();
        assert_eq!(
            parts,
            [
                EntryPart::Label(0, LabelKind::Term),
                EntryPart::Label(1, LabelKind::TermEn),
                EntryPart::Definition
            ]
        );
        assert_eq!(texts.of(0).next().unwrap().tokens.len(), 2);
        assert_eq!(texts.of(1).count(), 2);
        let bytes = postcard::to_stdvec(&texts).unwrap();
        assert_eq!(postcard::from_bytes::<EntryTexts>(&bytes).unwrap(), texts);
        // Large numbers survive the varints; a cut one is an error.
        let big = Tokens(vec![Tok {
            exact: u32::MAX,
            stem: 1 << 21,
            light: 7,
            verb: 1 << 30,
            start: 300,
            end: 70_000,
            position: 0,
            width: 1,
        }]);
        let bytes = postcard::to_stdvec(&big).unwrap();
        assert_eq!(postcard::from_bytes::<Tokens>(&bytes).unwrap(), big);
        assert!(postcard::from_bytes::<Tokens>(&bytes[..bytes.len() - 1]).is_err());
    }
}
