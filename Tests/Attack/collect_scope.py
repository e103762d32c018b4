#!/usr/bin/env python3
"""Collect the whole scope of one cinx filter into a directory, for attack_release.py.

    collect_scope.py --cinx BIN --out DIR FILES... [--year Y] [cinx report options...]

Runs `cinx report FILES --table T --format csv --out DIR/T.csv` for each of the eleven
tables of one scope (summary, age, ethnicity, ethnic-group, gender, disability,
maltreatment, need, outcomes, cpp-category, factor; --authority adds authority.csv),
and `--table all` once into a scratch directory whose release.json is kept as
DIR/release.json (it names the cohort rules, the filter and hiddenMinimum).
The filter and settings options (--where, --require, --exclude, --in-cohort, --cohort,
--follow-up-years, --need-episode, --suppress, --protection, ...) is passed to every
run unchanged.  --attack then runs attack_release.py on DIR (after any --attack-with
directories given first, e.g. the standard release a filtered DIR belongs to) and
prints its summary line and timing.

Each cinx run records its release in a new, temporary release ledger (CINX_LEDGER), so that
collecting never records in the user's ledger and each table is the one cinx publishes for the
filter alone; --ledger DIR records every run in DIR instead.

Exit status: 0 collected (and, with --attack, the attack found nothing narrow), 1 the
attack found a narrow cell, 2 cinx failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

SCOPE = ["summary", "age", "ethnicity", "ethnic-group", "gender", "disability",
         "maltreatment", "need", "outcomes", "cpp-category", "factor"]


# cinx report's options that take a value (each may be repeated), passed on unchanged
VALUE_OPTIONS = ["--where", "--require", "--exclude", "--in-cohort", "--cohort",
                 "--follow-up-years", "--need-episode", "--suppress", "--protection"]


# The release ledger every cinx run records in; None: a new temporary one for each run.
LEDGER = None


def run(cmd):
    scratch = None
    env = dict(os.environ)
    if LEDGER:
        env["CINX_LEDGER"] = LEDGER
    else:
        scratch = tempfile.mkdtemp(prefix="collect-scope-ledger-")
        env["CINX_LEDGER"] = scratch
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if p.returncode != 0:
        sys.stderr.write(f"error: {' '.join(cmd)} exited {p.returncode}\n{p.stderr}")
        raise SystemExit(2)
    return p


def collect(cinx, out, files, options, authority=False):
    os.makedirs(out, exist_ok=True)
    tables = SCOPE + (["authority"] if authority else [])
    for t in tables:
        run([cinx, "report", *files, "--table", t, "--format", "csv",
             "--out", os.path.join(out, t + ".csv"), "--force", *options])
    scratch = tempfile.mkdtemp(prefix="collect-scope-")
    try:
        target = os.path.join(scratch, "all")
        run([cinx, "report", *files, "--table", "all", "--format", "csv",
             "--out", target, "--force", *options])
        shutil.copyfile(os.path.join(target, "release.json"), os.path.join(out, "release.json"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return tables


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cinx", required=True, help="the cinx binary")
    ap.add_argument("--out", required=True, help="directory for the scope's CSVs")
    ap.add_argument("--year", help="reporting year (passed to cinx)")
    ap.add_argument("--authority", action="store_true", help="collect authority.csv too")
    ap.add_argument("--attack", action="store_true", help="run attack_release.py on the scope")
    ap.add_argument("--attack-with", action="append", default=[], metavar="DIR",
                    help="release directories given to the attack before --out's")
    for opt in VALUE_OPTIONS:
        ap.add_argument(opt, action="append", default=[], help="passed to cinx report")
    ap.add_argument("--keep-going", action="store_true", help="passed to cinx report")
    ap.add_argument("--ledger", metavar="DIR", help="the release ledger every run records in (default: a new temporary one per run)")
    ap.add_argument("files", nargs="+", help="CIN files for cinx report")
    args = ap.parse_args(argv)
    global LEDGER
    LEDGER = args.ledger
    options = ["--year", args.year] if args.year else []
    for opt in VALUE_OPTIONS:
        for value in getattr(args, opt[2:].replace("-", "_")):
            options += [opt, value]
    if args.keep_going:
        options.append("--keep-going")
    t0 = time.monotonic()
    tables = collect(args.cinx, args.out, args.files, options, args.authority)
    print(f"collected {len(tables)} tables and release.json into {args.out} "
          f"({time.monotonic() - t0:.1f} s)")
    if not args.attack:
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    t1 = time.monotonic()
    p = subprocess.run([sys.executable, os.path.join(here, "attack_release.py"),
                        *args.attack_with, args.out], stdout=subprocess.PIPE, text=True)
    lines = p.stdout.strip().splitlines()
    for line in lines:
        if " exact" in line or " narrow" in line:
            print(line)
    print(f"attack exit {p.returncode} in {time.monotonic() - t1:.1f} s")
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())
