#!/usr/bin/env bash
# Runs one harness for a fixed time on its seed corpus; new crashing inputs land in Fuzz/crashes/NAME/
# (commit them: a test replays every one). Usage: Fuzz/run.sh xml|csv|csvdiff|gzip|expression SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; seconds=${2:-60}
bin=$(bash Fuzz/build.sh "$name" | tail -1)
work=Fuzz/.build/corpus-$name
mkdir -p "$work" "Fuzz/crashes/$name"
# csvdiff (fast against general flat-file paths) starts from the csv seeds.
cp -n Fuzz/corpus/"${name%diff}"/* "$work"/ 2>/dev/null || true
# The Swift runtime's backtracer would spend seconds on each crash: libFuzzer reports them itself.
SWIFT_BACKTRACE=enable=no "$bin" "$work" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="Fuzz/crashes/$name/" -print_final_stats=1 2>&1 | tee "Fuzz/.build/run-$name.log" | grep -E "^#[0-9]+ +(DONE|pulse)|stat::|ERROR|SUMMARY|crash-" || true
