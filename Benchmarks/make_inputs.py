#!/usr/bin/env python3
"""Builds the benchmark inputs from the shared real-world corpus (nothing here is downloaded).

    make_inputs.py rules     MB  OUT   plain rule files' groups concatenated into one file (groups
                                       renamed to stay unique), repeated with renamed rules until
                                       the file is about MB megabytes
    make_inputs.py oneline   N   OUT   one rule file on one line (`groups: [{...}, ...]`) of N
                                       rules taken from the corpus' rules, cyclically
    make_inputs.py braces    N   OUT   one rule whose regex matcher holds N literal `}`
    make_inputs.py dashboard N   OUT   one dashboard of N panels taken from the corpus' dashboards
    make_inputs.py dashboard-small N OUT  one dashboard of N small panels (a timeseries with one
                                       query each, about 500 bytes) under the 64 MiB input cap
    make_inputs.py project   N   DIR   N small rule files (a project's rule folder)
    make_inputs.py exprs     -   OUT   the `expr` of every rule of the shared rule files (plain and
                                       PrometheusRule), one JSON line each, for promql-bench

Output depends only on the arguments and the corpus: the same bytes every time.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get("OBSGEN_CORPUS", os.path.join(HERE, "..", "..", "shared", "corpus", "realworld"))


def plain_rule_files():
    files = sorted(glob.glob(os.path.join(CORPUS, "rules", "**", "*.y*ml"), recursive=True))
    return [f for f in files if "/crd/" not in f]


def group_blocks():
    """Each plain file's `groups:` list, as text re-indented so that `- name:` is at column 2."""
    out = []
    for path in plain_rule_files():
        lines = open(path, encoding="utf-8").read().split("\n")
        try:
            start = next(i for i, l in enumerate(lines) if l.rstrip() == "groups:")
        except StopIteration:
            continue
        body = lines[start + 1:]
        first = next((l for l in body if l.strip() and not l.lstrip().startswith("#")), None)
        if first is None:
            continue
        indent = len(first) - len(first.lstrip(" "))
        pad = " " * (2 - indent) if indent < 2 else ""
        cut = indent - 2 if indent > 2 else 0
        fixed = []
        for l in body:
            if not l.strip():
                fixed.append("")
            else:
                fixed.append(pad + l[cut:])
        out.append("\n".join(fixed).rstrip("\n"))
    return out


NAME = re.compile(r"^(  - name:\s*|    name:\s*)(.*?)\s*$")
RULE = re.compile(r"^(\s*(?:- )?\s*)(alert|record)(:\s*)(.*?)\s*$")


def suffixed(value, suffix):
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        return value[:-1] + suffix + value[-1]
    return value + suffix


def rename(block, gsuffix, rsuffix):
    out = []
    for l in block.split("\n"):
        m = NAME.match(l)
        if m:
            l = m.group(1) + suffixed(m.group(2), gsuffix)
        elif rsuffix:
            m = RULE.match(l)
            if m:
                l = m.group(1) + m.group(2) + m.group(3) + suffixed(m.group(4), rsuffix)
        out.append(l)
    return "\n".join(out)


def rules(mb, out):
    blocks = group_blocks()
    target = int(mb * 1_000_000)
    parts = ["groups:"]
    size = len("groups:\n")
    copy = 0
    while size < target:
        for i, b in enumerate(blocks):
            text = rename(b, f"_f{i}_c{copy}", f"_c{copy}" if copy else "")
            parts.append(text)
            size += len(text.encode()) + 1
            if size >= target:
                break
        copy += 1
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def corpus_rules():
    import yaml
    rs = []
    for path in plain_rule_files():
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        for g in doc.get("groups") or []:
            for r in g.get("rules") or []:
                rs.append(r)
    return rs


def oneline(n, out):
    rs, seen = [], set()
    for r in corpus_rules():
        key = (r.get("alert"), r.get("record"))
        if key not in seen:
            seen.add(key)
            rs.append(r)
    groups = []
    per = 20
    for gi in range((n + per - 1) // per):
        rules_ = []
        for k in range(gi * per, min(n, (gi + 1) * per)):
            r = {key: v for key, v in rs[k % len(rs)].items() if key in ("alert", "record", "expr")}
            copy = k // len(rs)
            if copy:
                for key in ("alert", "record"):
                    if key in r:
                        r[key] = f"{r[key]}_c{copy}"
            rules_.append(r)
        groups.append({"name": f"g{gi}", "rules": rules_})
    with open(out, "w", encoding="utf-8") as f:
        f.write("groups: " + json.dumps(groups, ensure_ascii=False, separators=(", ", ": ")) + "\n")


def braces(n, out):
    with open(out, "w", encoding="utf-8") as f:
        f.write("groups:\n  - name: braces\n    rules:\n      - record: job:up:braces\n")
        f.write("        expr: 'up{a=~\"" + "}" * n + "\"}'\n")


def dashboard(n, out):
    files = sorted(glob.glob(os.path.join(CORPUS, "dashboards", "**", "*.json"), recursive=True))
    panels = []
    base = None
    for path in files:
        try:
            d = json.load(open(path, encoding="utf-8"))
        except Exception:
            continue
        if "dashboard" in d and isinstance(d["dashboard"], dict):
            d = d["dashboard"]
        if base is None and d.get("templating"):
            base = d
        for p in d.get("panels") or []:
            if p.get("type") != "row" and "panels" not in p:
                panels.append(p)
    out_panels = []
    for i in range(n):
        p = dict(panels[i % len(panels)])
        p["id"] = i + 1
        p["gridPos"] = {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)}
        p["title"] = f"{p.get('title', 'Panel')} {i}"
        out_panels.append(p)
    d = dict(base)
    d["panels"] = out_panels
    d["uid"] = f"bench-{n}"
    d["title"] = f"Benchmark dashboard of {n} panels"
    d.pop("rows", None)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(d, f, indent=2, ensure_ascii=False)
        f.write("\n")


def dashboard_small(n, out):
    panels = []
    for i in range(n):
        panels.append({
            "id": i + 1, "type": "timeseries", "title": f"Requests {i}",
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
            "fieldConfig": {"defaults": {"unit": "reqps"}, "overrides": []},
            "targets": [{"refId": "A", "expr": f'sum by (job) (rate(http_requests_total{{job=~"$job", code=~"5.."}}[$__rate_interval])) * {i}',
                         "legendFormat": "{{job}}"}],
        })
    d = {"uid": f"bench-small-{n}", "title": f"Benchmark dashboard of {n} panels", "schemaVersion": 39,
         "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"},
                                 {"name": "job", "type": "query", "datasource": {"type": "prometheus", "uid": "${datasource}"},
                                  "query": "label_values(up, job)", "multi": True, "includeAll": True}]},
         "panels": panels}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(d, f, indent=1)
        f.write("\n")


def project(n, out):
    blocks = group_blocks()
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, f"rules-{i:03}.yml"), "w", encoding="utf-8") as f:
            f.write("groups:\n" + rename(blocks[i % len(blocks)], f"_p{i}", "") + "\n")


def exprs(out):
    import yaml
    files = sorted(glob.glob(os.path.join(CORPUS, "rules", "**", "*.y*ml"), recursive=True))
    with open(out, "w", encoding="utf-8") as f:
        for path in files:
            doc = yaml.safe_load(open(path, encoding="utf-8"))
            groups = (doc.get("spec") or {}).get("groups") if doc.get("kind") == "PrometheusRule" else doc.get("groups")
            for g in groups or []:
                for r in g.get("rules") or []:
                    if isinstance(r.get("expr"), (str, int, float)):
                        f.write(json.dumps({"expr": str(r["expr"])}) + "\n")


if __name__ == "__main__":
    kind, arg, out = sys.argv[1], sys.argv[2], sys.argv[3]
    {"rules": lambda: rules(float(arg), out), "oneline": lambda: oneline(int(arg), out), "braces": lambda: braces(int(arg), out),
     "dashboard": lambda: dashboard(int(arg), out), "dashboard-small": lambda: dashboard_small(int(arg), out), "project": lambda: project(int(arg), out), "exprs": lambda: exprs(out)}[kind]()
