//! # search: the glossary from the command line
//!
//! This example is the crate's command-line front end. We will:
//!
//! 1. read the command line ([`args`]), refusing options that would do
//!    nothing for the action asked;
//! 2. load the glossary: the embedded one, or `--data DIR`, with the index in
//!    RAM or kept in `--index-dir DIR` (a build that takes more than a second
//!    shows its progress on stderr when stderr is a terminal);
//! 3. run one action: a search (the default), `--show ID`, `--suggest
//!    PREFIX`, `--list`, `--annotate FILE` ([`annotate`]), `--check FILE`
//!    ([`check`]) or `--export FORMAT`;
//! 4. print it for a person (highlighted on a terminal) or, with `--json`,
//!    as one JSON object for a script ([`output`]).
//!
//! Exit codes: 0 on success (no hits is a success, and so is a reader that
//! closes the pipe early), 2 for a usage or query error, 1 for a data, index
//! or output error, 3 for a check that found something. Messages go to
//! stderr, one line each.
//!
//! ```sh
//! cargo run --release --example search -- "pôle d'innovation"
//! cargo run --release --example search -- --json -n 3 zone pilote
//! cargo run --release --example search -- --show zone-pilote-reforme-financiere
//! echo "Les zones pilotes de réforme financière." | cargo run --release --example search -- --annotate -
//! cargo run --release --example search -- --export tbx > glossary.tbx
//! ```

mod annotate;
mod args;
mod check;
mod files;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod libm_free;
mod output;

use std::process::ExitCode;

use chongqing_glossary::{
    Entry, Glossary, GlossaryBuilder, HitKind, IndexOrigin, LabelKind, Mention, Passage, Query,
    Record, SearchResults, Selection, Status, Subset, Suggestion,
};
use serde::Serialize;

use args::{Action, Args};
use output::{count, quoted, Failure, Output};

fn main() -> ExitCode {
    let result = Args::parse_checked()
        .map_err(Failure::Usage)
        .and_then(|(args, action)| run(&args, action));
    match result {
        Ok(Done::Findings) => ExitCode::from(check::FINDINGS_EXIT),
        Ok(Done::Ok) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("search: {}", one_line(&message));
            ExitCode::from(2)
        }
        Err(Failure::Error(message)) => {
            eprintln!("search: {}", one_line(&message));
            ExitCode::from(1)
        }
    }
}

/// Control characters from user input must not break the one-line message.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// How a run that did its job ended.
enum Done {
    Ok,
    /// A check found something (its own exit code).
    Findings,
}

fn run(args: &Args, action: Action) -> Result<Done, Failure> {
    // Load the glossary: embedded unless --data, in RAM unless --index-dir.
    let mut builder = GlossaryBuilder::new();
    if let Some(dir) = &args.index_dir {
        builder = builder.index_dir(dir).waiting(|dir| {
            eprintln!(
                "search: waiting for another process using the index directory {}",
                dir.display()
            );
        });
    }
    let progress = output::Progress::on_terminal();
    if let Some(progress) = &progress {
        builder = builder.progress(progress.reporter());
    }
    let glossary = match &args.data {
        Some(dir) => builder.from_dir(dir),
        None => builder.embedded(),
    };
    if let Some(progress) = progress {
        progress.finish();
    }
    let glossary = glossary?;
    if let (Some(note), Some(dir)) = (glossary.rebuild_note(), &args.index_dir) {
        eprintln!("search: rebuilt the index in {}: {note}", dir.display());
    }
    // Warnings are said when the data is read, not again at each reuse of
    // an index directory built from it.
    if matches!(
        glossary.index_origin(),
        IndexOrigin::Ram | IndexOrigin::Built
    ) {
        print_warnings(glossary.warnings());
    }
    let mut out = Output::new(args.json);
    let mut done = Done::Ok;
    match action {
        Action::Search(text) => search(&glossary, args, text, &mut out)?,
        Action::Show(id) => show(&glossary, &id, &mut out)?,
        Action::Suggest(prefix) => suggest(&glossary, &prefix, args.limit, &mut out)?,
        Action::List => list(&glossary, args, &mut out)?,
        Action::Annotate(path) => {
            let selection = glossary.select(&subset(args))?;
            annotate::run(&glossary, &selection, &path, args.lang, &mut out)?
        }
        Action::Export(format) => out.export(&glossary.select(&subset(args))?, format)?,
        Action::Check(path) => {
            let selection = glossary.select(&subset(args))?;
            let options = check::CheckOptions {
                direction: args.direction,
                fail_on: args.fail_on.unwrap_or(chongqing_glossary::Severity::Error),
                annotated: args.annotated.clone(),
                report: args.report.clone(),
                glossary_name: match &args.data {
                    Some(dir) => dir.display().to_string(),
                    None => "the embedded Chongqing glossary".to_string(),
                },
            };
            if check::run(&glossary, &selection, &path, &options, &mut out)? {
                done = Done::Findings;
            }
        }
    }
    // The process ends next: the system takes its memory back at once,
    // sooner than dropping the index piece by piece would. Nothing is lost
    // by not dropping it: the crate has no `Drop` that writes or deletes
    // anything (a saved index is complete before `build` returns), and the
    // index directory's lock is released by the system with the process.
    std::mem::forget(glossary);
    match out.finish() {
        // A reader that stopped early does not change the verdict.
        Err(Failure::ClosedPipe) => Ok(done),
        other => other.map(|()| done),
    }
}

/// What the load noticed, once, on stderr: the first few, and how many
/// more (a large termbase may share many names).
fn print_warnings(warnings: &[chongqing_glossary::Warning]) {
    const SHOWN: usize = 10;
    for warning in warnings.iter().take(SHOWN) {
        eprintln!("search: warning: {}", output::visible(&warning.to_string()));
    }
    if warnings.len() > SHOWN {
        eprintln!(
            "search: warning: … and {} more (see Glossary::warnings)",
            warnings.len() - SHOWN
        );
    }
}

/// The part of the glossary --category, --sector and --entry name.
fn subset(args: &Args) -> Subset {
    let mut subset = Subset::new();
    if let Some(category) = &args.category {
        subset = subset.category(category.clone());
    }
    if let Some(sector) = &args.sector {
        subset = subset.sector(sector.clone());
    }
    for id in &args.entries {
        subset = subset.entry(id.as_str());
    }
    subset
}

/// The query the options describe.
fn query(args: &Args, text: String) -> Query {
    let mut query = Query::new(text)
        .limit(args.limit)
        .offset(args.offset)
        .explain(args.explain)
        .prefix_last_word(!args.no_prefix)
        .links(!args.no_links);
    if let Some(kind) = args.kind.and_then(|k| k.0) {
        query = query.kind(kind);
    }
    if let Some(category) = &args.category {
        query = query.category(category.clone());
    }
    if let Some(sector) = &args.sector {
        query = query.sector(sector.clone());
    }
    query
}

fn search(glossary: &Glossary, args: &Args, text: String, out: &mut Output) -> Result<(), Failure> {
    let results = glossary.search(&query(args, text))?;
    if out.json {
        return out.json_line(&results);
    }
    let several = glossary.documents().len() > 1;
    print_results(&results, args.offset, several, out)
}

fn print_results(
    results: &SearchResults<'_>,
    offset: usize,
    several: bool,
    out: &mut Output,
) -> Result<(), Failure> {
    let mut text = String::new();
    for (rank, hit) in results.hits.iter().enumerate() {
        let n = offset + rank + 1;
        match &hit.record {
            Record::Entry(e) => {
                // The terms, with the words the query matched in them.
                let term = |label: LabelKind, text: &str, plain: String| match hit
                    .matched_names
                    .iter()
                    .find(|m| m.label == label)
                {
                    Some(m) => out.highlight(text, &m.highlights),
                    None => plain,
                };
                text += &format!(
                    "{n:>3}. {} {} / {}  [{}]  {:.3}\n",
                    out.dim("entry  "),
                    term(LabelKind::Term, e.term.as_str(), out.bold(e.term.as_str())),
                    term(
                        LabelKind::TermEn,
                        e.term_en.as_str(),
                        out.plain(e.term_en.as_str()).into_owned()
                    ),
                    describe(e),
                    hit.score
                );
            }
            Record::Passage(p) => {
                text += &format!(
                    "{n:>3}. {} {}{}{}  {:.3}\n",
                    out.dim("passage"),
                    out.bold(&p.id.to_string()),
                    out.dim(&place(p, several)),
                    passage_links(p, &hit.via),
                    hit.score
                );
            }
        }
        text += &hit_lines(hit, out);
        if let Some(ranking) = &hit.ranking {
            text += &format!("     {}\n", out.dim(&ranking.summary()));
        }
    }
    let shown = results.hits.len();
    let total = match results.total_hits_relation {
        chongqing_glossary::TotalRelation::AtLeast => format!("at least {}", results.total_hits),
        _ => results.total_hits.to_string(),
    };
    let elapsed = results.elapsed.as_secs_f64() * 1000.0;
    let query = quoted(&out.plain(&results.query));
    text += &match shown {
        0 => format!("no hits shown for {query} ({total} in all, {elapsed:.2} ms)\n"),
        1 => format!(
            "hit {} of {total} for {query} ({elapsed:.2} ms)\n",
            offset + 1
        ),
        _ => format!(
            "hits {}–{} of {total} for {query} ({elapsed:.2} ms)\n",
            offset + 1,
            offset + shown
        ),
    };
    out.print(&text)
}

/// The lines under a hit's heading: for an entry found by a name other
/// than its terms (or by a name not preferred), that name and its status;
/// then the snippet, or, when a name matched (the heading shows it), the
/// start of the definition.
fn hit_lines(hit: &chongqing_glossary::Hit<'_>, out: &Output) -> String {
    let mut text = String::new();
    let Some(entry) = hit.entry() else {
        let snippet = out.highlight(&hit.snippet.text, &hit.snippet.highlights);
        return format!("     {snippet}\n");
    };
    let Some(best) = hit.best_name() else {
        let snippet = out.highlight(&hit.snippet.text, &hit.snippet.highlights);
        return format!("     {snippet}\n");
    };
    if !best.is_term() || best.status != Status::Preferred {
        let which = match best.label {
            LabelKind::Term => "French term",
            LabelKind::Alias => "French alias",
            LabelKind::TermEn => "English term",
            _ => "English alias",
        };
        text += &format!(
            "     matched: {} ({}, {which})\n",
            out.highlight(&best.text, &best.highlights),
            best.status
        );
    }
    if let Some(definition) = entry.definition.as_ref().or(entry.definition_en.as_ref()) {
        text += &format!("     {}\n", out.plain(&abridged(definition, 200)));
    }
    text
}

/// At most about `bytes` bytes of `text`, cut after a word, with `…`.
fn abridged(text: &str, bytes: usize) -> String {
    if text.len() <= bytes {
        return text.to_string();
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    format!("{}…", text[..cut].trim_end())
}

/// ` (annex.fr.txt:12)`: where a passage is, when there are several
/// documents to tell apart.
fn place(passage: &Passage<'_>, several: bool) -> String {
    if several {
        format!(" ({}:{})", passage.document, passage.line)
    } else {
        String::new()
    }
}

/// `  mentions: a, b  via: c` for a passage hit.
fn passage_links(
    passage: &Passage<'_>,
    via: &[std::borrow::Cow<'_, chongqing_glossary::EntryId>],
) -> String {
    let mut text = String::new();
    if !passage.mentions.is_empty() {
        let ids: Vec<&str> = passage.mentions.iter().map(|m| m.as_str()).collect();
        text += &format!("  mentions: {}", ids.join(", "));
    }
    if !via.is_empty() {
        let ids: Vec<&str> = via.iter().map(|m| m.as_str()).collect();
        text += &format!("  via: {}", ids.join(", "));
    }
    text
}

/// A name, and what the termbase says of it when it is not the default:
/// `GoO (deprecated, case-sensitive)`.
fn name_with_details(
    name: &chongqing_glossary::Name,
    kind: chongqing_glossary::LabelKind,
) -> String {
    let mut details = Vec::new();
    if name.status.is_some() {
        details.push(name.status_as(kind).to_string());
    }
    if let Some(pos) = name.part_of_speech {
        details.push(pos.to_string());
    }
    match name.case_sensitive {
        Some(true) => details.push("case-sensitive".into()),
        Some(false) => details.push("any case".into()),
        None if name.is_acronym() => details.push("capitals only".into()),
        None => {}
    }
    if details.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({})", details.join(", "))
    }
}

fn describe(e: &Entry) -> String {
    match &e.sector {
        Some(sector) => format!("{}, {sector}", e.category),
        None => e.category.to_string(),
    }
}

/// `--show --json`: the entry and where the documents mention it.
#[derive(Serialize)]
struct ShowJson<'a> {
    entry: &'a Entry,
    mentions: &'a [Mention<'a>],
}

/// `--suggest --json`.
#[derive(Serialize)]
struct SuggestJson<'a> {
    prefix: &'a str,
    suggestions: &'a [Suggestion<'a>],
}

/// `--list --json`: one page of records, and how many there are in all.
#[derive(Serialize)]
struct ListJson<'a> {
    total: usize,
    entries: &'a [&'a Entry],
    passages: &'a [Passage<'a>],
}

fn show(glossary: &Glossary, id: &str, out: &mut Output) -> Result<(), Failure> {
    let Some(entry) = glossary.entry(id) else {
        let similar: Vec<&str> = glossary
            .similar_ids(id)
            .iter()
            .take(3)
            .map(|i| i.as_str())
            .collect();
        let hint = if similar.is_empty() {
            "; --list shows every id".to_string()
        } else {
            format!("; did you mean {}?", similar.join(", "))
        };
        return Err(Failure::Usage(format!("no entry `{id}`{hint}")));
    };
    let mentions = glossary.mentions(&entry.id)?;
    if out.json {
        return out.json_line(&ShowJson {
            entry,
            mentions: &mentions,
        });
    }
    let mut text = format!("{}\n", out.bold(entry.term.as_str()));
    text += &format!("  English:     {}\n", out.plain(entry.term_en.as_str()));
    text += &format!("  Id:          {}\n", entry.id);
    text += &format!("  Category:    {}\n", describe(entry));
    if let Some(label) = &entry.category_label {
        text += &format!("  Subject:     {}\n", out.plain(label));
    }
    let described = |english: bool| -> Vec<String> {
        entry
            .names()
            .filter(|(_, kind)| kind.is_english() == english && !kind.is_term())
            .map(|(name, kind)| name_with_details(name, kind))
            .collect()
    };
    for (label, english) in [("Also (FR):", false), ("Also (EN):", true)] {
        let names = described(english);
        if !names.is_empty() {
            text += &format!("  {label:<12} {}\n", out.plain(&names.join(" · ")));
        }
    }
    for (name, kind) in entry.names().filter(|(_, kind)| kind.is_term()) {
        let details = name_with_details(name, kind);
        if details != name.as_str() {
            text += &format!("  {:<12} {}\n", format!("{kind}:"), out.plain(&details));
        }
    }
    match &entry.definition {
        Some(definition) => text += &format!("\n  {}\n", out.plain(definition)),
        None => text += "\n  The source glossary gives no definition for this entry.\n",
    }
    if let Some(definition) = &entry.definition_en {
        text += &format!("\n  {}\n", out.plain(definition));
    }
    if let Some(note) = &entry.note {
        text += &format!("\n  Note: {}\n", out.plain(note));
    }
    text += &format!("\n  {}:\n", count(mentions.len(), "mention", "mentions"));
    let several = glossary.documents().len() > 1;
    for m in &mentions {
        let place = if several {
            format!(
                "{} ({}:{})",
                m.passage.id, m.passage.document, m.passage.line
            )
        } else {
            format!("{} (line {})", m.passage.id, m.passage.line)
        };
        text += &format!(
            "    {}  {}\n",
            out.bold(&place),
            out.highlight(&m.passage.text, std::slice::from_ref(&m.span))
        );
    }
    if !entry.related.is_empty() {
        let related: Vec<&str> = entry.related.iter().map(|r| r.as_str()).collect();
        text += &format!("\n  Related:     {}\n", related.join(", "));
    }
    out.print(&text)
}

fn suggest(glossary: &Glossary, prefix: &str, n: usize, out: &mut Output) -> Result<(), Failure> {
    let suggestions = glossary.suggest(prefix, n)?;
    if out.json {
        return out.json_line(&SuggestJson {
            prefix,
            suggestions: &suggestions,
        });
    }
    let mut text = String::new();
    for s in &suggestions {
        let note = format!("({}, {})", s.entry, s.label);
        text += &format!("{}  {}\n", out.plain(s.text), out.dim(&note));
    }
    if suggestions.is_empty() {
        text += &format!("no entry name completes {}\n", quoted(&out.plain(prefix)));
    }
    out.print(&text)
}

/// Lists entries (or passages, with `--kind passage`, or both): the
/// entries of the library's selection for --category, --sector and
/// --entry, then the passages, paged by -n and --offset.
fn list(glossary: &Glossary, args: &Args, out: &mut Output) -> Result<(), Failure> {
    let by_fields = args.category.is_some() || args.sector.is_some() || !args.entries.is_empty();
    let kinds: &[HitKind] = match args.kind.map(|k| k.0) {
        Some(Some(HitKind::Passage)) if by_fields => return Err(Failure::Usage(
            "--category, --sector and --entry keep entries only; they do not apply to --list --kind passage"
                .into(),
        )),
        Some(None) if !by_fields => &[HitKind::Entry, HitKind::Passage],
        Some(Some(HitKind::Passage)) => &[HitKind::Passage],
        _ => &[HitKind::Entry],
    };
    let selection = if kinds.contains(&HitKind::Entry) {
        Some(glossary.select(&subset(args))?)
    } else {
        None
    };
    let entry_total = selection.as_ref().map_or(0, Selection::len);
    let passage_total = if kinds.contains(&HitKind::Passage) {
        glossary.passages().len()
    } else {
        0
    };
    let total = entry_total + passage_total;
    // Entries first, then passages; -n and --offset are within the
    // library's maximums (checked with the arguments).
    let page = args.offset.min(total)..args.offset.saturating_add(args.limit).min(total);
    let entry_page: Vec<&Entry> = selection
        .iter()
        .flat_map(Selection::entries)
        .skip(page.start)
        .take(page.len())
        .collect();
    let passage_page: Vec<Passage<'_>> = glossary
        .passages()
        .take(passage_total)
        .skip(page.start.saturating_sub(entry_total))
        .take(page.len() - entry_page.len())
        .collect();
    if out.json {
        return out.json_line(&ListJson {
            total,
            entries: &entry_page,
            passages: &passage_page,
        });
    }
    let mut text = String::new();
    for e in &entry_page {
        text += &format!(
            "{}\n    {} / {}  [{}]\n",
            out.bold(e.id.as_str()),
            out.plain(e.term.as_str()),
            out.plain(e.term_en.as_str()),
            describe(e)
        );
    }
    for p in &passage_page {
        text += &format!("{}  {}\n", out.bold(&p.id.to_string()), out.plain(&p.text));
    }
    let shown = entry_page.len() + passage_page.len();
    let what = match kinds {
        [HitKind::Entry] => count(total, "entry", "entries"),
        [HitKind::Passage] => count(total, "passage", "passages"),
        _ => count(total, "record", "records"),
    };
    text += &if shown == total {
        format!("{what}\n")
    } else {
        format!("{shown} shown of {what}\n")
    };
    out.print(&text)
}
