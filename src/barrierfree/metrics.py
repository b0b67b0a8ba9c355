"""Prometheus metrics: one registry of what the service counts, served at ``/metrics``.

Every metric is declared here, once, so the names stay stable for dashboards.  Features record
through these objects (or the small helpers below); nothing else creates metrics.

For the synthesis queue (the speech service owns it) the hooks are :data:`SYNTHESIS_QUEUE`
(a gauge: requests waiting now), :data:`SYNTHESIS_SECONDS` (a histogram of engine time per
sentence) and :data:`SYNTHESIS_WAIT_SECONDS` (time spent waiting for a slot)::

    from barrierfree import metrics
    metrics.SYNTHESIS_QUEUE.inc() / .dec()
    with metrics.SYNTHESIS_SECONDS.time(): ...

With several uvicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory per start
(prometheus-client's multiprocess mode); ``/metrics`` then adds up every worker.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

__all__ = [
    "CACHE_EVENTS",
    "CONTENT_TYPE_LATEST",
    "PROXY_FETCHES",
    "PROXY_REFUSALS",
    "RATE_LIMITED",
    "REQUESTS",
    "REQUEST_SECONDS",
    "SYNTHESIS_QUEUE",
    "SYNTHESIS_SECONDS",
    "SYNTHESIS_WAIT_SECONDS",
    "render",
]

REQUESTS = Counter(
    "barrierfree_requests_total",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "barrierfree_request_seconds",
    "Time to answer a request (until the response starts), by route template.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
CACHE_EVENTS = Counter(
    "barrierfree_cache_total",
    "Cache look-ups and faults: result is hit, miss, corrupt (failed its length/digest check "
    "and was dropped) or error (backend unavailable; answered uncached).",
    ["backend", "result"],
)
SYNTHESIS_QUEUE = Gauge(
    "barrierfree_synthesis_queue",
    "Speech requests waiting for a synthesis slot.",
    multiprocess_mode="livesum",
)
SYNTHESIS_SECONDS = Histogram(
    "barrierfree_synthesis_seconds",
    "Engine and encoder time for one piece of audio.",
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
SYNTHESIS_WAIT_SECONDS = Histogram(
    "barrierfree_synthesis_wait_seconds",
    "Time a speech request waited for a synthesis slot or for another replica's synthesis.",
    buckets=(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
)
PROXY_FETCHES = Counter(
    "barrierfree_proxy_fetches_total",
    "Pages the proxy and reader fetched upstream, by outcome (ok or the error code).",
    ["outcome"],
)
PROXY_REFUSALS = Counter(
    "barrierfree_proxy_refusals_total",
    "Proxy requests refused before or during the fetch, by reason (the error code).",
    ["reason"],
)
RATE_LIMITED = Counter(
    "barrierfree_rate_limited_total",
    "Requests answered 429 by the per-client rate limit, by limit name.",
    ["limit"],
)


def render() -> bytes:
    """The exposition text for ``/metrics`` (every worker's, in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)
