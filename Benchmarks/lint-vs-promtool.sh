#!/usr/bin/env bash
# Lint benchmark: obsgen lint (every check) against `promtool check rules` on the same files —
# every plain rule file of the real-world corpus — in the same run. Release build; best of 5.
#
#   Benchmarks/lint-vs-promtool.sh [corpus-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${1:-../shared/corpus/realworld/rules}"
swift build -c release --product obsgen >/dev/null
OBSGEN="$(swift build -c release --show-bin-path)/obsgen"
mapfile -t FILES < <(find "$CORPUS" -name '*.yml' -o -name '*.yaml' | grep -v '/crd/' | sort)
echo "${#FILES[@]} rule files"
python3 - "$OBSGEN" "${FILES[@]}" <<'PY'
import subprocess, sys, time
obsgen, files = sys.argv[1], sys.argv[2:]
def best(cmd, n=5):
    t = []
    for _ in range(n):
        s = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t.append(time.perf_counter() - s)
    return min(t)
ours = best([obsgen, "lint", "--fail-on", "error"] + files)
theirs = best(["promtool", "check", "rules"] + files)
print(f"obsgen lint (all checks): {ours:.3f} s")
print(f"promtool check rules:     {theirs:.3f} s")
print(f"ratio: obsgen takes {ours / theirs:.2f}x promtool's wall time")
PY
