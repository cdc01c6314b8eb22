#!/usr/bin/env bash
# Create scripts/segeval/.venv (once), install the pinned segmenters from PyPI
# and run the benchmark. Arguments go to segeval.py, e.g.
#   scripts/segeval/run.sh --mizan target/release/mizan
#   scripts/segeval/run.sh --errors pysbd --langs fr
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# pip is quiet and quick when everything is already installed.
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cd "$here/../.."
python3 "$here/check_gold.py" >/dev/null || { python3 "$here/check_gold.py"; exit 1; }
exec "$venv/bin/python" "$here/segeval.py" "$@"
