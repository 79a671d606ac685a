#!/usr/bin/env bash
# Build the workstation bundle: dist/case-abstractor/, a PyInstaller one-folder bundle with
# two executables, `case-abstractor` (the GUI; windowed on Windows and macOS) and
# `case-abstractor-cli` (the same program with a console, for the headless commands).
#
# The build runs in its own venv (build/bundle-venv) with PyInstaller pinned in
# packaging/requirements-build.txt. When the test venv (.venv) exists, the app's
# dependencies are held to the versions the test suite ran against.
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
  "$BIN/python" -m pip install --quiet -c build/constraints.txt \
    -r packaging/requirements-build.txt -e .
  cp build/constraints.txt "$STAMP"
fi

"$BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/case_abstractor.spec
echo "bundle: $ROOT/dist/case-abstractor ($(du -sh dist/case-abstractor | cut -f1))"
