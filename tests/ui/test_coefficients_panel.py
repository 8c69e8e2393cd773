"""Momentum's μ and Adam's β₁, β₂ in the training panel: shown for the optimizer that uses them, sent as settings."""

from __future__ import annotations

from nnviz.cli.command_line import command_line
from nnviz.session import Config

WAIT_MS = 10_000


def test_the_panel_shows_and_changes_the_optimizer_coefficients(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40, optimizer="momentum", momentum=0.1))
    boxes = window.parts.training_panel.coefficients
    assert boxes.isVisibleTo(window) and boxes.fields["momentum"].isVisibleTo(window)
    assert not boxes.fields["beta1"].isVisibleTo(window) and boxes.boxes["momentum"].value() == 0.1
    boxes.boxes["momentum"].setValue(0.5)
    qtbot.waitUntil(lambda: window.config.momentum == 0.5, timeout=WAIT_MS)
    assert "--momentum 0.5" in command_line(window.config)[0]  # Copy as Command says it
    window.request_config({"optimizer": "adam"})
    qtbot.waitUntil(lambda: window.config.optimizer == "adam", timeout=WAIT_MS)
    assert boxes.fields["beta1"].isVisibleTo(window) and boxes.fields["beta2"].isVisibleTo(window)
    assert not boxes.fields["momentum"].isVisibleTo(window)
    boxes.boxes["beta2"].setValue(0.99)
    qtbot.waitUntil(lambda: window.config.beta2 == 0.99, timeout=WAIT_MS)
    window.request_config({"optimizer": "sgd"})
    qtbot.waitUntil(lambda: window.config.optimizer == "sgd", timeout=WAIT_MS)
    assert not boxes.isVisibleTo(window)
