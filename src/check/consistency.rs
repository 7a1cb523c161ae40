//! Consistency across a file: which approved names of the target language
//! rendered each entry, segment by segment, so that an entry rendered one
//! way here and another way there is reported once, with every variant.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::segment::suggested;
use super::{Finding, FindingKind, Side, Variant};
use crate::engine::Engine;

/// The renderings of each entry seen so far.
#[derive(Default)]
pub(super) struct Consistency {
    entries: HashMap<u32, Renderings>,
    /// The last segment where an entry was first rendered a second way.
    pub(super) last_divergence: Option<usize>,
}

/// How one entry was rendered.
struct Renderings {
    /// Each name used (its position in `Entry::names`), with the segments
    /// that used it, in order of first use.
    names: Vec<(u16, Vec<usize>)>,
    /// Where a second name was first used.
    diverged: Option<Divergence>,
}

/// The segment where an entry was first rendered a second way, the entry's
/// source occurrences there and the new name's occurrences in the target.
type Divergence = (usize, Vec<Range<usize>>, Vec<Range<usize>>);

impl Consistency {
    /// Entry `entry`, named at `source` in segment `segment`, was rendered
    /// by the approved names `rendered` (name, span) of its target.
    pub(super) fn rendered(
        &mut self,
        entry: u32,
        segment: usize,
        source: &[Range<usize>],
        rendered: &[(u16, Range<usize>)],
    ) {
        if rendered.is_empty() {
            return;
        }
        let r = self.entries.entry(entry).or_insert(Renderings {
            names: Vec::new(),
            diverged: None,
        });
        for (nth, _) in rendered {
            match r.names.iter_mut().find(|(n, _)| n == nth) {
                Some((_, segments)) => {
                    if segments.last() != Some(&segment) {
                        segments.push(segment);
                    }
                }
                None => {
                    r.names.push((*nth, vec![segment]));
                    if r.names.len() == 2 && r.diverged.is_none() {
                        let spans = rendered
                            .iter()
                            .filter(|(n, _)| n == nth)
                            .map(|(_, span)| span.clone())
                            .collect();
                        r.diverged = Some((segment, source.to_vec(), spans));
                        self.last_divergence = Some(segment);
                    }
                }
            }
        }
    }

    /// One finding per entry rendered by more than one name, in entry
    /// order of divergence (the caller orders findings by segment).
    pub(super) fn findings<'g>(self, engine: &'g Engine, target_english: bool) -> Vec<Finding<'g>> {
        let mut found: Vec<(u32, Renderings)> = self
            .entries
            .into_iter()
            .filter(|(_, r)| r.names.len() > 1)
            .collect();
        found.sort_by_key(|(e, r)| (r.diverged.as_ref().map(|d| d.0), *e));
        found
            .into_iter()
            .filter_map(|(id, r)| {
                let e = &engine.entries()[id as usize];
                let (segment, source, target) = r.diverged?;
                let names: Vec<&'g str> = e.names().map(|(n, _)| n.as_str()).collect();
                let variants = r
                    .names
                    .into_iter()
                    .map(|(nth, segments)| Variant {
                        name: Cow::Borrowed(names.get(nth as usize).copied().unwrap_or("")),
                        segments,
                    })
                    .collect();
                let mut finding = Finding::new(
                    segment,
                    &e.id,
                    FindingKind::Inconsistent,
                    Side::Target,
                    (source, target),
                    suggested(e, target_english, true),
                );
                finding.variants = variants;
                Some(finding)
            })
            .collect()
    }
}
