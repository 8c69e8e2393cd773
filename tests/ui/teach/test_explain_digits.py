"""Teach ▸ Digits in Explanations: the panel redraws with the chosen digits, and the choice is remembered."""

from __future__ import annotations

from hand_nets import tanh_mse

from nnviz.session.explain import numbers
from nnviz.ui.teach.digits_menu import remembered_digits
from tests.numbers_shown import shown

WAIT_MS = 5000


def test_choosing_6_digits_redraws_the_explanation_and_is_remembered(session_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    session, _hand = tanh_mse()
    window = session_window(session)
    teaching = window.features["teaching"]
    mode = teaching.explain
    mode.toggle.trigger()
    qtbot.waitUntil(lambda: mode.explanation is not None, timeout=WAIT_MS)
    try:
        assert f"= {shown(0.5, 4)}" in mode.panel.formulas.text()  # x₁ of the sample, 4 digits by default
        teaching.digits[6].trigger()
        assert numbers.digits() == 6 and f"= {shown(0.5, 6)}" in mode.panel.formulas.text()
        assert remembered_digits() == 6
        teaching.digits[3].trigger()
        assert f"= {shown(0.5, 3)}" in mode.panel.formulas.text()
    finally:
        numbers.set_digits(numbers.DEFAULT_DIGITS)
