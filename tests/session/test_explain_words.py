"""Explain mode names a sample as the user knows it: every column by name, in the file's units, and its class.

Penguins (lesson 9) have four measurements; the panel used to say "sample at (48.50, 14.10)", two of four.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnviz.session import Config, Session
from nnviz.session.explain import text
from nnviz.session.explain.numbers import parse
from nnviz.session.explain.phases import phases
from nnviz.session.explain.sample import explain_sample, inspect_point
from nnviz.session.explain.sample_words import file_value
from nnviz.session.graph_refs import NeuronRef
from nnviz.session.lesson_book import LESSONS, make_lesson

NUMBER = r"−?[0-9.]+(?:e[−+]?[0-9]+)?"


def _penguins() -> Session:
    session = make_lesson(next(lesson for lesson in LESSONS if "penguins" in lesson.file))
    assert session.data.width == 4 and session.inputs.scaling is not None
    return session


@pytest.mark.parametrize("index", [0, 7])
def test_a_penguin_is_named_by_its_four_measurements_and_its_species(index: int) -> None:
    session = _penguins()
    ex = explain_sample(session, index)
    summary = text.summary(ex, phases(ex.n_layers)[0])
    row = session.train_set.points[index]
    scaled = session.inputs.scaling.apply(row[None])[0]  # type: ignore[union-attr]
    for name, raw, value in zip(session.data.columns, row, scaled, strict=True):
        assert f"{name} = {file_value(raw)} (standardised {text.num(value)})" in summary
    species = session.data.class_names[int(session.train_set.labels[index])]
    assert f"class {int(session.train_set.labels[index])} ({species})" in summary
    assert " at (" not in summary


def test_each_input_neuron_shows_its_column_standardised_in_numbers_that_recompute() -> None:
    session = _penguins()
    ex = explain_sample(session, 3)
    for j, name in enumerate(session.data.columns):
        head, line = text.detail(ex, phases(ex.n_layers)[0], NeuronRef(0, j))
        assert head == f"input {name}"
        x, mean, std, shown = (parse(v) for v in re.findall(NUMBER, line.split("=", 2)[2]))
        assert text.num((x - mean) / std) == text.num(shown) == text.num(ex.a[0][j])
        assert x == pytest.approx(session.train_set.points[3, j], rel=1e-3)


def test_outputs_and_targets_are_named_by_class() -> None:
    ex = explain_sample(_penguins(), 0)
    names = ex.class_names
    assert len(names) == 3 and text.where_name(ex, ex.n_layers, 1) == f"output 1 (class {names[1]})"
    loss = next(p for p in phases(ex.n_layers) if p.kind == "loss")
    lines = text.detail(ex, loss, NeuronRef(ex.n_layers, 0))
    assert any(f"target (one-hot) y = class {int(ex.label)} ({ex.class_name})" in line for line in lines)


def test_a_shift_click_on_a_slice_reads_every_column() -> None:
    session = _penguins()
    frame = session.snapshot(20)
    readout = inspect_point(frame, (0.5, -0.25))
    first = text.readout_lines(readout, "softmax")[0]
    assert all(f"{name} = " in first for name in session.data.columns) and "standardised" in first
    values = [parse(v) for v in re.findall(rf"= ({NUMBER}) \(standardised", first)]
    assert len(values) == 4
    on_plane = frame.plane.inputs(np.array([[0.5, -0.25]]))  # type: ignore[union-attr]
    np.testing.assert_allclose(values, session.inputs.scaling.undo(on_plane)[0], rtol=1e-5)  # type: ignore[union-attr]


@pytest.mark.parametrize("columns", [2, 10])
def test_two_plain_inputs_keep_the_short_form_and_any_other_number_names_them_all(columns: int) -> None:
    session = Session(Config(dataset="xor", points=40) if columns == 2 else Config(dataset="diabetes", hidden=(3,)))
    ex = explain_sample(session, 0)
    summary = text.summary(ex, phases(ex.n_layers)[0])
    if columns == 2:
        assert f"at ({text.num(ex.raw[0])}, {text.num(ex.raw[1])}), class" in summary
    else:
        assert session.data.width == 10 and all(f"{name} = " in summary for name in session.data.columns)
        assert f"target {ex.label:g}" in summary
