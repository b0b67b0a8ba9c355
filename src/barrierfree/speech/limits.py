"""The synthesis queue: at most N syntheses at once, the rest wait in order of priority.

A neural voice keeps every core busy for one synthesis, so the service runs one at a time
(``concurrency`` 1) and decides who goes next: what the visitor just pointed at or pressed
(``now``), then 连读's next sentences (``next``), then background warming (``warm``); within a
priority, first come first served.  Slots are taken per clause, so a visitor's click waits at
most for the clause being made, not for a whole warming page.

The queue is bounded: a request that finds ``queue`` others waiting (half that for warming,
which must leave room for visitors) is refused at once with 503 and ``Retry-After``; one that
waited its whole timeout gets the same.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum

from .. import metrics
from ..errors import BadRequest, ServiceUnavailable

__all__ = ["Priority", "SynthesisQueue", "priority"]


class Priority(IntEnum):
    NOW = 0  # 指读, 语音播报, a single /api/speech request
    NEXT = 1  # 连读's coming sentences
    WARM = 2  # preparing a page, `barrierfree warm`


def priority(name: str) -> Priority:
    try:
        return Priority[name.upper()]
    except KeyError:
        raise BadRequest(
            f"priority must be now, next or warm, got {name!r}", code="bad_priority"
        ) from None


class SynthesisQueue:
    def __init__(self, concurrency: int, queue: int, timeout: float) -> None:
        self.concurrency = max(1, concurrency)
        self.queue = max(0, queue)
        self.timeout = timeout
        self._cond = threading.Condition()
        self._running = 0
        self._waiting: list[tuple[int, int]] = []  # heap of (priority, ticket)
        self._tickets = itertools.count()
        #: syntheses made, and seconds spent waiting, by priority (for metrics and tests)
        self.served = {p: 0 for p in Priority}
        self.waited = {p: 0.0 for p in Priority}

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._waiting)

    def _refuse(self, why: str, retry_after: int) -> ServiceUnavailable:
        return ServiceUnavailable(
            f"the speech service is busy ({why}); please try again in a few seconds",
            code="overloaded",
            headers={"Retry-After": str(retry_after)},
        )

    @contextmanager
    def slot(
        self, prio: Priority = Priority.NOW, current: Callable[[], Priority] | None = None
    ) -> Iterator[None]:
        """Hold one synthesis slot.  ``current``, when given, is asked again while waiting:
        a warming job that a visitor starts waiting for moves up to the visitor's place
        (call :meth:`reconsider` after raising it)."""
        started = time.monotonic()
        with self._cond:
            if self._running >= self.concurrency or self._waiting:
                bound = self.queue if prio < Priority.WARM else self.queue // 2
                if len(self._waiting) >= bound:
                    raise self._refuse(f"{len(self._waiting)} requests are waiting", 2)
                entry = (int(prio), next(self._tickets))
                heapq.heappush(self._waiting, entry)
                metrics.SYNTHESIS_QUEUE.inc()
                deadline = started + self.timeout
                try:
                    while self._running >= self.concurrency or self._waiting[0] != entry:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            raise self._refuse(f"no synthesis slot within {self.timeout:g} s", 5)
                        self._cond.wait(left)
                        if current is not None and int(current()) < entry[0]:
                            self._waiting.remove(entry)
                            entry = (int(current()), entry[1])  # same ticket: same turn
                            self._waiting.append(entry)
                            heapq.heapify(self._waiting)
                finally:
                    self._waiting.remove(entry)
                    heapq.heapify(self._waiting)
                    metrics.SYNTHESIS_QUEUE.dec()
                    self._cond.notify_all()
            self._running += 1
            waited = time.monotonic() - started
            self.served[prio] += 1
            self.waited[prio] += waited
            metrics.SYNTHESIS_WAIT_SECONDS.observe(waited)
        try:
            yield
        finally:
            with self._cond:
                self._running -= 1
                self._cond.notify_all()

    def reconsider(self) -> None:
        """Wake the waiters so they re-read their priority."""
        with self._cond:
            self._cond.notify_all()
