"""`nnviz render` checks every output before training, keeps the training when the picture fails and then writes
no GIF, caps a GIF before its first frame, and refuses a picture that does not fit in memory (issue 18 §3, §4)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nnviz.cli import render_command
from nnviz.cli.main import main
from nnviz.io import memory
from nnviz.ui.export.output import ExportError
from nnviz.ui.export.render import Renderer

SMALL = ["--dataset", "xor", "--points", "80", "--hidden", "3"]


@pytest.fixture
def trained(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The epochs trained by every render from now on."""
    from nnviz.session import Session

    epochs: list[int] = []
    real = Session.run_epoch

    def counting(self):  # type: ignore[no-untyped-def]
        epochs.append(self.epoch)
        return real(self)

    monkeypatch.setattr(Session, "run_epoch", counting)
    return epochs


def _refused_before_training(tmp_path: Path, locked: Path, which: str, reason: str, capsys, trained) -> None:  # type: ignore[no-untyped-def]
    """Render 300 epochs with one output (`which`) in the locked folder: refused at once, in one line."""
    outputs = {"--screenshot": str(tmp_path / "a.png"), "--gif": str(tmp_path / "a.gif"),
               "--save": str(tmp_path / "a.nnviz")}
    outputs[which] = str(locked / Path(outputs[which]).name)
    args = [a for flag, path in outputs.items() for a in (flag, path)]
    assert main(["render", *SMALL, "--epochs", "300", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nnviz: cannot save") and reason in err and "\n" not in err
    assert trained == [] and sorted(p.name for p in tmp_path.iterdir()) == ["locked"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
@pytest.mark.parametrize("which", ["--screenshot", "--gif", "--save"])
def test_an_output_in_a_read_only_folder_is_refused_before_any_training(qapp, tmp_path, capsys, trained, which):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    _refused_before_training(tmp_path, locked, which, "Permission denied", capsys, trained)


def test_a_picture_that_fails_at_the_end_keeps_the_training_and_writes_no_gif(qapp, tmp_path, capsys, monkeypatch):
    def failing(self: Renderer, path: str | Path) -> Path:
        raise ExportError(f"cannot save the picture to {path}: No space left on device")

    monkeypatch.setattr(Renderer, "screenshot", failing)
    gif, png, saved = tmp_path / "run.gif", tmp_path / "end.png", tmp_path / "run.nnviz"
    code = main(["render", *SMALL, "--epochs", "12", "--every", "5", "--panel", "boundary", "--gif", str(gif),
                 "--screenshot", str(png), "--save", str(saved)])
    out, err = capsys.readouterr()
    assert code == 2 and "No space left on device" in err
    assert not gif.exists() and not png.exists() and saved.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.nnviz"]  # no temporary file either
    from nnviz.session.files import load_session

    assert load_session(saved).epoch == 12 and f"wrote {saved}" in out


@pytest.mark.parametrize(("epochs", "every", "message"), [
    ("10000000", "1", "frames, more than nnviz's limit of 5,000"),
    ("4000", "1", "GB), more than nnviz's limit of 2 GB"),
])
def test_a_gif_too_long_or_too_large_is_refused_before_the_first_frame(qapp, tmp_path, capsys, trained,
                                                                       epochs, every, message):
    gif = tmp_path / "long.gif"
    code = main(["render", *SMALL, "--epochs", epochs, "--every", every, "--size", "1280x800", "--gif", str(gif)])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "--every" in err
    assert trained == [] and list(tmp_path.iterdir()) == []


def test_the_gif_frame_count_is_the_start_every_n_and_the_end():
    assert render_command.gif_frames(25, 10) == 4
    assert render_command.gif_frames(20, 10) == 3
    assert render_command.gif_frames(0, 10) == 1


def test_a_picture_that_does_not_fit_in_memory_is_refused_naming_size_and_scale(qapp, tmp_path, capsys,
                                                                                 monkeypatch, trained):
    monkeypatch.setattr(memory, "available_bytes", lambda: 300 * memory.MB)  # as under a ulimit
    png = tmp_path / "huge.png"
    code = main(["render", *SMALL, "--size", "8000x8000", "--screenshot", str(png)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "a 8000x8000 picture needs about" in err and "lower --size or --scale" in err
    assert trained == [] and not png.exists()


@pytest.mark.parametrize("which", ["--screenshot", "--gif", "--save"])
def test_an_output_on_a_read_only_file_system_is_refused_before_any_training(qapp, tmp_path, capsys, trained,
                                                                             monkeypatch, which):
    import errno
    import tempfile

    locked = tmp_path / "locked"
    locked.mkdir()
    real = tempfile.mkstemp

    def read_only(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs.get("dir", "")) == locked:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    _refused_before_training(tmp_path, locked, which, "Read-only file system", capsys, trained)
    assert list(locked.iterdir()) == []
