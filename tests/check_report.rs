//! The HTML report, as a person sees it: rendered by headless Chromium
//! (Debian's `chromium` package, which `.ci/run` installs), its document
//! read back after the page's own script ran. The rows, the highlighted
//! names, the escaping of segment text, and a filter hiding rows.
//!
//! Without a Chromium the test says so and passes, unless
//! `CHECK_REPORT_BROWSER=required` (as `.ci/run` sets it) makes that a
//! failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use chongqing_glossary::{check::ReportInfo, read_segments, Glossary};

/// A job with every kind of finding the embedded glossary can give, and a
/// segment whose text holds markup that must stay text.
const JOB: &str = include_str!("data/annotate-1.2.xlf");

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .flat_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(move |dir| dir.join(name))
                .collect::<Vec<_>>()
        })
        .find(|p| p.is_file())
}

/// The document of `url` once its scripts ran, as Chromium serializes it.
fn rendered(browser: &Path, url: &str, profile: &Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The `<tr class="finding …">` rows of a rendered report, each with
/// whether it is hidden.
fn rows(dom: &str) -> Vec<(String, bool)> {
    dom.split("<tr ")
        .skip(1)
        .filter(|r| r.starts_with("class=\"finding"))
        .map(|r| {
            let tag = &r[..r.find('>').unwrap()];
            let row = &r[..r.find("</tr>").unwrap()];
            (row.to_string(), tag.contains("hidden"))
        })
        .collect()
}

#[test]
fn the_report_shows_rows_highlights_and_filters_in_a_browser() {
    let Some(browser) = chromium() else {
        let required = std::env::var("CHECK_REPORT_BROWSER").as_deref() == Ok("required");
        let message = "no Chromium found (install Debian's `chromium` package, or set CHROMIUM to a Chrome or Chromium binary): the HTML report was not rendered";
        assert!(!required, "{message}");
        eprintln!("check_report: skipped: {message}");
        return;
    };
    let glossary = Glossary::embedded().unwrap();
    // The job, and one segment whose text is markup.
    let job = JOB.replace(
        "<trans-unit id=\"7\">",
        "<trans-unit id=\"8\"><source>Le &lt;script&gt;alert(1)&lt;/script&gt; corridor d’innovation.</source><target>The &lt;b&gt;corridor&lt;/b&gt;.</target></trans-unit>\n      <trans-unit id=\"7\">",
    );
    let segments = read_segments(&job, "job.xlf").unwrap();
    let report = glossary.check_segments(&segments);
    let page = report.html(&segments, &ReportInfo::new("job.xlf", "embedded"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, &page).unwrap();
    let url = format!("file://{}", file.display());

    let dom = rendered(&browser, &url, &dir.path().join("profile-1"));
    let shown = rows(&dom);
    assert_eq!(shown.len(), report.findings.len());
    assert_eq!(shown.len(), 6);
    assert!(
        shown.iter().all(|(_, hidden)| !hidden),
        "all rows shown at first"
    );
    // The names the findings are about are highlighted.
    assert!(
        shown[0].0.contains("<mark>innovation corridor</mark>"),
        "{}",
        shown[0].0
    );
    assert!(shown[1]
        .0
        .contains("<mark>zone pilote de réforme financière</mark>"));
    // Text from the segments stays text: no element of theirs in the page.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "the page's own script only"
    );
    assert!(!dom.contains("<soon>"), "CDATA text is text");
    assert!(dom.contains("<span id=\"shown\">6</span>"));

    // Filtered from the address (the same code path as unticking a box):
    // warnings hidden, the rest shown, the count updated.
    let dom = rendered(
        &browser,
        &format!("{url}#hide=warning"),
        &dir.path().join("profile-2"),
    );
    let filtered = rows(&dom);
    let hidden: Vec<bool> = filtered.iter().map(|(_, h)| *h).collect();
    let warnings: Vec<bool> = report
        .findings
        .iter()
        .map(|f| f.severity() == chongqing_glossary::Severity::Warning)
        .collect();
    assert_eq!(hidden, warnings);
    assert!(warnings.iter().filter(|w| **w).count() >= 3);
    let shown = warnings.iter().filter(|w| !**w).count();
    assert!(
        dom.contains(&format!("<span id=\"shown\">{shown}</span>")),
        "{dom}"
    );
}
