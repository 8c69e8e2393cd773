"""Record GIF left running stops at the GIF caps and keeps what it recorded (issue 18 §3)."""

from __future__ import annotations

from PIL import Image

from nnviz.io import caps
from nnviz.session import Config
from tests.ui.export.test_export_menu import WAIT_MS, stepped


def test_a_recording_stops_at_the_frame_cap_and_writes_the_gif(qtbot, make_window, tmp_path, monkeypatch):
    monkeypatch.setattr(caps, "MAX_GIF_FRAMES", 3)
    window = make_window(Config(points=60))
    tools = window.features["export"]
    out = tmp_path / "left-running.gif"
    assert tools.start_recording(str(out), every=1)
    for _ in range(4):
        stepped(qtbot, window, 1)
        qtbot.waitUntil(lambda: not tools.recorder.recording or tools.recorder._next_epoch > window.frame.epoch,
                        timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not tools.recorder.recording, timeout=WAIT_MS)
    assert not tools.record.isChecked()
    assert "recording stopped at nnviz's limit of 3 frames" in window.status.currentMessage().lower()
    with Image.open(out) as gif:
        assert gif.n_frames == 3
