#!/usr/bin/env bash
# Write the versions of packaging/requirements.lock (without their hashes) as a pip
# constraints file: the test venv, the bundle and the wheelhouse then hold the same
# versions, the ones the lock names and the tests ran against.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$1"
mkdir -p "$(dirname "$OUT")"
grep -E '^[A-Za-z0-9._-]+==' "$ROOT/packaging/requirements.lock" | sed -E 's/ *\\$//' > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
