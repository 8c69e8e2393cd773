"""Explain mode's numbers after a run diverges: huge and tiny magnitudes are short on the graph (−7.0e126, not
−6.98e+126), the panel keeps the digits the teacher chose, and ordinary numbers read as they always did."""

from __future__ import annotations

import math
import re

import pytest

from nnviz.errors import DivergenceError
from nnviz.session.explain import numbers
from nnviz.session.explain.phases import display, phases
from nnviz.session.explain.sample import explain_sample
from nnviz.session.explain.sample_words import file_value
from nnviz.session.explain.text import detail
from nnviz.session.graph_refs import NeuronRef
from nnviz.session.lesson_book import rate_too_high

SHORT_NUMBER = r"[−-]?(?:\d+(?:\.\d+)?(?:e[−-]?\d+)?|∞)|NaN"


@pytest.mark.parametrize(("value", "text"), [
    (1e126, "1.0e126"), (-6.98e126, "−7.0e126"), (1e-9, "1.0e−9"), (-2.5e-300, "−2.5e−300"),
    (math.nan, "NaN"), (math.inf, "∞"), (-math.inf, "−∞"),
])
def test_a_huge_or_tiny_number_on_the_graph_is_short_and_says_its_magnitude(value: float, text: str) -> None:
    assert numbers.short(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (0.0, "0.00"), (0.314159, "0.31"), (-3.14159, "−3.14"), (12.5, "12.50"), (-99.25, "−99.25"), (123.4, "123"),
    (-0.0075, "−0.01"), (1234.6, "1235"), (-98765.4, "−98765"), (99999.7, "1.0e5"),
])
def test_ordinary_numbers_on_the_graph_read_as_before(value: float, text: str) -> None:
    assert numbers.short(value) == text


def test_every_short_number_is_at_most_nine_characters_and_rounds_to_its_value() -> None:
    for exponent in range(-320, 309):
        for mantissa in (1.0, -4.56, 9.96):
            v = mantissa * 10.0**exponent
            if v == 0 or not math.isfinite(v):
                continue
            text = numbers.short(v)
            assert len(text) <= 9 and "+" not in text, (v, text)
            shown = numbers.parse(text)
            if numbers.SHORT_RANGE[0] <= abs(v) < numbers.SHORT_WHOLE_BELOW:  # 2 decimals, 3 digits, whole
                assert math.isclose(shown, v, rel_tol=0.005, abs_tol=0.005), (v, text)
            else:  # 2 significant digits
                assert math.isclose(shown, v, rel_tol=0.05), (v, text)


def test_the_panel_and_a_file_value_write_a_huge_number_with_a_short_exponent() -> None:
    assert numbers.fmt(-6.98e126, 3) == "−6.98e126"
    assert file_value(1e126) == "1e126" and file_value(-2.5e-9) == "−2.5e−9"
    assert file_value(-1.25) == "−1.25" and file_value(40) == "40"  # as a person wrote them, as before


def test_after_lesson_7_diverges_the_graph_shows_short_numbers_and_the_panel_the_chosen_digits() -> None:
    session = rate_too_high()
    with pytest.raises(DivergenceError):
        session.train(50)
    ex = explain_sample(session, 0)
    assert abs(ex.z[-1][0]) > 1e100  # the restored weights are already huge
    graph_numbers = []
    for phase in phases(ex.n_layers):
        shown = display(ex, phase)
        texts = [*shown.node_text.values(), *shown.edge_labels.values()]
        graph_numbers += [n for t in texts for n in re.findall(SHORT_NUMBER, t)]
    assert graph_numbers and all(len(n) <= 9 and "+" not in n for n in graph_numbers), graph_numbers
    panel = "\n".join(detail(ex, phases(ex.n_layers)[1], NeuronRef(1, 0)))
    assert f"= {numbers.fmt(ex.z[1][0])}" in panel and "e+" not in panel  # the chosen 4 digits, short exponent
