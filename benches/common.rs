//! The baselines shared by the benches: what a user would write by hand
//! without a search library (fold case and accents, count which query words
//! each record contains as a substring, keep the best ten), and what a user
//! would set up with Tantivy alone, following its docs. Each bench uses
//! some of them.

#![allow(dead_code)]

/// xorshift64*: deterministic, dependency-free, good enough to shuffle words.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Term recognition by hand: every name folded once, then each folded
/// name's occurrences counted in the folded text, as substrings (no word
/// boundaries, no inflection, overlaps counted twice).
pub struct NaiveAnnotate {
    names: Vec<String>,
}

impl NaiveAnnotate {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NaiveAnnotate {
        NaiveAnnotate {
            names: names.into_iter().map(fold).collect(),
        }
    }

    /// How many occurrences of the names the text holds.
    pub fn count(&self, text: &str) -> usize {
        let folded = fold(text);
        self.names
            .iter()
            .map(|name| folded.matches(name.as_str()).count())
            .sum()
    }
}

/// Lowercases and strips the accents of French text.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            c => c,
        })
        .collect()
}

/// Records folded once, as a hand-written search would keep them.
pub struct NaiveScan {
    ids: Vec<String>,
    folded: Vec<String>,
}

impl NaiveScan {
    pub fn new(records: impl IntoIterator<Item = (String, String)>) -> NaiveScan {
        let (ids, texts): (Vec<String>, Vec<String>) = records.into_iter().unzip();
        NaiveScan {
            ids,
            folded: texts.iter().map(|t| fold(t)).collect(),
        }
    }

    /// Ids of the (at most) ten records containing the most query words, and
    /// how many records contain at least one.
    pub fn search(&self, query: &str) -> (Vec<&str>, usize) {
        let folded = fold(query);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .collect();
        let mut scored: Vec<(usize, usize)> = self
            .folded
            .iter()
            .enumerate()
            .filter_map(|(i, text)| {
                let n = words.iter().filter(|w| text.contains(*w)).count();
                (n > 0).then_some((n, i))
            })
            .collect();
        let total = scored.len();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        (
            scored
                .iter()
                .take(10)
                .map(|&(_, i)| self.ids[i].as_str())
                .collect(),
            total,
        )
    }
}

/// Tantivy as its documentation sets it up: one `TEXT` field (default
/// tokenizer: split on non-alphanumerics, lowercase), `QueryParser` with its
/// default OR, `TopDocs` for the best ten and `Count` for the total.
pub struct PlainTantivy {
    searcher: tantivy::Searcher,
    parser: tantivy::query::QueryParser,
    _reader: tantivy::IndexReader,
}

impl PlainTantivy {
    pub fn new<'a>(texts: impl Iterator<Item = &'a str>) -> PlainTantivy {
        use tantivy::schema::{Schema, TEXT};
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
        for t in texts {
            let mut doc = tantivy::TantivyDocument::default();
            doc.add_text(text, t);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        PlainTantivy {
            searcher: reader.searcher(),
            parser: tantivy::query::QueryParser::for_index(&index, vec![text]),
            _reader: reader,
        }
    }

    /// How many of the best ten were returned, and the total.
    pub fn search(&self, query: &str) -> (usize, usize) {
        use tantivy::collector::{Count, TopDocs};
        let query = self.parser.parse_query(query).unwrap();
        let (top, total) = self
            .searcher
            .search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))
            .unwrap();
        (top.len(), total)
    }
}
