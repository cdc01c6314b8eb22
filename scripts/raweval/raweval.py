#!/usr/bin/env python3
"""Segmentation + alignment benchmark on raw (unsegmented) article pairs.

Each system gets the two raw articles of a pair and has to find both the
sentences and the alignment; the result is scored against a hand-segmented,
hand-aligned gold standard. A segmentation error therefore costs alignment
score, which is what a user of a raw-text aligner sees.

Data. Every pair directory (default: corpora/qatar-talks) holds

    en.txt, ar.txt            raw articles: one paragraph per line, blank
                              lines between paragraphs
    en.sents.txt, ar.sents.txt  gold sentences, one per line, a blank line
                              between paragraphs (blank lines not numbered)
    gold.txt                  gold beads over the 0-based sentence numbers,
                              Vecalign format: [0]:[0], [23, 24]:[21], [16]:[]

(`--src-lang`/`--tgt-lang` change the `en`/`ar` in the file names.)

Systems.

    mizan     `mizan align --src-lang en --tgt-lang ar --format tsv SRC TGT`
              on the raw files; the src_text / tgt_text columns of the TSV
              (escapes \\\\ \\t \\n \\r undone) are the bead texts.
    uax29+gc  "UAX#29 + Gale-Church (per-document ratio)": each non-empty
              line of the raw file is a paragraph; uniseg 0.10.1
              `uniseg.sentencebreak.sentences` splits it into UAX #29
              sentences, each stripped, empty ones dropped. The sentences of
              the whole document (paragraph breaks ignored) are aligned by the
              Gale-Church length model with a full dynamic programme:
              bead types 1-1, 1-0, 0-1, 2-1, 1-2, 2-2 with priors
              .89, .0099/2, .0099/2, .089/2, .089/2, .011; lengths in
              characters (len of the stripped sentence; a bead side sums its
              sentences); c = total target characters / total source
              characters of the document (per-document ratio), s^2 = 6.8;
              delta = (l2 - l1*c) / sqrt(m * s^2) with m = (l1 + l2/c) / 2,
              which is the paper's sqrt(l1 * s^2) when l2 = l1*c and is what
              Gale and Church's published program uses (it stays defined for
              the 1-0 and 0-1 beads, where l1 or l2 is 0);
              cost = -ln(2 * (1 - Phi(|delta|))) - ln(prior).

    With --oracle-seg two more rows per pair show the aligners on the GOLD
    sentences (`mizan align --presegmented` on the .sents.txt files, and
    Gale-Church on the gold sentences), which separates segmentation errors
    from alignment errors.

Scoring (Vecalign's scorer, transposed from sentence numbers to texts, since
system sentences need not be gold sentences).

    * Every bead, gold and system, becomes a pair of texts: the source
      sentences of the bead joined by a single space, the target sentences
      likewise; whitespace runs are collapsed to one space and the ends
      trimmed. Beads with both sides empty are dropped.
    * Strict hit: the identical (source text, target text) pair is in the
      other side's bead list. Pairs are matched as a multiset (a text pair
      that occurs twice in the gold, like the repeated title, can be hit at
      most twice).
    * Precision = system beads that are hits / all system beads (one-sided
      beads included: [16]:[] is a hit if the gold has the same omission).
    * Recall = gold beads that are hits / gold beads, where both lists keep
      only beads with BOTH sides non-empty (Vecalign drops one-sided beads
      from recall).
    * Lax hit: a strict hit, or a bead with both sides non-empty that
      overlaps some two-sided bead of the other list on both sides. Overlap
      is positional: all whitespace is removed from the raw article, each
      bead side is located in that string (searching forward, in document
      order) as a span of non-whitespace characters, and two sides overlap
      when their spans share at least min(20, length of the shorter span)
      characters. This is Vecalign's "shares a source and a target sentence"
      when segmentations agree; with different segmentations it ignores
      contacts of a few characters, and short units (a title, "Qatar") must
      be covered whole. A side that cannot be located (the system changed
      the text) overlaps nothing; the script prints a note.
    * F1 = 2PR / (P + R). Counts are summed over all pairs before P, R and F1
      are computed (micro-average), as Vecalign's score_multiple does.

Output: a Markdown table (pair, system, beads, strict P/R/F1, lax F1), one
block of rows per pair and a total over all pairs. `--errors` also lists, per
system and pair, the system beads that are not strict hits and the gold beads
that were not recalled.

Usage (run.sh makes the venv with uniseg==0.10.1):

    python3 raweval.py [PAIR_DIR ...] [--mizan PATH] [--oracle-seg] [--errors]
"""
import argparse
import collections
import math
import pathlib
import re
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_PAIRS = [REPO / "corpora" / "qatar-talks"]
DEFAULT_MIZAN = REPO / "target" / "release" / "mizan"
LAX_MIN_OVERLAP = 20

# Gale & Church (1993): bead (source count, target count) -> prior.
GC_PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
GC_S2 = 6.8


class InputError(Exception):
    pass


# ---------------------------------------------------------------- text utils

def squash(text):
    """Whitespace runs -> one space, ends trimmed."""
    return " ".join(text.split())


def no_space(text):
    return "".join(text.split())


def unescape_tsv(field):
    """Undo mizan's TSV escapes: \\\\ -> \\, \\t, \\n, \\r."""
    table = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: table.get(m.group(1), m.group(0)),
                  field)


# ---------------------------------------------------------------- the data

def read_text(path):
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: missing")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 ({error})")


def read_sentences(path):
    """Gold sentences: the non-blank lines of a .sents.txt file, in order."""
    return [line.strip() for line in read_text(path).splitlines()
            if line.strip()]


def parse_gold(path, n_src, n_tgt):
    """Vecalign beads -> list of (source ids, target ids)."""
    beads = []
    pattern = re.compile(r"^\[([\d,\s]*)\]:\[([\d,\s]*)\](?::[-+.\deE]+)?$")
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = pattern.match(line)
        if not match:
            raise InputError(f"{path}:{number}: not a bead: {line!r}")
        ids = [[int(x) for x in group.split(",") if x.strip()]
               for group in match.groups()]
        if any(i >= n_src for i in ids[0]) or any(i >= n_tgt for i in ids[1]):
            raise InputError(f"{path}:{number}: sentence number out of range")
        beads.append((ids[0], ids[1]))
    return beads


class Pair:
    def __init__(self, directory, src_lang, tgt_lang):
        self.directory = directory
        self.name = directory.name
        self.src_path = directory / f"{src_lang}.txt"
        self.tgt_path = directory / f"{tgt_lang}.txt"
        self.src_sents_path = directory / f"{src_lang}.sents.txt"
        self.tgt_sents_path = directory / f"{tgt_lang}.sents.txt"
        self.src_raw = read_text(self.src_path)
        self.tgt_raw = read_text(self.tgt_path)
        self.src_sents = read_sentences(self.src_sents_path)
        self.tgt_sents = read_sentences(self.tgt_sents_path)
        for sents, raw, path in ((self.src_sents, self.src_raw,
                                  self.src_sents_path),
                                 (self.tgt_sents, self.tgt_raw,
                                  self.tgt_sents_path)):
            if no_space("".join(sents)) != no_space(raw):
                print(f"note: {path}: the gold sentences do not reproduce "
                      f"the raw text (ignoring whitespace)", file=sys.stderr)
        ids = parse_gold(directory / "gold.txt", len(self.src_sents),
                         len(self.tgt_sents))
        self.gold = [(" ".join(self.src_sents[i] for i in s),
                      " ".join(self.tgt_sents[j] for j in t))
                     for s, t in ids]


# ---------------------------------------------------------------- systems

def run_mizan(binary, src, tgt, src_lang, tgt_lang, presegmented=False):
    """Bead texts from `mizan align --format tsv`."""
    command = [str(binary), "align", "--src-lang", src_lang,
               "--tgt-lang", tgt_lang, "--format", "tsv"]
    if presegmented:
        command.append("--presegmented")
    command += [str(src), str(tgt)]
    result = subprocess.run(command, capture_output=True, text=True,
                            encoding="utf-8", timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"exit {result.returncode}: "
                           f"{result.stderr.strip()[:500]}")
    lines = result.stdout.split("\n")
    header = lines[0].split("\t")
    try:
        s_col, t_col = header.index("src_text"), header.index("tgt_text")
    except ValueError:
        raise RuntimeError(f"unexpected TSV header: {lines[0]!r}")
    beads = []
    for line in lines[1:]:
        if not line:
            continue
        fields = line.split("\t")
        beads.append((unescape_tsv(fields[s_col]),
                      unescape_tsv(fields[t_col])))
    return beads


def uax29_sentences(raw):
    """UAX #29 sentences of a raw article, paragraph (line) by paragraph."""
    from uniseg.sentencebreak import sentences
    out = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        out.extend(s.strip() for s in sentences(line) if s.strip())
    return out


def log_two_tail(z):
    """ln(2 * (1 - Phi(z))) = ln(erfc(z / sqrt 2)) for z >= 0, without
    underflow for large z (asymptotic expansion of erfc)."""
    x = z / math.sqrt(2.0)
    value = math.erfc(x)
    if value > 1e-300:
        return math.log(value)
    return -x * x - math.log(x * math.sqrt(math.pi))


def gc_cost(l1, l2, c, prior):
    mean = (l1 + l2 / c) / 2.0
    delta = (l2 - l1 * c) / math.sqrt(mean * GC_S2)
    return -log_two_tail(abs(delta)) - math.log(prior)


def gale_church(src, tgt):
    """Align two sentence lists; returns beads as (source ids, target ids)."""
    n, m = len(src), len(tgt)
    ls = [len(s) for s in src]
    lt = [len(t) for t in tgt]
    total_s, total_t = sum(ls), sum(lt)
    c = total_t / total_s if total_s and total_t else 1.0
    pre_s = [0]
    for x in ls:
        pre_s.append(pre_s[-1] + x)
    pre_t = [0]
    for x in lt:
        pre_t.append(pre_t[-1] + x)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row = cost[i]
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, best_move = inf, None
            for (di, dj), prior in GC_PRIORS.items():
                if di > i or dj > j:
                    continue
                previous = cost[i - di][j - dj]
                if previous == inf:
                    continue
                l1 = pre_s[i] - pre_s[i - di]
                l2 = pre_t[j] - pre_t[j - dj]
                if l1 == 0 and l2 == 0:
                    step = -math.log(prior)
                else:
                    step = gc_cost(l1, l2, c, prior)
                if previous + step < best:
                    best, best_move = previous + step, (di, dj)
            row[j] = best
            back[i][j] = best_move
    beads, i, j = [], n, m
    while i or j:
        di, dj = back[i][j]
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def gc_texts(src, tgt):
    return [(" ".join(src[i] for i in s), " ".join(tgt[j] for j in t))
            for s, t in gale_church(src, tgt)]


# ---------------------------------------------------------------- scoring

def locate(beads, src_doc, tgt_doc, notes, label):
    """Spans (start, end) of each bead side in the whitespace-free document,
    searched forward in document order; None for an empty or lost side."""
    spans = []
    cursors = [0, 0]
    lost = 0
    for bead in beads:
        sides = []
        for k, doc in enumerate((src_doc, tgt_doc)):
            text = no_space(bead[k])
            if not text:
                sides.append(None)
                continue
            pos = doc.find(text, cursors[k])
            if pos < 0:
                pos = doc.find(text)
            if pos < 0:
                sides.append(None)
                lost += 1
                continue
            sides.append((pos, pos + len(text)))
            cursors[k] = pos + len(text)
        spans.append(tuple(sides))
    if lost:
        notes.append(f"{label}: {lost} bead side(s) not found in the raw "
                     f"text (they overlap nothing for the lax score)")
    return spans


def overlaps(a, b):
    if a is None or b is None:
        return False
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shortest = min(a[1] - a[0], b[1] - b[0])
    return shared > 0 and shared >= min(LAX_MIN_OVERLAP, shortest)


def hits(reference, test):
    """[strict hits, strict misses, lax hits, lax misses] of the test beads
    against the reference beads. Beads: (squashed text pair, spans)."""
    available = collections.Counter(texts for texts, _ in reference)
    two_sided = [spans for texts, spans in reference
                 if texts[0] and texts[1]]
    counts = [0, 0, 0, 0]
    missed = []
    for texts, spans in test:
        if available[texts] > 0:
            available[texts] -= 1
            counts[0] += 1
            counts[2] += 1
            continue
        counts[1] += 1
        missed.append(texts)
        if texts[0] and texts[1] and any(
                overlaps(spans[0], other[0]) and overlaps(spans[1], other[1])
                for other in two_sided):
            counts[2] += 1
        else:
            counts[3] += 1
    return counts, missed


def score(gold, system):
    """Precision and recall counts of a system's beads. gold, system: lists
    of (squashed text pair, spans), beads with both sides empty removed."""
    p, wrong = hits(gold, system)
    both = lambda beads: [b for b in beads if b[0][0] and b[0][1]]
    r, missed = hits(both(system), both(gold))
    return {"p": p, "r": r}, wrong, missed


def prf(counts):
    def ratio(hit, miss):
        return hit / (hit + miss) if hit + miss else 0.0

    def f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0
    sp, sr = ratio(counts["p"][0], counts["p"][1]), \
        ratio(counts["r"][0], counts["r"][1])
    lp, lr = ratio(counts["p"][2], counts["p"][3]), \
        ratio(counts["r"][2], counts["r"][3])
    return sp, sr, f1(sp, sr), lp, lr, f1(lp, lr)


def prepare(beads, src_doc, tgt_doc, notes, label):
    texts = [(squash(s), squash(t)) for s, t in beads]
    texts = [t for t in texts if t[0] or t[1]]
    spans = locate(texts, src_doc, tgt_doc, notes, label)
    return list(zip(texts, spans))


# ---------------------------------------------------------------- main

def short(text, width=90):
    return text if len(text) <= width else text[:width - 1] + "…"


def main():
    parser = argparse.ArgumentParser(
        description="Score segmentation + alignment on raw article pairs.")
    parser.add_argument("pairs", nargs="*", type=pathlib.Path,
                        help="pair directories (default: corpora/qatar-talks)")
    parser.add_argument("--mizan", type=pathlib.Path, default=DEFAULT_MIZAN,
                        help="mizan binary (default: target/release/mizan)")
    parser.add_argument("--src-lang", default="en")
    parser.add_argument("--tgt-lang", default="ar")
    parser.add_argument("--oracle-seg", action="store_true",
                        help="also run both aligners on the gold sentences")
    parser.add_argument("--errors", action="store_true",
                        help="list wrong system beads and missed gold beads")
    args = parser.parse_args()
    directories = args.pairs or DEFAULT_PAIRS

    systems = ["mizan", "uax29+gc"]
    if args.oracle_seg:
        systems += ["mizan (gold seg.)", "gc (gold seg.)"]
    notes, rows, errors = [], [], []
    totals = {name: {"p": [0] * 4, "r": [0] * 4, "sys": 0, "gold": 0,
                     "ran": False} for name in systems}
    try:
        pairs = [Pair(d, args.src_lang, args.tgt_lang) for d in directories]
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    try:
        import uniseg
        uniseg_version = getattr(uniseg, "__version__", "?")
    except ImportError:
        uniseg_version = None
        notes.append("uax29+gc: the `uniseg` package is not installed "
                     "(use run.sh), skipped")

    for pair in pairs:
        src_doc, tgt_doc = no_space(pair.src_raw), no_space(pair.tgt_raw)
        gold = prepare(pair.gold, src_doc, tgt_doc, notes,
                       f"{pair.name}/gold")
        for name in systems:
            try:
                if name.startswith("mizan"):
                    if not args.mizan.exists():
                        notes.append(f"{name}: binary {args.mizan} not found "
                                     f"(cargo build --release), skipped")
                        continue
                    if name == "mizan":
                        beads = run_mizan(args.mizan, pair.src_path,
                                          pair.tgt_path, args.src_lang,
                                          args.tgt_lang)
                    else:
                        beads = run_mizan(args.mizan, pair.src_sents_path,
                                          pair.tgt_sents_path, args.src_lang,
                                          args.tgt_lang, presegmented=True)
                elif name == "uax29+gc":
                    if uniseg_version is None:
                        continue
                    beads = gc_texts(uax29_sentences(pair.src_raw),
                                     uax29_sentences(pair.tgt_raw))
                else:
                    beads = gc_texts(pair.src_sents, pair.tgt_sents)
            except Exception as error:
                notes.append(f"{name} on {pair.name}: failed: {error}")
                continue
            system = prepare(beads, src_doc, tgt_doc, notes,
                             f"{pair.name}/{name}")
            counts, wrong, missed = score(gold, system)
            total = totals[name]
            total["ran"] = True
            total["sys"] += len(system)
            total["gold"] += len(gold)
            for key in ("p", "r"):
                total[key] = [a + b for a, b in zip(total[key], counts[key])]
            rows.append((pair.name, name, len(system), len(gold),
                         prf(counts)))
            errors.append((pair.name, name, wrong, missed))

    for name in systems:
        total = totals[name]
        if total["ran"]:
            rows.append(("**total**", name, total["sys"], total["gold"],
                         prf(total)))

    print(f"Segmentation + alignment on raw text, {len(pairs)} pair(s); "
          f"uniseg {uniseg_version or 'missing'}; lax overlap >= "
          f"min({LAX_MIN_OVERLAP}, shorter side) non-space characters.")
    print()
    print("| pair | system | sys beads | gold beads | strict P | strict R "
          "| strict F1 | lax F1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for pair_name, name, n_sys, n_gold, (sp, sr, sf, lp, lr, lf) in rows:
        print(f"| {pair_name} | {name} | {n_sys} | {n_gold} | {sp:.3f} "
              f"| {sr:.3f} | {sf:.3f} | {lf:.3f} |")
    if notes:
        print()
        for note in notes:
            print(f"- note: {note}")

    if args.errors:
        for pair_name, name, wrong, missed in errors:
            print()
            print(f"## {pair_name} / {name}: {len(wrong)} system bead(s) "
                  f"not in the gold, {len(missed)} gold bead(s) missed")
            for title, beads in (("system beads not in the gold", wrong),
                                 ("gold beads (two-sided) not found", missed)):
                print(f"\n{title}:")
                for src, tgt in beads:
                    print(f"  - SRC: {short(src) or '∅'}")
                    print(f"    TGT: {short(tgt) or '∅'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
