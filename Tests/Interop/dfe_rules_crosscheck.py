"""Runs the DfE's CIN validator (csc-validator-be-cin 0.1.13, PyPI) and `cinx validate --format json`
on one CIN XML return and says, for each DfE rule cinx implements, which children each flags."""
import functools
import importlib
import json
import subprocess
import xml.etree.ElementTree as ET

# The rules cinx implements (LoadRule.dfeRule), checked with the DfE's 2022-23 rule pack, whose
# definitions cinx follows.
RULES = ["1103", "2889", "1104", "1105", "8565", "8600", "8620", "8696", "4013", "8930", "8831", "8832", "8569Q"]


@functools.lru_cache(maxsize=None)
def dfe_flagged(path):
    """rule -> set of LAchildIDs the DfE validator flags in the return at `path`."""
    from cin_validator import cin_validator  # imported late: the test skips when it is not installed
    root = ET.parse(path).getroot()
    data = cin_validator.process_data(cin_validator.convert_data(root))
    registry = getattr(importlib.import_module("cin_validator.rules.cin2022_23"), "registry")
    issues = cin_validator.CinValidator(data, registry, selected_rules=RULES).full_issue_df
    out = {r: set() for r in RULES}
    for rule, child in zip(issues["rule_code"], issues["child_id"]):
        if str(rule) in out and isinstance(child, str) and child:
            out[str(rule)].add(child)
    return out


def cinx_flagged(cinx, path):
    """rule -> set of LAchildIDs `cinx validate --format json` flags in the return at `path`."""
    run = subprocess.run([cinx, "validate", "--format", "json", path], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"cinx validate {path} exited {run.returncode}: {run.stderr}")
    doc = json.loads(run.stdout)
    out = {r: set() for r in RULES}
    for p in doc["problems"]:
        # csc-validator-be-cin 0.1.13's rule 8565 replaces the plans it is given with a test table left in
        # its code (child1/CINID1), so it never flags a CPPendDate after closure, which the rule's
        # definition names and cinx checks: those findings are left out of the comparison.
        if p.get("dfeRule") == "8565" and p["detail"].startswith("CPPendDate"):
            continue
        if p.get("dfeRule") in out and p["childID"]:
            out[p["dfeRule"]].add(p["childID"])
        # 8600 also flags a missing referral date, which cinx reports as its own missing-referral-date.
        if p["rule"] == "missing-referral-date" and p["childID"]:
            out["8600"].add(p["childID"])
    if doc["problemsTotal"] > len(doc["problems"]):
        raise RuntimeError(f"{path}: cinx kept only {len(doc['problems'])} of {doc['problemsTotal']} problems")
    return out


if __name__ == "__main__":
    import sys
    a, b = dfe_flagged(sys.argv[2]), cinx_flagged(sys.argv[1], sys.argv[2])
    for r in RULES:
        print(r, len(a[r]), len(b[r]), "same" if a[r] == b[r] else f"DIFFER dfe-only={sorted(a[r] - b[r])[:5]} cinx-only={sorted(b[r] - a[r])[:5]}")
