#!/usr/bin/env bash
# Builds a libFuzzer harness into .build/fuzz/ and runs it.
#
#   Fuzz/run.sh TARGET [SECONDS] [libFuzzer options...]
#
#   promql  PromQL parse → print (one line, and pretty at several widths) → parse round trip,
#           all-features and Grafana mode (Fuzz/PromQLFuzz.swift)
#   loader  the rule-file loader: YAML bytes → located errors or a model that renders and
#           loads back the same (Fuzz/LoaderFuzz.swift); needs `swift build` first for
#           .build/checkouts/Yams
#
# SECONDS defaults to 600. Seeds are generated once into Fuzz/seeds/TARGET from ../shared (read
# only) and the repo's rules/; Fuzz/regressions/TARGET holds the committed inputs that once
# failed. New inputs go to Fuzz/work/TARGET (or $FUZZ_WORK), crash inputs to Fuzz/crashes/.
# Exits non-zero when the harness crashes, hangs (over 5 s on one input) or runs out of memory.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: Fuzz/run.sh promql|loader [SECONDS] [libFuzzer options...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
TARGET="$1"
shift
SECONDS_TO_RUN=600
if [ $# -ge 1 ]; then
  SECONDS_TO_RUN="$1"
  shift
fi
case "$TARGET" in promql|loader) ;; *) usage ;; esac
case "$SECONDS_TO_RUN" in ''|*[!0-9]*) usage ;; esac

OUT=.build/fuzz
BIN="$OUT/$TARGET-fuzz"
SEEDS="Fuzz/seeds/$TARGET"
REGRESSIONS="Fuzz/regressions/$TARGET"
WORK="${FUZZ_WORK:-Fuzz/work/$TARGET}"
SHARED=../shared
YAMS=.build/checkouts/Yams
mkdir -p "$OUT" "$SEEDS" "$WORK" Fuzz/crashes

# --- seeds (generated once; git-ignored) ------------------------------------------------------
if [ -z "$(ls -A "$SEEDS")" ]; then
  case "$TARGET" in
    promql)
      if [ -f "$SHARED/corpus/promql/parse_cases.jsonl" ]; then
        python3 - "$SHARED/corpus/promql" "$SEEDS" <<'PY'
import hashlib, json, os, sys
src, dst = sys.argv[1], sys.argv[2]
def save(text):
    b = text.encode()
    with open(os.path.join(dst, hashlib.sha1(b).hexdigest()[:16]), "wb") as f:
        f.write(b)
for name, field in (("parse_cases.jsonl", "expr"), ("printer_cases.jsonl", "input")):
    path = os.path.join(src, name)
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            save(json.loads(line)[field])
PY
      else
        echo "note: $SHARED/corpus/promql not found; fuzzing from $REGRESSIONS only" >&2
      fi
      ;;
    loader)
      roots=(rules)
      if [ -d "$SHARED/corpus/realworld/rules" ]; then
        roots+=("$SHARED/corpus/realworld/rules")
      else
        echo "note: $SHARED/corpus/realworld/rules not found; seeds from rules/ only" >&2
      fi
      find "${roots[@]}" -type f \( -name '*.yml' -o -name '*.yaml' \) |
        while IFS= read -r f; do
          cp "$f" "$SEEDS/$(sha1sum "$f" | cut -c1-16)"
        done
      ;;
  esac
fi

# --- build (skipped when the harness is newer than everything it is built from) --------------
SWIFT_FLAGS=(-sanitize=fuzzer,address -parse-as-library -O)
stale() {  # stale FILE INPUT...: FILE is missing or older than one of the inputs
  local bin="$1"
  shift
  [ ! -f "$bin" ] || [ -n "$(find "$@" Fuzz/run.sh -newer "$bin" -print -quit)" ]
}

build_promql() {
  stale "$BIN" Sources/PromQL Fuzz/PromQLFuzz.swift || return 0
  echo "== building $BIN" >&2
  swiftc "${SWIFT_FLAGS[@]}" $(find Sources/PromQL -name '*.swift' | sort) Fuzz/PromQLFuzz.swift -o "$BIN"
}

build_loader() {
  if [ ! -d "$YAMS/Sources/CYaml" ]; then
    echo "error: $YAMS not found; run \`swift build\` first (it checks out Yams)" >&2
    exit 2
  fi
  stale "$BIN" Sources/PromQL Sources/ObsGen Fuzz/LoaderFuzz.swift "$YAMS/Sources" || return 0
  echo "== building $BIN" >&2
  local obj="$OUT/loader-obj"
  rm -rf "$obj"
  mkdir -p "$obj"
  local inc="$YAMS/Sources/CYaml/include"
  # libyaml, instrumented (coverage and ASan, without libFuzzer's main).
  for c in "$YAMS"/Sources/CYaml/src/*.c; do
    clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$inc" \
      "$c" -o "$obj/cyaml-$(basename "$c" .c).o"
  done
  # Each Swift module as one object plus its .swiftmodule, as SwiftPM would build them.
  local cyaml=(-DSWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -Xcc -I -Xcc "$inc" -I "$inc")
  module() {  # module NAME SOURCE_DIR
    swiftc "${SWIFT_FLAGS[@]}" "${cyaml[@]}" -I "$obj" -wmo -module-name "$1" \
      -emit-module -emit-module-path "$obj/$1.swiftmodule" \
      -c $(find "$2" -name '*.swift' | sort) -o "$obj/$1.o"
  }
  module Yams "$YAMS/Sources/Yams"
  module PromQL Sources/PromQL
  module ObsGen Sources/ObsGen
  swiftc "${SWIFT_FLAGS[@]}" "${cyaml[@]}" -I "$obj" Fuzz/LoaderFuzz.swift \
    "$obj"/*.o -o "$BIN"
}

"build_$TARGET"

# --- run -----------------------------------------------------------------------------------
OPTIONS=(-max_total_time="$SECONDS_TO_RUN" -timeout=5 -rss_limit_mb=4096 -print_final_stats=1
         -artifact_prefix=Fuzz/crashes/)
# Rule files run to ~90 KB; mutating the first 16 KB reaches everything the loader does.
if [ "$TARGET" = loader ]; then OPTIONS+=(-max_len=16384); fi
DIRS=("$WORK" "$SEEDS")
if [ -d "$REGRESSIONS" ]; then DIRS+=("$REGRESSIONS"); fi

# Swift's own crash backtracer would run inside libFuzzer's crash handler (and trip ASan there);
# libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
echo "== fuzzing $TARGET for ${SECONDS_TO_RUN}s: ${DIRS[*]}" >&2
LSAN_OPTIONS="suppressions=Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
  "$BIN" "${OPTIONS[@]}" "$@" "${DIRS[@]}"
