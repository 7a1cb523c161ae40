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

/// Most words a single query word may reach through typos; the closest are
/// kept and the others dropped.
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
    // Three rolling rows (i-2, i-1, i), on the stack for ordinary words.
    let width = b.len() + 1;
    let mut rows = [[0usize; 72]; 3];
    let mut heap;
    let (prev2, prev, cur): (&mut [usize], &mut [usize], &mut [usize]) = if width <= 72 {
        let [r0, r1, r2] = &mut rows;
        (&mut r0[..width], &mut r1[..width], &mut r2[..width])
    } else {
        heap = vec![0usize; 3 * width];
        let (r0, rest) = heap.split_at_mut(width);
        let (r1, r2) = rest.split_at_mut(width);
        (r0, r1, r2)
    };
    let (mut prev2, mut prev, mut cur) = (prev2, prev, cur);
    for (j, v) in prev.iter_mut().enumerate() {
        *v = j;
    }
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
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d as u8)
}

/// A 64-bit set of the characters of a word (hashed into 64 buckets).
///
/// One edit changes at most two bits of it (a substitution removes one
/// character and adds another; a transposition changes none), so two words
/// whose signatures differ in more than `2 × budget` bits cannot be within
/// budget. This rejects most of the vocabulary before any alignment.
fn signature(chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(0u64, |sig, &c| sig | 1 << (u32::from(c) % 64))
}

/// One word of the vocabulary.
#[derive(Debug, Clone)]
struct Candidate {
    id: u32,
    signature: u64,
    chars: Box<[char]>,
}

/// The words of one language's fields, grouped by length in characters.
#[derive(Debug, Default, Clone)]
pub(crate) struct TypoIndex {
    by_len: Vec<Vec<Candidate>>,
}

impl TypoIndex {
    /// Builds the index from `(id, word)` pairs (each id once).
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = (u32, &'a str)>) -> TypoIndex {
        let mut by_len: Vec<Vec<Candidate>> = Vec::new();
        for (id, word) in words {
            let chars: Box<[char]> = word.chars().collect();
            if by_len.len() <= chars.len() {
                by_len.resize_with(chars.len() + 1, Vec::new);
            }
            by_len[chars.len()].push(Candidate {
                id,
                signature: signature(&chars),
                chars,
            });
        }
        TypoIndex { by_len }
    }

    /// Ids of the words within the typo budget of `word`, excluding `word`
    /// itself, with their distance, closest first, at most
    /// [`MAX_TYPO_EXPANSIONS`] (the farthest are dropped; this is documented
    /// as the limit of typo tolerance, not an error).
    pub(crate) fn expand(&self, word: &str) -> Vec<(u32, u8)> {
        let chars: Vec<char> = word.chars().collect();
        let budget = typo_budget(chars.len());
        if budget == 0 {
            return Vec::new();
        }
        let sig = signature(&chars);
        let max_bits = 2 * u32::from(budget);
        let lo = chars.len().saturating_sub(usize::from(budget));
        let hi = (chars.len() + usize::from(budget)).min(self.by_len.len().saturating_sub(1));
        let mut found: Vec<(u8, u32)> = Vec::new();
        for bucket in self.by_len.get(lo..=hi).unwrap_or_default() {
            for c in bucket {
                if (c.signature ^ sig).count_ones() > max_bits {
                    continue;
                }
                if let Some(d) = distance_within(&chars, &c.chars, budget) {
                    if d > 0 {
                        found.push((d, c.id));
                    }
                }
            }
        }
        found.sort_unstable();
        found.truncate(MAX_TYPO_EXPANSIONS);
        found.into_iter().map(|(d, id)| (id, d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: u8) -> Option<u8> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance_within(&a, &b, max)
    }

    #[test]
    fn distances() {
        assert_eq!(d("innovation", "innovation", 2), Some(0));
        assert_eq!(d("innovatoin", "innovation", 2), Some(1));
        assert_eq!(d("innvoatoin", "innovation", 2), Some(2));
        assert_eq!(d("pilotte", "pilote", 1), Some(1));
        assert_eq!(d("pillotte", "pilote", 1), None);
        assert_eq!(d("", "abc", 3), Some(3));
        assert_eq!(d("ça", "ca", 1), Some(1));
        let long = "a".repeat(100);
        assert_eq!(d(&long, &long, 2), Some(0));
    }

    #[test]
    fn signatures_never_reject_a_word_within_budget() {
        let words = [
            "innovation",
            "innovatoin",
            "innvoatoin",
            "inovation",
            "innovations",
            "xinnovation",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                if let Some(dist) = distance_within(&ca, &cb, 2) {
                    assert!(
                        (signature(&ca) ^ signature(&cb)).count_ones() <= 2 * u32::from(dist),
                        "{a} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn budget_by_length() {
        assert_eq!([1, 4, 5, 8, 9, 30].map(typo_budget), [0, 0, 1, 1, 2, 2]);
    }
}
