#!/usr/bin/env bash
# Batch throughput: `mizan batch --presegmented` on 10,000 pairs of 30-60 gold beads cut
# from the corpora (scripts/make_batch_corpus.py), reading and writing included, on one
# and two threads; prints the best of three runs (sentences per second, peak memory).
# Usage: scripts/bench_batch.sh [PAIRS [FLAGS...]]   (default 10000; FLAGS are passed to
# `mizan batch`, e.g. --no-core-lexicon). The pairs and outputs go under $TMPDIR (/tmp
# when unset): TMPDIR=/dev/shm leaves the file system's own cost out.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-10000}
shift || true
cargo build --release --quiet
# Where cargo put the binary (CARGO_TARGET_DIR when set).
mizan="${CARGO_TARGET_DIR:-target}/release/mizan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/make_batch_corpus.py "$pairs" "$work/in" > /dev/null
echo "| threads | time | sentences/s | peak memory |"
echo "|---:|---:|---:|---:|"
for threads in 1 2; do
    best=""
    for run in 1 2 3; do
        out="$work/out-$threads-$run"
        stats=$( { /usr/bin/time -f "%e %M" "$mizan" batch --manifest "$work/in/manifest.tsv" \
            --presegmented --out-dir "$out" -j "$threads" --summary-json "$out.json" --quiet "$@"; } 2>&1 )
        line=$(echo "$stats" | tail -1)
        sentences=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(s['src_sentences']+s['tgt_sentences'])" "$out.json")
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
            best="$line $sentences"
        fi

    done
    read -r seconds kilobytes sentences <<< "$best"
    rate=$(awk -v n="$sentences" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
    echo "| $threads | ${seconds} s | $rate | $((kilobytes / 1024)) MB |"
done
