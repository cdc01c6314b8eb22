"""Reading and writing alignments in mizan's bead format (`[0, 1]:[2]` per line, an
optional `:confidence` after), shared by the corpus scripts of this directory."""
import re

_BEAD = re.compile(r"\[(.*?)\]:\[(.*?)\]")


def _ids(text):
    return [int(x) for x in text.split(",") if x.strip()]


def read_beads(path):
    """The beads of a file as (source ids, target ids) lists, in order."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = _BEAD.match(line.strip())
            if m:
                out.append((_ids(m.group(1)), _ids(m.group(2))))
    return out


def format_bead(src, tgt):
    """One bead as a line of the format, with its newline."""
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]\n"
