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
use crate::analysis::{Lang, Tok, Word};
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

/// The names of one language, as a trie of stems. Node 0 is the root; a
/// node's edges are sorted by key, its patterns in entry order.
#[derive(Debug, Clone, Default)]
struct Trie {
    edge_start: Vec<u32>,
    edges: Vec<(u32, u32)>,
    end_start: Vec<u32>,
    ends: Vec<u32>,
}

impl Trie {
    /// Builds the trie of `names` (keys, pattern) sorted by keys, then by
    /// pattern.
    fn build(mut names: Vec<(Box<[u32]>, u32)>) -> Trie {
        names.sort();
        let mut trie = Trie::default();
        // Breadth first: a node's edges and patterns are pushed together,
        // so each is a contiguous range. (node's range of `names`, depth)
        let mut queue = std::collections::VecDeque::from([(0..names.len(), 0usize)]);
        let mut next_node = 1u32;
        while let Some((range, depth)) = queue.pop_front() {
            trie.edge_start.push(trie.edges.len() as u32);
            trie.end_start.push(trie.ends.len() as u32);
            let mut i = range.start;
            // Names that end here sort first.
            while i < range.end && names[i].0.len() == depth {
                trie.ends.push(names[i].1);
                i += 1;
            }
            while i < range.end {
                let stem = names[i].0[depth];
                let start = i;
                while i < range.end && names[i].0[depth] == stem {
                    i += 1;
                }
                trie.edges.push((stem, next_node));
                next_node += 1;
                queue.push_back((start..i, depth + 1));
            }
        }
        trie.edge_start.push(trie.edges.len() as u32);
        trie.end_start.push(trie.ends.len() as u32);
        trie
    }

    fn child(&self, node: u32, stem: u32) -> Option<u32> {
        let n = node as usize;
        let edges = &self.edges[self.edge_start[n] as usize..self.edge_start[n + 1] as usize];
        edges
            .binary_search_by_key(&stem, |&(s, _)| s)
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

/// Names as a trie is built from them: each name's keys, and its pattern.
type Keyed = Vec<(Box<[u32]>, u32)>;

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
        // Each name's keys and pattern, by language and form.
        let mut keyed: [[Keyed; 2]; 2] = Default::default();
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
            keyed[name.lang as usize][form as usize]
                .push((words.iter().map(|t| form.of(t)).collect(), index));
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
            tries: keyed.map(|forms| forms.map(Trie::build)),
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
        // other, see `EntryTexts::analyze`): both are walked, and names are
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
        let trie = Trie::build(vec![
            (vec![1, 2].into(), 0),
            (vec![1].into(), 1),
            (vec![1, 2].into(), 2),
            (vec![3].into(), 3),
        ]);
        let one = trie.child(0, 1).unwrap();
        assert_eq!(trie.ends(one), [1]);
        let two = trie.child(one, 2).unwrap();
        assert_eq!(trie.ends(two), [0, 2]);
        assert_eq!(trie.ends(trie.child(0, 3).unwrap()), [3]);
        assert_eq!(trie.child(0, 2), None);
        assert!(Trie::build(Vec::new()).is_empty());
    }
}
