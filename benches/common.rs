//! The naive baseline shared by the benches: what a user would write by hand
//! without a search library. Fold case and accents, then count which query
//! words each record contains as a substring, and keep the best ten.

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
