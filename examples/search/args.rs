//! The command line: options, and which of them each action accepts.

use std::path::PathBuf;

use chongqing_glossary::{
    limits::MAX_LIMIT, model::Language, Category, Direction, ExportFormat, HitKind, Sector,
    Severity,
};
use clap::builder::{PossibleValue, PossibleValuesParser, RangedU64ValueParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{ArgGroup, CommandFactory, FromArgMatches, Parser};

/// Search a glossary and its French documents (the embedded Chongqing
/// glossary, or your own termbase with --data), recognise its terms in a
/// text, check a translation, export it for translation tools.
#[derive(Parser, Debug)]
#[command(name = "search", version)]
#[command(override_usage = "search [OPTIONS] [--] <QUERY>...\n       \
    search [OPTIONS] --show <ID> | --suggest <PREFIX> | --list | --annotate <FILE> | --check <FILE> | --export <FORMAT>")]
#[command(group(ArgGroup::new("action").required(true).args(ACTIONS)))]
pub struct Args {
    /// The query: words, or "quoted phrases". The last word also completes
    /// as a prefix unless followed by a space.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Print one JSON object on stdout instead of text.
    #[arg(long)]
    pub json: bool,

    /// Show at most N hits (or suggestions, or listed records).
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10,
          value_parser = RangedU64ValueParser::<usize>::new().range(0..=MAX_LIMIT as u64))]
    pub limit: usize,

    /// Skip the first N hits (or listed records).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Only entries, only passages, or both (default: any for a search,
    /// entry for --list).
    #[arg(long, value_name = "KIND", value_parser = kinds())]
    pub kind: Option<Kinds>,

    /// Only entries of this category (with --kind passage: passages that
    /// mention one; with --list, --export, --annotate or --check: a subset of the
    /// glossary).
    #[arg(long, value_name = "CATEGORY", value_parser = parse_named::<Category>, help = vocabulary_help("category", Category::ALL))]
    pub category: Option<Category>,

    /// Only entries of this sector.
    #[arg(long, value_name = "SECTOR", value_parser = parse_named::<Sector>, help = vocabulary_help("sector", Sector::ALL))]
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
    #[arg(long, value_name = "LANG", value_parser = parse_named::<Language>)]
    pub lang: Option<Language>,

    /// With --check: which way the translation goes, for TSV (default:
    /// fr-en); an XLIFF file's languages say it, and must agree.
    #[arg(long, value_name = "DIRECTION", value_parser = parse_named::<Direction>)]
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
    #[arg(long, value_name = "FORMAT", value_parser = Choices::new(ExportFormat::ALL.map(|f| (f.name(), f))))]
    pub export: Option<ExportFormat>,
}

/// `--kind`: one kind of record, or both (`None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kinds(pub Option<HitKind>);

/// `entry`, `passage` (the library's kinds) or `any`.
fn kinds() -> Choices<Kinds> {
    let one = HitKind::ALL.iter().map(|&k| (k.as_str(), Kinds(Some(k))));
    Choices::new(one.chain([("any", Kinds(None))]))
}

/// A value named by one of a few words, such as the library's
/// [`ExportFormat::ALL`] by their names; clap lists the words in `--help`
/// and in its error for any other.
#[derive(Clone)]
pub struct Choices<T>(Vec<(&'static str, T)>);

impl<T> Choices<T> {
    fn new(choices: impl IntoIterator<Item = (&'static str, T)>) -> Choices<T> {
        Choices(choices.into_iter().collect())
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let name = PossibleValuesParser::new(self.0.iter().map(|(name, _)| *name))
            .parse_ref(cmd, arg, value)?;
        let found = self.0.iter().find(|(n, _)| *n == name);
        found
            .map(|(_, value)| value.clone())
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().map(|(name, _)| PossibleValue::new(*name)),
        ))
    }
}

/// `error`, `warning` or `info`.
fn parse_severity(text: &str) -> Result<Severity, String> {
    text.parse()
        .map_err(|_| "expected error, warning or info".to_string())
}

/// A value the library names: a language (`fr`, `en`), a direction
/// (`fr-en`, `en-fr`), a category or a sector (the library's vocabulary,
/// named or custom).
fn parse_named<T: std::str::FromStr<Err = chongqing_glossary::model::ParseError>>(
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

/// The actions: exactly one is given (the query is the default action).
const ACTIONS: [&str; 7] = [
    "query", "show", "suggest", "list", "annotate", "check", "export",
];

/// The options each action uses; clap refuses the others for it, so that
/// no option given is silently ignored.
const APPLIES: &[(&str, &[&str])] = &[
    (
        "json",
        &["query", "show", "suggest", "list", "annotate", "check"],
    ),
    ("limit", &["query", "suggest", "list"]),
    ("offset", &["query", "list"]),
    ("kind", &["query", "list"]),
    (
        "category",
        &["query", "list", "annotate", "check", "export"],
    ),
    ("sector", &["query", "list", "annotate", "check", "export"]),
    ("entries", &["list", "annotate", "check", "export"]),
    ("explain", &["query"]),
    ("no_prefix", &["query"]),
    ("no_links", &["query"]),
    ("lang", &["annotate"]),
    ("direction", &["check"]),
    ("fail_on", &["check"]),
    ("annotated", &["check"]),
    ("report", &["check"]),
];

impl Args {
    /// The command line's rules: [`Args`], each option in conflict with
    /// the actions it does not apply to.
    pub fn rules() -> clap::Command {
        APPLIES
            .iter()
            .fold(Args::command(), |command, &(option, actions)| {
                let others = ACTIONS.iter().filter(|a| !actions.contains(a));
                command.mut_arg(option, |arg| arg.conflicts_with_all(others))
            })
    }

    /// Parses the command line, or says in one line what is wrong with it
    /// (clap's message, without its usage; exit 2). `--help` and
    /// `--version` print and exit here.
    pub fn parse_checked() -> Result<(Args, Action), String> {
        let matches = match Args::rules().try_get_matches() {
            Ok(matches) => matches,
            Err(e) if !e.use_stderr() => e.exit(),
            Err(e) => return Err(usage_error(&e)),
        };
        let args = Args::from_arg_matches(&matches).map_err(|e| usage_error(&e))?;
        let action = args.action();
        Ok((args, action))
    }

    /// The one action asked for (clap made sure there is one).
    fn action(&self) -> Action {
        if let Some(id) = &self.show {
            Action::Show(id.clone())
        } else if let Some(prefix) = &self.suggest {
            Action::Suggest(prefix.clone())
        } else if self.list {
            Action::List
        } else if let Some(path) = &self.annotate {
            Action::Annotate(path.clone())
        } else if let Some(path) = &self.check {
            Action::Check(path.clone())
        } else if let Some(format) = self.export {
            Action::Export(format)
        } else {
            Action::Search(self.query.join(" "))
        }
    }
}

/// clap's message for `error`, in one line: its first paragraph (the
/// error, and the possible values when it lists them), then where to read
/// more.
fn usage_error(error: &clap::Error) -> String {
    let text = error.to_string();
    let lines: Vec<&str> = text
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(|line| line.trim().trim_start_matches("error: "))
        .collect();
    format!("{}; see --help", lines.join(" "))
}
