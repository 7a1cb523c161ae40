//! The function words of a name (`de`, `et`, `of`, `the` …), which
//! analysis drops as stop words but a match must still find: the alias
//! `santé et vie` matches `de la santé et de la vie` (extra function words
//! are fine) but not `la santé de la vie` (its own `et` is missing).
//!
//! Function words are compared in a canonical form, so that what French
//! writes several ways counts as one word: elided forms are written out
//! (`d’` is `de`, `l’` is `le`), articles are one (`le`, `la`, `les`, `l’`),
//! contractions are their parts (`du` and `des` are `de le`, `aux` is `à
//! le`), and `&`, `et` and `and` are one conjunction: `zone pilote de la
//! réforme` matches `zones pilotes des réformes`.

use crate::analysis::push_folded;

/// A function word in its canonical form.
pub(crate) type FunctionWord = Box<str>;

/// The canonical function words of `gap`, the text between two words of a
/// name or of a text, in order.
pub(crate) fn function_words(gap: &str) -> Vec<FunctionWord> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<FunctionWord>| {
        if !word.is_empty() {
            out.extend(canonical(word).iter().map(|w| Box::<str>::from(*w)));
            word.clear();
        }
    };
    for c in gap.chars() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                push_folded(&mut word, lower);
            }
        } else {
            flush(&mut word, &mut out);
            if c == '&' {
                out.push("et".into());
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The canonical form of one folded, lowercase word: one word, two for a
/// contraction.
fn canonical(word: &str) -> Vec<&str> {
    match word {
        "l" | "la" | "les" => vec!["le"],
        "d" => vec!["de"],
        "du" | "des" => vec!["de", "le"],
        "au" | "aux" => vec!["a", "le"],
        "and" => vec!["et"],
        "qu" => vec!["que"],
        "j" => vec!["je"],
        "m" => vec!["me"],
        "n" => vec!["ne"],
        "s" => vec!["se"],
        "t" => vec!["te"],
        "c" => vec!["ce"],
        "jusqu" => vec!["jusque"],
        "lorsqu" => vec!["lorsque"],
        "puisqu" => vec!["puisque"],
        "quoiqu" => vec!["quoique"],
        other => vec![other],
    }
}

/// Whether `needed` occur in `found` in order, other words between them
/// allowed.
pub(crate) fn holds(found: &[FunctionWord], needed: &[FunctionWord]) -> bool {
    let mut found = found.iter();
    needed.iter().all(|n| found.any(|f| f == n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(gap: &str) -> Vec<String> {
        function_words(gap).into_iter().map(String::from).collect()
    }

    #[test]
    fn gaps_give_canonical_function_words() {
        let cases: &[(&str, &[&str])] = &[
            (" ", &[]),
            ("-", &[]),
            (" et ", &["et"]),
            (" de la ", &["de", "le"]),
            (" d’", &["de"]),
            (" de l'", &["de", "le"]),
            (" des ", &["de", "le"]),
            (" du ", &["de", "le"]),
            (" aux ", &["a", "le"]),
            (" & ", &["et"]),
            (" and the ", &["et", "the"]),
            (" of ", &["of"]),
            (", ", &[]),
            (" À ", &["a"]),
        ];
        for (gap, expected) in cases {
            assert_eq!(words(gap), *expected, "{gap:?}");
        }
    }

    #[test]
    fn a_names_own_function_words_must_be_there_in_order() {
        let need = function_words(" et ");
        assert!(holds(&function_words(" et de la "), &need));
        assert!(!holds(&function_words(" de la "), &need));
        assert!(holds(&function_words(" "), &function_words(" ")));
        let need = function_words(" de la ");
        assert!(holds(&function_words(" de la "), &need));
        assert!(holds(&function_words(" du "), &need));
        assert!(!holds(&function_words(" la de "), &need));
    }
}
