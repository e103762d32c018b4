#!/usr/bin/env python3
"""Independent disclosure attack on one cinx release directory.

What it reads
    Whatever of summary.csv, age.csv, ethnicity.csv, ethnic-group.csv,
    maltreatment.csv, need.csv and authority.csv (cohorts by local authority,
    one column per authority and Total) is present in the directory (RFC 4180,
    header row, cohort id in the first column).  Nothing else: it never looks
    at the program that made the release, only at the published numbers plus
    the public definitions of the cohorts and tables.

What it models
    The cohorts are built from five disjoint parts of the population:
        P1 = A, P2 = B minus (C or D), P3 = C minus E, P4 = D minus E, P5 = E
    so A = P1, B = P2+P3+P4+P5, C = P3+P5, D = P4+P5, E = P5.
    Unknowns (non-negative integers):
        size[p]          number of children in part p (shared by every table);
        x[t, v, p]       children of part p counted in value column v of table t.
    Relations:
        * every published cell (cohort k, column v) equals the sum over the
          parts inside k of x[t, v, p]; Total / All / summary "children" equal
          the sum over those parts of size[p];
        * single-valued tables (age, ethnicity, ethnic-group, need, authority): for each
          part, sum_v x[t, v, p] = size[p];
        * maltreatment (multi-valued): 0 <= x[t, v, p] <= size[p];
        * ethnic-group is the ethnicity table regrouped, per part (the very
          same children): x[group, g, p] = sum of x[ethnicity, code, p] over
          the codes of g;
        * summary percent q (one decimal) of a count n: 100*n/population lies
          in [q-0.05, q+0.05], population = size(A)+size(B) = P1+...+P5.
          Written with integer coefficients:
          (2q-1)*pop <= 2000*n <= (2q+1)*pop, q in tenths.
        * visible cells are equalities; hidden cells (`c`) are >= 1 (zeros are
          always published), or >= 0 with --hidden-min 0 (automatic fallback
          to 0 when the system is infeasible with 1).
    Cohorts with other ids (custom --cohort definitions) are modelled as their
    own unrelated part (linked across tables by id only, and to the population
    through their summary percent); a note is written to stderr.

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
    integer table set, and nothing outside the range is.

Why it is independent
    It was written from the published table layout and cohort definitions
    only, without reading the program's protection code, so it does not share
    that code's assumptions about which relations an attacker may use.

Output
    One line per hidden cell: `table cohort column min..max [exact|narrow]`
    (max printed as `inf` when unbounded), then
    `hidden N, exact X, narrow Y`.  A cell is exact when min == max and narrow
    when max - min < P (--protection, default 5); narrow counts include exact
    cells.  --json prints the same as one JSON object.
    Exit status: 0 no narrow cell, 1 some narrow cell, 2 unreadable or
    inconsistent input, 3 solver failure (not expected).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

STANDARD_PARTS = ["P1", "P2", "P3", "P4", "P5"]
COHORT_PARTS = {
    "A": ["P1"],
    "B": ["P2", "P3", "P4", "P5"],
    "C": ["P3", "P5"],
    "D": ["P4", "P5"],
    "E": ["P5"],
}
POPULATION_PARTS = STANDARD_PARTS  # A + B

TABLE_FILES = ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need", "authority"]
SINGLE_VALUED = {"age", "ethnicity", "ethnic-group", "need", "authority"}
MULTI_VALUED = {"maltreatment"}
SIZE_COLUMN = {"age": "Total", "ethnicity": "Total", "ethnic-group": "Total", "authority": "Total",
               "need": "Total", "maltreatment": "All", "summary": "children"}

ETHNIC_GROUPS = {
    "White": ["WBRI", "WIRI", "WIRT", "WOTH", "WROM"],
    "Mixed": ["MWBC", "MWBA", "MWAS", "MOTH"],
    "Asian or Asian British": ["AIND", "APKN", "ABAN", "AOTH"],
    "Black or Black British": ["BCRB", "BAFR", "BOTH"],
    "Other ethnic groups": ["CHNE", "OOTH"],
    "Refused or not obtained": ["REFU", "NOBT"],
    "Unknown": ["Unknown"],
}

EPS = 1e-6


class InputError(Exception):
    pass


# --------------------------------------------------------------------------
# reading


def parse_count(text, where):
    t = text.strip()
    if t == "c":
        return None
    if t and all("0" <= ch <= "9" for ch in t):
        return int(t)
    raise InputError(f"{where}: not a count or 'c': {text!r}")


def parse_percent(text, where):
    t = text.strip()
    if t == "c" or t == "":
        return None
    try:
        q = float(t)
    except ValueError:
        raise InputError(f"{where}: not a percent or 'c': {text!r}")
    if not math.isfinite(q) or q < 0:
        raise InputError(f"{where}: bad percent {text!r}")
    return int(round(q * 10))  # in tenths


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


def read_release(directory):
    if not os.path.isdir(directory):
        raise InputError(f"{directory}: not a directory")
    tables = {}
    for name in TABLE_FILES:
        path = os.path.join(directory, name + ".csv")
        if os.path.exists(path):
            tables[name] = read_table(path)
    others = sorted(f for f in os.listdir(directory)
                    if f.endswith(".csv") and f[:-4] not in TABLE_FILES)
    for f in others:
        print(f"note: ignoring {f} (not a table this attack models)", file=sys.stderr)
    if not tables:
        raise InputError(f"{directory}: none of {', '.join(t + '.csv' for t in TABLE_FILES)}")
    return tables


# --------------------------------------------------------------------------
# model


class Model:
    def __init__(self):
        self.var = {}          # key -> index
        self.rows = []         # list of (dict idx->coef, lb, ub)
        self.hidden = []       # (table, cohort, column, dict idx->coef)
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
        self.rows.append((d, lb, ub))


def build_model(tables):
    m = Model()
    custom = set()

    def parts_of(cohort):
        if cohort in COHORT_PARTS:
            return COHORT_PARTS[cohort]
        if cohort not in custom:
            custom.add(cohort)
            m.notes.append(f"note: cohort {cohort!r} is not one of A-E; modelled as an "
                           f"unrelated group of children (linked across tables by id only)")
        return ["X:" + cohort]

    for p in STANDARD_PARTS:
        m.v(("size", p))

    cell_rows = []  # (table, cohort, column, coefs, value or None)

    for t, (header, data) in tables.items():
        if t == "summary":
            continue
        size_col = SIZE_COLUMN[t]
        value_cols = [h for h in header[1:] if h != size_col]
        cohorts = [r["cohort"].strip() for r in data]
        all_parts = list(STANDARD_PARTS)
        for k in cohorts:
            for p in parts_of(k):
                if p not in all_parts:
                    all_parts.append(p)
        for p in all_parts:
            size = m.v(("size", p))
            xs = [m.v((t, col, p)) for col in value_cols]
            if t in SINGLE_VALUED:
                m.add([(i, 1) for i in xs] + [(size, -1)], 0, 0)
            elif t in MULTI_VALUED:
                for i in xs:
                    m.add([(i, 1), (size, -1)], -np.inf, 0)
            else:  # pragma: no cover - TABLE_FILES only lists the above
                raise InputError(f"unknown table {t}")
        for r in data:
            k = r["cohort"].strip()
            ps = parts_of(k)
            for col in header[1:]:
                val = parse_count(r[col], f"{t}.csv {k}/{col}")
                if col == size_col:
                    coefs = [(m.v(("size", p)), 1) for p in ps]
                else:
                    coefs = [(m.v((t, col, p)), 1) for p in ps]
                cell_rows.append((t, k, col, coefs, val))

    # ethnic-group = regrouped ethnicity, per part
    if "ethnicity" in tables and "ethnic-group" in tables:
        eth_cols = set(tables["ethnicity"][0][1:])
        grp_cols = set(tables["ethnic-group"][0][1:])
        parts = [p for (kind, p) in [k for k in m.var if k[0] == "size"]]
        for g, codes in ETHNIC_GROUPS.items():
            if g not in grp_cols or not all(c in eth_cols for c in codes):
                m.notes.append(f"note: ethnic group {g!r} not linked (columns missing)")
                continue
            for p in parts:
                if ("ethnicity", codes[0], p) not in m.var or ("ethnic-group", g, p) not in m.var:
                    continue  # custom cohort present in only one of the two tables
                m.add([(m.v(("ethnic-group", g, p)), 1)]
                      + [(m.v(("ethnicity", c, p)), -1) for c in codes], 0, 0)

    if "summary" in tables:
        header, data = tables["summary"]
        if "children" not in header:
            raise InputError("summary.csv: no 'children' column")
        pop = [(m.v(("size", p)), 1) for p in POPULATION_PARTS]
        for r in data:
            k = r["cohort"].strip()
            ps = parts_of(k)
            val = parse_count(r["children"], f"summary.csv {k}/children")
            coefs = [(m.v(("size", p)), 1) for p in ps]
            cell_rows.append(("summary", k, "children", coefs, val))
            if "percent" in header:
                q = parse_percent(r["percent"], f"summary.csv {k}/percent")
                if q is not None:
                    # 100n/pop in [q/10-0.05, q/10+0.05]  <=>  (2q-1)*pop <= 2000*n <= (2q+1)*pop
                    n2000 = [(i, 2000 * c) for i, c in coefs]
                    m.add(n2000 + [(i, -(2 * q + 1) * c) for i, c in pop], -np.inf, 0)
                    m.add(n2000 + [(i, -(2 * q - 1) * c) for i, c in pop], 0, np.inf)

    return m, cell_rows


class Solver:
    def __init__(self, m, cell_rows, hidden_min):
        self.m = m
        self.n = len(m.var)
        rows, lbs, ubs = [], [], []
        for d, lb, ub in m.rows:
            rows.append(d)
            lbs.append(lb)
            ubs.append(ub)
        self.hidden = []
        for t, k, col, coefs, val in cell_rows:
            d = {}
            for i, c in coefs:
                d[i] = d.get(i, 0) + c
            if val is None:
                self.hidden.append((t, k, col, d))
                rows.append(d)
                lbs.append(hidden_min)
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
        self.A = csr_matrix((np.array(data, dtype=float), (ri, ci)), shape=(len(rows), self.n))
        self.Aint = csr_matrix((np.array(data, dtype=np.int64), (ri, ci)), shape=(len(rows), self.n))
        self.lb = np.array(lbs, dtype=float)
        self.ub = np.array(ubs, dtype=float)
        # LP form for linprog: A_eq / A_ub
        eq = self.lb == self.ub
        self.A_eq = self.A[eq]
        self.b_eq = self.lb[eq]
        ub_rows, ub_rhs = [], []
        fin_ub = (~eq) & np.isfinite(self.ub)
        fin_lb = (~eq) & np.isfinite(self.lb)
        from scipy.sparse import vstack
        self.A_ub = vstack([self.A[fin_ub], -self.A[fin_lb]]).tocsr()
        self.b_ub = np.concatenate([self.ub[fin_ub], -self.lb[fin_lb]])
        self.constraint = LinearConstraint(self.A, self.lb, self.ub)
        self.integrality = np.ones(self.n)
        self.bounds = Bounds(np.zeros(self.n), np.full(self.n, np.inf))
        self.H = np.zeros((len(self.hidden), self.n))
        for h, (_, _, _, d) in enumerate(self.hidden):
            for i, c in d.items():
                self.H[h, i] = c
        self.seen_lo = np.full(len(self.hidden), np.inf)
        self.seen_hi = np.full(len(self.hidden), -np.inf)
        self.counts = {"lp": 0, "milp": 0}

    # exact integer feasibility check of a rounded point; keep it as witness
    def witness(self, x):
        if x is None:
            return False
        xr = np.round(x)
        if np.max(np.abs(x - xr)) > 1e-6 or np.min(xr) < 0:
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
        return False

    def lp(self, c):
        self.counts["lp"] += 1
        res = linprog(c, A_ub=self.A_ub, b_ub=self.b_ub, A_eq=self.A_eq, b_eq=self.b_eq,
                      bounds=(0, None), method="highs")
        if res.status == 2:
            # The system is known to be feasible (checked first), so HiGHS'
            # "infeasible or unbounded" from presolve means unbounded; confirm
            # without presolve.
            res = linprog(c, A_ub=self.A_ub, b_ub=self.b_ub, A_eq=self.A_eq, b_eq=self.b_eq,
                          bounds=(0, None), method="highs", options={"presolve": False})
        if res.status == 3:
            # LP unbounded and the integer system feasible with rational data:
            # the integer program is unbounded too.
            return None, None
        if res.status != 0:
            raise RuntimeError(f"LP failed: {res.message}")
        return res.fun, res.x

    def ip(self, c):
        self.counts["milp"] += 1
        res = milp(c, constraints=self.constraint, integrality=self.integrality,
                   bounds=self.bounds, options={"mip_rel_gap": 0})
        if res.status != 0:
            raise RuntimeError(f"MILP failed: {res.message}")
        if not self.witness(res.x):
            raise RuntimeError("MILP optimum failed the exact integer check")
        val = float(c @ np.round(res.x))
        dual = getattr(res, "mip_dual_bound", None)
        if dual is not None and math.ceil(dual - EPS) < round(val):
            # should not happen with a zero gap; stay conservative
            print(f"warning: MILP gap left open ({dual} vs {val}); reporting the bound",
                  file=sys.stderr)
            return math.ceil(dual - EPS)
        return round(val)

    def bound(self, h, sense):
        """sense +1: minimum, -1: maximum (returned as a value, None = unbounded)."""
        c = sense * self.H[h]
        fun, x = self.lp(c)
        if fun is None:
            return None
        self.witness(x)
        lp_bound = math.ceil(fun - EPS)  # lower bound on min of sense*cell
        seen = self.seen_lo[h] if sense > 0 else -self.seen_hi[h]
        if seen <= lp_bound + 0.5:
            return sense * int(round(seen))
        return sense * self.ip(c)

    def solve_all(self):
        out = []
        for h in range(len(self.hidden)):
            lo = self.bound(h, +1)
            hi = self.bound(h, -1)
            out.append((lo, hi))
        return out


# --------------------------------------------------------------------------
# main


def attack(directory, protection=5, hidden_min=None):
    tables = read_release(directory)
    m, cell_rows = build_model(tables)
    notes = list(m.notes)
    tried = [1, 0] if hidden_min is None else [hidden_min]
    solver = None
    used = None
    for hm in tried:
        s = Solver(m, cell_rows, hm)
        if s.feasible():
            solver, used = s, hm
            break
        notes.append(f"note: system infeasible with hidden cells >= {hm}")
    if solver is None:
        raise InputError("the published tables are inconsistent with the model "
                         "(no integer solution)")
    if hidden_min is None and used == 0:
        notes.append("note: fell back to hidden cells >= 0")
    bounds = solver.solve_all()
    cells = []
    for (t, k, col, _), (lo, hi) in zip(solver.hidden, bounds):
        exact = hi is not None and lo == hi
        narrow = hi is not None and hi - lo < protection
        cells.append({"table": t, "cohort": k, "column": col, "min": lo, "max": hi,
                      "exact": exact, "narrow": narrow})
    return {
        "directory": directory,
        "protection": protection,
        "hidden_min": used,
        "hidden": len(cells),
        "exact": sum(c["exact"] for c in cells),
        "narrow": sum(c["narrow"] for c in cells),
        "variables": solver.n,
        "constraints": solver.A.shape[0],
        "lp_solves": solver.counts["lp"],
        "milp_solves": solver.counts["milp"],
        "notes": notes,
        "cells": cells,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description="Bound every hidden cell of a cinx release "
                                 "with an integer linear program.")
    ap.add_argument("directory", help="release directory holding the CSV tables")
    ap.add_argument("--protection", "-P", type=int, default=5,
                    help="a hidden cell is narrow if max - min < P (default 5)")
    ap.add_argument("--hidden-min", type=int, choices=[0, 1], default=None,
                    help="lower bound of a hidden cell (default 1, falling back to 0 "
                         "if infeasible)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    try:
        result = attack(args.directory, args.protection, args.hidden_min)
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
            print(f"{c['table']} {c['cohort']} {c['column']} {c['min']}..{hi}{tag}")
        print(f"hidden {result['hidden']}, exact {result['exact']}, narrow {result['narrow']}")
    return 1 if result["narrow"] else 0


if __name__ == "__main__":
    sys.exit(main())
