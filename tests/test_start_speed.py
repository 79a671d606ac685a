"""What issue 13's sixth round changed to make the start and the case PDF cheaper keeps
behaviour: the cycle collector runs again once the window is up or the command runs; the
timeline drawn straight onto the page looks as reportlab's renderer draws it; a summary's
streams are binary and reportlab's own setting is left as it was."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.platypus import SimpleDocTemplate

from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.report.flat_drawing import FlatDrawing
from desktop_app.report.fonts import register_fonts
from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore

ROOT = Path(__file__).resolve().parents[1]

# Run in a process of its own: whatever the app does with the collector stays there.
GUI_START = """
import gc, sys
from PySide6.QtWidgets import QApplication
def exec_(*_args):
    print("collector", gc.isenabled(), gc.get_freeze_count() > 0, flush=True)
    return 0
QApplication.exec = exec_
from desktop_app.app import main
main(sys.argv[1:])
import os; os._exit(0)  # without closing the window (its close takes the day's backup)
"""


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=300, check=False)  # fmt: skip


def test_the_collector_runs_once_the_window_is_up(tmp_path: Path) -> None:
    database = tmp_path / "cases.sqlite"
    CaseStore.open(database, default_spec()).close()
    done = run_python(GUI_START, "--db", str(database), "--data-dir", str(tmp_path / "data"))
    assert "collector True True" in done.stdout, done.stderr[-2000:]


def test_the_collector_runs_for_a_command(tmp_path: Path) -> None:
    database = tmp_path / "cases.sqlite"
    CaseStore.open(database, default_spec()).close()
    code = (
        "import gc, sys\nfrom desktop_app.app import main\n"
        "code = main(['list', '--db', sys.argv[1]])\n"
        "print('collector', gc.isenabled(), gc.get_freeze_count() > 0, code)\n"
    )
    done = run_python(code, str(database))
    assert "collector True True 0" in done.stdout, done.stderr[-2000:]


def pages_of(pdf: bytes) -> list[object]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=4).to_pil().convert("RGB") for i in range(len(document))]


def built(*flowables: object) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out).build(list(flowables))
    return out.getvalue()


def timeline_like() -> Drawing:
    """Every kind of shape and setting the timeline uses, in an order that changes each
    setting from one shape to the next."""
    font = register_fonts()
    drawing = Drawing(400, 80)
    ink, other = colors.HexColor("#1f77b4"), colors.HexColor("#d62728")
    drawing.add(Line(10, 30, 390, 30, strokeColor=colors.black, strokeWidth=0.8))
    drawing.add(Line(50, 26, 54, 34, strokeColor=colors.grey))  # default width
    drawing.add(Line(200, 26, 200, 78, strokeColor=ink, strokeWidth=0.6,
                     strokeDashArray=[2, 2]))  # fmt: skip
    drawing.add(Line(220, 26, 220, 78, strokeColor=ink, strokeWidth=0.6))  # solid again
    drawing.add(Rect(100, 28, 80, 4, fillColor=other, strokeColor=None, fillOpacity=0.45))
    drawing.add(Circle(100, 30, 2.6, strokeColor=ink, strokeWidth=1, fillColor=colors.white))
    drawing.add(Circle(140, 30, 2.6, strokeColor=other, strokeWidth=1, fillColor=other))
    drawing.add(Circle(160, 30, 2.6, fillColor=ink, strokeColor=ink))
    drawing.add(String(100, 14, "12 m", fontName=font.regular, fontSize=6,
                       fillColor=colors.grey, textAnchor="middle"))  # fmt: skip
    drawing.add(String(390, 14, "end", fontName=font.bold, fontSize=7, textAnchor="end"))
    drawing.add(String(142, 50, "Biopsy ×2", fontName=font.regular, fontSize=7,
                       fillColor=other))  # fmt: skip
    drawing.add(Line(300, 30, 300, 40, strokeColor=None))  # no stroke: nothing drawn
    return drawing


def test_a_flat_drawing_looks_as_the_renderer_draws_it() -> None:
    drawing = timeline_like()
    assert FlatDrawing(drawing).flat
    rendered = pages_of(built(drawing))
    flat = pages_of(built(FlatDrawing(drawing)))
    assert len(rendered) == len(flat) == 1
    assert ImageChops.difference(rendered[0], flat[0]).getbbox() is None  # type: ignore[arg-type]


def test_a_drawing_with_a_group_is_left_to_the_renderer() -> None:
    drawing = timeline_like()
    drawing.add(Group(Line(0, 0, 10, 10, strokeColor=colors.red)))
    flowable = FlatDrawing(drawing)
    assert not flowable.flat
    rendered, flat = pages_of(built(drawing)), pages_of(built(flowable))
    assert ImageChops.difference(rendered[0], flat[0]).getbbox() is None  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def spec() -> Spec:
    return default_spec()


def test_a_summary_has_binary_streams_and_leaves_reportlabs_setting(spec: Spec) -> None:
    case_number = spec.summary_field("case_number")
    assert case_number is not None
    record = CaseRecord()
    record.values[case_number.id] = "BX-77"
    before = rl_config.useA85
    out = io.BytesIO()
    render_case_summary(spec, [record], out)
    assert rl_config.useA85 == before
    pdf = out.getvalue()
    assert b"/ASCII85Decode" not in pdf and b"/FlateDecode" in pdf
    assert "BX-77" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


COLLECT_OR_KEEP = """
import gc, sys, weakref
from desktop_app import cycle_collector
class Node:
    pass
cycle_collector.LEFT_OVER_LIMIT = int(sys.argv[1])
cycle_collector.pause()
node = Node()
node.self = node  # a cycle: only the collector frees it
seen = weakref.ref(node)
del node
for _ in range(1000):
    leftover = [[]]  # objects made during the "start"
    leftover[0].append(leftover)
cycle_collector.resume()
print("freed" if seen() is None else "kept", gc.isenabled())
"""


@pytest.mark.parametrize(("limit", "outcome"), [(100, "freed True"), (10**9, "kept True")])
def test_a_start_that_made_much_garbage_is_collected_before_freezing(
    limit: int, outcome: str
) -> None:
    done = run_python(COLLECT_OR_KEEP, str(limit))
    assert done.stdout.strip() == outcome, done.stderr[-2000:]
