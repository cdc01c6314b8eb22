#!/usr/bin/env bash
# Smoke test of examples/spark/align_corpus.py: aligns the gold corpora of
# corpora/eval.tsv with Spark in local mode (rdd.pipe through `mizan stream`) and with
# `mizan batch`, and checks that both give the same beads for every document.
#
# Needs Java 17+ and python3 (venv); installs a pinned pyspark from PyPI into
# examples/spark/.venv once. Spark runs in local mode only (local[2], loopback).
# Prints PASS/FAIL with counts; exits non-zero on a mismatch or an error.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS

PYSPARK_VERSION=4.0.1
venv=examples/spark/.venv
work=examples/spark/smoke          # scratch dir, ignored by examples/spark/.gitignore
mizan=${CARGO_TARGET_DIR:-$root/target}/release/mizan

[ -x "$mizan" ] || cargo build --release
[ -n "${JAVA_HOME:-}" ] || command -v java >/dev/null ||
    { echo "FAIL: no java on PATH and no JAVA_HOME (Spark 4 needs Java 17+)" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
python=$root/$venv/bin/python

# Spark in local mode, bound to the loopback: without SPARK_LOCAL_IP it binds to the
# first non-loopback interface when the hostname resolves to 127.0.0.1. JAVA_HOME is
# not needed when `java` is on PATH.
export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON=$python PYSPARK_DRIVER_PYTHON=$python
# The wheel's spark-submit finds SPARK_HOME with the first python3 on PATH, which must
# be the venv's (the system python3 has no pyspark).
export PATH=$root/$venv/bin:$PATH

rm -rf "$work"
mkdir -p "$work"

# The same pairs twice: as JSON Lines for Spark and as a manifest for `mizan batch`.
"$python" - "$work" <<'EOF'
import csv, json, os, sys
work = sys.argv[1]
base = os.path.abspath("corpora")
with open("corpora/eval.tsv", encoding="utf-8") as f:
    rows = [r for r in csv.reader((l for l in f if not l.startswith("#")), delimiter="\t",
                                  quoting=csv.QUOTE_NONE)]
header, rows = rows[0], rows[1:]
seen = {}
with open(f"{work}/pairs.jsonl", "w", encoding="utf-8") as pj, \
     open(f"{work}/manifest.tsv", "w", encoding="utf-8") as mf:
    mf.write("id\tsrc\ttgt\tsrc_lang\ttgt_lang\n")
    for r in rows:
        d = dict(zip(header, r))
        i = seen[d["set"]] = seen.get(d["set"], -1) + 1
        pid = f'{d["set"]}-{i}'
        src, tgt = (os.path.join(base, d[k]) for k in ("src", "tgt"))
        text = {}
        for k, p in (("src", src), ("tgt", tgt)):
            with open(p, encoding="utf-8", newline="") as t:   # the text as-is
                text[k] = t.read()
        pj.write(json.dumps({"id": pid, "src": text["src"], "tgt": text["tgt"],
                             "src_lang": d["src_lang"], "tgt_lang": d["tgt_lang"]},
                            ensure_ascii=False) + "\n")
        mf.write(f'{pid}\t{src}\t{tgt}\t{d["src_lang"]}\t{d["tgt_lang"]}\n')
print(f"{len(rows)} document pairs from corpora/eval.tsv", file=sys.stderr)
EOF

echo "== spark-submit --master local[2] (pyspark $PYSPARK_VERSION)" >&2
t0=$SECONDS
spark-submit --master 'local[2]' \
    --conf spark.ui.enabled=false \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.driver.bindAddress=127.0.0.1 \
    examples/spark/align_corpus.py --mizan "$mizan" --partitions 2 \
    "$work/pairs.jsonl" "$work/spark-out" > "$work/spark.log" 2>&1 ||
    { tail -40 "$work/spark.log" >&2; echo "FAIL: spark-submit failed (log: $work/spark.log)" >&2; exit 1; }
spark_secs=$((SECONDS - t0))

echo "== mizan batch" >&2
"$mizan" batch --manifest "$work/manifest.tsv" --out-dir "$work/batch-out" \
    --presegmented --format jsonl -j 2 -q

status=0
"$python" - "$work" "$spark_secs" "$PYSPARK_VERSION" <<'EOF' || status=$?
import glob, json, sys
work, spark_secs, version = sys.argv[1], sys.argv[2], sys.argv[3]
ids = [json.loads(l)["id"] for l in open(f"{work}/pairs.jsonl", encoding="utf-8")]
out = [json.loads(l) for p in sorted(glob.glob(f"{work}/spark-out/part-*"))
       for l in open(p, encoding="utf-8") if l.strip()]
problems = []
if [o.get("id") for o in out] != ids:
    problems.append(f"Spark output ids/order differ from the input: {[o.get('id') for o in out]}")
spark = {o.get("id"): o for o in out}
same = beads = 0
for pid in ids:
    o = spark.get(pid)
    if o is None or "beads" not in o:
        problems.append(f"{pid}: no beads in Spark's output: {o}")
        continue
    try:
        with open(f"{work}/batch-out/{pid}.jsonl", encoding="utf-8") as f:
            b = json.loads(f.read())
    except (OSError, ValueError) as e:
        problems.append(f"{pid}: mizan batch output unreadable: {e}")
        continue
    if o["beads"] == b.get("beads"):
        same += 1
        beads += len(o["beads"])
    else:
        problems.append(f"{pid}: beads differ ({len(o['beads'])} from Spark, "
                        f"{len(b.get('beads') or [])} from mizan batch)")
for p in problems:
    print("  " + p)
verdict = "PASS" if not problems and same == len(ids) else "FAIL"
print(f"{verdict}: {same}/{len(ids)} documents with identical beads ({beads} beads), "
      f"{len(out)} Spark output lines; pyspark {version}, spark-submit {spark_secs}s")
sys.exit(verdict != "PASS")
EOF
echo "total $((SECONDS - start))s" >&2
exit "$status"
