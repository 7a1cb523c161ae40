//! [`TermMatcher`]: every name of every entry, in tries of analyzed words
//! per language, so that finding the names in a text costs the length of
//! the text (times the length of the longest name), whatever the size of
//! the glossary.
//!
//! A name matches where its words are consecutive words of the text with
//! the same inflectional forms ([`inflection`]: number for nouns, number
//! and gender for adjectives, the conjugation for a name that is a verb),
//! in the name's language, and
//! - no sentence end (`.`, `!`, `?`, `;`) or blank line is between them;
//! - the name's own function words are between them (see [`gaps`]);
//! - for a name that matches only in its own case (an acronym such as
//!   `PPA`, or one marked case-sensitive), each word is written as in the
//!   name, a plural `s` allowed (`PPAs`);
//! - the name's entry is among those asked for.
//!
//! At each start the longest name wins; among names of the same words, the
//! first entry's (two such names are reported as a [`Warning::SharedName`]).
//!
//! [`inflection`]: crate::analysis::inflection

use std::ops::Range;

use super::gaps::{self, FunctionWord};
use crate::analysis::{Lang, Tok, Word, WordMap};
use crate::bitset::BitSet;
use crate::model::{EntryId, LabelKind, Warning};

/// One name given to [`TermMatcher::new`].
pub(crate) struct NameSource<'a> {
    /// The entry (its position).
    pub entry: u32,
    /// Which of the entry's names (in `Entry::names` order).
    pub nth: u16,
    pub kind: LabelKind,
    /// The language its words were analyzed in.
    pub lang: Lang,
    /// The name as written.
    pub text: &'a str,
    /// Its analyzed words, spans into `text`.
    pub tokens: &'a [Tok],
    /// Whether it matches only in its own case.
    pub case_sensitive: bool,
    /// Whether it is a verb: it then matches its conjugated forms.
    pub verb: bool,
}

/// What must hold of a name beside its stems, when anything does.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Constraints {
    /// For each pair of consecutive words, the function words between them.
    gaps: Box<[Box<[FunctionWord]>]>,
    /// The words as written, when case matters.
    case: Option<Box<[Box<str>]>>,
}

/// One name of one entry.
#[derive(Debug, Clone)]
struct Pattern {
    entry: u32,
    nth: u16,
    label: LabelKind,
    constraints: Option<Box<Constraints>>,
}

/// Which names a search for matches takes: of the entries in `keep` (all
/// when `None`), and of one language (French names only, English names
/// only; both when `None`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Names<'a> {
    pub keep: Option<&'a BitSet>,
    pub english: Option<bool>,
}

/// A match found by [`TermMatcher`], before it is tied to entry ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawMatch {
    pub entry: u32,
    /// Which of the entry's names matched (in `Entry::names` order).
    pub nth: u16,
    pub label: LabelKind,
    pub span: Range<usize>,
}

/// The names of one language and form, as a trie of their words' keys.
/// Node 0 is the root; a node's edges are sorted by key, its patterns in
/// entry order. The root, which has an edge for every first word, is also
/// a table indexed by key.
#[derive(Debug, Clone, Default)]
struct Trie {
    edge_start: Vec<u32>,
    edges: Vec<(u32, u32)>,
    end_start: Vec<u32>,
    ends: Vec<u32>,
    /// The root's child for each key (`u32::MAX`: none), up to its largest
    /// key.
    root: Vec<u32>,
}

/// A trie being built: names inserted one by one (linear in their words,
/// whatever their number), then laid out.
#[derive(Default)]
struct TrieBuilder {
    children: WordMap<u32, (u32, u32)>,
    /// (node, pattern) of every name's end.
    ends: Vec<(u32, u32)>,
    nodes: u32,
}

impl TrieBuilder {
    fn new() -> TrieBuilder {
        TrieBuilder {
            nodes: 1,
            ..TrieBuilder::default()
        }
    }

    /// Adds a name: its words' keys, and its pattern.
    fn insert(&mut self, keys: impl Iterator<Item = u32>, pattern: u32) {
        let mut node = 0;
        for key in keys {
            let next = self.nodes;
            node = *self.children.entry((node, key)).or_insert(next);
            if node == next {
                self.nodes += 1;
            }
        }
        self.ends.push((node, pattern));
    }

    fn build(self) -> Trie {
        let nodes = self.nodes as usize;
        // Edges and ends grouped by node (a counting sort: linear), then
        // each node's edges sorted by key (a few each, but the root's).
        let starts = |of: &mut dyn Iterator<Item = u32>| -> Vec<u32> {
            let mut starts = vec![0u32; nodes + 1];
            for node in of {
                starts[node as usize + 1] += 1;
            }
            for i in 1..starts.len() {
                starts[i] += starts[i - 1];
            }
            starts
        };
        let edge_start = starts(&mut self.children.keys().map(|&(node, _)| node));
        let mut edges = vec![(0u32, 0u32); self.children.len()];
        let mut next = edge_start.clone();
        for ((node, key), child) in self.children {
            let at = &mut next[node as usize];
            edges[*at as usize] = (key, child);
            *at += 1;
        }
        for n in 0..nodes {
            edges[edge_start[n] as usize..edge_start[n + 1] as usize].sort_unstable();
        }
        let end_start = starts(&mut self.ends.iter().map(|&(node, _)| node));
        let mut ends = vec![0u32; self.ends.len()];
        let mut next = end_start.clone();
        // Names were inserted in pattern order: each node's stay in it.
        for (node, pattern) in self.ends {
            let at = &mut next[node as usize];
            ends[*at as usize] = pattern;
            *at += 1;
        }
        let root_edges = &edges[..edge_start[1] as usize];
        let mut root = vec![u32::MAX; root_edges.last().map_or(0, |e| e.0 as usize + 1)];
        for &(key, child) in root_edges {
            root[key as usize] = child;
        }
        Trie {
            edge_start,
            edges,
            end_start,
            ends,
            root,
        }
    }
}

impl Trie {
    /// A trie of `names`: each name's keys, and its pattern.
    #[cfg(test)]
    fn of(names: Vec<(Vec<u32>, u32)>) -> Trie {
        let mut builder = TrieBuilder::new();
        for (keys, pattern) in names {
            builder.insert(keys.into_iter(), pattern);
        }
        builder.build()
    }

    fn child(&self, node: u32, key: u32) -> Option<u32> {
        if node == 0 {
            return self
                .root
                .get(key as usize)
                .copied()
                .filter(|&c| c != u32::MAX);
        }
        let n = node as usize;
        let edges = &self.edges[self.edge_start[n] as usize..self.edge_start[n + 1] as usize];
        edges
            .binary_search_by_key(&key, |&(k, _)| k)
            .ok()
            .map(|i| edges[i].1)
    }

    fn ends(&self, node: u32) -> &[u32] {
        let n = node as usize;
        &self.ends[self.end_start[n] as usize..self.end_start[n + 1] as usize]
    }

    fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }
}

/// The form of the words a trie is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// The inflectional form: nouns, adjectives, names of unknown part of
    /// speech.
    Light,
    /// The verbal form: names that are verbs.
    Verb,
}

impl Form {
    const BOTH: [Form; 2] = [Form::Light, Form::Verb];

    fn of(self, tok: &Tok) -> u32 {
        match self {
            Form::Light => tok.light,
            Form::Verb => tok.verb,
        }
    }
}

/// The glossary's names, one trie per language and form.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermMatcher {
    patterns: Vec<Pattern>,
    /// `tries[lang][form]`.
    tries: [[Trie; 2]; 2],
}

/// Characters a match never crosses: sentence ends.
pub(crate) const BREAKS: &[char] = &['.', '!', '?', ';'];

impl TermMatcher {
    /// Builds the matcher, and says which names two entries share (after
    /// analysis; `ids` names the entries).
    pub(crate) fn new<'a>(
        names: impl IntoIterator<Item = NameSource<'a>>,
        ids: &[EntryId],
    ) -> (TermMatcher, Vec<Warning>) {
        let mut patterns = Vec::new();
        // By language and form.
        let mut builders: [[TrieBuilder; 2]; 2] =
            std::array::from_fn(|_| std::array::from_fn(|_| TrieBuilder::new()));
        let mut texts: Vec<&str> = Vec::new();
        for name in names {
            // A compound's joined form shares the first part's position: a
            // name matches through its parts, word after word.
            let words: Vec<&Tok> = name.tokens.iter().filter(|t| t.width == 1).collect();
            if words.is_empty() {
                continue;
            }
            let gaps: Box<[Box<[FunctionWord]>]> = words
                .windows(2)
                .map(|pair| {
                    let gap = name.text.get(pair[0].end as usize..pair[1].start as usize);
                    gaps::function_words(gap.unwrap_or_default()).into_boxed_slice()
                })
                .collect();
            let case = name.case_sensitive.then(|| {
                words
                    .iter()
                    .map(|t| Box::from(name.text.get(t.span()).unwrap_or_default()))
                    .collect()
            });
            let constraints = (gaps.iter().any(|g| !g.is_empty()) || case.is_some())
                .then(|| Box::new(Constraints { gaps, case }));
            let index = patterns.len() as u32;
            let form = if name.verb { Form::Verb } else { Form::Light };
            builders[name.lang as usize][form as usize]
                .insert(words.iter().map(|t| form.of(t)), index);
            patterns.push(Pattern {
                entry: name.entry,
                nth: name.nth,
                label: name.kind,
                constraints,
            });
            texts.push(name.text);
        }
        let matcher = TermMatcher {
            patterns,
            tries: builders.map(|forms| forms.map(TrieBuilder::build)),
        };
        let warnings = matcher.shared_names(&texts, ids);
        (matcher, warnings)
    }

    /// Names of different entries that match alike (same words, function
    /// words and case): the first entry's wins. One warning per pair of
    /// entries, in entry order.
    fn shared_names(&self, texts: &[&str], ids: &[EntryId]) -> Vec<Warning> {
        let mut pairs: Vec<(u32, u32, u32)> = Vec::new();
        for trie in self.tries.iter().flatten() {
            for node in 0..trie.end_start.len().saturating_sub(1) {
                let ends = trie.ends(node as u32);
                for (k, &p) in ends.iter().enumerate() {
                    let pattern = &self.patterns[p as usize];
                    let alike = ends[..k]
                        .iter()
                        .map(|&q| &self.patterns[q as usize])
                        .find(|q| q.constraints == pattern.constraints);
                    if let Some(first) = alike.filter(|q| q.entry != pattern.entry) {
                        pairs.push((first.entry, pattern.entry, p));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup_by_key(|&mut (a, b, _)| (a, b));
        pairs
            .into_iter()
            .map(|(first, second, p)| Warning::SharedName {
                name: texts[p as usize].to_string(),
                first: ids[first as usize].clone(),
                second: ids[second as usize].clone(),
            })
            .collect()
    }

    /// Every match in `text`, whose analyzed `words` are given (analyzed
    /// with the glossary's vocabulary), left to right, longest first, never
    /// overlapping; only names of entries in `keep`, when given.
    pub(crate) fn find(&self, text: &str, words: &[Word], keep: Option<&BitSet>) -> Vec<RawMatch> {
        self.find_names(
            text,
            words,
            Names {
                keep,
                english: None,
            },
        )
    }

    /// As [`TermMatcher::find`], with only the names `names` allows.
    pub(crate) fn find_names(&self, text: &str, words: &[Word], names: Names<'_>) -> Vec<RawMatch> {
        let mut candidates: Vec<RawMatch> = Vec::new();
        let mut toks: Vec<(u32, Range<usize>)> = Vec::new();
        // A name's label says its language; the trie it is in may be the
        // other's (an acronym its own language drops is analyzed in the
        // other, see `EntryTexts::push_entry`): both are walked, and names are
        // picked by label.
        for lang in Lang::BOTH {
            for form in Form::BOTH {
                let trie = &self.tries[lang as usize][form as usize];
                if trie.is_empty() {
                    continue;
                }
                toks.clear();
                toks.extend(
                    words
                        .iter()
                        .filter(|w| w.width == 1)
                        .filter_map(|w| w.tok(lang).map(|t| (form.of(&t), t.span()))),
                );
                self.walk(trie, text, &toks, names, &mut candidates);
            }
        }
        // Leftmost first, then longest; French before English on a tie.
        candidates.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        let mut out: Vec<RawMatch> = Vec::new();
        for mut m in candidates {
            if out.last().is_none_or(|last| m.span.start >= last.span.end) {
                m.span = super::close_quotes(text, m.span);
                out.push(m);
            }
        }
        out
    }

    /// The longest name of `trie` starting at each word of `toks` (keys and
    /// spans into `text`), among those `names` allows.
    fn walk(
        &self,
        trie: &Trie,
        text: &str,
        toks: &[(u32, Range<usize>)],
        names: Names<'_>,
        candidates: &mut Vec<RawMatch>,
    ) {
        let Names { keep, english } = names;
        for i in 0..toks.len() {
            let mut node = 0;
            let mut best: Option<(u32, usize)> = None;
            for k in 0..toks.len() - i {
                if k > 0 && crosses_break(text, toks[i + k - 1].1.end, toks[i + k].1.start) {
                    break;
                }
                let Some(child) = trie.child(node, toks[i + k].0) else {
                    break;
                };
                node = child;
                let window = &toks[i..=i + k];
                let found = trie.ends(node).iter().copied().find(|&p| {
                    let pattern = &self.patterns[p as usize];
                    keep.is_none_or(|keep| keep.contains(pattern.entry as usize))
                        && english.is_none_or(|en| pattern.label.is_english() == en)
                        && pattern
                            .constraints
                            .as_deref()
                            .is_none_or(|c| c.hold(text, window))
                });
                if let Some(p) = found {
                    best = Some((p, k + 1));
                }
            }
            if let Some((p, n)) = best {
                let pattern = &self.patterns[p as usize];
                candidates.push(RawMatch {
                    entry: pattern.entry,
                    nth: pattern.nth,
                    label: pattern.label,
                    span: toks[i].1.start..toks[i + n - 1].1.end,
                });
            }
        }
    }
}

impl Constraints {
    /// Whether the words of `window` (stems already matched, spans into
    /// `text`) hold the name's function words and case.
    fn hold(&self, text: &str, window: &[(u32, Range<usize>)]) -> bool {
        let gaps_hold = self
            .gaps
            .iter()
            .zip(window.windows(2))
            .all(|(needed, pair)| {
                needed.is_empty()
                    || gaps::holds(
                        &gaps::function_words(&text[pair[0].1.end..pair[1].1.start]),
                        needed,
                    )
            });
        let case_holds = self.case.as_ref().is_none_or(|words| {
            words
                .iter()
                .zip(window)
                .all(|(name, (_, span))| same_case(name, &text[span.clone()]))
        });
        gaps_hold && case_holds
    }
}

/// Whether `text` writes the word `name` in the same case, letter by
/// letter, perhaps with a plural `s` (`PPA`: `PPA`, `PPAs`; not `ppa`,
/// `Ppa`). The letters themselves already matched by their forms.
pub(crate) fn same_case(name: &str, text: &str) -> bool {
    let mut written = text.chars();
    for n in name.chars() {
        let Some(t) = written.next() else {
            return false;
        };
        if n.is_uppercase() != t.is_uppercase() || n.is_lowercase() != t.is_lowercase() {
            return false;
        }
    }
    matches!(written.as_str(), "" | "s")
}

/// Whether the text between two words holds a sentence end or a blank line.
pub(crate) fn crosses_break(text: &str, from: usize, to: usize) -> bool {
    if to <= from {
        return false;
    }
    let gap = &text[from..to];
    gap.contains(BREAKS) || gap.matches('\n').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_compared_letter_by_letter_with_a_plural_s() {
        for (name, text, same) in [
            ("PPA", "PPA", true),
            ("PPA", "PPAs", true),
            ("PPA", "ppa", false),
            ("PPA", "Ppa", false),
            ("GO", "GOING", false),
            ("GO", "GOs", true),
            ("Apple", "Apple", true),
            ("Apple", "APPLE", false),
            ("ÉNA", "ENA", true),
            ("R&D", "R&D", true),
        ] {
            assert_eq!(same_case(name, text), same, "{name} {text}");
        }
    }

    #[test]
    fn breaks_stop_matches() {
        assert!(crosses_break("a. b", 1, 3));
        assert!(crosses_break("a\n\nb", 1, 3));
        assert!(!crosses_break("a\nb", 1, 2));
        assert!(!crosses_break("start-up", 8, 6));
    }

    #[test]
    fn a_trie_holds_every_name_under_its_stems() {
        let trie = Trie::of(vec![
            (vec![1, 2], 0),
            (vec![1], 1),
            (vec![1, 2], 2),
            (vec![3], 3),
        ]);
        let one = trie.child(0, 1).unwrap();
        assert_eq!(trie.ends(one), [1]);
        let two = trie.child(one, 2).unwrap();
        assert_eq!(trie.ends(two), [0, 2]);
        assert_eq!(trie.ends(trie.child(0, 3).unwrap()), [3]);
        assert_eq!(trie.child(0, 2), None);
        assert_eq!(trie.child(two, 1), None);
        assert!(Trie::of(Vec::new()).is_empty());
    }
}
