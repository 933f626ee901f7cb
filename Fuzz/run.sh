#!/usr/bin/env bash
# Builds the PromQL libFuzzer harness and runs it for SECONDS (default 600).
# Seeds come from ../shared/corpus/promql/parse_cases.jsonl; crash inputs land in Fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-600}"
mkdir -p .build Fuzz/work Fuzz/seeds Fuzz/crashes
if [ -f ../shared/corpus/promql/parse_cases.jsonl ] && [ -z "$(ls -A Fuzz/seeds)" ]; then
  python3 - <<'PY'
import hashlib, json
for line in open("../shared/corpus/promql/parse_cases.jsonl"):
    e = json.loads(line)["expr"].encode()
    open("Fuzz/seeds/" + hashlib.sha1(e).hexdigest()[:16], "wb").write(e)
PY
fi
swiftc -sanitize=fuzzer,address -parse-as-library -O \
  $(find Sources/PromQL -name '*.swift') Fuzz/PromQLFuzz.swift -o .build/promql-fuzz
LSAN_OPTIONS="suppressions=Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
  .build/promql-fuzz -max_total_time="$SECONDS_TO_RUN" -timeout=5 -rss_limit_mb=4096 \
  -artifact_prefix=Fuzz/crashes/ Fuzz/work Fuzz/seeds
