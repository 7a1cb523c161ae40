//! Where things are inside `glossary.json` (elements of the top array, the
//! keys of each, the value of a key), so that every data error can name a
//! line and column, including errors serde cannot see (duplicate ids, a
//! sector on an entry that is not a hub).

use std::ops::Range;

/// One element of the top-level JSON array.
#[derive(Debug, Clone)]
pub(crate) struct ElementSpan {
    /// Byte range of the element (from its `{` to its `}`).
    pub span: Range<usize>,
    /// Byte offset of each key of the element's object, as `(key, offset)`.
    pub keys: Vec<(String, usize)>,
}

/// The index of the closing quote of the string whose opening quote is at
/// `open` (or the end of `bytes`), escapes skipped.
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i
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
                i = string_end(bytes, i);
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

/// The byte span of the value of `key` in the top-level object of `text`,
/// when it is an array (from its `[` to its `]`).
///
/// Call only on text that serde has already accepted as JSON.
pub(crate) fn object_value(text: &str, key: &str) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut wanted_at = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i = string_end(bytes, i);
                let end = i.min(bytes.len() - 1);
                if depth == 1 && text[end + 1..].trim_start().starts_with(':') {
                    let name = serde_json::from_str::<String>(&text[start..=end]).ok();
                    if name.as_deref() == Some(key) {
                        wanted_at = Some(end + 1);
                    }
                }
            }
            b'[' if depth == 1 && wanted_at.is_some() => {
                // The value of the key: find its end by depth.
                let start = i;
                let mut d = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'"' => i = string_end(bytes, i),
                        b'[' | b'{' => d += 1,
                        b']' | b'}' => {
                            d -= 1;
                            if d == 0 {
                                return Some(start..i + 1);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                return None;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => wanted_at = None,
            _ => {}
        }
        i += 1;
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_of_a_key_of_the_top_object() {
        let text = r#"{"title": "[not this]", "x": {"entries": [1]}, "entries": [{"a": "]"}, 2]}"#;
        let span = object_value(text, "entries").unwrap();
        assert_eq!(&text[span], r#"[{"a": "]"}, 2]"#);
        assert_eq!(object_value(text, "missing"), None);
    }
}
