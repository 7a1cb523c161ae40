//! Typo tolerance: which indexed words are within a few edits of a query word.
//!
//! The budget follows Meilisearch: no typo for words of 1 to 4 characters,
//! one edit for 5 to 8, two for 9 and more. Distances are optimal string
//! alignment (Damerau–Levenshtein without repeated edits of one substring),
//! so a transposition (`innovatoin`) counts as one edit.
//!
//! Expansion is done here, against the corpus vocabulary, rather than with
//! Tantivy's `FuzzyTermQuery`: the crate then knows which words a typo
//! matched, which is what highlighting needs, and it can rank typo matches
//! below exact ones with an ordinary boosted term query.

/// Most words a single query word may expand to; the closest are kept.
pub const MAX_TYPO_EXPANSIONS: usize = 16;

/// How many edits a word of `chars` characters may carry.
pub fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The optimal-string-alignment distance between `a` and `b`, or `None` when
/// it exceeds `max`.
pub(crate) fn distance_within(a: &[char], b: &[char], max: u8) -> Option<u8> {
    let max = usize::from(max);
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Three rolling rows: i-2, i-1, i.
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d as u8)
}

/// The words of one language's fields, grouped by length in characters.
#[derive(Debug, Default, Clone)]
pub(crate) struct TypoIndex {
    by_len: Vec<Vec<(u32, Box<[char]>)>>,
}

impl TypoIndex {
    /// Builds the index from `(id, word)` pairs (each id once).
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = (u32, &'a str)>) -> TypoIndex {
        let mut by_len: Vec<Vec<(u32, Box<[char]>)>> = Vec::new();
        for (id, word) in words {
            let chars: Box<[char]> = word.chars().collect();
            if by_len.len() <= chars.len() {
                by_len.resize_with(chars.len() + 1, Vec::new);
            }
            by_len[chars.len()].push((id, chars));
        }
        TypoIndex { by_len }
    }

    /// Ids of the words within the typo budget of `word`, excluding `word`
    /// itself, closest first, at most [`MAX_TYPO_EXPANSIONS`].
    pub(crate) fn expand(&self, word: &str) -> Vec<u32> {
        let chars: Vec<char> = word.chars().collect();
        let budget = typo_budget(chars.len());
        if budget == 0 {
            return Vec::new();
        }
        let lo = chars.len().saturating_sub(usize::from(budget));
        let hi = (chars.len() + usize::from(budget)).min(self.by_len.len().saturating_sub(1));
        let mut found: Vec<(u8, u32)> = Vec::new();
        for bucket in self.by_len.get(lo..=hi).unwrap_or_default() {
            for (id, candidate) in bucket {
                if let Some(d) = distance_within(&chars, candidate, budget) {
                    if d > 0 {
                        found.push((d, *id));
                    }
                }
            }
        }
        found.sort_unstable();
        found.truncate(MAX_TYPO_EXPANSIONS);
        found.into_iter().map(|(_, id)| id).collect()
    }
}
