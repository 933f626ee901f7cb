"""Peer measurement for the PromQL benchmark: the same expressions through the Rust
`promql-parser` (PyPI binding), timed around the parse loop only.

Reads expressions as JSON lines ({"expr": ...}) on stdin; prints one JSON object:
{"expressions": N, "bytes": B, "rounds": R, "seconds": S}."""
import json
import sys
import time

import promql_parser

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
exprs = [json.loads(line)["expr"] for line in sys.stdin if line.strip()]
total_bytes = sum(len(e.encode("utf-8")) for e in exprs)
best = None
for _ in range(rounds):
    start = time.perf_counter()
    for e in exprs:
        try:
            promql_parser.parse(e)
        except Exception:
            pass
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps({"expressions": len(exprs), "bytes": total_bytes, "rounds": rounds, "seconds": best}))
