#!/usr/bin/env bash
# Check the .deb as a workstation's IT would meet it: its control data, the menu entry
# and icon in their places, the desktop file valid, and the program inside it starting.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DEB="${1:-$(ls -t dist/case-abstractor_*.deb | head -n 1)}"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop_app/__init__.py)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "check_deb: $*" >&2; exit 1; }
[ "$(dpkg-deb -f "$DEB" Package)" = case-abstractor ] || fail "not the case-abstractor package"
[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] || fail "version is not $VERSION"
dpkg-deb -f "$DEB" Depends | grep -q libxcb-cursor0 || fail "does not depend on libxcb-cursor0"
dpkg-deb -x "$DEB" "$TMP/root"
desktop="$TMP/root/usr/share/applications/case-abstractor.desktop"
[ -f "$desktop" ] || fail "no menu entry"
grep -qx "X-AppVersion=$VERSION" "$desktop" || fail "the menu entry does not carry $VERSION"
[ -f "$TMP/root/usr/share/icons/hicolor/256x256/apps/case-abstractor.png" ] || fail "no icon"
[ -f "$TMP/root/usr/share/doc/case-abstractor/copyright" ] || fail "no notices"
if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$desktop"; fi
said="$("$TMP/root/opt/case-abstractor/case-abstractor-cli" --version)"
[ "$said" = "case-abstractor $VERSION" ] || fail "the program said '$said'"
echo "check_deb: $DEB: $VERSION, menu entry, icon, notices, the program starts"
