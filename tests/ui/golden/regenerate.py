"""Regenerate the golden images of tests/ui/test_golden.py; run it whenever the look of a view changes.

    QT_QPA_PLATFORM=offscreen python tests/ui/golden/regenerate.py

Look at the new PNGs before committing them: they become what the tests hold the views to.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ui, for golden_scenes

from golden_scenes import RENDERERS, golden_frame, golden_path, to_image
from PySide6.QtWidgets import QApplication

from nnviz.engine.blas import limit_threads
from nnviz.ui.style import apply_style


def main() -> int:
    """Render every golden view of the fixed session and write its PNG."""
    limit_threads()
    app = QApplication.instance() or QApplication([])
    apply_style(app)  # type: ignore[arg-type]
    frame = golden_frame()
    for name, render in RENDERERS.items():
        path = golden_path(name)
        if not to_image(render(frame)).save(str(path)):
            print(f"cannot write {path}", file=sys.stderr)
            return 1
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
