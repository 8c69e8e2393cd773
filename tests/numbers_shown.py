"""How tests read the numbers explain mode writes: significant digits, written out independently of nnviz."""

from __future__ import annotations

import math
import re
from decimal import Decimal

_NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?")


def shown(v: float, digits: int = 4) -> str:
    """v with `digits` significant digits, trailing zeros kept, a true minus sign (rounded in scientific
    notation, then written out positionally by Decimal)."""
    return format(Decimal(f"{float(v):.{digits - 1}e}"), "f").replace("-", "−")


def significant(text: str) -> int:
    """The significant digits a written number has ("−0.3100" → 4, "1.21e−5" → 3)."""
    mantissa = text.replace("−", "").replace("-", "").split("e")[0].replace(".", "").lstrip("0")
    return len(mantissa)


def last_number(line: str) -> str:
    """The last number written on a line (after its last "=")."""
    return _NUMBER.findall(line.rsplit("=", 1)[-1])[-1]


def shows(line: str, value: float, at_least: int = 4) -> bool:
    """Whether the line ends with `value`, written with at least `at_least` significant digits and rounded
    correctly to the digits it has."""
    text = last_number(line)
    n = significant(text)
    written = float(text.replace("−", "-"))
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - n + 1) if value != 0 else 0.0
    return n >= at_least and abs(written - value) <= 0.5 * unit * (1 + 1e-9)
