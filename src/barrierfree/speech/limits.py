"""The synthesis gate: at most N syntheses at once, at most M waiting.

A request that finds the waiting room full is refused at once with 429 (the client should back
off); one that waited its whole timeout gets 503.  Both carry ``Retry-After``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ServiceUnavailable, TooManyRequests

__all__ = ["SynthesisGate"]


class SynthesisGate:
    def __init__(self, concurrency: int, queue: int, timeout: float) -> None:
        self.concurrency = max(1, concurrency)
        self.queue = max(0, queue)
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._waiting = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(blocking=False):
            with self._lock:
                if self._waiting >= self.queue:
                    raise TooManyRequests(
                        "the speech service is busy: too many requests are waiting; try again shortly",
                        headers={"Retry-After": "2"},
                    )
                self._waiting += 1
            try:
                acquired = self._slots.acquire(timeout=self.timeout)
            finally:
                with self._lock:
                    self._waiting -= 1
            if not acquired:
                raise ServiceUnavailable(
                    f"the speech service is overloaded: no synthesis slot within {self.timeout:g} s",
                    code="overloaded",
                    headers={"Retry-After": "5"},
                )
        try:
            yield
        finally:
            self._slots.release()
