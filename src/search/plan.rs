//! Matching: which index terms each query word reaches, and how (exactly,
//! by stem, as a prefix, through a typo). Decided from the glossary's
//! vocabulary at query time: a term is only asked of Tantivy when the corpus
//! has it in that form.

use crate::analysis::{Lang, Tok, Vocabulary};
use crate::bitset::BitSet;
use crate::index::Forms;
use crate::search::read::{QueryWord, ReadQuery, WordTerms};
use crate::search::Typos;
use crate::stats::TermStats;
use tantivy::postings::TermInfo;

/// Most indexed words the word being typed may complete to; the most
/// frequent are kept.
pub(crate) const MAX_PREFIX_EXPANSIONS: usize = 30;

/// How a term matches its query word, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Class {
    /// The word's exact (folded) form.
    Exact,
    /// Another form with the word's stem.
    Stem,
    /// A longer word the word being typed starts.
    Prefix,
    /// A passage that mentions an entry the query names (see [`PlanLink`]).
    Link,
    /// A word within the typo budget.
    Typo,
}

/// One index term a query unit reaches: one cursor over its postings.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PlanTerm {
    /// The unit (query word or phrase) it belongs to.
    pub unit: u32,
    /// The word of the unit (0 except in phrases).
    pub word: u32,
    pub form: Forms,
    /// Term id in the glossary's vocabulary.
    pub id: u32,
    pub class: Class,
    /// Where the term's postings are in the index (`None` until looked up,
    /// and for a term no document holds): one dictionary lookup per query
    /// term, shared by counting, ranking and positions.
    pub info: Option<TermInfo>,
    /// Records holding the word, for its BM25 weight.
    pub records: u32,
    /// Whether every occurrence of the term is one of another term of its
    /// unit: an exact body form whose raw tokens all have one stem, which
    /// the unit also searches (see [`Plan::mark_subsumed`]). Counting and
    /// position reads skip it; its class and score still count.
    pub subsumed: bool,
}

/// An entry the query names, reaching the passages that mention it: a
/// record of those passages matches `unit` through the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlanLink {
    pub entry: u32,
    pub unit: u32,
    /// [`Class::Link`], or [`Class::Typo`] when the unit named the entry
    /// only through a typo.
    pub class: Class,
}

/// One unit of the ranking rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlanUnit {
    /// Query words it counts for.
    pub weight: u32,
    /// For a phrase: the position offset of each word from the first.
    pub phrase: Option<Vec<u32>>,
}

impl PlanUnit {
    /// How many words the unit has (one, or a phrase's).
    pub(crate) fn words(&self) -> usize {
        self.phrase.as_ref().map_or(1, Vec::len)
    }
}

/// What snippets highlight, per language: exact forms, stems, and phrases
/// (stems at position offsets).
#[derive(Debug, Default, Clone)]
pub(crate) struct Highlight {
    pub exact: [BitSet; 2],
    pub stem: [BitSet; 2],
    pub phrases: [Vec<Vec<(u32, u32)>>; 2],
}

/// A compiled query.
#[derive(Debug, Default, Clone)]
pub(crate) struct Plan {
    pub units: Vec<PlanUnit>,
    pub terms: Vec<PlanTerm>,
    /// The number of query words: the best value of the words rule.
    pub max_words: u32,
    pub highlight: Highlight,
    /// Entries the query names, and the units they stand for.
    pub links: Vec<PlanLink>,
}

fn exact_forms(lang: Lang) -> &'static [Forms] {
    match lang {
        Lang::French => &[Forms::NAMES_EXACT, Forms::BODY_EXACT],
        // English words only occur in English names.
        Lang::English => &[Forms::NAMES_EXACT],
    }
}

fn stem_forms(lang: Lang) -> &'static [Forms] {
    match lang {
        Lang::French => &[Forms::NAMES, Forms::BODY],
        Lang::English => &[Forms::NAMES],
    }
}

/// Compiles a read query against the vocabulary's statistics. `known` is the
/// size of the glossary's vocabulary: ids at or past it are words the corpus
/// does not have.
pub(crate) fn plan(read: &ReadQuery, stats: &TermStats, known: u32, typos: Typos) -> Plan {
    let mut plan = Plan::default();
    for (u, unit) in read.units.iter().enumerate() {
        let u = u as u32;
        if unit.phrase {
            let first = unit.words[0].position;
            let offsets: Vec<u32> = unit.words.iter().map(|w| w.position - first).collect();
            plan.phrase(u, unit.words.as_slice(), &offsets, stats, known);
            plan.units.push(PlanUnit {
                weight: unit.weight(),
                phrase: Some(offsets),
            });
        } else {
            plan.word(u, &unit.words[0], stats, known, typos);
            plan.units.push(PlanUnit {
                weight: 1,
                phrase: None,
            });
        }
        plan.max_words += unit.weight();
    }
    plan
}

/// How a term is reached: by which unit and word, in which language, class
/// and weight, and whether its matches are highlighted one by one (phrases
/// are highlighted as a whole).
#[derive(Clone, Copy)]
struct Reach {
    unit: u32,
    word: u32,
    lang: Lang,
    class: Class,
    records: u32,
    highlight: bool,
}

impl Plan {
    /// Marks the exact body terms whose every occurrence is one of a body
    /// stem of the same single-word unit (see [`PlanTerm::subsumed`]): a
    /// body word is indexed in both forms at one position, so when every
    /// raw token giving the exact term stems to that stem (as `vocabulary`
    /// records them), the exact term's records and positions are among
    /// the stem's.
    pub(crate) fn mark_subsumed(&mut self, vocabulary: &Vocabulary) {
        let single = |t: &PlanTerm| self.units[t.unit as usize].phrase.is_none();
        let stems: Vec<(u32, u32)> = self
            .terms
            .iter()
            .filter(|t| t.form == Forms::BODY && t.info.is_some() && single(t))
            .map(|t| (t.unit, t.id))
            .collect();
        let subsumed: Vec<bool> = self
            .terms
            .iter()
            .map(|t| {
                t.form == Forms::BODY_EXACT
                    && single(t)
                    && vocabulary
                        .french_stem_of(t.id)
                        .is_some_and(|s| stems.contains(&(t.unit, s)))
            })
            .collect();
        for (t, subsumed) in self.terms.iter_mut().zip(subsumed) {
            t.subsumed = subsumed;
        }
    }

    /// Adds `id` in each of `forms` the corpus has it in, unless the unit
    /// already reaches that term in an equal or better class.
    fn add(&mut self, reach: Reach, id: u32, forms: &[Forms], stats: &TermStats) {
        let held = stats.forms(id);
        for &form in forms {
            if !held.contains(form) {
                continue;
            }
            // Highlighted in this language even when the other language
            // already reached the same term (the vocabulary is shared).
            if reach.highlight {
                match reach.class {
                    Class::Stem => self.highlight.stem[reach.lang as usize].insert(id as usize),
                    _ => self.highlight.exact[reach.lang as usize].insert(id as usize),
                }
            }
            let same = self.terms.iter().position(|t| {
                t.unit == reach.unit && t.word == reach.word && t.form == form && t.id == id
            });
            match same {
                Some(i) if self.terms[i].class <= reach.class => continue,
                Some(i) => self.terms[i].class = reach.class,
                None => self.terms.push(PlanTerm {
                    unit: reach.unit,
                    word: reach.word,
                    form,
                    id,
                    class: reach.class,
                    info: None,
                    records: reach.records,
                    subsumed: false,
                }),
            }
        }
    }

    fn word(&mut self, unit: u32, word: &QueryWord, stats: &TermStats, known: u32, typos: Typos) {
        for lang in Lang::BOTH {
            let l = lang as usize;
            let reach = |class, records| Reach {
                unit,
                word: 0,
                lang,
                class,
                records,
                highlight: true,
            };
            for WordTerms { terms, .. } in word.langs[l].iter().chain(&word.joined[l]) {
                let records = weight_records(stats, terms.stem, terms.exact, known);
                if terms.exact < known {
                    let r = reach(Class::Exact, records);
                    self.add(r, terms.exact, exact_forms(lang), stats);
                }
                if terms.stem < known {
                    let r = reach(Class::Stem, records);
                    self.add(r, terms.stem, stem_forms(lang), stats);
                }
            }
            if let (Some(terms), Typos::Tolerated) = (&word.langs[l], typos) {
                for (id, _distance) in stats.typos(lang).expand(&terms.exact) {
                    let r = reach(Class::Typo, stats.records(id));
                    self.add(r, id, exact_forms(lang), stats);
                }
            }
            if let Some(prefixes) = &word.prefix {
                if !prefixes[l].is_empty() {
                    for id in stats.completions(lang, &prefixes[l], MAX_PREFIX_EXPANSIONS) {
                        let r = reach(Class::Prefix, stats.records(id));
                        self.add(r, id, exact_forms(lang), stats);
                    }
                }
            }
        }
    }

    /// A phrase: the stems of its words, in names and bodies; it matches
    /// where they stand at the phrase's offsets (checked on positions).
    fn phrase(
        &mut self,
        unit: u32,
        words: &[QueryWord],
        offsets: &[u32],
        stats: &TermStats,
        known: u32,
    ) {
        for lang in Lang::BOTH {
            let l = lang as usize;
            let stems: Option<Vec<u32>> = words
                .iter()
                .map(|w| {
                    w.langs[l]
                        .as_ref()
                        .map(|t| t.terms.stem)
                        .filter(|&s| s < known)
                })
                .collect();
            let Some(stems) = stems else { continue };
            for (j, &stem) in stems.iter().enumerate() {
                let reach = Reach {
                    unit,
                    word: j as u32,
                    lang,
                    class: Class::Stem,
                    records: stats.records(stem),
                    highlight: false,
                };
                self.add(reach, stem, stem_forms(lang), stats);
            }
            self.highlight.phrases[l].push(offsets.iter().copied().zip(stems).collect());
        }
    }
}

/// The record count that weighs a word: its stem's, or its exact form's when
/// the stem is unknown.
fn weight_records(stats: &TermStats, stem: u32, exact: u32, known: u32) -> u32 {
    if stem < known {
        stats.records(stem)
    } else if exact < known {
        stats.records(exact)
    } else {
        0
    }
}

/// How much of one name of an entry a query reaches.
struct NameReach {
    /// Words of the name reached.
    reached: usize,
    /// Whether all of them.
    whole: bool,
    /// The units that reached them, each with its best class.
    units: Vec<(u32, Class)>,
}

/// The fewest words of a name a query must hold to name the entry, unless
/// it holds the whole name.
pub(crate) const MIN_LINK_WORDS: usize = 2;

impl Plan {
    /// The term ids the query's words reach outside quoted phrases, sorted.
    pub(crate) fn linkable_ids(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .terms
            .iter()
            .filter(|t| self.units[t.unit as usize].phrase.is_none())
            .map(|t| t.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Finds the entries the query names: for each entry, its name
    /// (`labels`: each name's analyzed words) whose words the
    /// query's units reach most, through any of their terms (exact, stem,
    /// prefix, typo). An entry is named when the query reaches all the words
    /// of one of its names, or at least [`MIN_LINK_WORDS`] of them; then
    /// each unit that reached a word of that name matches, through the link,
    /// the passages that mention the entry. Quoted phrases take no part.
    pub(crate) fn link<'a>(
        &mut self,
        labels: impl IntoIterator<Item = (u32, impl IntoIterator<Item = &'a [Tok]>)>,
    ) {
        // The terms outside quoted phrases (a quoted phrase matches its
        // words in order, never through a link), by id: a name word finds
        // the units it reaches by two binary searches, however many terms
        // typos and prefixes added.
        let mut by_id: Vec<(u32, u32, Class)> = self
            .terms
            .iter()
            .filter(|t| self.units[t.unit as usize].phrase.is_none())
            .map(|t| (t.id, t.unit, t.class))
            .collect();
        by_id.sort_unstable();
        let terms_of = |id: u32| {
            let start = by_id.partition_point(|&(i, ..)| i < id);
            let end = start + by_id[start..].partition_point(|&(i, ..)| i == id);
            &by_id[start..end]
        };
        // Most name words are reached by no term: a 64-bit mask of the ids
        // answers most of them before the search.
        let mask = by_id.iter().fold(0u64, |m, &(id, ..)| m | 1 << (id % 64));
        let reaches = |id: u32| mask & (1 << (id % 64)) != 0 && !terms_of(id).is_empty();
        // Scratch: the units that reached the name being read.
        let mut units: Vec<(u32, Class)> = Vec::new();
        for (entry, names) in labels {
            let mut best: Option<NameReach> = None;
            for tokens in names {
                let mut words = 0;
                let mut reached = 0;
                units.clear();
                for word in tokens.iter().filter(|t| t.width == 1) {
                    words += 1;
                    if !reaches(word.exact) && !reaches(word.stem) {
                        continue;
                    }
                    // Ids name strings, whichever language analyzed them (the
                    // plan keeps one copy of a term both languages reach).
                    let forms = [word.exact, word.stem];
                    let forms = if word.exact == word.stem {
                        &forms[..1]
                    } else {
                        &forms[..]
                    };
                    let mut hit = false;
                    for &(_, unit, term_class) in forms.iter().flat_map(|&id| terms_of(id)) {
                        hit = true;
                        match units.iter_mut().find(|(u, _)| *u == unit) {
                            Some((_, class)) => *class = (*class).min(term_class),
                            None => units.push((unit, term_class)),
                        }
                    }
                    reached += usize::from(hit);
                }
                let whole = reached == words && reached > 0;
                if !(whole || reached >= MIN_LINK_WORDS) {
                    continue;
                }
                if best
                    .as_ref()
                    .is_none_or(|b| (reached, whole) > (b.reached, b.whole))
                {
                    best = Some(NameReach {
                        reached,
                        whole,
                        units: units.clone(),
                    });
                }
            }
            if let Some(best) = best {
                for (unit, class) in best.units {
                    let class = if class == Class::Typo {
                        Class::Typo
                    } else {
                        Class::Link
                    };
                    self.links.push(PlanLink { entry, unit, class });
                }
            }
        }
    }
}
