//! # iate_scale: an IATE-sized termbase, built and reopened
//!
//! Writes an IATE-shaped TBX v2 termbase (24 languages, about 60 % of the
//! concepts in French and English, one to three terms per language with
//! statuses; `benches/varied.rs`, `iate_tbx`) under `target/iate-scale/`,
//! once, then loads it through the crate's streaming TBX reader into an
//! index directory (`build`), or opens that index again (`reopen`), and
//! prints the time taken and the process's peak resident memory. Run each
//! step as its own process, so that each peak is its own:
//!
//! ```sh
//! cargo run --release --example iate_scale -- build 1000000
//! cargo run --release --example iate_scale -- reopen 1000000
//! ```
//!
//! The README's *Performance* section reports what this printed.

#[path = "../benches/common.rs"]
mod common;
#[path = "../benches/varied.rs"]
mod varied;

use std::error::Error;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chongqing_glossary::{GlossaryBuilder, IndexOrigin};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let step = args.next().unwrap_or_else(|| "build".into());
    let concepts: usize = match args.next() {
        Some(n) => n.parse()?,
        None => 1_000_000,
    };
    let dir = target().join("iate-scale").join(concepts.to_string());
    let data = dir.join("data");
    let index = dir.join("index");
    match step.as_str() {
        "build" => {
            generate(&data, concepts)?;
            // The example's own scratch index, started afresh.
            let _ = std::fs::remove_dir_all(&index);
            let started = Instant::now();
            let g = GlossaryBuilder::new().index_dir(&index).from_dir(&data)?;
            let took = started.elapsed();
            println!(
                "build: {} entries, {} warnings, in {:.1} s, peak RSS {}",
                g.entries().len(),
                g.warnings().len(),
                took.as_secs_f64(),
                peak_rss()
            );
            for w in g.warnings().iter().take(3) {
                println!("  warning: {w}");
            }
        }
        "reopen" => {
            let started = Instant::now();
            let g = GlossaryBuilder::new().index_dir(&index).from_dir(&data)?;
            let took = started.elapsed();
            if g.index_origin() != IndexOrigin::Reused {
                return Err("the index was rebuilt, not reused: run `build` first".into());
            }
            println!(
                "reopen: {} entries in {:.2} s, peak RSS {}",
                g.entries().len(),
                took.as_secs_f64(),
                peak_rss()
            );
        }
        other => return Err(format!("unknown step `{other}` (build or reopen)").into()),
    }
    Ok(())
}

fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Writes `glossary.tbx` and a short French document into `data`, unless a
/// previous run finished writing them.
fn generate(data: &Path, concepts: usize) -> Result<(), Box<dyn Error>> {
    let tbx = data.join("glossary.tbx");
    if tbx.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(data)?;
    std::fs::write(
        data.join("notes.fr.txt"),
        "Une note de travail sur la terminologie.\n",
    )?;
    let started = Instant::now();
    let partial = data.join("glossary.tbx.partial");
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&partial)?);
    let both = varied::iate_tbx(concepts, 300_000, &mut out)?;
    out.flush()?;
    drop(out);
    std::fs::rename(&partial, &tbx)?;
    println!(
        "wrote {} ({:.2} GB, {concepts} concepts, {both} in French and English) in {:.0} s",
        tbx.display(),
        std::fs::metadata(&tbx)?.len() as f64 / 1e9,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The process's peak resident memory (`VmHWM`, Linux), or "unknown".
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.2} GB", kb * 1024.0 / 1e9))
        })
        .unwrap_or_else(|| "unknown".into())
}
