"""The synthesis queue: one synthesis at a time, then the visitor's request (now) before
连读's next sentences (next) before background warming (warm); bounded."""

from __future__ import annotations

import threading
import time

import pytest

from barrierfree.errors import BadRequest, ServiceUnavailable
from barrierfree.speech.limits import Priority, SynthesisQueue, priority


def _wait_for(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.005)


def test_waiters_are_served_by_priority_then_arrival() -> None:
    queue = SynthesisQueue(concurrency=1, queue=10, timeout=10)
    order: list[str] = []
    release = threading.Event()

    def hold() -> None:
        with queue.slot(Priority.NOW):
            release.wait(10)

    def job(name: str, prio: Priority) -> None:
        with queue.slot(prio):
            order.append(name)

    holder = threading.Thread(target=hold)
    holder.start()
    _wait_for(lambda: queue._running == 1)
    threads = []
    # arrive in the worst order: warming first, the visitor's click last
    for name, prio in [
        ("warm-1", Priority.WARM),
        ("next-1", Priority.NEXT),
        ("warm-2", Priority.WARM),
        ("now-1", Priority.NOW),
        ("next-2", Priority.NEXT),
        ("now-2", Priority.NOW),
    ]:
        t = threading.Thread(target=job, args=(name, prio))
        t.start()
        threads.append(t)
        count = len(threads)
        _wait_for(lambda count=count: queue.waiting == count)
    release.set()
    for t in [holder, *threads]:
        t.join(10)
    assert order == ["now-1", "now-2", "next-1", "next-2", "warm-1", "warm-2"]
    assert queue.served[Priority.NOW] == 3 and queue.served[Priority.WARM] == 2


def test_full_queue_refuses_with_503_and_warming_gets_half() -> None:
    queue = SynthesisQueue(concurrency=1, queue=4, timeout=10)
    release = threading.Event()
    started = threading.Event()

    def hold() -> None:
        with queue.slot():
            started.set()
            release.wait(10)

    def wait_now() -> None:
        with queue.slot(Priority.NOW):
            pass

    threads = [threading.Thread(target=hold)]
    threads[0].start()
    assert started.wait(10)
    for n in (1, 2):
        t = threading.Thread(target=wait_now)
        t.start()
        threads.append(t)
        _wait_for(lambda n=n: queue.waiting == n)
    # two waiting: warming (bound 4 // 2) is refused, a visitor still gets in line
    with pytest.raises(ServiceUnavailable) as refused, queue.slot(Priority.WARM):
        pass
    assert refused.value.code == "overloaded" and refused.value.headers["Retry-After"]
    for n in (3, 4):
        t = threading.Thread(target=wait_now)
        t.start()
        threads.append(t)
        _wait_for(lambda n=n: queue.waiting == n)
    with pytest.raises(ServiceUnavailable) as full, queue.slot(Priority.NOW):
        pass
    assert full.value.status == 503
    release.set()
    for t in threads:
        t.join(10)
    assert queue.waiting == 0 and queue._running == 0


def test_waiting_past_the_timeout_is_a_503_and_leaves_the_queue_clean() -> None:
    queue = SynthesisQueue(concurrency=1, queue=4, timeout=0.2)
    release = threading.Event()
    with queue.slot():
        with pytest.raises(ServiceUnavailable) as late, queue.slot(Priority.NEXT):
            pass
        assert "within 0.2 s" in late.value.message
        assert queue.waiting == 0
    release.set()
    with queue.slot():  # the slot is free again
        pass


def test_priority_names() -> None:
    assert priority("now") is Priority.NOW and priority("WARM") is Priority.WARM
    with pytest.raises(BadRequest):
        priority("urgent")


def test_warming_that_a_visitor_waits_for_moves_up_to_the_visitors_place() -> None:
    queue = SynthesisQueue(concurrency=1, queue=10, timeout=10)
    order: list[str] = []
    release = threading.Event()
    warm_priority = [Priority.WARM]

    def hold() -> None:
        with queue.slot():
            release.wait(10)

    def warming() -> None:
        with queue.slot(Priority.WARM, lambda: warm_priority[0]):
            order.append("warm (now awaited)")

    def visitor() -> None:
        with queue.slot(Priority.NOW):
            order.append("other visitor")

    threads = [threading.Thread(target=f) for f in (hold, warming, visitor)]
    threads[0].start()
    _wait_for(lambda: queue._running == 1)
    threads[1].start()
    _wait_for(lambda: queue.waiting == 1)
    threads[2].start()
    _wait_for(lambda: queue.waiting == 2)
    warm_priority[0] = Priority.NOW  # a visitor now waits for what warming makes
    queue.reconsider()
    time.sleep(0.05)
    release.set()
    for t in threads:
        t.join(10)
    # it was queued first, so at equal priority it goes first
    assert order == ["warm (now awaited)", "other visitor"]
