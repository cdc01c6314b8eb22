#!/usr/bin/env bash
# Create scripts/segeval/.venv (once), install the pinned segmenters from PyPI
# and run the benchmark. Arguments go to segeval.py, e.g.
#   scripts/segeval/run.sh --mizan target/release/mizan
#   scripts/segeval/run.sh --errors pysbd --langs fr
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../venv.sh"
cd "$here/../.."
python3 "$here/check_gold.py" >/dev/null || { python3 "$here/check_gold.py"; exit 1; }
exec "$python" "$here/segeval.py" "$@"
