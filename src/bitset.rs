//! [`BitSet`]: a set of small integers (entries, records, cursors, a
//! query's words, units and links) as bits: the one set type of the crate.

/// A set of integers, one bit each, in a vector sized by the bound given
/// (and grown past it if need be). Reused sets keep their allocation:
/// [`BitSet::clear`] zeroes the bits.
#[derive(Clone, Debug, Default)]
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

    /// Adds `i`, growing the set past its bound if need be.
    #[inline]
    pub(crate) fn insert(&mut self, i: usize) {
        let word = i / 64;
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << (i % 64);
    }

    /// Empties the set, keeping its allocation.
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.words.iter_mut().for_each(|w| *w = 0);
    }

    /// Whether the set holds nothing.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Whether `i` is in the set.
    #[inline]
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// How many integers the set holds.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The integers of the set, in increasing order.
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

/// Sets are equal when they hold the same integers, whatever their bounds.
impl PartialEq for BitSet {
    fn eq(&self, other: &BitSet) -> bool {
        let (short, long) = if self.words.len() <= other.words.len() {
            (&self.words, &other.words)
        } else {
            (&other.words, &self.words)
        };
        long[..short.len()] == short[..] && long[short.len()..].iter().all(|&w| w == 0)
    }
}

impl Eq for BitSet {}

impl FromIterator<usize> for BitSet {
    fn from_iter<I: IntoIterator<Item = usize>>(items: I) -> BitSet {
        let mut set = BitSet::default();
        for i in items {
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
        // Growing past the bound, and clearing keeps nothing.
        let mut grown = BitSet::new(1);
        grown.insert(130);
        assert_eq!(grown.iter().collect::<Vec<_>>(), [130]);
        grown.clear();
        assert!(grown.is_empty() && grown.iter().next().is_none() && !grown.contains(130));
        assert_eq!(grown, BitSet::new(0), "equal whatever the bounds");
        assert_ne!(collected, [3].into_iter().collect());
    }
}
