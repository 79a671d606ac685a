"""How many screens an ultrasound entry with every technique ticked takes (issue 15), in the
window at its default size, offscreen: DEMO-001's ultrasound study selected, each technique
ticked by a click, then the entry's height and the Imaging tab's against the tab's viewport.
For comparison, the same fields in a plain FieldSet (the techniques as sections in two
columns, as before they were pages) at the same width.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.entry_screens [PNG]

prints a table; with PNG, writes a picture of the Imaging tab's whole content there.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QCheckBox

from desktop_app.demo import write_demo
from desktop_app.drafts import DraftStore
from desktop_app.settings import Settings
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from desktop_app.ui.field_set import FieldSet


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def measure(picture: Path | None) -> list[tuple[str, int, int]]:
    """(what, pixels, viewport pixels) for each thing measured."""
    from desktop_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as scratch:
        spec = default_spec()
        store = CaseStore.open(Path(scratch) / "demo.sqlite", spec)
        try:
            write_demo(store)
            window = MainWindow(store, Settings(), None, DraftStore(Path(scratch) / "d"))
            window.show()
            window.open_case(store.find("DEMO-001") or 0)
            index, tab = next((i, t) for i, t in enumerate(window.editor.form_tabs)
                              if t.form.id == "imaging")  # fmt: skip
            window.editor.tabs.setCurrentIndex(index)
            studies = tab.groups["imaging_study"]
            table = studies.table
            studies.table.selectRow(next(r for r in range(table.rowCount())
                                         if table.item(r, 1).text() == "Ultrasound"))  # fmt: skip
            settle(app)
            fields = studies.fields
            for _code, box in fields.editors["techniques"].boxes:  # type: ignore[attr-defined]
                assert isinstance(box, QCheckBox)
                if not box.isChecked():
                    box.click()
            settle(app)
            viewport = tab.viewport().height()
            plain = FieldSet(window.editor.state, studies.group.fields)
            plain.bind(fields.scope, fields.values)
            plain.resize(fields.width(), 100)
            plain.show()
            settle(app)
            plain.resize(fields.width(), plain.sizeHint().height())
            settle(app)
            found = [
                ("entry, techniques as sections in two columns", plain.height(), viewport),
                ("entry, techniques as pages", fields.height(), viewport),
                ("Imaging tab, techniques as pages", tab.widget().height(), viewport),
            ]
            plain.close()
            if picture is not None:
                tab.widget().grab().save(str(picture))
            window.editor.set_dirty(False)
            window.close()
        finally:
            store.close()
    return found


def main() -> int:
    picture = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(f"{'every technique ticked, window 1280x820':48} {'pixels':>7} {'screens':>8}")
    for what, pixels, viewport in measure(picture):
        print(f"{what:48} {pixels:7d} {pixels / viewport:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
