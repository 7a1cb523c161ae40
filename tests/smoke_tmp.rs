use chongqing_glossary::*;
#[test]
fn smoke() {
    let g = Glossary::embedded().unwrap();
    for p in g.passages() {
        println!("{} {:?} | {}", p.id, p.mentions, p.text);
    }
    for e in g.entries() {
        println!("{} related {:?}", e.id, e.related);
    }
    for q in [
        "pôle d'innovation santé",
        "Chengdu Chongqing economic circle",
        "zone pilote de reforme",
        "innovatoin",
        "2027",
        "innovation hubs",
        "\"santé et vie\"",
        "financiere",
        "pilot finance zone",
    ] {
        let r = g.search(&Query::new(q)).unwrap();
        println!("== {q} total={} {:?}", r.total_hits, r.elapsed);
        for h in r.hits.iter().take(5) {
            println!(
                "  {:.3} {} {:?}",
                h.score,
                h.id(),
                h.snippet.highlighted().collect::<Vec<_>>()
            );
        }
    }
    println!("{:?}", g.suggest("pole d'innovation sa", 5).unwrap());
    println!("{:?}", g.suggest("finan", 5).unwrap());
}
