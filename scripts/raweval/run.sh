#!/usr/bin/env bash
# Create scripts/raweval/.venv (once), install requirements.txt from PyPI and
# run the benchmark. Arguments go to raweval.py, e.g.
#   scripts/raweval/run.sh                               # corpora/qatar-talks
#   scripts/raweval/run.sh corpora/qatar-talks corpora/other-pair --errors
#   scripts/raweval/run.sh --oracle-seg --mizan path/to/mizan
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../venv.sh"
exec "$python" "$here/raweval.py" "$@"
