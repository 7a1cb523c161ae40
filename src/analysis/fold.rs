//! Accent folding, defined once: what Tantivy's `AsciiFoldingFilter` does
//! to a character in analysis is what [`push_folded`] does to it in term
//! recognition's function words and in slugs, so that `é`, `ą` and `ß`
//! fold alike everywhere (`e`, `a`, `ss`).

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer, TokenStream};

/// Per thread: the filter, and each character it was asked to fold with
/// what it wrote (`None`: the character stays). Characters are folded as
/// they are met, so that the first use costs one character's folding, not
/// the whole of Unicode's (running the filter over the Basic Multilingual
/// Plane up front was ten times the work of a whole `--annotate` run).
struct Folder {
    analyzer: TextAnalyzer,
    folded: HashMap<char, Option<Box<str>>>,
}

thread_local! {
    static FOLDER: RefCell<Folder> = RefCell::new(Folder {
        analyzer: TextAnalyzer::builder(RawTokenizer::default())
            .filter(AsciiFoldingFilter)
            .build(),
        folded: HashMap::new(),
    });
}

/// Pushes `c` onto `out` folded as analysis folds it: a letter with a
/// diacritic as its base letter (`é` → `e`), a ligature as its letters
/// (`œ` → `oe`), any other character as itself. Allocates nothing beyond
/// `out`'s growth once `c` was met: term recognition folds every function
/// word of a text.
pub(crate) fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    FOLDER.with(|folder| {
        let Folder { analyzer, folded } = &mut *folder.borrow_mut();
        let folded = folded.entry(c).or_insert_with(|| {
            let mut buf = [0u8; 4];
            let text = c.encode_utf8(&mut buf);
            let mut stream = analyzer.token_stream(text);
            (stream.advance() && stream.token().text != *text)
                .then(|| stream.token().text.as_str().into())
        });
        match folded {
            Some(folded) => out.push_str(folded),
            None => out.push(c),
        }
    })
}

/// How many characters this thread has folded so far.
#[cfg(test)]
fn met() -> usize {
    FOLDER.with(|folder| folder.borrow().folded.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_fold_as_the_analysis_filter_folds_them() {
        let cases = [
            ('é', "e"),
            ('È', "E"),
            ('ç', "c"),
            ('œ', "oe"),
            ('æ', "ae"),
            ('ß', "ss"),
            ('ą', "a"),
            ('ł', "l"),
            ('ő', "o"),
            ('ñ', "n"),
            ('a', "a"),
            ('’', "'"),
            ('中', "中"),
        ];
        for (c, folded) in cases {
            let mut out = String::from(">");
            push_folded(&mut out, c);
            assert_eq!(out, format!(">{folded}"), "{c}");
        }
    }

    /// Folding a character costs that character's folding: a thread that
    /// folded three distinct non-ASCII characters knows three, and ASCII
    /// is never looked up.
    #[test]
    fn characters_are_folded_as_they_are_met() {
        std::thread::spawn(|| {
            let mut out = String::new();
            for c in "àà é ç abc".chars() {
                push_folded(&mut out, c);
            }
            assert_eq!(out, "aa e c abc");
            assert_eq!(met(), 3);
        })
        .join()
        .unwrap();
    }
}
