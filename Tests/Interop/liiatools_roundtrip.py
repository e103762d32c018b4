"""The liiatools round trip: XML returns -> liiatools 0.2.0 `cleanfile` (one flat CSV per return) -> `la-agg`
(one merged CSV), each read by `cinx report`, and an independent account of everything liiatools changed.

The account is made from the XML and the flat files alone (ElementTree and csv, not liiatools' code): the XML
is flattened the way docs/data-format.md describes liiatools' flat file (one row per dated event, the child's
and episode's values repeated), each expected row is matched with liiatools' row, and every cell that differs
is put down to one of the effects below, or reported as unexplained.

- "month": PersonBirthDate, ExpectedPersonBirthDate, PersonDeathDate cut to the 1st of the month (liiatools
  does this on purpose, for anonymity).
- "lost": a value that is blank in every row that should carry it. liiatools reads the XML with lxml's
  iterparse and takes an element's text at its *start* event (lds_cin_clean/parse.py, dom_parse), when lxml
  has not always read it yet: the text is then None.
- "truncated": the same, when lxml has read only the first part of the text.
- "rejected": a code outside the schema's list, blanked by liiatools' validator (the generator's deliberate
  faults RB, N12, XXXX).

`accounted_returns` writes the XML returns with exactly these effects applied; cinx must then give the same
tables from them as from liiatools' output.

Run directly for the numbers docs/data-format.md quotes:
    python liiatools_roundtrip.py CINX LIIATOOLS_PYTHON [--children N] [--seed S] [--faults]"""
import collections
import concurrent.futures
import csv
import datetime
import os
import re
import subprocess
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# The liiatools 0.2.0 schema for 2016-17 to 2019-20 (identical to its 2018-2020 files; sources in
# Tests/CINModelTests/Fixtures/README.md), for the code lists liiatools checks values against.
XSD_2017 = os.path.join(ROOT, "Tests", "CINModelTests", "Fixtures", "xsd", "liiatools-0.2.0_CIN_schema_2017.xsd")
XS = "{http://www.w3.org/2001/XMLSchema}"

LA_CODE, LA_NAME = "bar", "Barnet"  # any code liiatools knows; it only shows in LAchildID and LA
FIRST_YEAR, LAST_YEAR = 2017, 2020  # liiatools 0.2.0 has schemas from 2016-17 (CIN_schema_2017.xsd) only

CHILD = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
         "GenderCurrent", "PersonDeathDate", "Ethnicity"]
EPISODE = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
           "DateOfInitialCPC", "ReferralNFA"]
# module element -> (its value columns, the columns that each make a row of that Type)
MODULES = {
    "Assessments": (["AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"],
                    ["AssessmentActualStartDate", "AssessmentAuthorisationDate"]),
    "CINPlanDates": (["CINPlanStartDate", "CINPlanEndDate"], ["CINPlanStartDate", "CINPlanEndDate"]),
    "Section47": (["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"],
                  ["S47ActualStartDate"]),
    "ChildProtectionPlans": (["CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
                              "NumberOfPreviousCPP"], ["CPPstartDate", "CPPendDate"]),
}
MONTH_CUT = {"PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate"}
LISTS = {"Factors": "AssessmentFactors", "Disabilities": "Disability"}


def run(args, **kw):
    done = subprocess.run(args, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done


# ---------------------------------------------------------------- running the tools

def generate(cinx, out, children, seed, faults):
    run([cinx, "generate", "--children", str(children), "--seed", str(seed), "--format", "xml",
         "--first-year", str(FIRST_YEAR), "--last-year", str(LAST_YEAR), "--out", out,
         "--faults" if faults else "--no-faults"])
    return [os.path.join(out, f"cin-{y}.xml") for y in range(FIRST_YEAR, LAST_YEAR + 1)]


def liiatools(liia_python, *args):
    return run([liia_python, os.path.join(HERE, "liiatools_asof.py"), "cin-census", *args])


def clean_returns(liia_python, xml_files, out, log):
    """`cleanfile` on each return (in parallel: each takes seconds); the per-year CSVs in year order."""
    os.makedirs(out, exist_ok=True)
    os.makedirs(log, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda f: liiatools(liia_python, "cleanfile", "--i", f, "--la_code", LA_CODE,
                                          "--la_log_dir", log, "--o", out), xml_files))
    csvs = [os.path.join(out, os.path.basename(f)[:-4] + "_clean.csv") for f in xml_files]
    missing = [c for c in csvs if not os.path.exists(c)]
    if missing:  # cleanfile writes its refusals (year, file type) to the log folder and exits 0
        raise RuntimeError(f"cleanfile wrote no {missing}; its log: {os.listdir(log)}")
    return csvs


def la_agg(liia_python, clean_csvs, out, analysis):
    """`la-agg` once per cleaned return, oldest first, as an authority adds each year's file."""
    os.makedirs(out, exist_ok=True)
    os.makedirs(analysis, exist_ok=True)
    failures = []
    for c in clean_csvs:
        try:
            liiatools(liia_python, "la-agg", "--i", c, "--flat_output", out, "--analysis_output", analysis)
        except RuntimeError as e:
            # An assessment that lists a factor twice (one of the generator's deliberate faults) fails the
            # assertion in process.split_factors, which makes the factors analysis file. la-agg has already
            # written the merged flat file by then, so the merge itself is complete; anything else is a failure.
            if "split_factors" not in str(e) or "AssertionError" not in str(e):
                raise
            failures.append(os.path.basename(c))
    return os.path.join(out, "CIN_Census_merged_flatfile.csv"), failures


# Each reporting year the extract covers: four populations and follow-up windows, so that more children
# are near an age-band boundary and more lost values can reach a cohort.
REPORT_YEARS = range(FIRST_YEAR, LAST_YEAR + 1)


def report(cinx, files, out):
    """cinx's FOI tables for each reporting year, unsuppressed: "YEAR/table.csv" -> text; and report's stderr
    (its warnings) per year."""
    tables, stderr = {}, {}
    for year in REPORT_YEARS:
        d = os.path.join(out, str(year))
        done = run([cinx, "report", *files, "--year", str(year), "--suppress", "0", "--table", "all",
                    "--format", "csv", "--out", d])
        stderr[year] = done.stderr
        for f in sorted(os.listdir(d)):
            if f.endswith(".csv"):
                with open(os.path.join(d, f)) as text:
                    tables[f"{year}/{f}"] = text.read()
    return tables, stderr


def validate(cinx, files):
    import json
    done = subprocess.run([cinx, "validate", "--format", "json", *files], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"cinx validate exited {done.returncode}: {done.stderr}")
    return json.loads(done.stdout)


# ---------------------------------------------------------------- the XML, flattened independently

def code_lists(xsd=XSD_2017):
    """element name -> allowed codes, for the elements whose schema type is a list of codes."""
    root = ET.parse(xsd).getroot()
    enums = {t.get("name"): {e.get("value") for e in t.iter(XS + "enumeration")}
             for t in root.iter(XS + "simpleType") if t.get("name")}
    out = {}
    for el in root.iter(XS + "element"):
        if el.get("type") in enums and enums[el.get("type")]:
            out[el.get("name")] = enums[el.get("type")]
    return out


def _text(el):
    return (el.text or "").strip()


def expected_rows(xml_path):
    """The rows liiatools' flat file should hold for this return, in order. Each row: column -> list of
    (value, element) candidates, the first found wins (an S47's own DateOfInitialCPC hides the episode's);
    lists (Factors, Disabilities) -> list of (value, element), one per element."""
    tree = ET.parse(xml_path)
    rows = []
    for child in tree.getroot().iter("Child"):
        base = {}
        for name in CHILD:
            base[name] = [(_text(e), e) for e in child.iter(name)][:1]
        base["Disabilities"] = [(_text(e), e) for e in child.iter("Disability")]
        for ep in child.findall("CINdetails"):
            epi = dict(base)
            for name in EPISODE:
                epi[name] = [(_text(e), e) for e in ep.findall(name)][:1]

            def event(values, date_col, type_name=None):
                el = values.get(date_col)
                if el:
                    rows.append({**values, "Date": el[:1], "Type": type_name or date_col})

            event(epi, "CINreferralDate")
            event(epi, "CINclosureDate")
            for module, (cols, dated) in MODULES.items():
                for m in ep.findall(module):
                    vals = dict(epi)
                    for name in cols:
                        own = [(_text(e), e) for e in m.findall(name)][:1]
                        vals[name] = own + (epi.get(name, []) if name in epi else [])
                    if module == "Assessments":
                        vals["Factors"] = [(_text(e), e) for e in m.iter("AssessmentFactors")]
                    for d in dated:
                        event(vals, d)
                    if module == "ChildProtectionPlans":
                        for r in m.iter("CPPreviewDate"):
                            event({**vals, "CPPreviewDate": [(_text(r), r)]}, "CPPreviewDate")
    return tree, rows


def _liia_form(col, value):
    """A value as liiatools writes it, before any loss."""
    if value in ("true", "false"):
        return "1" if value == "true" else "0"
    if col in MONTH_CUT and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value[:8] + "01"
    return value


def _school_year(birth):
    d = datetime.date.fromisoformat(birth)
    return d.year if d.month >= 9 else d.year - 1


class Account:
    """What liiatools did to one extract, found by comparing the XML with the flat files."""

    def __init__(self):
        self.effects = collections.defaultdict(dict)  # effect -> {(file, element index): (tag, xml, flat)}
        self.unexplained = []                           # (file, row, column, expected, flat)
        self.rows_expected = self.rows_flat = 0

    def count(self, effect):
        return len(self.effects[effect])

    def by_tag(self, effect):
        return dict(sorted(collections.Counter(t for t, _, _ in self.effects[effect].values()).items()))


def account_return(xml_path, flat_csv, acct, codes):
    """Adds this return's effects to `acct`. Returns the parsed tree and element -> index map."""
    tree, rows = expected_rows(xml_path)
    index = {e: i for i, e in enumerate(tree.getroot().iter())}
    name = os.path.basename(xml_path)
    with open(flat_csv, newline="") as f:
        flat = list(csv.DictReader(f))
    acct.rows_expected += len(rows)
    acct.rows_flat += len(flat)
    seen = collections.defaultdict(set)  # element -> {"kept", "blank", "cut:<text>"}

    def note(el, how):
        seen[el].add(how)

    j = 0
    for exp in rows:
        date_value, date_el = exp["Date"][0]
        row = flat[j] if j < len(flat) else None
        if row is None or row["Type"] != exp["Type"] or row["Date"] != date_value:
            # The event's own date did not reach liiatools, so it wrote no row for it.
            note(date_el, "blank")
            continue
        j += 1
        for col, cands in exp.items():
            if col in ("Date", "Type", "CPPreviewDate"):
                continue
            got = row.get(col, "")
            if col in LISTS:
                parts = [p for p in got.split(",") if p]
                k = 0
                for value, el in cands:
                    if k < len(parts) and parts[k] == value:
                        note(el, "kept"); k += 1
                    elif k < len(parts) and value.startswith(parts[k]):
                        note(el, "cut:" + parts[k]); k += 1
                    else:
                        note(el, "blank")
                if k != len(parts):
                    acct.unexplained.append((name, j + 1, col, [v for v, _ in cands], got))
                continue
            if col == "LAchildID" and got:
                if not got.endswith("_" + LA_CODE.upper()):
                    acct.unexplained.append((name, j + 1, col, cands[0][0] if cands else "", got))
                    continue
                got = got[:-len(LA_CODE) - 1]
            matched = False
            for value, el in cands:
                form = _liia_form(col, value)
                if got == form:
                    note(el, "kept"); matched = True
                    break
                if got and form.startswith(got):
                    note(el, "cut:" + got); matched = True
                    break
                note(el, "blank")  # a candidate passed over is one liiatools did not get
            if not matched and got:
                acct.unexplained.append((name, j + 1, col, [v for v, _ in cands], got))
        # Columns liiatools adds.
        birth = row["PersonBirthDate"]
        want_year = str(_school_year(birth)) if birth else ""
        if row["PersonSchoolYear"].removesuffix(".0") != want_year or row["YEAR"] != name[4:8] or row["LA"] != LA_NAME:
            acct.unexplained.append((name, j + 1, "PersonSchoolYear/YEAR/LA", want_year,
                                     (row["PersonSchoolYear"], row["YEAR"], row["LA"])))
    for k in range(j, len(flat)):
        acct.unexplained.append((name, k + 2, "row", None, dict(flat[k])))

    for el, hows in seen.items():
        key = (name, index[el])
        if len(hows) > 1:  # an element read in one row and not in another: not a reader loss
            acct.unexplained.append((name, index[el], el.tag, _text(el), sorted(hows)))
            continue
        how = next(iter(hows))
        value = _text(el)
        if how == "kept":
            if el.tag in MONTH_CUT and _liia_form(el.tag, value) != value:
                acct.effects["month"][key] = (el.tag, value, _liia_form(el.tag, value))
        elif how == "blank":
            bad_code = el.tag in codes and value not in codes[el.tag]
            acct.effects["rejected" if bad_code else "lost"][key] = (el.tag, value, "")
        else:
            acct.effects["truncated"][key] = (el.tag, value, how[4:])
    return tree, index


def account(xml_files, clean_csvs):
    acct, codes = Account(), code_lists()
    for x, c in zip(xml_files, clean_csvs):
        account_return(x, c, acct, codes)
    return acct


EFFECTS = ("month", "lost", "truncated", "rejected")


def accounted_returns(acct, xml_files, out, effects=EFFECTS):
    """The XML returns with liiatools' effects applied: birth, expected birth and death dates cut to the
    month; lost and rejected values' elements removed (a blank in a flat file is an absent element);
    truncated values cut. With all effects, cinx should read these as it reads liiatools' per-year files."""
    os.makedirs(out, exist_ok=True)
    change = {}
    for effect in {"month", "truncated"} & set(effects):
        for key, (_, _, flat) in acct.effects[effect].items():
            change[key] = flat
    drop = set()
    for effect in {"lost", "rejected"} & set(effects):
        drop |= set(acct.effects[effect])
    files = []
    for xml_path in xml_files:
        name = os.path.basename(xml_path)
        tree = ET.parse(xml_path)  # the same document order as account_return's, so the same indices
        index = {e: i for i, e in enumerate(tree.getroot().iter())}
        parent = {c: p for p in tree.getroot().iter() for c in p}
        for el, i in list(index.items()):
            if (name, i) in change:
                el.text = change[(name, i)]
            elif (name, i) in drop:
                parent[el].remove(el)
        path = os.path.join(out, name)
        tree.write(path, encoding="UTF-8", xml_declaration=True)
        files.append(path)
    return files


# ---------------------------------------------------------------- the loss, from lxml itself

# Runs in the liiatools environment (it has lxml): the document-order index of each element whose text
# iterparse has not fully read at the element's start event, with what it had read. This is the condition
# under which liiatools' dom_parse loses or cuts a value; the test checks that it names exactly the
# elements the comparison found lost or truncated.
LXML_PROBE = r"""
import sys, json
from lxml import etree
out = {}
for path in sys.argv[1:]:
    starts, n = {}, 0
    for action, el in etree.iterparse(path, events=("start", "end")):
        if action == "start":
            starts[el] = (n, el.text); n += 1
        elif (el.text or "").strip() and (starts[el][1] or "") != el.text:
            out.setdefault(path.rsplit("/", 1)[-1], []).append([starts[el][0], el.tag, el.text, starts[el][1] or ""])
print(json.dumps(out))
"""


def lxml_unread_at_start(liia_python, xml_files):
    import json
    done = run([liia_python, "-c", LXML_PROBE, *xml_files])
    return {(name, i): (tag, full.strip(), (part or "").strip())
            for name, items in json.loads(done.stdout).items() for i, tag, full, part in items}


# ---------------------------------------------------------------- la-agg, against the per-year files

def _norm(col, value):
    """A la-agg cell as the per-year file writes it: pandas adds `.0` to integers in a column with blanks
    and ` 00:00:00` to nothing here (dates stay YYYY-MM-DD)."""
    if re.fullmatch(r"-?\d+\.0", value):
        return value[:-2]
    return value


def la_agg_account(clean_csvs, merged_csv):
    """Checks la-agg's merged file against the per-year files it was made from: every merged row is a
    per-year row; every per-year row's key (Date, Type, LAchildID, ReferralSource: liiatools' agg.yml
    dedup) is in the merged file once. Returns (rows in, rows out, dropped rows whose kept twin differs in
    more than YEAR, problems)."""
    def rows(path):
        with open(path, newline="") as f:
            return [{k: _norm(k, v) for k, v in r.items()} for r in csv.DictReader(f)]
    per_year = [r for c in clean_csvs for r in rows(c)]
    merged = rows(merged_csv)
    cols = list(merged[0].keys())
    as_tuple = lambda r: tuple(r[c] for c in cols)
    available = collections.Counter(as_tuple(r) for r in per_year)
    problems = []
    merged_keys = collections.Counter()
    for r in merged:
        if available[as_tuple(r)] <= 0:
            problems.append(("merged row not in any per-year file", r))
        available[as_tuple(r)] -= 1
        merged_keys[(r["Date"], r["Type"], r["LAchildID"], r["ReferralSource"])] += 1
    kept = {(r["Date"], r["Type"], r["LAchildID"], r["ReferralSource"]): r for r in merged}
    differ = 0
    for r in per_year:
        key = (r["Date"], r["Type"], r["LAchildID"], r["ReferralSource"])
        if key not in kept:
            problems.append(("per-year row's key missing from the merged file", r))
        elif {c: v for c, v in r.items() if c != "YEAR"} != {c: v for c, v in kept[key].items() if c != "YEAR"}:
            differ += 1
    problems += [("key twice in merged file", k) for k, n in merged_keys.items() if n > 1]
    return len(per_year), len(merged), differ, problems


def table_diff(a, b):
    """Cells that differ between two sets of tables: [(table, row, column, a, b)]."""
    out = []
    for name in sorted(set(a) | set(b)):
        ra = list(csv.reader(a.get(name, "").splitlines()))
        rb = list(csv.reader(b.get(name, "").splitlines()))
        for i in range(max(len(ra), len(rb))):
            xa = ra[i] if i < len(ra) else []
            xb = rb[i] if i < len(rb) else []
            for k in range(max(len(xa), len(xb))):
                va = xa[k] if k < len(xa) else None
                vb = xb[k] if k < len(xb) else None
                if va != vb:
                    out.append((name, (xa or xb or ["?"])[0], (ra[0][k] if ra and k < len(ra[0]) else k), va, vb))
    return out


def round_trip(cinx, liia_python, work, children, seed, faults):
    """Everything the test and the docs need for one generated extract."""
    xml = generate(cinx, os.path.join(work, "xml"), children, seed, faults)
    clean = clean_returns(liia_python, xml, os.path.join(work, "clean"), os.path.join(work, "log"))
    merged, r_failed = la_agg(liia_python, clean, os.path.join(work, "agg"), os.path.join(work, "analysis"))
    acct = account(xml, clean)
    accounted = accounted_returns(acct, xml, os.path.join(work, "accounted"))
    month_only = accounted_returns(acct, xml, os.path.join(work, "month-only"), effects=("month",))
    r = {"xml": xml, "clean": clean, "merged": merged, "accounted": accounted, "account": acct,
         "la_agg_factor_failures": r_failed}
    for label, files in (("xml", xml), ("clean", clean), ("merged", [merged]), ("accounted", accounted),
                         ("month", month_only)):
        r["tables_" + label], r["stderr_" + label] = report(cinx, files, os.path.join(work, "report-" + label))
    r["lxml"] = lxml_unread_at_start(liia_python, xml)
    r["la_agg"] = la_agg_account(clean, merged)
    r["validate_xml"] = validate(cinx, xml)
    r["validate_clean"] = validate(cinx, clean)
    r["validate_merged"] = validate(cinx, [merged])
    return r


def band_moves(before, after):
    """year -> children of the population (cohorts A and B) whose age band differs between two sets of
    tables, read from the age tables (a child leaves one band and joins another, so count the joins)."""
    out = {}
    for name in before:
        if not name.endswith("/age.csv"):
            continue
        ra = {r[0]: r for r in csv.reader(before[name].splitlines())}
        rb = {r[0]: r for r in csv.reader(after[name].splitlines())}
        header = ra["cohort"]
        moved = 0
        for cohort in ("A", "B"):
            for k, band in enumerate(header):
                if band not in ("cohort", "Total"):
                    moved += max(0, int(rb[cohort][k]) - int(ra[cohort][k]))
        out[int(name.split("/")[0])] = moved
    return out


def children_by_effect(acct, xml_files):
    """effect -> number of distinct children (by their XML LAchildID) with at least one value so affected."""
    owner = {}
    for x in xml_files:
        name = os.path.basename(x)
        index = {e: i for i, e in enumerate(ET.parse(x).getroot().iter())}
        for el in index:
            if el.tag == "Child":
                child_id = _text(el.find("ChildIdentifiers/LAchildID"))
                for sub in el.iter():
                    owner[(name, index[sub])] = child_id
    return {e: len({owner[k] for k in acct.effects[e]}) for e in EFFECTS}


if __name__ == "__main__":
    import argparse
    import tempfile
    p = argparse.ArgumentParser()
    p.add_argument("cinx"); p.add_argument("liia_python")
    p.add_argument("--children", type=int, default=600); p.add_argument("--seed", type=int, default=7)
    p.add_argument("--faults", action="store_true")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as work:
        r = round_trip(a.cinx, a.liia_python, work, a.children, a.seed, a.faults)
        acct = r["account"]
        print(f"rows: expected {acct.rows_expected}, liiatools wrote {acct.rows_flat}")
        for effect in ("month", "lost", "truncated", "rejected"):
            print(effect, acct.count(effect), acct.by_tag(effect))
        print("unexplained", acct.unexplained[:10])
        print("lxml unread at start", len(r["lxml"]))
        print("la-agg split_factors failures:", r["la_agg_factor_failures"])
        print("la-agg rows in/out, dropped twins differing, problems:", r["la_agg"][:3], r["la_agg"][3][:5])
        print("children affected:", children_by_effect(acct, r["xml"]))
        print("population band moves from the month cut:", band_moves(r["tables_xml"], r["tables_month"]))
        print("cinx: bands that depend on the day:", r["validate_clean"]["monthOnlyBirthDates"])
        for x, y in (("xml", "clean"), ("xml", "month"), ("accounted", "clean"), ("clean", "merged")):
            d = table_diff(r["tables_" + x], r["tables_" + y])
            print(f"tables {x} vs {y}: {len(d)} cells differ", d[:20])
        print("stderr clean:", r["stderr_clean"][FIRST_YEAR])
