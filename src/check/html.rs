//! A check report as one self-contained HTML page: a header with the file,
//! the glossary, the direction and the counts by kind and severity, then
//! one row per finding with its source and target, the names highlighted,
//! and what is expected; filters by kind and severity that work in the
//! page itself (a few lines of inline script, no server, nothing fetched:
//! the page's content security policy forbids it). Every text from the
//! segments and the glossary is escaped.

use std::fmt::Write as _;
use std::ops::Range;

use super::{CheckReport, FindingKind, Severity};
use crate::formats::segments::Segments;
use crate::formats::xml::escape_markup as escape;
use crate::model::Direction;

/// What a report says about where its findings come from.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct ReportInfo<'a> {
    /// The file checked, as the reader should know it.
    pub file: &'a str,
    /// The glossary checked against (`embedded`, a directory, a name).
    pub glossary: &'a str,
}

impl<'a> ReportInfo<'a> {
    /// The report of the check of `file` against `glossary`.
    pub fn new(file: &'a str, glossary: &'a str) -> ReportInfo<'a> {
        ReportInfo { file, glossary }
    }
}

/// The page's generator tag: how a tool knows a page is one of its reports.
pub(crate) const GENERATOR: &str = "chongqing-glossary check report";

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1d2125}
h1{font-size:1.4rem;margin:0 0 .6rem}
dl{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem;margin:0 0 1rem}
dt{color:#5c6670}dd{margin:0}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #dde1e5;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f7;font-weight:600}
.counts{width:auto;margin-bottom:1rem}.counts td,.counts th{border:1px solid #dde1e5}
mark{background:#ffe08a;border-radius:2px;padding:0 1px}
.severity{font-weight:600;white-space:nowrap}
.error .severity{color:#b3261e}.warning .severity{color:#8a5a00}.info .severity{color:#1f5fa8}
fieldset{border:1px solid #dde1e5;margin:0 0 1rem;padding:.4rem .8rem}
fieldset label{margin-right:1rem;white-space:nowrap}
.none{color:#5c6670;font-style:italic}
";

/// Shows the rows whose kind and severity are both ticked; `#hide=a,b`
/// in the address unticks those (a filtered page can be linked to).
const SCRIPT: &str = "
(function(){
var boxes=[].slice.call(document.querySelectorAll('input[data-filter]'));
function apply(){
var off={};boxes.forEach(function(b){if(!b.checked)off[b.value]=true;});
var shown=0;
[].slice.call(document.querySelectorAll('tr.finding')).forEach(function(r){
var hide=off[r.dataset.kind]||off[r.dataset.severity];r.hidden=!!hide;if(!hide)shown++;});
document.getElementById('shown').textContent=shown;}
var m=/[#&]hide=([^&]*)/.exec(location.hash);
if(m){m[1].split(',').forEach(function(v){boxes.forEach(function(b){if(b.value===decodeURIComponent(v))b.checked=false;});});}
boxes.forEach(function(b){b.addEventListener('change',apply);});
apply();})();
";

/// `text` escaped, with `spans` (byte ranges, in order) in `<mark>`.
fn highlighted(text: &str, spans: &[Range<usize>]) -> String {
    let mut spans: Vec<&Range<usize>> = spans.iter().collect();
    spans.sort_by_key(|s| s.start);
    let mut out = String::new();
    let mut at = 0;
    for span in spans {
        if span.start < at || text.get(span.clone()).is_none() {
            continue;
        }
        out += &escape(&text[at..span.start]);
        out += "<mark>";
        out += &escape(&text[span.clone()]);
        out += "</mark>";
        at = span.end;
    }
    out += &escape(&text[at..]);
    out
}

impl CheckReport<'_> {
    /// The report as one self-contained HTML page, for the segments it
    /// checked (`segments`, as read from their file) and what `info` says
    /// of them.
    pub fn html(&self, segments: &Segments, info: &ReportInfo<'_>) -> String {
        let mut page = String::with_capacity(4096 + self.findings.len() * 600);
        let direction = match self.direction {
            Direction::EnglishToFrench => "English to French",
            _ => "French to English",
        };
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"generator\" content=\"{GENERATOR}\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width\">\n\
             <title>Terminology check: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>Terminology check</h1>\n<dl>\n<dt>File</dt><dd id=\"file\">{}</dd>\n\
             <dt>Glossary</dt><dd>{}</dd>\n<dt>Direction</dt><dd>{direction}</dd>\n\
             <dt>Segments</dt><dd>{} checked, {} untranslated, {} not to translate</dd>\n</dl>\n",
            escape(info.file),
            escape(info.file),
            escape(info.glossary),
            self.segments - self.untranslated - self.not_translatable,
            self.untranslated,
            self.not_translatable,
        );
        // Counts: a row per kind, its severity, how many.
        page += "<table class=\"counts\">\n<thead><tr><th>Kind</th><th>Severity</th><th>Findings</th></tr></thead>\n<tbody>\n";
        for kind in FindingKind::ALL {
            let _ = writeln!(
                page,
                "<tr class=\"{severity}\"><td>{kind}</td><td class=\"severity\">{severity}</td><td data-count=\"{kind}\">{}</td></tr>",
                self.count(kind),
                severity = kind.severity(),
            );
        }
        let _ = writeln!(
            page,
            "</tbody>\n<tfoot><tr><th>all</th><th></th><th data-count=\"all\">{}</th></tr></tfoot>\n</table>",
            self.findings.len()
        );
        // Filters.
        page += "<fieldset id=\"filters\"><legend>Show</legend>\n";
        for severity in Severity::ALL.iter().rev() {
            let _ = writeln!(
                page,
                "<label><input type=\"checkbox\" data-filter=\"severity\" value=\"{severity}\" checked> {severity} ({})</label>",
                self.count_severity(*severity)
            );
        }
        for kind in FindingKind::ALL {
            let _ = writeln!(
                page,
                "<label><input type=\"checkbox\" data-filter=\"kind\" value=\"{kind}\" checked> {kind} ({})</label>",
                self.count(kind)
            );
        }
        let _ = writeln!(
            page,
            "</fieldset>\n<p><span id=\"shown\">{}</span> of {} findings shown.</p>",
            self.findings.len(),
            self.findings.len()
        );
        if self.findings.is_empty() {
            page += "<p class=\"none\">No findings: the translation follows the glossary.</p>\n";
        } else {
            page += "<table id=\"findings\">\n<thead><tr><th>Segment</th><th>Severity</th><th>Kind</th><th>Entry</th><th>Source</th><th>Target</th><th>What to do</th></tr></thead>\n<tbody>\n";
            for f in &self.findings {
                let Some(segment) = segments.segments.get(f.segment - 1) else {
                    continue;
                };
                let place = match &segment.id {
                    Some(id) => format!(
                        "{} <small>(id {}, line {})</small>",
                        f.segment,
                        escape(id),
                        segment.line
                    ),
                    None => format!("{} <small>(line {})</small>", f.segment, segment.line),
                };
                let _ = writeln!(
                    page,
                    "<tr class=\"finding {severity}\" data-kind=\"{kind}\" data-severity=\"{severity}\">\
                     <td>{place}</td><td class=\"severity\">{severity}</td><td>{kind}</td><td>{entry}</td>\
                     <td class=\"source\">{source}</td><td class=\"target\">{target}</td>\
                     <td>{message}</td></tr>",
                    severity = f.severity(),
                    kind = f.kind,
                    entry = escape(f.entry.as_str()),
                    source = highlighted(&segment.source, &f.source),
                    target = highlighted(&segment.target, &f.target),
                    message = escape(&f.describe(&segment.source, &segment.target)),
                );
            }
            page += "</tbody>\n</table>\n";
        }
        let _ = write!(page, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
        page
    }
}
