//! The command line: options, and which of them each action accepts.

use std::path::PathBuf;

use chongqing_glossary::{
    limits::MAX_LIMIT, model::Language, Category, Direction, ExportFormat, HitKind, Sector,
    Severity,
};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};

/// Search a glossary and its French documents (the embedded Chongqing
/// glossary, or your own termbase with --data), recognise its terms in a
/// text, check a translation, export it for translation tools.
#[derive(Parser, Debug)]
#[command(name = "search", version)]
pub struct Args {
    /// The query: words, or "quoted phrases". The last word also completes
    /// as a prefix unless followed by a space.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Print one JSON object on stdout instead of text.
    #[arg(long)]
    pub json: bool,

    /// Show at most N hits (or suggestions, or listed records).
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Skip the first N hits (or listed records).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Only entries, only passages, or both (default: any for a search,
    /// entry for --list).
    #[arg(long, value_name = "KIND", value_enum)]
    pub kind: Option<Kind>,

    /// Only entries of this category (with --kind passage: passages that
    /// mention one; with --list, --export, --annotate or --check: a subset of the
    /// glossary).
    #[arg(long, value_name = "CATEGORY", value_parser = parse_slug::<Category>, help = vocabulary_help("category", Category::ALL))]
    pub category: Option<Category>,

    /// Only entries of this sector.
    #[arg(long, value_name = "SECTOR", value_parser = parse_slug::<Sector>, help = vocabulary_help("sector", Sector::ALL))]
    pub sector: Option<Sector>,

    /// With --export, --annotate, --check or --list: this entry (repeatable); with
    /// --category/--sector, these entries too.
    #[arg(long = "entry", value_name = "ID")]
    pub entries: Vec<String>,

    /// Load a data directory instead of the embedded data: glossary.json,
    /// glossary.tbx or glossary.csv, and its French documents (*.fr.txt).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Keep the index in DIR and reuse it while the data is unchanged.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,

    /// Add each hit's ranking details (each rule's values).
    #[arg(long)]
    pub explain: bool,

    /// The last word matches whole words only (no search as you type).
    #[arg(long)]
    pub no_prefix: bool,

    /// Do not find passages through the entries they mention.
    #[arg(long)]
    pub no_links: bool,

    /// Show one entry in full: names, definition, mentions, related entries.
    #[arg(long, value_name = "ID")]
    pub show: Option<String>,

    /// Complete an entry name (French or English).
    #[arg(long, value_name = "PREFIX")]
    pub suggest: Option<String>,

    /// List the entries (or, with --kind, the passages); filters and paging apply.
    #[arg(long)]
    pub list: bool,

    /// Mark the glossary's terms in FILE (`-` reads standard input), with a
    /// legend of the entries found.
    #[arg(long, value_name = "FILE")]
    pub annotate: Option<PathBuf>,

    /// Check a translation against the glossary: FILE holds segment pairs,
    /// as TSV (source<TAB>target) or XLIFF 1.2/2.0 (`-` reads standard
    /// input). Exit code 3 when there are findings.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,

    /// With --annotate: the text's language, `fr` or `en`; only that
    /// language's names are looked for (default: both).
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
    pub lang: Option<Language>,

    /// With --check: which way the translation goes, for TSV (default:
    /// fr-en); an XLIFF file's languages say it, and must agree.
    #[arg(long, value_name = "DIRECTION", value_parser = parse_direction)]
    pub direction: Option<Direction>,

    /// With --check: exit 3 when a finding of this severity or a more
    /// severe one is found: `error` (missing, deprecated; the default),
    /// `warning` (also not-preferred, inconsistent) or `info` (also
    /// no-target).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,

    /// With --check of an XLIFF file: also write a copy of it to FILE with
    /// the findings marked as ITS 2.0 localization quality issues and the
    /// glossary's names as term marks, the rest byte for byte as it was.
    /// FILE must not exist, or be a copy this tool wrote before.
    #[arg(long, value_name = "FILE")]
    pub annotated: Option<PathBuf>,

    /// With --check: also write an HTML report of the findings to FILE
    /// (one self-contained page, with filters). FILE must not exist, or be
    /// a report this tool wrote before.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Write the whole glossary to stdout as FORMAT, for translation tools.
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub export: Option<Format>,
}

/// `--kind`: one kind of record, or both (variants undocumented, so that
/// `--help` lists them on one line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Entry,
    Passage,
    Any,
}

impl Kind {
    /// The library's filter: `None` for both kinds.
    pub fn hit_kind(self) -> Option<HitKind> {
        match self {
            Kind::Entry => Some(HitKind::Entry),
            Kind::Passage => Some(HitKind::Passage),
            Kind::Any => None,
        }
    }
}

/// `--export`: the library's export formats (see [`ExportFormat`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Tbx,
    Csv,
    Tsv,
    Ndjson,
}

impl From<Format> for ExportFormat {
    fn from(format: Format) -> ExportFormat {
        match format {
            Format::Tbx => ExportFormat::Tbx,
            Format::Csv => ExportFormat::Csv,
            Format::Tsv => ExportFormat::Tsv,
            Format::Ndjson => ExportFormat::Ndjson,
        }
    }
}

/// `fr` or `en`.
fn parse_language(text: &str) -> Result<Language, String> {
    text.parse()
        .map_err(|e: chongqing_glossary::model::ParseError| format!("expected {}", e.expected()))
}

/// `error`, `warning` or `info`.
fn parse_severity(text: &str) -> Result<Severity, String> {
    text.parse()
        .map_err(|_| "expected error, warning or info".to_string())
}

/// `fr-en` or `en-fr`.
fn parse_direction(text: &str) -> Result<Direction, String> {
    text.parse()
        .map_err(|e: chongqing_glossary::model::ParseError| format!("expected {}", e.expected()))
}

/// A category or sector: the library's vocabulary, named or custom.
fn parse_slug<T: std::str::FromStr<Err = chongqing_glossary::model::ParseError>>(
    text: &str,
) -> Result<T, String> {
    text.parse()
        .map_err(|e: chongqing_glossary::model::ParseError| format!("expected {}", e.expected()))
}

fn vocabulary_help<T: std::fmt::Display>(what: &str, named: &[T]) -> String {
    let names: Vec<String> = named.iter().map(ToString::to_string).collect();
    format!(
        "Only entries of this {what} (with --kind passage: passages that mention one; with --list, --export, --annotate or --check: that part of the glossary) [embedded glossary: {}; an own glossary (--data) brings its own]",
        names.join(", ")
    )
}

/// What the command does.
#[derive(Debug)]
pub enum Action {
    Search(String),
    Show(String),
    Suggest(String),
    List,
    Annotate(PathBuf),
    Check(PathBuf),
    Export(ExportFormat),
}

impl Args {
    /// Parses the command line, or explains the mistake (exit 2).
    pub fn parse_checked() -> Result<(Args, Action), String> {
        let matches = Args::command().get_matches();
        let args = Args::from_arg_matches(&matches).map_err(|e| e.to_string())?;
        let action = args.action(&matches)?;
        Ok((args, action))
    }

    /// The one action asked for, refusing options that would do nothing.
    fn action(&self, matches: &ArgMatches) -> Result<Action, String> {
        let mut actions = Vec::new();
        if let Some(id) = &self.show {
            actions.push(("--show", Action::Show(id.clone())));
        }
        if let Some(prefix) = &self.suggest {
            actions.push(("--suggest", Action::Suggest(prefix.clone())));
        }
        if self.list {
            actions.push(("--list", Action::List));
        }
        if let Some(path) = &self.annotate {
            actions.push(("--annotate", Action::Annotate(path.clone())));
        }
        if let Some(path) = &self.check {
            actions.push(("--check", Action::Check(path.clone())));
        }
        if let Some(format) = self.export {
            actions.push(("--export", Action::Export(format.into())));
        }
        if !self.query.is_empty() {
            actions.push(("a query", Action::Search(self.query.join(" "))));
        }
        let (name, action) = match actions.len() {
            0 => {
                return Err(
                    "a query is required (or --show ID, --suggest PREFIX, --list, --annotate FILE, --check FILE, --export FORMAT); see --help"
                        .into(),
                )
            }
            1 => actions.pop().expect("one action"),
            _ => {
                let names: Vec<&str> = actions.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "give one action at a time, not {}",
                    names.join(" and ")
                ));
            }
        };
        // Options each action uses; any other option given is a mistake.
        let applies: &[&str] = match action {
            Action::Search(_) => &[
                "json",
                "limit",
                "offset",
                "kind",
                "category",
                "sector",
                "explain",
                "no_prefix",
                "no_links",
            ],
            Action::Show(_) => &["json"],
            Action::Annotate(_) => &["json", "category", "sector", "entries", "lang"],
            Action::Check(_) => &[
                "json",
                "category",
                "sector",
                "entries",
                "direction",
                "fail_on",
                "annotated",
                "report",
            ],
            Action::Suggest(_) => &["json", "limit"],
            Action::List => &[
                "json", "limit", "offset", "kind", "category", "sector", "entries",
            ],
            // The format is the output.
            Action::Export(_) => &["category", "sector", "entries"],
        };
        for option in [
            "json",
            "limit",
            "offset",
            "kind",
            "category",
            "sector",
            "entries",
            "explain",
            "no_prefix",
            "no_links",
            "direction",
            "lang",
            "fail_on",
            "annotated",
            "report",
        ] {
            let given = matches.value_source(option) == Some(ValueSource::CommandLine);
            if given && !applies.contains(&option) {
                let shown = match option {
                    "entries" => "entry".to_string(),
                    other => other.replace('_', "-"),
                };
                return Err(format!("--{shown} does not apply to {name}"));
            }
        }
        if self.limit > MAX_LIMIT {
            return Err(format!(
                "-n/--limit {} is over the maximum of {MAX_LIMIT}",
                self.limit
            ));
        }
        Ok(action)
    }
}
