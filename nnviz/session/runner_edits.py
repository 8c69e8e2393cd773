"""The runner's edit commands: new points, another config, a weight, a bias, a point added or removed.

`EditCommands` is a helper the Runner owns, like its file, timeline and pin helpers: it changes
the live session (`RunnerHost.session`), marks what the consumer must see again, and reaches the
Runner otherwise only through the ways it is handed (swap in a rebuilt session, announce the config).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from nnviz.errors import DataError, NnvizError
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.config import CSV_DATASET
from nnviz.session.runner_host import RunnerHost
from nnviz.session.session import Session

log = logging.getLogger(__name__)


class EditCommands:
    """Handlers of Regenerate, ApplyConfig, SetWeight, SetBias, AddPoint and RemovePoint for a Runner."""

    def __init__(self, host: RunnerHost, swap: Callable[[Session], None], emit: Callable[[ev.Event], None],
                 announce_config: Callable[[int], None]) -> None:
        self._host = host
        self._swap = swap  # train another session from now on (a rebuild)
        self._emit = emit
        self._announce_config = announce_config  # tell the consumer the session's config, answering request seq

    def regenerate(self, c: cmd.Regenerate) -> None:
        """New points from the data set's stream; a CSV is read again only from the path the user confirmed."""
        session = self._host.session
        config = session.config
        if config.dataset == CSV_DATASET and c.csv_path != config.csv_path:  # a path from a file is only a hint
            raise DataError("the CSV file was not read again: reload it from the Data panel and confirm its path")
        session.regenerate()
        self._host.mark_changed()

    def apply_config(self, command: cmd.ApplyConfig) -> None:
        """Change the config live, or train the session it rebuilds; a refused config changes nothing."""
        try:
            session = self._host.session.with_config(command.config)
        except NnvizError:
            self._announce_config(command.seq)  # the GUI reverts its form
            raise
        self._swap(session)
        self._announce_config(command.seq)

    def _is_stale(self, structure: int) -> bool:
        """Whether an edit was made on a network that has been rebuilt since (0: made on no frame)."""
        now = self._host.session.structure_version
        if structure and structure != now:
            log.debug("dropped an edit made on structure %d (now %d)", structure, now)
            return True
        return False

    def set_weight(self, c: cmd.SetWeight) -> None:
        """Set one weight, unless the network was rebuilt since the frame it was made on."""
        if not self._is_stale(c.structure):
            self._host.session.set_weight(c.edge.layer, c.edge.src, c.edge.dst, c.value)
            self._host.mark_changed()

    def set_bias(self, c: cmd.SetBias) -> None:
        """Set one bias, unless the network was rebuilt since the frame it was made on."""
        if not self._is_stale(c.structure):
            self._host.session.set_bias(c.bias.layer, c.bias.neuron, c.value)
            self._host.mark_changed()

    def add_point(self, c: cmd.AddPoint) -> None:
        """Add a training point where the user clicked."""
        self._host.session.add_point((c.x, c.y), c.label)
        self._host.mark_changed()

    def remove_point(self, c: cmd.RemovePoint) -> None:
        """Remove the point nearest to the click, or say that none is within reach."""
        if not self._host.session.remove_nearest((c.x, c.y), c.max_distance):
            self._emit(ev.Notice(f"no data point within {c.max_distance:.3g} of ({c.x:.3g}, {c.y:.3g})"))
        self._host.mark_changed()
