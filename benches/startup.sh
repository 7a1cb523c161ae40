#!/usr/bin/env bash
# Whole-process start-up, as a person running one query feels it.
#
#   bash benches/startup.sh            # the embedded data: the CLI, grep, the bm25 peer
#   bash benches/startup.sh 100k       # the 100k-passage corpus of benches/scale.rs
#                                      # (run `cargo bench --bench scale` once first)
#
# Times come from one hyperfine run (same machine, same minute), so read them
# as ratios; peak RSS from /usr/bin/time -v. Results go to target/startup/
# (hyperfine's JSON, and rss.tsv), which `cargo run --example charts` draws.
# Needs hyperfine and GNU time (Debian: apt install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "startup.sh: $tool is not installed" >&2; exit 1; }
done
cargo build --release --quiet --example search --example peer_bm25
search=target/release/examples/search
out=target/startup
mkdir -p "$out"

case "${1:-embedded}" in
embedded)
    query=innovation
    names=(grep search peer_bm25)
    commands=(
        "grep -i $query data/source.fr.txt"
        "$search --json $query"
        "target/release/examples/peer_bm25 $query"
    )
    json=$out/embedded.json
    rss=$out/embedded-rss.tsv
    ;;
100k)
    data=target/scale-corpus/100k
    [ -f "$data/source.fr.txt" ] || { echo "startup.sh: $data is missing: run cargo bench --bench scale first" >&2; exit 1; }
    # The saved index is built once, outside the measurement.
    "$search" --data "$data" --index-dir "$data/index" -n 1 "zone pilote" >/dev/null
    names=(grep reused built)
    commands=(
        "grep -ci 'zone pilote' $data/source.fr.txt"
        "$search --data $data --index-dir $data/index --json 'zone pilote'"
        "$search --data $data --json 'zone pilote'"
    )
    json=$out/100k.json
    rss=$out/100k-rss.tsv
    ;;
*)
    echo "startup.sh: unknown corpus '$1' (embedded or 100k)" >&2
    exit 2
    ;;
esac

args=()
for i in "${!names[@]}"; do
    args+=(-n "${names[$i]}" "${commands[$i]}")
done
hyperfine -N --warmup 5 --runs "${RUNS:-60}" --export-json "$json" "${args[@]}"

printf 'command\tpeak_rss_kb\n' >"$rss"
for i in "${!names[@]}"; do
    # The highest of five runs.
    peak=0
    for _ in 1 2 3 4 5; do
        kb=$(eval "/usr/bin/time -f %M ${commands[$i]}" 2>&1 >/dev/null | tail -1)
        [ "$kb" -gt "$peak" ] && peak=$kb
    done
    printf '%s\t%s\n' "${names[$i]}" "$peak" >>"$rss"
done
column -t "$rss"
