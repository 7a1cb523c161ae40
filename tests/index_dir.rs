//! The saved form on disk: written once, reopened while the data is
//! unchanged, with the same answers as a fresh build; rebuilt (with a note)
//! when stale or damaged; refused when newer; never a panic or a wrong
//! answer.

use std::path::Path;

use chongqing_glossary::{
    Error, Glossary, GlossaryBuilder, HitKind, IndexOrigin, Query, EMBEDDED_GLOSSARY,
    EMBEDDED_SOURCE,
};

/// The saved form's files, as data/README.md and the README document them.
const MANIFEST_FILE: &str = "glossary-manifest.json";
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
                            h.passage().map(|p| &p.mentions)
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
            Some("its file `glossary-state.bin` has the wrong length (truncated or overwritten)"),
        ),
        (
            "corrupt sidecar",
            Box::new(|| {
                let mut bytes = std::fs::read(&sidecar).unwrap();
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x55;
                std::fs::write(&sidecar, &bytes).unwrap();
            }),
            Some("its file `glossary-state.bin` is damaged (checksum mismatch)"),
        ),
        (
            "missing sidecar",
            Box::new(|| std::fs::remove_file(&sidecar).unwrap()),
            Some("its file `glossary-state.bin` is missing or cannot be read"),
        ),
        (
            "garbage in Tantivy's metadata",
            Box::new(|| std::fs::write(index.join("meta.json"), b"\x00\xffgarbage").unwrap()),
            Some("its file `meta.json` has the wrong length (truncated or overwritten)"),
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
            Some("is missing or cannot be read"),
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
        match note {
            Some(note) => {
                let got = g.rebuild_note().unwrap_or_default();
                assert!(got.contains(note), "{damage}: {got}");
            }
            None => assert_eq!(g.rebuild_note(), None, "{damage}"),
        }
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
    let format: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let newer = manifest.replace(
        &format!("\"format\": {}", format["format"]),
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

// ---------------------------------------------------------------------------
// What the crate owns in an index directory, and nothing else.

/// The error of opening `index`, which must be a refusal naming `needle`.
fn refused(index: &Path, needle: &str) -> String {
    match GlossaryBuilder::new().index_dir(index).embedded() {
        Err(Error::IndexDir { path, reason }) => {
            assert_eq!(path, index);
            assert!(reason.contains(needle), "{reason}");
            reason
        }
        Err(other) => panic!("expected IndexDir naming {needle}, got {other:?}"),
        Ok(g) => panic!(
            "expected a refusal naming {needle}, got an index ({:?})",
            g.index_origin()
        ),
    }
}

/// A lock file that is a link to a file elsewhere: nothing is written
/// through it, and the directory is refused.
#[cfg(unix)]
#[test]
fn a_symlinked_lock_file_never_truncates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "IMPORTANT\n").unwrap();
    let index = dir.path().join("idx");
    std::fs::create_dir(&index).unwrap();
    std::os::unix::fs::symlink(&victim, index.join("glossary.lock")).unwrap();
    refused(&index, "glossary.lock");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "IMPORTANT\n");
    // The same link beside a valid saved form: still refused, still intact.
    let index = dir.path().join("idx2");
    open(&index);
    std::fs::remove_file(index.join("glossary.lock")).unwrap();
    std::os::unix::fs::symlink(&victim, index.join("glossary.lock")).unwrap();
    refused(&index, "glossary.lock");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "IMPORTANT\n");
}

/// Any link in the directory (to a file the crate might write or read) is
/// refused, whatever its name.
#[cfg(unix)]
#[test]
fn links_in_an_index_directory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "IMPORTANT\n").unwrap();
    let index = dir.path().join("idx");
    open(&index);
    std::os::unix::fs::symlink(&victim, index.join("meta.json.link")).unwrap();
    refused(&index, "meta.json.link");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "IMPORTANT\n");
}

/// Files named like the crate's or Tantivy's are not the crate's: a
/// directory holding them is refused, naming the first, and nothing in it
/// changes (no lock file is left behind either).
#[test]
fn files_the_crate_did_not_write_are_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mine = [
        ("d41d8cd98f00b204e9800998ecf8427e.jpg", "a photo"),
        ("glossary-manifest.json.bak", "my backup"),
        ("meta.json", "{\"mine\": true}"),
    ];
    for (name, text) in mine {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    refused(dir.path(), "d41d8cd98f00b204e9800998ecf8427e.jpg");
    for (name, text) in mine {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            text
        );
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "nothing created: {names:?}");
}

/// A file added beside a saved form of the crate's is not the crate's
/// either: a rebuild (the data changed) refuses rather than deletes it.
#[test]
fn a_rebuild_keeps_files_added_beside_the_saved_form() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    open(&index);
    std::fs::write(index.join("notes.txt"), "mine").unwrap();
    let changed = format!("{EMBEDDED_SOURCE}Une phrase de plus.\n");
    let err = GlossaryBuilder::new()
        .index_dir(&index)
        .from_texts(changed, EMBEDDED_GLOSSARY)
        .unwrap_err();
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(index.join("notes.txt")).unwrap(),
        "mine"
    );
    // Removed by its owner, the directory is the crate's again.
    std::fs::remove_file(index.join("notes.txt")).unwrap();
    assert_eq!(open(&index).index_origin(), IndexOrigin::Reused);
}

/// Another program's Tantivy index is not the crate's.
#[test]
fn another_programs_tantivy_index_is_refused() {
    use tantivy::schema::{Schema, TEXT};
    let dir = tempfile::tempdir().unwrap();
    let mut schema = Schema::builder();
    let body = schema.add_text_field("body", TEXT);
    let index = tantivy::Index::create_in_dir(dir.path(), schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let mut doc = tantivy::TantivyDocument::default();
    doc.add_text(body, "their data");
    writer.add_document(doc).unwrap();
    writer.commit().unwrap();
    drop(writer);
    let before: Vec<_> = list_dir(dir.path());
    refused(dir.path(), "which this crate did not write");
    assert_eq!(list_dir(dir.path()), before);
}

fn list_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// A FIFO named like an index file would hang a reader: refused.
#[cfg(unix)]
#[test]
fn a_fifo_in_an_index_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    open(&index);
    std::fs::remove_file(index.join("meta.json")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(index.join("meta.json"))
        .status()
        .unwrap();
    assert!(status.success());
    refused(&index, "meta.json");
}

/// One flipped byte in any file of the saved form is caught before the
/// index is read: the form is rebuilt, with a note naming the file, and
/// answers as a fresh build.
#[test]
fn one_flipped_byte_in_any_file_is_rebuilt_never_misread() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    open(&index);
    let expected = answers(&built_in_ram(), QUERIES);
    // Segment files are renamed by each rebuild: pick them by suffix.
    let kinds = [
        ".fast",
        ".fieldnorm",
        ".idx",
        ".pos",
        ".term",
        ".store",
        "meta.json",
        ".managed.json",
        "glossary-state.bin",
    ];
    for kind in kinds {
        let name = list_dir(&index)
            .into_iter()
            .map(|(name, _)| name)
            .find(|n| n.ends_with(kind))
            .unwrap_or_else(|| panic!("no {kind} file"));
        let path = index.join(&name);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() / 3;
        bytes[at] ^= 0x01;
        std::fs::write(&path, &bytes).unwrap();
        let g = open(&index);
        assert_eq!(g.index_origin(), IndexOrigin::Built, "{name}");
        let note = g.rebuild_note().unwrap_or_default();
        assert_eq!(
            note,
            format!("its file `{name}` is damaged (checksum mismatch)")
        );
        assert_eq!(answers(&g, QUERIES), expected, "{name}");
        assert_eq!(open(&index).index_origin(), IndexOrigin::Reused);
    }
}

/// The data's fingerprint is a cryptographic hash: an edit that keeps the
/// length and the CRC-32 of the source (forged below) still rebuilds.
#[test]
fn an_edit_that_keeps_length_and_crc32_still_rebuilds() {
    let filler = "a".repeat(64);
    let original = format!("{EMBEDDED_SOURCE}La xylographie est un art.\n{filler}\n");
    let mut forged = original.replace("xylographie", "xylogravure").into_bytes();
    assert_eq!(forged.len(), original.len());
    let start = original.rfind(&filler).unwrap();
    force_crc32(
        &mut forged,
        start..start + 64,
        crc32fast::hash(original.as_bytes()),
    );
    assert_eq!(
        crc32fast::hash(&forged),
        crc32fast::hash(original.as_bytes())
    );
    let forged = String::from_utf8(forged).unwrap();
    assert_ne!(forged, original);

    let dir = tempfile::tempdir().unwrap();
    let load = |source: &str| {
        GlossaryBuilder::new()
            .index_dir(dir.path())
            .from_texts(source, EMBEDDED_GLOSSARY)
            .unwrap()
    };
    assert_eq!(load(&original).index_origin(), IndexOrigin::Built);
    let g = load(&forged);
    assert_eq!(g.index_origin(), IndexOrigin::Built);
    assert_eq!(g.search(&Query::new("xylogravure")).unwrap().total_hits, 1);
    assert_eq!(
        g.search(&Query::new("xylographie").typos(chongqing_glossary::Typos::Off))
            .unwrap()
            .total_hits,
        0
    );
}

/// Sets the bytes of `free` (ASCII `a`s) to `a` or `c` so that the CRC-32
/// of `bytes` becomes `target`. CRC-32 is affine over GF(2): toggling bit 1
/// of a byte (`a` ↔ `c`) XORs a fixed pattern into the checksum, so a set of
/// toggles is found by Gaussian elimination.
fn force_crc32(bytes: &mut [u8], free: std::ops::Range<usize>, target: u32) {
    let base = crc32fast::hash(bytes);
    let effects: Vec<u32> = free
        .clone()
        .map(|i| {
            bytes[i] ^= 2;
            let effect = crc32fast::hash(bytes) ^ base;
            bytes[i] ^= 2;
            effect
        })
        .collect();
    // Rows: (effect, which toggles make it), reduced to an echelon basis.
    let mut basis: Vec<(u32, u128)> = Vec::new();
    for (k, &effect) in effects.iter().enumerate() {
        let mut row = (effect, 1u128 << k);
        for &(b, mask) in &basis {
            if row.0 ^ b < row.0 {
                row = (row.0 ^ b, row.1 ^ mask);
            }
        }
        if row.0 != 0 {
            basis.push(row);
            basis.sort_by_key(|b| std::cmp::Reverse(b.0));
        }
    }
    let mut want = (base ^ target, 0u128);
    for &(b, mask) in &basis {
        if want.0 ^ b < want.0 {
            want = (want.0 ^ b, want.1 ^ mask);
        }
    }
    assert_eq!(want.0, 0, "the free bytes span every checksum");
    for (k, i) in free.enumerate() {
        if want.1 >> k & 1 == 1 {
            bytes[i] ^= 2;
        }
    }
}

// ---------------------------------------------------------------------------
// Random damage: any byte of any file of a saved form, flipped.

/// A saved form kept as a template, and what a fresh build answers.
struct Template {
    dir: tempfile::TempDir,
    source: String,
    expected: Vec<String>,
}

impl Template {
    fn new(source: String) -> Template {
        let dir = tempfile::tempdir().unwrap();
        let load = || {
            GlossaryBuilder::new()
                .index_dir(dir.path())
                .from_texts(source.clone(), EMBEDDED_GLOSSARY)
                .unwrap()
        };
        assert_eq!(load().index_origin(), IndexOrigin::Built);
        let fresh = GlossaryBuilder::new()
            .from_texts(source.clone(), EMBEDDED_GLOSSARY)
            .unwrap();
        let expected = answers(&fresh, QUERIES);
        Template {
            dir,
            source,
            expected,
        }
    }

    /// The template's files, by name, sorted.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        list_dir(self.dir.path())
            .into_iter()
            .filter(|(_, bytes)| !bytes.is_empty())
            .collect()
    }

    /// Copies the template, flips `mask` into byte `at` (a fraction of its
    /// length) of file `pick`, opens the copy: the same answers as a fresh
    /// build, or a clear refusal.
    fn damage_and_open(&self, pick: usize, at: f64, mask: u8) -> Result<(), String> {
        let copy = tempfile::tempdir().unwrap();
        let files = self.files();
        for (name, bytes) in &files {
            std::fs::write(copy.path().join(name), bytes).unwrap();
        }
        std::fs::write(copy.path().join("glossary.lock"), b"").unwrap();
        let (name, bytes) = &files[pick % files.len()];
        let mut bytes = bytes.clone();
        let i = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
        bytes[i] ^= mask;
        std::fs::write(copy.path().join(name), &bytes).unwrap();
        let opened = GlossaryBuilder::new()
            .index_dir(copy.path())
            .from_texts(self.source.clone(), EMBEDDED_GLOSSARY);
        match opened {
            Ok(g) => {
                if answers(&g, QUERIES) != self.expected {
                    return Err(format!(
                        "{name} byte {i}: wrong answers ({:?})",
                        g.rebuild_note()
                    ));
                }
                Ok(())
            }
            // A refusal must say what and where.
            Err(Error::IndexDir { reason, .. }) if !reason.is_empty() => Ok(()),
            Err(other) => Err(format!("{name} byte {i}: unexpected error {other:?}")),
        }
    }
}

mod random_damage {
    use super::*;
    use proptest::prelude::*;

    fn embedded() -> &'static Template {
        static T: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
        T.get_or_init(|| Template::new(EMBEDDED_SOURCE.to_string()))
    }

    fn larger() -> &'static Template {
        static T: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
        T.get_or_init(|| {
            let words = [
                "zone",
                "pilote",
                "innovation",
                "graphène",
                "santé",
                "réforme",
            ];
            let source: String = (0..800)
                .map(|i| {
                    let a = words[i % words.len()];
                    let b = words[(i * 5 + 1) % words.len()];
                    format!("Passage {i} sur la {a} et le {b} à Chongqing.\n")
                })
                .collect();
            Template::new(source)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn a_flipped_byte_in_the_embedded_form_is_caught(
            pick in 0usize..64, at in 0.0f64..1.0, mask in 1u8..=255
        ) {
            prop_assert_eq!(embedded().damage_and_open(pick, at, mask), Ok(()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn a_flipped_byte_in_a_larger_form_is_caught(
            pick in 0usize..64, at in 0.0f64..1.0, mask in 1u8..=255
        ) {
            prop_assert_eq!(larger().damage_and_open(pick, at, mask), Ok(()));
        }
    }
}
