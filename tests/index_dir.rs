//! The saved form on disk: written once, reopened while the data is
//! unchanged, with the same answers as a fresh build; rebuilt (with a note)
//! when stale or damaged; refused when newer; never a panic or a wrong
//! answer.

use std::path::Path;

use chongqing_glossary::{
    Error, Glossary, GlossaryBuilder, HitKind, IndexOrigin, Query, EMBEDDED_GLOSSARY,
    EMBEDDED_SOURCE, MANIFEST_FILE,
};

const SIDECAR: &str = "glossary-state.bin";

fn open(index: &Path) -> Glossary {
    GlossaryBuilder::new().index_dir(index).embedded().unwrap()
}

fn built_in_ram() -> Glossary {
    GlossaryBuilder::new()
        .from_texts(EMBEDDED_SOURCE, EMBEDDED_GLOSSARY)
        .unwrap()
}

/// Everything a search answers that must not change however the index was
/// obtained: totals, ids, score bits, snippets, links and rankings.
fn answers(g: &Glossary, queries: &[&str]) -> Vec<String> {
    queries
        .iter()
        .flat_map(|q| {
            [None, Some(HitKind::Passage)].map(|kind| {
                let mut query = Query::new(*q).limit(30).explain(true);
                if let Some(kind) = kind {
                    query = query.kind(kind);
                }
                let r = g.search(&query).unwrap();
                let hits: Vec<String> = r
                    .hits
                    .iter()
                    .map(|h| {
                        format!(
                            "{} {:08x} {:?} {:?} {:?} {:?}",
                            h.id(),
                            h.score.to_bits(),
                            h.snippet,
                            h.via,
                            h.ranking,
                            h.passage().map(|p| p.mentions)
                        )
                    })
                    .collect();
                format!(
                    "{q} {kind:?}: {} {:?} {hits:?}",
                    r.total_hits, r.total_hits_relation
                )
            })
        })
        .collect()
}

const QUERIES: &[&str] = &[
    "pôle d'innovation santé",
    "zone pilote",
    "innovatoin",
    "\"santé et vie\"",
    "the innovation hubs",
    "pilot finance zone",
    "cercle écon",
    "intensité de R&D",
    "start-up",
    "2027",
];

#[test]
fn written_once_then_reused_with_the_answers_of_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let first = open(&index);
    assert_eq!(first.index_origin(), IndexOrigin::Built);
    assert_eq!(first.rebuild_note(), None);
    assert!(index.join(MANIFEST_FILE).exists() && index.join(SIDECAR).exists());
    let second = open(&index);
    assert_eq!(second.index_origin(), IndexOrigin::Reused);
    let prebuilt = Glossary::embedded().unwrap();
    assert_eq!(prebuilt.index_origin(), IndexOrigin::Prebuilt);
    let ram = built_in_ram();
    assert_eq!(ram.index_origin(), IndexOrigin::Ram);
    let expected = answers(&ram, QUERIES);
    for g in [&first, &second, &prebuilt] {
        assert_eq!(answers(g, QUERIES), expected);
        assert_eq!(g.entries(), ram.entries());
        assert!(g.passages().eq(ram.passages()));
        for entry in ram.entries() {
            assert_eq!(
                g.mentions(&entry.id).unwrap(),
                ram.mentions(&entry.id).unwrap()
            );
        }
        assert_eq!(
            g.suggest("pôle d'inno", 10).unwrap(),
            ram.suggest("pôle d'inno", 10).unwrap()
        );
        assert_eq!(g.annotate(EMBEDDED_SOURCE), ram.annotate(EMBEDDED_SOURCE));
    }
}

/// A generated corpus of several thousand passages, its own glossary's links
/// included: reopened, it answers exactly as when it was built.
#[test]
fn a_larger_corpus_reopened_answers_as_built() {
    let words = [
        "zone",
        "pilote",
        "innovation",
        "graphène",
        "santé",
        "vie",
        "réforme",
        "Chongqing",
    ];
    let source: String = (0..3000)
        .map(|i| {
            let a = words[i % words.len()];
            let b = words[(i * 7 + 3) % words.len()];
            format!("Passage {i} sur {a} et {b} à Chongqing.\n")
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let load = || {
        GlossaryBuilder::new()
            .index_dir(dir.path())
            .from_texts(source.clone(), EMBEDDED_GLOSSARY)
            .unwrap()
    };
    let built = load();
    assert_eq!(built.index_origin(), IndexOrigin::Built);
    let reopened = load();
    assert_eq!(reopened.index_origin(), IndexOrigin::Reused);
    let queries = [
        "zone pilote",
        "graphène",
        "santé et vie",
        "Passage 2999",
        "tehcnologique",
        "pilot finance zone",
    ];
    assert_eq!(answers(&reopened, &queries), answers(&built, &queries));
}

#[test]
fn stale_data_is_rebuilt_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    assert_eq!(open(&index).index_origin(), IndexOrigin::Built);
    let changed = format!("{EMBEDDED_SOURCE}Une phrase de plus sur le graphène.\n");
    let g = GlossaryBuilder::new()
        .index_dir(&index)
        .from_texts(changed, EMBEDDED_GLOSSARY)
        .unwrap();
    assert_eq!(g.index_origin(), IndexOrigin::Built);
    assert_eq!(
        g.rebuild_note(),
        Some("the data changed since it was built")
    );
    let hits = g.search(&Query::new("phrase de plus")).unwrap();
    assert_eq!(hits.hits[0].id(), "p8.s1");
    // And back: the original data rebuilds again and answers as before.
    let back = open(&index);
    assert_eq!(back.index_origin(), IndexOrigin::Built);
    assert_eq!(answers(&back, QUERIES), answers(&built_in_ram(), QUERIES));
}

/// Each damage is rebuilt, with a note saying what was wrong, and answers as
/// a fresh build.
#[test]
fn a_damaged_saved_form_is_rebuilt_never_misread() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    open(&index);
    let expected = answers(&built_in_ram(), QUERIES);
    let sidecar = index.join(SIDECAR);
    type Damage<'a> = (&'a str, Box<dyn Fn() + 'a>, Option<&'a str>);
    let damages: Vec<Damage> = vec![
        (
            "garbage manifest",
            Box::new(|| std::fs::write(index.join(MANIFEST_FILE), "{ not json").unwrap()),
            Some("its manifest is not one this version writes"),
        ),
        (
            "truncated sidecar",
            Box::new(|| {
                let bytes = std::fs::read(&sidecar).unwrap();
                std::fs::write(&sidecar, &bytes[..bytes.len() / 2]).unwrap();
            }),
            Some("its sidecar is truncated or overwritten (wrong length)"),
        ),
        (
            "corrupt sidecar",
            Box::new(|| {
                let mut bytes = std::fs::read(&sidecar).unwrap();
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x55;
                std::fs::write(&sidecar, &bytes).unwrap();
            }),
            Some("its sidecar is corrupt (checksum mismatch)"),
        ),
        (
            "missing sidecar",
            Box::new(|| std::fs::remove_file(&sidecar).unwrap()),
            Some("its sidecar cannot be read"),
        ),
        (
            "garbage in Tantivy's metadata",
            Box::new(|| std::fs::write(index.join("meta.json"), b"\x00\xffgarbage").unwrap()),
            Some("its Tantivy index is missing, damaged or of another layout"),
        ),
        (
            "segment files deleted",
            Box::new(|| {
                for entry in std::fs::read_dir(&index).unwrap() {
                    let path = entry.unwrap().path();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    if name.len() > 32 && name.as_bytes()[32] == b'.' {
                        std::fs::remove_file(path).unwrap();
                    }
                }
            }),
            Some("its Tantivy index is missing, damaged or of another layout"),
        ),
        (
            "no manifest (a build that died)",
            Box::new(|| std::fs::remove_file(index.join(MANIFEST_FILE)).unwrap()),
            None,
        ),
    ];
    for (damage, apply, note) in &damages {
        apply();
        let g = open(&index);
        assert_eq!(g.index_origin(), IndexOrigin::Built, "{damage}");
        assert_eq!(g.rebuild_note(), *note, "{damage}");
        assert_eq!(answers(&g, QUERIES), expected, "{damage}");
        assert_eq!(open(&index).index_origin(), IndexOrigin::Reused, "{damage}");
    }
}

#[test]
fn a_saved_form_of_a_newer_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    open(&index);
    let manifest = std::fs::read_to_string(index.join(MANIFEST_FILE)).unwrap();
    let newer = manifest.replace(
        &format!("\"format\": {}", chongqing_glossary::FORMAT_VERSION),
        "\"format\": 999",
    );
    assert_ne!(newer, manifest);
    std::fs::write(index.join(MANIFEST_FILE), newer).unwrap();
    let err = GlossaryBuilder::new()
        .index_dir(&index)
        .embedded()
        .unwrap_err();
    assert!(matches!(err, Error::IndexDir { .. }), "{err:?}");
    assert!(
        err.to_string().contains("written by a newer version"),
        "{err}"
    );
    // Nothing was deleted.
    assert!(index.join(SIDECAR).exists());
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

/// Readers of one saved form from several threads at once: one builds (or
/// none, if it is there), all answer the same.
#[test]
fn concurrent_readers_of_one_saved_form() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let expected = answers(&built_in_ram(), QUERIES);
    let origins: Vec<IndexOrigin> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..6)
            .map(|_| {
                s.spawn(|| {
                    let g = open(&index);
                    assert_eq!(answers(&g, QUERIES), expected);
                    g.index_origin()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let built = origins.iter().filter(|o| **o == IndexOrigin::Built).count();
    assert_eq!(built, 1, "{origins:?}");
    assert_eq!(origins.len() - built, 5);
}
