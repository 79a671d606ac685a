#!/usr/bin/env bash
# Write the versions the test suite ran against (.venv) as a pip constraints file, so that
# the bundle and the wheelhouse ship exactly what was tested. Without .venv the file is
# empty and pip takes the newest versions pyproject.toml allows.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$1"
mkdir -p "$(dirname "$OUT")"
TESTED="$ROOT/.venv/bin/python"
[ -x "$TESTED" ] || TESTED="$ROOT/.venv/Scripts/python.exe"  # Windows (Git Bash)
if [ -x "$TESTED" ]; then
  "$TESTED" -m pip list --format=freeze --exclude-editable --disable-pip-version-check \
    | grep -v -i -E '^(case-abstractor|pip|setuptools|wheel)==' > "$OUT.tmp"
else
  echo "# no .venv: newest versions allowed by pyproject.toml" > "$OUT.tmp"
fi
mv "$OUT.tmp" "$OUT"
