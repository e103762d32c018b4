"""CI cross-check: for each DfE rule cinx implements, cinx flags the same children as the DfE's own
validator (csc-validator-be-cin 0.1.13, installed by .ci/run) on the public samples, a hand-built
return that puts every rule on its boundaries, and generated returns.

Needs CINX (the cinx binary; default .build/debug/cinx, built by .ci/run before this runs)."""
import os
import subprocess
import tempfile
import unittest

from dfe_rules_crosscheck import RULES, cinx_flagged, dfe_flagged

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "Tests", "CINModelTests", "Fixtures")  # sources: Fixtures/README.md
CINX = os.environ.get("CINX", os.path.join(ROOT, ".build", "debug", "cinx"))

SAMPLES = [
    "cin-validator_CIN_Census_2021.xml",
    "cin-validator_CIN_Census_2024.xml",
    "cin-validator_CIN2rows.xml",
    "cin-validator_fake_CIN_data.xml",
    "liiatools_cin-2022.xml",
    "dfe-rules-2017.xml",
]


class DfERulesCrossCheck(unittest.TestCase):
    def compare(self, path):
        dfe, cinx = dfe_flagged(path), cinx_flagged(CINX, path)
        for rule in RULES:
            with self.subTest(file=os.path.basename(path), rule=rule):
                self.assertEqual(cinx[rule], dfe[rule])
        return sum(len(v) for v in dfe.values())

    def test_public_samples_and_hand_built_return(self):
        flagged = 0
        for name in SAMPLES:
            flagged += self.compare(os.path.join(FIXTURES, name))
        # Every rule is met at least once on these files (so an agreement on empty sets proves nothing
        # only for none of them).
        seen = set()
        for name in SAMPLES:
            seen |= {r for r, children in dfe_flagged(os.path.join(FIXTURES, name)).items() if children}
        self.assertEqual(seen, set(RULES))
        self.assertGreater(flagged, 0)

    def test_generated_returns(self):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([CINX, "generate", "--children", "300", "--seed", "1", "--format", "xml", "--out", out],
                           check=True, capture_output=True)
            files = sorted(os.listdir(out))
            self.assertTrue(files)
            for name in files:
                self.compare(os.path.join(out, name))


if __name__ == "__main__":
    unittest.main()
