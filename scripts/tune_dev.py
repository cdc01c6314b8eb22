#!/usr/bin/env python3
"""Coordinate search of mizan's cost parameters on Text+Berg dev (corpora/dev.tsv).

Parameters are chosen on dev only and reported on test; this script never reads the
test sets. Usage: scripts/tune_dev.py [--rounds N] [NAME=V1,V2,... ...]
Without grid arguments it searches the default grid below. It prints each trial's dev
strict F1 and, at the end, the best --set assignments.
"""
import subprocess
import sys

MIZAN = "target/release/mizan"
GRID = {
    "variance": [4.0, 6.8, 10.0, 14.0],
    "variance_inflation": [1.0, 1.5, 2.0, 3.0],
    "indel_cost": [-3.0, -2.0, -1.0, 0.0, 1.0],
    "weight.number": [0.5, 1.0, 2.0, 3.0, 4.0],
    "weight.punctuation": [0.0, 0.5, 1.0, 2.0],
    "weight.cognate": [0.5, 1.0, 2.0, 3.0, 4.0],
    "weight.lexicon": [0.0, 0.5, 1.0, 2.0, 4.0],
    "weight.name": [1.0, 2.0, 4.0],
    "mismatch.lexicon": [0.0, 0.1, 0.2, 0.4],
    "mismatch.number": [0.0, 0.25, 0.5, 1.0],
    "mismatch.punctuation": [0.0, 0.2, 0.5, 1.0],
    "mismatch.cognate": [0.0, 0.05, 0.1, 0.2, 0.4],
    "paragraph_break": [0.0, 1.0, 2.0, 4.0],
    "fragment_merge": [0.0, 1.0, 2.0, 4.0],
    "prior.2-2": [0.001, 0.005, 0.011, 0.03],
    # Shapes and their mirror images share one prior, so that nothing is tuned to the
    # direction of the dev pair (German to French).
    "prior.2-1": [0.02, 0.0445, 0.08],
    "prior.1-0": [0.005, 0.01, 0.02, 0.04],
    "prior.3-1": [0.001, 0.003, 0.01],
    "prior.3-2": [0.0003, 0.001, 0.003],
    "prior.4-1": [0.0003, 0.001, 0.003],
    "similarity": [0.0, 2.0, 4.0, 6.0, 8.0],
}


NOISE_SEEDS = 8
# A change must gain this much to be kept: smaller gains on one dev document are noise.
MIN_GAIN = 0.002


def dev_f1(settings):
    """Mean of the clean dev strict F1 and the noisy dev strict F1 (NOISE_SEEDS variants):
    parameters must work on clean pairs and on pairs with omissions and boilerplate."""
    args = [MIZAN, "eval-corpora", "corpora/dev.tsv", "--noisy", "--seeds", str(NOISE_SEEDS)]
    for name, value in settings.items():
        args += ["--set", f"{name}={value}"]
        if name.startswith("prior."):
            a, b = name[len("prior."):].split("-")
            args += ["--set", f"prior.{b}-{a}={value}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    row = [line for line in out.splitlines() if line.startswith("| textberg-dev")][0]
    cells = row.split("|")
    return (float(cells[5]) + float(cells[9])) / 2


def main():
    rounds = 2
    grid = dict(GRID)
    argv = sys.argv[1:]
    if argv[:1] == ["--rounds"]:
        rounds, argv = int(argv[1]), argv[2:]
    if argv:
        grid = {a.split("=")[0]: [float(v) for v in a.split("=")[1].split(",")] for a in argv}
    best = {}
    best_f1 = dev_f1(best)
    print(f"defaults: {best_f1:.4f}")
    for _ in range(rounds):
        for name, values in grid.items():
            for value in values:
                trial = dict(best, **{name: value})
                f1 = dev_f1(trial)
                if f1 > best_f1 + MIN_GAIN:
                    best, best_f1 = trial, f1
                    print(f"{best_f1:.4f} {name}={value}")
    print("best dev score %.4f with (mirror priors too): %s" % (best_f1, " ".join(f"--set {k}={v}" for k, v in best.items())))


if __name__ == "__main__":
    main()
