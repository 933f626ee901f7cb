#!/usr/bin/env python3
"""Draws the sample of warnings judged in docs/lint-corpus.md ("Warnings: sampled judgement").

Usage: sample-warnings.py LINT.json [--seed 2024] [--size 12] [--top 10] [CHECK...]

LINT.json is the output of `obsgen lint --format json` on the corpus's rules/ and dashboards/,
run outside any folder with an obsgen.yml. For each check (by default the TOP checks with the
most warnings), the check's warnings are sorted by file, line, column and message, and SIZE of
them are drawn with Python's random.Random(SEED).sample; each is printed with its place
(relative to the corpus) and message, for reading in the file."""
import argparse
import collections
import json
import random

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("lint_json")
parser.add_argument("checks", nargs="*")
parser.add_argument("--seed", type=int, default=2024)
parser.add_argument("--size", type=int, default=12)
parser.add_argument("--top", type=int, default=10)
args = parser.parse_args()

with open(args.lint_json) as f:
    findings = json.load(f)["findings"]
warnings = collections.defaultdict(list)
for f in findings:
    if f["severity"] == "warning":
        warnings[f["check"]].append(f)
checks = args.checks or [c for c, _ in sorted(warnings.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:args.top]]


def place(f):
    path = f["file"]
    i = path.find("/realworld/")
    return (path[i + len("/realworld/"):] if i >= 0 else path) + ":" + str(f["line"])


for check in checks:
    ordered = sorted(warnings[check], key=lambda f: (f["file"], f["line"], f["column"], f["message"]))
    sample = random.Random(args.seed).sample(ordered, min(args.size, len(ordered)))
    print(f"=== {check} ({len(ordered)} warnings)")
    for i, f in enumerate(sample, 1):
        print(f"{i}. {place(f)} | {f['message']}" + (f" | hint: {f['hint']}" if f.get("hint") else ""))
