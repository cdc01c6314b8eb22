#!/usr/bin/env python3
"""Writes N small document pairs (30-60 gold beads each, cut from the gold sets listed in
corpora/eval.tsv) and a manifest, for measuring `mizan batch` throughput.

Usage: scripts/make_batch_corpus.py N OUT_DIR   (then: mizan batch --manifest
OUT_DIR/manifest.tsv --presegmented --out-dir ...). Deterministic (seeded)."""
import os
import random
import sys

from beads import read_beads


def pieces(corpora):
    """Runs of consecutive gold beads whose ids are contiguous, as (src lines, tgt lines, langs)."""
    for row in open(os.path.join(corpora, "eval.tsv"), encoding="utf-8"):
        if row.startswith("#") or row.startswith("set\t"):
            continue
        _, src, tgt, gold, sl, tl = row.rstrip("\n").split("\t")
        read = lambda p: [l for l in open(os.path.join(corpora, p), encoding="utf-8").read().split("\n") if l.strip()]
        s_lines, t_lines, g = read(src), read(tgt), read_beads(os.path.join(corpora, gold))
        yield s_lines, t_lines, g, sl, tl


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    corpora = os.path.join(os.path.dirname(__file__), "..", "corpora")
    docs = list(pieces(corpora))
    rng = random.Random(1)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as manifest:
        manifest.write("id\tsrc\ttgt\tsrc_lang\ttgt_lang\n")
        for k in range(n):
            s_lines, t_lines, g, sl, tl = rng.choice(docs)
            size = rng.randint(30, 60)
            start = rng.randrange(max(1, len(g) - size))
            chunk = g[start:start + size]
            src = [s_lines[i] for b in chunk for i in b[0]]
            tgt = [t_lines[j] for b in chunk for j in b[1]]
            for side, lines in (("src", src), ("tgt", tgt)):
                with open(os.path.join(out, f"{k}.{side}.txt"), "w", encoding="utf-8") as f:
                    f.write("\n".join(lines) + "\n")
            manifest.write(f"p{k}\t{k}.src.txt\t{k}.tgt.txt\t{sl}\t{tl}\n")


if __name__ == "__main__":
    main()
