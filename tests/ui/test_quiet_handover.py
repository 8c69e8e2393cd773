"""A live frame's hand-over touches only what changed: the data panel's feature tooltips are set once, not per frame
(Qt sends an event for every tooltip set, even an unchanged one; issue 23)."""

from __future__ import annotations

from tests.ui.test_live_repaint import draw_each, drawing_window, started_run


def test_live_frames_leave_the_feature_tooltips_alone(styled_app, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    buttons = list(window.parts.data_panel.feature_buttons.values())
    tips: list[object] = []  # a button each time its tooltip is set
    for button in buttons:
        monkeypatch.setattr(button, "setToolTip", lambda text, b=button, set_tip=button.setToolTip: (
            tips.append(b), set_tip(text)))
    draw_each(qtbot, window, frames)
    assert not tips  # the same two columns: the same tooltips, not set again
    window.parts.data_panel.set_columns(5)  # a table of five columns: the tooltips say why the buttons are off
    assert all(b in tips and "5 columns" in b.toolTip() and not b.isEnabled() for b in buttons)
