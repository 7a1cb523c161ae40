//! Accent folding, defined once: what Tantivy's `AsciiFoldingFilter` does
//! to a character in analysis is what [`push_folded`] does to it in term
//! recognition's function words and in slugs, so that `é`, `ą` and `ß`
//! fold alike everywhere (`e`, `a`, `ss`).

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer, TokenStream};

/// The characters of the Basic Multilingual Plane that the filter changes,
/// with what it writes for each, worked out once by running the filter.
fn table() -> &'static HashMap<char, Box<str>> {
    static TABLE: OnceLock<HashMap<char, Box<str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(AsciiFoldingFilter)
            .build();
        let mut table = HashMap::new();
        let mut buf = [0u8; 4];
        for c in '\u{80}'..='\u{FFFF}' {
            let text = c.encode_utf8(&mut buf);
            let mut stream = analyzer.token_stream(text);
            if stream.advance() && stream.token().text != *text {
                table.insert(c, stream.token().text.as_str().into());
            }
        }
        table
    })
}

/// Pushes `c` onto `out` folded as analysis folds it: a letter with a
/// diacritic as its base letter (`é` → `e`), a ligature as its letters
/// (`œ` → `oe`), any other character as itself. Allocates nothing beyond
/// `out`'s growth: term recognition folds every function word of a text.
pub(crate) fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    match table().get(&c) {
        Some(folded) => out.push_str(folded),
        None => out.push(c),
    }
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
}
