//! Elision filter: `l’innovation` → `innovation`.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::tokenizer::is_apostrophe;

/// The French elided articles, pronouns and conjunctions, without their apostrophe.
///
/// Compared case-insensitively, so `L’indice` and `D’ici` are handled before
/// lowercasing.
pub const FRENCH_ELISIONS: &[&str] = &[
    "l", "d", "qu", "j", "m", "n", "s", "t", "c", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Removes a leading French elision (`l’`, `d’`, `qu’`, `jusqu’` …, written
/// with `'` or `’`) from each token.
///
/// The token's start offset moves past the apostrophe, so a highlight covers
/// `innovation` in `l’innovation`, not the article. A token that is only an
/// elided word followed by an apostrophe never reaches this filter, because
/// [`WordTokenizer`](super::WordTokenizer) keeps an apostrophe only between
/// two word characters.
#[derive(Clone, Copy, Debug, Default)]
pub struct ElisionFilter;

impl TokenFilter for ElisionFilter {
    type Tokenizer<T: Tokenizer> = ElisionTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ElisionTokenizer<T> {
        ElisionTokenizer { inner: tokenizer }
    }
}

/// A tokenizer wrapped by [`ElisionFilter`].
#[derive(Clone)]
pub struct ElisionTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ElisionTokenizer<T> {
    type TokenStream<'a> = ElisionTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ElisionTokenStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The [`TokenStream`] produced by [`ElisionFilter`].
pub struct ElisionTokenStream<T> {
    tail: T,
}

/// Byte length of the elided prefix of `word` (article and apostrophe), if any.
pub(crate) fn elided_prefix_len(word: &str) -> Option<usize> {
    let (head, rest) = word.split_once(is_apostrophe)?;
    if rest.is_empty() || !FRENCH_ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(head)) {
        return None;
    }
    Some(word.len() - rest.len())
}

impl<T: TokenStream> TokenStream for ElisionTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token: &mut Token = self.tail.token_mut();
        if let Some(cut) = elided_prefix_len(&token.text) {
            token.text.drain(..cut);
            token.offset_from += cut;
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
