"""Settings live in one place: panels render the config the worker confirms, once per change."""

from __future__ import annotations

from nnviz.session import Config
from nnviz.ui.controls.data_panel import points_change

WAIT_MS = 5000


def test_panels_keep_no_copy_of_the_config(window):
    for panel in (window.parts.data_panel, window.parts.network_panel, window.parts.training_panel):
        assert not any(isinstance(v, Config) for v in vars(panel).values())
    assert not any(isinstance(v, Config) for k, v in vars(window).items() if k != "_requests")


def test_a_change_is_rendered_once_when_the_worker_confirms_it(qtbot, window, monkeypatch):
    panel = window.parts.network_panel
    shown: list[tuple[int, ...]] = []
    original = panel.set_config
    monkeypatch.setattr(panel, "set_config", lambda config: (shown.append(config.hidden), original(config)))
    panel.add_layer.click()
    assert shown == []  # not before the worker has answered
    qtbot.waitUntil(lambda: window.config.hidden == (4, 2, 2), timeout=WAIT_MS)
    qtbot.wait(50)
    assert shown == [(4, 2, 2)]
    assert panel.layer_count.text() == "3"


def test_two_quick_clicks_add_up(qtbot, window):
    plus = window.parts.network_panel.rows[0].plus
    plus.click()
    plus.click()  # before the first is confirmed
    qtbot.waitUntil(lambda: window.config.hidden == (6, 2), timeout=WAIT_MS)
    assert window.parts.network_panel.rows[0].count.text() == "6"


def test_the_points_rule_is_the_same_whatever_came_between():
    assert points_change("plane", "xor") == {"points": 500}  # another kind: its default
    assert points_change("and", "spiral") == {"points": 500}  # after a truth table: the default as well
    assert points_change("circle", "spiral") == {}  # the same kind: kept
    assert points_change("plane", "multigauss") == {}
    assert points_change("spiral", "and") == {}  # a truth table has its 4 points
    assert points_change("csv", "plane") == {"points": 1200}


def test_plane_then_a_gate_then_spiral_shows_the_spiral_default(qtbot, window):
    panel = window.parts.data_panel
    panel.select_dataset("plane")
    qtbot.waitUntil(lambda: window.config.dataset == "plane", timeout=WAIT_MS)
    window.request_config({"points": 1500})
    qtbot.waitUntil(lambda: window.config.points == 1500, timeout=WAIT_MS)
    panel.select_dataset("and")
    qtbot.waitUntil(lambda: window.config.dataset == "and", timeout=WAIT_MS)
    panel.select_dataset("spiral")
    qtbot.waitUntil(lambda: window.config.dataset == "spiral", timeout=WAIT_MS)
    assert window.config.points == 500 and panel.points.value() == 500


def test_the_points_row_stays_put_whatever_the_description(qtbot, window):
    panel = window.parts.data_panel
    places = set()
    for name in ("circle", "plane", "xor", "spiral"):
        panel.select_dataset(name)
        qtbot.waitUntil(lambda name=name: window.config.dataset == name, timeout=WAIT_MS)
        qtbot.wait(20)
        places.add((panel.points.mapTo(panel, panel.points.rect().topLeft()).y(), panel.caption.height()))
    assert len(places) == 1, places
