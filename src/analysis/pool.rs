//! A pool of query-time analyses over a glossary's frozen vocabulary.

use std::sync::{Arc, Mutex};

use super::{FrenchOrder, TextAnalysis, Vocabulary};

/// Query-time analyses sharing the glossary's vocabulary, so that a known
/// word has its corpus id. Tantivy analyzers need `&mut` to run, so
/// concurrent searches borrow one from a small pool (creating one when all
/// are in use).
pub(crate) struct AnalyzerPool {
    base: Arc<Vocabulary>,
    order: FrenchOrder,
    pool: Mutex<Vec<TextAnalysis>>,
}

impl AnalyzerPool {
    pub(crate) fn new(base: Arc<Vocabulary>, order: FrenchOrder) -> AnalyzerPool {
        AnalyzerPool {
            base,
            order,
            pool: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with an analysis from the pool.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut TextAnalysis) -> R) -> R {
        let mut analysis = self
            .pool
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_else(|| TextAnalysis::with_base(self.order, Arc::clone(&self.base)));
        let out = f(&mut analysis);
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(analysis);
        }
        out
    }

    /// The glossary's vocabulary.
    pub(crate) fn vocabulary(&self) -> &Vocabulary {
        &self.base
    }
}
