#!/usr/bin/env python3
"""Check the sentence-segmentation development set for consistency.

For each language L in en, ar, fr it reads corpora/segmentation/L.txt (raw:
one paragraph per line, a blank line between paragraphs) and L.gold.txt
(gold: one sentence per line, a blank line between paragraphs) and checks:

  * both files are UTF-8 with LF line ends, end with exactly one newline,
    have no trailing whitespace and no two blank lines in a row;
  * the raw file alternates paragraph line / blank line;
  * gold and raw have the same number of paragraphs, and joining each
    paragraph's gold sentences with single spaces gives the raw paragraph
    back exactly (so the gold text is byte-for-byte the raw text).

It prints the counts used in README.md. Exit status 1 if a check fails.

Standard library only:  python3 scripts/segeval/check_gold.py
"""
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "corpora" / "segmentation"
LANGS = ["en", "ar", "fr"]


def check_file_format(path, text, problems):
    if "\r" in text:
        problems.append(f"{path.name}: contains CR characters")
    if not text.endswith("\n") or text.endswith("\n\n"):
        problems.append(f"{path.name}: must end with exactly one newline")
    if text.startswith("\n"):
        problems.append(f"{path.name}: starts with a blank line")
    if "\n\n\n" in text:
        problems.append(f"{path.name}: two blank lines in a row")
    for number, line in enumerate(text.split("\n"), start=1):
        if line != line.rstrip() or line != line.lstrip():
            problems.append(f"{path.name}:{number}: leading/trailing whitespace")


def check_language(lang):
    problems = []
    raw_path = DATA / f"{lang}.txt"
    gold_path = DATA / f"{lang}.gold.txt"
    raw = raw_path.read_bytes().decode("utf-8")
    gold = gold_path.read_bytes().decode("utf-8")
    check_file_format(raw_path, raw, problems)
    check_file_format(gold_path, gold, problems)

    raw_lines = raw.rstrip("\n").split("\n")
    for number, line in enumerate(raw_lines, start=1):
        if (number % 2 == 1) != (line != ""):
            problems.append(f"{raw_path.name}:{number}: expected "
                            f"{'a paragraph' if number % 2 else 'a blank line'}")
    paragraphs = [line for line in raw_lines if line]
    blocks = [block.split("\n") for block in gold.strip("\n").split("\n\n")]

    if len(paragraphs) != len(blocks):
        problems.append(f"{lang}: {len(paragraphs)} raw paragraphs but "
                        f"{len(blocks)} gold paragraphs")
    for number, (paragraph, block) in enumerate(zip(paragraphs, blocks), start=1):
        if " ".join(block) != paragraph:
            problems.append(f"{lang}: paragraph {number}: gold sentences joined "
                            f"with spaces differ from the raw text: {block[0][:60]!r}")
            break

    counts = {
        "paragraphs": len(paragraphs),
        "sentences": sum(len(block) for block in blocks),
        "intra": sum(len(block) - 1 for block in blocks),
        "multi": sum(1 for block in blocks if len(block) > 1),
    }
    return problems, counts


def main():
    all_problems = []
    print("| file | paragraphs | sentences | intra-paragraph boundaries "
          "| paragraphs with >1 sentence |")
    print("|---|---:|---:|---:|---:|")
    for lang in LANGS:
        problems, c = check_language(lang)
        all_problems += problems
        print(f"| {lang} | {c['paragraphs']} | {c['sentences']} | {c['intra']} "
              f"| {c['multi']} |")
    for problem in all_problems:
        print("PROBLEM:", problem)
    print("OK" if not all_problems else f"{len(all_problems)} problem(s)")
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main())
