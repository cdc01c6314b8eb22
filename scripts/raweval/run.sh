#!/usr/bin/env bash
# Create scripts/raweval/.venv (once), install requirements.txt from PyPI and
# run the benchmark. Arguments go to raweval.py, e.g.
#   scripts/raweval/run.sh                               # corpora/qatar-talks
#   scripts/raweval/run.sh corpora/qatar-talks corpora/other-pair --errors
#   scripts/raweval/run.sh --oracle-seg --mizan path/to/mizan
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# pip is quiet and quick when everything is already installed.
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
exec "$venv/bin/python" "$here/raweval.py" "$@"
