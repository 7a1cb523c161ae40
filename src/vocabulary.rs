//! Statistics over the analyzed corpus that queries need: in which forms
//! each term is indexed (see [`crate::index::Forms`]), how many records hold
//! it, and the words typo tolerance can reach.

use crate::glossary::EntryTexts;
use crate::index::Forms;
use crate::text::{Lexicon, Tok};
use crate::typo::TypoIndex;

/// Computed once at load time.
pub(crate) struct TermStats {
    /// In which forms each term is indexed, by term id (ids are dense).
    forms: Vec<Forms>,
    /// In how many records (entries or passages) each term (stem or exact
    /// form) occurs, by term id.
    records: Vec<u32>,
    total_records: usize,
    /// French words (names, definitions, passages).
    pub typos_fr: TypoIndex,
    /// English words (English names).
    pub typos_en: TypoIndex,
}

impl TermStats {
    pub(crate) fn new(
        entries: &[EntryTexts],
        passages: &[Vec<Tok>],
        lexicon: &Lexicon,
    ) -> TermStats {
        let mut forms = vec![Forms::default(); lexicon.len()];
        let mut mark = |tokens: &[Tok], exact: Forms, stem: Forms| {
            for t in tokens {
                forms[t.exact as usize].insert(exact);
                forms[t.stem as usize].insert(stem);
            }
        };
        for e in entries {
            for name in e.french_names().chain(e.english_names()) {
                mark(name, Forms::NAMES_EXACT, Forms::NAMES);
            }
            mark(&e.definition, Forms::BODY_EXACT, Forms::BODY);
        }
        for tokens in passages {
            mark(tokens, Forms::BODY_EXACT, Forms::BODY);
        }

        let mut records = vec![0u32; lexicon.len()];
        let mut terms: Vec<u32> = Vec::new();
        let mut count = |tokens: &mut dyn Iterator<Item = &Tok>| {
            terms.clear();
            terms.extend(tokens.flat_map(|t| [t.stem, t.exact]));
            terms.sort_unstable();
            terms.dedup();
            for &term in &terms {
                records[term as usize] += 1;
            }
        };
        for e in entries {
            count(
                &mut e
                    .french_names()
                    .chain(e.english_names())
                    .flatten()
                    .chain(&e.definition),
            );
        }
        for tokens in passages {
            count(&mut tokens.iter());
        }

        let vocabulary = |tokens: &mut dyn Iterator<Item = &Tok>| {
            let mut ids: Vec<u32> = tokens.map(|t| t.exact).collect();
            ids.sort_unstable();
            ids.dedup();
            TypoIndex::new(ids.into_iter().map(|id| (id, lexicon.word(id))))
        };
        let typos_fr = vocabulary(
            &mut entries
                .iter()
                .flat_map(|e| e.french_names().flatten().chain(&e.definition))
                .chain(passages.iter().flatten()),
        );
        let typos_en = vocabulary(&mut entries.iter().flat_map(|e| e.english_names().flatten()));
        TermStats {
            forms,
            records,
            total_records: entries.len() + passages.len(),
            typos_fr,
            typos_en,
        }
    }

    /// The forms in which term `id` is indexed.
    pub(crate) fn forms(&self, id: u32) -> Forms {
        self.forms.get(id as usize).copied().unwrap_or_default()
    }

    /// The weight of a query term: its inverse document frequency over all
    /// records, whatever the field.
    ///
    /// Tantivy's BM25 computes IDF per field, so a word found in every
    /// sentence but in few names (`innovation`) looks rare in the names field
    /// and lets every entry named with it outrank the one passage that also
    /// has the query's rare word. Weighting each word by its corpus-wide
    /// rarity restores "match the rare words first".
    pub(crate) fn weight(&self, term: Option<u32>) -> f32 {
        let n = self.total_records as f32;
        let df = term
            .and_then(|id| self.records.get(id as usize))
            .copied()
            .unwrap_or(0) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}
