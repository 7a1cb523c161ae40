//! # regenerate: the embedded data's prebuilt index
//!
//! `Glossary::embedded()` opens a saved form of `data/` compiled into the
//! crate (`data/embedded-index.bin`) instead of building an index at every
//! start. This program rebuilds that file. Run it after changing anything in
//! `data/`, the index schema or analysis, or the crate's or Tantivy's
//! version: `tests/prebuilt.rs` fails until it is run, and until then
//! `Glossary::embedded()` builds in memory, with the same results.
//!
//! ```sh
//! cargo run --example regenerate
//! ```

use std::error::Error;

use chongqing_glossary::GlossaryBuilder;

fn main() -> Result<(), Box<dyn Error>> {
    // Build the embedded data into a scratch index directory, then pack it.
    let scratch = tempfile::tempdir()?;
    let archive = GlossaryBuilder::new().prebuild_embedded(scratch.path())?;
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/data/embedded-index.bin");
    std::fs::write(out, &archive)?;
    println!("wrote {out} ({} bytes)", archive.len());
    Ok(())
}
