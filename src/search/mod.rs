//! Free-text search: a [`Query`] in, ranked [`Hit`]s with highlighted
//! [`Snippet`]s out.
//!
//! A search goes through these steps, one module each:
//!
//! 1. [`query`]: the options and their limits;
//! 2. [`read`]: the text becomes units: words and quoted phrases, analyzed
//!    as the corpus was, the last word being typed kept as a prefix;
//! 3. [`plan`]: each unit reaches index terms, exactly, by stem, as a prefix
//!    or through a typo, as the vocabulary allows;
//! 4. [`collect`]: the terms' postings are walked to count the matching
//!    records (exactly up to a bound) and to find the best ones;
//! 5. [`rank`]: the ranking rules order records;
//! 6. [`snippet`]: each hit's best text is cut and highlighted;
//! 7. [`results`]: hits and results, as the CLI's JSON prints them.

mod collect;
mod hits;
mod plan;
mod query;
pub(crate) mod rank;
mod read;
mod results;
mod snippet;

use std::time::Instant;

pub use query::{Query, Typos};
pub use rank::attribute::AttributeDetails;
pub use rank::bm25::Bm25Details;
pub use rank::exactness::ExactnessDetails;
pub use rank::proximity::ProximityDetails;
pub use rank::typo::TypoDetails;
pub use rank::words::WordsDetails;
pub use rank::{LinksDetails, Ranking};
pub use results::{Hit, MatchedName, Record, RecordId, SearchResults, TotalRelation};
pub use snippet::Snippet;

use crate::bitset::BitSet;
use crate::engine::Engine;
use crate::error::{Input, QueryError};
use crate::limits::{check_text, MAX_LIMIT, MAX_OFFSET};
use crate::model::HitKind;
use crate::Result;
use collect::{Evaluator, Filter, PRUNE_FROM};
use hits::{hit, PassageWords};
use plan::Plan;

/// Checks the parts of a query that need no analysis: text length and
/// paging.
fn check(query: &Query) -> Result<(), QueryError> {
    if query.limit > MAX_LIMIT {
        return Err(QueryError::Limit {
            limit: query.limit,
            max: MAX_LIMIT,
        });
    }
    if query.offset > MAX_OFFSET {
        return Err(QueryError::Offset {
            offset: query.offset,
            max: MAX_OFFSET,
        });
    }
    check_text(&query.text, Input::Query)
}

/// The records the query's filters keep: a kind's range of document ids,
/// and which entries the category and sector keep (or, for passages, which
/// passages mention such an entry). Filters that no entry can meet are an
/// error that says why.
fn filter_entries(
    engine: &Engine,
    query: &Query,
    within: Option<&BitSet>,
) -> Result<(Option<Vec<bool>>, HitKind), QueryError> {
    let by_fields = query.category.is_some() || query.sector.is_some();
    if !by_fields && within.is_none() {
        return Ok((None, query.kind.unwrap_or(HitKind::Entry)));
    }
    let kept: Vec<bool> = engine
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            within.is_none_or(|w| w.contains(i))
                && query.category.as_ref().is_none_or(|c| e.category == *c)
                && query
                    .sector
                    .as_ref()
                    .is_none_or(|s| e.sector.as_ref() == Some(s))
        })
        .collect();
    if !kept.contains(&true) {
        let list = |values: Vec<String>| {
            let mut values = values;
            values.sort();
            values.dedup();
            if values.is_empty() {
                "none".to_string()
            } else {
                values.join(", ")
            }
        };
        let categories = list(
            engine
                .entries()
                .iter()
                .map(|e| e.category.to_string())
                .collect(),
        );
        let sectors = list(
            engine
                .entries()
                .iter()
                .filter_map(|e| e.sector.as_ref().map(ToString::to_string))
                .collect(),
        );
        let wanted = match (&query.category, &query.sector) {
            (Some(c), Some(s)) => format!("category `{c}` and sector `{s}`"),
            (Some(c), None) => format!("category `{c}`"),
            (None, Some(s)) => format!("sector `{s}`"),
            // Only an empty selection keeps nothing without a field.
            (None, None) => "an entry in the selection".to_string(),
        };
        let which = if within.is_some() {
            "no entry of the selection"
        } else {
            "no entry"
        };
        return Err(QueryError::ImpossibleFilter {
            reason: format!(
                "{which} has {wanted} (categories here: {categories}; sectors: {sectors})"
            ),
        });
    }
    if query.kind == Some(HitKind::Passage) {
        // Passages that mention an entry the filters keep; records are
        // entries first, then passages.
        let mut records = vec![false; engine.records()];
        for (passage, mentions) in engine.links().passage_mentions.iter().enumerate() {
            records[engine.entries().len() + passage] = mentions.iter().any(|&e| kept[e as usize]);
        }
        return Ok((Some(records), HitKind::Passage));
    }
    Ok((Some(kept), HitKind::Entry))
}

/// A query made ready to run: its plan, and the records its filters keep.
struct Compiled {
    plan: Plan,
    range: std::ops::Range<u32>,
    kept: Option<Vec<bool>>,
}

/// Checks, reads and plans `query`.
fn compile(engine: &Engine, query: &Query, within: Option<&BitSet>) -> Result<Compiled> {
    check(query)?;
    let (kept, kind) = filter_entries(engine, query, within)?;
    let entries = engine.entries().len() as u32;
    let records = engine.records() as u32;
    let range = match (query.kind, &kept) {
        (None, None) => 0..records,
        _ if kind == HitKind::Entry => 0..entries,
        _ => entries..records,
    };
    let read = engine
        .analyzers()
        .with(|analysis| read::read(&query.text, analysis, query.prefix_last_word))?;
    let mut plan = plan::plan(&read, engine.stats(), engine.known_terms(), query.typos);
    // Links bring passages: a search of entries alone has no use for them.
    if query.links && range.end > entries {
        // Only entries with a name word the query reaches can be named.
        let candidates = engine.entries_naming(&plan.linkable_ids(), plan::MIN_LINK_WORDS);
        plan.link(candidates.into_iter().map(|e| {
            let names = engine
                .entry_texts()
                .of(e as usize)
                .filter(|t| t.is_name())
                .map(|t| t.tokens);
            (e, names)
        }));
    }
    let vocabulary = engine.analyzers().vocabulary();
    for t in &mut plan.terms {
        t.info = engine.index().term_info(
            &engine
                .index()
                .fields
                .term(t.form, vocabulary.lexicon.word(t.id)),
        )?;
    }
    plan.mark_subsumed(vocabulary);
    Ok(Compiled { plan, range, kept })
}

impl Engine {
    /// Each entry's mentions, and the document id of the first passage.
    fn mentions(&self) -> (&[Vec<crate::links::MentionAt>], u32) {
        (
            self.links().entry_mentions.as_slice(),
            self.entries().len() as u32,
        )
    }
}

/// Searches `engine`.
pub(crate) fn run<'g>(
    engine: &'g Engine,
    query: &Query,
    within: Option<&BitSet>,
) -> Result<SearchResults<'g>> {
    let started = Instant::now();
    let Compiled { plan, range, kept } = compile(engine, query, within)?;
    let filter = Filter {
        range,
        kept_entries: kept.as_deref(),
    };
    let k = if query.limit == 0 {
        0
    } else {
        query.offset + query.limit
    };
    // The total alone (`limit(0)`) opens no cursor.
    let walk = match k {
        0 => None,
        _ => Evaluator::new(
            &plan,
            engine.index(),
            filter.clone(),
            engine.stats(),
            engine.mentions(),
        )?,
    };
    let capped = |n: usize| match query.count_up_to {
        Some(cap) if n > cap => (cap, false),
        _ => (n, true),
    };
    let count = || {
        collect::count(
            &plan,
            engine.index(),
            &filter,
            engine.stats(),
            engine.mentions(),
            query.count_up_to,
        )
    };
    let no_phrase = plan.units.iter().all(|u| u.phrase.is_none());
    let (top, (total_hits, exact)) = match walk {
        // The window walk reads every match: it counts them as it ranks.
        Some(walk) if no_phrase && walk.windowed() => {
            let (top, matched) = walk.top_and_count(k)?;
            debug_assert_eq!(capped(matched), count()?, "the window walk's count");
            (top, capped(matched))
        }
        walk => {
            let (total_hits, exact) = count()?;
            let top = match walk {
                Some(walk) if total_hits > 0 => walk.top(k, !exact || total_hits >= PRUNE_FROM)?,
                _ => Vec::new(),
            };
            (top, (total_hits, exact))
        }
    };
    let hits = engine.analyzers().with(|analysis| {
        let mut words = PassageWords::new(engine, analysis);
        top.iter()
            .skip(query.offset)
            .map(|c| hit(engine, &plan, c, query.explain, &mut words))
            .collect()
    });
    Ok(SearchResults {
        query: query.text.clone(),
        total_hits,
        total_hits_relation: if exact {
            TotalRelation::Exact
        } else {
            TotalRelation::AtLeast
        },
        hits,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{FrenchOrder, Lang, Tok};
    use crate::data::{RawData, EMBEDDED_GLOSSARY};
    use crate::index::Forms;
    use crate::load::{load, Target};
    use collect::Candidate;
    use rank::Key;

    /// A corpus where words repeat, co-occur, sit next to each other or far
    /// apart, in many forms: enough for every skip of the walk to happen.
    fn corpus() -> String {
        let words = [
            "zone",
            "zones",
            "pilote",
            "pilotes",
            "piloter",
            "innovation",
            "innovations",
            "réforme",
            "financière",
            "finance",
            "technologique",
            "technologiques",
            "pôle",
            "santé",
            "vie",
            "cercle",
            "économique",
            "graphène",
            "matériaux",
            "de",
            "la",
            "Chongqing",
            "startup",
            "start-up",
            "verte",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut text = String::new();
        for i in 0..3000 {
            let len = 4 + next(14);
            let mut sentence: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
            sentence[0] = "Passage";
            text.push_str(&sentence.join(" "));
            text.push_str(if i % 6 == 5 { ".\n" } else { ". " });
        }
        text
    }

    /// Every walk (the one a search picks, the plain one, the pruned and
    /// the window walk whatever the plan's size) ranks as the exhaustive
    /// walk does, on a corpus where pruning has something to skip.
    #[test]
    fn the_pruned_walk_ranks_as_the_exhaustive_one() {
        let raw = RawData::texts(
            crate::formats::GlossaryFormat::Json,
            "glossary.json",
            EMBEDDED_GLOSSARY.into(),
            vec![("source.fr.txt".to_string(), corpus().into_bytes())],
        )
        .unwrap();
        let loaded = load(raw, Target::Ram, FrenchOrder::default(), None).unwrap();
        let engine = &loaded.engine;
        let queries = [
            "zone",
            "zone pilote",
            "pilot finance zone",
            "tehcnologique",
            "innovation",
            "pôle santé vie",
            "\"zone pilote\"",
            "réforme financière zone",
            "graphène matériaux",
            "start-up",
            "innovation technologique",
            "verte zone pilote de la réforme",
            "zon",
            "cercle économique chongqing",
            "santé",
            "piloter",
        ];
        let kinds = [None, Some(HitKind::Passage), Some(HitKind::Entry)];
        for text in queries {
            for (kind, k, typos, prefix) in kinds
                .iter()
                .flat_map(|&kind| [1, 3, 10, 37].map(|k| (kind, k, Typos::Tolerated, true)))
                .chain([
                    (None, 10, Typos::Off, true),
                    (None, 10, Typos::Tolerated, false),
                ])
            {
                let mut query = Query::new(text).limit(k);
                if let Some(kind) = kind {
                    query = query.kind(kind);
                }
                let query = query.typos(typos).prefix_last_word(prefix);
                let Compiled { plan, range, kept } = compile(engine, &query, None).unwrap();
                let walk = || {
                    let filter = Filter {
                        range: range.clone(),
                        kept_entries: kept.as_deref(),
                    };
                    Evaluator::new(
                        &plan,
                        engine.index(),
                        filter,
                        engine.stats(),
                        engine.mentions(),
                    )
                    .unwrap()
                    .unwrap()
                };
                let keys = |top: Result<Vec<Candidate>>| -> Vec<(u32, Key)> {
                    top.unwrap().iter().map(|c| (c.doc, c.key)).collect()
                };
                let pruned = keys(walk().top(k, true));
                let unpruned = keys(walk().top(k, false));
                let windowed = keys(walk().top_by(k, true));
                let skipping = keys(walk().top_by(k, false));
                let exhaustive = keys(walk().top_exhaustive(k));
                let case = format!("{text:?} kind {kind:?} k {k} {typos:?} prefix {prefix}");
                assert_eq!(pruned, exhaustive, "pruned: {case}");
                assert_eq!(unpruned, exhaustive, "unpruned: {case}");
                assert_eq!(windowed, exhaustive, "window walk: {case}");
                assert_eq!(skipping, exhaustive, "pruned walk: {case}");
            }
        }
    }

    /// An exact body word whose raw tokens all stem alike is counted
    /// through its stem alone; a word in a phrase, or a typo's form, is
    /// not. (Counting checks, in debug builds, that a skipped term's
    /// records are all counted.)
    #[test]
    fn counting_skips_exact_forms_within_their_stem() {
        let engine = load(
            RawData::embedded(),
            Target::Ram,
            FrenchOrder::default(),
            None,
        )
        .unwrap()
        .engine;
        let subsumed = |text: &str| -> Vec<(String, bool)> {
            let plan = compile(&engine, &Query::new(text), None).unwrap().plan;
            let lexicon = &engine.analyzers().vocabulary().lexicon;
            plan.terms
                .iter()
                .filter(|t| t.form == Forms::BODY_EXACT && t.info.is_some())
                .map(|t| (lexicon.word(t.id).to_string(), t.subsumed))
                .collect()
        };
        assert!(subsumed("innovation").contains(&("innovation".into(), true)));
        assert!(subsumed("innovations pilote")
            .iter()
            .any(|(w, s)| w == "pilote" && *s));
        assert!(
            subsumed("\"zone pilote\"").iter().all(|(_, s)| !s),
            "a phrase"
        );
        for q in [
            "innovation",
            "zone pilote",
            "\"zone pilote\" santé",
            "innovatoin",
        ] {
            let all = run(&engine, &Query::new(q).limit(1000), None).unwrap();
            assert_eq!(all.total_hits, all.hits.len(), "{q}");
        }
    }

    /// Kept passage words are the words analysis gives, and searching with
    /// them kept or not (analyzing only highlighted raw tokens) gives the
    /// same hits, snippets included.
    #[test]
    fn kept_passage_words_change_nothing() {
        let raw = RawData::embedded();
        let mut engine = load(raw, Target::Ram, FrenchOrder::default(), None)
            .unwrap()
            .engine;
        assert!(engine.keeps_passage_words(), "the embedded data is small");
        for p in 0..engine.passages().len() {
            let text = engine.passages().get(p).text;
            let fresh = engine
                .analyzers()
                .with(|analysis| analysis.tokens(Lang::French, &text));
            let kept = |engine: &Engine| {
                engine
                    .analyzers()
                    .with(|analysis| engine.kept_passage_words(p, analysis).map(<[Tok]>::to_vec))
            };
            assert_eq!(kept(&engine).as_deref(), Some(&*fresh));
            assert_eq!(kept(&engine).as_deref(), Some(&*fresh), "kept");
        }
        // Without kept words, a hit analyzes only the words of its
        // highlighted raw tokens: phrases, stems, typos, prefixes, English
        // names and links give the same snippets.
        let queries = [
            "innovation scientifique",
            "zone pilote",
            "\"cercle économique\"",
            "\"zone pilote de réforme\" innovations",
            "corridro d'innovatoin",
            "technolog",
            "pilot finance zone",
            "Chengdu-Chongqing",
            "l'économie numérique",
        ];
        let kept: Vec<String> = queries
            .iter()
            .map(|q| format!("{:?}", run(&engine, &Query::new(*q), None).unwrap().hits))
            .collect();
        engine.forget_passage_words();
        for (q, kept) in queries.iter().zip(&kept) {
            let hits = format!("{:?}", run(&engine, &Query::new(*q), None).unwrap().hits);
            assert_eq!(&hits, kept, "{q}");
        }
    }

    /// Reading only the entries the name-word index gives names the same
    /// entries, through the same units, as reading every entry: on names
    /// with repeated words, words reached through prefixes and typos, and
    /// one-word names.
    #[test]
    fn links_from_the_name_word_index_are_the_links_of_every_entry() {
        let glossary = r#"[
          {"id": "a", "term": "zone zone", "term_en": "zone", "category": "c"},
          {"id": "b", "term": "pilote innovation", "term_en": "pilot innovation", "category": "c"},
          {"id": "c", "term": "innovation innovante", "term_en": "innovative innovation",
           "aliases": ["santé"], "category": "c"},
          {"id": "d", "term": "réforme financière technologique", "term_en": "financial reform",
           "category": "c"},
          {"id": "e", "term": "pôle de santé et de vie", "term_en": "health hub", "category": "c"}
        ]"#;
        let raw = RawData::texts(
            crate::formats::GlossaryFormat::Json,
            "glossary.json",
            glossary.into(),
            vec![("source.fr.txt".to_string(), corpus().into_bytes())],
        )
        .unwrap();
        let engine = load(raw, Target::Ram, FrenchOrder::default(), None)
            .unwrap()
            .engine;
        let queries = [
            "zone",
            "zone zone",
            "innovation",
            "innov",
            "innovatoin innovante",
            "pilote",
            "pilot",
            "santé",
            "réforme financière",
            "financial",
            "financièr",
            "technologique réforme",
            "pôle santé vie",
            "health",
            "vie",
            "\"zone pilote\" innovation",
        ];
        let (mut linked, mut skipped) = (0, 0);
        for text in queries {
            let read = engine
                .analyzers()
                .with(|a| read::read(text, a, true))
                .unwrap();
            let names = |e: u32| {
                engine
                    .entry_texts()
                    .of(e as usize)
                    .filter(|t| t.is_name())
                    .map(|t| t.tokens)
            };
            let mut every = plan::plan(
                &read,
                engine.stats(),
                engine.known_terms(),
                Typos::default(),
            );
            let mut indexed = every.clone();
            every.link((0..engine.entries().len() as u32).map(|e| (e, names(e))));
            let candidates = engine.entries_naming(&indexed.linkable_ids(), plan::MIN_LINK_WORDS);
            skipped += engine.entries().len() - candidates.len();
            indexed.link(candidates.into_iter().map(|e| (e, names(e))));
            assert_eq!(indexed.links, every.links, "{text}");
            linked += every.links.len();
        }
        // The case is not empty: links were made, entries were passed over.
        assert!(linked >= 10 && skipped >= 20, "{linked} {skipped}");
    }
}
