#!/usr/bin/env bash
# Builds one libFuzzer harness (xml, csv, csvdiff, gzip or expression) with AddressSanitizer into Fuzz/.build/.
# The harness is compiled in one module with the model and loader (and, for expressions, the parser) sources,
# so it exercises exactly the code the app runs.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
out=Fuzz/.build
src="$out/src-$name"
rm -rf "$src"; mkdir -p "$src"
for f in $(find Sources/CINModel Sources/CINLoading -name '*.swift'); do
  sed -e '/^import CINModel$/d' -e '/^import CINLoading$/d' "$f" > "$src/$(echo "$f" | tr '/' '_')"
done
case "$name" in
  xml) harness=XMLLoaderFuzz.swift ;;
  csv) harness=FlatCSVFuzz.swift ;;
  csvdiff) harness=FlatCSVDiffFuzz.swift ;;
  gzip) harness=GzipFuzz.swift ;;
  expression)
    harness=ExpressionFuzz.swift
    for f in Sources/CohortEngine/Cohorts/CohortExpression.swift Sources/CohortEngine/Cohorts/CohortDefinition.swift; do
      sed -e '/^import CINModel$/d' "$f" > "$src/$(basename "$f")"
    done ;;
  *) echo "usage: $0 xml|csv|csvdiff|gzip|expression" >&2; exit 2 ;;
esac
cp "Fuzz/harnesses/$harness" "$src/"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name CINFuzz \
  -I Sources/CinxZlib -I Sources/CinxPrefetch -lz "$src"/*.swift -o "$out/fuzz-$name" 2>&1 | grep -v "Cannot export local symbol" || true
test -x "$out/fuzz-$name"
echo "$out/fuzz-$name"
