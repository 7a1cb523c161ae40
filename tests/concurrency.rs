//! One `Glossary` shared by many threads gives every thread the answers a
//! single thread gets.

use std::sync::Arc;

use chongqing_glossary::{
    Category, Entry, Error, Glossary, GlossaryBuilder, Hit, HitKind, Passage, Query, SearchResults,
    Snippet,
};

/// Compile-time checks: these types can cross and be shared between threads.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Glossary>();
    send_sync::<GlossaryBuilder>();
    send_sync::<Query>();
    send_sync::<Entry>();
    send_sync::<Passage>();
    send_sync::<Snippet>();
    send_sync::<Hit<'static>>();
    send_sync::<SearchResults<'static>>();
    send_sync::<Error>();
};

const QUERIES: &[&str] = &[
    "pôle d'innovation santé",
    "Chengdu Chongqing economic circle",
    "zone pilote de reforme",
    "innovatoin",
    "\"santé et vie\"",
    "2027",
    "pilot finance zone",
    "l’innovation scientifique",
    "nouveau matériau",
    "R&D (",
];

fn queries() -> Vec<Query> {
    QUERIES
        .iter()
        .flat_map(|q| {
            [
                Query::new(*q),
                Query::new(*q).kind(HitKind::Passage).limit(3),
                Query::new(*q).category(Category::InnovationHub),
            ]
        })
        .collect()
}

/// What a search returns, minus the elapsed time.
fn answer(glossary: &Glossary, query: &Query) -> (usize, Vec<(String, u32, Snippet)>) {
    let r = glossary.search(query).unwrap();
    let hits = r
        .hits
        .iter()
        .map(|h| (h.id().to_string(), h.score.to_bits(), h.snippet.clone()))
        .collect();
    (r.total_hits, hits)
}

#[test]
fn eight_threads_get_the_single_threaded_answers() {
    let glossary = Arc::new(Glossary::embedded().unwrap());
    let queries = queries();
    let expected: Vec<_> = queries.iter().map(|q| answer(&glossary, q)).collect();
    let expected = Arc::new(expected);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let glossary = Arc::clone(&glossary);
            let expected = Arc::clone(&expected);
            let queries = queries.clone();
            std::thread::spawn(move || {
                for round in 0..100 {
                    // Each thread walks the set in its own order.
                    for i in 0..queries.len() {
                        let k = (i * 7 + t * 3 + round) % queries.len();
                        assert_eq!(
                            answer(&glossary, &queries[k]),
                            expected[k],
                            "thread {t}, query {k}"
                        );
                    }
                    let s = glossary.suggest("pôle", 4).unwrap();
                    assert_eq!(s.len(), 4);
                    assert!(glossary.lookup("pilot finance zone").is_some());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn scoped_threads_can_borrow_a_glossary() {
    let glossary = Glossary::embedded().unwrap();
    std::thread::scope(|s| {
        let a = s.spawn(|| glossary.search(&Query::new("zone")).unwrap().total_hits);
        let b = s.spawn(|| glossary.search(&Query::new("zone")).unwrap().total_hits);
        assert_eq!(a.join().unwrap(), b.join().unwrap());
    });
}
