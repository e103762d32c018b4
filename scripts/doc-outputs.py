#!/usr/bin/env python3
"""The docs' quoted outputs, made by the binary they describe.

A fenced code block directly after a line

    <!-- output of: cinx explore --keys 'by age' --screen --size 110x30 -->

holds exactly what that command prints on standard output (run with bash in a temporary directory that links
the package root's entries, so `demo-data/...` reads as written and files it writes land there; `cinx` is
the binary given with --cinx; the command may pipe into sed or grep to quote a part, or run several commands). Trailing spaces and
trailing blank lines are not compared: editors strip them.

  doc-outputs.py --cinx BIN --check [FILE...]   exit 1 with a unified diff for every block that differs
  doc-outputs.py --cinx BIN --write [FILE...]   rewrite every block with what the command prints now

FILE defaults to README.md and docs/*.md. A command that fails (non-zero exit) is an error in both modes
(exit 2), so that a block is never refreshed with an error message.
"""
import argparse
import difflib
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r"^<!-- output of: (.+?) -->\s*$")


def blocks(lines):
    """(command, first line of the block's body, line after its closing fence) for each marked block."""
    found = []
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if m and i + 1 < len(lines) and lines[i + 1].rstrip() == "```":
            end = i + 2
            while end < len(lines) and lines[end].rstrip() != "```":
                end += 1
            if end == len(lines):
                raise ValueError(f"line {i + 2}: the block after the marker is never closed")
            found.append((m.group(1), i + 2, end))
            i = end + 1
        elif m:
            raise ValueError(f"line {i + 1}: an output marker must be followed directly by a ``` line")
        else:
            i += 1
    return found


def normalised(text_lines):
    out = [line.rstrip() for line in text_lines]
    while out and out[-1] == "":
        out.pop()
    return out


def run(command, cinx):
    """What `command` prints, with `cinx` the binary under test, run in a directory of its own that
    links the package root's entries (so that it reads demo-data/ and writes nothing into the package)."""
    with tempfile.TemporaryDirectory(prefix="cinx-doc-outputs-") as scratch:
        for entry in os.listdir(ROOT):
            if entry not in (".build", ".git", "bench-data"):
                os.symlink(os.path.join(ROOT, entry), os.path.join(scratch, entry))
        script = 'cinx() { "$CINX_UNDER_TEST" "$@"; }\n' + command
        env = dict(os.environ, CINX_UNDER_TEST=cinx, NO_COLOR="1")
        done = subprocess.run(["bash", "-c", script], cwd=scratch, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"`{command}` exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return normalised(done.stdout.split("\n"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cinx", required=True, help="the cinx binary to run")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    cinx = os.path.abspath(args.cinx)
    files = args.files or ["README.md"] + sorted(glob.glob("docs/*.md", root_dir=ROOT))

    differ = 0
    count = 0
    for name in files:
        path = name if os.path.isabs(name) else os.path.join(ROOT, name)
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        try:
            found = blocks(lines)
        except ValueError as e:
            print(f"{name}: {e}", file=sys.stderr)
            return 2
        changed = False
        # From the last block up, so that a rewritten block does not move the ones before it.
        for command, start, end in reversed(found):
            count += 1
            try:
                now = run(command, cinx)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print(f"{name}:{start - 1}: {e}", file=sys.stderr)
                return 2
            quoted = normalised(lines[start:end])
            if now == quoted:
                continue
            differ += 1
            if args.write:
                lines[start:end] = now
                changed = True
            else:
                print(f"{name}:{start - 1}: the block differs from what `{command}` prints now")
                sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(
                    quoted, now, f"{name} (quoted)", f"{command} (now)", lineterm=""))
        if changed:
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
    verb = "rewrote" if args.write else "differ"
    print(f"doc-outputs: {count} blocks, {differ} {verb}")
    return 1 if differ and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
