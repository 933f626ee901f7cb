#!/usr/bin/env python3
"""Lint benchmarks: obsgen against its peer (`promtool check rules`) in the same run, on inputs
built from the shared corpus by make_inputs.py. Wall time (best of --repeat), peak resident
memory from /usr/bin/time -v. Release build expected at --obsgen.

    Benchmarks/lint_bench.py --obsgen PATH [--repeat 3] [--work DIR] [--only NAME ...] [--sizes 1,2,4,...]

Sections (--only):
  corpus    the 224 shared rule files, obsgen lint vs promtool
  big       one large rule file at 1 MB and 3 MB, vs promtool
  scaling   every family (rules, oneline, braces, dashboard) at 1..60 MB: time, time per MB
            relative to the 1 MB size, peak memory
  goals     the absolute goals: 20,000-rule one-line file, 1M-brace regex, 100,000-panel
            dashboard, 60 MB rule file (time and memory)
  project   a 50-file project (startup)
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get("OBSGEN_CORPUS", os.path.join(HERE, "..", "..", "shared", "corpus", "realworld"))


def make(work, kind, arg, name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(HERE, "make_inputs.py"), kind, str(arg), path], check=True)
    return path


CPU = {}


def timed(cmd, repeat, cwd=None):
    """Best wall time of `repeat` runs, and the peak RSS (KB) of the last one. The best CPU time
    (user + system) is kept in CPU[the command], for a machine shared with other work."""
    best = None
    rss = 0
    cpu = None
    for _ in range(repeat):
        s = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
        t = time.perf_counter() - s
        best = t if best is None else min(best, t)
        m = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        rss = int(m.group(1)) if m else 0
        u = re.search(rb"User time \(seconds\): ([\d.]+)", p.stderr)
        k = re.search(rb"System time \(seconds\): ([\d.]+)", p.stderr)
        c = float(u.group(1)) + float(k.group(1)) if u and k else 0.0
        cpu = c if cpu is None else min(cpu, c)
    CPU[tuple(cmd)] = cpu
    return best, rss, cpu


def lint(obsgen, paths):
    return [obsgen, "lint", "--format", "json"] + paths


def promtool(paths):
    return ["promtool", "check", "rules"] + paths


def row(name, ours, theirs=None):
    t, rss, cpu = ours
    s = f"{name:<38} obsgen {t:7.3f} s (cpu {cpu:6.3f}) {rss / 1024:7.1f} MB"
    if theirs:
        s += f"   promtool {theirs[0]:7.3f} s (cpu {theirs[2]:6.3f})   wall ratio {t / theirs[0]:.2f}x  cpu ratio {cpu / max(theirs[2], 1e-9):.2f}x"
    print(s, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--obsgen", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default="/tmp/obsgen-bench")
    ap.add_argument("--only", nargs="*", default=["corpus", "big", "scaling", "goals", "project"])
    ap.add_argument("--sizes", default="1,2,4,8,16,32,60")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    obsgen = os.path.abspath(a.obsgen)
    # Run where no obsgen.yml is found by walking up.
    cwd = a.work

    if "corpus" in a.only:
        files = sorted(f for f in glob.glob(os.path.join(CORPUS, "rules", "**", "*.y*ml"), recursive=True) if "/crd/" not in f)
        row(f"corpus ({len(files)} plain files)", timed(lint(obsgen, files), a.repeat, cwd), timed(promtool(files), a.repeat, cwd))
        allfiles = sorted(glob.glob(os.path.join(CORPUS, "rules", "**", "*.y*ml"), recursive=True))
        row(f"corpus ({len(allfiles)} files, obsgen only)", timed(lint(obsgen, allfiles), a.repeat, cwd))

    if "big" in a.only:
        for mb in (1.1, 3):
            p = make(a.work, "rules", mb, f"rules-{mb}mb.yml")
            row(f"rules {mb} MB", timed(lint(obsgen, [p]), a.repeat, cwd), timed(promtool([p]), a.repeat, cwd))

    if "scaling" in a.only:
        sizes = [float(x) for x in a.sizes.split(",")]
        families = {
            # kind, argument per MB, builder
            "rules": lambda mb: make(a.work, "rules", mb, f"rules-{mb:g}mb.yml"),
            "oneline": lambda mb: make(a.work, "oneline", int(mb * 20000 / 3.58), f"oneline-{mb:g}mb.yml"),
            "braces": lambda mb: make(a.work, "braces", int(mb * 1_000_000), f"braces-{mb:g}mb.yml"),
            "dashboard": lambda mb: make(a.work, "dashboard", int(mb * 10000 / 23.1), f"dashboard-{mb:g}mb.json"),
        }
        for fam, build in families.items():
            base = None
            prev = None
            for mb in sizes:
                p = build(mb)
                real = os.path.getsize(p) / 1e6
                t, rss, _ = timed(lint(obsgen, [p]), a.repeat, cwd)
                per = t / real
                base = base or per
                step = "" if prev is None else f"  per-MB vs previous size {per / prev:.2f}x"
                print(f"{fam:<10} {real:6.1f} MB  {t:7.3f} s  {rss / 1024:7.1f} MB RSS  per-MB vs 1 MB {per / base:.2f}x{step}", flush=True)
                prev = per

    if "goals" in a.only:
        p = make(a.work, "oneline", 20000, "oneline-20000.yml")
        row(f"one line, 20,000 rules ({os.path.getsize(p) / 1e6:.1f} MB)", timed(lint(obsgen, [p]), a.repeat, cwd), timed(promtool([p]), a.repeat, cwd))
        p = make(a.work, "braces", 1_000_000, "braces-1m.yml")
        row("regex of 1M braces", timed(lint(obsgen, [p]), a.repeat, cwd), timed(promtool([p]), a.repeat, cwd))
        p = make(a.work, "dashboard-small", 100_000, "dashboard-100k.json")
        row(f"dashboard of 100,000 panels ({os.path.getsize(p) / 1e6:.0f} MB)", timed(lint(obsgen, [p]), a.repeat, cwd))
        p = make(a.work, "rules", 60, "rules-60mb.yml")
        row("rules 60 MB", timed(lint(obsgen, [p]), a.repeat, cwd), timed(promtool([p]), a.repeat, cwd))
        row("rules 60 MB: rules render", timed([obsgen, "rules", "render", p, "--out", os.path.join(a.work, "render-out")], a.repeat, cwd))

    if "project" in a.only:
        d = os.path.join(a.work, "project-50")
        if not os.path.isdir(d):
            subprocess.run([sys.executable, os.path.join(HERE, "make_inputs.py"), "project", "50", d], check=True)
        files = sorted(glob.glob(os.path.join(d, "*.yml")))
        row("50-file project", timed(lint(obsgen, files), max(a.repeat, 5), cwd), timed(promtool(files), max(a.repeat, 5), cwd))


if __name__ == "__main__":
    main()
