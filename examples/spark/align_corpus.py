#!/usr/bin/env python3
"""Align a corpus of document pairs with `mizan stream` on Spark.

Input: JSON Lines, one document pair per line,
    {"id": ..., "src": "...", "tgt": "...", "src_lang": "de", "tgt_lang": "fr"}
with one sentence per line of src/tgt (the job runs `mizan stream --presegmented`;
the languages are optional and default to --src-lang/--tgt-lang).
Output: a directory of JSON Lines part files, one line per input pair, in input order:
    {"id": ..., "beads": [{"src": [0], "tgt": [0], "src_text": ..., ...}, ...]}

Run it with spark-submit:
    spark-submit --master 'local[*]' align_corpus.py pairs.jsonl aligned/ \
        --mizan /path/to/mizan
"""
import argparse
import os
import shlex
import shutil

from pyspark import SparkConf, SparkContext


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", help="JSON Lines file (or directory/glob) of document pairs")
    ap.add_argument("out_dir", help="output directory (must not exist)")
    ap.add_argument("--mizan", default=os.environ.get("MIZAN") or shutil.which("mizan"),
                    help="mizan binary, at this path on every executor (default: $MIZAN, then PATH)")
    ap.add_argument("--src-lang", default="en")
    ap.add_argument("--tgt-lang", default="ar")
    ap.add_argument("--on-error", choices=["fail", "skip"], default="fail",
                    help="skip: write an error record for a malformed line instead of failing the task")
    ap.add_argument("--partitions", type=int, default=None,
                    help="minimum number of input partitions (tasks)")
    args = ap.parse_args()
    if not args.mizan:
        ap.error("no mizan binary: give --mizan or set MIZAN")

    sc = SparkContext(conf=SparkConf().setAppName("mizan-align"))

    # rdd.pipe() splits the command with shlex and runs it once per partition, writing
    # the partition's lines to its stdin and returning its stdout lines. mizan stream
    # writes exactly one line per input line, in order, so no re-keying is needed.
    cmd = " ".join(shlex.quote(a) for a in [
        os.path.abspath(args.mizan), "stream", "--presegmented",
        "--src-lang", args.src_lang, "--tgt-lang", args.tgt_lang,
        "--on-error", args.on_error,
    ])
    # Spark already runs one task per core, so each mizan process gets one thread;
    # without this every task would start a rayon pool as large as the machine.
    # Note: pipe's env REPLACES the child's environment (hence the absolute path).
    env = {"RAYON_NUM_THREADS": "1"}

    pairs = sc.textFile(args.pairs, minPartitions=args.partitions)
    aligned = pairs.pipe(cmd, env=env, checkCode=True)  # a non-zero exit fails the task
    aligned.saveAsTextFile(args.out_dir)  # part-00000, part-00001, ... in input order
    sc.stop()


if __name__ == "__main__":
    main()
