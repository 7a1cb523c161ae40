//! [`BitSet`]: a set of small integers (entries, records, words) as bits.

/// A set of integers below a bound, one bit each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    /// An empty set of integers below `bound`.
    pub(crate) fn new(bound: usize) -> BitSet {
        BitSet {
            words: vec![0; bound.div_ceil(64)],
        }
    }

    /// Adds `i` (which must be below the bound).
    pub(crate) fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Whether `i` is in the set (`false` past the bound).
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// How many integers the set holds.
    pub(crate) fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The integers of the set, in increasing order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(i * 64 + bit)
            })
        })
    }
}

impl FromIterator<usize> for BitSet {
    fn from_iter<I: IntoIterator<Item = usize>>(items: I) -> BitSet {
        let mut set = BitSet::default();
        for i in items {
            if i / 64 >= set.words.len() {
                set.words.resize(i / 64 + 1, 0);
            }
            set.insert(i);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_what_was_put_in_even_past_64() {
        let mut set = BitSet::new(200);
        for i in [0, 1, 63, 64, 65, 127, 199] {
            set.insert(i);
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 1, 63, 64, 65, 127, 199]);
        assert_eq!(set.len(), 7);
        assert!(set.contains(64) && !set.contains(66) && !set.contains(10_000));
        let collected: BitSet = [3, 700].into_iter().collect();
        assert!(collected.contains(700) && collected.contains(3) && !BitSet::new(5).contains(3));
    }
}
