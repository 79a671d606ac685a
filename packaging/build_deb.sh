#!/usr/bin/env bash
# A .deb of the built bundle for Linux workstations (Debian, Ubuntu): the bundle under
# /opt/case-abstractor, `case-abstractor` on the PATH, a menu entry and its icon, and the
# X libraries Qt's window needs as dependencies (the bundle does not carry them).
#   make bundle && make deb      →   dist/case-abstractor_VERSION_ARCH.deb
# IT installs it with `apt install ./case-abstractor_VERSION_ARCH.deb` (no network needed
# when the X libraries are already there) and removes it with `apt remove case-abstractor`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BUNDLE="${1:-dist/case-abstractor}"
[ -x "$BUNDLE/case-abstractor" ] || { echo "build_deb: no bundle at $BUNDLE (make bundle)" >&2; exit 1; }
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop_app/__init__.py)"
ARCH="$(dpkg --print-architecture)"
STAGE="build/deb/case-abstractor"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps" "$STAGE/usr/share/doc/case-abstractor"
cp -a "$BUNDLE" "$STAGE/opt/case-abstractor"
ln -s /opt/case-abstractor/case-abstractor "$STAGE/usr/bin/case-abstractor"
ln -s /opt/case-abstractor/case-abstractor-cli "$STAGE/usr/bin/case-abstractor-cli"
sed "s/@VERSION@/$VERSION/" packaging/linux/case-abstractor.desktop.in \
  > "$STAGE/usr/share/applications/case-abstractor.desktop"
cp resources/icons/case-abstractor.png "$STAGE/usr/share/icons/hicolor/256x256/apps/"
cp "$BUNDLE/THIRD-PARTY-NOTICES.txt" "$STAGE/usr/share/doc/case-abstractor/copyright"
SIZE="$(du -sk "$STAGE" | cut -f1)"
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: case-abstractor
Version: $VERSION
Architecture: $ARCH
Maintainer: Case Abstractor <case-abstractor@localhost>
Installed-Size: $SIZE
Depends: libc6 (>= 2.34), libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-xkb1, libxkbcommon-x11-0, libegl1, libgl1, libfontconfig1
Section: science
Priority: optional
Description: abstract rare-tumour cases into coded data, offline
 A desktop application for tumour registrars: history, multimodal imaging,
 pathology with immunohistochemistry, treatment and follow-up as structured,
 coded data in a local SQLite database, and PDF case summaries for tumour boards.
 Works without a network.
CONTROL
mkdir -p dist
OUT="dist/case-abstractor_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$OUT" >/dev/null
echo "deb: $OUT ($(du -h "$OUT" | cut -f1))"
