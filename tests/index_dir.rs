//! The on-disk index: written once, reopened while the data is unchanged,
//! rebuilt when stale or damaged, never a panic or a wrong answer.

use std::path::Path;

use chongqing_glossary::{
    Error, Glossary, GlossaryBuilder, IndexOrigin, Query, EMBEDDED_GLOSSARY, EMBEDDED_SOURCE,
    MANIFEST_FILE,
};

fn open(index: &Path) -> Glossary {
    GlossaryBuilder::new().index_dir(index).embedded().unwrap()
}

/// The answers that must not change whichever way the index was obtained.
fn answers(g: &Glossary) -> Vec<(String, u32)> {
    [
        "pôle d'innovation santé",
        "zone pilote",
        "innovatoin",
        "\"santé et vie\"",
    ]
    .iter()
    .flat_map(|q| g.search(&Query::new(*q)).unwrap().hits)
    .map(|h| (h.id().to_string(), h.score.to_bits()))
    .collect()
}

#[test]
fn written_once_then_reused() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let first = open(&index);
    assert_eq!(first.index_origin(), IndexOrigin::Built);
    assert!(index.join(MANIFEST_FILE).exists());
    let second = open(&index);
    assert_eq!(second.index_origin(), IndexOrigin::Reused);
    let in_ram = Glossary::embedded().unwrap();
    assert_eq!(in_ram.index_origin(), IndexOrigin::Ram);
    assert_eq!(answers(&first), answers(&in_ram));
    assert_eq!(answers(&second), answers(&in_ram));
}

#[test]
fn stale_data_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    assert_eq!(open(&index).index_origin(), IndexOrigin::Built);
    let changed = format!("{EMBEDDED_SOURCE}Une phrase de plus sur le graphène.\n");
    let g = GlossaryBuilder::new()
        .index_dir(&index)
        .from_texts(changed, EMBEDDED_GLOSSARY)
        .unwrap();
    assert_eq!(g.index_origin(), IndexOrigin::Built);
    let hits = g.search(&Query::new("phrase de plus")).unwrap();
    assert_eq!(hits.hits[0].id(), "p8.s1");
    // And back: the original data rebuilds again and answers as before.
    let back = open(&index);
    assert_eq!(back.index_origin(), IndexOrigin::Built);
    assert_eq!(answers(&back), answers(&Glossary::embedded().unwrap()));
}

#[test]
fn a_damaged_manifest_or_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    open(&index);
    let expected = answers(&Glossary::embedded().unwrap());

    // Garbage manifest.
    std::fs::write(index.join(MANIFEST_FILE), "{ not json").unwrap();
    let g = open(&index);
    assert_eq!(g.index_origin(), IndexOrigin::Built);
    assert_eq!(answers(&g), expected);

    // Garbage in Tantivy's own metadata, manifest intact.
    std::fs::write(index.join("meta.json"), b"\x00\xffgarbage").unwrap();
    let g = open(&index);
    assert_eq!(g.index_origin(), IndexOrigin::Built);
    assert_eq!(answers(&g), expected);

    // Half-written: segment files deleted, manifest still there.
    for entry in std::fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.len() > 32 && name.as_bytes()[32] == b'.' {
            std::fs::remove_file(path).unwrap();
        }
    }
    let g = open(&index);
    assert_eq!(g.index_origin(), IndexOrigin::Built);
    assert_eq!(answers(&g), expected);

    // No manifest at all (a build that died before finishing).
    std::fs::remove_file(index.join(MANIFEST_FILE)).unwrap();
    let g = open(&index);
    assert_eq!(g.index_origin(), IndexOrigin::Built);
    assert_eq!(open(&index).index_origin(), IndexOrigin::Reused);
}

#[test]
fn a_directory_of_other_files_is_refused_not_emptied() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.tex"), "precious").unwrap();
    let err = GlossaryBuilder::new()
        .index_dir(dir.path())
        .embedded()
        .unwrap_err();
    match &err {
        Error::IndexDir { path, reason } => {
            assert_eq!(path, dir.path());
            assert!(reason.contains("thesis.tex"), "{reason}");
        }
        other => panic!("expected IndexDir, got {other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn concurrent_openers_of_one_directory_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let expected = answers(&Glossary::embedded().unwrap());
    let origins: Vec<IndexOrigin> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let g = open(&index);
                    assert_eq!(answers(&g), expected);
                    g.index_origin()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // The lock serializes them: exactly one built, the others reused.
    assert_eq!(
        origins.iter().filter(|o| **o == IndexOrigin::Built).count(),
        1,
        "{origins:?}"
    );
}

#[test]
fn two_processes_share_an_index_directory() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join("search");
    if !bin.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "--example", "search"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let spawn = || {
        std::process::Command::new(&bin)
            .args(["--json", "--index-dir"])
            .arg(&index)
            .arg("zone pilote")
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    for out in [&a, &b] {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let hits = |out: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["hits"].clone()
    };
    assert_eq!(hits(&a), hits(&b));
}
