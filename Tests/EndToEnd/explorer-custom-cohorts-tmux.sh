#!/usr/bin/env bash
# End-to-end: the real cinx binary in tmux (private socket, 120x40, UTF-8) opens the demo and adds four
# custom cohorts by keys (+, the rule, Enter). Each key's work (protecting the release with one more custom
# cohort) must end within LIMIT seconds: timed from Enter until the status line says the cohort was added.
# Prints one line per cohort, "cohort F: 0.9 s", then PASS.
# Usage: explorer-custom-cohorts-tmux.sh CINX_BINARY PACKAGE_ROOT WORK_DIR LIMIT_SECONDS
set -euo pipefail
cinx=$1; root=$2; work=$3; limit=$4
sock="cinx-e2e-cc-$$"
. "$(dirname "$0")/tmux-session.sh"
mkdir -p "$work"
status="$work/status"
rm -f "$status"

cd "$root"
tm -f /dev/null new-session -d -s e2e -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=xterm-256color \
  "'$cinx' explore; echo \$? > '$status'"
wait_for "Cohort summary" 120
wait_for "? help"
for rule in "F=6B & !4B" "G=10A" "H=21" "J=3B & !1B"; do
  id=${rule%%=*}
  tm send-keys -t e2e +
  wait_for "New cohort"
  tm send-keys -t e2e -l "$rule"
  start=$(date +%s.%N)
  tm send-keys -t e2e Enter
  wait_for "cohort $id added" 60
  end=$(date +%s.%N)
  took=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  echo "cohort $id: $took s"
  if awk -v t="$took" -v l="$limit" 'BEGIN { exit !(t > l) }'; then
    echo "FAIL: adding cohort $id took $took s, more than $limit s" >&2
    tm capture-pane -p -t e2e >&2 || true
    exit 1
  fi
done
tm capture-pane -p -t e2e > "$work/screen-custom.txt"
# Each custom row is on the summary.
for id in F G H J; do
  grep -q "^$id " "$work/screen-custom.txt" || grep -q "^ *$id " "$work/screen-custom.txt" || {
    echo "FAIL: no row for cohort $id" >&2; cat "$work/screen-custom.txt" >&2; exit 1; }
done
tm send-keys -t e2e q
for _ in $(seq 1 100); do [ -s "$status" ] && break; sleep 0.1; done
[ "$(cat "$status" 2>/dev/null)" = "0" ] || { echo "FAIL: cinx did not exit 0" >&2; exit 1; }
echo "PASS: four custom cohorts added by keys, each within $limit s"
