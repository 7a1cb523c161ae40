//! Statistics over the analyzed corpus that queries need: in which forms
//! each term is indexed (see [`Forms`]), how many records hold it, and the
//! words that typo tolerance and prefixes can reach, per language.

use crate::analysis::{Lang, Tok, Words};
use crate::index::Forms;
use crate::typo::TypoIndex;

/// Collects statistics record by record at load time.
#[derive(Default)]
pub(crate) struct StatsBuilder {
    forms: Vec<Forms>,
    records: Vec<u32>,
    best: Vec<Best>,
    total_records: u32,
    /// Per language, a bit per term id: whether it is an exact word of
    /// that language. Set as records come, listed once at the end: linear
    /// in the words whatever their number.
    exact_words: [Vec<u64>; 2],
    seen: Vec<u32>,
    /// Words handled, to show that a load's work is linear (tests only).
    #[cfg(test)]
    work: u64,
}

impl StatsBuilder {
    fn grow(&mut self, id: u32) {
        let need = id as usize + 1;
        if self.forms.len() < need {
            self.forms.resize(need, Forms::default());
            self.records.resize(need, 0);
            self.best.resize(need, Best::NONE);
        }
    }

    /// Adds one record, given as its texts: tokens, language, and whether the
    /// text is a name (term or alias) or a body (definition or sentence).
    pub(crate) fn add_record<'a>(
        &mut self,
        texts: impl IntoIterator<Item = (&'a [Tok], Lang, bool)>,
    ) {
        self.total_records += 1;
        let mut seen = std::mem::take(&mut self.seen);
        seen.clear();
        let mut len = 0u32;
        for (tokens, lang, names) in texts {
            // Each word is indexed as two terms (stem and exact form): the
            // length Tantivy's BM25 sees.
            len += 2 * tokens.len() as u32;
            let (exact, stem) = Forms::of(names);
            for t in tokens {
                self.grow(t.exact.max(t.stem));
                self.forms[t.exact as usize].insert(exact);
                self.forms[t.stem as usize].insert(stem);
                seen.extend([t.exact, t.stem]);
                let bits = &mut self.exact_words[lang as usize];
                let (word, bit) = (t.exact as usize / 64, t.exact % 64);
                if bits.len() <= word {
                    bits.resize(word + 1, 0);
                }
                bits[word] |= 1 << bit;
            }
        }
        #[cfg(test)]
        {
            self.work += seen.len() as u64;
        }
        seen.sort_unstable();
        for run in seen.chunk_by(|a, b| a == b) {
            let id = run[0] as usize;
            self.records[id] += 1;
            let best = &mut self.best[id];
            best.tf = best.tf.max(u16::try_from(run.len()).unwrap_or(u16::MAX));
            best.len = best.len.min(len);
        }
        self.seen = seen;
    }

    /// The statistics' saved parts, for a lexicon of `terms` terms whose
    /// words `word` gives (each language's exact words are saved in the
    /// order of their text, which prefixes are looked up in).
    pub(crate) fn finish<'w>(mut self, terms: usize, word: impl Fn(u32) -> &'w str) -> StatsParts {
        self.forms.resize(terms, Forms::default());
        self.records.resize(terms, 0);
        self.best.resize(terms, Best::NONE);
        #[cfg(test)]
        {
            self.work += self.exact_words.iter().map(|b| b.len() as u64).sum::<u64>();
        }
        let exact_words = self.exact_words.map(|bits| {
            let mut ids = Vec::new();
            for (w, &bitword) in bits.iter().enumerate() {
                let mut bitword = bitword;
                while bitword != 0 {
                    ids.push(w as u32 * 64 + bitword.trailing_zeros());
                    bitword &= bitword - 1;
                }
            }
            ids.sort_unstable_by(|&a, &b| word(a).cmp(word(b)));
            ids
        });
        StatsParts {
            forms: self.forms.iter().map(|f| f.bits()).collect(),
            records: self.records,
            best: self.best,
            total_records: self.total_records,
            exact_words,
        }
    }
}

/// What [`TermStats`] is made from, as saved: per term id its forms (as
/// bits), record count and score bound; the number of records; each
/// language's exact words, in the order of their text.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct StatsParts {
    pub forms: Vec<u8>,
    pub records: Vec<u32>,
    pub best: Vec<Best>,
    pub total_records: u32,
    pub exact_words: [Vec<u32>; 2],
}

/// What bounds a term's BM25 score in any record: its largest frequency in
/// one record, and the length (in index terms) of the shortest record that
/// holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Best {
    pub tf: u16,
    pub len: u32,
}

impl Best {
    const NONE: Best = Best {
        tf: 0,
        len: u32::MAX,
    };
}

/// Computed once at load time (or read from a saved index).
pub(crate) struct TermStats {
    /// In which forms each term is indexed, by term id.
    forms: Vec<Forms>,
    /// In how many records (entries or passages) each term (stem or exact
    /// form) occurs, by term id.
    records: Vec<u32>,
    /// What bounds each term's score, by term id.
    best: Vec<Best>,
    total_records: u32,
    /// Built on the first typo lookup of each language, from `sorted`.
    typos: [std::sync::OnceLock<TypoIndex>; 2],
    /// Each language's exact words in the order of their text, with their
    /// ids, for prefixes.
    sorted: [(Words, Vec<u32>); 2],
}

impl TermStats {
    /// The statistics from their parts, the words of the lexicon given by
    /// `word` (typo and prefix lookups are built here).
    pub(crate) fn new<'w>(parts: StatsParts, word: impl Fn(u32) -> &'w str) -> TermStats {
        let StatsParts {
            forms,
            records,
            best,
            total_records,
            exact_words,
        } = parts;
        let forms: Vec<Forms> = forms.into_iter().map(Forms::from_bits).collect();
        // Saved in text order: laid out as they are.
        let sorted = [0, 1].map(|l| {
            let words: Words = exact_words[l].iter().map(|&id| word(id)).collect();
            debug_assert!((1..words.len()).all(|i| words.get(i - 1) <= words.get(i)));
            (words, exact_words[l].clone())
        });
        TermStats {
            forms,
            records,
            best,
            total_records,
            typos: Default::default(),
            sorted,
        }
    }

    /// The forms in which term `id` is indexed.
    pub(crate) fn forms(&self, id: u32) -> Forms {
        self.forms.get(id as usize).copied().unwrap_or_default()
    }

    /// In how many records term `id` occurs.
    pub(crate) fn records(&self, id: u32) -> u32 {
        self.records.get(id as usize).copied().unwrap_or(0)
    }

    /// What bounds term `id`'s score: `None` for a term no record holds.
    pub(crate) fn best(&self, id: u32) -> Option<Best> {
        self.best.get(id as usize).copied().filter(|b| b.tf > 0)
    }

    /// How many records (entries and passages) there are.
    pub(crate) fn total_records(&self) -> u32 {
        self.total_records
    }

    /// The words within the typo budget of `word` in `lang`'s texts.
    pub(crate) fn typos(&self, lang: Lang) -> &TypoIndex {
        self.typos[lang as usize].get_or_init(|| {
            let (words, ids) = &self.sorted[lang as usize];
            TypoIndex::new((0..ids.len()).map(|i| (ids[i], words.get(i))))
        })
    }

    /// Up to `max` exact words of `lang` that start with `prefix` and are
    /// longer than it, the most frequent first.
    pub(crate) fn completions(&self, lang: Lang, prefix: &str, max: usize) -> Vec<u32> {
        let (words, ids) = &self.sorted[lang as usize];
        let (mut lo, mut hi) = (0, ids.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if words.get(mid) < prefix {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut found: Vec<(std::cmp::Reverse<u32>, u32)> = (lo..ids.len())
            .map(|i| (words.get(i), ids[i]))
            .take_while(|(w, _)| w.starts_with(prefix))
            .filter(|(w, _)| w.len() > prefix.len())
            .map(|(_, id)| (std::cmp::Reverse(self.records(id)), id))
            .collect();
        found.sort_unstable();
        found.truncate(max);
        found.into_iter().map(|(_, id)| id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statistics of `n` records of two new words each (one French, one
    /// English), and the work it took: every word of every record and every
    /// slot of the word lists handled counts one.
    fn build(n: u32) -> (u64, StatsParts) {
        let mut builder = StatsBuilder::default();
        for i in 0..n {
            let tok = |id: u32| Tok {
                exact: id,
                stem: id,
                light: id,
                verb: id,
                start: 0,
                end: 1,
                position: 0,
                width: 1,
            };
            let (fr, en) = ([tok(2 * i)], [tok(2 * i + 1)]);
            builder.add_record([
                (&fr[..], Lang::French, false),
                (&en[..], Lang::English, true),
            ]);
        }
        let work = builder.work;
        let words: Vec<String> = (0..2 * n).map(|i| format!("w{i:07}")).collect();
        (
            work,
            builder.finish(2 * n as usize, |id| &words[id as usize]),
        )
    }

    /// Past 65,536 distinct words a load kept sorting its word lists after
    /// every record: quadratic. Twice the words is now twice the work.
    #[test]
    fn a_load_is_linear_in_its_distinct_words() {
        let (small, parts) = build(80_000);
        let (large, _) = build(160_000);
        assert!(large <= small * 21 / 10, "{small} -> {large}");
        let french: Vec<u32> = (0..80_000).map(|i| 2 * i).collect();
        assert_eq!(parts.exact_words[0], french, "sorted, each once");
        assert_eq!(parts.exact_words[1].len(), 80_000);
        assert_eq!(parts.total_records, 80_000);
    }
}
