//! The example CLI's `--check`: findings in text and JSON, the exit code a
//! CI job gates on, both directions, XLIFF as tools write it, and bad
//! segment files.

// The CLI needs the `export` feature (its --export).
#![cfg(feature = "export")]

mod common;

use std::ffi::OsStr;

use common::*;

/// `--check`: findings in text and JSON, the exit code a CI job gates on,
/// subsets, standard input, and bad segment files.
#[test]
fn check_reports_findings_with_its_own_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let job = dir.path().join("job.tsv");
    std::fs::write(
        &job,
        "La zone pilote de réforme financière attire des fonds.\tThe pilot finance zone attracts funds.\n\
         Le pôle d’innovation en santé et vie ouvre.\tThe health hub opens.\n\
         Un segment pas encore traduit.\t\n",
    )
    .unwrap();
    let out = run(&[OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("segment 2 (line 2): error: missing pole-innovation-sante-vie"),
        "{text}"
    );
    assert!(
        text.contains("[pôle d’innovation en santé et vie]"),
        "{text}"
    );
    assert!(
        text.ends_with(")\n")
            && text.contains(
                "3 segments checked: 2 findings (1 missing, 0 deprecated, 1 not-preferred, 0 inconsistent, 0 no-target), 1 untranslated"
            ),
        "{text}"
    );
    let out = run(&[OsStr::new("--json"), OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["segments"], 3);
    assert_eq!(v["untranslated"], 1);
    assert_eq!(v["findings"][0]["kind"], "not-preferred");
    assert_eq!(v["findings"][0]["severity"], "warning");
    let finding = &v["findings"][1];
    assert_eq!(finding["kind"], "missing");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["side"], "target");
    assert_eq!(finding["entry"], "pole-innovation-sante-vie");
    assert_eq!(finding["source"], serde_json::json!([[3, 40]]));
    // A subset without that entry finds only a warning: exit 0, unless
    // the gate is set on warnings.
    let out = run(&[
        OsStr::new("--check"),
        job.as_os_str(),
        OsStr::new("--entry"),
        OsStr::new("zone-pilote-reforme-financiere"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 finding (0 missing, 0 deprecated, 1 not-preferred"));
    let out = run(&[
        OsStr::new("--check"),
        job.as_os_str(),
        OsStr::new("--entry"),
        OsStr::new("zone-pilote-reforme-financiere"),
        OsStr::new("--fail-on"),
        OsStr::new("warning"),
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    // Standard input, a clean translation: exit 0.
    let out = run_with_stdin(
        &["--check", "-"],
        "Le pôle d’innovation en santé et vie.\tThe health and life hub.\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Bad input: exit 1 naming the file and line.
    std::fs::write(&job, "une\tdeux\ttrois\n").unwrap();
    let out = run(&[OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("job.tsv:1:9: this line has 2 tabs"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&job, b"Zone \xff\tzone\n").unwrap();
    let out = run(&[OsStr::new("--check"), job.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("job.tsv:1:6: invalid UTF-8"),
        "{}",
        stderr(&out)
    );
    let missing = dir.path().join("missing.xlf");
    let out = run(&[OsStr::new("--check"), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.xlf"), "{}", stderr(&out));
    assert_usage_error(
        &run(&["--check", "x", "--explain"]),
        "'--check <FILE>' cannot be used with '--explain'",
    );
}

/// A data directory holding `glossary` as `name` (and no document).
fn data_dir(name: &str, glossary: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), glossary).unwrap();
    dir
}

const HEALTH_V3: &str = include_str!("data/health-v3.tbx");

/// An English→French XLIFF is checked English→French: it has findings, so
/// exit 3, and the report says which way it read.
#[test]
fn an_english_to_french_xliff_gates_on_its_findings() {
    let data = data_dir("glossary.tbx", HEALTH_V3.as_bytes());
    for file in ["tests/data/en-fr-1.2.xlf", "tests/data/en-fr-2.0.xlf"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let args = [
            OsStr::new("--data"),
            data.path().as_os_str(),
            OsStr::new("--check"),
            path.as_os_str(),
        ];
        let out = run(&args);
        assert_eq!(out.status.code(), Some(3), "{file}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.contains("6 segments checked: 4 findings (2 missing, 2 deprecated, 0 not-preferred, 0 inconsistent, 0 no-target), 1 untranslated, 2 not to translate, English to French"),
            "{text}"
        );
        assert!(
            text.contains("deprecated name of c-ema in the target: \"EMEA\"; use \"Agence européenne des médicaments\""),
            "{text}"
        );
        let mut with_json = vec![OsStr::new("--json")];
        with_json.extend(args);
        let out = run(&with_json);
        assert_eq!(out.status.code(), Some(3));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v["direction"], "en-fr");
        assert_eq!(v["not_translatable"], 2);
        assert_eq!(v["findings"].as_array().unwrap().len(), 4);
    }
}

/// TSV says nothing of its languages: French→English unless `--direction`
/// says otherwise; an XLIFF file's languages must agree with it; another
/// pair of languages is refused, naming them.
#[test]
fn directions_and_languages() {
    let data = data_dir("glossary.tbx", HEALTH_V3.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("job.tsv");
    std::fs::write(&tsv, "The clinical trials begin.\tLes essais commencent.\n").unwrap();
    let base = [
        OsStr::new("--data"),
        data.path().as_os_str(),
        OsStr::new("--check"),
        tsv.as_os_str(),
    ];
    // Read French→English, the English source holds no French name.
    assert_eq!(run(&base).status.code(), Some(0));
    let mut en_fr = base.to_vec();
    en_fr.extend([OsStr::new("--direction"), OsStr::new("en-fr")]);
    let out = run(&en_fr);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stdout(&out).contains("missing c-essai"), "{}", stdout(&out));
    // An XLIFF file that says otherwise than --direction.
    let xliff = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/en-fr-1.2.xlf");
    let out = run(&[
        OsStr::new("--check"),
        xliff.as_os_str(),
        OsStr::new("--direction"),
        OsStr::new("fr-en"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "the file translates en-US into fr-FR (en-fr), not fr-en as --direction says"
        ),
        "{}",
        stderr(&out)
    );
    // German into English: not a pair this glossary checks.
    let german = dir.path().join("de.xlf");
    std::fs::write(
        &german,
        r#"<xliff version="2.0" srcLang="de-DE" trgLang="en-US"><file id="f"><unit id="u"><segment><source>Klinische Studie</source><target>Clinical trial</target></segment></unit></file></xliff>"#,
    )
    .unwrap();
    let out = run(&[OsStr::new("--check"), german.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("translates `de-DE` into `en-US`"),
        "{}",
        stderr(&out)
    );
    assert_usage_error(
        &run(&["--direction", "en-fr", "zone"]),
        "'--direction <DIRECTION>' cannot be used with '[QUERY]...'",
    );
    assert_usage_error(
        &run(&["--check", "x", "--direction", "de-en"]),
        "expected `fr-en`",
    );
}

/// A termbase without one entry in both languages loads, with a warning;
/// checking against it is an error, not a pass.
#[test]
fn nothing_to_check_against_is_an_error() {
    let english_only = r#"<martif type="TBX" xml:lang="en"><text><body>
        <termEntry id="t"><langSet xml:lang="en"><tig><term>tachograph</term></tig></langSet></termEntry>
        </body></text></martif>"#;
    let data = data_dir("glossary.tbx", english_only.as_bytes());
    let out = run_with_stdin(
        &["--data", data.path().to_str().unwrap(), "--check", "-"],
        "Le tachygraphe.\tThe tachograph.\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("1 concept without both a French and an English term was skipped"),
        "{err}"
    );
    assert!(err.contains("there is nothing to check against"), "{err}");
    // A file that is not a termbase at all.
    let data = data_dir("glossary.tbx", b"Just some text.\n");
    let out = run(&["--data", data.path().to_str().unwrap(), "zone"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a TBX file"), "{}", stderr(&out));
}

/// Ids a termbase gives are the ids the CLI shows and takes.
#[test]
fn an_iate_id_is_shown_as_the_file_gives_it() {
    let data = data_dir("glossary.tbx", include_bytes!("data/iate-export.tbx"));
    let out = run(&[
        "--data",
        data.path().to_str().unwrap(),
        "--show",
        "IATE-84",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["entry"]["id"], "IATE-84");
    assert_eq!(v["entry"]["term_en"], "data protection");
    let out = run(&["--data", data.path().to_str().unwrap(), "--show", "IATE-84"]);
    assert!(
        stdout(&out).contains("The body of rules governing"),
        "{}",
        stdout(&out)
    );
}

/// A deprecated name whose entry has no approved name says so.
#[test]
fn a_deprecated_name_with_nothing_to_use_instead_says_so() {
    let tbx = r#"<martif type="TBX" xml:lang="fr"><text><body>
      <termEntry id="c1">
        <langSet xml:lang="fr"><tig><term>voiturette</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>buggy</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
      </termEntry></body></text></martif>"#;
    let data = data_dir("glossary.tbx", tbx.as_bytes());
    let out = run_with_stdin(
        &["--data", data.path().to_str().unwrap(), "--check", "-"],
        "Une voiturette.\tA buggy.\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(3));
    let text = stdout(&out);
    assert!(
        text.contains("deprecated name of c1 in the target: \"buggy\"; the glossary gives no approved name to use instead"),
        "{text}"
    );
    assert!(
        !text.contains("use \n") && !text.contains("; use ;"),
        "{text}"
    );
}
