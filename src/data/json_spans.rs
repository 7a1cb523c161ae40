//! Locations inside `glossary.json`, so that every data error can name a line
//! and column, including errors serde cannot see (duplicate ids, a sector on
//! an entry that is not a hub).

use std::ops::Range;

/// One element of the top-level JSON array.
#[derive(Debug, Clone)]
pub(crate) struct ElementSpan {
    /// Byte range of the element (from its `{` to its `}`).
    pub span: Range<usize>,
    /// Byte offset of each key of the element's object, as `(key, offset)`.
    pub keys: Vec<(String, usize)>,
}

/// Finds the byte spans of the elements of a top-level JSON array.
///
/// Call only on text that serde has already accepted as a JSON array: this
/// scanner trusts the syntax and only tracks strings and nesting depth.
pub(crate) fn array_elements(text: &str) -> Vec<ElementSpan> {
    let bytes = text.as_bytes();
    let mut out: Vec<ElementSpan> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let mut current: Option<ElementSpan> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(bytes.len() - 1);
                if depth == 1 {
                    out.push(ElementSpan {
                        span: start..end + 1,
                        keys: Vec::new(),
                    });
                }
                // A string directly inside an element object followed by `:` is a key.
                if depth == 2 {
                    let after = text[end + 1..].trim_start();
                    if after.starts_with(':') {
                        if let Some(cur) = current.as_mut() {
                            let key = serde_json::from_str::<String>(&text[start..=end])
                                .unwrap_or_default();
                            cur.keys.push((key, start));
                        }
                    }
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth == 2 {
                    current = Some(ElementSpan {
                        span: i..i,
                        keys: Vec::new(),
                    });
                }
            }
            b']' | b'}' => {
                if depth == 2 {
                    if let Some(mut cur) = current.take() {
                        cur.span.end = i + 1;
                        out.push(cur);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            c if depth == 1 && !c.is_ascii_whitespace() && c != b',' => {
                // A scalar element (number, literal): record it so that its type
                // error points at it.
                let start = i;
                while i + 1 < bytes.len() && !matches!(bytes[i + 1], b',' | b']') {
                    i += 1;
                }
                out.push(ElementSpan {
                    span: start..i + 1,
                    keys: Vec::new(),
                });
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Converts a byte offset into a 1-based (line, column), the column counted
/// in characters.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// Converts serde_json's 1-based (line, byte column) inside `text[base..]`
/// into a byte offset in `text`.
pub(crate) fn offset_of(text: &str, base: usize, line: usize, column: usize) -> usize {
    let sub = &text[base..];
    let mut line_start = 0;
    for _ in 1..line.max(1) {
        match sub[line_start..].find('\n') {
            Some(n) => line_start += n + 1,
            None => break,
        }
    }
    (base + line_start + column.saturating_sub(1)).min(text.len())
}
