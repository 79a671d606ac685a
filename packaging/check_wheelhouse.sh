#!/usr/bin/env bash
# Prove that the wheelhouse installs the app with no network, and that what it installs
# works: a fresh venv, `pip install --no-index --find-links WHEELHOUSE case-abstractor`
# (in a network namespace with no network at all where the system allows one), then the
# smoke test (demo database, list, check, PDF, XLSX, libpq, GUI offscreen) from that venv.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WHEELHOUSE="$(cd "${1:-$ROOT/wheelhouse}" && pwd)"
PYTHON="${PYTHON:-python3}"
# The smoke test reads the PDF with pdftotext or pypdf: the test venv has pypdf.
SMOKE_PYTHON="${SMOKE_PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$SMOKE_PYTHON" ] || SMOKE_PYTHON="$PYTHON"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# pip sees the wheelhouse and nothing else: no configuration files, no index, no other links.
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT PIP_REQUIREMENT
OFFLINE=()
if unshare -rn true 2>/dev/null; then
  OFFLINE=(unshare -rn)
  echo "check_wheelhouse: installing inside a network namespace without a network"
else
  echo "check_wheelhouse: no network namespace here; installing with --no-index only"
fi

"$PYTHON" -m venv "$TMP/venv"
"${OFFLINE[@]}" "$TMP/venv/bin/python" -m pip install --quiet --no-index \
  --find-links "$WHEELHOUSE" case-abstractor
installed="$(cd "$TMP" && "$TMP/venv/bin/python" -c 'import desktop_app; print(desktop_app.__file__)')"
case "$installed" in
  "$TMP/venv/"*) echo "check_wheelhouse: installed $installed" ;;
  *) echo "check_wheelhouse: desktop_app came from $installed, not the new venv" >&2; exit 1 ;;
esac
"$TMP/venv/bin/python" -m pip check
"$SMOKE_PYTHON" "$ROOT/packaging/smoke_test.py" --cli "$(printf '%q' "$TMP/venv/bin/case-abstractor")" \
  --gui "$(printf '%q %q' "$TMP/venv/bin/python" "$ROOT/packaging/launcher.py")"
