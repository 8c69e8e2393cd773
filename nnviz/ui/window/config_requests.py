"""The window's one view of the settings: the config the worker confirmed, plus the changes in flight.

The panels render only the confirmed config, once per answer. They read the config
a new change builds on from `requested()`, so two quick clicks add up instead of the
second undoing the first. Nothing else keeps a copy of the config.
"""

from __future__ import annotations

from nnviz.session import Config
from nnviz.session.config_change import ConfigChange


class ConfigRequests:
    """The confirmed config, the changes sent and not yet answered, and the sequence number of the last request."""

    def __init__(self, confirmed: Config) -> None:
        self.confirmed = confirmed
        self._pending: ConfigChange = {}
        self.seq = 0

    def requested(self) -> Config:
        """The config once the worker has applied every change sent (what a new change builds on)."""
        return self.confirmed.replace(**self._pending) if self._pending else self.confirmed

    def request(self, changes: ConfigChange) -> tuple[Config, int] | None:
        """The config to send and its sequence number, or None when nothing changes; raises NnvizError if invalid."""
        base = self.requested()
        config = base.replace(**changes)
        if config == base:
            return None
        self._pending.update(changes)
        self.seq += 1
        return config, self.seq

    def new_session(self) -> int:
        """A request that replaces the session (a file): earlier changes are void; its sequence number."""
        self._pending = ConfigChange()
        self.seq += 1
        return self.seq

    def confirm(self, seq: int, config: Config) -> bool:
        """The worker's answer; True when it answers the latest request (then it is the confirmed config)."""
        if seq != self.seq:
            return False  # a newer request is on its way; its answer will follow
        self.confirmed = config
        self._pending = ConfigChange()
        return True

    def named(self, name: str) -> None:
        """The worker named the session while saving it."""
        self.confirmed = self.confirmed.replace(name=name)
