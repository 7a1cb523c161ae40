//! French plural filter: `essais` → `essai`, `vélos` → `vélo`, before the
//! stemmer.
//!
//! The French Snowball stemmer removes a final `s` except after `a`, `i`,
//! `o`, `u`, `è` or `s`, to spare words whose `s` is no plural (`pas`,
//! `fois`, `bras`, `dos`). That also spares real plurals: `essais cliniques`
//! would not be `essai clinique`, nor `vélos` `vélo`. This filter removes
//! the `s` after `a`, `i`, `o` or `u` from words of five letters or more,
//! where a singular in `-s` is rare; a word that is the same in both
//! numbers (`palais`) loses it in both, so the two still meet.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Removes a plural `s` after a vowel from French words of five letters or
/// more (run after lowercasing and folding, before the stemmer).
#[derive(Clone, Copy, Debug, Default)]
pub struct FrenchPluralFilter;

/// The word without its plural `s`, if it has one this filter removes.
pub(crate) fn without_plural_s(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('s')?;
    let vowel = stem.ends_with(['a', 'i', 'o', 'u']);
    (vowel && stem.chars().count() >= 4).then_some(stem)
}

impl TokenFilter for FrenchPluralFilter {
    type Tokenizer<T: Tokenizer> = FrenchPluralTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FrenchPluralTokenizer<T> {
        FrenchPluralTokenizer { inner: tokenizer }
    }
}

/// A tokenizer wrapped by [`FrenchPluralFilter`].
#[derive(Clone)]
pub struct FrenchPluralTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for FrenchPluralTokenizer<T> {
    type TokenStream<'a> = FrenchPluralStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FrenchPluralStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The [`TokenStream`] produced by [`FrenchPluralFilter`].
pub struct FrenchPluralStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for FrenchPluralStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token: &mut Token = self.tail.token_mut();
        if let Some(len) = without_plural_s(&token.text).map(str::len) {
            token.text.truncate(len);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_s_after_a_vowel_goes_from_long_words_only() {
        for (word, stem) in [
            ("essais", Some("essai")),
            ("velos", Some("velo")),
            ("menus", Some("menu")),
            ("palais", Some("palai")),
            ("pas", None),
            ("fois", None),
            ("bras", None),
            ("zones", None),
            ("essai", None),
        ] {
            assert_eq!(without_plural_s(word), stem, "{word}");
        }
    }
}
