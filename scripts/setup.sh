#!/usr/bin/env bash
# Installs what cinx needs and a fresh Debian machine with Swift lacks (README, "First commands").
#   scripts/setup.sh run    the libraries `swift run cinx` links: ncursesw, zlib, GLPK, OpenSSL (+ pkg-config)
#   scripts/setup.sh test   those, plus what the test suites run: tmux (the explorer end to end), xmllint
#                           (schema validation), SciPy (the independent attacker), openpyxl (reading workbooks)
# Installs only what is missing, so a second run does nothing. Needs root, or sudo.
set -euo pipefail
mode=${1:-run}

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo_cmd=(sudo); else
    echo "setup: not root and no sudo; install these Debian packages by hand: libncursesw5-dev zlib1g-dev libglpk-dev libssl-dev pkg-config" >&2
    exit 2
  fi
fi

# Debian packages: the C libraries the Swift package links (Package.swift's system libraries).
debs=(libncursesw5-dev zlib1g-dev libglpk-dev libssl-dev pkg-config)
if [ "$mode" = test ]; then debs+=(tmux libxml2-utils python3 python3-pip python3-venv); fi
# Installed means "install ok installed": dpkg -s also succeeds for a removed package whose
# configuration files are left ("deinstall ok config-files").
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need=()
for p in "${debs[@]}"; do installed "$p" || need+=("$p"); done
# python3 may come from elsewhere (pyenv): then Debian's is not needed.
if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
  need=($(printf '%s\n' "${need[@]}" | grep -vx -e python3 -e python3-pip || true))
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "$mode" = test ]; then
  # Python modules the tests use: SciPy's MILP for Tests/Attack, openpyxl to read the xlsx workbook.
  for m in scipy openpyxl; do
    python3 -c "import $m" 2>/dev/null && continue
    echo "setup: installing Python module $m" >&2
    python3 -m pip install -q "$m" 2>/dev/null || python3 -m pip install -q --break-system-packages "$m" || {
      "${sudo_cmd[@]}" apt-get update -qq; DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "python3-$m"; }
  done
fi
