//! Word tokenizer: runs of letters and digits, keeping inner apostrophes.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits text into words: maximal runs of alphanumeric characters, where an
/// apostrophe (`'` or `’`) between two alphanumeric characters stays inside
/// the word.
///
/// Keeping `l’innovation` as one token lets [`ElisionFilter`](super::ElisionFilter)
/// decide what the apostrophe means, instead of the tokenizer emitting a stray
/// `l` token. Offsets are byte offsets into the original text and always fall
/// on char boundaries.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The [`TokenStream`] produced by [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            cursor: 0,
            token: &mut self.token,
        }
    }
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.cursor..];
        let Some((start_rel, _)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
            self.cursor = self.text.len();
            return false;
        };
        let start = self.cursor + start_rel;
        let mut end = start;
        let mut chars = self.text[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                end = start + i + c.len_utf8();
            } else if is_apostrophe(c) && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()) {
                // An apostrophe between two word characters belongs to the word.
                continue;
            } else {
                break;
            }
        }
        self.cursor = end;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..end]);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
