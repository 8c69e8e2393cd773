"""`nnviz train FILE --from-epoch N` and `nnviz render FILE --epoch N`: the file's timeline from the command line."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from nnviz.cli.main import main
from nnviz.session.files import load_session

SMALL = ["--dataset", "xor", "--points", "80", "--hidden", "3", "--batch", "7", "--optimizer", "adam"]


def test_train_from_an_epoch_of_the_timeline_equals_a_fresh_run(tmp_path, capsys) -> None:
    saved, fresh, carried = tmp_path / "s.json", tmp_path / "fresh.json", tmp_path / "carried.json"
    assert main(["train", *SMALL, "--epochs", "60", "--save", str(saved)]) == 0
    assert main(["train", str(saved), "--from-epoch", "23", "--epochs", "9", "--save", str(carried)]) == 0
    assert main(["train", *SMALL, "--epochs", "32", "--save", str(fresh)]) == 0
    a, b = load_session(carried), load_session(fresh)
    assert a.epoch == b.epoch == 32 and a.steps == b.steps
    assert a.net.params.tobytes() == b.net.params.tobytes()
    for key, value in a.optimizer.state_dict().items():
        assert np.asarray(value).tobytes() == np.asarray(b.optimizer.state_dict()[key]).tobytes()
    assert main(["train", str(saved), "--from-epoch", "61", "--epochs", "1"]) == 2
    assert "epoch 61 is not on this run's timeline, which holds epochs 0 to 60" in capsys.readouterr().err


def test_render_draws_a_past_epoch_and_replays_the_timeline(qapp, tmp_path) -> None:
    saved = tmp_path / "s.json"
    assert main(["train", *SMALL, "--epochs", "30", "--save", str(saved)]) == 0
    past, now = tmp_path / "past.png", tmp_path / "now.png"
    assert main(["render", str(saved), "--epoch", "2", "--panel", "boundary", "--screenshot", str(past)]) == 0
    assert main(["render", str(saved), "--epochs", "0", "--panel", "boundary", "--screenshot", str(now)]) == 0
    assert not np.array_equal(np.asarray(Image.open(past)), np.asarray(Image.open(now)))
    assert load_session(saved).epoch == 30  # drawing a past epoch leaves the file alone
    gif = tmp_path / "replay.gif"
    assert main(["render", str(saved), "--epochs", "0", "--every", "10", "--panel", "loss", "--gif", str(gif)]) == 0
    with Image.open(gif) as im:
        assert im.n_frames == 4  # epochs 0, 10 and 20 from the timeline, and 30 as it is


@pytest.mark.parametrize("flags", [["--epoch", "3", "--from-epoch", "3"], ["--epoch", "99"]])
def test_render_refuses_epochs_it_cannot_show(qapp, tmp_path, flags, capsys) -> None:
    saved = tmp_path / "s.json"
    assert main(["train", *SMALL, "--epochs", "5", "--save", str(saved)]) == 0
    assert main(["render", str(saved), *flags, "--screenshot", str(tmp_path / "x.png")]) == 2
    assert not (tmp_path / "x.png").exists() and capsys.readouterr().err.count("\n") == 1
