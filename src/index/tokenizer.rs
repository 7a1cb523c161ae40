//! The tokenizer that splits values written by [`encode`](super::encode)
//! back into terms and positions.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits encoded values: a space moves to the next position, a tab
/// separates terms at the same position.
#[derive(Clone, Default)]
pub(crate) struct TermsTokenizer {
    token: Token,
}

/// The [`TokenStream`] of [`TermsTokenizer`].
pub(crate) struct TermsTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    position: usize,
    token: &'a mut Token,
}

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = TermsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermsTokenStream<'a> {
        self.token.reset();
        TermsTokenStream {
            text,
            cursor: 0,
            position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for TermsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        // Skip separators, counting positions.
        while let Some(&b) = bytes.get(self.cursor) {
            match b {
                b' ' => self.position += 1,
                b'\t' => {}
                _ => break,
            }
            self.cursor += 1;
        }
        if self.cursor >= bytes.len() {
            return false;
        }
        let start = self.cursor;
        let len = bytes[start..]
            .iter()
            .position(|&b| b == b' ' || b == b'\t')
            .unwrap_or(bytes.len() - start);
        self.cursor = start + len;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..self.cursor]);
        self.token.offset_from = start;
        self.token.offset_to = self.cursor;
        self.token.position = self.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
