#!/usr/bin/env python3
"""Robustness to a long passage on one side only: for each document of a gold manifest
(mizan eval-corpora's format), inserts a block of unrelated text in the target language
(the first lines of FILLER, a file of one sentence per line) at the start, in the
middle and at the end of the target side, as long as a quarter and as half the
document's target side (capped by the filler's length), extends the gold with the
block as added sentences, aligns each variant with mizan and prints strict F1 per set.

Usage: passage_eval.py MIZAN MANIFEST LANG=FILLER... [-- MIZAN_ARGS...]
  e.g. passage_eval.py target/release/mizan corpora/dev.tsv fr=corpora/udhr-fr/fr.txt

A page that carries a second article or a block of related links is the case this
measures: the texts' length ratio is then wrong, and a band around the length diagonal
misses the path."""
import pathlib
import subprocess
import sys
import tempfile

from beads import format_bead, read_beads


def sentences(path):
    # Non-empty lines are sentences (--presegmented); blank lines mark paragraphs.
    return pathlib.Path(path).read_text(encoding="utf-8").splitlines()


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1 :]
        args = args[: args.index("--")]
    mizan, manifest = args[0], pathlib.Path(args[1])
    fillers = dict(a.split("=", 1) for a in args[2:])
    totals = {}
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        for row in manifest.read_text(encoding="utf-8").splitlines():
            if not row.strip() or row.startswith("#") or row.startswith("set\t"):
                continue
            name, src, tgt, gold, src_lang, tgt_lang = row.split("\t")[:6]
            if tgt_lang not in fillers:
                continue
            base = manifest.parent
            filler = [l for l in sentences(fillers[tgt_lang]) if l.strip()]
            tgt_lines = sentences(base / tgt)
            count = sum(1 for l in tgt_lines if l.strip())
            gold_beads = read_beads(base / gold)
            for share in (0.25, 0.5):
                block = filler[: max(1, min(len(filler), round(count * share)))]
                for where in ("start", "middle", "end"):
                    # Insert between sentences: after `before` target sentences.
                    before = {"start": 0, "middle": count // 2, "end": count}[where]
                    # Place the block after the gold bead that ends at or before `before`.
                    cut, seen = 0, 0
                    for k, (s, t) in enumerate(gold_beads):
                        if t and max(t) >= before:
                            break
                        cut = k + 1
                    seen = max((max(t) + 1 for s, t in gold_beads[:cut] if t), default=0)
                    before = seen
                    out_lines, n = [], 0
                    for line in tgt_lines:
                        if n == before and line.strip() and block:
                            out_lines += block + [""]
                            block_done = True
                        if line.strip():
                            n += 1
                        out_lines.append(line)
                    if before == count:
                        out_lines += [""] + block
                    shifted = []
                    for k, (s, t) in enumerate(gold_beads):
                        if k == cut:
                            shifted += [([], [before + i]) for i in range(len(block))]
                        shifted.append((s, [j + len(block) if j >= before else j for j in t]))
                    if cut == len(gold_beads):
                        shifted += [([], [before + i]) for i in range(len(block))]
                    v = work / f"{name}-{share}-{where}"
                    v.mkdir(exist_ok=True)
                    (v / "tgt").write_text("\n".join(out_lines) + "\n", encoding="utf-8")
                    (v / "gold").write_text(
                        "".join(format_bead(s, t) for s, t in shifted), encoding="utf-8"
                    )
                    out = subprocess.run(
                        [mizan, "align", "--presegmented", "--src-lang", src_lang,
                         "--tgt-lang", tgt_lang, "--format", "beads", *extra,
                         str(base / src), str(v / "tgt")],
                        check=True, capture_output=True, text=True,
                    ).stdout
                    (v / "out").write_text(out, encoding="utf-8")
                    score = subprocess.run(
                        [mizan, "eval", "--gold", str(v / "gold"), "--test", str(v / "out")],
                        check=True, capture_output=True, text=True,
                    ).stdout
                    f1 = float(next(l for l in score.splitlines() if l.startswith("strict")).split("\t")[3])
                    totals.setdefault(name, []).append(f1)
                    print(f"{name}\t{share}\t{where}\t{f1:.3f}", file=sys.stderr)
    for name, f1s in totals.items():
        print(f"{name}\tmean strict F1 over {len(f1s)} variants\t{sum(f1s) / len(f1s):.3f}")


if __name__ == "__main__":
    main()
