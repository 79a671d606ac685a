"""How complete the open case is: "Required 41/47 · CARE 11/13" always in view, and a list of
what is missing; choosing an entry (click or Enter) asks to go to its field.

    install_completeness_actions(editor.next_missing_action, case_menu)

puts the editor's "Next missing required field" action (F8) in the window's Case menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from desktop_app.rules.completeness import Completeness, Missing, Target


class CompletenessPanel(QWidget):
    target_chosen = Signal(object)  # a rules.completeness.Target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("completeness_panel")
        # The summary is placed by the editor where it stays in view (beside the tabs).
        self.summary = QLabel(self)
        self.summary.setObjectName("completeness_summary")
        self.summary.setContentsMargins(8, 0, 8, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.title = QLabel("Missing", self)
        layout.addWidget(self.title)
        self.list = QListWidget(self)
        self.list.setObjectName("completeness_missing")
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        layout.addWidget(self.list)
        self.shown: tuple[Missing, ...] = ()

    def show_completeness(self, found: Completeness, entries: int = 0) -> None:
        """`entries`: how many entries (studies, specimens …) have required fields of their
        own; each adds to the total, which is said beside it so its growth is understood."""
        text = found.summary()
        lines = [f"Required fields filled: {found.required_filled} of {found.required_total}"]
        if entries:
            counted = f"fields of the {entries} entr{'y' if entries == 1 else 'ies'} count"
            head, _, rest = text.partition(" · ")
            text = f"{head} ({counted})" + (f" · {rest}" if rest else "")
            lines.append("The total grows with each entry added (an imaging study, a "
                         f"specimen …): its required fields count too; now the {counted}."
                         )  # fmt: skip
        self.summary.setText(text)
        for score in found.scores:
            lines.append(f"{score.checklist.label} items covered: {score.covered} of "
                         f"{score.total} ({score.checklist.source})")  # fmt: skip
        self.summary.setToolTip("\n".join(lines))
        count = len(found.missing)
        self.title.setText(f"Missing ({count})" if count else "Nothing missing")
        if found.missing == self.shown:
            return  # the same list: it keeps its scroll position and selection
        self.shown = found.missing
        self.list.clear()
        for missing in found.missing:
            item = QListWidgetItem(missing.text)
            item.setData(Qt.ItemDataRole.UserRole, missing.target)
            if missing.item:
                item.setToolTip(self._item_help(found, missing.checklist, missing.item))
            self.list.addItem(item)

    @staticmethod
    def _item_help(found: Completeness, checklist_id: str, number: int) -> str:
        for score in found.scores:
            if score.checklist.id == checklist_id:
                return next((i.help for i in score.checklist.items if i.number == number), "")
        return ""

    def _chosen(self, item: QListWidgetItem) -> None:
        target: Target = item.data(Qt.ItemDataRole.UserRole)
        self.target_chosen.emit(target)


def install_completeness_actions(action: QAction, case_menu: QMenu) -> None:
    """The editor's F8 action in the window's Case menu, working wherever the focus is."""
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    case_menu.addAction(action)
