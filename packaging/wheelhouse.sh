#!/usr/bin/env bash
# Gather every wheel the app needs into one folder (default: wheelhouse/), for installing
# on a workstation with no network:
#   python3.11 -m venv VENV && VENV/bin/pip install --no-index --find-links wheelhouse case-abstractor
# The wheels suit this machine's operating system, processor and Python version; gather on
# a machine like the workstation (see packaging/README.md). When the test venv (.venv)
# exists, the versions are those the test suite ran against.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${1:-wheelhouse}"
PYTHON="${PYTHON:-python3}"

packaging/constraints.sh build/constraints.txt
rm -rf "$OUT"
mkdir -p "$OUT"
# The app's own wheel (built from this tree) and a wheel of each dependency, recursively.
"$PYTHON" -m pip wheel --quiet --wheel-dir "$OUT" -c build/constraints.txt .
count=$(find "$OUT" -name '*.whl' | wc -l)
echo "wheelhouse: $count wheels, $(du -sh "$OUT" | cut -f1), in $OUT (for $("$PYTHON" -c \
  'import sys, sysconfig; print(sysconfig.get_platform(), "Python %d.%d" % sys.version_info[:2])'))"
