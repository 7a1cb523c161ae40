//! A peer for start-up measurements: the same question answered with the
//! `bm25` crate's in-memory search engine, as its README sets it up
//! (French defaults: its tokenizer, stemmer and stop words), over the same
//! embedded data: one document per sentence of the article, one per glossary
//! entry. Like the crate's CLI, it builds its index in the process and
//! prints the top ten as one JSON line.
//!
//! ```sh
//! cargo run --release --example peer_bm25 -- innovation
//! ```

use std::io::Write;
use std::process::ExitCode;

use bm25::{Language, SearchEngineBuilder};
use chongqing_glossary::{EMBEDDED_GLOSSARY, EMBEDDED_SOURCE};
use unicode_segmentation::UnicodeSegmentation;

fn main() -> ExitCode {
    let query = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    if query.trim().is_empty() {
        eprintln!("peer_bm25: give a query");
        return ExitCode::from(2);
    }
    let mut documents: Vec<String> = EMBEDDED_SOURCE
        .lines()
        .flat_map(|line| line.split_sentence_bounds())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let glossary: serde_json::Value = match serde_json::from_str(EMBEDDED_GLOSSARY) {
        Ok(value) => value,
        Err(err) => {
            eprintln!("peer_bm25: glossary.json: {err}");
            return ExitCode::FAILURE;
        }
    };
    for entry in glossary.as_array().into_iter().flatten() {
        let field = |key: &str| entry[key].as_str().unwrap_or_default().to_string();
        documents.push([field("term"), field("term_en"), field("definition")].join(" "));
    }
    let engine = SearchEngineBuilder::<u32>::with_corpus(Language::French, documents).build();
    let hits: Vec<_> = engine
        .search(&query, 10)
        .into_iter()
        .map(|r| serde_json::json!({ "id": r.document.id, "score": r.score }))
        .collect();
    let line = serde_json::json!({ "query": query, "hits": hits });
    match writeln!(std::io::stdout().lock(), "{line}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("peer_bm25: cannot write to standard output: {err}");
            ExitCode::FAILURE
        }
    }
}
