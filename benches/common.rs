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

/// A Tantivy baseline's query: `QueryParser`, then `TopDocs` for the best
/// ten and `Count` for the total; how many of the ten came back, and the
/// total.
fn top_ten_and_count(
    searcher: &tantivy::Searcher,
    parser: &tantivy::query::QueryParser,
    query: &str,
) -> (usize, usize) {
    use tantivy::collector::{Count, TopDocs};
    let query = parser.parse_query(query).unwrap();
    let (top, total) = searcher
        .search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))
        .unwrap();
    (top.len(), total)
}

/// Indexes `texts` into `field` of `index`, one document each, and opens a
/// reader on the result.
fn add_texts(
    index: &tantivy::Index,
    field: tantivy::schema::Field,
    texts: impl Iterator<Item = impl AsRef<str>>,
) -> tantivy::IndexReader {
    let mut writer: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    for t in texts {
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(field, t.as_ref());
        writer.add_document(doc).unwrap();
    }
    writer.commit().unwrap();
    index.reader().unwrap()
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
    pub fn new(texts: impl Iterator<Item = impl AsRef<str>>) -> PlainTantivy {
        use tantivy::schema::{Schema, TEXT};
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = tantivy::Index::create_in_ram(schema.build());
        let reader = add_texts(&index, text, texts);
        PlainTantivy {
            searcher: reader.searcher(),
            parser: tantivy::query::QueryParser::for_index(&index, vec![text]),
            _reader: reader,
        }
    }

    /// How many of the best ten were returned, and the total.
    pub fn search(&self, query: &str) -> (usize, usize) {
        top_ten_and_count(&self.searcher, &self.parser, query)
    }
}

/// Tantivy with the French chain a Tantivy user would build for this text:
/// `SimpleTokenizer`, `RemoveLongFilter` (40 bytes), `LowerCaser`,
/// `AsciiFoldingFilter` and the French Snowball `Stemmer`, registered as the
/// field's tokenizer, and `QueryParser` with fuzzy matching on the field
/// (distance 1, transpositions cost one, not as prefix): `TopDocs` for the
/// best ten and `Count` for the total, as for [`PlainTantivy`].
pub struct FrenchFuzzyTantivy {
    searcher: tantivy::Searcher,
    parser: tantivy::query::QueryParser,
    _reader: tantivy::IndexReader,
    field: tantivy::schema::Field,
    analyzer: tantivy::tokenizer::TextAnalyzer,
}

impl FrenchFuzzyTantivy {
    pub fn new(texts: impl Iterator<Item = impl AsRef<str>>) -> FrenchFuzzyTantivy {
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
        use tantivy::tokenizer::{
            AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
            TextAnalyzer,
        };
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("french")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let mut schema = Schema::builder();
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = tantivy::Index::create_in_ram(schema.build());
        let french = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::French))
            .build();
        index.tokenizers().register("french", french.clone());
        let reader = add_texts(&index, text, texts);
        let mut parser = tantivy::query::QueryParser::for_index(&index, vec![text]);
        parser.set_field_fuzzy(text, false, 1, true);
        FrenchFuzzyTantivy {
            searcher: reader.searcher(),
            parser,
            _reader: reader,
            field: text,
            analyzer: french,
        }
    }

    /// How many of the best ten were returned, and the total.
    pub fn search(&self, query: &str) -> (usize, usize) {
        top_ten_and_count(&self.searcher, &self.parser, query)
    }

    /// Tantivy's own machinery doing part of the crate's ranking: the same
    /// fuzzy `BooleanQuery`, with `TopDocs::tweak_score` ordering records by
    /// a key computed per segment (words matched, then proximity of
    /// consecutive words, then BM25) from each query word's stemmed term,
    /// its postings and positions read on every candidate. Two of the
    /// crate's rules and BM25, not five: a floor for doing the ranking
    /// this way. How many came back, and the total (`Count`).
    pub fn search_by_key(&self, query: &str) -> (usize, usize) {
        use std::cell::RefCell;
        use tantivy::collector::{Count, TopDocs};
        use tantivy::postings::{Postings, SegmentPostings};
        use tantivy::schema::IndexRecordOption;
        use tantivy::{DocId, DocSet, Score, SegmentReader, Term};
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(query);
        let mut words: Vec<Term> = Vec::new();
        while let Some(token) = stream.next() {
            words.push(Term::from_field_text(self.field, &token.text));
        }
        let field = self.field;
        let key = TopDocs::with_limit(10).tweak_score(move |segment: &SegmentReader| {
            let inverted = segment.inverted_index(field).unwrap();
            let postings: Vec<Option<SegmentPostings>> = words
                .iter()
                .map(|t| {
                    inverted
                        .read_postings(t, IndexRecordOption::WithFreqsAndPositions)
                        .unwrap()
                })
                .collect();
            let state = RefCell::new((postings, Vec::<u32>::new(), Vec::<u32>::new()));
            move |doc: DocId, score: Score| {
                let (postings, last, here) = &mut *state.borrow_mut();
                let (mut matched, mut distance) = (0u32, 0u32);
                last.clear();
                for p in postings.iter_mut().flatten() {
                    if p.doc() > doc || p.seek(doc) != doc {
                        continue;
                    }
                    matched += 1;
                    here.clear();
                    p.positions(here);
                    if !last.is_empty() {
                        let gap = here
                            .iter()
                            .flat_map(|&b| last.iter().map(move |&a| b.abs_diff(a)))
                            .min()
                            .unwrap_or(8);
                        distance += gap.min(8);
                    }
                    std::mem::swap(last, here);
                }
                (matched, u32::MAX - distance, score)
            }
        });
        let query = self.parser.parse_query(query).unwrap();
        let (top, total) = self.searcher.search(&query, &(key, Count)).unwrap();
        (top.len(), total)
    }
}

/// English words for generated English names.
const ENGLISH: &[&str] = &[
    "energy",
    "market",
    "grid",
    "power",
    "solar",
    "wind",
    "storage",
    "carbon",
    "credit",
    "price",
    "contract",
    "supply",
    "demand",
    "network",
    "transmission",
    "distribution",
    "capacity",
    "reserve",
    "balancing",
    "settlement",
    "auction",
    "tender",
    "procurement",
    "purchase",
    "agreement",
    "green",
    "certificate",
    "origin",
    "guarantee",
    "renewable",
    "hydrogen",
    "battery",
    "charging",
    "station",
    "vehicle",
    "fleet",
    "public",
    "private",
    "partnership",
    "framework",
    "service",
    "operator",
    "system",
    "regional",
    "national",
    "local",
    "authority",
    "agency",
    "fund",
    "investment",
    "bond",
    "loan",
    "risk",
    "insurance",
    "audit",
    "compliance",
    "report",
    "standard",
    "quality",
    "safety",
    "emission",
    "trading",
    "scheme",
    "allowance",
    "offset",
    "project",
    "portfolio",
    "asset",
    "liability",
    "tariff",
    "subsidy",
    "levy",
    "tax",
    "customs",
    "export",
    "import",
    "border",
    "logistics",
    "freight",
    "rail",
    "port",
    "harbour",
    "airport",
    "corridor",
    "zone",
    "hub",
    "cluster",
    "park",
    "campus",
    "laboratory",
    "research",
    "innovation",
    "technology",
    "science",
    "digital",
    "data",
    "cloud",
    "platform",
    "software",
    "hardware",
    "chip",
    "sensor",
    "device",
    "medical",
    "health",
    "clinical",
    "trial",
    "drug",
    "vaccine",
    "hospital",
    "patient",
    "care",
    "water",
    "waste",
    "recycling",
    "material",
    "steel",
    "cement",
    "glass",
    "paper",
    "plastic",
    "chemical",
    "agriculture",
    "food",
    "meat",
    "dairy",
    "grain",
    "forest",
    "land",
    "soil",
    "urban",
    "housing",
    "building",
    "heating",
    "cooling",
    "efficiency",
    "label",
    "rating",
    "index",
    "unit",
];

/// Distinct words of the seed's French text, lowercase, more than three
/// characters, no stop word, one per stem: a few hundred.
///
/// The crate's analysis is not public, so the bench rebuilds the part of
/// its French chain that single lowercase words go through, from Tantivy's
/// filters: stop words, ASCII folding, the plural `s` after a vowel (words
/// of five letters or more), the French Snowball stemmer.
pub fn french_words() -> Vec<&'static str> {
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    };
    let mut fold = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(StopWordFilter::new(Language::French).unwrap())
        .filter(AsciiFoldingFilter)
        .build();
    let mut stem = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(Stemmer::new(Language::French))
        .build();
    let first = |analyzer: &mut TextAnalyzer, word: &str| {
        let mut stream = analyzer.token_stream(word);
        stream.advance().then(|| stream.token().text.clone())
    };
    let text: &'static str = chongqing_glossary::EMBEDDED_SOURCE;
    let defs: &'static str = chongqing_glossary::EMBEDDED_GLOSSARY;
    let mut words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .chain(defs.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() > 3 && w.chars().all(char::is_lowercase))
        // Not a stop word: a name of stop words only could not be searched.
        .filter(|w| first(&mut fold, w).is_some())
        .collect();
    words.sort_unstable();
    words.dedup();
    // One word per stem (`accélérer`, `accélérera`): names of different
    // words are different names after analysis too.
    let mut stems = std::collections::HashSet::new();
    words.retain(|w| {
        let folded = first(&mut fold, w).unwrap_or_default();
        let singular = match folded.strip_suffix('s') {
            Some(s) if s.ends_with(['a', 'i', 'o', 'u']) && s.chars().count() >= 4 => s,
            _ => folded.as_str(),
        };
        stems.insert(first(&mut stem, singular))
    });
    words
}

/// A generated termbase of `n` entries as `glossary.json`: each entry has a
/// French term of two words (three when two no longer suffice), an English
/// term of three, a French and an
/// English alias of three words, drawn so that no two names are the same
/// (up to a few hundred thousand entries), a category among twelve, and one
/// entry in ten a short definition. Returns the JSON and the entries'
/// (French, English) terms.
pub fn synthetic_termbase(n: usize) -> (String, Vec<(String, String)>) {
    let fr = french_words();
    let en = ENGLISH;
    let pick = |list: &[&'static str], mut i: usize, k: usize| -> Vec<&'static str> {
        (0..k)
            .map(|_| {
                let w = list[i % list.len()];
                i /= list.len();
                w
            })
            .collect()
    };
    let mut json = String::with_capacity(n * 300);
    let mut terms = Vec::with_capacity(n);
    json.push('[');
    for i in 0..n {
        // Mixed-radix digits of disjoint ranges: no two names alike.
        let term = pick(&fr, i, 2 + usize::from(i >= fr.len() * fr.len())).join(" ");
        let term_en = pick(en, i * 7 + 3, 3).join(" ");
        let alias = pick(&fr, i * 3 + 200_000, 3).join(" ");
        let alias_en = pick(en, i * 7 + 1_000_003, 3).join(" ");
        if i > 0 {
            json.push_str(",\n");
        }
        json.push_str(&format!(
            r#"{{"id": "t{i}", "term": "{term}", "term_en": "{term_en}", "aliases": ["{alias}"], "aliases_en": ["{alias_en}"], "category": "domain-{}""#,
            i % 12
        ));
        if i % 10 == 0 {
            json.push_str(&format!(
                r#", "definition": "Le terme {term} désigne une notion du domaine {}.""#,
                i % 12
            ));
        }
        json.push('}');
        terms.push((term, term_en));
    }
    json.push_str("]\n");
    (json, terms)
}

/// A synthetic article of `passages` sentences, five per paragraph (line),
/// written with the seed's vocabulary: `innovation` in every other passage,
/// `xylographie` in one passage in a thousand, other words drawn uniformly.
pub fn synthetic_article(passages: usize) -> String {
    let seed_text = format!(
        "{} {}",
        chongqing_glossary::EMBEDDED_SOURCE,
        chongqing_glossary::EMBEDDED_GLOSSARY
    );
    let mut vocabulary: Vec<&str> = seed_text
        .split(|c: char| !(c.is_alphanumeric() || c == '’' || c == '\''))
        // Letters first: a sentence starting with a digit (`21e`) would merge
        // with the one before it under UAX #29.
        .filter(|w| w.chars().count() > 1 && w.starts_with(char::is_alphabetic))
        .filter(|w| !fold(w).contains("innovation"))
        .collect();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut text = String::with_capacity(passages * 160);
    for i in 0..passages {
        let words = 12 + rng.below(14);
        for w in 0..words {
            if w > 0 {
                text.push(' ');
            }
            let word = if i % 2 == 0 && w == words / 2 {
                "innovation"
            } else if i % 1000 == 1 && w == 1 {
                "xylographie"
            } else {
                vocabulary[rng.below(vocabulary.len())]
            };
            push_word(&mut text, word, w == 0);
        }
        text.push_str(if i % 5 == 4 { ".\n" } else { ". " });
    }
    text
}

/// About `bytes` of text that uses a termbase's terms (French and
/// English) among ordinary words, in sentences, for term recognition.
pub fn text_using(terms: &[(String, String)], bytes: usize) -> String {
    let fr = french_words();
    let mut rng = Rng(0xfeed_5eed_0000_0001);
    let mut text = String::with_capacity(bytes + 200);
    while text.len() < bytes {
        let (term, term_en) = &terms[rng.below(terms.len())];
        let filler = |rng: &mut Rng| fr[rng.below(fr.len())];
        text.push_str(&format!(
            "Le {} {} la {} et {} {}. The {} was {} again. ",
            filler(&mut rng),
            filler(&mut rng),
            term,
            filler(&mut rng),
            filler(&mut rng),
            term_en,
            ENGLISH[rng.below(ENGLISH.len())]
        ));
        if rng.below(8) == 0 {
            text.push('\n');
        }
    }
    text
}

/// The translation check by hand: each entry's names folded, and a
/// segment's finding counted when a French name occurs more often in the
/// folded source than the English names in the folded target (substring
/// counts: no inflection, no word boundaries, no statuses).
pub struct NaiveCheck {
    names: Vec<(Vec<String>, Vec<String>)>,
}

impl NaiveCheck {
    pub fn new(entries: &[chongqing_glossary::Entry]) -> NaiveCheck {
        NaiveCheck {
            names: entries
                .iter()
                .map(|e| {
                    (
                        e.french_names().map(fold).collect(),
                        e.english_names().map(fold).collect(),
                    )
                })
                .collect(),
        }
    }

    /// How many findings the pairs give.
    pub fn findings<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> usize {
        let mut findings = 0;
        for (source, target) in pairs {
            let (source, target) = (fold(source), fold(target));
            for (french, english) in &self.names {
                let count = |text: &str, names: &[String]| -> usize {
                    names.iter().map(|n| text.matches(n.as_str()).count()).sum()
                };
                let n = count(&source, french);
                if n > 0 && count(&target, english) < n {
                    findings += 1;
                }
            }
        }
        findings
    }
}

/// About `bytes` of segment pairs (source and target together) for a
/// check: each French sentence of `sentences` with, as its target, the
/// English names of the entries it names, one in three left out (so there
/// are findings).
pub fn check_pairs(
    glossary: &chongqing_glossary::Glossary,
    sentences: &[&str],
    bytes: usize,
) -> Vec<(String, String)> {
    let mut rng = Rng(0x0c4e_c4ed_0000_0001);
    let mut pairs = Vec::new();
    let mut total = 0;
    while total < bytes {
        let source = sentences[rng.below(sentences.len())].to_string();
        let mut target = String::from("The text");
        for m in glossary.annotate(&source) {
            let entry = glossary.entry(m.entry.as_str()).unwrap();
            if rng.below(3) != 0 {
                target.push_str(&format!(" on the {}", entry.term_en.as_str()));
            }
        }
        target.push('.');
        total += source.len() + target.len();
        pairs.push((source, target));
    }
    pairs
}

/// Appends `word` to a sentence being written, capitalized when it is the
/// `first` (UAX #29 does not break a sentence before a lowercase word).
pub fn push_word(text: &mut String, word: &str, first: bool) {
    if first {
        let mut chars = word.chars();
        text.extend(chars.next().into_iter().flat_map(char::to_uppercase));
        text.push_str(chars.as_str());
    } else {
        text.push_str(word);
    }
}
