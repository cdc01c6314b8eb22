#!/usr/bin/env python3
"""Writes a long presegmented German-French document pair and its gold alignment, made
by concatenating the Text+Berg documents of corpora/ (dev, test0-6, again and again)
until the source has N lines, for scripts/bench_scale.sh.

Usage: make_scale_corpus.py N SRC TGT GOLD [FIRST]

Both sides are cut at the same fraction of the whole, so that they stay translations of
each other; the gold is the documents' gold beads shifted by the lines before them,
without the sentences past the cut. FIRST (default 0) starts the cycle at another
document, to check that the alignment does not depend on where the pair starts."""
import pathlib
import sys

from beads import format_bead, read_beads

ROOT = pathlib.Path(__file__).resolve().parent.parent / "corpora" / "textberg"
DOCS = ["dev"] + [f"test{i}" for i in range(7)]


def main():
    n, src_path, tgt_path, gold_path = int(sys.argv[1]), *sys.argv[2:5]
    first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    docs = DOCS[first:] + DOCS[:first]
    src, tgt, gold = [], [], []
    while len(src) < n:
        for doc in docs:
            s_lines = (ROOT / f"{doc}.de").read_text(encoding="utf-8").splitlines()
            t_lines = (ROOT / f"{doc}.fr").read_text(encoding="utf-8").splitlines()
            for s, t in read_beads(ROOT / f"{doc}.gold"):
                gold.append(([i + len(src) for i in s], [j + len(tgt) for j in t]))
            src += s_lines
            tgt += t_lines
    m = len(tgt) * n // len(src)
    src, tgt = src[:n], tgt[:m]
    pathlib.Path(src_path).write_text("".join(l + "\n" for l in src), encoding="utf-8")
    pathlib.Path(tgt_path).write_text("".join(l + "\n" for l in tgt), encoding="utf-8")
    with open(gold_path, "w", encoding="utf-8") as out:
        for s, t in gold:
            s, t = [i for i in s if i < n], [j for j in t if j < m]
            if s or t:
                out.write(format_bead(s, t))
    print(f"{n} {m}")


if __name__ == "__main__":
    main()
