//! Where the answers go: standard output, as text for a person (coloured on a
//! terminal) or as one JSON object for a script. Writing is part of the job:
//! a full disk is an error, a closed pipe a quiet end.

use std::borrow::Cow;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anstyle::{AnsiColor, Style};

/// Why the program stops early.
pub enum Failure {
    /// A usage or query mistake: exit 2.
    Usage(String),
    /// A data, index or output failure: exit 1.
    Error(String),
    /// The reader closed the pipe: stop quietly.
    ClosedPipe,
}

impl From<chongqing_glossary::Error> for Failure {
    fn from(err: chongqing_glossary::Error) -> Failure {
        use chongqing_glossary::Error;
        match err {
            Error::Query(_) | Error::UnknownEntry { .. } => Failure::Usage(chain(&err)),
            other => Failure::Error(chain(&other)),
        }
    }
}

/// An error and its causes, each saying its own part once, as `a: b: c`
/// (a cause whose words its error already ends with, as some parsers'
/// errors repeat their source, is not said twice).
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        let said = inner.to_string();
        if !message.ends_with(&said) {
            message = format!("{message}: {said}");
        }
        cause = inner.source();
    }
    message
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Failure {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Failure::ClosedPipe
        } else {
            Failure::Error(format!("cannot write to standard output: {err}"))
        }
    }
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
/// Matched words.
const MARK: Style = AnsiColor::Yellow.on_default().bold();

/// Standard output, buffered, with the styles of the current destination.
pub struct Output {
    pub json: bool,
    color: bool,
    out: BufWriter<Box<dyn Write>>,
}

/// Standard output, or a writer that fails when it was closed when the
/// program started (`>&-`): nothing written there can be read, which is an
/// output error, not a success.
fn stdout_writer() -> Box<dyn Write> {
    if stdout_was_closed() {
        Box::new(Closed)
    } else {
        Box::new(io::stdout())
    }
}

/// Whether standard output was closed when the program started. Rust's
/// runtime opens `/dev/null` read-write in place of a closed standard
/// descriptor, so writes would silently succeed; a redirection to
/// `/dev/null` by a shell is write-only, so the two can be told apart: the
/// descriptor's access mode (`fcntl`), then whether it is `/dev/null`.
#[cfg(unix)]
fn stdout_was_closed() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    // SAFETY: F_GETFL reads the flags of a descriptor and changes nothing;
    // an invalid descriptor gives -1.
    let flags = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL) };
    if flags < 0 || flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    let Ok(stdout) = io::stdout().as_fd().try_clone_to_owned() else {
        return false;
    };
    match (
        std::fs::File::from(stdout).metadata(),
        std::fs::metadata("/dev/null"),
    ) {
        (Ok(out), Ok(null)) => (out.dev(), out.ino()) == (null.dev(), null.ino()),
        _ => false,
    }
}

/// Elsewhere a closed standard output is not told apart.
#[cfg(not(unix))]
fn stdout_was_closed() -> bool {
    false
}

/// A standard output that was closed when the program started.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::other("it was closed"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::other("it was closed"))
    }
}

/// `text` with control characters (escape sequences, bells, carriage
/// returns…) shown as `\u{1b}` rather than obeyed by the terminal; line
/// breaks and tabs stay. Everything from the data or the user goes through
/// this (or [`Output::highlight`]) before it is printed.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out += &format!("\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

impl Output {
    /// Colour as `anstream` decides for standard output: on a terminal that
    /// supports it, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it).
    /// Never in JSON.
    pub fn new(json: bool) -> Output {
        let choice = anstream::AutoStream::choice(&io::stdout());
        Output {
            json,
            color: !json && choice != anstream::ColorChoice::Never,
            out: BufWriter::new(stdout_writer()),
        }
    }

    fn style(&self, style: Style, text: &str) -> String {
        let text = visible(text);
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.into_owned()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.style(BOLD, text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.style(DIM, text)
    }

    /// `text` (made [`visible`]) with the byte ranges marked: coloured on a
    /// terminal, between brackets otherwise.
    pub fn highlight(&self, text: &str, ranges: &[Range<usize>]) -> String {
        let (open, close) = if self.color {
            (MARK.render().to_string(), MARK.render_reset().to_string())
        } else {
            ("[".to_string(), "]".to_string())
        };
        let mut out = String::with_capacity(text.len() + ranges.len() * 8);
        let mut at = 0;
        for r in ranges {
            out += &visible(&text[at..r.start]);
            out += &open;
            out += &visible(&text[r.clone()]);
            out += &close;
            at = r.end;
        }
        out += &visible(&text[at..]);
        out
    }

    /// `text` made [`visible`], unstyled.
    pub fn plain<'t>(&self, text: &'t str) -> Cow<'t, str> {
        visible(text)
    }

    /// `text` marked as a whole, as [`Output::highlight`] marks a range.
    pub fn marked(&self, text: &str) -> String {
        self.highlight(text, std::slice::from_ref(&(0..text.len())))
    }

    /// Writes `text`.
    pub fn print(&mut self, text: &str) -> Result<(), Failure> {
        Ok(self.out.write_all(text.as_bytes())?)
    }

    /// Writes `value` as one line of JSON, streamed: a large answer is
    /// never held twice.
    pub fn json_line<T: serde::Serialize>(&mut self, value: &T) -> Result<(), Failure> {
        serde_json::to_writer(&mut self.out, value).map_err(|e| match e.io_error_kind() {
            Some(kind) => Failure::from(io::Error::new(kind, e)),
            None => Failure::Error(format!("cannot encode the answer as JSON: {e}")),
        })?;
        self.print("\n")
    }

    /// Writes the selected part of the glossary in `format`.
    pub fn export(
        &mut self,
        selection: &chongqing_glossary::Selection<'_>,
        format: chongqing_glossary::ExportFormat,
    ) -> Result<(), Failure> {
        match selection.export(format, &mut self.out) {
            Err(chongqing_glossary::Error::Write { source, .. }) => Err(source.into()),
            other => Ok(other?),
        }
    }

    /// Flushes what is buffered: the last chance for a write error.
    pub fn finish(mut self) -> Result<(), Failure> {
        Ok(self.out.flush()?)
    }
}

/// `n` and the noun, singular or plural.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// The query as typed, quoted unless it already is.
pub fn quoted(query: &str) -> String {
    let quotes = ['"', '«', '»', '“', '”'];
    if query.starts_with(quotes) && query.ends_with(quotes) {
        query.to_string()
    } else {
        format!("\"{query}\"")
    }
}

/// Build progress on stderr, one line rewritten in place, shown only on a
/// terminal and only once a build has taken a second: short builds and
/// scripts see nothing.
pub struct Progress {
    shown: Arc<AtomicBool>,
}

impl Progress {
    /// `None` when stderr is not a terminal.
    pub fn on_terminal() -> Option<Progress> {
        io::stderr().is_terminal().then(|| Progress {
            shown: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The callback for `GlossaryBuilder::progress`.
    pub fn reporter(&self) -> impl Fn(&chongqing_glossary::Progress) + Send + Sync + 'static {
        let shown = Arc::clone(&self.shown);
        move |p| {
            if p.elapsed < Duration::from_secs(1) {
                return;
            }
            shown.store(true, Ordering::Relaxed);
            // Progress is a courtesy: a stderr that cannot be written to
            // must not stop the build.
            // `\r` and "erase line" (a cursor control, not a style: only
            // on a terminal, see `Progress::on_terminal`) redraw the one line.
            let _ = write!(io::stderr(), "\r\x1b[Ksearch: indexing {p}");
        }
    }

    /// Ends the progress line, if one was shown.
    pub fn finish(self) {
        if self.shown.load(Ordering::Relaxed) {
            let _ = writeln!(io::stderr());
        }
    }
}
