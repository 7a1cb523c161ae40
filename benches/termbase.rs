//! A team's own termbase at scale: generated glossaries of 10k and 100k
//! entries (French and English names, an alias each), loaded, in the same
//! run, so that growth reads as a ratio: loading is linear when 100k
//! entries take about ten times as long as 10k.
//!
//! ```sh
//! cargo bench --bench termbase
//! ```

mod common;

use std::time::{Duration, Instant};

use chongqing_glossary::GlossaryBuilder;
use common::synthetic_termbase;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SOURCE: &str = "Une phrase sur la zone pilote.\n";

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("termbase_load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for n in [10_000, 100_000] {
        let (json, _) = synthetic_termbase(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let g = GlossaryBuilder::new()
                        .from_texts(SOURCE, json.as_str())
                        .unwrap();
                    total += started.elapsed();
                    assert_eq!(g.entries().len(), n);
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(termbase, load);
criterion_main!(termbase);
