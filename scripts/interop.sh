#!/usr/bin/env bash
# The interop checks (Tests/Interop) against the DfE validator and liiatools from PyPI; `make test` runs it
# after `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The DfE rules cross-check (Tests/Interop) runs the DfE's own validator from PyPI. It pins pandas<2,
# which needs numpy<2 (and Python 3.9 to 3.11), so it gets a virtual environment of its own.
dfe_venv=.build/dfe-validator-venv
if ! "$dfe_venv/bin/python" -c "import cin_validator" 2>/dev/null; then
  rm -rf "$dfe_venv"
  python3 -m venv "$dfe_venv" 2>/dev/null || {
    apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; rm -rf "$dfe_venv"; python3 -m venv "$dfe_venv"; }
  "$dfe_venv/bin/python" -m pip install -q csc-validator-be-cin==0.1.13 "numpy<2"
fi
# The liiatools round trip (Tests/Interop/test_liiatools_roundtrip.py) runs liiatools 0.2.0 from PyPI in a
# virtual environment of its own. Its wheel pins cchardet 2.1.7, which does not build on Python 3.11, so
# it is installed without dependencies and they are listed here from its metadata, with faust-cchardet
# (the maintained fork, same module) for cchardet; pandas<2 needs numpy<2.
liia_venv=.build/liiatools-venv
if ! "$liia_venv/bin/python" -c "import liiatools.datasets.cin_census.cin_cli" 2>/dev/null; then
  rm -rf "$liia_venv"
  python3 -m venv "$liia_venv"
  "$liia_venv/bin/python" -m pip install -q --no-deps liiatools==0.2.0
  "$liia_venv/bin/python" -m pip install -q faust-cchardet "numpy<2" "pandas>=1.4.2,<2" "PyYAML>=6,<7" \
    "XlsxWriter>=3.0.3,<4" "click>=8.1.2,<9" "click-log>=0.4,<0.5" "dacite>=1.6,<2" "lxml>=4.9.1,<5" \
    "more-itertools>=8.12,<9" "openpyxl>=3.0.9,<4" "python-decouple>=3.8,<4" "regex>=2022.4.24,<2023" \
    sfdata-stream-parser==0.4.1 "tablib[cli,xlsx]>=3.2,<4" "xlrd>=2.0.1,<3" "xmlschema>=1.10,<2"
fi

# Both venvs' tests run here (test_liiatools_roundtrip calls liiatools' Python as a subprocess);
# CINX_REQUIRE_LIIATOOLS makes a missing liiatools environment a failure, not a skip.
(cd Tests/Interop && CINX="$PWD/../../.build/debug/cinx" LIIATOOLS_PYTHON="$PWD/../../$liia_venv/bin/python" \
  CINX_REQUIRE_LIIATOOLS=1 "../../$dfe_venv/bin/python" -m unittest -q)
