#!/usr/bin/env bash
# End-to-end: the real cinx binary in tmux (private socket, 120x40, UTF-8). A new user's path:
# open the demo, exclude 5B in the factor panel, drill into cohort B by age band, then 1-4 by
# ethnicity, export, quit; the export must equal `cinx report` for the same filters.
# Usage: explorer-tmux.sh CINX_BINARY PACKAGE_ROOT WORK_DIR
set -euo pipefail
cinx=$1; root=$2; work=$3
sock="cinx-e2e-$$"
. "$(dirname "$0")/tmux-session.sh"
mkdir -p "$work"
export_path="$work/view.csv"
status="$work/status"
rm -f "$export_path" "$status"

cd "$root"
tm -f /dev/null new-session -d -s e2e -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=xterm-256color \
  "'$cinx' explore; echo \$? > '$status'"
wait_for "Cohort summary" 120
wait_for "? help"
# The analyst's question: of the children in cohort D aged 1 to 4, what were their primary needs?
tm send-keys -t e2e Down Down Down Enter
wait_for "Break down All > D"
tm send-keys -t e2e Enter
wait_for "All > D (4B/5B with 3B) > by age band"
tm send-keys -t e2e Right Right Enter
wait_for "Break down All > D (4B/5B with 3B) > 1-4"
tm send-keys -t e2e 7
wait_for "All > D (4B/5B with 3B) > 1-4 > by primary need in follow-up"
wait_for "E C and D (= E)"
tm capture-pane -p -t e2e > "$work/screen-d-need.txt"
# Inside D only D and E (as C and D) can hold children: the screen says so, and no A or B row.
if grep -q "A without 4B or 5B" "$work/screen-d-need.txt" || grep -q "^B 4B or 5B" "$work/screen-d-need.txt"; then
  echo "FAIL: the drilled table shows cohorts that cannot hold children" >&2; cat "$work/screen-d-need.txt" >&2; exit 1
fi
tm send-keys -t e2e Escape Escape g
wait_for "Cohort summary"
# Factor panel: 5B is the 14th code; Space twice: required, then excluded.
tm send-keys -t e2e f
wait_for "Factors on first assessments"
for _ in $(seq 1 13); do tm send-keys -t e2e Down; done
# One key at a time: a key typed while the explorer protects a release is dropped, not replayed.
tm send-keys -t e2e Space
wait_for "[+] 5B"
tm send-keys -t e2e Space
wait_for "[-] 5B"
tm send-keys -t e2e Escape
wait_for "Filters: factors excluded: 5B"
# Drill cohort B, by age band.
tm send-keys -t e2e Down Enter
wait_for "Break down All > B"
tm send-keys -t e2e Enter
wait_for "All > B (4B or 5B) > by age band"
# 1-4 is the third age column; drill, then 2 = ethnicity.
tm send-keys -t e2e Right Right Enter
wait_for "Break down All > B (4B or 5B) > 1-4"
tm send-keys -t e2e 2
wait_for "All > B (4B or 5B) > 1-4 > by ethnicity"
tm capture-pane -p -t e2e > "$work/screen-ethnicity.txt"
# Export to a path typed at the prompt.
tm send-keys -t e2e e
wait_for "Export view to:"
for _ in $(seq 1 80); do tm send-keys -t e2e BSpace; done
tm send-keys -t e2e -l "$export_path"
tm send-keys -t e2e Enter
wait_for "exported 4 rows"
# Help, then quit.
tm send-keys -t e2e '?'
wait_for "KEYS"
tm send-keys -t e2e Escape q
for _ in $(seq 1 100); do [ -s "$status" ] && break; sleep 0.1; done
[ "$(cat "$status" 2>/dev/null)" = "0" ] || { echo "FAIL: cinx did not exit 0" >&2; exit 1; }

mode=$(stat -c %a "$export_path")
[ "$mode" = "600" ] || { echo "FAIL: export mode $mode, not 600" >&2; exit 1; }
cp "$export_path" "$work/export-body.csv"   # data only: a header line and rows
# Inside cohort B, cohort A can hold no child: the explorer does not show its row.
"$cinx" report demo-data/cin-20*.xml.gz --table ethnicity --exclude 5B --in-cohort B --where age=1-4 2>/dev/null | grep -v "^A," > "$work/report.csv"
if ! cmp -s "$work/export-body.csv" "$work/report.csv"; then
  echo "FAIL: export differs from cinx report" >&2
  diff "$work/export-body.csv" "$work/report.csv" >&2 || true
  exit 1
fi
echo "PASS: explorer end to end (export equals cinx report)"
