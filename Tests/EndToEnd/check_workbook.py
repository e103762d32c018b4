#!/usr/bin/env python3
"""Reads a cinx workbook with openpyxl (a real spreadsheet reader) and checks it cell for cell
against the CSV release of the same command, and that it prints and stands alone: every sheet
landscape and one page wide, the header row on every page, the tables bordered with c set right like
the numbers, document properties, and notes without local directories, cinx's rule names or
pointers to docs the recipient does not have. Usage: check_workbook.py WORKBOOK.xlsx RELEASE_DIR
Exit 0 when every table matches, 1 otherwise (each difference printed)."""
import csv, os, re, sys, zipfile
import openpyxl

def printing(wb, tables):
    """Page setup, print titles, borders and alignment, as a spreadsheet would print them."""
    problems = []
    hidden = 0
    for ws in wb.worksheets:
        ps, pr = ws.page_setup, ws.sheet_properties.pageSetUpPr
        if ps.orientation != "landscape" or str(ps.fitToWidth) != "1" or str(ps.fitToHeight) != "0":
            problems.append(f"{ws.title}: page setup {ps.orientation} fitToWidth={ps.fitToWidth} fitToHeight={ps.fitToHeight}")
        if pr is None or not pr.fitToPage:
            problems.append(f"{ws.title}: fitToPage not set")
    for name in tables:
        ws = wb[name]
        if ws.print_title_rows not in ("$5:$5", "5:5"):
            problems.append(f"{name}: print titles {ws.print_title_rows!r}")
        width = max(len(r) for r in ws.iter_rows(min_row=5, max_row=5))
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row, max_col=width):
            for cell in row:
                b = cell.border
                if not all(side is not None and side.style == "thin" for side in (b.left, b.right, b.top, b.bottom)):
                    problems.append(f"{name} {cell.coordinate}: no thin border")
                if cell.value == "c":
                    hidden += 1
                    if cell.alignment.horizontal != "right":
                        problems.append(f"{name} {cell.coordinate}: c aligned {cell.alignment.horizontal!r}")
    if hidden == 0:
        problems.append("no hidden cell to check the alignment of")
    return problems

def standing_alone(wb, book_path):
    """Document properties, and notes a recipient can read without cinx, its docs or the machine."""
    problems = []
    p = wb.properties
    version = re.fullmatch(r"cinx \d+\.\d+\.\d+", p.creator or "")
    if not p.title or not version or p.created is None:
        problems.append(f"core properties: title {p.title!r}, creator {p.creator!r}, created {p.created!r}")
    with zipfile.ZipFile(book_path) as z:
        app = z.read("docProps/app.xml").decode() if "docProps/app.xml" in z.namelist() else ""
    if f"<Application>{p.creator}</Application>" not in app:
        problems.append(f"app.xml: no Application {p.creator!r}")
    notes = wb["notes"]
    rows = [r for r in notes.iter_rows(values_only=True)]
    text = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    for t in text:
        if "docs/" in t or ".md" in t:
            problems.append(f"points to cinx's docs: {t!r}")
        if re.search(r"\bdfe-\d", t):
            problems.append(f"a rule by its internal name: {t!r}")
    start = next((i for i, r in enumerate(rows) if r[0] == "Input files"), None)
    if start is None:
        problems.append("notes: no Input files")
    else:
        inputs = []
        for r in rows[start + 1:]:
            if not r[0]:
                break
            inputs.append(r[0])
        if not inputs or any("/" in i for i in inputs):
            problems.append(f"input names with directories: {inputs}")
    command = next((r[1] for r in rows if r[0] == "command"), "")
    if "/" in (command or ""):
        problems.append(f"command with directories: {command!r}")
    # Label and text side by side: two columns whose text wraps within the page width.
    a, b = notes.column_dimensions["A"].width, notes.column_dimensions["B"].width
    if not (a and b and a + b <= 150):
        problems.append(f"notes columns {a} and {b} wide")
    request = next((notes.cell(row=i + 1, column=2) for i, r in enumerate(rows) if r[0] == "The request"), None)
    if request is None or not request.alignment.wrap_text:
        problems.append("notes: the request does not wrap beside its label")
    return problems

def main(book_path, release_dir):
    wb = openpyxl.load_workbook(book_path)
    problems = []
    tables = ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"]
    if wb.sheetnames != tables + ["notes"]:
        problems.append(f"sheets {wb.sheetnames}")
    for name in tables:
        with open(os.path.join(release_dir, name + ".csv"), newline="") as f:
            rows = list(csv.reader(f))
        ws = wb[name]
        if ws.freeze_panes != "A6":
            problems.append(f"{name}: frozen at {ws.freeze_panes}")
        body = [r for r in ws.iter_rows(min_row=6, values_only=True) if r and r[0] is not None]
        if len(body) != len(rows) - 1:
            problems.append(f"{name}: {len(body)} rows, CSV {len(rows) - 1}")
        for csv_row, xl_row in zip(rows[1:], body):
            if name == "summary":
                want = [csv_row[0], csv_row[1], csv_row[2], csv_row[3]]
                got = list(xl_row[:4])
            else:
                want = [csv_row[0]] + csv_row[1:]
                got = [xl_row[0]] + list(xl_row[2:2 + len(csv_row) - 1])
            for w, g in zip(want, got):
                ok = (w == "c" and g == "c") or (w != "c" and (g == w or (isinstance(g, (int, float)) and float(w) == float(g))))
                if not ok:
                    problems.append(f"{name} {csv_row[0]}: workbook {g!r}, CSV {w!r}")
            if name != "summary" and isinstance(xl_row[1], str) is False:
                problems.append(f"{name} {csv_row[0]}: no label")
    notes = [c for row in wb["notes"].iter_rows(values_only=True) for c in row if c]
    for needle in ["The request", "disclosure audit", "SHA-256", "cinx version", "Population", "Cohorts", "Age band", "Maltreatment", "Need", "Suppression"]:
        if needle not in notes:
            problems.append(f"notes lack {needle!r}")
    problems += printing(wb, tables)
    problems += standing_alone(wb, book_path)
    for p in problems:
        print(p)
    print(f"checked {len(tables)} sheets: {len(problems)} difference(s)")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
