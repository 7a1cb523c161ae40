//! The crate on corpora far larger than the embedded one: deterministic
//! synthetic articles of 10k and 100k passages (1M with `GLOSSARY_SCALE=1m`)
//! written with the seed's vocabulary, with the embedded glossary.
//!
//! Measures build throughput (passages per second), the opening of the same
//! corpus saved in an index directory (`open/<size>`, written once under
//! `target/scale-corpus/<size>/`), query latency, and the naive scan on the
//! same corpus in the same run, so results read as ratios. Builds show
//! their progress when stderr is a terminal. `innovation` is planted in exactly every other passage, so the
//! one-word query matches half the corpus; `xylographie` in one passage in a
//! thousand, a rare word as most words of a real corpus are. The other words
//! are drawn uniformly from the seed's vocabulary (about 800 words), so each
//! is in a few percent of the passages.
//!
//! Beside the naive scan, each query runs on the peer a user would pick
//! instead: plain Tantivy over the same passages, as its docs set it up
//! (one `TEXT` field with the default tokenizer, `QueryParser`, and
//! `TopDocs` + `Count` for the top 10 and the total), and Tantivy with the
//! French chain and fuzzy matching a Tantivy user would add for French text
//! (`french_fuzzy_tantivy`: simple tokenizer, long-token filter, lowercase,
//! ASCII folding, French stemmer; fuzzy distance 1 on the field). On that
//! same index, `tantivy_order_by_key` asks whether Tantivy's own machinery
//! could do the crate's ranking: the fuzzy `BooleanQuery` with
//! `TopDocs::tweak_score` ordering by a key computed per segment from the
//! query words' postings and positions (words matched, proximity, BM25:
//! two of the crate's five rules). Each query is also measured with
//! `limit(0)` (`total_only`): the total alone, without ranking.
//!
//! The same six queries run again on a corpus written differently
//! (`scale_varied_<size>`: [`varied::article`], sentences of 5 to 60 words
//! drawn with a Zipf-like frequency from 50k made-up French words at 10k
//! passages, 200k at 100k), beside the same Tantivy peers: a target met
//! only on the seed's 800 words would not be met.
//!
//! ```sh
//! cargo bench --bench scale
//! GLOSSARY_SCALE=1m cargo bench --bench scale
//! ```

mod common;
mod varied;

use std::hint::black_box;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chongqing_glossary::{
    input::SOURCE_FILE, limits::DEFAULT_COUNT_UP_TO, Glossary, GlossaryBuilder, GlossaryFormat,
    HitKind, IndexOrigin, Query, TotalRelation, EMBEDDED_GLOSSARY,
};
use common::{synthetic_article, FrenchFuzzyTantivy, NaiveScan, PlainTantivy};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// (bench id, query, minimum total hits)
const QUERIES: &[(&str, &str, usize)] = &[
    ("half_the_corpus", "innovation", 0),
    ("rare_word", "xylographie", 10),
    ("common_word", "graphène", 1),
    ("two_words", "zone pilote", 1),
    ("typo", "tehcnologique", 1),
    ("english", "pilot finance zone", 1),
];

/// `10k`, `100k`, `1m`.
/// A Tantivy peer's query: how many of the ten best came back, and the
/// total.
type PeerSearch<'a> = dyn Fn(&str) -> (usize, usize) + 'a;

fn label(passages: usize) -> String {
    match passages {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}m", n / 1_000_000),
        n if n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// Writes the corpus as a data directory, `target/scale-corpus/<label>/`,
/// with the embedded glossary.
fn write_corpus(passages: usize, article: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("scale-corpus").join(label(passages));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        (SOURCE_FILE, article),
        (GlossaryFormat::Json.file_name(), EMBEDDED_GLOSSARY),
    ] {
        let path = dir.join(name);
        // Rewriting an unchanged file would only bump its mtime.
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            std::fs::write(&path, text).unwrap();
        }
    }
    dir
}

/// Shows build progress on a terminal: a 1M-passage build takes a while.
fn with_progress(builder: GlossaryBuilder) -> GlossaryBuilder {
    if !std::io::stderr().is_terminal() {
        return builder;
    }
    builder.progress(|p| {
        if p.elapsed >= Duration::from_secs(1) {
            let end = if p.done >= p.total { "\n" } else { "" };
            let _ = write!(std::io::stderr(), "\r\x1b[K  indexing {p}{end}");
        }
    })
}

fn sizes() -> Vec<usize> {
    match std::env::var("GLOSSARY_SCALE").as_deref() {
        Ok("1m") => vec![10_000, 100_000, 1_000_000],
        _ => vec![10_000, 100_000],
    }
}

fn bench(c: &mut Criterion) {
    for passages in sizes() {
        let article = synthetic_article(passages);

        // Build throughput. Large builds print progress: a 1M build takes a while.
        let mut build = c.benchmark_group("scale_build");
        build.throughput(Throughput::Elements(passages as u64));
        build.sample_size(10);
        build.measurement_time(Duration::from_secs(if passages >= 1_000_000 {
            120
        } else {
            20
        }));
        build.bench_function(BenchmarkId::from_parameter(passages), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let g = with_progress(GlossaryBuilder::new())
                        .from_texts(article.clone(), EMBEDDED_GLOSSARY)
                        .unwrap();
                    total += started.elapsed();
                    assert_eq!(g.passages().len(), passages);
                }
                total
            })
        });
        build.finish();

        // Opening the same corpus saved in an index directory (built once,
        // outside the measurement). The directory stays under target/ for
        // the CLI measurements of the README.
        let data = write_corpus(passages, &article);
        let index = data.join("index");
        // The bench's own scratch directory, started afresh: one written by
        // an older version of the crate is refused, not emptied.
        let _ = std::fs::remove_dir_all(&index);
        with_progress(GlossaryBuilder::new().index_dir(&index))
            .from_dir(&data)
            .unwrap();
        let mut open = c.benchmark_group("open");
        open.sample_size(20);
        open.bench_function(BenchmarkId::from_parameter(label(passages)), |b| {
            // Dropped outside the measurement, as in `scale_build`.
            b.iter_with_large_drop(|| {
                let g = GlossaryBuilder::new()
                    .index_dir(&index)
                    .from_dir(&data)
                    .unwrap();
                assert_eq!(g.index_origin(), IndexOrigin::Reused);
                g
            })
        });
        open.finish();

        let glossary = GlossaryBuilder::new()
            .from_texts(article.clone(), EMBEDDED_GLOSSARY)
            .unwrap();
        let scan = NaiveScan::new(
            glossary
                .passages()
                .map(|p| (p.id.to_string(), p.text.to_string())),
        );
        let plain = PlainTantivy::new(glossary.passages().map(|p| p.text));
        let french = FrenchFuzzyTantivy::new(glossary.passages().map(|p| p.text));
        let mut group = c.benchmark_group(format!("scale_{passages}"));
        for &(id, text, min_hits) in QUERIES {
            let query = Query::new(text).kind(HitKind::Passage);
            let expected = if id == "half_the_corpus" {
                passages / 2
            } else {
                min_hits
            };
            // Hits are counted exactly up to DEFAULT_COUNT_UP_TO, as the
            // crate does by default; `exact_total` counts them all.
            let bounded = expected.min(DEFAULT_COUNT_UP_TO);
            group.bench_function(BenchmarkId::new("search", id), |b| {
                b.iter(|| {
                    let r = glossary.search(black_box(&query)).unwrap();
                    assert!(r.total_hits >= bounded, "{text}: {} hits", r.total_hits);
                    assert_eq!(r.hits.len(), 10);
                    r.total_hits
                })
            });
            let exact = query.clone().exact_total();
            group.bench_function(BenchmarkId::new("exact_total", id), |b| {
                b.iter(|| {
                    let r = glossary.search(black_box(&exact)).unwrap();
                    assert!(r.total_hits >= expected, "{text}: {} hits", r.total_hits);
                    assert_eq!(r.total_hits_relation, TotalRelation::Exact);
                    r.total_hits
                })
            });
            // The count alone must be the count the ranked query reports.
            let total_only = query.clone().limit(0);
            let ranked_total = glossary.search(&query).unwrap().total_hits;
            group.bench_function(BenchmarkId::new("total_only", id), |b| {
                b.iter(|| {
                    let r = glossary.search(black_box(&total_only)).unwrap();
                    assert!(r.total_hits == ranked_total && r.hits.is_empty());
                    r.total_hits
                })
            });
            group.bench_function(BenchmarkId::new("naive_scan", id), |b| {
                b.iter(|| {
                    let (top, total) = scan.search(black_box(text));
                    assert_eq!(top.len(), total.min(10));
                    total
                })
            });
            // The Tantivy peers: (ten best returned, total) for each query.
            let peers: [(&str, &PeerSearch); 3] = [
                ("plain_tantivy", &|q| plain.search(q)),
                ("french_fuzzy_tantivy", &|q| french.search(q)),
                ("tantivy_order_by_key", &|q| french.search_by_key(q)),
            ];
            for (name, search) in peers {
                group.bench_function(BenchmarkId::new(name, id), |b| {
                    b.iter(|| {
                        let (top, total) = search(black_box(text));
                        assert_eq!(top, total.min(10));
                        total
                    })
                });
            }
        }
        group.finish();
        drop(glossary);
    }
}

/// Keeps the synthetic corpus honest: the planted word is in every other passage.
fn check_corpus() {
    let g: Glossary = GlossaryBuilder::new()
        .from_texts(synthetic_article(1000), EMBEDDED_GLOSSARY)
        .unwrap();
    assert_eq!(g.passages().len(), 1000);
    let r = g
        .search(&Query::new("innovation").kind(HitKind::Passage).limit(1000))
        .unwrap();
    assert_eq!(r.total_hits, 500);
}

/// The six queries on the varied corpus: the crate and the two Tantivy
/// peers, in the same run.
fn bench_varied(c: &mut Criterion) {
    for passages in sizes() {
        let vocabulary = if passages <= 10_000 { 50_000 } else { 200_000 };
        let glossary = GlossaryBuilder::new()
            .from_texts(varied::article(passages, vocabulary), EMBEDDED_GLOSSARY)
            .unwrap();
        let plain = PlainTantivy::new(glossary.passages().map(|p| p.text));
        let french = FrenchFuzzyTantivy::new(glossary.passages().map(|p| p.text));
        let mut group = c.benchmark_group(format!("scale_varied_{}", label(passages)));
        for &(id, text, _) in QUERIES {
            let query = Query::new(text).kind(HitKind::Passage);
            // Every query finds passages in this corpus too.
            let found = glossary.search(&query).unwrap().hits.len();
            assert_eq!(found, 10, "{text}");
            group.bench_function(BenchmarkId::new("search", id), |b| {
                b.iter(|| glossary.search(black_box(&query)).unwrap().total_hits)
            });
            let peers: [(&str, &PeerSearch); 2] = [
                ("plain_tantivy", &|q| plain.search(q)),
                ("french_fuzzy_tantivy", &|q| french.search(q)),
            ];
            for (name, search) in peers {
                group.bench_function(BenchmarkId::new(name, id), |b| {
                    b.iter(|| search(black_box(text)).1)
                });
            }
        }
        group.finish();
    }
}

fn benches(c: &mut Criterion) {
    check_corpus();
    bench(c);
    bench_varied(c);
}

criterion_group!(scale, benches);
criterion_main!(scale);
