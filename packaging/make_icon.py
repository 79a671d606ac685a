"""Draw the application icon (resources/icons/): a case sheet with coded lines and a check,
on the app's teal. PNG at 256 px for the window and Linux menus, .ico for Windows,
.icns for macOS. Run again only to change the icon: `python packaging/make_icon.py`."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
TEAL, DARK, WHITE, GREY, PINK = "#17706e", "#0e4b4a", "#ffffff", "#9fb7b6", "#d9467a"


def draw(size: int = 1024) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    u = size / 64
    pen.rounded_rectangle((2 * u, 2 * u, 62 * u, 62 * u), radius=12 * u, fill=TEAL)
    # the case sheet, its corner folded
    sheet = [(16 * u, 10 * u), (40 * u, 10 * u), (48 * u, 18 * u), (48 * u, 54 * u),
             (16 * u, 54 * u)]  # fmt: skip
    pen.polygon(sheet, fill=WHITE)
    pen.polygon([(40 * u, 10 * u), (40 * u, 18 * u), (48 * u, 18 * u)], fill=GREY)
    # coded lines: a code box and its label, four times
    for row in range(4):
        y = (22 + row * 7) * u
        pen.rectangle((20 * u, y, 25 * u, y + 3 * u), fill=DARK)
        pen.rectangle((27 * u, y, (43 - 4 * (row % 2)) * u, y + 3 * u), fill=GREY)
    # the check of a complete case
    pen.ellipse((36 * u, 42 * u, 54 * u, 60 * u), fill=PINK)
    pen.line([(40.5 * u, 51 * u), (44 * u, 54.5 * u), (50 * u, 46.5 * u)], fill=WHITE,
             width=int(2.6 * u), joint="curve")  # fmt: skip
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(OUT / "case-abstractor.png")
    big.save(OUT / "case-abstractor.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48),
                                                 (64, 64), (128, 128), (256, 256)])  # fmt: skip
    big.save(OUT / "case-abstractor.icns")
    for path in sorted(OUT.iterdir()):
        print(f"{path} ({path.stat().st_size} B)")


if __name__ == "__main__":
    main()
