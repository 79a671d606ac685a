#!/usr/bin/env bash
# Build the workstation bundle: dist/case-abstractor/, a PyInstaller one-folder bundle with
# two executables, `case-abstractor` (the GUI; windowed on Windows and macOS) and
# `case-abstractor-cli` (the same program with a console, for the headless commands).
#
# The build runs in its own venv (build/bundle-venv) with PyInstaller pinned in
# packaging/requirements-build.txt. The app's dependencies are the files of
# packaging/requirements.lock, installed with --require-hashes.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${BUNDLE_VENV:-build/bundle-venv}"

"$ROOT/packaging/constraints.sh" build/constraints.txt
if [ ! -d "$VENV/bin" ] && [ ! -d "$VENV/Scripts" ]; then
  "$PYTHON" -m venv "$VENV"
fi
BIN="$VENV/bin"
[ -d "$BIN" ] || BIN="$VENV/Scripts"  # Windows (Git Bash)
STAMP="$VENV/.installed"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ] \
   || [ packaging/requirements-build.txt -nt "$STAMP" ] || ! cmp -s build/constraints.txt "$STAMP"; then
  "$BIN/python" -m pip install --quiet --upgrade pip
  # What the bundle ships: exactly the locked files, each checked against its sha256.
  "$BIN/python" -m pip install --quiet --require-hashes --no-deps -r packaging/requirements.lock
  "$BIN/python" -m pip install --quiet --no-deps -e .
  "$BIN/python" -m pip install --quiet -c build/constraints.txt -r packaging/requirements-build.txt
  cp build/constraints.txt "$STAMP"
fi

# THIRD-PARTY-NOTICES.txt and the CycloneDX SBOM of exactly what this venv ships.
"$BIN/python" packaging/notices.py build/notices
"$BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/case_abstractor.spec
cp build/notices/THIRD-PARTY-NOTICES.txt build/notices/sbom.cdx.json dist/case-abstractor/
echo "bundle: $ROOT/dist/case-abstractor ($(du -sh dist/case-abstractor | cut -f1))"
