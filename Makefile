# The README's two first commands. Each installs what a fresh Debian machine with Swift lacks
# (scripts/setup.sh: Debian and Python packages, only those missing), then runs.
#   make run    the explorer on the bundled demo extract (swift run cinx)
#   make test   every test: the independent attacker, the interop checks, swift test
#   make doc-outputs   rewrite the docs' quoted screens and outputs from the working tree's cinx
#                      (scripts/refresh-doc-outputs.sh), for when they change on purpose
.PHONY: run test setup setup-test interop attack doc-outputs

run: setup
	swift run cinx

setup:
	bash scripts/setup.sh run

setup-test:
	bash scripts/setup.sh test

# The independent disclosure attack (Tests/Attack): SciPy's MILP against cinx's releases.
attack: setup-test
	cd Tests/Attack && python3 -m unittest -q

# The DfE validator and liiatools cross-checks, each in a virtual environment of its own (scripts/interop.sh).
interop: setup-test
	swift build
	bash scripts/interop.sh

test: attack interop
	swift test

doc-outputs:
	bash scripts/refresh-doc-outputs.sh
