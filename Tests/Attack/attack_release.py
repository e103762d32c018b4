#!/usr/bin/env python3
"""Independent disclosure attack on one or several cinx release directories.

Usage
    attack_release.py DIR [DIR2 ...] [--protection P] [--hidden-min 0|1] [--json]
                      [--compare FILE.csv ...]

    The first directory is the standard (unfiltered) release; every further
    directory is a filtered and/or custom-cohort release of the same data and
    year (its release.json says its cohorts and its filter).  All of them are
    attacked together, as one set of published numbers.

What it reads
    Whatever of summary.csv, age.csv, ethnicity.csv, ethnic-group.csv,
    gender.csv, disability.csv, maltreatment.csv, need.csv, outcomes.csv,
    cpp-category.csv, factor.csv and authority.csv is present in each
    directory (RFC 4180, header row, cohort id in the first column), and
    release.json when present (the cohort rules, custom ones included, the
    filter, hiddenMinimum).  A cell is a count, `c` (hidden), `-` (a
    percentage of an empty base: the count is 0), a percentage `12.3%` (the
    count itself not shown) or both, `45 (12.3%)` (explorer exports; whether
    it is a row or a column percentage is read from FILE.context.txt beside
    the table, else inferred from the numbers).  The explorer's summary
    layout (Children, % of pop., 16A..19A, Top need) is read too.  Nothing
    else: it never looks at the program that made the release, only at the
    published numbers plus the public definitions (docs/definitions.md).

What it models
    Parts.  The cohort rules of every release (A-E: A = !(4B|5B), B = 4B|5B,
    C = B & (1B|2B), D = B & 3B, E = D & (1B|2B); custom cohorts parsed from
    release.json's rule, or from the summary label when there is no
    release.json) and every release's factor filter (--require, --exclude,
    --in-cohort, --where factor=/maltreatment=) are boolean expressions over
    factor codes.  Every assignment of the factors they mention is
    enumerated; each distinct pattern of memberships is a part.  For A-E
    alone these are the five parts A, B-(C|D), C-E, D-E, E.  A cohort whose
    rule is unknown is an arbitrary subset (a fresh unnamed atom).
    Regions.  A filter's conditions on other dimensions (--where age=1-4,
    outcomes=..., several values of one dimension are alternatives) split
    each part further by which conditions the child meets: for a
    single-valued dimension the values are grouped by the conditions they
    satisfy (with no table of its values, as for authorities, a child has
    one of the values named or another: two authorities' releases are
    disjoint), for a multi-valued one (outcomes) every pattern of conditions.
    The population is the disjoint union of regions = part x class.  A
    release publishes the regions its filter selects (S); the standard
    release all of them (S cells + R cells, each non-negative).
    Unknowns (non-negative integers), per region g:
        size[g]; x[t, v, g] children of g counted in value v of table t;
        the factor columns x[factor, f, g] exist even without factor.csv.
    Relations, per region g:
        * single-valued tables (age, ethnicity, ethnic-group, gender,
          disability, need, cpp-category, authority): sum_v x = size;
        * multi-valued (maltreatment, outcomes, factor): 0 <= x <= size;
        * every child has at least one factor (definition 2): sum_f x >= size;
        * ethnic group = sum of its ethnicity codes (the same children);
        * maltreatment = factor columns (definition 7): 16A = 16A, 17A = 17A,
          18A = any of 18A/18B/18C (max <= m <= sum), 19A likewise;
        * outcomes: CPP started = size - cpp-category "No plan" (= the sum
          of the other categories); "None of these" + any other outcome
          <= size, and size - None <= sum of the other outcomes;
        * cohort rules: every literal and every clause of 2-3 literals that
          holds for all factor assignments of the region's part:
          unit f: x[f] = size; unit !f: x[f] = 0; clause:
          sum_{f positive} x[f] + sum_{f negative} (size - x[f]) >= size;
        * where classes: values outside the class are 0 (single-valued);
          for outcomes, a met condition gives sum of its values >= size,
          an unmet one gives its values = 0.
    Published cells: a release's cell (cohort k, column v) is the sum over
    the regions its filter selects and whose part lies in k.  Visible counts
    are equalities; hidden cells are >= hiddenMinimum (release.json; default
    1, falling back to 0 if the system is infeasible).  A percentage q (one
    decimal) of a count n and base b: (2q-1) b <= 2000 n <= (2q+1) b with q
    in tenths; base = the release's population (summary percent), the
    row's size (row %) or A+B in the column (column %).  "Top need" in the
    explorer's summary is at least every other N0..N9 count.

Readings side by side (--compare)
    `cinx report --compare CHOICE` writes one long-form CSV (choice, table,
    cohort, measure, reading, cell, to_cell, count) of the same children as
    DIR (the standard release, read as usual).  For a table T and another
    reading R of a choice, the attack adds, per region g: the children of g
    by their value of T under R, y[v, g] (single-valued: they sum to
    size[g]), and the movements z[a, b, g], the children with value a of T
    as DIR reads it and b under R (sum over b of z[a, ., g] = x[T, a, g];
    sum over a of z[., b, g] = y[b, g]).  Published: the `count` rows of R
    (a cohort's cell is the sum over its regions), the `moved` rows listed
    (from `cell` to `to_cell`); every movement between two different cells
    that is not listed is hidden (it may be 0: the CSV leaves out every
    movement it does not show, zeros and small counts alike, so hidden cells
    of the side-by-side view are >= 0).  Movements within a cell (a to a)
    and `difference` rows (differences of published counts) add nothing.
    Movements the definitions rule out are 0: under age-at (definition 5:
    the age band at the assessment's start or at its authorisation, which
    is on or after the start, and within a year of it), aged at the later
    date a child is in the same band or the next one in the order Unborn,
    Under 1, 1-4, 5-9, 10-15, 16+ (Unborn to Under 1 when born in between;
    nothing above 16+), and Unknown (neither a birth date nor an expected
    one) is Unknown at both dates: z[a, b, g] = 0 for b before a or more
    than one band after it, and for a or b Unknown with a != b.
    Under need-episode (definition 9: `later` is the first episode referred
    after the authorisation inside the window, which is open in the window,
    so a child with no episode open in it, None under `first`, is None
    under `later`): z[None, b, g] = 0 for b != None (from first to later).
    `changed` rows (cohort empty: how many children a reading counts
    differently, for the choices that publish only that number) are an
    unknown w >= 0 per choice, table and reading, shown or hidden (>= 0),
    bounded by what docs/definitions.md says can move:
        * code-21 ignored (definition 2: only code 21 is dropped, so only a
          child whose first assessment has code 21 can be counted
          differently; population = A + B): w <= sum over the population's
          regions of x[factor, 21, g];
        * age-at authorisation (definition 5: authorisation is on or after
          the start, so a child is the same age or older, moving only up a
          band; Unknown has no birth date and never moves; 16+ has no band
          above it): w <= sum_g (size[g] - x[age, Unknown, g] - x[age, 16+, g]);
        * same-day earliest-start (definition 3: the same first day, so the
          same children, only the factors taken differ): w <= population;
        * first-assessment start (definition 3: a child may enter or leave
          the population): w >= 0 only.
    Two shown `changed` rows of one choice and reading subtract: a table's
    less the summary's is the children who keep their cohorts and take
    another value of the table (docs/definitions.md); from 1 to the
    protection it is reported as an exact cell `kept@CHOICE:READING`.

How it solves
    The constraint matrix is built once (all coefficients are integers).  For
    every hidden cell the cell expression is minimised and maximised.  First
    the LP relaxation (HiGHS) is solved: ceil/floor of its optimum bounds the
    integer optimum.  Every integral point found on the way (LP vertices that
    happen to be integral, MILP optima) is re-checked exactly in integer
    arithmetic and kept as a witness; if a witness already attains the LP
    bound, the integer optimum is known.  Otherwise scipy.optimize.milp is run
    with a zero relative gap.  So the reported [min, max] are the integer
    optima: every value at an end point is attained by a fully consistent
    integer table set, and nothing outside the range is.  (If a MILP stops
    on its time limit its proven bound is reported: the range is then wider
    than the truth, never narrower.)

Why it is independent
    It was written from the published table layout and cohort definitions
    only, without reading the program's protection code, so it does not share
    that code's assumptions about which relations an attacker may use.

Output
    One line per hidden cell: `table cohort column min..max [exact|narrow]`
    (max printed as `inf` when unbounded; cells of the second and later
    directories are prefixed `NAME:`, NAME the directory's base name), then
    `hidden N, exact X, narrow Y`.  A cell is exact when min == max and
    narrow when max - min < P (--protection, default 5); narrow counts
    include exact cells.  --json prints the same as one JSON object.
    Exit status: 0 no narrow cell, 1 some narrow cell, 2 unreadable or
    inconsistent input, 3 solver failure (not expected).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import re
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, vstack

TABLE_FILES = ["summary", "age", "ethnicity", "ethnic-group", "gender", "disability",
               "maltreatment", "need", "outcomes", "cpp-category", "factor", "authority"]
SINGLE_VALUED = {"age", "ethnicity", "ethnic-group", "gender", "disability", "need",
                 "cpp-category", "authority"}
MULTI_VALUED = {"maltreatment", "outcomes", "factor"}
SIZE_COLUMNS = {"Total", "All", "children", "Children"}

STANDARD_RULES = {
    "A": "!(4B | 5B)",
    "B": "4B | 5B",
    "C": "(4B | 5B) & (1B | 2B)",
    "D": "(4B | 5B) & 3B",
    "E": "((4B | 5B) & 3B) & (1B | 2B)",
}

ETHNICITY_CODES = ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH",
                   "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH",
                   "REFU", "NOBT", "Unknown"]
ETHNIC_GROUPS = {
    "White": ["WBRI", "WIRI", "WIRT", "WOTH", "WROM"],
    "Mixed": ["MWBC", "MWBA", "MWAS", "MOTH"],
    "Asian or Asian British": ["AIND", "APKN", "ABAN", "AOTH"],
    "Black or Black British": ["BCRB", "BAFR", "BOTH"],
    "Other ethnic groups": ["CHNE", "OOTH"],
    "Refused or not obtained": ["REFU", "NOBT"],
    "Unknown": ["Unknown"],
}
# definition 7: a maltreatment column is the children with any of these factors
MALTREATMENT_FACTORS = {
    "16A": ["16A"],
    "17A": ["17A"],
    "18A": ["18A", "18B", "18C"],
    "19A": ["19A", "19B", "19C"],
}
# the factor table's columns (every factor code cinx knows, docs/definitions.md 2)
FACTOR_CODES = ["1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B",
                "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A",
                "12A", "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C",
                "20", "21", "22A", "23A", "24A"]
NEEDS = ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]
CPP_STARTED = "CPP started"
NONE_OF_THESE = "None of these"
NO_PLAN = "No plan"

FACTOR_CODE = re.compile(r"^[0-9]{1,2}[A-Z]?$")
MAX_ATOMS = 18
MAX_REGIONS = 4000
MILP_TIME_LIMIT = 30.0

EPS = 1e-6

# The relations beyond "cells are sums of parts", by name, so that --without can switch
# one off (to see which relation a leak needs; the tests use it to show each is needed).
RELATIONS = {
    "units": "a factor every child of a part has (or none has) by the cohort rules",
    "clauses": "clauses of 2-3 factor literals the cohort rules force on a part",
    "any-factor": "every child has at least one factor (definition 2)",
    "ethnic-group": "an ethnic group is the sum of its ethnicity codes",
    "maltreatment": "maltreatment columns are factor columns (definition 7)",
    "cpp": "outcome CPP started = cohort size - cpp-category No plan",
    "none": "outcome None of these excludes the other outcomes",
    "summary-percent": "the summary's percentages of the population",
    "table-percent": "row and column percentages beside counts in other tables",
    "top-need": "the explorer summary's Top need is the largest need count",
    "reading-moves": "movements between readings the definitions rule out are 0 (definitions 5 and 9: age-at, need-episode)",
}


class InputError(Exception):
    pass


# --------------------------------------------------------------------------
# cohort expressions


class ParseError(Exception):
    pass


def parse_rule(text):
    """`&`, `|`, `!`, parentheses and factor codes; ! binds tightest, then &, then |.
    Returns an AST: ('atom', code) | ('not', e) | ('and', [e..]) | ('or', [e..])."""
    tokens = re.findall(r"[A-Za-z0-9]+|[&|!()]|\S", text)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        t = peek()
        pos += 1
        return t

    def p_or():
        terms = [p_and()]
        while peek() == "|":
            take()
            terms.append(p_and())
        return terms[0] if len(terms) == 1 else ("or", terms)

    def p_and():
        terms = [p_not()]
        while peek() == "&":
            take()
            terms.append(p_not())
        return terms[0] if len(terms) == 1 else ("and", terms)

    def p_not():
        if peek() == "!":
            take()
            return ("not", p_not())
        return p_atom()

    def p_atom():
        t = take()
        if t == "(":
            e = p_or()
            if take() != ")":
                raise ParseError(f"missing ')' in {text!r}")
            return e
        if t is None or not FACTOR_CODE.match(t.upper()):
            raise ParseError(f"{t!r} is not a factor code in {text!r}")
        return ("atom", t.upper())

    if not tokens:
        raise ParseError("empty rule")
    e = p_or()
    if pos != len(tokens):
        raise ParseError(f"unexpected {tokens[pos]!r} in {text!r}")
    return e


def ast_atoms(e, out):
    kind = e[0]
    if kind == "atom":
        out.add(e[1])
    elif kind == "not":
        ast_atoms(e[1], out)
    elif kind in ("and", "or"):
        for s in e[1]:
            ast_atoms(s, out)
    elif kind == "const":
        pass
    return out


def ast_eval(e, columns, n):
    """Evaluate over all n assignments at once: columns[atom] is a bool array."""
    kind = e[0]
    if kind == "atom":
        return columns[e[1]]
    if kind == "const":
        return np.full(n, bool(e[1]))
    if kind == "not":
        return ~ast_eval(e[1], columns, n)
    vals = [ast_eval(s, columns, n) for s in e[1]]
    out = vals[0].copy()
    for v in vals[1:]:
        out = (out & v) if kind == "and" else (out | v)
    return out


def ast_and(terms):
    terms = [t for t in terms if t is not None]
    if not terms:
        return ("const", True)
    return terms[0] if len(terms) == 1 else ("and", terms)


# --------------------------------------------------------------------------
# reading


def parse_cell(text, where):
    """-> (kind, count, percent_tenths); kind is 'count', 'hidden', 'percent' (count not shown)."""
    t = text.strip()
    if t == "c":
        return "hidden", None, None
    if t == "-":
        return "count", 0, None
    if t and all("0" <= ch <= "9" for ch in t):
        return "count", int(t), None
    m = re.fullmatch(r"([0-9]+)\s*\(\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*\)", t)
    if m:
        return "count", int(m.group(1)), tenths(m.group(2), where)
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)\s*%", t)
    if m:
        return "percent", None, tenths(m.group(1), where)
    raise InputError(f"{where}: not a count or 'c': {text!r}")


def tenths(text, where):
    q = float(text)
    if not math.isfinite(q) or q < 0:
        raise InputError(f"{where}: bad percent {text!r}")
    return int(round(q * 10))


def parse_percent(text, where):
    t = text.strip().rstrip("%").strip()
    if t in ("c", "", "-"):
        return None
    try:
        return tenths(t, where)
    except ValueError:
        raise InputError(f"{where}: not a percent or 'c': {text!r}")


def read_table(path):
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"{path}: {err}")
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"{path}: empty")
    header = [h.strip() for h in rows[0]]
    if not header or header[0] != "cohort":
        raise InputError(f"{path}: first column is not 'cohort'")
    if len(set(header)) != len(header):
        raise InputError(f"{path}: duplicate column names")
    data = []
    seen = set()
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            raise InputError(f"{path}:{i}: {len(r)} fields, header has {len(header)}")
        cohort = r[0].strip()
        if cohort in seen:
            raise InputError(f"{path}:{i}: cohort {cohort} twice")
        seen.add(cohort)
        data.append(dict(zip(header, r)))
    return header, data


def read_context(path):
    """'row', 'column' or None from an explorer export's FILE.context.txt."""
    ctx = path + ".context.txt"
    if not os.path.exists(ctx):
        return None
    try:
        with open(ctx, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("values:"):
                    if "column %" in line:
                        return "column"
                    if "row %" in line:
                        return "row"
                    return None
    except (OSError, UnicodeDecodeError):
        return None
    return None


class Release:
    """One release directory: its tables, cohort rules, filter and hidden minimum."""

    def __init__(self, directory, index):
        self.directory = directory
        self.index = index
        self.name = os.path.basename(os.path.normpath(directory)) or directory
        self.tables = {}
        self.percent_mode = {}
        self.notes = []
        self.meta = None
        self.cohort_rules = {}     # id -> rule text or None (unknown)
        self.filter = {"require": [], "exclude": [], "inCohort": [], "where": []}
        self.hidden_min = None
        self.read()

    def read(self):
        d = self.directory
        if not os.path.isdir(d):
            raise InputError(f"{d}: not a directory")
        for name in TABLE_FILES:
            path = os.path.join(d, name + ".csv")
            if os.path.exists(path):
                self.tables[name] = read_table(path)
                self.percent_mode[name] = read_context(path)
        others = sorted(f for f in os.listdir(d)
                        if f.endswith(".csv") and f[:-4] not in TABLE_FILES)
        for f in others:
            self.notes.append(f"note: ignoring {os.path.join(self.name, f)} "
                              f"(not a table this attack models)")
        if not self.tables:
            raise InputError(f"{d}: none of {', '.join(t + '.csv' for t in TABLE_FILES)}")
        meta_path = os.path.join(d, "release.json")
        if os.path.exists(meta_path):
            try:
                with open(meta_path, encoding="utf-8") as fh:
                    self.meta = json.load(fh)
            except (OSError, UnicodeDecodeError, ValueError) as err:
                raise InputError(f"{meta_path}: {err}")
            if not isinstance(self.meta, dict):
                raise InputError(f"{meta_path}: not a JSON object")
            for c in self.meta.get("cohorts") or []:
                if isinstance(c, dict) and "id" in c:
                    self.cohort_rules[str(c["id"])] = c.get("rule")
            flt = self.meta.get("filter") or {}
            for k in self.filter:
                v = flt.get(k) or []
                if not isinstance(v, list):
                    raise InputError(f"{meta_path}: filter.{k} is not a list")
                self.filter[k] = [str(x) for x in v]
            sup = self.meta.get("suppression") or {}
            hm = sup.get("hiddenMinimum")
            if isinstance(hm, int) and hm in (0, 1):
                self.hidden_min = hm
        # cohorts seen in the tables but not in release.json
        labels = {}
        if "summary" in self.tables:
            header, data = self.tables["summary"]
            if "label" in header:
                labels = {r["cohort"].strip(): r["label"].strip() for r in data}
        for header, data in self.tables.values():
            for r in data:
                k = r["cohort"].strip()
                if k in self.cohort_rules and self.cohort_rules[k] is not None:
                    continue
                if k in STANDARD_RULES and self.meta is None:
                    self.cohort_rules[k] = STANDARD_RULES[k]
                elif k in labels and labels[k] and k not in STANDARD_RULES:
                    self.cohort_rules[k] = labels[k]   # a custom cohort's label is its rule
                else:
                    self.cohort_rules.setdefault(k, None)


# --------------------------------------------------------------------------
# model


class Model:
    def __init__(self):
        self.var = {}          # key -> index
        self.rows = []         # (dict idx->coef, lb, ub)
        self.notes = []

    def v(self, key):
        if key not in self.var:
            self.var[key] = len(self.var)
        return self.var[key]

    def add(self, coefs, lb, ub):
        d = {}
        for i, c in coefs:
            d[i] = d.get(i, 0) + c
        d = {i: c for i, c in d.items() if c != 0}
        if d:
            self.rows.append((d, lb, ub))
        elif not (lb <= 0 <= ub):
            raise InputError("the published tables are inconsistent with the model "
                             "(a constant constraint fails)")


def percent_rows(m, n_coefs, base_coefs, q):
    """100 n / base rounds to q tenths: (2q-1) base <= 2000 n <= (2q+1) base."""
    n2000 = [(i, 2000 * c) for i, c in n_coefs]
    m.add(n2000 + [(i, -(2 * q + 1) * c) for i, c in base_coefs], -np.inf, 0)
    m.add(n2000 + [(i, -(2 * q - 1) * c) for i, c in base_coefs], 0, np.inf)


class Structure:
    """Parts from the cohort rules and factor filters, regions from the other conditions."""

    def __init__(self, releases, notes):
        self.notes = notes
        self.exprs = []            # ASTs
        self.expr_key = {}         # repr -> index
        self.cohort_expr = {}      # (release, cohort) -> expr index
        self.filter_expr = {}      # release -> expr index
        self.where = {}            # release -> {dim: set(values)}
        self.dims = {}             # dim -> list of conditions (value sets)
        self.releases = releases
        for r in releases:
            self.add_release(r)
        self.make_parts()

    def expr(self, ast):
        key = repr(ast)
        if key not in self.expr_key:
            self.expr_key[key] = len(self.exprs)
            self.exprs.append(ast)
        return self.expr_key[key]

    def cohort_ast(self, r, k):
        rule = r.cohort_rules.get(k)
        if rule is None and k in STANDARD_RULES:
            rule = STANDARD_RULES[k]
        if rule is not None:
            try:
                return parse_rule(rule)
            except ParseError as err:
                self.notes.append(f"note: {r.name}: cohort {k!r} rule not read ({err})")
        self.notes.append(f"note: {r.name}: cohort {k!r} has no rule this attack can read; "
                          f"modelled as an arbitrary group of children")
        return ("atom", f"?{r.index}:{k}")

    def add_release(self, r):
        cohorts = set(r.cohort_rules)
        for header, data in r.tables.values():
            cohorts.update(row["cohort"].strip() for row in data)
        for k in sorted(cohorts):
            self.cohort_expr[(r.index, k)] = self.expr(self.cohort_ast(r, k))
        f = r.filter
        terms = []
        for code in f["require"]:
            terms.append(("atom", code.upper()))
        for code in f["exclude"]:
            terms.append(("not", ("atom", code.upper())))
        for k in f["inCohort"]:
            if (r.index, k) in self.cohort_expr:
                terms.append(self.exprs[self.cohort_expr[(r.index, k)]])
            elif k in STANDARD_RULES:
                terms.append(parse_rule(STANDARD_RULES[k]))
            else:
                self.notes.append(f"note: {r.name}: --in-cohort {k} unknown; an arbitrary group")
                terms.append(("atom", f"?{r.index}:in:{k}"))
        where = {}
        for w in f["where"]:
            if "=" not in w:
                raise InputError(f"{r.name}: filter where {w!r} is not DIM=VALUE")
            dim, val = w.split("=", 1)
            where.setdefault(dim.strip(), set()).add(val.strip())
        for dim, vals in where.items():
            if dim == "factor":
                terms.append(("or", [("atom", v.upper()) for v in sorted(vals)]))
            elif dim == "maltreatment":
                alts = []
                for v in sorted(vals):
                    for code in MALTREATMENT_FACTORS.get(v, [v]):
                        alts.append(("atom", code.upper()))
                terms.append(("or", alts))
        r_where = {}
        for dim, vals in where.items():
            if dim in ("factor", "maltreatment", "ethnic-group"):
                continue
            r_where[dim] = set(vals)
        if "ethnic-group" in where:
            # a group is its ethnicity codes; with an ethnicity condition too, both must hold
            codes = set()
            for v in where["ethnic-group"]:
                if v not in ETHNIC_GROUPS:
                    raise InputError(f"{r.name}: unknown ethnic group {v!r}")
                codes.update(ETHNIC_GROUPS[v])
            r_where["ethnicity"] = codes & r_where["ethnicity"] if "ethnicity" in r_where else codes
        self.where[r.index] = r_where
        for dim, vals in r_where.items():
            conds = self.dims.setdefault(dim, [])
            if vals not in conds:
                conds.append(vals)
        self.filter_expr[r.index] = self.expr(ast_and(terms))

    def make_parts(self):
        atoms = set()
        for e in self.exprs:
            ast_atoms(e, atoms)
        self.atoms = sorted(atoms)
        self.factors = [a for a in self.atoms if not a.startswith("?")]
        k = len(self.atoms)
        if k > MAX_ATOMS:
            raise InputError(f"the cohort rules and filters mention {k} factors "
                             f"(at most {MAX_ATOMS} are enumerated)")
        n = 1 << k
        idx = np.arange(n, dtype=np.int64)
        cols = {a: ((idx >> i) & 1).astype(bool) for i, a in enumerate(self.atoms)}
        values = np.array([ast_eval(e, cols, n) for e in self.exprs]).reshape(len(self.exprs), n)
        patterns = {}
        for a in range(n):
            key = tuple(values[:, a].tolist())
            patterns.setdefault(key, []).append(a)
        self.parts = []            # (pattern tuple, assignments array)
        for key in sorted(patterns, reverse=True):
            self.parts.append((key, np.array(patterns[key], dtype=np.int64)))
        self.atom_bit = {a: i for i, a in enumerate(self.atoms)}

    def part_in(self, p, expr_index):
        return self.parts[p][0][expr_index]

    def clauses(self, p):
        """Units and minimal clauses of 2-3 factor literals that hold on all of part p."""
        assign = self.parts[p][1]
        bits = {f: ((assign >> self.atom_bit[f]) & 1).astype(bool) for f in self.factors}
        units = []
        free = []
        for f in self.factors:
            b = bits[f]
            if b.all():
                units.append((f, True))
            elif not b.any():
                units.append((f, False))
            else:
                free.append(f)
        lits = {}
        for f in free:
            lits[(f, True)] = bits[f]
            lits[(f, False)] = ~bits[f]
        pairs = []
        forced2 = set()
        for f, g in itertools.combinations(free, 2):
            for sf, sg in itertools.product((True, False), repeat=2):
                if (lits[(f, sf)] | lits[(g, sg)]).all():
                    c = ((f, sf), (g, sg))
                    pairs.append(c)
                    forced2.add(frozenset(c))
        triples = []
        if len(free) <= 14:
            for f, g, h in itertools.combinations(free, 3):
                for sf, sg, sh in itertools.product((True, False), repeat=3):
                    lf, lg, lh = (f, sf), (g, sg), (h, sh)
                    if (frozenset((lf, lg)) in forced2 or frozenset((lf, lh)) in forced2
                            or frozenset((lg, lh)) in forced2):
                        continue
                    if (lits[lf] | lits[lg] | lits[lh]).all():
                        triples.append((lf, lg, lh))
        return units, pairs + triples

    def make_regions(self, dim_columns):
        """Classes of each conditioned dimension, then regions = part x classes."""
        self.dim_classes = {}
        for dim, conds in self.dims.items():
            cols = dim_columns.get(dim)
            if dim in MULTI_VALUED or (not cols and dim not in SINGLE_VALUED):
                classes = list(itertools.product((True, False), repeat=len(conds)))
            elif not cols:
                # No table lists the dimension's values (an authority's are the data's): a child has one
                # value, one of those the conditions name or another, so its class is the pattern of one
                # named value, or of none.
                classes = []
                for v in sorted(set().union(*conds)):
                    pat = tuple(v in c for c in conds)
                    if pat not in classes:
                        classes.append(pat)
                none = tuple(False for _ in conds)
                if none not in classes:
                    classes.append(none)
            else:
                classes = []
                for v in cols:
                    pat = tuple(v in c for c in conds)
                    if pat not in classes:
                        classes.append(pat)
                for c in conds:
                    for v in c:
                        if v not in cols:
                            self.notes.append(f"note: where {dim}={v}: no such column")
            self.dim_classes[dim] = classes
        dims = sorted(self.dims)
        self.dim_order = dims
        class_lists = [list(range(len(self.dim_classes[d]))) for d in dims]
        self.regions = []
        for p in range(len(self.parts)):
            for combo in itertools.product(*class_lists):
                self.regions.append((p, combo))
        if len(self.regions) > MAX_REGIONS:
            raise InputError(f"{len(self.regions)} regions (parts x filter classes): too many")

    def region_in_release(self, g, r):
        p, combo = self.regions[g]
        if not self.part_in(p, self.filter_expr[r.index]):
            return False
        for dim, vals in self.where[r.index].items():
            j = self.dims[dim].index(vals)
            cls = self.dim_classes[dim][combo[self.dim_order.index(dim)]]
            if not cls[j]:
                return False
        return True


def read_compare(path):
    """The rows of a side-by-side CSV, as dicts by header name."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    need = {"choice", "table", "cohort", "measure", "reading", "cell", "to_cell", "count"}
    if rows and not need <= set(rows[0]):
        raise InputError(f"{path}: not a side-by-side CSV (columns {', '.join(sorted(need))})")
    return rows


AGE_ORDER = ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16+"]   # definition 5, youngest first


def ruled_out(choice, table, other, a, b):
    """Whether docs/definitions.md says no child can have a under the base reading and b under `other`.
    Definition 5 (age-at): the authorisation is on or after the start, and within a year of it, so a child
    aged at authorisation is in the same band or the next older one; Unknown has no birth date and stays
    Unknown.  Definition 9
    (need-episode): `later`'s episode, referred inside the window, is open in it, so None under `first`
    (no episode open in the window) is None under `later`."""
    if a == b:
        return False
    if choice == "need-episode" and table == "need":
        return (a == "None") if other == "later" else (b == "None")
    if choice != "age-at" or table != "age":
        return False
    if a not in AGE_ORDER or b not in AGE_ORDER:
        return True
    older = AGE_ORDER.index(b) - AGE_ORDER.index(a)
    # Definition 5 too: an assessment is authorised within a year of its start, too short to cross a whole band
    # (Under 1, the shortest, is a year), so a child moves at most one band.
    return older not in (0, 1) if other == "authorisation" else older not in (0, -1)


def add_compare(m, st, columns, regions, rows, rel, cell_rows, use):
    """The side-by-side rows of one CSV over the standard release's regions (release 0)."""
    sel = list(range(len(regions)))
    add_changed(m, regions, rows, rel, cell_rows)
    groups = {}
    for row in rows:
        if row["measure"] not in ("count", "moved"):
            continue
        groups.setdefault((row["choice"], row["table"]), []).append(row)
    for (choice, table), rs in groups.items():
        if table not in SINGLE_VALUED or table not in columns or choice == "code-21":
            continue
        cols = columns[table]
        # the base reading: the one whose count rows match DIR (the first listed for the table)
        readings = list(dict.fromkeys(r["reading"] for r in rs if r["measure"] == "count"))
        for other in readings[1:]:
            fam = f"{table}@{choice}:{other}"
            mov = f"{table}@{choice}:{readings[0]}>{other}"
            for g in sel:
                size = m.v(("size", g))
                m.add([(m.v((fam, c, g)), 1) for c in cols] + [(size, -1)], 0, 0)
                for a in cols:
                    m.add([(m.v((mov, a, b, g)), 1) for b in cols] + [(m.v((table, a, g)), -1)], 0, 0)
                for b in cols:
                    m.add([(m.v((mov, a, b, g)), 1) for a in cols] + [(m.v((fam, b, g)), -1)], 0, 0)
                for a in cols:
                    for b in cols:
                        if use("reading-moves") and ruled_out(choice, table, other, a, b):
                            m.add([(m.v((mov, a, b, g)), 1)], 0, 0)
            cohorts = list(dict.fromkeys(r["cohort"] for r in rs if r["reading"] == other))
            listed = {}
            for r in rs:
                if r["reading"] != other:
                    continue
                k = r["cohort"].strip()
                gs = [g for g in sel if st.part_in(regions[g][0], st.cohort_expr[(0, k)])]
                if r["measure"] == "count":
                    kind, val, _ = parse_cell(r["count"], f"compare {fam} {k}/{r['cell']}")
                    if r["cell"] in SIZE_COLUMNS:
                        coefs = [(m.v(("size", g)), 1) for g in gs]
                    elif r["cell"] in cols:
                        coefs = [(m.v((fam, r["cell"], g)), 1) for g in gs]
                    else:
                        raise InputError(f"compare: {table} has no column {r['cell']}")
                    cell_rows.append((rel, fam, k, r["cell"], coefs, val))
                else:
                    kind, val, _ = parse_cell(r["count"], f"compare {mov} {k}/{r['cell']}>{r['to_cell']}")
                    listed[(k, r["cell"], r["to_cell"])] = val
            for k in cohorts:
                gs = [g for g in sel if st.part_in(regions[g][0], st.cohort_expr[(0, k)])]
                for a in cols:
                    for b in cols:
                        if a == b:
                            continue
                        coefs = [(m.v((mov, a, b, g)), 1) for g in gs]
                        # a movement not listed is hidden (0 included)
                        cell_rows.append((rel, mov, k, f"{a}>{b}", coefs, listed.get((k, a, b))))


CHILD_LEVEL = ("ethnicity", "ethnic-group", "gender", "disability", "authority")


def changer_age_possible(a, b):
    """A child whose first assessment under code-21 ignored is another one: that one is authorised later in the same
    year (less than a year later), and each assessment within a year of its start (definition 5's reading), so its
    start is less than a year before the first one's and less than two years after it.  Aged at the start
    (definition 5) the band goes down one at most and up one at most, two from Unborn (born within two years);
    Unknown (no birth date nor expected one) is the child's."""
    if a not in AGE_ORDER or b not in AGE_ORDER:
        return a == b
    i, j = AGE_ORDER.index(a), AGE_ORDER.index(b)
    return abs(j - i) <= 1 or (i == 0 and j == 2)


def add_code21(m, st, columns, regions, rows, rel, cell_rows, use, relate):
    """code-21's side by side read from docs/definitions.md (definitions 2, 3, 4, 5), with DIR read under
    `--code-21 counts` (cinx's default) and the other readings at their defaults: the first assessment by
    authorisation, a same-day tie as the union (its earliest start for the age band), the window from the
    authorisation.  Under `ignored` code 21 is dropped from every assessment; one left with no factor has no factor
    data.  So:
        * a child keeps its first day unless every assessment of it is {21} alone; then its factors under
          `counts` are exactly {21} (every rule factor absent: the part of the all-false assignment), and it has
          the first of its later assessments of the year (any part) or leaves the population; nobody enters;
        * a child keeping its first day has the same authorisation, factors but 21, cohorts, follow-up and
          child, and its age band at the earliest start of the day without the {21}-only assessments: the same
          or later, the same band or the next one (the age-at rule from the start to a later date); it has a
          factor besides 21;
        * a child changing its first assessment keeps its ethnicity, gender, disability and authority; its age
          band moves as `changer_age_possible` says; every other value is unrelated.
    Groups per region g of DIR: the stayers s_g, the leavers l_{g,d} (to region d or out) and the same children
    under `ignored` a_{g,d}; each obeys the relations of its part (`relate`).  The `count` rows of `ignored`
    sum the stayers (21 taken as 0, the age band their own) and arrivals over the cohort's regions; the
    `moved-cohort` rows (cohort under `counts`, `to_cell` a cohort under `ignored` or out) sum stayers and
    leavers; one not listed is hidden."""
    rs = [r for r in rows if r["choice"] == "code-21"]
    if not any(r["reading"] == "ignored" and r["measure"] in ("count", "moved-cohort") for r in rs):
        return
    sel = list(range(len(regions)))
    parts = [regions[g][0] for g in sel]
    blank = [g for g in sel if 0 in set(st.parts[parts[g]][1].tolist())]
    dests = sel + ["out"]
    age_moves = "age" in columns
    S = lambda g: ("c21s", g)  # noqa: E731
    L = lambda g, d: ("c21l", g, d)  # noqa: E731
    A = lambda g, d: ("c21a", g, d)  # noqa: E731
    Y = lambda h: ("c21y", h)  # noqa: E731
    for g in sel:
        relate(S(g), parts[g])
        for d in (dests if g in blank else []):
            relate(L(g, d), parts[g])
            if d != "out":
                relate(A(g, d), parts[d])
    for g in sel:
        # DIR's region g: its stayers and leavers
        groups = [S(g)] + [L(g, d) for d in (dests if g in blank else [])]
        m.add([(m.v(("size", k)), 1) for k in groups] + [(m.v(("size", g)), -1)], 0, 0)
        for t, cols in columns.items():
            for c in cols:
                m.add([(m.v((t, c, k)), 1) for k in groups] + [(m.v((t, c, g)), -1)], 0, 0)
    fcols = columns.get("factor", [])
    for g in blank:
        for d in dests:
            key = L(g, d)
            for f in fcols:
                # factors {21} alone
                if f == "21":
                    m.add([(m.v(("factor", f, key)), 1), (m.v(("size", key)), -1)], 0, 0)
                else:
                    m.add([(m.v(("factor", f, key)), 1)], 0, 0)
            if d == "out":
                continue
            other = A(g, d)
            m.add([(m.v(("size", key)), 1), (m.v(("size", other)), -1)], 0, 0)
            for t in CHILD_LEVEL:
                for c in columns.get(t, []):
                    m.add([(m.v((t, c, key)), 1), (m.v((t, c, other)), -1)], 0, 0)
            if age_moves:
                cols = columns["age"]
                for a in cols:
                    m.add([(m.v(("c21age", a, b, g, d)), 1) for b in cols] + [(m.v(("age", a, key)), -1)], 0, 0)
                for b in cols:
                    m.add([(m.v(("c21age", a, b, g, d)), 1) for a in cols] + [(m.v(("age", b, other)), -1)], 0, 0)
                for a in cols:
                    for b in cols:
                        if not changer_age_possible(a, b):
                            m.add([(m.v(("c21age", a, b, g, d)), 1)], 0, 0)
    if set(FACTOR_CODES) <= set(fcols):
        # (only with every code's column, as "any-factor": a factor of a code no table lists is unknown here)
        for key in [S(g) for g in sel] + [A(g, d) for g in blank for d in sel]:
            # a factor besides 21 (a stayer's first day had one; under ignored every assessment counted has one)
            m.add([(m.v(("factor", f, key)), 1) for f in fcols if f != "21"] + [(m.v(("size", key)), -1)], 0, np.inf)
    # the other reading's region h: its stayers as `ignored` reads them, and the arrivals
    for h in sel:
        arriving = [A(g, h) for g in blank]
        m.add([(m.v(("size", k)), 1) for k in [S(h)] + arriving] + [(m.v(("size", Y(h))), -1)], 0, 0)
        for t, cols in columns.items():
            for c in cols:
                if t == "factor" and c == "21":
                    stay = []
                elif t == "age":
                    stay = [(m.v(("age", c, ("c21s2", h))), 1)]
                else:
                    stay = [(m.v((t, c, S(h))), 1)]
                m.add(stay + [(m.v((t, c, k)), 1) for k in arriving] + [(m.v((t, c, Y(h))), -1)], 0, 0)
        if age_moves:
            # a stayer's age band at a start as late or later: the same band or the next one up
            cols = columns["age"]
            m.add([(m.v(("age", c, ("c21s2", h))), 1) for c in cols] + [(m.v(("size", S(h))), -1)], 0, 0)
            for a in cols:
                m.add([(m.v(("c21up", a, b, h)), 1) for b in cols] + [(m.v(("age", a, S(h))), -1)], 0, 0)
            for b in cols:
                m.add([(m.v(("c21up", a, b, h)), 1) for a in cols] + [(m.v(("age", b, ("c21s2", h))), -1)], 0, 0)
            for a in cols:
                for b in cols:
                    if ruled_out("age-at", "age", "authorisation", a, b):
                        m.add([(m.v(("c21up", a, b, h)), 1)], 0, 0)
            if "21" in fcols:
                # a stayer's band moves only when a {21}-only assessment of its first day started first, which puts
                # 21 in its factors under `counts`: the movers are at most the part's 21 column
                m.add([(m.v(("c21up", a, b, h)), 1) for a in cols for b in cols if a != b]
                      + [(m.v(("factor", "21", S(h))), -1)], -np.inf, 0)
    def in_cohort(k):
        return [g for g in sel if st.part_in(parts[g], st.cohort_expr[(0, k)])]
    listed = {}
    run_cohorts = []
    for r in rs:
        if r["reading"] != "ignored":
            if r["measure"] == "count" and r["cohort"].strip() not in run_cohorts:
                run_cohorts.append(r["cohort"].strip())
            continue
        k = r["cohort"].strip()
        if r["measure"] == "count":
            t, c = r["table"], r["cell"]
            kind, val, _ = parse_cell(r["count"], f"compare code-21 {t} {k}/{c}")
            gs = in_cohort(k)
            if c in SIZE_COLUMNS:
                coefs = [(m.v(("size", Y(h))), 1) for h in gs]
            elif c in columns.get(t, []):
                coefs = [(m.v((t, c, Y(h))), 1) for h in gs]
            else:
                raise InputError(f"compare: code-21 {t} has no column {c}")
            cell_rows.append((rel, f"{t}@code-21:ignored", k, c, coefs, val))
        elif r["measure"] == "difference":
            # the count under `ignored` less the count under `counts` (a net movement, negative in A); hidden, any value
            t, c = r["table"], r["cell"]
            text = r["count"].strip()
            negative = text.startswith("-") and text[1:].isdigit()
            val = -int(text[1:]) if negative else parse_cell(text, f"compare code-21 difference {t} {k}/{c}")[1]
            gs = in_cohort(k)
            if c in SIZE_COLUMNS:
                coefs = [(m.v(("size", Y(h))), 1) for h in gs] + [(m.v(("size", h)), -1) for h in gs]
            elif c in columns.get(t, []):
                coefs = [(m.v((t, c, Y(h))), 1) for h in gs] + [(m.v((t, c, h)), -1) for h in gs]
            else:
                raise InputError(f"compare: code-21 {t} has no column {c}")
            cell_rows.append((rel, f"{t}@code-21:difference", k, c, coefs, val, -np.inf))
        elif r["measure"] == "moved-cohort":
            kind, val, _ = parse_cell(r["count"], f"compare code-21 moved {k}>{r['to_cell']}")
            listed[(k, r["to_cell"])] = val
    if not listed and not any(r["measure"] == "moved-cohort" for r in rs):
        return
    for k in run_cohorts:
        for to in run_cohorts + ["out"]:
            coefs = []
            for g in in_cohort(k):
                if to == "out":
                    if g in blank:
                        coefs.append((m.v(("size", L(g, "out"))), 1))
                    continue
                into = set(in_cohort(to))
                if g in into:
                    coefs.append((m.v(("size", S(g))), 1))
                if g in blank:
                    coefs += [(m.v(("size", L(g, d))), 1) for d in sel if d in into]
            # a movement not listed is hidden (0 included)
            cell_rows.append((rel, "summary@code-21:counts>ignored", k, to, coefs, listed.get((k, to))))


def changed_differences(compare_rows, compares, first_index, protection):
    """Counts two `changed` rows give by subtraction.  docs/definitions.md: a table's `changed` is the
    children in or out of the population or in other cohorts (the summary's `changed`, the same for every
    table of the choice) plus those who keep their cohorts and take another value of the table.  So a
    table's shown `changed` less the summary's shown `changed` (of one choice and reading, in any of the
    files) counts those children exactly: from 1 to `protection` it is a small count given away, reported
    as an exact cell `kept@CHOICE:READING TABLE`."""
    summary = {}
    tables = []
    for i, rows in enumerate(compare_rows):
        for row in rows:
            if row["measure"] != "changed":
                continue
            _, val, _ = parse_cell(row["count"], f"compare {row['choice']} {row['table']} changed")
            if val is None:
                continue
            key = (row["choice"], row["reading"])
            if row["table"] == "summary":
                summary[key] = val
            else:
                tables.append((i, key, row["table"], val))
    out = []
    for i, key, table, val in tables:
        if key in summary and 1 <= val - summary[key] <= protection:
            d = val - summary[key]
            out.append({"release": first_index + i, "directory": compares[i], "table": f"kept@{key[0]}:{key[1]}",
                        "cohort": table, "column": "children", "min": d, "max": d, "exact": True, "narrow": True})
    return out


def add_changed(m, regions, rows, rel, cell_rows):
    """The `changed` rows: how many children a reading counts differently, bounded by what can move
    (docs/definitions.md, definitions 2, 3 and 5; see the module's docstring)."""
    sel = list(range(len(regions)))
    for row in rows:
        if row["measure"] != "changed":
            continue
        choice, table, other = row["choice"], row["table"], row["reading"]
        kind, val, _ = parse_cell(row["count"], f"compare {choice} {table} changed")
        w = m.v(("changed", choice, table, other))
        sizes = [(m.v(("size", g)), -1) for g in sel]
        if choice == "code-21":
            m.add([(w, 1)] + [(m.v(("factor", "21", g)), -1) for g in sel], -np.inf, 0)
        elif choice == "age-at":
            stay = [(m.v(("age", band, g)), 1) for g in sel for band in ("Unknown", "16+")]
            m.add([(w, 1)] + sizes + stay, -np.inf, 0)
        elif choice == "same-day":
            m.add([(w, 1)] + sizes, -np.inf, 0)
        cell_rows.append((rel, f"changed@{choice}:{other}", table, "children", [(w, 1)], val))


def build_model(releases, disabled=frozenset(), compares=()):
    unknown = set(disabled) - set(RELATIONS)
    if unknown:
        raise InputError(f"unknown relation(s) {', '.join(sorted(unknown))}")
    use = lambda name: name not in disabled  # noqa: E731
    m = Model()
    notes = m.notes
    for r in releases:
        notes.extend(r.notes)
    st = Structure(releases, notes)

    # the value columns of each table (union over releases, first seen order)
    columns = {}
    for r in releases:
        for t, (header, _) in r.tables.items():
            if t == "summary":
                continue
            cols = columns.setdefault(t, [])
            for h in header[1:]:
                if h not in SIZE_COLUMNS and h not in cols:
                    cols.append(h)
    # "every child has a factor" needs every code's column (a hand-made table may hold a few)
    have_full_factor_table = any(set(FACTOR_CODES) <= set(r.tables["factor"][0])
                                 for r in releases if "factor" in r.tables)
    if "ethnicity" in columns or "ethnic-group" in columns:
        for c in ETHNICITY_CODES:
            if c not in columns.setdefault("ethnicity", []):
                columns["ethnicity"].append(c)
        for g in ETHNIC_GROUPS:
            if g not in columns.setdefault("ethnic-group", []):
                columns["ethnic-group"].append(g)
    # explorer summary's maltreatment columns and Top need use those tables' unknowns
    for r in releases:
        if "summary" in r.tables:
            header, data = r.tables["summary"]
            for h in header:
                if h in MALTREATMENT_FACTORS:
                    columns.setdefault("maltreatment", [])
                    if h not in columns["maltreatment"]:
                        columns["maltreatment"].append(h)
            if "Top need" in header:
                cols = columns.setdefault("need", [])
                for nd in NEEDS:
                    if nd not in cols:
                        cols.append(nd)
    factor_cols = list(columns.get("factor", []))
    for f in st.factors:
        if f not in factor_cols:
            factor_cols.append(f)
    if "maltreatment" in columns:
        for codes in MALTREATMENT_FACTORS.values():
            for f in codes:
                if f not in factor_cols:
                    factor_cols.append(f)
    if factor_cols:
        columns["factor"] = factor_cols

    dim_columns = {}
    for t, cols in columns.items():
        dim_columns[t] = cols
    st.make_regions(dim_columns)
    regions = st.regions

    part_clauses = [st.clauses(p) for p in range(len(st.parts))]

    def relate(key, p, skip_any_factor=False):
        """The relations every group of children of part p obeys (a region; under --compare code-21 also each
        group of a region's children by how the other reading reads them), its unknowns keyed by `key`."""
        size = m.v(("size", key))
        X = lambda t, col: m.v((t, col, key))  # noqa: E731
        for t, cols in columns.items():
            xs = [X(t, c) for c in cols]
            if t in SINGLE_VALUED:
                m.add([(i, 1) for i in xs] + [(size, -1)], 0, 0)
            else:
                for i in xs:
                    m.add([(i, 1), (size, -1)], -np.inf, 0)
        if have_full_factor_table and use("any-factor") and not skip_any_factor:
            # every child of the population has at least one factor (definition 2)
            m.add([(X("factor", f), 1) for f in columns["factor"]] + [(size, -1)], 0, np.inf)
        if "ethnicity" in columns and use("ethnic-group"):
            for grp, codes in ETHNIC_GROUPS.items():
                m.add([(X("ethnic-group", grp), 1)] + [(X("ethnicity", c), -1) for c in codes],
                      0, 0)
        if "maltreatment" in columns and use("maltreatment"):
            for col in columns["maltreatment"]:
                codes = MALTREATMENT_FACTORS.get(col)
                if not codes:
                    continue
                mv = X("maltreatment", col)
                fv = [X("factor", c) for c in codes]
                if len(fv) == 1:
                    m.add([(mv, 1), (fv[0], -1)], 0, 0)
                else:
                    for i in fv:
                        m.add([(mv, 1), (i, -1)], 0, np.inf)
                    m.add([(mv, 1)] + [(i, -1) for i in fv], -np.inf, 0)
        if "outcomes" in columns:
            ocols = columns["outcomes"]
            if (use("cpp") and CPP_STARTED in ocols and "cpp-category" in columns
                    and NO_PLAN in columns["cpp-category"]):
                m.add([(X("outcomes", CPP_STARTED), 1), (X("cpp-category", NO_PLAN), 1),
                       (size, -1)], 0, 0)
            if NONE_OF_THESE in ocols and use("none"):
                nv = X("outcomes", NONE_OF_THESE)
                others = [X("outcomes", c) for c in ocols if c != NONE_OF_THESE]
                for i in others:
                    m.add([(nv, 1), (i, 1), (size, -1)], -np.inf, 0)
                if others:
                    m.add([(size, 1), (nv, -1)] + [(i, -1) for i in others], -np.inf, 0)
        # cohort rules: units and clauses on the factor columns
        units, clauses = part_clauses[p]
        for f, pos in (units if use("units") else []):
            if pos:
                m.add([(X("factor", f), 1), (size, -1)], 0, 0)
            else:
                m.add([(X("factor", f), 1)], 0, 0)
        for clause in (clauses if use("clauses") else []):
            coefs = []
            negs = 0
            for f, pos in clause:
                if pos:
                    coefs.append((X("factor", f), 1))
                else:
                    coefs.append((X("factor", f), -1))
                    negs += 1
            # sum pos x + sum neg (size - x) >= size
            coefs.append((size, negs - 1))
            m.add(coefs, 0, np.inf)

    # ---- per-region relations
    for g, (p, combo) in enumerate(regions):
        size = m.v(("size", g))
        X = lambda t, col: m.v((t, col, g))  # noqa: E731
        relate(g, p)
        # where classes
        for di, dim in enumerate(st.dim_order):
            cls = st.dim_classes[dim][combo[di]]
            conds = st.dims[dim]
            cols = columns.get(dim)
            if not cols:
                continue
            if dim in MULTI_VALUED:
                for met, vals in zip(cls, conds):
                    vs = [X(dim, v) for v in vals if v in cols]
                    if met:
                        m.add([(i, 1) for i in vs] + [(size, -1)], 0, np.inf)
                    else:
                        for i in vs:
                            m.add([(i, 1)], 0, 0)
            else:
                for v in cols:
                    if tuple(v in c for c in conds) != cls:
                        m.add([(X(dim, v), 1)], 0, 0)   # (ethnic groups follow by regrouping)

    # ---- published cells
    cell_rows = []   # (release, table, cohort, column, coefs, value or None)

    def region_set(r):
        return [g for g in range(len(regions)) if st.region_in_release(g, r)]

    for r in releases:
        sel = region_set(r)
        in_cohort = {}

        def cohort_regions(k):
            if k not in in_cohort:
                e = st.cohort_expr[(r.index, k)]
                in_cohort[k] = [g for g in sel if st.part_in(regions[g][0], e)]
            return in_cohort[k]

        def size_coefs(gs):
            return [(m.v(("size", g)), 1) for g in gs]

        def col_coefs(t, col, gs):
            return [(m.v((t, col, g)), 1) for g in gs]

        population = size_coefs(sel)
        for t, (header, data) in r.tables.items():
            if t == "summary":
                read_summary(m, r, header, data, cohort_regions, size_coefs, col_coefs,
                             population, sel, cell_rows, use)
                continue
            size_col = next((h for h in header[1:] if h in SIZE_COLUMNS), None)
            parsed = {}
            for row in data:
                k = row["cohort"].strip()
                for col in header[1:]:
                    parsed[(k, col)] = parse_cell(row[col], f"{r.name}/{t}.csv {k}/{col}")
            mode = percent_mode(r, t, header, data, parsed, size_col, notes)
            for row in data:
                k = row["cohort"].strip()
                gs = cohort_regions(k)
                row_size = size_coefs(gs)
                for col in header[1:]:
                    kind, val, q = parsed[(k, col)]
                    coefs = row_size if col == size_col else col_coefs(t, col, gs)
                    if kind != "percent":
                        cell_rows.append((r.index, t, k, col, coefs, val))
                    if (q is not None and col != size_col and mode is not None
                            and use("table-percent")):
                        if mode == "row":
                            base = row_size
                        else:
                            base = col_coefs(t, col, sel)
                        percent_rows(m, coefs, base, q)
    for i, rows in enumerate(compares):
        add_compare(m, st, columns, regions, rows, len(releases) + i, cell_rows, use)
        add_code21(m, st, columns, regions, rows, len(releases) + i, cell_rows, use, relate)
    return m, cell_rows, st


def percent_mode(r, t, header, data, parsed, size_col, notes):
    """Row or column percentages in a table (None when it has none or it cannot tell)."""
    if not any(q is not None for (_, _, q) in parsed.values()):
        return None
    mode = r.percent_mode.get(t)
    if mode:
        return mode
    cohorts = [row["cohort"].strip() for row in data]
    value_cols = [h for h in header[1:] if h != size_col]
    ok = {"row": [0, 0], "column": [0, 0]}   # support, violations

    def check(mode_name, n, base, q):
        if base is None or base == 0:
            return
        good = abs(1000.0 * n / base - q) <= 0.5 + 1e-9
        ok[mode_name][0 if good else 1] += 1

    for k in cohorts:
        total = parsed.get((k, size_col), ("", None, None))
        for col in value_cols:
            kind, n, q = parsed[(k, col)]
            if kind == "count" and q is not None:
                if total[0] == "count":
                    check("row", n, total[1], q)
                a = parsed.get(("A", col))
                b = parsed.get(("B", col))
                if a and b and a[0] == "count" and b[0] == "count":
                    check("column", n, a[1] + b[1], q)
        qs = [parsed[(k, c)][2] for c in value_cols]
        if t in SINGLE_VALUED and qs and all(q is not None for q in qs):
            good = abs(sum(qs) - 1000) <= 0.5 * len(qs) + 1e-9
            ok["row"][0 if good else 1] += 1
    if "A" in cohorts and "B" in cohorts:
        for col in value_cols:
            qa, qb = parsed[("A", col)][2], parsed[("B", col)][2]
            if qa is not None and qb is not None:
                good = abs(qa + qb - 1000) <= 1 + 1e-9
                ok["column"][0 if good else 1] += 1
    fits = [mname for mname, (s, v) in ok.items() if v == 0 and s > 0]
    if len(fits) == 1:
        return fits[0]
    notes.append(f"note: {r.name}/{t}.csv: cannot tell row from column percentages; "
                 f"percentages not used")
    return None


def read_summary(m, r, header, data, cohort_regions, size_coefs, col_coefs, population, sel,
                 cell_rows, use):
    size_col = "children" if "children" in header else ("Children" if "Children" in header
                                                        else None)
    if size_col is None:
        raise InputError(f"{r.name}/summary.csv: no 'children' column")
    pct_col = "percent" if "percent" in header else ("% of pop." if "% of pop." in header
                                                     else None)
    mal_cols = [h for h in header if h in MALTREATMENT_FACTORS]
    mode = r.percent_mode.get("summary") or "row"
    for row in data:
        k = row["cohort"].strip()
        gs = cohort_regions(k)
        coefs = size_coefs(gs)
        kind, val, _ = parse_cell(row[size_col], f"{r.name}/summary.csv {k}/{size_col}")
        cell_rows.append((r.index, "summary", k, size_col, coefs, val))
        if pct_col:
            q = parse_percent(row[pct_col], f"{r.name}/summary.csv {k}/{pct_col}")
            if q is not None and use("summary-percent"):
                percent_rows(m, coefs, population, q)
        for col in mal_cols:
            kind, val, q = parse_cell(row[col], f"{r.name}/summary.csv {k}/{col}")
            cc = col_coefs("maltreatment", col, gs)
            if kind != "percent":
                cell_rows.append((r.index, "summary", k, col, cc, val))
            if q is not None and use("table-percent"):
                base = coefs if mode == "row" else col_coefs("maltreatment", col, sel)
                percent_rows(m, cc, base, q)
        if "Top need" in header and use("top-need"):
            top = row["Top need"].strip()
            if top in NEEDS:
                tv = col_coefs("need", top, gs)
                for other in NEEDS:
                    if other != top:
                        ov = col_coefs("need", other, gs)
                        m.add(tv + [(i, -c) for i, c in ov], 0, np.inf)


# --------------------------------------------------------------------------
# solving


class Solver:
    def __init__(self, m, cell_rows, hidden_min):
        """hidden_min: release index -> lower bound of its hidden cells."""
        self.m = m
        self.n = len(m.var)
        rows, lbs, ubs = [], [], []
        for d, lb, ub in m.rows:
            rows.append(d)
            lbs.append(lb)
            ubs.append(ub)
        self.hidden = []
        self.hidden_expr = []     # index into distinct hidden expressions
        exprs = {}
        for row in cell_rows:
            rel, t, k, col, coefs, val = row[:6]
            # a cell's lower bound when hidden: its release's, or its own (a difference may be negative)
            lower = row[6] if len(row) > 6 else hidden_min[rel]
            d = {}
            for i, c in coefs:
                d[i] = d.get(i, 0) + c
            d = {i: c for i, c in d.items() if c != 0}
            if not d:
                if val is None:
                    if hidden_min[rel] > 0:
                        raise InputError("a hidden cell has no children to count")
                elif val != 0:
                    raise InputError(f"the published tables are inconsistent with the model "
                                     f"({t} {k} {col} = {val} counts no children)")
                if val is None:
                    key = ()
                    if key not in exprs:
                        exprs[key] = len(exprs)
                    self.hidden.append((rel, t, k, col, d))
                    self.hidden_expr.append(exprs[key])
                continue
            if val is None:
                key = tuple(sorted(d.items()))
                if key not in exprs:
                    exprs[key] = len(exprs)
                self.hidden.append((rel, t, k, col, d))
                self.hidden_expr.append(exprs[key])
                rows.append(d)
                lbs.append(lower)
                ubs.append(np.inf)
            else:
                rows.append(d)
                lbs.append(val)
                ubs.append(val)
        data, ri, ci = [], [], []
        for r, d in enumerate(rows):
            for i, c in d.items():
                ri.append(r)
                ci.append(i)
                data.append(c)
        shape = (len(rows), self.n)
        self.A = csr_matrix((np.array(data, dtype=float), (ri, ci)), shape=shape)
        self.Aint = csr_matrix((np.array(data, dtype=np.int64), (ri, ci)), shape=shape)
        self.lb = np.array(lbs, dtype=float)
        self.ub = np.array(ubs, dtype=float)
        eq = self.lb == self.ub
        self.A_eq = self.A[eq]
        self.b_eq = self.lb[eq]
        fin_ub = (~eq) & np.isfinite(self.ub)
        fin_lb = (~eq) & np.isfinite(self.lb)
        self.A_ub = vstack([self.A[fin_ub], -self.A[fin_lb]]).tocsr()
        self.b_ub = np.concatenate([self.ub[fin_ub], -self.lb[fin_lb]])
        self.constraint = LinearConstraint(self.A, self.lb, self.ub)
        self.integrality = np.ones(self.n)
        self.bounds = Bounds(np.zeros(self.n), np.full(self.n, np.inf))
        self.nexpr = len(exprs)
        self.H = np.zeros((self.nexpr, self.n))
        for key, e in exprs.items():
            for i, c in key:
                self.H[e, i] = c
        self.seen_lo = np.full(self.nexpr, np.inf)
        self.seen_hi = np.full(self.nexpr, -np.inf)
        self.counts = {"lp": 0, "milp": 0, "milp_limit": 0}

    def witness(self, x):
        if x is None:
            return False
        xr = np.round(x)
        if np.max(np.abs(x - xr), initial=0) > 1e-6 or np.min(xr, initial=0) < 0:
            return False
        xi = xr.astype(np.int64)
        ax = self.Aint @ xi
        ok = np.all((ax >= self.lb - 0.5) & (ax <= self.ub + 0.5))
        if not ok:
            return False
        vals = self.H @ xr
        self.seen_lo = np.minimum(self.seen_lo, vals)
        self.seen_hi = np.maximum(self.seen_hi, vals)
        return True

    def feasible(self):
        res = milp(np.zeros(self.n), constraints=self.constraint, integrality=self.integrality,
                   bounds=self.bounds, options={"mip_rel_gap": 0})
        self.counts["milp"] += 1
        if res.status == 0:
            self.witness(res.x)
            return True
        if res.status == 2:
            return False
        raise RuntimeError(f"MILP failed: {res.message}")

    def lp(self, c):
        self.counts["lp"] += 1
        res = linprog(c, A_ub=self.A_ub, b_ub=self.b_ub, A_eq=self.A_eq, b_eq=self.b_eq,
                      bounds=(0, None), method="highs")
        if res.status == 2:
            res = linprog(c, A_ub=self.A_ub, b_ub=self.b_ub, A_eq=self.A_eq, b_eq=self.b_eq,
                          bounds=(0, None), method="highs", options={"presolve": False})
        if res.status == 3:
            return None, None
        if res.status != 0:
            raise RuntimeError(f"LP failed: {res.message}")
        return res.fun, res.x

    def ip(self, c, lp_bound):
        self.counts["milp"] += 1
        res = milp(c, constraints=self.constraint, integrality=self.integrality,
                   bounds=self.bounds, options={"mip_rel_gap": 0, "time_limit": MILP_TIME_LIMIT})
        dual = getattr(res, "mip_dual_bound", None)
        if res.status == 1:
            # time limit: report the proven bound (a wider range than the truth, never narrower)
            self.counts["milp_limit"] += 1
            if res.x is not None:
                self.witness(res.x)
            best = lp_bound
            if dual is not None and np.isfinite(dual):
                best = max(best, math.ceil(dual - EPS))
            print(f"warning: MILP time limit; reporting the proven bound {best}", file=sys.stderr)
            return best
        if res.status != 0:
            raise RuntimeError(f"MILP failed: {res.message}")
        if not self.witness(res.x):
            raise RuntimeError("MILP optimum failed the exact integer check")
        val = float(c @ np.round(res.x))
        if dual is not None and math.ceil(dual - EPS) < round(val):
            print(f"warning: MILP gap left open ({dual} vs {val}); reporting the bound",
                  file=sys.stderr)
            return math.ceil(dual - EPS)
        return round(val)

    def bound(self, e, sense):
        """sense +1: minimum, -1: maximum (returned as a value, None = unbounded)."""
        c = sense * self.H[e]
        if not c.any():
            return 0
        fun, x = self.lp(c)
        if fun is None:
            return None
        self.witness(x)
        lp_bound = math.ceil(fun - EPS)
        seen = self.seen_lo[e] if sense > 0 else -self.seen_hi[e]
        if seen <= lp_bound + 0.5:
            return sense * int(round(seen))
        return sense * self.ip(c, lp_bound)

    def solve_all(self):
        per_expr = [(self.bound(e, +1), self.bound(e, -1)) for e in range(self.nexpr)]
        return [per_expr[e] for e in self.hidden_expr]


# --------------------------------------------------------------------------
# main


def attack(directories, protection=5, hidden_min=None, disabled=frozenset(), compares=()):
    if isinstance(directories, (str, os.PathLike)):
        directories = [directories]
    releases = [Release(d, i) for i, d in enumerate(directories)]
    compare_rows = [read_compare(p) for p in compares]
    m, cell_rows, st = build_model(releases, disabled, compare_rows)
    # the side-by-side view hides zeros too: its hidden cells are >= 0
    compare_min = {len(releases) + i: 0 for i in range(len(compares))}
    notes = list(dict.fromkeys(m.notes))
    if hidden_min is not None:
        attempts = [{**{r.index: hidden_min for r in releases}, **compare_min}]
    else:
        declared = {**{r.index: (1 if r.hidden_min is None else r.hidden_min) for r in releases}, **compare_min}
        attempts = [declared]
        if any(declared.values()):
            attempts.append({**{r.index: 0 for r in releases}, **compare_min})
    solver = None
    used = None
    for hm in attempts:
        s = Solver(m, cell_rows, hm)
        if s.feasible():
            solver, used = s, hm
            break
        notes.append(f"note: system infeasible with hidden cells >= "
                     f"{', '.join(str(v) for v in hm.values())}")
    if solver is None:
        raise InputError("the published tables are inconsistent with the model "
                         "(no integer solution)")
    if hidden_min is None and used is not attempts[0]:
        notes.append("note: fell back to hidden cells >= 0")
    bounds = solver.solve_all()
    cells = []
    for (rel, t, k, col, _), (lo, hi) in zip(solver.hidden, bounds):
        exact = hi is not None and lo == hi
        narrow = hi is not None and hi - lo < protection
        cells.append({"release": rel,
                      "directory": releases[rel].directory if rel < len(releases) else compares[rel - len(releases)],
                      "table": t, "cohort": k, "column": col, "min": lo, "max": hi,
                      "exact": exact, "narrow": narrow})
    cells += changed_differences(compare_rows, compares, len(releases), protection)
    hm_values = set(used.values())
    return {
        "directory": directories[0],
        "directories": list(directories),
        "protection": protection,
        "hidden_min": hm_values.pop() if len(hm_values) == 1 else used,
        "hidden": len(cells),
        "exact": sum(c["exact"] for c in cells),
        "narrow": sum(c["narrow"] for c in cells),
        "parts": len(st.parts),
        "regions": len(st.regions),
        "variables": solver.n,
        "constraints": solver.A.shape[0],
        "lp_solves": solver.counts["lp"],
        "milp_solves": solver.counts["milp"],
        "milp_time_limits": solver.counts["milp_limit"],
        "notes": notes,
        "cells": cells,
    }


def explain(result, directories, protection, hidden_min, disabled=frozenset()):
    """For every narrow cell, the relations it needs: those without which it is not narrow.
    With several directories, `releases` when the cell's own release alone does not give it."""
    key = lambda c: (c["release"], c["table"], c["cohort"], c["column"])  # noqa: E731
    narrow = {key(c): c for c in result["cells"] if c["narrow"]}
    for c in narrow.values():
        c["needs"] = []
    if not narrow:
        return
    for rel in RELATIONS:
        if rel in disabled:
            continue
        try:
            other = attack(directories, protection, hidden_min, disabled | {rel})
        except InputError:
            continue
        for c in other["cells"]:
            if key(c) in narrow and not c["narrow"]:
                narrow[key(c)]["needs"].append(rel)
    if len(directories) > 1:
        for i, d in enumerate(directories):
            try:
                alone = attack([d], protection, hidden_min, disabled)
            except InputError:
                continue
            for c in alone["cells"]:
                k = (i, c["table"], c["cohort"], c["column"])
                if k in narrow and not c["narrow"]:
                    narrow[k]["needs"].append("releases")


def cell_name(result, c):
    prefix = ""
    if c["release"] > 0:
        prefix = os.path.basename(os.path.normpath(c["directory"])) + ":"
    return f"{prefix}{c['table']} {c['cohort']} {c['column']}"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Bound every hidden cell of cinx releases "
                                 "with an integer linear program.")
    ap.add_argument("directories", nargs="+", metavar="DIR",
                    help="release directories holding the CSV tables: the standard release "
                         "first, then filtered or custom-cohort releases of the same data")
    ap.add_argument("--protection", "-P", type=int, default=5,
                    help="a hidden cell is narrow if max - min < P (default 5)")
    ap.add_argument("--hidden-min", type=int, choices=[0, 1], default=None,
                    help="lower bound of a hidden cell (default: release.json's hiddenMinimum, "
                         "else 1, falling back to 0 if infeasible)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--compare", action="append", default=[], metavar="FILE.csv",
                    help="a side-by-side CSV of the same children (cinx report --compare), read with "
                         "the first directory (repeatable)")
    ap.add_argument("--without", action="append", default=[], metavar="RELATION",
                    help="leave a relation out of the model (repeatable): "
                         + ", ".join(RELATIONS))
    ap.add_argument("--explain", action="store_true",
                    help="for each narrow cell, name the relations it needs (reruns the "
                         "attack once without each relation; slower)")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    disabled = frozenset(args.without)
    try:
        result = attack(args.directories, args.protection, args.hidden_min, disabled, args.compare)
        if args.explain:
            explain(result, args.directories, args.protection, args.hidden_min, disabled)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # solver trouble: never let it look like exit 1
        print(f"error: solver failure: {err!r}", file=sys.stderr)
        return 3
    result["seconds"] = round(time.monotonic() - t0, 3)
    for n in result["notes"]:
        print(n, file=sys.stderr)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for c in result["cells"]:
            hi = "inf" if c["max"] is None else str(c["max"])
            tag = " exact" if c["exact"] else (" narrow" if c["narrow"] else "")
            print(f"{cell_name(result, c)} {c['min']}..{hi}{tag}")
            if c.get("needs") is not None:
                print(f"  needs: {', '.join(c['needs']) or 'no single relation'}")
        print(f"hidden {result['hidden']}, exact {result['exact']}, narrow {result['narrow']}")
    return 1 if result["narrow"] else 0


if __name__ == "__main__":
    sys.exit(main())
