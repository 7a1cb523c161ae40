//! Word tokenizer: runs of letters and digits, keeping inner apostrophes and
//! ampersands, with hyphenated compounds given both split and joined.

use std::collections::VecDeque;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits text into words: maximal runs of alphanumeric characters, where an
/// apostrophe (`'` or `’`) or an ampersand between two alphanumeric
/// characters stays inside the word (`l’innovation`, `R&D`).
///
/// Words joined by hyphens (`start-up`, `Chengdu-Chongqing`, `bas-carbone`)
/// form a compound: each part is a token at its own position, and the parts
/// joined without hyphens (`startup`) are one more token at the position of
/// the first part, spanning the whole compound, with a `position_length` of
/// the number of parts. So `start-up` is found by `startup`, by `start up` and
/// by `start-up`, and `startup` is found by `start-up`.
///
/// Keeping `l’innovation` as one token lets
/// [`ElisionFilter`](super::ElisionFilter) decide what the apostrophe means,
/// instead of the tokenizer emitting a stray `l` token. Offsets are byte
/// offsets into the original text and always fall on char boundaries.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
    queue: VecDeque<Token>,
}

/// The [`TokenStream`] produced by [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    next_position: usize,
    token: &'a mut Token,
    /// The joined form and the later parts of the current compound.
    queue: &'a mut VecDeque<Token>,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        self.queue.clear();
        WordTokenStream {
            text,
            cursor: 0,
            next_position: 0,
            token: &mut self.token,
            queue: &mut self.queue,
        }
    }
}

/// `'` or `’`.
pub(crate) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// A character that stays inside a word when it stands between two
/// alphanumeric characters.
fn is_inner(c: char) -> bool {
    is_apostrophe(c) || c == '&'
}

/// A hyphen that joins the parts of a compound (`-`, `‐` U+2010, `‑` U+2011).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A character that may join two words into one written unit: an inner
/// character or a hyphen. Highlights separated only by one of these are
/// shown as one (`[start-up]`, `[R&D]`).
pub(crate) fn is_joiner(c: char) -> bool {
    is_inner(c) || is_hyphen(c)
}

/// Whether `c` is part of a word: `char::is_alphanumeric`, answered
/// without Unicode tables for ASCII and Latin-1 letters (most of French).
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // À to ÿ are letters, but for × and ÷.
        '\u{c0}'..='\u{ff}' => c != '\u{d7}' && c != '\u{f7}',
        // General punctuation (’, –, …, narrow spaces) has no letter.
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The char starting at byte `i` of `text` (a char boundary), if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text[i..].chars().next(),
        None => None,
    }
}

/// Where the first word char at or after byte `from` starts, if any.
fn word_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        // ASCII spaces and punctuation, a byte at a time.
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        {
            i += 1;
        }
        let c = char_at(text, i)?;
        if is_word_char(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
}

/// The end of the word that starts at `start` (an alphanumeric character).
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        // ASCII letters and digits, a byte at a time.
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let Some(c) = char_at(text, i) else {
            return i;
        };
        let next = i + c.len_utf8();
        let inner = || is_inner(c) && char_at(text, next).is_some_and(is_word_char);
        if !(is_word_char(c) || inner()) {
            return i;
        }
        i = next;
    }
}

/// If a hyphen and a word follow `end`, where that word starts.
fn next_part(text: &str, end: usize) -> Option<usize> {
    let mut chars = text[end..].chars();
    let hyphen = chars.next().filter(|&c| is_hyphen(c))?;
    chars
        .next()
        .filter(|&c| is_word_char(c))
        .map(|_| end + hyphen.len_utf8())
}

fn make_token(text: &str, span: (usize, usize), position: usize, length: usize) -> Token {
    Token {
        offset_from: span.0,
        offset_to: span.1,
        position,
        text: text.to_string(),
        position_length: length,
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.queue.pop_front() {
            *self.token = next;
            return true;
        }
        let Some(start) = word_start(self.text, self.cursor) else {
            self.cursor = self.text.len();
            return false;
        };
        let end = word_end(self.text, start);
        let position = self.next_position;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..end]);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = position;
        self.token.position_length = 1;
        self.cursor = end;
        self.next_position += 1;

        // A hyphenated compound: queue the joined form, then the other parts.
        if next_part(self.text, end).is_some() {
            let mut joined = self.text[start..end].to_string();
            let mut parts = Vec::new();
            let mut at = end;
            while let Some(part_start) = next_part(self.text, at) {
                let part_end = word_end(self.text, part_start);
                joined.push_str(&self.text[part_start..part_end]);
                parts.push((part_start, part_end));
                at = part_end;
            }
            self.queue.push_back(Token {
                offset_from: start,
                offset_to: at,
                position,
                text: joined,
                position_length: parts.len() + 1,
            });
            for (i, &(s, e)) in parts.iter().enumerate() {
                self.queue
                    .push_back(make_token(&self.text[s..e], (s, e), position + 1 + i, 1));
            }
            self.cursor = at;
            self.next_position = position + 1 + parts.len();
        }
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize, usize)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((
                t.text.clone(),
                t.offset_from,
                t.offset_to,
                t.position,
                t.position_length,
            ));
        }
        out
    }

    #[test]
    fn compounds_give_parts_and_the_joined_word() {
        let t = |s: &str, a, b, p, l| (s.to_string(), a, b, p, l);
        assert_eq!(
            tokens("les start-up ici"),
            [
                t("les", 0, 3, 0, 1),
                t("start", 4, 9, 1, 1),
                t("startup", 4, 12, 1, 2),
                t("up", 10, 12, 2, 1),
                t("ici", 13, 16, 3, 1),
            ]
        );
        assert_eq!(
            tokens("a-b-c"),
            [
                t("a", 0, 1, 0, 1),
                t("abc", 0, 5, 0, 3),
                t("b", 2, 3, 1, 1),
                t("c", 4, 5, 2, 1)
            ]
        );
        // A hyphen not between two words separates.
        assert_eq!(tokens("x - y")[1], t("y", 4, 5, 1, 1));
        assert_eq!(tokens("x- y").len(), 2);
    }

    #[test]
    fn word_chars_are_exactly_the_alphanumeric_chars() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn offsets_stay_on_char_boundaries_in_any_script() {
        let text = "À×b ÿ÷z 中文-ok ½x l’été";
        let got: Vec<&str> = tokens(text).iter().map(|t| &text[t.1..t.2]).collect();
        assert_eq!(
            got,
            ["À", "b", "ÿ", "z", "中文", "中文-ok", "ok", "½x", "l’été"]
        );
    }

    #[test]
    fn apostrophes_and_ampersands_inside_words_stay() {
        assert_eq!(tokens("R&D")[0].0, "R&D");
        assert_eq!(tokens("l’innovation")[0].0, "l’innovation");
        assert_eq!(tokens("Procter & Gamble").len(), 2);
        assert_eq!(tokens("rock'")[0].0, "rock");
    }
}
