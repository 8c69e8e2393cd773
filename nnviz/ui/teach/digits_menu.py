"""Teach ▸ Digits in Explanations: the teacher's choice of 3, 4 or 6 significant digits, remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from nnviz.session.explain import numbers
from nnviz.ui.window.geometry import settings

DIGITS_KEY = "explain/digits"


def remembered_digits() -> int:
    """The digits chosen last time (the default when none or an unknown value was stored)."""
    try:
        n = int(settings().value(DIGITS_KEY, numbers.DEFAULT_DIGITS))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return numbers.DEFAULT_DIGITS
    return n if n in numbers.DIGIT_CHOICES else numbers.DEFAULT_DIGITS


def add_digits_menu(menu: QMenu, changed: Callable[[], None]) -> dict[int, QAction]:
    """A submenu of `menu` choosing the explanations' significant digits; `changed` redraws them."""
    numbers.set_digits(remembered_digits())
    sub = menu.addMenu("Digits in Explanations")
    group = QActionGroup(sub)
    group.setExclusive(True)
    actions: dict[int, QAction] = {}

    def choose(n: int) -> None:
        numbers.set_digits(n)
        settings().setValue(DIGITS_KEY, n)
        changed()

    for n in numbers.DIGIT_CHOICES:
        action = sub.addAction(f"{n} significant digits")
        action.setCheckable(True)
        action.setChecked(n == numbers.digits())
        action.setStatusTip("How many significant digits the explanation shows (more where a change needs them)")
        action.triggered.connect(lambda _checked=False, n=n: choose(n))
        group.addAction(action)
        actions[n] = action
    return actions
