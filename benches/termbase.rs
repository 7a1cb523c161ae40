//! A team's own termbase at scale: a generated glossary of 100k entries
//! (10k for the growth check) whose names are one to six words of made-up
//! French and English vocabularies of 100k words each, drawn with a
//! Zipf-like frequency (`benches/varied.rs`), measured beside what it is
//! compared with in the same run:
//!
//! - `termbase_load/<n>`: building 10k and 100k entries (linear when 100k
//!   take about ten times as long), beside `passages_build/100000`, the
//!   build of 100k passages with the embedded glossary;
//! - `termbase_open/100000`: reopening the saved index (`--index-dir`);
//! - `termbase_query/*`: queries on the 100k entries;
//! - `termbase_annotate/*`: term recognition in 1 MB of French text naming
//!   the entries, with the 100k entries and with the embedded eight, beside
//!   the `aho-corasick` crate over the same names folded (exact,
//!   leftmost-longest, whole words), which finds no inflected form;
//! - `termbase_check/*`: the translation check on 1 MB of segment pairs,
//!   beside the naive way (folded substring counts), as MB/s.
//!
//! ```sh
//! cargo bench --bench termbase
//! ```

mod common;
mod varied;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chongqing_glossary::{
    Glossary, GlossaryBuilder, HitKind, IndexOrigin, Query, EMBEDDED_GLOSSARY,
};
use common::synthetic_article;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SOURCE: &str = "Une phrase sur la zone pilote.\n";

/// Distinct words of each language's vocabulary.
const VOCABULARY: usize = 100_000;

/// Times `build` once per iteration; the result is dropped outside the
/// measurement.
fn time_builds(iters: u64, build: impl Fn() -> Glossary) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let started = Instant::now();
        let g = build();
        total += started.elapsed();
        drop(black_box(g));
    }
    total
}

fn bench(c: &mut Criterion) {
    let mut build = c.benchmark_group("termbase_load");
    build.sample_size(10);
    build.measurement_time(Duration::from_secs(20));
    for n in [10_000, 100_000] {
        let (json, _) = varied::termbase(n, VOCABULARY);
        build.throughput(Throughput::Elements(n as u64));
        build.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter_custom(|iters| {
                time_builds(iters, || {
                    let g = GlossaryBuilder::new()
                        .from_texts(SOURCE, json.as_str())
                        .unwrap();
                    assert_eq!(g.entries().len(), n);
                    g
                })
            })
        });
    }
    build.finish();

    // The baseline the termbase build is held to: 100k passages.
    let article = synthetic_article(100_000);
    let mut passages = c.benchmark_group("passages_build");
    passages.sample_size(10);
    passages.measurement_time(Duration::from_secs(20));
    passages.bench_function(BenchmarkId::from_parameter(100_000), |b| {
        b.iter_custom(|iters| {
            time_builds(iters, || {
                GlossaryBuilder::new()
                    .from_texts(article.as_str(), EMBEDDED_GLOSSARY)
                    .unwrap()
            })
        })
    });
    passages.finish();

    // Reopening the saved 100k-entry index.
    let n = 100_000;
    let (json, names) = varied::termbase(n, VOCABULARY);
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("termbase-100k");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("glossary.json"), &json).unwrap();
    std::fs::write(dir.join("source.fr.txt"), SOURCE).unwrap();
    let index = dir.join("index");
    // The bench's own scratch directory, started afresh.
    let _ = std::fs::remove_dir_all(&index);
    GlossaryBuilder::new()
        .index_dir(&index)
        .from_dir(&dir)
        .unwrap();
    let mut open = c.benchmark_group("termbase_open");
    open.sample_size(20);
    open.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter_with_large_drop(|| {
            let g = GlossaryBuilder::new()
                .index_dir(&index)
                .from_dir(&dir)
                .unwrap();
            assert_eq!(g.index_origin(), IndexOrigin::Reused);
            g
        })
    });
    open.finish();

    let glossary = GlossaryBuilder::new()
        .from_texts(SOURCE, json.as_str())
        .unwrap();
    // The most frequent words of each vocabulary are in thousands of names.
    let fr = varied::Vocabulary::new(VOCABULARY, false, 0x5eed_f00d);
    let en = varied::Vocabulary::new(VOCABULARY, true, 0xbeef_cafe);
    let typo = {
        let mut w: Vec<char> = fr.words[20].chars().collect();
        w.swap(1, 2);
        w.into_iter().collect::<String>()
    };
    let queries = [
        ("french_term", names[n / 2].0[0].clone()),
        ("english_term", names[n / 3].1[0].clone()),
        (
            "two_common_words",
            format!("{} {}", fr.words[0], fr.words[1]),
        ),
        (
            "three_common_words",
            format!("{} {} {}", en.words[0], en.words[1], en.words[2]),
        ),
        ("typo", typo),
    ];
    let mut query_group = c.benchmark_group("termbase_query");
    // Entries only, and one query of both kinds: passages too, found
    // through the entries they mention (the link prefilter reads a table
    // of every entry).
    let kinds = queries
        .iter()
        .map(|(id, text)| (id.to_string(), text, Some(HitKind::Entry)))
        .chain([("two_common_words_any_kind".to_string(), &queries[2].1, None)]);
    for (id, text, kind) in kinds {
        let mut query = Query::new(text.as_str());
        if let Some(kind) = kind {
            query = query.kind(kind);
        }
        // Warm the lazily built indexes outside the measurement.
        assert!(glossary.search(&query).unwrap().total_hits > 0, "{text}");
        query_group.bench_function(BenchmarkId::from_parameter(&id), |b| {
            b.iter(|| {
                let r = glossary.search(black_box(&query)).unwrap();
                assert!(!r.hits.is_empty());
                r.total_hits
            })
        });
    }
    query_group.finish();

    let text = varied::french_text_naming(&names, VOCABULARY, 1 << 20);
    let embedded = Glossary::embedded().unwrap();
    let found = glossary.annotate(&text).len();
    assert!(found > 10_000, "{found}");
    let aho = AhoAnnotate::new(names.iter().flat_map(|(f, e)| f.iter().chain(e)));
    let mut annotate = c.benchmark_group("termbase_annotate");
    annotate.throughput(Throughput::Bytes(text.len() as u64));
    annotate.sample_size(20);
    for (id, g) in [("100k_entries", &glossary), ("embedded", &embedded)] {
        annotate.bench_function(BenchmarkId::new("1mb", id), |b| {
            b.iter(|| g.annotate(black_box(&text)).len())
        });
    }
    annotate.bench_function(BenchmarkId::new("1mb", "aho_corasick_100k"), |b| {
        b.iter(|| {
            let n = aho.count(black_box(&text));
            assert!(n * 10 > found * 8, "{n} {found}");
            n
        })
    });
    annotate.finish();

    // The translation check with the 100k entries.
    let sentences: Vec<&str> = text
        .split_inclusive(". ")
        .map(str::trim_start)
        .filter(|s| s.starts_with("Le "))
        .collect();
    let pairs = common::check_pairs(&glossary, &sentences, 1 << 20);
    let bytes: usize = pairs.iter().map(|(s, t)| s.len() + t.len()).sum();
    let naive = common::NaiveCheck::new(glossary.entries());
    let mut check = c.benchmark_group("termbase_check");
    check.throughput(Throughput::Bytes(bytes as u64));
    check.sample_size(10);
    check.bench_function("1mb/100k_entries", |b| {
        b.iter(|| {
            let report = glossary.check(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())));
            assert!(report.findings.len() > 1_000);
            report.findings.len()
        })
    });
    // The naive way reads every name for every segment: measured on a
    // hundredth of the pairs, its time per byte is the same.
    let few = &pairs[..pairs.len() / 100];
    let few_bytes: usize = few.iter().map(|(s, t)| s.len() + t.len()).sum();
    check.throughput(Throughput::Bytes(few_bytes as u64));
    check.bench_function("naive_10kb/100k_entries", |b| {
        b.iter(|| naive.findings(few.iter().map(|(s, t)| (s.as_str(), t.as_str()))))
    });
    check.finish();
}

/// Term recognition as a user would write it with the `aho-corasick`
/// crate: every name folded (lowercase, accents stripped), one automaton,
/// leftmost-longest matches in the folded text, kept when they are whole
/// words. Exact: no plural, no elision, no function words.
struct AhoAnnotate {
    automaton: aho_corasick::AhoCorasick,
}

impl AhoAnnotate {
    fn new<'a>(names: impl Iterator<Item = &'a String>) -> AhoAnnotate {
        let folded: Vec<String> = names.map(|n| common::fold(n)).collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&folded)
            .unwrap();
        AhoAnnotate { automaton }
    }

    /// How many whole-word occurrences of the names `text` holds.
    fn count(&self, text: &str) -> usize {
        let folded = common::fold(text);
        let bytes = folded.as_bytes();
        let is_word = |i: usize| {
            bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
        };
        self.automaton
            .find_iter(&folded)
            .filter(|m| {
                let before = m.start() > 0 && is_word(m.start() - 1);
                !before && !is_word(m.end())
            })
            .count()
    }
}

criterion_group!(termbase, bench);
criterion_main!(termbase);
