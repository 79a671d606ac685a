#!/usr/bin/env bash
# Gather every wheel the app needs into one folder (default: wheelhouse/), for installing
# on a workstation with no network:
#   python3.11 -m venv VENV && VENV/bin/pip install --no-index --find-links wheelhouse case-abstractor
# The wheels suit this machine's operating system, processor and Python version; gather on
# a machine like the workstation (see packaging/README.md). The versions are those of
# packaging/requirements.lock, which the test suite runs against.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${1:-wheelhouse}"
PYTHON="${PYTHON:-python3}"

packaging/constraints.sh build/constraints.txt
rm -rf "$OUT"
mkdir -p "$OUT"
# A wheel of each locked dependency (each file checked against the lock's sha256), then
# the app's own wheel, built from this tree.
"$PYTHON" -m pip wheel --quiet --wheel-dir "$OUT" --require-hashes --no-deps \
  -r packaging/requirements.lock
"$PYTHON" -m pip wheel --quiet --wheel-dir "$OUT" --no-deps .
# The notices and SBOM, from the test venv (.venv), which holds the same locked versions.
NOTICES_PYTHON="${NOTICES_PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$NOTICES_PYTHON" ] || NOTICES_PYTHON="$ROOT/.venv/Scripts/python.exe"
"$NOTICES_PYTHON" packaging/notices.py "$OUT"
count=$(find "$OUT" -name '*.whl' | wc -l)
echo "wheelhouse: $count wheels, $(du -sh "$OUT" | cut -f1), in $OUT (for $("$PYTHON" -c \
  'import sys, sysconfig; print(sysconfig.get_platform(), "Python %d.%d" % sys.version_info[:2])'))"
