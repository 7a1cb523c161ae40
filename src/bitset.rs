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

    /// Adds `i - minus` for each `i` of `sorted` (increasing, none below
    /// `minus`): the bits of one word are gathered in a register and
    /// written once, not read and written back per item.
    pub(crate) fn insert_sorted(&mut self, sorted: &[u32], minus: u32) {
        debug_assert!(sorted.is_sorted() && sorted.first().is_none_or(|&i| i >= minus));
        let Some(&last) = sorted.last() else {
            return;
        };
        let needed = ((last - minus) as usize) / 64 + 1;
        if needed > self.words.len() {
            self.words.resize(needed, 0);
        }
        let mut word = ((sorted[0] - minus) / 64) as usize;
        let mut bits = 0u64;
        for &i in sorted {
            let i = i - minus;
            let w = (i / 64) as usize;
            if w != word {
                self.words[word] |= bits;
                word = w;
                bits = 0;
            }
            bits |= 1 << (i % 64);
        }
        self.words[word] |= bits;
    }

    /// The integers of the set, in increasing order, each removed as it is
    /// given (the set is empty once the iterator is used up; what it did
    /// not reach stays).
    pub(crate) fn drain(&mut self) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter_mut()
            .enumerate()
            .flat_map(|(i, word)| ones(i, std::mem::take(word)))
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
        self.words
            .iter()
            .enumerate()
            .flat_map(|(i, &word)| ones(i, word))
    }
}

/// The integers whose bits are set in `bits`, word `i` of a set.
fn ones(i: usize, mut bits: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if bits == 0 {
            return None;
        }
        let bit = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        Some(i * 64 + bit)
    })
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

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
                // Beside the source file, not in a directory at the crate's top.
                failure_persistence: Some(Box::new(
                    proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
                )),
                ..proptest::test_runner::Config::default()
            })]
        /// Inserting a sorted run at once is inserting its items one by
        /// one, into a set that already holds some and whatever its bound.
        #[test]
        fn a_sorted_run_is_its_items_one_by_one(
            items in proptest::collection::btree_set(0u32..700, 0..200),
            held in proptest::collection::vec(0usize..700, 0..20),
            minus in 0u32..40,
            bound in 0usize..300,
        ) {
            let sorted: Vec<u32> = items.into_iter().map(|i| i + minus).collect();
            let mut at_once = BitSet::new(bound);
            let mut one_by_one = BitSet::new(bound);
            for &h in &held {
                at_once.insert(h);
                one_by_one.insert(h);
            }
            at_once.insert_sorted(&sorted, minus);
            for &i in &sorted {
                one_by_one.insert((i - minus) as usize);
            }
            proptest::prop_assert_eq!(at_once.iter().collect::<Vec<_>>(), one_by_one.iter().collect::<Vec<_>>());
        }
    }
}
