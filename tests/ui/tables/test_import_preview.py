"""The import dialog reads a bounded preview of a table: a big file opens the dialog at once; OK reads it all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from nnviz.errors import CsvError
from nnviz.io import caps
from nnviz.session import Config
from nnviz.session.opening import PREVIEW_BYTES, read_preview
from nnviz.ui.tables.import_dialog import ImportDialog

WAIT_MS = 30_000
ROWS = 60_000


@pytest.fixture
def big_table(tmp_path: Path) -> Path:
    """A table of ROWS rows (about 2 MB), two classes, the second class only in the second half."""
    path = tmp_path / "big.csv"
    lines = ["a,b,c,kind"] + [f"{i % 97 / 10},{i % 89 / 10},{i % 83 / 10},{'late' if i >= ROWS // 2 else 'early'}"
                              for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 4 * PREVIEW_BYTES
    return path


@pytest.fixture
def bytes_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every os.read's byte count while the test runs."""
    counts: list[int] = []
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        data = real(fd, n)
        counts.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting)
    return counts


def test_a_preview_reads_at_most_its_bytes_and_cuts_at_a_whole_line(big_table: Path, bytes_read: list[int]) -> None:
    preview = read_preview(str(big_table))
    assert sum(bytes_read) <= PREVIEW_BYTES
    assert preview.partial and preview.size == big_table.stat().st_size
    assert 1000 < len(preview.table.rows) < ROWS
    assert all(len(row) == 4 for row in preview.table.rows)  # no half line at the end


def test_a_file_over_the_cap_is_refused_by_its_size_before_a_byte_is_read(tmp_path: Path,
                                                                           bytes_read: list[int]) -> None:
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as f:
        f.truncate(caps.MAX_CSV_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(CsvError, match="too large"):
        read_preview(str(huge))
    assert sum(bytes_read) == 0


def test_the_dialog_speaks_of_the_first_rows_and_ok_reads_the_whole_file(qtbot, make_window, big_table: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(hidden=(3,)))
    shown: list[ImportDialog] = []

    def accept(dialog: ImportDialog) -> int:
        shown.append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", accept)
    assert window.features["tables"].import_file(str(big_table))
    (dialog,) = shown
    assert "the first" in dialog.heading.text() and "read when you press OK" in dialog.heading.text()
    assert dialog.verdict.text().startswith("In the first rows:")  # one class so far: the preview says so only
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.class_names == ("early", "late"),
                    timeout=WAIT_MS)
    frame = window.frame
    assert len(frame.train_labels) + len(frame.test_labels) == ROWS  # the worker read it all
