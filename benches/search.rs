//! Start-up and query latency on the embedded corpus, beside a naive scan of
//! the same data.
//!
//! Every bench asserts its result inside the loop, so a benchmark that gets
//! fast by getting wrong fails instead. Read the numbers as ratios against
//! `baseline/naive_scan/*` from the same run: this machine is shared.
//!
//! ```sh
//! cargo bench --bench search
//! ```

mod common;

use std::hint::black_box;

use chongqing_glossary::{
    Category, Glossary, GlossaryBuilder, HitKind, IndexOrigin, Query, Typos, EMBEDDED_GLOSSARY,
    EMBEDDED_SOURCE,
};
use common::{NaiveAnnotate, NaiveScan, Rng};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use unicode_segmentation::UnicodeSegmentation;

/// (bench id, query, expected first hit)
const QUERIES: &[(&str, &str, &str)] = &[
    ("term", "santé", "pole-innovation-sante-vie"),
    (
        "multi_word",
        "zone pilote de réforme financière",
        "zone-pilote-reforme-financiere",
    ),
    (
        "phrase",
        "\"cercle économique\"",
        "cercle-economique-chengdu-chongqing",
    ),
    (
        "typo",
        "corridro d'innovatoin",
        "corridor-innovation-scientifique-technologique",
    ),
    (
        "english",
        "pilot finance zone",
        "zone-pilote-reforme-financiere",
    ),
];

fn naive(glossary: &Glossary) -> NaiveScan {
    NaiveScan::new(
        glossary
            .entries()
            .iter()
            .map(|e| {
                let text = format!(
                    "{} {} {}",
                    e.labels().collect::<Vec<_>>().join(" "),
                    e.term_en,
                    e.definition.as_deref().unwrap_or("")
                );
                (e.id.to_string(), text)
            })
            .chain(
                glossary
                    .passages()
                    .map(|p| (p.id.to_string(), p.text.to_string())),
            ),
    )
}

fn bench(c: &mut Criterion) {
    let glossary = Glossary::embedded().unwrap();
    let scan = naive(&glossary);

    // `Glossary::embedded()` opens the prebuilt saved form of the embedded
    // data; `build/in_ram` builds the same data in RAM, as `--data` does
    // (and as `Glossary::embedded()` did before the saved form).
    c.bench_function("build/embedded", |b| {
        b.iter(|| {
            let g = Glossary::embedded().unwrap();
            assert_eq!(g.index_origin(), IndexOrigin::Prebuilt);
            g
        })
    });
    c.bench_function("build/in_ram", |b| {
        b.iter(|| {
            let g = GlossaryBuilder::new()
                .from_texts(EMBEDDED_SOURCE, EMBEDDED_GLOSSARY)
                .unwrap();
            assert_eq!(g.index_origin(), IndexOrigin::Ram);
            g
        })
    });
    // The floor under `build/embedded`: the smallest Tantivy index over the
    // same records (one text field, Tantivy's default analyzer, the same
    // single-segment writer), built and opened for search.
    let texts: Vec<String> = glossary
        .entries()
        .iter()
        .map(|e| format!("{} {}", e.term, e.definition.as_deref().unwrap_or("")))
        .chain(glossary.passages().map(|p| p.text.to_string()))
        .collect();
    c.bench_function("baseline/tantivy_minimal_build", |b| {
        b.iter(|| {
            let mut schema = tantivy::schema::Schema::builder();
            let text = schema.add_text_field("text", tantivy::schema::TEXT);
            let mut writer = tantivy::Index::builder()
                .schema(schema.build())
                .single_segment_index_writer(tantivy::directory::RamDirectory::create(), 1 << 20)
                .unwrap();
            for t in &texts {
                let mut doc = tantivy::TantivyDocument::default();
                doc.add_text(text, t);
                writer.add_document(doc).unwrap();
            }
            let index = writer.finalize().unwrap();
            let searcher = index.reader().unwrap().searcher();
            assert_eq!(searcher.num_docs() as usize, texts.len());
            searcher
        })
    });

    let mut search = c.benchmark_group("search");
    for &(id, text, expected) in QUERIES {
        let query = Query::new(text);
        search.bench_function(id, |b| {
            b.iter(|| {
                let r = glossary.search(black_box(&query)).unwrap();
                assert_eq!(r.hits[0].id(), expected);
                r.total_hits
            })
        });
    }
    let filtered = Query::new("innovation")
        .kind(HitKind::Entry)
        .category(Category::InnovationHub);
    search.bench_function("filtered", |b| {
        b.iter(|| {
            let r = glossary.search(black_box(&filtered)).unwrap();
            assert_eq!(r.total_hits, 4);
            r.hits.len()
        })
    });
    // Ten hits, each with a highlighted snippet: the common case of a results page.
    let top10 = Query::new("innovation scientifique").limit(10);
    search.bench_function("snippets_top10", |b| {
        b.iter(|| {
            let r = glossary.search(black_box(&top10)).unwrap();
            assert_eq!(r.hits.len(), 10);
            assert!(r.hits.iter().all(|h| !h.snippet.highlights.is_empty()));
            r.total_hits
        })
    });
    let exact_only = Query::new("innovation scientifique")
        .limit(10)
        .typos(Typos::Off);
    search.bench_function("snippets_top10_no_typos", |b| {
        b.iter(|| {
            let r = glossary.search(black_box(&exact_only)).unwrap();
            assert_eq!(r.hits.len(), 10);
            r.total_hits
        })
    });
    search.finish();

    c.bench_function("suggest/prefix", |b| {
        b.iter(|| {
            let s = glossary
                .suggest(black_box("pôle d'innovation s"), 5)
                .unwrap();
            assert_eq!(s[0].entry.as_str(), "pole-innovation-sante-vie");
            s.len()
        })
    });
    c.bench_function("lookup/exact", |b| {
        b.iter(|| {
            let e = glossary
                .lookup(black_box("Chengdu-Chongqing economic circle"))
                .unwrap();
            assert_eq!(e.id.as_str(), "cercle-economique-chengdu-chongqing");
        })
    });

    // Term recognition in 1 MB of French text, beside the naive way.
    let text = annotate_text(&glossary, 1 << 20);
    let names = glossary.entries().iter().flat_map(|e| e.labels());
    let naive_names = NaiveAnnotate::new(names);
    let mut annotate = c.benchmark_group("annotate");
    annotate.throughput(Throughput::Bytes(text.len() as u64));
    annotate.bench_function("1mb", |b| {
        b.iter(|| {
            let found = glossary.annotate(black_box(&text));
            assert!(found.len() > 1_000);
            found.len()
        })
    });
    annotate.bench_function("naive_1mb", |b| {
        b.iter(|| {
            let found = naive_names.count(black_box(&text));
            assert!(found > 1_000);
            found
        })
    });
    annotate.finish();

    // The translation check on 1 MB of segment pairs, beside the naive way.
    let sentences = sentences(&glossary);
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let pairs = common::check_pairs(&glossary, &sentences, 1 << 20);
    let bytes: usize = pairs.iter().map(|(s, t)| s.len() + t.len()).sum();
    let naive_check = common::NaiveCheck::new(glossary.entries());
    let mut check = c.benchmark_group("check");
    check.throughput(Throughput::Bytes(bytes as u64));
    check.bench_function("1mb", |b| {
        b.iter(|| {
            let report = glossary.check(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())));
            assert!(report.findings.len() > 500);
            report.findings.len()
        })
    });
    // The same pairs as an XLIFF 2.0 file, checked with every finding and
    // name written into a copy of it, and the HTML report: what a reviewer
    // gets.
    let xliff = xliff_of(&pairs);
    let segments = chongqing_glossary::read_segments(&xliff, "bench.xlf").unwrap();
    check.bench_function("1mb_annotated_xliff", |b| {
        let mut out = Vec::with_capacity(xliff.len() * 3);
        b.iter(|| {
            out.clear();
            let report = glossary.check_annotated(&segments, &mut out).unwrap();
            assert!(report.findings.len() > 500 && out.len() > xliff.len());
            report.findings.len()
        })
    });
    check.bench_function("1mb_html_report", |b| {
        let report = glossary.check_segments(&segments);
        let info = chongqing_glossary::check::ReportInfo::new("bench.xlf", "embedded");
        b.iter(|| {
            let page = report.html(&segments, &info);
            // One row per finding.
            assert_eq!(
                page.matches("<tr class=\"finding ").count(),
                report.findings.len()
            );
            page.len()
        })
    });
    check.bench_function("naive_1mb", |b| {
        b.iter(|| {
            let found = naive_check.findings(pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())));
            assert!(found > 500);
            found
        })
    });
    check.finish();

    let mut baseline = c.benchmark_group("baseline");
    for &(id, text, _) in QUERIES
        .iter()
        .chain([("snippets_top10", "innovation scientifique", "")].iter())
    {
        baseline.bench_with_input(BenchmarkId::new("naive_scan", id), &text, |b, text| {
            b.iter(|| {
                let (top, total) = scan.search(black_box(text));
                assert_eq!(top.len(), total.min(10));
                total
            })
        });
    }
    baseline.finish();
}

/// The article's and the definitions' sentences.
fn sentences(glossary: &Glossary) -> Vec<String> {
    glossary
        .passages()
        .map(|p| p.text.into_owned())
        .chain(
            glossary
                .entries()
                .iter()
                .filter_map(|e| e.definition.as_deref())
                .flat_map(|d| d.unicode_sentences())
                .map(str::to_owned),
        )
        .collect()
}

/// At least `bytes` of French text: the article's and the definitions'
/// sentences, shuffled and repeated, a paragraph per ten sentences.
fn annotate_text(glossary: &Glossary, bytes: usize) -> String {
    let sentences = sentences(glossary);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut text = String::with_capacity(bytes + 1024);
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(sentences[rng.below(sentences.len())].trim());
        n += 1;
        text.push_str(if n % 10 == 0 { "\n" } else { " " });
    }
    text
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// `pairs` as an XLIFF 2.0 file, French to English.
fn xliff_of(pairs: &[(String, String)]) -> String {
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;");
    let mut xliff = String::from(
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"fr\" trgLang=\"en\"><file id=\"f\">\n",
    );
    for (i, (source, target)) in pairs.iter().enumerate() {
        xliff += &format!(
            "<unit id=\"u{i}\"><segment><source>{}</source><target>{}</target></segment></unit>\n",
            escape(source),
            escape(target)
        );
    }
    xliff += "</file></xliff>\n";
    xliff
}
