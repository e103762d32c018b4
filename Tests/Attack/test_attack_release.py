"""Hand-made fixtures for attack_release.py.

Run from this folder:  python3 -m unittest
Each test writes a tiny release (CRLF CSV) into a temporary directory, runs the
attack and checks the bounds it derives.
"""

import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import attack_release as ar  # noqa: E402

AGE_HEADER = "cohort,Unborn,Under 1,1-4,5-9,10-15,16+,Unknown,Total"
SUMMARY_HEADER = "cohort,label,children,percent"


def write_release(directory, files):
    for name, lines in files.items():
        with open(os.path.join(directory, name), "w", newline="") as fh:
            fh.write("".join(line + "\r\n" for line in lines))


class AttackTest(unittest.TestCase):
    def run_attack(self, files, **kw):
        with tempfile.TemporaryDirectory() as d:
            write_release(d, files)
            with contextlib.redirect_stderr(io.StringIO()):
                return ar.attack(d, **kw)

    def run_main(self, files, *args):
        with tempfile.TemporaryDirectory() as d:
            write_release(d, files)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = ar.main([d, *args])
            return rc, out.getvalue(), err.getvalue()

    @staticmethod
    def cell(result, table, cohort, column):
        for c in result["cells"]:
            if (c["table"], c["cohort"], c["column"]) == (table, cohort, column):
                return c["min"], c["max"]
        raise KeyError((table, cohort, column))

    def test_forced_by_row_total(self):
        # A single hidden cell in a row with a visible total is forced.
        r = self.run_attack({
            "age.csv": [AGE_HEADER, "A,c,10,20,0,0,0,0,33"],
            "summary.csv": [SUMMARY_HEADER, "A,without 4B or 5B,33,100.0"],
        })
        self.assertEqual(self.cell(r, "age", "A", "Unborn"), (3, 3))
        self.assertEqual((r["hidden"], r["exact"], r["narrow"]), (1, 1, 1))

    def test_authority_table_is_single_valued(self):
        # Cohorts by authority: each child in one authority, so a lone hidden cell in a row
        # with its Total shown is forced (40 - 25 - 12 = 3), and two hidden cells are not.
        header = "cohort,Barnet (302),Camden (202),Northmere (991),Total"
        r = self.run_attack({"authority.csv": [header, "A,25,12,c,40"]})
        self.assertEqual(self.cell(r, "authority", "A", "Northmere (991)"), (3, 3))
        r = self.run_attack({"authority.csv": [header, "A,25,c,c,40"]})
        self.assertEqual(r["exact"], 0)

    def test_forced_by_nesting(self):
        # B = P2+P3+P4+P5, C = P3+P5, D = P4+P5, E = P5:
        # B = C = 6 leaves nothing for D outside E, so E = D = 4.
        r = self.run_attack({
            "age.csv": [AGE_HEADER,
                        "B,6,10,10,10,10,10,0,56",
                        "C,6,10,10,10,10,10,0,56",
                        "D,4,10,10,10,10,10,0,54",
                        "E,c,10,10,10,10,10,0,c"],
        })
        self.assertEqual(self.cell(r, "age", "E", "Unborn"), (4, 4))
        self.assertEqual(self.cell(r, "age", "E", "Total"), (54, 54))

    def test_forced_by_percent(self):
        # 100*B/(90+B) must round to 10.0: only B = 10 fits.
        r = self.run_attack({
            "summary.csv": [SUMMARY_HEADER, "A,without 4B or 5B,90,90.0",
                            "B,4B or 5B,c,10.0"],
        })
        self.assertEqual(self.cell(r, "summary", "B", "children"), (10, 10))

    def test_forced_by_ethnic_groups(self):
        eth = ("cohort,WBRI,WIRI,WIRT,WOTH,WROM,MWBC,MWBA,MWAS,MOTH,AIND,APKN,ABAN,AOTH,"
               "BCRB,BAFR,BOTH,CHNE,OOTH,REFU,NOBT,Unknown,Total")
        grp = ("cohort,White,Mixed,Asian or Asian British,Black or Black British,"
               "Other ethnic groups,Refused or not obtained,Unknown,Total")
        r = self.run_attack({
            "ethnicity.csv": [eth, "A,40,c,c,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,c,c"],
            "ethnic-group.csv": [grp, "A,43,0,0,0,0,0,c,c"],
        })
        # WIRI + WIRT = 3, both >= 1: range 1..2, narrow but not exact.
        self.assertEqual(self.cell(r, "ethnicity", "A", "WIRI"), (1, 2))
        self.assertEqual(self.cell(r, "ethnicity", "A", "Unknown")[1], None)

    def test_well_protected_not_exact(self):
        # Two hidden cells sharing 12: each is anywhere in 1..11.
        files = {
            "age.csv": [AGE_HEADER, "A,c,c,20,0,0,0,0,32"],
            "summary.csv": [SUMMARY_HEADER, "A,without 4B or 5B,32,100.0"],
        }
        r = self.run_attack(files)
        self.assertEqual(self.cell(r, "age", "A", "Unborn"), (1, 11))
        self.assertEqual(self.cell(r, "age", "A", "Under 1"), (1, 11))
        self.assertEqual((r["exact"], r["narrow"]), (0, 0))
        rc, out, _ = self.run_main(files)
        self.assertEqual(rc, 0)
        self.assertIn("age A Unborn 1..11\n", out)
        self.assertTrue(out.endswith("hidden 2, exact 0, narrow 0\n"))
        # at P = 11 the same cells count as narrow
        rc, out, _ = self.run_main(files, "--protection", "11")
        self.assertEqual(rc, 1)
        self.assertIn("age A Unborn 1..11 narrow\n", out)

    def test_unbounded(self):
        r = self.run_attack({"age.csv": [AGE_HEADER, "A,c,10,20,0,0,0,0,c"]})
        self.assertEqual(self.cell(r, "age", "A", "Unborn"), (1, None))
        self.assertEqual(r["narrow"], 0)

    def test_fallback_to_zero(self):
        # Unborn must be 0 here, contradicting "hidden >= 1".
        files = {"age.csv": [AGE_HEADER, "A,c,10,20,0,0,0,0,30"]}
        rc, out, err = self.run_main(files)
        self.assertEqual(rc, 1)
        self.assertIn("age A Unborn 0..0 exact", out)
        self.assertIn("fell back", err)
        rc, _, err = self.run_main(files, "--hidden-min", "1")
        self.assertEqual(rc, 2)

    def test_custom_cohort_noted(self):
        rc, out, err = self.run_main({"age.csv": [AGE_HEADER, "F,c,c,20,0,0,0,0,32"]})
        self.assertEqual(rc, 0)
        self.assertIn("'F'", err)

    def test_maltreatment_multi_valued(self):
        # A child may be in several columns: 16A hidden is only bounded by All.
        r = self.run_attack({"maltreatment.csv": ["cohort,All,16A,17A,18A,19A",
                                                  "A,20,c,20,0,0"]})
        self.assertEqual(self.cell(r, "maltreatment", "A", "16A"), (1, 20))

    def test_unreadable(self):
        rc, _, _ = self.run_main({"age.csv": [AGE_HEADER, "A,x,10,20,0,0,0,0,30"]})
        self.assertEqual(rc, 2)
        rc, _, _ = self.run_main({"notes.txt": ["hello"]})
        self.assertEqual(rc, 2)

    def test_json(self):
        import json
        rc, out, _ = self.run_main({"age.csv": [AGE_HEADER, "A,c,10,20,0,0,0,0,33"]}, "--json")
        d = json.loads(out)
        self.assertEqual(rc, 1)
        self.assertEqual(d["cells"][0]["min"], 3)
        self.assertTrue(d["cells"][0]["exact"])


if __name__ == "__main__":
    unittest.main()
