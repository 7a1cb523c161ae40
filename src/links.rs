//! Links computed at load time: which passages mention which entries (and
//! where), and which entries each definition mentions. Both come from
//! [`TermMatcher`], the matching behind
//! [`Glossary::annotate`](crate::Glossary::annotate).

use std::ops::Range;

use crate::annotate::RawMatch;

/// Where one entry is mentioned: the passage (by index) and the span of the
/// mention in the passage's text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct MentionAt {
    pub passage: u32,
    pub span: Range<usize>,
}

/// The links of a loaded glossary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Links {
    /// For each entry: its mentions, in text order.
    pub entry_mentions: Vec<Vec<MentionAt>>,
    /// For each passage: the entries it mentions, in entry order, once each.
    pub passage_mentions: Vec<Vec<u32>>,
    /// For each entry: the other entries its definition mentions, in entry order.
    pub related: Vec<Vec<u32>>,
}

impl Links {
    /// Empty links for `entries` entries.
    pub(crate) fn new(entries: usize) -> Links {
        Links {
            entry_mentions: vec![Vec::new(); entries],
            passage_mentions: Vec::new(),
            related: vec![Vec::new(); entries],
        }
    }

    /// Records the matches found in the next passage, whose text starts at
    /// byte `base` of the matched text.
    pub(crate) fn add_passage(&mut self, matches: &[RawMatch], base: usize) {
        let passage = self.passage_mentions.len() as u32;
        let mut entries: Vec<u32> = matches.iter().map(|m| m.entry).collect();
        entries.sort_unstable();
        entries.dedup();
        for m in matches {
            self.entry_mentions[m.entry as usize].push(MentionAt {
                passage,
                span: m.span.start - base..m.span.end - base,
            });
        }
        self.passage_mentions.push(entries);
    }

    /// Records the matches found in the definition of entry `entry`.
    pub(crate) fn add_definition(&mut self, entry: u32, matches: &[RawMatch]) {
        let mut related: Vec<u32> = matches
            .iter()
            .map(|m| m.entry)
            .filter(|&e| e != entry)
            .collect();
        related.sort_unstable();
        related.dedup();
        self.related[entry as usize] = related;
    }
}

impl Links {
    /// The links of saved mentions (per entry) and related entries (by
    /// position): passages' mentions derived.
    pub(crate) fn from_saved(
        entry_mentions: Vec<Vec<MentionAt>>,
        related: Vec<Vec<u32>>,
        passages: usize,
    ) -> Links {
        let mut passage_mentions = vec![Vec::new(); passages];
        for (e, mentions) in entry_mentions.iter().enumerate() {
            for m in mentions {
                let list: &mut Vec<u32> = &mut passage_mentions[m.passage as usize];
                if list.last() != Some(&(e as u32)) {
                    list.push(e as u32);
                }
            }
        }
        Links {
            entry_mentions,
            passage_mentions,
            related,
        }
    }
}
