"""Prove that an installed Case Abstractor works, without a screen and without a network.

    python packaging/smoke_test.py --bundle dist/case-abstractor
    python packaging/smoke_test.py --cli "VENV/bin/case-abstractor" \
        --gui "VENV/bin/python packaging/launcher.py"

The first form checks the PyInstaller bundle, the second an installation from the
wheelhouse (packaging/check_wheelhouse.sh). Either way, in a fresh temporary folder: the
demo database is written (Alembic migrations run), the cases are listed, checked, printed
to PDF (one case and a board packet) whose text must name the cases, exported to XLSX,
a PostgreSQL URL is tried (libpq must answer, not an import error), and
the GUI starts offscreen, shows its main window, renders a page with PDFium and quits.
Exit status 0 only when every step passed. Only the standard library is needed; the PDF's
text is read with pdftotext, or with pypdf when that is importable.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

TIMEOUT = 300  # seconds for any one command; the GUI quits by itself after GUI_MS
GUI_MS = 2500


class SmokeFailure(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class Runner:
    def __init__(self, cli: list[str], gui: list[str], work: Path) -> None:
        self.cli, self.gui, self.work = cli, gui, work
        self.db = work / "demo.sqlite"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        self.env.pop("VIRTUAL_ENV", None)
        self.env.update(QT_QPA_PLATFORM="offscreen", CASE_ABSTRACTOR_DATA_DIR=str(work / "data"))

    def run(self, command: list[str], *args: str, env: dict[str, str] | None = None,
            ok: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
        done = subprocess.run(
            [*command, *args], cwd=self.work, env={**self.env, **(env or {})},
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
        if ok and done.returncode != 0:
            shown = shlex.join([*command, *args])
            raise SmokeFailure(
                f"{shown} exited {done.returncode}\n--- stdout\n{done.stdout}\n"
                f"--- stderr\n{done.stderr}"
            )
        return done


def pdf_text(path: Path) -> str:
    data = path.read_bytes()
    expect(data.startswith(b"%PDF-"), f"{path.name} does not start like a PDF")
    expect(b"%%EOF" in data[-1024:], f"{path.name} has no end-of-file marker")
    if shutil.which("pdftotext"):
        command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
        out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=TIMEOUT)
        text = out.stdout
    else:
        try:
            from pypdf import PdfReader
        except ImportError as exc:
            raise SmokeFailure("neither pdftotext nor pypdf is here to read the PDF") from exc
        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(text.split())


def cases(r: Runner) -> list[tuple[str, str]]:
    """(case number, title) of every case the `list` command prints."""
    lines = r.run(r.cli, "list", "--db", str(r.db)).stdout.splitlines()
    found = [(n, label.split(" · ")[0]) for n, _, label in (x.partition("\t") for x in lines)]
    expect(len(found) >= 2, f"list printed {len(found)} case(s): {lines}")
    return found


def step_version(r: Runner) -> str:
    out = r.run(r.cli, "--version").stdout
    expect(re.search(r"\d+\.\d+", out) is not None, f"--version printed {out!r}")
    return out.strip()


def step_demo(r: Runner) -> str:
    out = r.run(r.cli, "demo", str(r.db)).stdout
    expect(r.db.is_file() and "demo case" in out, f"demo printed {out!r}")
    return out.strip()


def step_check(r: Runner) -> str:
    out = r.run(r.cli, "check", "--db", str(r.db)).stdout
    expect("sound" in out, f"check printed {out!r}")
    return out.strip()


def step_report(r: Runner) -> str:
    listed = cases(r)
    number, title = listed[0]
    one = r.work / "one.pdf"
    r.run(r.cli, "report", number, "-o", str(one), "--db", str(r.db))
    text = pdf_text(one)
    expect(title in text and number in text, f"{one.name} lacks {number} / {title!r}")
    packet = r.work / "packet.pdf"
    r.run(r.cli, "report", *(n for n, _ in listed), "-o", str(packet), "--db", str(r.db))
    text = pdf_text(packet)
    missing = [t for _, t in listed if t not in text]
    expect(not missing, f"{packet.name} lacks {missing}")
    return f"{len(listed)} cases; {one.stat().st_size} B and {packet.stat().st_size} B"


def step_xlsx(r: Runner) -> str:
    out = r.work / "cases.xlsx"
    r.run(r.cli, "export", "--format", "xlsx", "-o", str(out), "--db", str(r.db))
    number = cases(r)[0][0]
    with zipfile.ZipFile(out) as book:
        names = book.namelist()
        expect("xl/workbook.xml" in names, f"{out.name} is not a workbook: {names}")
        sheets = [n for n in names if n.endswith(".xml")]
        expect(any(number.encode() in book.read(n) for n in sheets), f"{out.name} lacks {number}")
    return f"{out.stat().st_size} B"


def step_postgres(r: Runner) -> str:
    with socket.socket() as s:  # a port nobody listens on: libpq itself must say so
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://smoke@127.0.0.1:{port}/smoke"
    done = r.run(r.cli, "list", "--db", url, ok=False)
    said = done.stdout + done.stderr
    expect(done.returncode != 0 and "refused" in said.lower(), f"PostgreSQL probe: {said!r}")
    expect("Traceback" not in said and "pq wrapper" not in said, f"libpq missing: {said!r}")
    return "libpq answered: connection refused"


def step_gui(r: Runner) -> str:
    env = {"CASE_ABSTRACTOR_SMOKE_EXIT_MS": str(GUI_MS),
           "CASE_ABSTRACTOR_SMOKE_PDF": str(r.work / "one.pdf")}  # fmt: skip
    done = r.run(r.gui, "--db", str(r.db), env=env)
    out = done.stdout
    expect("smoke: platform offscreen" in out, f"no offscreen platform:\n{out}\n{done.stderr}")
    expect("smoke: window MainWindow" in out, f"no main window shown:\n{out}\n{done.stderr}")
    rendered = re.search(r"smoke: pdfium rendered ([1-9]\d*) page", out)
    expect(rendered is not None, f"PDFium did not render:\n{out}\n{done.stderr}")
    expect("Traceback" not in done.stderr, f"the GUI raised:\n{done.stderr}")
    return " | ".join(line.removeprefix("smoke: ") for line in out.splitlines() if "smoke:" in line)


def distinct_colours(png: Path) -> int:
    from PIL import Image  # Pillow comes with reportlab

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    return len(colours) if colours is not None else 1 << 16


def step_gui_xcb(r: Runner) -> str:
    """The window on a real X server (Xvfb) through Qt's xcb plugin, as on a Linux desktop:
    the platform must be xcb and the screen's picture must not be blank."""
    if not sys.platform.startswith("linux"):
        return "skipped: not Linux"
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        expect(os.environ.get("CI") != "true", "Xvfb is missing in CI (.ci/run installs it)")
        return "skipped: no Xvfb here (apt-get install xvfb)"
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        time.sleep(1.0)
        expect(server.poll() is None, "Xvfb did not start")
        shot = r.work / "xcb-screen.png"
        env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display,
               "CASE_ABSTRACTOR_SMOKE_EXIT_MS": str(GUI_MS * 2),
               "CASE_ABSTRACTOR_SMOKE_SCREENSHOT": str(shot)}  # fmt: skip
        done = r.run(r.gui, "--db", str(r.db), env=env)
    finally:
        server.terminate()
        server.wait(timeout=10)
    out = done.stdout
    expect("smoke: platform xcb" in out, f"not on xcb:\n{out}\n{done.stderr}")
    expect("smoke: window MainWindow" in out, f"no main window shown:\n{out}\n{done.stderr}")
    expect(shot.is_file(), f"no screenshot:\n{out}\n{done.stderr}")
    colours = distinct_colours(shot)
    expect(colours >= 16, f"the screen is blank ({colours} colours): {shot}")
    kept = os.environ.get("SMOKE_SCREENSHOT_DIR")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(kept) / shot.name)
    return f"xcb on Xvfb {display}; screenshot with {colours} colours"


STEPS: list[tuple[str, Callable[[Runner], str]]] = [
    ("version", step_version),
    ("demo database", step_demo),
    ("integrity check", step_check),
    ("PDF report and packet", step_report),
    ("XLSX export", step_xlsx),
    ("PostgreSQL driver", step_postgres),
    ("GUI offscreen", step_gui),
    ("GUI on X11 (xcb, Xvfb)", step_gui_xcb),
]


def bundle_commands(folder: Path) -> tuple[list[str], list[str]]:
    exe = ".exe" if sys.platform == "win32" else ""
    cli = folder / f"case-abstractor-cli{exe}"
    gui = folder / f"case-abstractor{exe}"
    expect(cli.is_file() and gui.is_file(), f"{folder} holds no built bundle")
    # A windowed Windows program has no stdout to read: its console twin runs the same GUI.
    return [str(cli)], [str(cli if sys.platform == "win32" else gui)]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="a built dist/case-abstractor folder")
    parser.add_argument("--cli", help="the command line of an installed case-abstractor")
    parser.add_argument("--gui", help="the command that starts its GUI (default: --cli)")
    args = parser.parse_args(argv)
    if args.bundle:
        cli, gui = bundle_commands(args.bundle.resolve())
        size = folder_size(args.bundle) / 1e6
        print(f"bundle {args.bundle}: {size:.0f} MB", flush=True)
        for name in ("THIRD-PARTY-NOTICES.txt", "sbom.cdx.json"):
            expect((args.bundle / name).is_file(), f"the bundle lacks {name}")
        notices = (args.bundle / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
        expect("PySide6" in notices and "LGPL-3.0" in notices, "the notices lack Qt/PySide6")
        print("bundle notices and SBOM: present", flush=True)
    elif args.cli:
        cli = shlex.split(args.cli)
        gui = shlex.split(args.gui) if args.gui else cli
    else:
        parser.error("give --bundle or --cli")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="case-abstractor-smoke-") as tmp:
        runner = Runner(cli, gui, Path(tmp))
        for name, step in STEPS:
            start = time.perf_counter()
            try:
                detail = step(runner)
            except (SmokeFailure, subprocess.SubprocessError, OSError) as exc:
                failed += 1
                print(f"FAIL {name} ({time.perf_counter() - start:.1f} s): {exc}", flush=True)
                continue
            print(f"ok   {name} ({time.perf_counter() - start:.1f} s): {detail}", flush=True)
    print("smoke test " + (f"FAILED: {failed} step(s)" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
