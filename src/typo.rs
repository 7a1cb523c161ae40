//! Typo tolerance: which indexed words are within a few edits of a query word.
//!
//! The budget follows Meilisearch: no typo for words of 1 to 4 characters,
//! one edit for 5 to 8, two for 9 and more. Distances are optimal string
//! alignment (Damerau–Levenshtein without repeated edits of one substring),
//! so a transposition (`innovatoin`) counts as one edit.
//!
//! Expansion is done here, against the corpus vocabulary, rather than with
//! Tantivy's `FuzzyTermQuery`: the crate then knows which words a typo
//! matched, which is what highlighting needs, and each expansion becomes a
//! term of the query's plan in the *typo* class, which the typo rule ranks
//! below the other classes (see `search::rank`).

/// Most words a single query word may reach through typos; the closest are
/// kept and the others dropped.
pub(crate) const MAX_TYPO_EXPANSIONS: usize = 16;

/// How many edits a word of `chars` characters may carry.
pub(crate) fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The optimal-string-alignment distance between `a` and `b`, or `None` when
/// it exceeds `max`.
///
/// Only the band of cells within `max` of the diagonal is computed
/// (Ukkonen): a path through any other cell already costs more than `max`.
pub(crate) fn distance_within(a: &[char], b: &[char], max: u8) -> Option<u8> {
    let max = usize::from(max);
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    // Above any distance within the band, and safe to add 1 to.
    const OUT: u16 = u16::MAX / 2;
    if n >= usize::from(OUT) || m >= usize::from(OUT) {
        return None;
    }
    // Three rolling rows (i-2, i-1, i), on the stack for ordinary words.
    let width = m + 1;
    let mut rows = [[0u16; 72]; 3];
    let mut heap;
    let (prev2, prev, cur): (&mut [u16], &mut [u16], &mut [u16]) = if width <= 72 {
        let [r0, r1, r2] = &mut rows;
        (&mut r0[..width], &mut r1[..width], &mut r2[..width])
    } else {
        heap = vec![0u16; 3 * width];
        let (r0, rest) = heap.split_at_mut(width);
        let (r1, r2) = rest.split_at_mut(width);
        (r0, r1, r2)
    };
    let (mut prev2, mut prev, mut cur) = (prev2, prev, cur);
    // Row 0, within the band; the cell just past it reads as out of reach.
    for (j, v) in prev.iter_mut().enumerate().take(max + 1) {
        *v = j as u16;
    }
    if max + 1 < width {
        prev[max + 1] = OUT;
    }
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        cur[0] = i as u16;
        // The cell left of the band is out of reach (unless it is column 0).
        cur[lo - 1] = if lo == 1 { i as u16 } else { OUT };
        let mut row_min = if lo == 1 { i as u16 } else { OUT };
        for j in lo..=hi {
            let cost = u16::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > max {
            return None;
        }
        // The next row reads one cell past this row's band.
        if hi < m {
            cur[hi + 1] = OUT;
        }
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    let d = usize::from(prev[m]);
    (d <= max).then_some(d as u8)
}

/// A 64-bit set of the characters of a word (hashed into 64 buckets).
///
/// One edit changes at most two bits of it (a substitution removes one
/// character and adds another; a transposition changes none), so two words
/// whose signatures differ in more than `2 × budget` bits cannot be within
/// budget. A cheap check before any alignment.
fn signature(chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(0u64, |sig, &c| sig | 1 << (u32::from(c) % 64))
}

/// The length of the grams of [`grams`].
const Q: usize = 3;

/// The distinct grams of `chars`: its runs of [`Q`] characters, the word
/// padded with `Q - 1` marks on each side (so that its first and last
/// characters are in `Q` grams each, as the others are), each packed in a
/// `u64` (21 bits a character).
fn grams(chars: &[char], out: &mut Vec<u64>) {
    out.clear();
    const PAD: u64 = 0x1F_FFFF; // above any `char`
    let code = |i: isize| -> u64 {
        if i < 0 || i as usize >= chars.len() {
            PAD
        } else {
            u64::from(u32::from(chars[i as usize]))
        }
    };
    let n = chars.len() as isize;
    for start in -(Q as isize - 1)..n {
        out.push((code(start) << 42) | (code(start + 1) << 21) | code(start + 2));
    }
    out.sort_unstable();
    out.dedup();
}

/// The words of one language's fields, for typo lookups: each word's id and
/// characters, and an index from each gram ([`grams`]) to the words that
/// hold it.
///
/// A lookup counts, for each word, how many of the query word's distinct
/// grams it holds. One edit destroys at most `Q + 1` of a word's grams (a
/// substitution `Q`, a transposition of two characters `Q + 1`), so a word
/// within `d` edits holds all but at most `(Q + 1) × d` of the query's
/// distinct grams (the q-gram lemma of Ukkonen, 1992, with transpositions):
/// only the words that reach that count are aligned, which is a few dozen
/// of a vocabulary of a hundred thousand, where a scan aligned thousands.
#[derive(Debug, Default, Clone)]
pub(crate) struct TypoIndex {
    /// Each word's id.
    ids: Vec<u32>,
    /// Where each word's characters start in `chars` (one more entry than
    /// words: the end).
    starts: Vec<u32>,
    chars: Vec<char>,
    /// The words holding each gram: `holders[gram_at[g]..gram_at[g] + n]`.
    gram_at: std::collections::HashMap<u64, (u32, u32)>,
    holders: Vec<u32>,
}

impl TypoIndex {
    /// Builds the index from `(id, word)` pairs (each id once).
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = (u32, &'a str)>) -> TypoIndex {
        let mut index = TypoIndex {
            starts: vec![0],
            ..TypoIndex::default()
        };
        for (id, word) in words {
            index.ids.push(id);
            index.chars.extend(word.chars());
            index.starts.push(index.chars.len() as u32);
        }
        // Two passes: count each gram's holders, then place them.
        let mut buffer = Vec::new();
        let mut counts: std::collections::HashMap<u64, (u32, u32)> = Default::default();
        for w in 0..index.ids.len() {
            grams(index.word(w), &mut buffer);
            for &g in &buffer {
                counts.entry(g).or_default().1 += 1;
            }
        }
        let mut next = 0u32;
        for slot in counts.values_mut() {
            slot.0 = next;
            next += slot.1;
            slot.1 = 0;
        }
        index.holders = vec![0; next as usize];
        for w in 0..index.ids.len() {
            grams(index.word(w), &mut buffer);
            for &g in &buffer {
                let slot = counts.get_mut(&g).expect("counted");
                index.holders[(slot.0 + slot.1) as usize] = w as u32;
                slot.1 += 1;
            }
        }
        index.gram_at = counts;
        index
    }

    /// The characters of word `w` (its position, not its id).
    fn word(&self, w: usize) -> &[char] {
        &self.chars[self.starts[w] as usize..self.starts[w + 1] as usize]
    }

    /// Ids of the words within the typo budget of `word`, excluding `word`
    /// itself, with their distance, closest first, at most
    /// [`MAX_TYPO_EXPANSIONS`] (the farthest are dropped; this is documented
    /// as the limit of typo tolerance, not an error).
    pub(crate) fn expand(&self, word: &str) -> Vec<(u32, u8)> {
        let chars: Vec<char> = word.chars().collect();
        let budget = typo_budget(chars.len());
        if budget == 0 || self.ids.is_empty() {
            return Vec::new();
        }
        let sig = signature(&chars);
        let max_bits = 2 * u32::from(budget);
        let mut found: Vec<(u8, u32)> = Vec::new();
        let mut consider = |w: usize| {
            let candidate = self.word(w);
            if candidate.len().abs_diff(chars.len()) > usize::from(budget)
                || (signature(candidate) ^ sig).count_ones() > max_bits
            {
                return;
            }
            if let Some(d) = distance_within(&chars, candidate, budget) {
                if d > 0 {
                    found.push((d, self.ids[w]));
                }
            }
        };
        let mut query_grams = Vec::new();
        grams(&chars, &mut query_grams);
        let lost = (Q + 1) * usize::from(budget);
        if query_grams.len() <= lost {
            // Too few distinct grams to filter by (`aaaaaa`): every word.
            (0..self.ids.len()).for_each(&mut consider);
        } else {
            let needed = u16::try_from(query_grams.len() - lost).unwrap_or(u16::MAX);
            let mut held = vec![0u16; self.ids.len()];
            for g in &query_grams {
                let Some(&(at, n)) = self.gram_at.get(g) else {
                    continue;
                };
                for &w in &self.holders[at as usize..(at + n) as usize] {
                    let count = &mut held[w as usize];
                    *count = count.saturating_add(1);
                    if *count == needed {
                        consider(w as usize);
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

    /// The full table, as a reference for the banded one.
    fn full_distance(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, v) in d[0].iter_mut().enumerate() {
            *v = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn the_band_agrees_with_the_full_table() {
        // Every pair of words of up to 5 letters over a 3-letter alphabet
        // (repeats and transpositions are frequent), at every budget.
        let mut words: Vec<Vec<char>> = vec![Vec::new()];
        for len in 1..=5 {
            let mut add = Vec::new();
            for w in words.iter().filter(|w| w.len() == len - 1) {
                for c in ['a', 'b', 'c'] {
                    let mut w = w.clone();
                    w.push(c);
                    add.push(w);
                }
            }
            words.extend(add);
        }
        for a in &words {
            for b in &words {
                let full = full_distance(a, b);
                for max in 0..=3u8 {
                    let want = (full <= usize::from(max)).then_some(full as u8);
                    assert_eq!(distance_within(a, b, max), want, "{a:?} {b:?} {max}");
                }
            }
        }
        // Past the stack rows.
        let long: Vec<char> = "ab".repeat(50).chars().collect();
        let mut other = long.clone();
        other.swap(10, 11);
        assert_eq!(distance_within(&long, &other, 2), Some(1));
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

    /// The gram filter drops no word a scan of every word would find: words
    /// drawn from a small alphabet (so that near neighbours abound), each
    /// looked up as it is and with one and two random edits.
    #[test]
    fn the_gram_filter_finds_what_a_scan_finds() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let alphabet: Vec<char> = "aeiouéèbcdlmnrst".chars().collect();
        let mut words: Vec<String> = (0..3000)
            .map(|_| {
                let len = 3 + next(10);
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
            })
            .collect();
        words.sort();
        words.dedup();
        let index = TypoIndex::new(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (i as u32, w.as_str())),
        );
        let scan = |query: &str| {
            let q: Vec<char> = query.chars().collect();
            let budget = typo_budget(q.len());
            let mut found: Vec<(u8, u32)> = words
                .iter()
                .enumerate()
                .filter_map(|(i, w)| {
                    let w: Vec<char> = w.chars().collect();
                    distance_within(&q, &w, budget)
                        .filter(|&d| d > 0 && budget > 0)
                        .map(|d| (d, i as u32))
                })
                .collect();
            found.sort_unstable();
            found.truncate(MAX_TYPO_EXPANSIONS);
            found.into_iter().map(|(d, id)| (id, d)).collect::<Vec<_>>()
        };
        let mut checked = 0;
        for w in words.iter().step_by(7) {
            let mut variants = vec![w.clone()];
            for edits in 1..=2 {
                let mut v: Vec<char> = w.chars().collect();
                for _ in 0..edits {
                    let at = next(v.len());
                    match next(4) {
                        0 => v[at] = alphabet[next(alphabet.len())],
                        1 => v.insert(at, alphabet[next(alphabet.len())]),
                        2 if v.len() > 1 => {
                            v.remove(at);
                        }
                        _ if at + 1 < v.len() => v.swap(at, at + 1),
                        _ => {}
                    }
                }
                variants.push(v.into_iter().collect());
            }
            for query in variants {
                let found = index.expand(&query);
                checked += usize::from(!found.is_empty());
                assert_eq!(found, scan(&query), "{query}");
            }
        }
        assert!(checked > 100, "the lookups found words: {checked}");
        // A word of one repeated letter has too few grams to filter by.
        assert_eq!(index.expand("aaaaaaaaaa"), scan("aaaaaaaaaa"));
    }

    #[test]
    fn budget_by_length() {
        assert_eq!([1, 4, 5, 8, 9, 30].map(typo_budget), [0, 0, 1, 1, 2, 2]);
    }
}
