//! Inflection, not derivation: the forms term recognition matches a name
//! by (annotation, mentions, the translation check). Search stems for
//! recall with Snowball, which folds derivations together (`segmentation`
//! and `segment`, `hosting` and `host`); a termbase's names are other
//! terms' neighbours, so recognition reduces a word only by its
//! inflection, as the light stemmers of search engines do for this reason:
//!
//! - English nouns and adjectives ([`english_light`]): number and the
//!   possessive, after Harman's S-stemmer ("How effective is suffixing?",
//!   JASIS 42(1), 1991), which Lucene's `EnglishMinimalStemFilter`
//!   implements: `-ies` → `-y`, a final `-s` dropped (so `-es` → `-e`;
//!   not after `s`, `u`, `i`), and `'s`, `’s`, `s'` dropped. Two rules of this crate
//!   on top, applied to names and texts alike so that they agree: a final
//!   `e` after `x`, `ch`, `sh`, `ss`, `z` goes (`boxes` → `boxe` → `box`).
//! - French nouns and adjectives ([`french_light`]): number and gender,
//!   after Savoy's light stemmers ("A stemming procedure and stopword list
//!   for general French corpora", JASIS 50(10), 1999; Lucene's
//!   `FrenchMinimalStemFilter` and `FrenchLightStemFilter`): the plural
//!   `-s`, `-x`, `-aux` → `-al` (and a final `-au`, so that `matériau` and
//!   `matériaux` agree), the feminine `-e` with the consonant it doubles
//!   (`-elle`, `-enne`, `-ette`), `-ière` → `-ier`, `-ère` → `-er`,
//!   `-euse` → `-eur`, `-trice` → `-teur`, `-ive` → `-if`. It runs on the
//!   folded word, as the rest of the French analysis does: accents left
//!   out of a text do not matter (`sante` is `santé`), so a final `é` and
//!   a final `e` are one (`publié`, `publiée`).
//! - Verbs, for a name whose part of speech is a verb ([`english_verb`],
//!   [`french_verb`]): their conjugated forms. English `-s`, `-es`, `-ed`,
//!   `-ied`, `-ing`, a final `e` and a doubled consonant (`configure`,
//!   `configured`, `configuring`, `stopped`); French the endings of the
//!   first and second groups (`configurer`, `configuré`, `configurons`,
//!   `configuraient`; `finir`, `finissons`). A noun never takes these: the
//!   noun `host` does not match `hosting`.
//!
//! Each function takes a word as the exact analysis gives it (lowercase;
//! French folded) and gives the form that names and texts are compared by;
//! a word shorter than four letters is left as it is (`bus`, `gaz`).

use std::borrow::Cow;

/// The shortest word a rule reduces, in characters.
const MIN_WORD: usize = 4;

/// What is left of a word after a suffix, at least this long.
const MIN_STEM: usize = 3;

fn chars(word: &str) -> usize {
    word.chars().count()
}

/// `word` without `suffix`, when what is left is long enough.
fn strip<'a>(word: &'a str, suffix: &str) -> Option<&'a str> {
    word.strip_suffix(suffix)
        .filter(|stem| chars(stem) >= MIN_STEM)
}

/// English number and possessive (see the module docs).
pub fn english_light(word: &str) -> Cow<'_, str> {
    let word = possessive(word);
    if chars(word) < MIN_WORD {
        return Cow::Borrowed(word);
    }
    let plural: Cow<'_, str> = if let Some(stem) = word
        .strip_suffix("ies")
        .filter(|s| !s.ends_with(['e', 'a']) && chars(s) >= 2)
    {
        Cow::Owned(format!("{stem}y"))
    } else if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        Cow::Borrowed(&word[..word.len() - 1])
    } else {
        Cow::Borrowed(word)
    };
    // `boxes` → `boxe` and `box` agree as `box`; `classes` and `class` as
    // `class`.
    match plural.strip_suffix('e') {
        Some(stem)
            if stem.ends_with('x')
                || stem.ends_with("ch")
                || stem.ends_with("sh")
                || stem.ends_with("ss")
                || stem.ends_with('z') =>
        {
            Cow::Owned(stem.to_string())
        }
        _ => plural,
    }
}

/// A word without its possessive: `hub's`, `hub’s` → `hub`; `hubs'` →
/// `hubs`.
fn possessive(word: &str) -> &str {
    for mark in ["'s", "’s"] {
        if let Some(stem) = word.strip_suffix(mark).filter(|s| !s.is_empty()) {
            return stem;
        }
    }
    for mark in ["s'", "s’"] {
        if let Some(stem) = word.strip_suffix(mark).filter(|s| !s.is_empty()) {
            return &word[..stem.len() + 1];
        }
    }
    word
}

/// An English verb's conjugated forms (see the module docs).
pub fn english_verb(word: &str) -> Cow<'_, str> {
    let word = possessive(word);
    if chars(word) < MIN_WORD {
        return Cow::Borrowed(word);
    }
    let stem: Cow<'_, str> = if let Some(s) = strip(word, "ies").or_else(|| strip(word, "ied")) {
        Cow::Owned(format!("{s}y"))
    } else if let Some(s) = strip(word, "ing")
        .or_else(|| strip(word, "ed"))
        .or_else(|| strip(word, "es"))
        .or_else(|| {
            word.strip_suffix('s')
                .filter(|s| !s.ends_with('s') && chars(s) >= MIN_STEM)
        })
    {
        Cow::Borrowed(s)
    } else {
        Cow::Borrowed(word)
    };
    // `configure` and `configur(ed)` agree without the `e`; `stopped` and
    // `stop` without the doubled consonant.
    let stem = match stem.strip_suffix('e').filter(|s| chars(s) >= MIN_STEM) {
        Some(s) => Cow::Owned(s.to_string()),
        None => stem,
    };
    undouble(stem)
}

/// Without the last letter when the two last are one consonant twice
/// (`stopp` → `stop`, `européenn` → `européen`).
fn undouble(word: Cow<'_, str>) -> Cow<'_, str> {
    let mut tail = word.chars().rev();
    match (tail.next(), tail.next()) {
        (Some(a), Some(b))
            if a == b && a.is_alphabetic() && !is_vowel(a) && chars(&word) > MIN_STEM =>
        {
            let cut = word.len() - a.len_utf8();
            match word {
                Cow::Borrowed(w) => Cow::Borrowed(&w[..cut]),
                Cow::Owned(mut w) => {
                    w.truncate(cut);
                    Cow::Owned(w)
                }
            }
        }
        _ => word,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'â'
            | 'ä'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ô'
            | 'ö'
            | 'ù'
            | 'û'
            | 'ü'
            | 'ÿ'
    )
}

/// French number and gender of a lowercase, folded word (see the module
/// docs).
pub fn french_light(word: &str) -> Cow<'_, str> {
    if chars(word) < MIN_WORD {
        return Cow::Borrowed(word);
    }
    // Number.
    let word: Cow<'_, str> = if let Some(stem) = word.strip_suffix("aux") {
        Cow::Owned(format!("{stem}al"))
    } else if let Some(stem) = word.strip_suffix("au") {
        Cow::Owned(format!("{stem}al"))
    } else if let Some(stem) = word
        .strip_suffix(['s', 'x'])
        .filter(|s| chars(s) >= MIN_STEM)
    {
        Cow::Borrowed(stem)
    } else {
        Cow::Borrowed(word)
    };
    // Gender: the feminine's own endings, then its `e`.
    for (feminine, masculine) in [
        ("iere", "ier"),
        ("ere", "er"),
        ("euse", "eur"),
        ("trice", "teur"),
        ("ive", "if"),
    ] {
        if let Some(stem) = strip(&word, feminine) {
            return Cow::Owned(format!("{stem}{masculine}"));
        }
    }
    // The feminine `e`, after a participle's `é` folded to `e` too
    // (`publiée` → `publiee`).
    let stem = word.trim_end_matches('e');
    if stem.len() == word.len() || chars(stem) < MIN_STEM || word.len() - stem.len() > 2 {
        return word;
    }
    undouble(Cow::Owned(stem.to_string()))
}

/// The endings of French verbs of the first and second groups (the
/// longest one a word has is taken).
const FRENCH_VERB_ENDINGS: &[&str] = &[
    "issaient", "eraient", "issions", "assions", "issiez", "assiez", "issais", "issait", "issant",
    "issent", "assent", "erions", "eriez", "eront", "erons", "erais", "erait", "irais", "irait",
    "iront", "irons", "aient", "erent", "issez", "issons", "erai", "eras", "irai", "iras", "irez",
    "erez", "asse", "ames", "ates", "ions", "iez", "ais", "ait", "ant", "ons", "ent", "ees", "era",
    "ira", "ee", "ez", "er", "ir", "es", "as", "ai", "at", "is", "it", "ie", "e", "a", "i",
];

/// A French verb's conjugated forms, first and second groups, of a
/// lowercase, folded word (see the module docs).
pub fn french_verb(word: &str) -> Cow<'_, str> {
    if chars(word) < MIN_WORD {
        return Cow::Borrowed(word);
    }
    let longest = FRENCH_VERB_ENDINGS
        .iter()
        .filter_map(|ending| strip(word, ending))
        .min_by_key(|stem| stem.len());
    Cow::Borrowed(longest.unwrap_or(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs of words: the same form (`true`) or not.
    fn agree(f: fn(&str) -> Cow<'_, str>, cases: &[(&str, &str, bool)]) {
        for (a, b, same) in cases {
            assert_eq!(f(a) == f(b), *same, "{a} ({}) / {b} ({})", f(a), f(b));
        }
    }

    #[test]
    fn english_nouns_match_their_plurals_and_possessives_only() {
        agree(
            english_light,
            &[
                ("segment", "segments", true),
                ("policy", "policies", true),
                ("box", "boxes", true),
                ("class", "classes", true),
                ("match", "matches", true),
                ("case", "cases", true),
                ("hub", "hub's", true),
                ("hub", "hub’s", true),
                ("hub", "hubs'", true),
                ("trial", "trials", true),
                ("analysis", "analysis", true),
                ("bus", "bus", true),
                // Derivations stay apart.
                ("segment", "segmentation", false),
                ("upload", "uploader", false),
                ("host", "hosting", false),
                ("switch", "switching", false),
                ("configure", "configuration", false),
            ],
        );
    }

    #[test]
    fn english_verbs_match_their_conjugations() {
        agree(
            english_verb,
            &[
                ("configure", "configured", true),
                ("configure", "configuring", true),
                ("configure", "configures", true),
                ("host", "hosting", true),
                ("host", "hosted", true),
                ("stop", "stopped", true),
                ("stop", "stopping", true),
                ("apply", "applied", true),
                ("apply", "applies", true),
                ("apply", "applying", true),
                ("log", "logged", true),
                ("configure", "configuration", false),
                ("upload", "uploader", false),
            ],
        );
    }

    /// The French rules see folded words, as analysis gives them.
    fn fold(word: &str) -> String {
        word.chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'à' | 'â' => 'a',
                'î' | 'ï' => 'i',
                'ô' => 'o',
                'û' | 'ù' => 'u',
                'ç' => 'c',
                other => other,
            })
            .collect()
    }

    fn folded_agree(f: fn(&str) -> Cow<'_, str>, cases: &[(&str, &str, bool)]) {
        for (a, b, same) in cases {
            let (a, b) = (fold(a), fold(b));
            assert_eq!(f(&a) == f(&b), *same, "{a} ({}) / {b} ({})", f(&a), f(&b));
        }
    }

    #[test]
    fn french_nouns_and_adjectives_match_number_and_gender() {
        folded_agree(
            french_light,
            &[
                ("essai", "essais", true),
                ("clinique", "cliniques", true),
                ("zone", "zones", true),
                ("financier", "financière", true),
                ("financier", "financières", true),
                ("vert", "vertes", true),
                ("européen", "européennes", true),
                ("naturel", "naturelles", true),
                ("journal", "journaux", true),
                ("matériau", "matériaux", true),
                ("nouveau", "nouveaux", true),
                ("chercheur", "chercheuses", true),
                ("directeur", "directrice", true),
                ("actif", "actives", true),
                ("publié", "publiée", true),
                ("intelligent", "intelligentes", true),
                ("santé", "sante", true),
                ("pôle", "pole", true),
                ("lycée", "lycées", true),
                // Derivations.
                ("segment", "segmentation", false),
                ("règlement", "réglementation", false),
                ("innovation", "innover", false),
                ("pôle", "polaire", false),
            ],
        );
    }

    #[test]
    fn french_verbs_match_their_conjugations() {
        folded_agree(
            french_verb,
            &[
                ("configurer", "configuré", true),
                ("configurer", "configurons", true),
                ("configurer", "configurée", true),
                ("configurer", "configuraient", true),
                ("configurer", "configurera", true),
                ("configurer", "configure", true),
                ("finir", "finissons", true),
                ("finir", "finissent", true),
                ("finir", "fini", true),
                ("configurer", "configuration", false),
            ],
        );
    }
}
