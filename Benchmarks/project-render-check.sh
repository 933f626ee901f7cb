#!/usr/bin/env bash
# The loop a pre-commit hook runs: `obsgen render --check` in a package scaffolded by
# `obsgen init`, after a first build, with nothing changed (SwiftPM's incremental build is the
# cache: nothing may be rebuilt). Release build of obsgen; three runs.
#
#   Benchmarks/project-render-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# OBSGEN_BIN=DIR uses the obsgen already built there (e.g. .build/debug) instead.
if [ -n "${OBSGEN_BIN:-}" ]; then
  BIN="$(cd "$OBSGEN_BIN" && pwd)"
else
  swift build -c release --product obsgen >/dev/null
  BIN="$(swift build -c release --show-bin-path)"
fi
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
export PATH="$BIN:$PATH"
obsgen init "$DIR/demo" >/dev/null 2>&1
cd "$DIR/demo"
obsgen render >/dev/null 2>&1          # first build of the package, and the first render
python3 - <<'PY'
import subprocess, time
runs = []
for _ in range(3):
    s = time.perf_counter()
    r = subprocess.run(["obsgen", "render", "--check"], capture_output=True, text=True)
    runs.append(time.perf_counter() - s)
    assert r.returncode == 0, r.stderr
    assert "Compiling" not in r.stdout + r.stderr, "the second run rebuilt"
print("obsgen render --check on the scaffold, nothing changed: " + ", ".join(f"{t:.2f} s" for t in runs)
      + f" (range {min(runs):.2f}–{max(runs):.2f} s)")
PY
