#!/usr/bin/env bash
# Rewrites the docs' quoted outputs (every code block after a `<!-- output of: COMMAND -->` line: the user
# guide's screens, the figures quoted from `cinx report` and `cinx audit`) with what the working tree's cinx
# prints now, for when a screen or a figure changes on purpose. Review the result with `git diff docs README.md`.
# DocumentedOutputsEndToEndTests fails while a block differs from the binary's output.
#   scripts/refresh-doc-outputs.sh [FILE.md...]     (default: README.md and docs/*.md)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product cinx >&2
python3 scripts/doc-outputs.py --cinx "$(swift build --show-bin-path)/cinx" --write "$@"
