#!/usr/bin/env python3
"""Reads a cinx workbook with openpyxl (a real spreadsheet reader) and checks it cell for cell
against the CSV release of the same command. Usage: check_workbook.py WORKBOOK.xlsx RELEASE_DIR
Exit 0 when every table matches, 1 otherwise (each difference printed)."""
import csv, os, sys
import openpyxl

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
    for needle in ["The request", "disclosure audit", "SHA-256", "cinx version"]:
        if needle not in notes:
            problems.append(f"notes lack {needle!r}")
    for p in problems:
        print(p)
    print(f"checked {len(tables)} sheets: {len(problems)} difference(s)")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
