#!/usr/bin/env bash
# Fuzzes the segmenter, the normalizer and the whole pipeline with cargo-fuzz
# (libFuzzer + AddressSanitizer), each target for a bounded time, and reports what it ran.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]    # default: 60 s each for segment, normalize, align
#
# cargo-fuzz passes -Z flags to rustc, which only nightly compilers accept; with
# RUSTC_BOOTSTRAP=1 a stable one accepts them too, so no other toolchain is needed.
# Seeds come from corpora/ (a few paragraphs of each text); what libFuzzer finds is
# kept in fuzz/corpus/TARGET, a crashing input in fuzz/artifacts/TARGET (both ignored
# by git). Reproduce a crash with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-...
# Exit status: 0 when every target ran its time without a failure, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(segment normalize align)
fi
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# Longest input libFuzzer makes; the seeds are cut below it. Longer inputs only slow
# the search: the integration tests cover large ones.
max_len=8192
# An input that runs longer than this is reported as a hang.
timeout=10

# seed FILE: the first 12 lines of a corpus text (about a paragraph or a few sentences).
first_lines() { head -n 12 "$1" | head -c 3000; }

seed() {
    local corpus=fuzz/corpus
    mkdir -p "$corpus/segment" "$corpus/normalize" "$corpus/align"
    local n=0
    # Selector bytes 0-6 pick en, ar, fr, de, fa, es and the generic profile.
    for spec in 0:qatar-talks/en.txt 1:qatar-talks/ar.txt 0:udhr/en.txt 1:udhr/ar.txt \
        2:segmentation/fr.txt 0:segmentation/en.txt 1:segmentation/ar.txt \
        3:textberg/dev.de 2:textberg/dev.fr 6:textberg/test0.de; do
        local selector=${spec%%:*} file=corpora/${spec#*:}
        n=$((n + 1))
        { printf "\\x0$selector"; first_lines "$file"; } >"$corpus/segment/seed-$n"
        first_lines "$file" >"$corpus/normalize/seed-$n"
    done
    # Option byte: bits 0-1 the language pair (en-ar, ar-en, de-fr, en-generic),
    # bit 2 presegmented, bit 3 lexicon learning, bits 4-5 the largest bead less one,
    # bit 6 XLSX output too (slow: a zip file per input).
    for spec in 0x38:qatar-talks/en.txt:qatar-talks/ar.txt \
        0x3c:qatar-talks/en.sents.txt:qatar-talks/ar.sents.txt \
        0x10:udhr/en.txt:udhr/ar.txt 0x39:udhr/ar.txt:udhr/en.txt \
        0x3e:textberg/dev.de:textberg/dev.fr 0x2a:textberg/test1.de:textberg/test1.fr \
        0x03:segmentation/en.txt:segmentation/fr.txt \
        0x78:qatar-talks/en.txt:qatar-talks/ar.txt; do
        IFS=: read -r options src tgt <<<"$spec"
        n=$((n + 1))
        {
            printf "\\x${options#0x}"
            first_lines "corpora/$src"
            printf '\xff'
            first_lines "corpora/$tgt"
        } >"$corpus/align/seed-$n"
    done
}

seed
echo "building the fuzz targets (release, AddressSanitizer)..."
cargo fuzz build >/dev/null

mkdir -p fuzz/logs
failed=0
report=()
for target in "${targets[@]}"; do
    log=fuzz/logs/$target.log
    echo "fuzzing $target for ${seconds} s (log: $log)"
    status=ok
    if ! cargo fuzz run "$target" -- -max_total_time="$seconds" -max_len="$max_len" \
        -timeout="$timeout" -print_final_stats=1 >"$log" 2>&1; then
        status="FAILED: $(grep -m1 -o 'Test unit written to .*' "$log" | sed 's/.*to //' || true)"
        failed=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    corpus_size=$(find "fuzz/corpus/$target" -type f | wc -l)
    report+=("$(printf '%-10s %6s s %12s execs %6s corpus files  %s' \
        "$target" "$seconds" "$runs" "$corpus_size" "$status")")
done

echo
echo "target      time          runs               corpus          result"
printf '%s\n' "${report[@]}"
if [ "$failed" -ne 0 ]; then
    echo "a target failed: see its log and fuzz/artifacts/" >&2
fi
exit "$failed"
