"""The GUI collector never scans the whole heap while training runs: survivors are frozen (nnviz.ui.gui_gc)."""

from __future__ import annotations

from nnviz.ui.gui_gc import FULL_EVERY_S, GuiCollector


class FakeGc:
    """Counts what the collector asks of the gc module; generations fill as the test says."""

    def __init__(self) -> None:
        self.count = (0, 0, 0)
        self.calls: list[str] = []
        self.frozen = 0
        self.tracked = 1000  # objects in the collector's sight

    def get_count(self) -> tuple[int, int, int]:
        return self.count

    def get_threshold(self) -> tuple[int, int, int]:
        return (700, 10, 10)

    def collect(self, generation: int = 2) -> int:
        self.calls.append(f"collect{generation}")
        return 0

    def freeze(self) -> None:
        self.calls.append("freeze")
        self.frozen += self.tracked
        self.tracked = 0

    def unfreeze(self) -> None:
        self.calls.append("unfreeze")
        self.tracked += self.frozen
        self.frozen = 0

    def get_freeze_count(self) -> int:
        return self.frozen


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def started() -> tuple[GuiCollector, FakeGc, FakeClock]:
    fake, clock = FakeGc(), FakeClock()
    collector = GuiCollector(fake, clock)
    collector.check()  # the first look freezes what the app made at start
    fake.calls.clear()
    return collector, fake, clock


def test_the_objects_made_at_start_are_frozen_at_the_first_look():
    fake, clock = FakeGc(), FakeClock()
    GuiCollector(fake, clock).check()
    assert fake.calls == ["freeze"] and fake.frozen == 1000


def test_young_generations_are_collected_by_their_thresholds_only():
    collector, fake, _ = started()
    fake.count = (100, 0, 0)
    collector.check()
    assert fake.calls == []
    fake.count = (701, 3, 0)
    collector.check()
    assert fake.calls == ["collect0"]
    fake.count = (701, 11, 2)
    collector.check()
    assert fake.calls == ["collect0", "collect0", "collect1"]


def test_an_oldest_generation_collection_scans_only_the_unfrozen_and_freezes_the_survivors():
    collector, fake, clock = started()
    fake.tracked = 300  # new since the start: less than the frozen set again
    fake.count = (701, 11, 11)
    clock.t = 60.0
    collector.check()
    assert fake.calls == ["collect0", "collect1", "collect2", "freeze"]  # no unfreeze: the old objects stay unscanned
    assert fake.tracked == 0


def test_a_whole_heap_collection_comes_after_full_every_seconds():
    collector, fake, clock = started()
    fake.tracked = 10
    fake.count = (701, 11, 11)
    clock.t = FULL_EVERY_S + 1
    collector.check()
    assert fake.calls == ["collect0", "collect1", "unfreeze", "collect2", "freeze"]
    fake.calls.clear()
    clock.t += 60.0  # soon after: the old objects are left alone again
    collector.check()
    assert "unfreeze" not in fake.calls


def test_a_whole_heap_collection_comes_when_the_frozen_objects_doubled():
    collector, fake, clock = started()
    fake.count = (701, 11, 11)
    fake.tracked = 1200  # frozen 1000 + 1200 after this freeze: more than doubled
    clock.t = 30.0
    collector.check()
    assert "unfreeze" not in fake.calls
    fake.calls.clear()
    collector.check()  # the next time the oldest generation is due
    assert fake.calls == ["collect0", "collect1", "unfreeze", "collect2", "freeze"]
