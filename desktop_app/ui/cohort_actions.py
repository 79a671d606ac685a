"""Opening the cohort builder from the main window and showing its result as the case list."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop_app.settings import Settings
from desktop_app.store import CaseStore
from desktop_app.ui.case_list_panel import CaseListPanel


def edit_cohort(store: CaseStore, panel: CaseListPanel, settings: Settings,
                window: QMainWindow) -> None:  # fmt: skip
    from desktop_app.ui.cohort_dialog import CohortDialog  # loaded when first opened

    dialog = CohortDialog(store.spec, panel.conditions, store.saved_queries(), window)
    if dialog.exec() != CohortDialog.DialogCode.Accepted:
        return
    conditions = dialog.conditions()
    bad = [c for c in conditions if (c.op not in ("filled", "empty") and not c.value)
           or (store.spec.field(c.group, c.field).numeric and c.op in ("<", "<=", ">", ">=")
               and not _is_number(c.value))]  # fmt: skip
    if bad:
        QMessageBox.warning(window, "Cohort", "Each condition needs a value; a comparison "
                            "with < or > needs a number.")  # fmt: skip
        return
    name = dialog.name.text().strip()
    if name and conditions:
        store.save_query(name, conditions, user=settings.registrar_name)
    panel.set_conditions(conditions)
    window.statusBar().showMessage(f"{panel.model.total} case(s) in the cohort", 8000)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True
