//! Loading: raw data becomes an [`Engine`]. Either the saved form of the data
//! is opened (the embedded data's prebuilt form, or an index directory's),
//! or the data is built: the glossary parsed and validated, every text
//! analyzed once, the entries' names matched in the passages and definitions
//! (mentions, related entries), statistics counted, and the Tantivy index
//! written. Both give a [`Derived`] and an index, assembled the same way.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::directory::RamDirectory;

use crate::analysis::{FrenchOrder, Lang, TextAnalysis, Tok};
use crate::annotate::TermMatcher;
use crate::data::{self, Digests, PassageText, RawData};
use crate::engine::{Derived, DocumentAt, Engine};
use crate::formats::{GlossaryFormat, Imported};
use crate::index::{self, IndexBuilder, IndexOrigin, IndexText, SearchIndex};
use crate::links::Links;
use crate::model::{LabelKind, Status, Warning};
use crate::stats::StatsBuilder;
use crate::store::{self, Identity, Prepared, WaitFn};
use crate::texts::{EntryPart, EntryTexts};
use crate::{Error, Result};

/// From this many passages on, the Tantivy index is built on a second thread
/// while this one analyzes the passages (below it, a thread costs more than
/// it saves).
const PARALLEL_BUILD_PASSAGES: usize = 2_000;

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
    let digests = raw.digests()?;
    let identity = Identity::of(&digests.files, order);
    let (derived, index, origin, note) = match target {
        Target::Prebuilt => match store::embedded(&identity) {
            Some((index, derived)) => (derived, index, IndexOrigin::Prebuilt, None),
            None => {
                let (derived, index) = build(&raw, &digests, order, ram(), progress)?;
                (derived, index, IndexOrigin::Ram, None)
            }
        },
        Target::Ram => {
            let (derived, index) = build(&raw, &digests, order, ram(), progress)?;
            (derived, index, IndexOrigin::Ram, None)
        }
        Target::Dir { path, wait } => match store::prepare(path, &identity, wait)? {
            Prepared::Reused(index, derived) => (*derived, index, IndexOrigin::Reused, None),
            Prepared::Build { files, note, lock } => {
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
    // The documents, one after the other in the source text; numbered in
    // passage ids from 1 when there are several.
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
    let mut entry_texts = EntryTexts::analyze(&mut analysis, &imported.entries);
    // The crate's own JSON is written by hand, for this crate: a name that
    // can never be found is a mistake to fix. A termbase another tool
    // exported loads without it.
    let strict = raw.glossary.format == GlossaryFormat::Json;
    if unsearchable_names(&mut imported, &entry_texts, strict)? {
        entry_texts = EntryTexts::analyze(&mut analysis, &imported.entries);
    }
    let (matcher, shared) = crate::engine::matcher(&imported.entries, &entry_texts);
    let mut links = Links::new(imported.entries.len());
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
    let mut stats = StatsBuilder::default();
    for texts in entry_texts.iter() {
        stats.add_record(texts.map(|t| (t.tokens, t.lang, t.is_name())));
    }

    let mut builder = Box::new(IndexBuilder::new(directory)?);
    for texts in entry_texts.iter() {
        let texts: Vec<IndexText<'_>> = texts
            .map(|t| IndexText {
                tokens: t.tokens,
                names: t.is_name(),
            })
            .collect();
        builder.add(&index::encode(&texts, |id| analysis.word(id)))?;
    }
    let mut passages = Passages {
        source: &source,
        rows: &rows,
        analysis: &mut analysis,
        matcher: &matcher,
        links: &mut links,
        stats: &mut stats,
        progress,
        started: Instant::now(),
    };
    let search_index = passages.index(builder)?;

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
    let (words, analyzed) = analysis.into_vocabulary().parts();
    let derived = Derived {
        entries,
        entry_texts,
        passages: rows,
        mentions: links.entry_mentions,
        related: links.related,
        words,
        analyzed,
        stats: stats.finish(terms),
        documents,
        title,
        warnings,
    };
    Ok((derived, search_index))
}

/// Names that analyze to nothing (only stop words or punctuation, `en`)
/// could never be found or recognised. When `strict` (`glossary.json`), a
/// term that does is an error at its place in the file; otherwise (a TBX
/// or CSV termbase) each such name is skipped with a warning, and an entry
/// left without a French or an English name with it. Whether anything was
/// skipped (the texts are then analyzed again).
fn unsearchable_names(imported: &mut Imported, texts: &EntryTexts, strict: bool) -> Result<bool> {
    // (entry, positions in `Entry::names` order) of the names to skip.
    let mut skip: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (entry, texts)) in imported.entries.iter().zip(texts.iter()).enumerate() {
        let mut empty = Vec::new();
        for text in texts {
            if let EntryPart::Label(nth, kind) = text.part {
                if text.tokens.is_empty() {
                    if strict && kind.is_term() {
                        let key = kind.as_str();
                        return Err(Error::data(
                            imported.location(i, key),
                            format!("entry `{}`: `{key}` has no searchable word", entry.id),
                        ));
                    }
                    empty.push(nth);
                }
            }
        }
        if !empty.is_empty() && !strict {
            skip.push((i, empty));
        }
    }
    for (i, empty) in skip.iter().rev() {
        let entry = &mut imported.entries[*i];
        let names: Vec<(String, LabelKind)> =
            entry.names().map(|(n, k)| (n.text.clone(), k)).collect();
        let mut warnings = Vec::new();
        for &nth in empty.iter().rev() {
            let (text, kind) = &names[nth];
            // Where this language's aliases start in `Entry::names` order.
            let first = if kind.is_english() {
                entry.aliases.len() + 2
            } else {
                1
            };
            let english = kind.is_english();
            let (term, aliases) = if english {
                (&mut entry.term_en, &mut entry.aliases_en)
            } else {
                (&mut entry.term, &mut entry.aliases)
            };
            let entry_skipped = if kind.is_term() {
                if aliases.is_empty() {
                    true
                } else {
                    // The first alias becomes the term, keeping its status.
                    let mut next = aliases.remove(0);
                    next.status.get_or_insert(Status::Admitted);
                    *term = next;
                    false
                }
            } else {
                let at = nth.saturating_sub(first);
                if at < aliases.len() {
                    aliases.remove(at);
                }
                false
            };
            warnings.push(Warning::UnsearchableName {
                entry: entry.id.clone(),
                name: text.clone(),
                entry_skipped,
            });
            if entry_skipped {
                break;
            }
        }
        let skipped = warnings.iter().any(|w| {
            matches!(
                w,
                Warning::UnsearchableName {
                    entry_skipped: true,
                    ..
                }
            )
        });
        if skipped {
            imported.remove(*i);
        }
        imported.warnings.extend(warnings.into_iter().rev());
    }
    Ok(!skip.is_empty())
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

/// The passage loop of a build: each passage is analyzed once, for the index,
/// the links and the statistics.
struct Passages<'a> {
    source: &'a Sources<'a>,
    rows: &'a [PassageText],
    analysis: &'a mut TextAnalysis,
    matcher: &'a TermMatcher,
    links: &'a mut Links,
    stats: &'a mut StatsBuilder,
    progress: Option<&'a ProgressFn>,
    started: Instant,
}

impl Passages<'_> {
    /// Analyzes every passage, records its links and statistics, and hands
    /// its encoded document to `sink`.
    fn analyze(&mut self, sink: &mut dyn FnMut(String) -> Result<()>) -> Result<()> {
        for (i, row) in self.rows.iter().enumerate() {
            let text = self.source.get(&row.span);
            let words = self.analysis.words(text);
            let tokens: Vec<Tok> = words.iter().filter_map(|w| w.tok(Lang::French)).collect();
            self.stats
                .add_record([(tokens.as_slice(), Lang::French, false)]);
            self.links
                .add_passage(&self.matcher.find(text, &words, None), 0);
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

    fn report(&self, done: usize) {
        if let Some(progress) = self.progress {
            progress(&Progress {
                done,
                total: self.rows.len(),
                elapsed: self.started.elapsed(),
            });
        }
    }

    /// Analyzes the passages and adds their documents to `builder`, in
    /// order. From [`PARALLEL_BUILD_PASSAGES`] on, Tantivy indexes on a
    /// second thread, in batches, while this one analyzes the next passages.
    fn index(&mut self, mut builder: Box<IndexBuilder>) -> Result<SearchIndex> {
        if self.rows.len() < PARALLEL_BUILD_PASSAGES {
            self.analyze(&mut |doc| builder.add(&doc))?;
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
            let analyzed = self.analyze(&mut |doc| {
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
            analyzed?;
            built
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;
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
}
