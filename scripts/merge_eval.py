#!/usr/bin/env python3
"""Many-to-one beads on real text: one Arabic sentence that carries several sentences
of the other side, as legal and literary translation does.

For every gold set of a manifest (default corpora/eval.tsv) whose target side is Arabic,
writes variants in which runs of 1 to K consecutive gold beads (K = --max-run, default
5, drawn uniformly with a fixed seed) are joined into one Arabic line, never across a
paragraph break (a blank line) of either side; the other side is left as it is and the
gold is rewritten to match (a run of beads becomes one bead: its source sentences with
the one joined line). Then runs `mizan eval-corpora` on the variants and prints its
table. Nothing is tuned on these figures; they measure whether 2-1 to 5-1 beads are
found where the text has them.

Usage: scripts/merge_eval.py [--seeds N] [--max-run K] [--mizan PATH] [MANIFEST]
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile


def units(path):
    """The non-blank lines of a presegmented file and the paragraph of each."""
    lines, paragraphs, paragraph = [], [], 0
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.strip():
                lines.append(line)
                paragraphs.append(paragraph)
            elif lines:
                paragraph += 1
    return lines, paragraphs


def beads(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            m = re.match(r"\[([^\]]*)\]:\[([^\]]*)\]", line)
            ids = lambda s: [int(v) for v in s.split(",") if v.strip()]
            out.append((ids(m.group(1)), ids(m.group(2))))
    return out


def one_paragraph(group, src_par, tgt_par):
    src = {src_par[s] for b in group for s in b[0]}
    tgt = {tgt_par[t] for b in group for t in b[1]}
    return len(src) <= 1 and len(tgt) <= 1


def variant(src, tgt, gold, max_run, seed):
    """Source text, target text and gold of one variant, as lists of lines."""
    (src_lines, src_par), (tgt_lines, tgt_par) = src, tgt
    rng = random.Random(seed)
    groups, k = [], 0
    while k < len(gold):
        run = rng.randint(1, max_run)
        # Shortened until it stays inside one paragraph on both sides.
        while run > 1 and not one_paragraph(gold[k : k + run], src_par, tgt_par):
            run -= 1
        groups.append(gold[k : k + run])
        k += run
    out_src, out_tgt, out_gold = [], [], []
    src_count, tgt_count = 0, 0
    last_src_par, last_tgt_par = None, None
    for group in groups:
        src_ids = [s for b in group for s in b[0]]
        tgt_ids = [t for b in group for t in b[1]]
        new_src = []
        for s in src_ids:
            if last_src_par is not None and src_par[s] != last_src_par:
                out_src.append("")
            last_src_par = src_par[s]
            new_src.append(src_count)
            src_count += 1
            out_src.append(src_lines[s])
        new_tgt = []
        if tgt_ids:
            if last_tgt_par is not None and tgt_par[tgt_ids[0]] != last_tgt_par:
                out_tgt.append("")
            last_tgt_par = tgt_par[tgt_ids[0]]
            new_tgt.append(tgt_count)
            tgt_count += 1
            out_tgt.append(" ".join(tgt_lines[t] for t in tgt_ids))
        out_gold.append((new_src, new_tgt))
    return out_src, out_tgt, out_gold


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("manifest", nargs="?", default="corpora/eval.tsv")
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--max-run", type=int, default=5)
    parser.add_argument("--mizan", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", "target"), "release", "mizan"))
    args = parser.parse_args()
    base = os.path.dirname(os.path.abspath(args.manifest))
    with open(args.manifest, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f
                if line.strip() and not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    col = {name: k for k, name in enumerate(header)}
    with tempfile.TemporaryDirectory() as work:
        manifest = [header]
        for row in rows:
            if row[col["tgt_lang"]] != "ar":
                continue
            path = lambda name: os.path.join(base, row[col[name]])
            src, tgt, gold = units(path("src")), units(path("tgt")), beads(path("gold"))
            for seed in range(1, args.seeds + 1):
                out_src, out_tgt, out_gold = variant(src, tgt, gold, args.max_run, seed)
                stem = f"{row[col['set']]}-{seed}"
                for suffix, lines in (("src", out_src), ("tgt", out_tgt)):
                    with open(os.path.join(work, f"{stem}.{suffix}"), "w", encoding="utf-8") as f:
                        f.write("\n".join(lines) + "\n")
                with open(os.path.join(work, f"{stem}.gold"), "w", encoding="utf-8") as f:
                    for s, t in out_gold:
                        f.write(f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]\n")
                new = list(row)
                new[col["set"]] = row[col["set"]] + f" joined 1-{args.max_run}"
                new[col["src"]], new[col["tgt"]], new[col["gold"]] = (
                    f"{stem}.src", f"{stem}.tgt", f"{stem}.gold")
                manifest.append(new)
        with open(os.path.join(work, "manifest.tsv"), "w", encoding="utf-8") as f:
            f.write("".join("\t".join(r) + "\n" for r in manifest))
        result = subprocess.run([args.mizan, "eval-corpora", os.path.join(work, "manifest.tsv")])
        sys.exit(result.returncode)


if __name__ == "__main__":
    main()
