#!/usr/bin/env bash
# Whole-file scaling benchmark: aligns presegmented German-French documents of about
# 1k, 10k, 100k (and with --full 1M) sentences per side, made by concatenating the
# Text+Berg documents of corpora/, and prints the best time of three runs and its peak
# memory (/usr/bin/time). The machine's timings vary from run to run; the best of three
# is the least disturbed.
# Usage: scripts/bench_scale.sh [--full] [THREADS]   (THREADS sets RAYON_NUM_THREADS)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=(1000 10000 100000)
if [ "${1:-}" = "--full" ]; then sizes+=(1000000); shift; fi
threads=${1:-1}
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docs=(dev test0 test1 test2 test3 test4 test5 test6)
echo "| sentences (src / tgt) | time | peak memory |"
echo "|---|---:|---:|"
for n in "${sizes[@]}"; do
    : > "$work/src"; : > "$work/tgt"
    while [ "$(wc -l < "$work/src")" -lt "$n" ]; do
        for d in "${docs[@]}"; do
            cat "corpora/textberg/$d.de" >> "$work/src"
            cat "corpora/textberg/$d.fr" >> "$work/tgt"
        done
    done
    # Cut both sides at the same fraction so that they stay translations of each other.
    total=$(wc -l < "$work/src")
    tgt_lines=$(( $(wc -l < "$work/tgt") * n / total ))
    head -n "$n" "$work/src" > "$work/s"; head -n "$tgt_lines" "$work/tgt" > "$work/t"
    best=""
    for run in 1 2 3; do
        stats=$( { RAYON_NUM_THREADS=$threads /usr/bin/time -f "%e %M" target/release/mizan align \
            --presegmented --src-lang de --tgt-lang fr --format beads "$work/s" "$work/t" > /dev/null; } 2>&1 )
        line=$(echo "$stats" | tail -1)
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
            best=$line
        fi
    done
    read -r seconds kilobytes <<< "$best"
    echo "| $n / $tgt_lines | ${seconds} s | $((kilobytes / 1024)) MB |"
done
