"""The real-page sweep: every development page (Chinese government, news and portal pages
from 2003 to today, quirks mode and GBK among them, English news) and a frameset page, served
from loopback with the toolbar's tag added and every other host blocked, through the whole
toolbar (see tests/browser/sweep.py). The failure summary must be empty."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator

import pytest

from barrierfree.settings import Settings
from barrierfree.web.app import create_app
from tests.conftest import LiveServer

from .fixtures.site import SiteServer, dev_pages
from .sweep import Chromium, sweep

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The sweep's own service (as tests/conftest.py's live_server), stopped once a worker's
    shards are done. The shards run first; whatever work the pages left going would
    otherwise go on beside the tests that follow in the worker, and count in their
    process-wide metrics."""
    settings = Settings(
        {
            "cache_backend": "disk",
            "cache_dir": str(tmp_path_factory.mktemp("sweep-cache")),
            "speech_engine": "espeak",
            "rate_limit": "",
            # 声音 asks the service to prepare every sentence of a page (its request and the
            # sentence split still happen); making their audio in the background is not what
            # the sweep checks, and it kept a core busy for the whole sweep (about half the
            # service's CPU time)
            "speech_warm_max": 0,
        },
        environ={},
    )
    server = LiveServer(create_app(settings)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium(service: LiveServer) -> Iterator[Chromium]:
    """One chromium (and its tabs) for all the shards a worker runs, closed with them."""
    browser = Chromium(service.url)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def site(service: LiveServer) -> Iterator[SiteServer]:
    server = SiteServer(service.url).start()
    yield server
    server.stop()


# The pages are swept in shards (every SHARDS-th page each), so that the test workers share
# the sweep (scripts/test runs the suite with pytest-xdist, one worker per core); the shards
# run first (tests/conftest.py), and small ones keep the workers evenly loaded
SHARDS = 8


def shards_done(
    tmp_path_factory: pytest.TempPathFactory, shard: int, counts: dict[str, int]
) -> list[dict[str, int]]:
    """Record this shard's counts where every shard of this session (in any test worker)
    writes them; the counts of all shards once every shard has written, else []."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by this session's workers
    folder = base / "sweep-shards"
    folder.mkdir(exist_ok=True)
    (folder / f"{shard}.json").write_text(json.dumps(counts))
    done = sorted(folder.glob("*.json"))
    if len(done) < SHARDS:
        return []
    return [json.loads(f.read_text()) for f in done]


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_dev_page_through_the_whole_toolbar(
    site: SiteServer,
    service: LiveServer,
    chromium: Chromium,
    shard: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    every = [f"{site.url}/dev/{lang}/{name}" for lang, name in dev_pages()] + [
        f"{site.url}/frameset.html"
    ]
    urls = every[shard::SHARDS]
    started = time.monotonic()
    results = sweep(urls, service.url, tabs=3, chromium=chromium)
    took = time.monotonic() - started
    failures = [f"{r.url.rsplit('/', 1)[-1]}: {f}" for r in results for f in r.failures]
    print(
        f"\nsweep shard {shard}: {len(results)} pages in {took:.1f} s, "
        f"{sum(1 for r in results if r.read)} read by 指读; slowest: "
        + ", ".join(
            f"{r.url.rsplit('/', 1)[-1][:16]} {r.seconds:.1f}s"
            for r in sorted(results, key=lambda r: -r.seconds)[:3]
        )
    )
    # the ledger (ledger.py): the page's own DOM changes during the run are left out of the
    # comparison after 退出, the toolbar's are not
    moved = [r for r in results if r.changes.get("page")]
    print(
        f"  {len(moved)} pages changed their own DOM during the run "
        f"({sum(r.changes['page'] for r in moved)} changes, left out of the comparison)"
    )
    for r in results:
        if r.replaced:
            print(
                f"  replaced DOM entry points (changes with any frame of ours count as ours): "
                f"{r.url.rsplit('/', 1)[-1]}: {r.replaced}"
            )
        if r.skipped:
            print(f"  not testable from loopback: {r.url.rsplit('/', 1)[-1]}: {r.skipped}")
    assert len(results) == len(urls)
    assert failures == [], "\n".join(failures)
    chinese = [r for r in results if "/dev/zh/" in r.url]
    assert all(r.pinyin > 0 for r in chinese)
    # over the whole set (checked by the shard that finishes last): at most 3 pages cannot be
    # served from loopback; 指读 rests on the first paragraph in view, and a page with none in
    # view is not read, so three in four pages at least are read
    counts = {
        "pages": len(results),
        "skipped": sum(1 for r in results if r.skipped),
        "read": sum(1 for r in results if r.read),
    }
    every_shard = shards_done(tmp_path_factory, shard, counts)
    if every_shard:
        total = {k: sum(c[k] for c in every_shard) for k in counts}
        print(f"whole sweep: {total}")
        assert total["pages"] == len(every)
        assert total["skipped"] <= 3
        assert total["read"] >= total["pages"] * 0.75
