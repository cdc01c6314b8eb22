#!/usr/bin/env python3
"""Sentence-boundary F1 of several segmenters on corpora/segmentation/.

Systems: pysbd, sentencex, UAX#29 (the `uniseg` package) and mizan
(`mizan segment --lang L FILE`, skipped with a note if the binary is missing).

Boundaries. All whitespace is removed from the text; a boundary is the offset,
in non-whitespace characters from the start of the file, at which a sentence
ends (the end of the file is not a boundary). This makes systems that trim or
keep spaces comparable. Every system gets the text paragraph by paragraph
(each non-empty line of L.txt), so paragraph ends are boundaries for everybody:
the scores only count boundaries that are NOT paragraph ends, i.e. the
decisions a segmenter makes inside a paragraph.

Usage:
    python3 segeval.py [--mizan PATH] [--langs en,ar,fr]
    python3 segeval.py --errors pysbd [--langs fr]
"""
import argparse
import difflib
import pathlib
import signal
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "corpora" / "segmentation"
LANGS = ["en", "ar", "fr"]
SYSTEMS = ["pysbd", "sentencex", "uax29", "mizan"]
CONTEXT = 40


# ---------------------------------------------------------------- the data

def read_paragraphs(lang):
    """The raw paragraphs of L.txt: its non-empty lines."""
    text = (DATA / f"{lang}.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def read_gold(lang):
    """The gold sentences of L.gold.txt, paragraph by paragraph."""
    text = (DATA / f"{lang}.gold.txt").read_text(encoding="utf-8")
    return [block.split("\n") for block in text.strip("\n").split("\n\n")]


def strip_space(text):
    return "".join(ch for ch in text if not ch.isspace())


def sentence_ends(sentences):
    """Offsets (in non-whitespace characters) at which each sentence ends."""
    ends, total = [], 0
    for sentence in sentences:
        length = len(strip_space(sentence))
        if length:
            total += length
            ends.append(total)
    return ends


def aligned_ends(sentences, reference):
    """Sentence ends of `sentences` as offsets into `reference` (a string
    without whitespace). If the system changed the text (dropped or altered
    characters), the ends are mapped through a difflib alignment.
    Returns (ends, changed)."""
    hypothesis = "".join(strip_space(s) for s in sentences)
    ends = sentence_ends(sentences)
    if hypothesis == reference:
        return ends, False
    # to_ref[i] = offset in reference just after hypothesis character i-1
    to_ref = [0] * (len(hypothesis) + 1)
    matcher = difflib.SequenceMatcher(None, hypothesis, reference, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size + 1):
            to_ref[a + k] = b + k
    for i in range(1, len(to_ref)):          # unmatched characters: carry on
        to_ref[i] = max(to_ref[i], to_ref[i - 1])
    return [to_ref[e] for e in ends], True


# ---------------------------------------------------------------- systems

def make_pysbd(lang):
    import pysbd
    segmenter = pysbd.Segmenter(language=lang, clean=False)
    return segmenter.segment


def make_sentencex(lang):
    import sentencex
    return lambda text: list(sentencex.segment(lang, text))


def make_uax29(lang):
    from uniseg.sentencebreak import sentences
    return lambda text: list(sentences(text))


def package_version(name):
    from importlib.metadata import version, PackageNotFoundError
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def run_python_system(name, lang, paragraphs):
    """Run a Python segmenter paragraph by paragraph.
    Returns (list of sentence lists, one per paragraph, or None; note)."""
    factory = {"pysbd": make_pysbd, "sentencex": make_sentencex,
               "uax29": make_uax29}[name]
    try:
        segment = factory(lang)
    except Exception as error:                  # not installed, no language
        return None, f"{name} ({lang}): cannot run: {error}"
    return [segment(paragraph) for paragraph in paragraphs], None


def run_mizan(binary, lang, paragraphs, per_paragraph):
    """Run `mizan segment --lang L FILE` on the whole raw file (one process),
    or on one temporary file per paragraph. Returns (sentences, note): a flat
    list of sentences for the whole file, or a list per paragraph."""
    if not binary.exists():
        return None, (f"mizan: binary {binary} not found, skipped "
                      f"(build it with `cargo build --release`)")

    def segment_file(path):
        result = subprocess.run(
            [str(binary), "segment", "--lang", lang, str(path)],
            capture_output=True, text=True, encoding="utf-8", timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"exit {result.returncode}: "
                               f"{result.stderr.strip()[:300]}")
        return [line for line in result.stdout.split("\n") if line.strip()]

    try:
        if not per_paragraph:
            return segment_file(DATA / f"{lang}.txt"), None
        output = []
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "paragraph.txt"
            for paragraph in paragraphs:
                path.write_text(paragraph + "\n", encoding="utf-8")
                output.append(segment_file(path))
        return output, None
    except Exception as error:
        return None, f"mizan ({lang}): failed: {error}"


# ---------------------------------------------------------------- scoring

class Document:
    """One language: raw paragraphs, gold boundaries, paragraph ends."""

    def __init__(self, lang):
        self.lang = lang
        self.paragraphs = read_paragraphs(lang)
        gold = read_gold(lang)
        if len(gold) != len(self.paragraphs):
            sys.exit(f"{lang}: raw and gold paragraph counts differ; "
                     f"run check_gold.py")
        self.stripped = [strip_space(p) for p in self.paragraphs]
        self.starts = []              # offset of each paragraph in the file
        offset = 0
        for stripped in self.stripped:
            self.starts.append(offset)
            offset += len(stripped)
        self.length = offset
        self.paragraph_ends = {start + len(s) for start, s
                               in zip(self.starts, self.stripped)}
        self.paragraph_ends.discard(self.length)
        self.gold = set()
        for start, block in zip(self.starts, gold):
            self.gold.update(start + end for end in sentence_ends(block))
        self.gold = self.intra(self.gold)

    def intra(self, boundaries):
        """Keep only boundaries strictly inside paragraphs."""
        return {b for b in boundaries
                if 0 < b < self.length and b not in self.paragraph_ends}

    def boundaries_per_paragraph(self, output):
        """System boundaries from a list of sentence lists (one per paragraph).
        Returns (intra-paragraph boundaries, number of changed paragraphs)."""
        boundaries, changed = set(), 0
        for start, stripped, sentences in zip(self.starts, self.stripped, output):
            ends, was_changed = aligned_ends(sentences, stripped)
            changed += was_changed
            boundaries.update(start + end for end in ends)
        return self.intra(boundaries), changed

    def boundaries_whole_file(self, sentences):
        """System boundaries from one flat list of sentences for the file.
        Returns (intra-paragraph boundaries, changed, missed paragraph ends)."""
        ends, changed = aligned_ends(sentences, "".join(self.stripped))
        missed = len(self.paragraph_ends - set(ends))
        return self.intra(set(ends)), int(changed), missed

    def context(self, boundary):
        """The raw text around a boundary, with the boundary shown as <|>."""
        index = max(i for i, start in enumerate(self.starts) if start <= boundary)
        paragraph = self.paragraphs[index]
        wanted = boundary - self.starts[index]   # non-space chars before it
        seen, position = 0, 0
        for position, ch in enumerate(paragraph):
            if seen == wanted:
                break
            if not ch.isspace():
                seen += 1
        else:
            position = len(paragraph)
        left = paragraph[max(0, position - CONTEXT):position]
        right = paragraph[position:position + CONTEXT]
        return f"{left.rstrip()} <|> {right.lstrip()}"


def score(gold, predicted):
    true_positives = len(gold & predicted)
    precision = true_positives / len(predicted) if predicted else 0.0
    recall = true_positives / len(gold) if gold else 0.0
    f1 = (2 * precision * recall / (precision + recall)
          if precision + recall else 0.0)
    return precision, recall, f1


def evaluate(system, doc, args):
    """Returns (set of predicted intra-paragraph boundaries or None, notes)."""
    notes = []
    if system == "mizan":
        output, note = run_mizan(args.mizan, doc.lang, doc.paragraphs,
                                 args.mizan_per_paragraph)
        if output is None:
            return None, [note]
        if args.mizan_per_paragraph:
            predicted, changed = doc.boundaries_per_paragraph(output)
        else:
            predicted, changed, missed = doc.boundaries_whole_file(output)
            if missed:
                notes.append(f"mizan ({doc.lang}): {missed} paragraph end(s) "
                             f"not reported as sentence ends (not scored)")
        if changed:
            notes.append(f"mizan ({doc.lang}): output text differs from the "
                         f"input; aligned with difflib")
        return predicted, notes
    output, note = run_python_system(system, doc.lang, doc.paragraphs)
    if output is None:
        return None, [note]
    predicted, changed = doc.boundaries_per_paragraph(output)
    if changed:
        notes.append(f"{system} ({doc.lang}): output text differs from the "
                     f"input in {changed} paragraph(s); aligned with difflib")
    return predicted, notes


# ---------------------------------------------------------------- output

def print_tables(results, docs, langs):
    print("Sentence-boundary scores on corpora/segmentation "
          "(development set; news + UDHR).")
    print("Only intra-paragraph boundaries are scored: every system is given "
          "one paragraph at a time,")
    print("so paragraph ends are boundaries for everybody and are left out.")
    print()
    print("Intra-paragraph gold boundaries: "
          + ", ".join(f"{lang} {len(docs[lang].gold)}" for lang in langs))
    print()
    print("F1")
    print()
    print("| system | " + " | ".join(langs) + " |")
    print("|---|" + "---:|" * len(langs))
    for system, row in results.items():
        cells = [f"{row[lang][2]:.3f}" if row.get(lang) else "n/a"
                 for lang in langs]
        print(f"| {system} | " + " | ".join(cells) + " |")
    print()
    print("Precision / recall")
    print()
    print("| system | " + " | ".join(langs) + " |")
    print("|---|" + "---:|" * len(langs))
    for system, row in results.items():
        cells = [f"{row[lang][0]:.3f} / {row[lang][1]:.3f}" if row.get(lang)
                 else "n/a" for lang in langs]
        print(f"| {system} | " + " | ".join(cells) + " |")


def print_errors(system, docs, args):
    for lang, doc in docs.items():
        predicted, notes = evaluate(system, doc, args)
        for note in notes:
            print("note:", note)
        if predicted is None:
            continue
        missed = sorted(doc.gold - predicted)
        spurious = sorted(predicted - doc.gold)
        p, r, f = score(doc.gold, predicted)
        print(f"## {system} / {lang}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
        print()
        print(f"### missed boundaries ({len(missed)})")
        for boundary in missed:
            print("  " + doc.context(boundary))
        print()
        print(f"### spurious boundaries ({len(spurious)})")
        for boundary in spurious:
            print("  " + doc.context(boundary))
        print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mizan", type=pathlib.Path,
                        default=REPO / "target" / "release" / "mizan",
                        help="mizan binary (default: target/release/mizan)")
    parser.add_argument("--mizan-per-paragraph", action="store_true",
                        help="run mizan once per paragraph instead of once "
                             "on the whole raw file")
    parser.add_argument("--langs", default=",".join(LANGS),
                        help="comma-separated languages (default: en,ar,fr)")
    parser.add_argument("--errors", metavar="SYSTEM", choices=SYSTEMS,
                        help="list missed and spurious boundaries of SYSTEM")
    args = parser.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # allow `| head`
    if not args.mizan.is_absolute():
        args.mizan = (REPO / args.mizan) if not args.mizan.exists() else args.mizan.resolve()

    langs = [lang for lang in args.langs.split(",") if lang]
    docs = {lang: Document(lang) for lang in langs}

    if args.errors:
        print_errors(args.errors, docs, args)
        return 0

    results, notes = {}, []
    for system in SYSTEMS:
        results[system] = {}
        for lang in langs:
            predicted, system_notes = evaluate(system, docs[lang], args)
            notes += system_notes
            if predicted is not None:
                results[system][lang] = score(docs[lang].gold, predicted)
    print_tables(results, docs, langs)
    print()
    print("Systems: pysbd " + package_version("pysbd")
          + ", sentencex " + package_version("sentencex")
          + ", uax29 = uniseg " + package_version("uniseg")
          + " (uniseg.sentencebreak.sentences)"
          + ", mizan = " + str(args.mizan))
    for note in dict.fromkeys(notes):
        print("note:", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
