#!/usr/bin/env bash
# Align a JSON Lines corpus of document pairs with `mizan stream`, one SLURM array task
# per shard. Each line of the corpus is one pair:
#   {"id": ..., "src": "...", "tgt": "...", "src_lang": "de", "tgt_lang": "fr"}
#
# 1. Split the corpus into N shards of whole lines, in order (GNU split; it needs a
#    regular file, not a pipe):
#      mkdir -p shards && split -n l/16 -d -a 4 corpus.jsonl shards/
#    which makes shards/0000 ... shards/0015.
# 2. Submit one array task per shard (task i aligns shards/<i as %04d>); everything
#    after the two directories goes to `mizan stream`:
#      sbatch --array=0-15 examples/slurm-array.sh shards aligned --presegmented --on-error skip
#    Set MIZAN=/path/to/mizan (exported to the job by sbatch) if it is not on PATH.
# 3. When every task is done, join the shards' outputs in corpus order:
#      cat aligned/*.jsonl > aligned.jsonl
#
# A task whose output exists already exits at once, so resubmitting the same array
# redoes only the failed or missing shards. Outside SLURM, the same script runs one
# shard by hand: SLURM_ARRAY_TASK_ID=3 examples/slurm-array.sh shards aligned ...
#
#SBATCH --job-name=mizan
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=mizan-%A_%a.log
set -euo pipefail

usage="usage: sbatch --array=0-<N-1> $0 SHARD_DIR OUT_DIR [mizan stream options]"
shards=${1:?$usage}
out=${2:?$usage}
shift 2
task=${SLURM_ARRAY_TASK_ID:?not an array task: $usage}
mizan=${MIZAN:-mizan}

shard=$(printf '%s/%04d' "$shards" "$task")
result=$(printf '%s/%04d.jsonl' "$out" "$task")
[ -f "$shard" ] || { echo "no shard $shard for task $task" >&2; exit 1; }
if [ -e "$result" ]; then
    echo "$result exists: nothing to do" >&2
    exit 0
fi
mkdir -p "$out"

# mizan stream aligns the documents of a chunk in parallel on a rayon pool; give it the
# cores SLURM allocated to this task (--cpus-per-task), not all the cores of the node.
export RAYON_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}

# Write to a temporary name and rename on success, so an output that exists is whole.
"$mizan" stream "$@" < "$shard" > "$result.part"
mv "$result.part" "$result"
echo "task $task: $(wc -l < "$shard") pairs -> $result ($RAYON_NUM_THREADS threads)" >&2
