#!/usr/bin/env bash
# Renders mizan's HTML review page of the sample pair (plus a hostile sentence) in
# headless Chromium (Debian's `chromium` package, installed when missing) and checks the
# DOM Chromium built: one row per bead, the Arabic column right-to-left, no script from
# the text, and a non-empty screenshot. Prints PASS/FAIL; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# Exit code 77 (the automake convention for "skipped") when Chromium is missing and
# cannot be installed here (no root, no Debian mirror), so that CI can tell a skip from
# a failure.
if ! command -v chromium >/dev/null; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
        echo "SKIP: chromium is not installed and could not be installed (apt-get install chromium)"
        exit 77
    fi
fi
cargo build --release --quiet
# Where cargo put the binary (CARGO_TARGET_DIR when set).
mizan="${CARGO_TARGET_DIR:-target}/release/mizan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp corpora/qatar-talks/en.txt "$work/en.txt"
cp corpora/qatar-talks/ar.txt "$work/ar.txt"
printf '\nHostile <script>document.title="pwned"</script> line <img src=x onerror="document.title=1">.\n' >> "$work/en.txt"
"$mizan" align --format html "$work/en.txt" "$work/ar.txt" -o "$work/page.html"
beads=$("$mizan" align --format beads "$work/en.txt" "$work/ar.txt" | wc -l)
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --user-data-dir="$work/profile" --window-size=1400,1000)
chromium "${flags[@]}" --dump-dom "file://$work/page.html" > "$work/dom.html" 2>/dev/null
chromium "${flags[@]}" --screenshot="$work/page.png" "file://$work/page.html" >/dev/null 2>&1
rows=$(grep -o '<tr class=' "$work/dom.html" | wc -l)
rtl=$(grep -o '<td lang="ar" dir="rtl">' "$work/dom.html" | wc -l)
scripts=$(grep -o '<script>' "$work/dom.html" | wc -l)
title=$(grep -o '<title>[^<]*</title>' "$work/dom.html")
png=$(stat -c %s "$work/page.png" 2>/dev/null || echo 0)
echo "beads $beads, rows $rows, rtl cells $rtl, script elements $scripts, $title, screenshot $png bytes"
if [ "$rows" -eq "$beads" ] && [ "$rtl" -eq "$beads" ] && [ "$scripts" -eq 1 ] \
    && ! grep -q pwned <<< "$title" && [ "$png" -gt 10000 ]; then
    echo PASS
else
    echo FAIL
    exit 1
fi
