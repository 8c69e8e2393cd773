"""`nnviz render`: the app's views drawn headless to PNG, SVG and GIF; bad input exits 2 and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from nnviz.cli.main import main
from tests.cli.test_cli import nnviz_here

SMALL = ["--dataset", "xor", "--points", "80", "--hidden", "3"]


def _pixels(path: os.PathLike[str] | str) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def test_png_has_the_size_asked_for_and_scale_2_doubles_it(qapp, tmp_path):
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    base = ["render", *SMALL, "--epochs", "3", "--panel", "boundary", "--size", "320x300"]
    assert main([*base, "--screenshot", str(one)]) == 0
    assert main([*base, "--screenshot", str(two), "--scale", "2"]) == 0
    a, b = _pixels(one), _pixels(two)
    assert a.shape == (300, 320, 3) and b.shape == (600, 640, 3)
    assert len(np.unique(a.reshape(-1, 3), axis=0)) > 50  # a boundary and points, not a blank image


def test_svg_parses_with_paths_text_and_an_embedded_heatmap(qapp, tmp_path):
    out = tmp_path / "net.svg"
    assert main(["render", *SMALL, "--epochs", "2", "--panel", "network", "--screenshot", str(out)]) == 0
    root = ET.parse(out).getroot()
    tags = [el.tag.rsplit("}", 1)[-1] for el in root.iter()]
    assert tags.count("path") + tags.count("polyline") > 10 and "text" in tags and "image" in tags
    fonts = {el.get("font-family") for el in root.iter() if el.get("font-family")}
    assert fonts and all(f.endswith("sans-serif") for f in fonts)


def test_the_loss_chart_svg_has_both_plots_axes_and_legend(qapp, tmp_path):
    out = tmp_path / "loss.svg"
    assert main(["render", *SMALL, "--epochs", "5", "--panel", "loss", "--screenshot", str(out)]) == 0
    root = ET.parse(out).getroot()
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    for word in ("loss", "accuracy", "epoch", "train", "test"):
        assert word in texts, word
    assert (root.get("width"), root.get("height")) == ("640px", "320px")


def test_gif_has_a_frame_at_the_start_every_n_epochs_and_at_the_end(qapp, tmp_path):
    gif = tmp_path / "run.gif"
    assert main(["render", *SMALL, "--epochs", "25", "--every", "10", "--panel", "loss", "--gif", str(gif)]) == 0
    with Image.open(gif) as im:
        assert im.n_frames == 4  # epochs 0, 10, 20 and 25
        im.seek(0)
        first = np.asarray(im.convert("RGB"))
        im.seek(3)
        last = np.asarray(im.convert("RGB"))
    assert first.shape == last.shape and not np.array_equal(first, last)


def test_render_continues_a_saved_session(qapp, tmp_path):
    saved, out = tmp_path / "s.json", tmp_path / "s.png"
    assert main(["train", *SMALL, "--epochs", "4", "--save", str(saved)]) == 0
    assert main(["render", str(saved), "--epochs", "3", "--panel", "loss", "--screenshot", str(out), "--save"]) == 0
    from nnviz.session.files import load_session

    assert load_session(saved).epoch == 7 and out.stat().st_size > 0


def test_a_network_the_app_trains_past_the_old_full_size_heatmap_cap_renders(qapp, tmp_path):
    """Seven layers of 64: 451 neurons at 200x200 each would pass the heatmap cap, but the app draws (and
    render now computes) each thumbnail at most 64x64 and only the output at 200x200."""
    from nnviz.io import caps

    hidden = [64] * 7
    assert (sum(hidden) + 3) * caps.HEATMAP_RESOLUTION**2 > caps.MAX_HEATMAP_CELLS  # refused before
    out = tmp_path / "big.png"
    assert main(["render", "--dataset", "circle", "--points", "60", "--hidden", ",".join(map(str, hidden)),
                 "--epochs", "1", "--panel", "network", "--size", "700x420", "--screenshot", str(out)]) == 0
    assert _pixels(out).shape == (420, 700, 3)
    assert len(np.unique(_pixels(out).reshape(-1, 3), axis=0)) > 50  # thumbnails and edges, not a blank image


@pytest.mark.parametrize("args, message", [
    (["--screenshot", "x.jpg"], ".png or .svg"),
    (["--screenshot", "x.png", "--scale", "9"], "--scale"),
    (["--screenshot", "x.png", "--size", "10x10"], "--size"),
    (["--screenshot", "x.png", "--size", "big"], "WIDTHxHEIGHT"),
    (["--screenshot", "x.png", "--panel", "nope"], "invalid choice"),
    (["--gif", "x.png"], "must end in .gif"),
    (["--gif", "x.gif", "--every", "0"], "--every"),
    ([], "nothing to render"),
    (["--screenshot", "no/such/folder/x.png"], "does not exist"),
    (["missing.json", "--screenshot", "x.png"], "no such file"),
])
def test_bad_options_exit_2_with_one_line_and_write_nothing(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["render", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


def test_a_bad_session_file_exits_2_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\x01binary\xff")
    out = nnviz_here(capsys, "render", str(bad), "--screenshot", str(tmp_path / "x.png"),
                     "--gif", str(tmp_path / "x.gif"))
    assert out.returncode == 2 and "not UTF-8" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


@pytest.mark.slow
def test_render_runs_headless_as_a_command_with_no_display_set(tmp_path, capsys):
    out, small = tmp_path / "w.png", tmp_path / "small.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    run = subprocess.run([sys.executable, "-m", "nnviz", "render", *SMALL, "--epochs", "2", "--screenshot", str(out),
                          "--size", "1100x760"], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert _pixels(out).shape == (760, 1100, 3)
    too_small = nnviz_here(capsys, "render", "--epochs", "0", "--screenshot", str(small), "--size", "300x200")
    assert too_small.returncode == 2 and "needs at least" in too_small.stderr and not small.exists()
    assert len(too_small.stderr.strip().splitlines()) == 1, too_small.stderr
