//! Loading: raw data becomes an [`Engine`]. Either the saved form of the data
//! is opened (the embedded data's prebuilt form, or an index directory's),
//! or the data is built: the glossary parsed and validated, every text
//! analyzed once, the entries' names matched in the passages and definitions
//! (mentions, related entries), statistics counted, and the Tantivy index
//! written. Both give a [`Derived`] and an index, assembled the same way.

mod entries;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::directory::RamDirectory;

use crate::analysis::{FrenchOrder, Lang, TextAnalysis};
use crate::annotate::TermMatcher;
use crate::data::DocumentAt;
use crate::data::{self, Digests, PassageText, RawData};
use crate::engine::Engine;
use crate::formats::{GlossaryFormat, Imported};
use crate::index::{self, IndexBuilder, IndexOrigin, IndexText, SearchIndex};
use crate::links::Links;
use crate::model::Warning;
use crate::stats::StatsBuilder;
use crate::store::Derived;
use crate::store::{self, Identity, Prepared, WaitFn};
use crate::texts::EntryTexts;
use crate::{Error, Result};

/// From this many records (entries and passages) on, the Tantivy index is
/// built on a second thread while this one derives the rest (below it, a
/// thread costs more than it saves).
const PARALLEL_BUILD_RECORDS: usize = 2_000;

/// How many passage documents go to the indexing thread at a time.
const BATCH: usize = 256;

/// How a build is going, as reported to [`GlossaryBuilder::progress`].
///
/// [`GlossaryBuilder::progress`]: crate::GlossaryBuilder::progress
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Passages analyzed and indexed so far.
    pub done: usize,
    /// Passages in all.
    pub total: usize,
    /// Time since the build started.
    pub elapsed: Duration,
}

impl Progress {
    /// Passages per second so far.
    pub fn rate(&self) -> f64 {
        self.done as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The time left at the current rate.
    pub fn remaining(&self) -> Duration {
        let left = self.total.saturating_sub(self.done) as f64;
        Duration::from_secs_f64(left / self.rate().max(1e-9))
    }
}

/// One line for a person: `40960/100000 passages, 85000/s, 1 s left`, or
/// `100000 passages analyzed in 1.2 s` once every passage is analyzed (the
/// index is then committed).
impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.done >= self.total {
            return write!(
                f,
                "{} passages analyzed in {:.1} s",
                self.total,
                self.elapsed.as_secs_f64()
            );
        }
        write!(
            f,
            "{}/{} passages, {:.0}/s, {} s left",
            self.done,
            self.total,
            self.rate(),
            self.remaining().as_secs_f64().ceil()
        )
    }
}

/// A callback that receives [`Progress`] reports.
pub(crate) type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// Passages between two progress reports.
const REPORT_EVERY: usize = 4096;

/// Where the index goes.
#[derive(Clone, Copy)]
pub(crate) enum Target<'a> {
    /// Built in memory.
    Ram,
    /// The embedded data's prebuilt form if it is current, else built in memory.
    Prebuilt,
    /// An index directory, reused while it matches the data; `wait` is told
    /// when another process holds it for more than a second.
    Dir {
        path: &'a Path,
        wait: Option<&'a WaitFn>,
    },
}

/// A loaded engine, how its index was obtained, and why an index directory
/// had to be rebuilt.
pub(crate) struct Loaded {
    pub engine: Engine,
    pub origin: IndexOrigin,
    pub note: Option<String>,
}

/// Loads `raw` into `target`.
pub(crate) fn load(
    raw: RawData,
    target: Target<'_>,
    order: FrenchOrder,
    progress: Option<&ProgressFn>,
) -> Result<Loaded> {
    let identify = || -> Result<(Identity, Digests)> {
        let digests = raw.digests()?;
        Ok((Identity::of(&digests.files, order), digests))
    };
    let (derived, index, origin, note) = match target {
        Target::Prebuilt => {
            let (identity, digests) = identify()?;
            match store::embedded(&identity) {
                Some((index, derived)) => (derived, index, IndexOrigin::Prebuilt, None),
                None => {
                    let (derived, index) = build(&raw, &digests, order, ram(), progress)?;
                    (derived, index, IndexOrigin::Ram, None)
                }
            }
        }
        Target::Ram => {
            let (_, digests) = identify()?;
            let (derived, index) = build(&raw, &digests, order, ram(), progress)?;
            (derived, index, IndexOrigin::Ram, None)
        }
        Target::Dir { path, wait } => match store::prepare(path, identify, wait)? {
            (Prepared::Reused(index, derived), _, _) => {
                (*derived, index, IndexOrigin::Reused, None)
            }
            (Prepared::Build { files, note, lock }, identity, digests) => {
                let built = build(&raw, &digests, order, Box::new(files.clone()), progress)
                    .map_err(|e| match e {
                        // The engine fails here only on writing: name the
                        // directory (a full disk is an error about it).
                        Error::Index(e) => Error::IndexDir {
                            path: path.to_path_buf(),
                            reason: format!("cannot write it: {e}"),
                        },
                        other => other,
                    })
                    .and_then(|(derived, index)| {
                        let docs = (derived.entries.len() + derived.passages.len()) as u64;
                        store::write(&files, &derived, &identity, docs, path)?;
                        Ok((derived, index))
                    });
                let (derived, index) = built.inspect_err(|_| files.discard())?;
                drop(lock);
                (derived, index, IndexOrigin::Built, note)
            }
        },
    };
    // The source moves into the engine: a large corpus is held once.
    Ok(Loaded {
        engine: Engine::assemble(derived, index, raw.into_source(), order),
        origin,
        note,
    })
}

fn ram() -> Box<dyn tantivy::Directory> {
    Box::new(RamDirectory::create())
}

/// Builds the data into `directory`: everything a load derives, and the
/// index.
fn build(
    raw: &RawData,
    digests: &Digests,
    order: FrenchOrder,
    directory: Box<dyn tantivy::Directory>,
    progress: Option<&ProgressFn>,
) -> Result<(Derived, SearchIndex)> {
    let mut imported = raw.glossary.import(&digests.glossary)?;
    data::normalize(&mut imported);
    data::validate(&imported, raw.rules)?;
    raw.check_document_keys()?;
    // The documents, one after the other in the source text; numbered
    // from 1 when there are several.
    let several = raw.documents.len() > 1;
    let mut documents = Vec::with_capacity(raw.documents.len());
    let mut texts = Vec::with_capacity(raw.documents.len());
    let mut rows = Vec::new();
    let mut start = 0;
    for (i, document) in raw.documents.iter().enumerate() {
        let text = raw.document_text(i)?;
        let number = if several { i as u32 + 1 } else { 0 };
        rows.extend(data::segment(text, number, start));
        documents.push(DocumentAt {
            name: document.name.clone(),
            start,
        });
        texts.push((start, text));
        start += text.len();
    }
    let source = Sources(texts);

    let mut analysis = TextAnalysis::new(order);
    // The crate's own JSON is written by hand, for this crate: a name that
    // can never be found is a mistake to fix. A termbase another tool
    // exported loads without it.
    let strict = raw.glossary.format == GlossaryFormat::Json;
    let builder = Box::new(IndexBuilder::new(directory)?);
    // The entries' documents go to the index (on a second thread for a
    // large load) as each entry is analyzed, then the passages'; the rest
    // is derived meanwhile.
    let parallel = imported.entries.len() + rows.len() >= PARALLEL_BUILD_RECORDS;
    let derive = |sink: &mut dyn FnMut(String) -> Result<()>| -> Result<Built> {
        let entry_texts = entries::analyze(&mut analysis, &mut imported, strict, sink)?;
        let mut stats = StatsBuilder::default();
        for texts in entry_texts.iter() {
            stats.add_record(texts.map(|t| (t.tokens, t.lang, t.is_name())));
        }
        let mut passages = Passages {
            source: &source,
            rows: &rows,
            analysis: &mut analysis,
            progress,
            started: Instant::now(),
        };
        // Every document is handed on before the links are found: the
        // index is completed meanwhile.
        passages.index(&mut stats, sink)?;
        let (matcher, shared) = crate::engine::matcher(&imported.entries, &entry_texts);
        let mut links = Links::new(imported.entries.len());
        passages.link(&matcher, &mut links);
        for (i, entry) in imported.entries.iter().enumerate() {
            let mut found = Vec::new();
            for definition in [&entry.definition, &entry.definition_en]
                .into_iter()
                .flatten()
            {
                let words = analysis.words(definition);
                found.extend(matcher.find(definition, &words, None));
            }
            links.add_definition(i as u32, &found);
        }
        Ok(Built {
            entry_texts,
            matcher,
            shared,
            links,
            stats,
        })
    };
    let (search_index, built) = index_while(builder, parallel, derive)?;
    let Built {
        entry_texts,
        matcher,
        shared,
        links,
        stats,
    } = built;

    let Imported {
        title,
        mut entries,
        mut warnings,
        ..
    } = imported;
    warnings.extend(shared);
    let ids: Vec<_> = entries.iter().map(|e| e.id.clone()).collect();
    for (entry, related) in entries.iter_mut().zip(&links.related) {
        entry.related = related.iter().map(|&o| ids[o as usize].clone()).collect();
    }
    let terms = analysis.len();
    let (words, raws, analyzed) = analysis.into_vocabulary().parts();
    let stats = stats.finish(terms, |id| words.get(id as usize));
    let derived = Derived {
        entries,
        entry_texts,
        passages: rows,
        mentions: links.entry_mentions,
        related: links.related,
        words,
        raws,
        analyzed,
        stats,
        documents,
        title,
        warnings,
        matcher: Some(matcher),
    };
    Ok((derived, search_index))
}

/// Runs `derive`, which hands the documents to index to its sink in order,
/// and indexes them into `builder`: when `parallel`, on a second thread, in
/// batches, while `derive` goes on (Tantivy's indexing and this crate's
/// analysis take about as long). The index, and what `derive` made.
fn index_while<T>(
    mut builder: Box<IndexBuilder>,
    parallel: bool,
    derive: impl FnOnce(&mut dyn FnMut(String) -> Result<()>) -> Result<T>,
) -> Result<(SearchIndex, T)> {
    if !parallel {
        let derived = derive(&mut |doc| builder.add(&doc))?;
        return Ok((builder.finish()?, derived));
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
        let derived = derive(&mut |doc| {
            batch.push(doc);
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // An error here is the indexing thread's, returned below.
                let _ = send.send(full);
            }
            Ok(())
        });
        if !batch.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
        let built = indexing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let derived = derived?;
        Ok((built?, derived))
    })
}

/// What a build derives beside the index, before it is assembled.
struct Built {
    entry_texts: EntryTexts,
    matcher: TermMatcher,
    shared: Vec<Warning>,
    links: Links,
    stats: StatsBuilder,
}

/// The documents' texts, each with where it starts in the source text.
struct Sources<'a>(Vec<(usize, &'a str)>);

impl<'a> Sources<'a> {
    /// The text of `span` (in the source text: within one document).
    fn get(&self, span: &std::ops::Range<usize>) -> &'a str {
        let i = self.0.partition_point(|&(start, _)| start <= span.start) - 1;
        let (start, text) = self.0[i];
        &text[span.start - start..span.end - start]
    }
}

/// The passages of a build: analyzed for the index and the statistics,
/// then (once the entries' matcher is built) for the links.
struct Passages<'a> {
    source: &'a Sources<'a>,
    rows: &'a [PassageText],
    analysis: &'a mut TextAnalysis,
    progress: Option<&'a ProgressFn>,
    started: Instant,
}

impl Passages<'_> {
    /// Analyzes every passage, records its statistics, and hands its
    /// encoded document to `sink`.
    fn index(
        &mut self,
        stats: &mut StatsBuilder,
        sink: &mut dyn FnMut(String) -> Result<()>,
    ) -> Result<()> {
        for (i, row) in self.rows.iter().enumerate() {
            let text = self.source.get(&row.span);
            let tokens = self.analysis.tokens(Lang::French, text);
            stats.add_record([(tokens.as_slice(), Lang::French, false)]);
            let doc = index::encode(
                &[IndexText {
                    tokens: &tokens,
                    names: false,
                }],
                |id| self.analysis.word(id),
            );
            sink(doc)?;
            if (i + 1) % REPORT_EVERY == 0 || i + 1 == self.rows.len() {
                self.report(i + 1);
            }
        }
        Ok(())
    }

    /// Records where each passage mentions an entry (its words are
    /// analyzed again: every raw token is in the analysis's cache by now).
    fn link(&mut self, matcher: &TermMatcher, links: &mut Links) {
        for row in self.rows {
            let text = self.source.get(&row.span);
            let words = self.analysis.words(text);
            links.add_passage(&matcher.find(text, &words, None), 0);
        }
    }

    fn report(&self, done: usize) {
        if let Some(progress) = self.progress {
            progress(&Progress {
                done,
                total: self.rows.len(),
                elapsed: self.started.elapsed(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;
    use crate::analysis::FrenchOrder;
    use crate::data::RawData;
    use std::time::Duration;

    #[test]
    fn progress_reads_as_one_line() {
        let cases = [
            (
                40_960,
                100_000,
                500,
                "40960/100000 passages, 81920/s, 1 s left",
            ),
            (1_000, 4_000, 2_000, "1000/4000 passages, 500/s, 6 s left"),
            (4_000, 4_000, 1_250, "4000 passages analyzed in 1.2 s"),
        ];
        for (done, total, millis, line) in cases {
            let p = Progress {
                done,
                total,
                elapsed: Duration::from_millis(millis),
            };
            assert_eq!(p.to_string(), line);
        }
    }

    /// Words far into an entry's names count apart: two words past the
    /// 64th of one entry's names are two words of it, as two near the
    /// start are (once, the last 64-bit mask bit held both).
    #[test]
    fn words_past_the_64th_of_an_entry_count_apart() {
        let filler = |prefix: &str| -> Vec<String> {
            (0..40)
                .map(|i| format!("{prefix}{}", "x".repeat(i + 1)))
                .collect()
        };
        let term = filler("terme").join(" ");
        let mut alias = filler("alias");
        alias[30] = "zorglub".into();
        alias[31] = "quarbex".into();
        let glossary = serde_json::json!([{
            "id": "long", "term": term, "aliases": [alias.join(" ")],
            "term_en": "long name", "category": "c"
        }])
        .to_string();
        let raw = RawData::texts(
            crate::formats::GlossaryFormat::Json,
            "glossary.json",
            glossary.into(),
            vec![(
                "source.fr.txt".to_string(),
                b"Zorglub et quarbex.\n".to_vec(),
            )],
        )
        .unwrap();
        let engine = super::load(raw, super::Target::Ram, FrenchOrder::default(), None)
            .unwrap()
            .engine;
        let id = |word: &str| {
            engine
                .analyzers()
                .with(|a| a.tokens(crate::analysis::Lang::French, word)[0].exact)
        };
        let (zorglub, quarbex) = (id("zorglub"), id("quarbex"));
        assert_eq!(engine.entries_naming(&[zorglub, quarbex], 2), [0]);
        // One word of a long name alone does not name it.
        assert!(engine.entries_naming(&[zorglub], 2).is_empty());
        // Nor does the same word reached twice.
        assert!(engine.entries_naming(&[zorglub, zorglub], 2).is_empty());
    }
}
