"""CI round trip through liiatools 0.2.0 (issue 16): a generated extract's XML returns, liiatools' per-year
flat files (`cleanfile`) and its merged file (`la-agg`) give the same FOI tables in cinx, once the values
liiatools changes are accounted for; and each of those changes is counted from the files themselves and
agrees with an independent count (lxml's parse, cinx's own load problems). docs/data-format.md, "liiatools
round trip", quotes the numbers.

liiatools runs from its own virtual environment (LIIATOOLS_PYTHON, default .build/liiatools-venv/bin/python,
made by .ci/run); this file and liiatools_roundtrip.py need only the standard library. Run by hand without
that environment, the tests skip; .ci/run sets CINX_REQUIRE_LIIATOOLS=1 so that they fail instead."""
import collections
import os
import re
import tempfile
import unittest

import liiatools_roundtrip as rt

CINX = os.environ.get("CINX", os.path.join(rt.ROOT, ".build", "debug", "cinx"))
LIIA = os.environ.get("LIIATOOLS_PYTHON", os.path.join(rt.ROOT, ".build", "liiatools-venv", "bin", "python"))


def setUpModule():
    if not os.path.exists(LIIA):
        message = (f"liiatools' virtual environment is missing ({LIIA}); .ci/run creates it "
                   "(or set LIIATOOLS_PYTHON)")
        if os.environ.get("CINX_REQUIRE_LIIATOOLS") == "1":
            raise RuntimeError(message)
        raise unittest.SkipTest(message)


class LiiatoolsRoundTrip(unittest.TestCase):
    def round_trip(self, children, seed, faults):
        work = tempfile.TemporaryDirectory()
        self.addCleanup(work.cleanup)
        r = rt.round_trip(CINX, LIIA, work.name, children, seed, faults)
        acct = r["account"]

        # Every difference between the XML and liiatools' rows is one of the named effects.
        self.assertEqual(acct.unexplained, [])
        self.assertGreater(acct.rows_flat, 1000)

        # The values liiatools lost or cut are exactly those whose text lxml's iterparse had not (fully) read
        # at the element's start event, which is when liiatools' dom_parse takes it.
        found = {k: (tag, xml, flat) for e in ("lost", "truncated") for k, (tag, xml, flat) in acct.effects[e].items()}
        self.assertEqual(found, r["lxml"])

        # Codes liiatools blanked as invalid are the codes cinx itself clears from the XML as unknown.
        rejected = collections.Counter((f, tag, value) for (f, _), (tag, value, _) in acct.effects["rejected"].items())
        unknown = collections.Counter()
        for p in r["validate_xml"]["problems"]:
            if p["rule"] == "unknown-code":
                tag, value = re.match(r"(\w+) '([^']*)'", p["detail"]).groups()
                unknown[(os.path.basename(p["file"]), tag, value)] += 1
        self.assertEqual(rejected, unknown)

        # An LAchildID liiatools lost is a child cinx reports without one.
        lost_ids = sum(1 for tag, _, _ in acct.effects["lost"].values() if tag == "LAchildID")
        self.assertEqual(lost_ids, r["validate_clean"]["problemCounts"].get("missing-child-id", 0))

        # Birth dates: every one in liiatools' output is on the 1st, cinx says so, and the children whose
        # population age band the cut moved are no more than cinx's warning says could move.
        month = r["validate_clean"]["monthOnlyBirthDates"]
        self.assertEqual(month["onFirstOfMonth"], month["knownBirthDates"])
        self.assertGreater(acct.count("month"), 0)
        moves = rt.band_moves(r["tables_xml"], r["tables_month"])
        for year, moved in moves.items():
            self.assertLessEqual(moved, month["ageBandDependsOnDay"].get(str(year), 0), year)
        # The cut moves children between age bands only: no other table and no cohort's total changes.
        for name, *_ in rt.table_diff(r["tables_xml"], r["tables_month"]):
            self.assertTrue(name.endswith("/age.csv"), name)

        # The tables: the XML with liiatools' effects applied, the per-year files and the merged file agree
        # in every cell of every table for every reporting year.
        self.assertEqual(rt.table_diff(r["tables_accounted"], r["tables_clean"]), [])
        self.assertEqual(rt.table_diff(r["tables_clean"], r["tables_merged"]), [])
        self.assertEqual(len(r["tables_xml"]), 6 * len(rt.REPORT_YEARS))

        # la-agg only removes rows: every merged row comes from a per-year file and every event key survives.
        rows_in, rows_out, _, problems = r["la_agg"]
        self.assertEqual(problems, [])
        self.assertLess(rows_out, rows_in)
        # Its merged file's `1.0` codes are read as integers and noted once.
        self.assertEqual(r["validate_merged"]["problemCounts"].get("decimal-integers"), 1)
        return r, moves

    def test_extract_without_faults(self):
        r, moves = self.round_trip(children=600, seed=13, faults=False)
        # The comparison above is not of equal inputs: on this extract the month cut moves children between
        # age bands and liiatools loses values (with this generator, two of them change the need, summary
        # and other 2018-19 and 2019-20 tables: docs/data-format.md). Should a generator change make either
        # zero, choose a seed where neither is.
        self.assertGreater(sum(moves.values()), 0)
        self.assertGreater(r["account"].count("lost"), 0)
        self.assertNotEqual(rt.table_diff(r["tables_xml"], r["tables_clean"]), [])
        self.assertEqual(r["account"].count("rejected"), 0)
        self.assertEqual(r["la_agg_factor_failures"], [])

    def test_extract_with_faults(self):
        r, _ = self.round_trip(children=300, seed=7, faults=True)
        # The generator's unknown codes (RB, N12) are rejected by liiatools as by cinx.
        self.assertGreater(r["account"].count("rejected"), 0)
        # Its duplicate-factor fault stops la-agg's factors analysis (an assertion in split_factors), after
        # the merged flat file is written.
        self.assertGreater(len(r["la_agg_factor_failures"]), 0)


if __name__ == "__main__":
    unittest.main()
