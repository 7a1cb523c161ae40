//! # search: the glossary from the command line
//!
//! This example is the crate's command-line front end. We will:
//!
//! 1. parse the options with clap;
//! 2. load the glossary: the embedded one, or `--data DIR`, with the index in
//!    RAM or kept in `--index-dir DIR`;
//! 3. run one action: a search (the default), `--show ID`, `--suggest PREFIX`
//!    or `--list`;
//! 4. print it for a person (highlighted on a terminal) or, with `--json`,
//!    as one JSON object for a script.
//!
//! Exit codes: 0 on success (no hits is a success), 2 for a usage or query
//! error, 1 for a data or index error. Messages go to stderr.
//!
//! ```sh
//! cargo run --release --example search -- "pôle d'innovation"
//! cargo run --release --example search -- --json -n 3 zone pilote
//! cargo run --release --example search -- --show zone-pilote-reforme-financiere
//! ```

use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

use chongqing_glossary::{
    Category, Entry, Error, Glossary, GlossaryBuilder, HitKind, Query, Record, SearchResults,
    Sector,
};
use clap::{Parser, ValueEnum};
use serde_json::json;

/// Search the Chongqing innovation glossary and article (French or English,
/// accents, plurals and typos welcome).
#[derive(Parser, Debug)]
#[command(name = "search", version, about)]
struct Args {
    /// The query: words, or "quoted phrases".
    #[arg(value_name = "QUERY", conflicts_with_all = ["show", "suggest", "list"])]
    query: Vec<String>,

    /// Print one JSON object on stdout instead of text.
    #[arg(long)]
    json: bool,

    /// Show at most N hits.
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    limit: usize,

    /// Skip the first N hits.
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,

    /// Only entries, only passages, or both.
    #[arg(long, value_enum, default_value_t = KindArg::Any)]
    kind: KindArg,

    /// Only entries of this category.
    #[arg(long, value_parser = parse::<Category>)]
    category: Option<Category>,

    /// Only innovation hubs of this sector.
    #[arg(long, value_parser = parse::<Sector>)]
    sector: Option<Sector>,

    /// Load source.fr.txt and glossary.json from DIR instead of the embedded data.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,

    /// Keep the index in DIR and reuse it while the data is unchanged.
    #[arg(long, value_name = "DIR")]
    index_dir: Option<PathBuf>,

    /// Show one entry in full: names, definition, mentions, related entries.
    #[arg(long, value_name = "ID", conflicts_with_all = ["suggest", "list"])]
    show: Option<String>,

    /// Complete an entry name.
    #[arg(long, value_name = "PREFIX", conflicts_with = "list")]
    suggest: Option<String>,

    /// List all entries (--category and --sector apply).
    #[arg(long)]
    list: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum KindArg {
    Entry,
    Passage,
    Any,
}

/// clap value parser for the crate's vocabularies, which implement `FromStr`.
fn parse<T: std::str::FromStr>(s: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e: T::Err| e.to_string())
}

/// Why the program stops: a usage mistake (exit 2) or a failure (exit 1).
enum Failure {
    Usage(String),
    Error(Error),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Failure {
        match err {
            Error::Query { .. } | Error::UnknownEntry { .. } => Failure::Usage(chain(&err)),
            other => Failure::Error(other),
        }
    }
}

/// The error and its causes on one line, skipping causes the message already says.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("search: {}", one_line(&message));
            ExitCode::from(2)
        }
        Err(Failure::Error(err)) => {
            eprintln!("search: {}", one_line(&chain(&err)));
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

fn run(args: &Args) -> Result<(), Failure> {
    // Load the glossary: embedded unless --data, in RAM unless --index-dir.
    let mut builder = GlossaryBuilder::new();
    if let Some(dir) = &args.data {
        builder = builder.data_dir(dir);
    }
    if let Some(dir) = &args.index_dir {
        builder = builder.index_dir(dir);
    }
    let glossary = builder.build()?;
    let out = Output::new(args.json);

    // One action.
    if let Some(id) = &args.show {
        return show(&glossary, id, &out);
    }
    if let Some(prefix) = &args.suggest {
        return suggest(&glossary, prefix, args.limit, &out);
    }
    if args.list {
        return list(&glossary, args, &out);
    }
    if args.query.is_empty() {
        return Err(Failure::Usage(
            "a query is required (or --show ID, --suggest PREFIX, --list); see --help".into(),
        ));
    }
    search(&glossary, args, &out)
}

fn search(glossary: &Glossary, args: &Args, out: &Output) -> Result<(), Failure> {
    let mut query = Query::new(args.query.join(" "))
        .limit(args.limit)
        .offset(args.offset);
    match args.kind {
        KindArg::Entry => query = query.kind(HitKind::Entry),
        KindArg::Passage => query = query.kind(HitKind::Passage),
        KindArg::Any => {}
    }
    if let Some(category) = args.category {
        query = query.category(category);
    }
    if let Some(sector) = args.sector {
        query = query.sector(sector);
    }
    let results = glossary.search(&query)?;
    if out.json {
        return out.json_line(&results);
    }
    print_results(&results, args.offset, out);
    Ok(())
}

fn print_results(results: &SearchResults<'_>, offset: usize, out: &Output) {
    let mut text = String::new();
    for (rank, hit) in results.hits.iter().enumerate() {
        let n = offset + rank + 1;
        match hit.record {
            Record::Entry(e) => {
                text += &format!(
                    "{n:>3}. {} {} / {}  [{}]  {:.2}\n",
                    out.dim("entry  "),
                    out.bold(&e.term),
                    e.term_en,
                    describe(e),
                    hit.score
                );
            }
            Record::Passage(p) => {
                let mentions: Vec<&str> = p.mentions.iter().map(|m| m.as_str()).collect();
                let mentions = if mentions.is_empty() {
                    String::new()
                } else {
                    format!("  mentions: {}", mentions.join(", "))
                };
                text += &format!(
                    "{n:>3}. {} {}{mentions}  {:.2}\n",
                    out.dim("passage"),
                    out.bold(&p.id.to_string()),
                    hit.score
                );
            }
        }
        text += &format!(
            "     {}\n",
            out.highlight(&hit.snippet.text, &hit.snippet.highlights)
        );
    }
    let shown = results.hits.len();
    let elapsed = results.elapsed.as_secs_f64() * 1000.0;
    if shown == 0 {
        text += &format!(
            "no hits shown for \"{}\" ({} in all, {elapsed:.2} ms)\n",
            results.query, results.total_hits
        );
    } else {
        text += &format!(
            "{}–{} of {} hits for \"{}\" ({elapsed:.2} ms)\n",
            offset + 1,
            offset + shown,
            results.total_hits,
            results.query
        );
    }
    out.print(&text);
}

fn describe(e: &Entry) -> String {
    match e.sector {
        Some(sector) => format!("{}, {sector}", e.category),
        None => e.category.to_string(),
    }
}

fn show(glossary: &Glossary, id: &str, out: &Output) -> Result<(), Failure> {
    let entry = match glossary.entry(id) {
        Ok(entry) => entry,
        Err(err) => {
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
            return Err(Failure::Usage(format!("{err}{hint}")));
        }
    };
    let mentions = glossary.mentions(id)?;
    if out.json {
        let mentions: Vec<_> = mentions
            .iter()
            .map(|m| json!({"passage": m.passage.id, "text": m.passage.text, "span": [m.span.start, m.span.end]}))
            .collect();
        return out.json_line(&json!({"entry": entry, "mentions": mentions}));
    }
    let mut text = format!("{}\n", out.bold(&entry.term));
    text += &format!("  English:     {}\n", entry.term_en);
    text += &format!("  Id:          {}\n", entry.id);
    text += &format!("  Category:    {}\n", describe(entry));
    if !entry.aliases.is_empty() {
        text += &format!("  Also (FR):   {}\n", entry.aliases.join(" · "));
    }
    if !entry.aliases_en.is_empty() {
        text += &format!("  Also (EN):   {}\n", entry.aliases_en.join(" · "));
    }
    match &entry.definition {
        Some(definition) => text += &format!("\n  {definition}\n"),
        None => text += "\n  The source glossary gives no definition for this entry.\n",
    }
    text += &format!("\n  Mentioned in {} passage(s):\n", mentions.len());
    for m in &mentions {
        let span: Range<usize> = m.span.clone();
        text += &format!(
            "    {}  {}\n",
            out.bold(&m.passage.id.to_string()),
            out.highlight(&m.passage.text, &[span])
        );
    }
    if !entry.related.is_empty() {
        let related: Vec<&str> = entry.related.iter().map(|r| r.as_str()).collect();
        text += &format!("\n  Related:     {}\n", related.join(", "));
    }
    out.print(&text);
    Ok(())
}

fn suggest(glossary: &Glossary, prefix: &str, n: usize, out: &Output) -> Result<(), Failure> {
    let suggestions = glossary.suggest(prefix, n)?;
    if out.json {
        return out.json_line(&json!({"prefix": prefix, "suggestions": suggestions}));
    }
    let mut text = String::new();
    for s in &suggestions {
        text += &format!("{}  {}\n", s.text, out.dim(&format!("({})", s.entry)));
    }
    if suggestions.is_empty() {
        text += &format!("no entry name completes \"{prefix}\"\n");
    }
    out.print(&text);
    Ok(())
}

fn list(glossary: &Glossary, args: &Args, out: &Output) -> Result<(), Failure> {
    let entries: Vec<&Entry> = glossary
        .entries()
        .iter()
        .filter(|e| args.category.is_none_or(|c| e.category == c))
        .filter(|e| args.sector.is_none_or(|s| e.sector == Some(s)))
        .collect();
    if out.json {
        return out.json_line(&json!({"entries": entries}));
    }
    let mut text = String::new();
    for e in &entries {
        text += &format!(
            "{}\n    {} / {}  [{}]\n",
            out.bold(e.id.as_str()),
            e.term,
            e.term_en,
            describe(e)
        );
    }
    text += &format!("{} entries\n", entries.len());
    out.print(&text);
    Ok(())
}

/// Where and how to print: JSON or text, with colour only on a terminal and
/// only when `NO_COLOR` is unset or empty.
struct Output {
    json: bool,
    color: bool,
}

impl Output {
    fn new(json: bool) -> Output {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Output {
            json,
            color: !json && !no_color && std::io::stdout().is_terminal(),
        }
    }

    fn style(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(&self, text: &str) -> String {
        self.style("1", text)
    }

    fn dim(&self, text: &str) -> String {
        self.style("2", text)
    }

    /// `text` with the byte ranges marked: coloured on a terminal, between
    /// brackets otherwise.
    fn highlight(&self, text: &str, ranges: &[Range<usize>]) -> String {
        let mut out = String::with_capacity(text.len() + ranges.len() * 10);
        let mut at = 0;
        for r in ranges {
            out.push_str(&text[at..r.start]);
            if self.color {
                out.push_str(&self.style("1;33", &text[r.clone()]));
            } else {
                out.push('[');
                out.push_str(&text[r.clone()]);
                out.push(']');
            }
            at = r.end;
        }
        out.push_str(&text[at..]);
        out
    }

    fn print(&self, text: &str) {
        // A closed pipe (`search … | head`) is not an error worth a panic.
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }

    fn json_line<T: serde::Serialize>(&self, value: &T) -> Result<(), Failure> {
        let mut line = serde_json::to_string(value)
            .map_err(|e| Failure::Usage(format!("cannot encode the answer as JSON: {e}")))?;
        line.push('\n');
        self.print(&line);
        Ok(())
    }
}
