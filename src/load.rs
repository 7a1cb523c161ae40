//! Loading: raw data becomes an [`Engine`]. The glossary is parsed and
//! validated, every text analyzed once, the entries' names matched in the
//! passages and definitions (mentions, related entries), statistics counted,
//! and the Tantivy index built (or reopened from an index directory).

use std::path::Path;
use std::sync::Arc;

use crate::analysis::{AnalyzerPool, FrenchOrder, Lang, TextAnalysis, Tok};
use crate::annotate::TermMatcher;
use crate::data::{self, PassageText, RawData};
use crate::engine::{analyze_entry, Engine, EntryPart, EntryText, PassageTable};
use crate::index::{self, IndexBuilder, IndexOrigin, IndexText, Opened, SearchIndex};
use crate::links::Links;
use crate::stats::StatsBuilder;
use crate::suggest::Labels;
use crate::{Error, Result};

/// From this many passages on, the Tantivy index is built on a second thread
/// while this one analyzes the passages (below it, a thread costs more than
/// it saves).
const PARALLEL_BUILD_PASSAGES: usize = 2_000;

/// How many passage documents go to the indexing thread at a time.
const BATCH: usize = 256;

/// Loads `raw`, with the index in RAM or in `index_dir`.
pub(crate) fn load(
    raw: RawData,
    index_dir: Option<&Path>,
    order: FrenchOrder,
) -> Result<(Engine, IndexOrigin)> {
    let file = data::parse_glossary(&raw.json, &raw.paths.glossary)?;
    let rows = data::segment(&raw.source);
    let mut analysis = TextAnalysis::new(order);
    let entry_texts: Vec<Vec<EntryText>> = file
        .entries
        .iter()
        .map(|e| analyze_entry(&mut analysis, e))
        .collect();
    // A name that analyzes to nothing (only stop words or punctuation) could
    // never be found or linked: reject it, pointing at the JSON key.
    for (i, (entry, texts)) in file.entries.iter().zip(&entry_texts).enumerate() {
        for text in texts {
            let key = match text.part {
                EntryPart::Label(0, _) => "term",
                EntryPart::Label(n, _) if n == entry.aliases.len() + 1 => "term_en",
                _ => continue,
            };
            if text.tokens.is_empty() {
                return Err(Error::data(
                    file.location_of(i, key),
                    format!("entry `{}`: `{key}` has no searchable word", entry.id),
                ));
            }
        }
    }
    let matcher = TermMatcher::new(
        file.entries.iter().map(|e| e.labels_with_kind()),
        &mut analysis,
    );
    let mut links = Links::new(file.entries.len());
    for (i, entry) in file.entries.iter().enumerate() {
        if let Some(definition) = &entry.definition {
            let words = analysis.words(definition);
            links.add_definition(i as u32, &matcher.find(definition, &words));
        }
    }
    let mut stats = StatsBuilder::default();
    for texts in &entry_texts {
        stats.add_record(
            texts
                .iter()
                .map(|t| (t.tokens.as_slice(), t.lang, t.is_name())),
        );
    }

    let records = (file.entries.len() + rows.len()) as u64;
    let dir = index_dir.map(|dir| {
        let fingerprint = index::fingerprint(&[
            &index::SCHEMA_VERSION.to_le_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
            format!("{order:?}").as_bytes(),
            raw.source.as_bytes(),
            raw.json.as_bytes(),
        ]);
        (dir, fingerprint)
    });
    let mut passages = Passages {
        source: &raw.source,
        rows: &rows,
        analysis: &mut analysis,
        matcher: &matcher,
        links: &mut links,
        stats: &mut stats,
    };
    let (search_index, origin) = match index::open(dir, records)? {
        Opened::Reused(search_index) => {
            passages.analyze(None)?;
            (search_index, IndexOrigin::Reused)
        }
        Opened::Build(mut builder, pending) => {
            for texts in &entry_texts {
                let texts: Vec<IndexText<'_>> = texts
                    .iter()
                    .map(|t| IndexText {
                        tokens: &t.tokens,
                        names: t.is_name(),
                    })
                    .collect();
                builder.add(&index::encode(&texts, |id| passages.analysis.word(id)))?;
            }
            let search_index = passages.index(builder)?;
            (search_index, pending.finish()?)
        }
    };

    let mut entries = file.entries;
    let ids: Vec<_> = entries.iter().map(|e| e.id.clone()).collect();
    for (entry, related) in entries.iter_mut().zip(&links.related) {
        entry.related = related.iter().map(|&o| ids[o as usize].clone()).collect();
    }
    let vocabulary = analysis.into_vocabulary();
    let stats = stats.finish(vocabulary.lexicon.len(), |id| vocabulary.lexicon.word(id));
    let passages = PassageTable::new(raw.source, rows, &links.passage_mentions, &entries);
    let labels = Labels::new(&entries);
    let engine = Engine {
        entry_texts,
        passages,
        links,
        stats,
        index: search_index,
        analyzers: AnalyzerPool::new(Arc::new(vocabulary), order),
        matcher,
        labels,
        entries,
    };
    Ok((engine, origin))
}

/// The passage loop of a load: each passage is analyzed once, for the index,
/// the links and the statistics.
struct Passages<'a> {
    source: &'a str,
    rows: &'a [PassageText],
    analysis: &'a mut TextAnalysis,
    matcher: &'a TermMatcher,
    links: &'a mut Links,
    stats: &'a mut StatsBuilder,
}

impl Passages<'_> {
    /// Analyzes every passage, records its links and statistics, and hands
    /// its encoded document to `sink` when there is one.
    fn analyze(&mut self, mut sink: Option<&mut dyn FnMut(String) -> Result<()>>) -> Result<()> {
        for row in self.rows {
            let text = &self.source[row.span.clone()];
            let words = self.analysis.words(text);
            let tokens: Vec<Tok> = words.iter().filter_map(|w| w.tok(Lang::French)).collect();
            self.stats
                .add_record([(tokens.as_slice(), Lang::French, false)]);
            self.links.add_passage(&self.matcher.find(text, &words), 0);
            if let Some(sink) = sink.as_mut() {
                let doc = index::encode(
                    &[IndexText {
                        tokens: &tokens,
                        names: false,
                    }],
                    |id| self.analysis.word(id),
                );
                sink(doc)?;
            }
        }
        Ok(())
    }

    /// Analyzes the passages and adds their documents to `builder`, in
    /// order. From [`PARALLEL_BUILD_PASSAGES`] on, Tantivy indexes on a
    /// second thread, in batches, while this one analyzes the next passages.
    fn index(&mut self, mut builder: Box<IndexBuilder>) -> Result<SearchIndex> {
        if self.rows.len() < PARALLEL_BUILD_PASSAGES {
            self.analyze(Some(&mut |doc| builder.add(&doc)))?;
            return builder.finish();
        }
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<String>>(4);
            let indexing = scope.spawn(move || {
                for batch in receive {
                    for doc in &batch {
                        builder.add(doc)?;
                    }
                }
                builder.finish()
            });
            let mut batch = Vec::with_capacity(BATCH);
            let analyzed = self.analyze(Some(&mut |doc| {
                batch.push(doc);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // An error here is the indexing thread's, returned below.
                    let _ = send.send(full);
                }
                Ok(())
            }));
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
            drop(send);
            let built = indexing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            analyzed?;
            built
        })
    }
}
