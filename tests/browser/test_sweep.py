"""The real-page sweep: every development page (Chinese government, news and portal pages
from 2003 to today, quirks mode and GBK among them, English news) and a frameset page, served
from loopback with the toolbar's tag added and every other host blocked, through the whole
toolbar (see tests/browser/sweep.py). The failure summary must be empty."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.conftest import LiveServer

from .fixtures.site import SiteServer, dev_pages
from .sweep import sweep

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(live_server: LiveServer) -> Iterator[SiteServer]:
    server = SiteServer(live_server.url).start()
    yield server
    server.stop()


def test_every_dev_page_through_the_whole_toolbar(
    site: SiteServer, live_server: LiveServer
) -> None:
    urls = [f"{site.url}/dev/{lang}/{name}" for lang, name in dev_pages()] + [
        f"{site.url}/frameset.html"
    ]
    started = time.monotonic()
    results = sweep(urls, live_server.url, tabs=3)
    took = time.monotonic() - started
    failures = [f"{r.url.rsplit('/', 1)[-1]}: {f}" for r in results for f in r.failures]
    print(
        f"\nsweep: {len(results)} pages in {took:.1f} s; slowest: "
        + ", ".join(
            f"{r.url.rsplit('/', 1)[-1][:16]} {r.seconds:.1f}s"
            for r in sorted(results, key=lambda r: -r.seconds)[:3]
        )
    )
    for r in results:
        if r.skipped:
            print(f"  not testable from loopback: {r.url.rsplit('/', 1)[-1]}: {r.skipped}")
        if r.volatile:
            print(
                f"  changes its DOM on its own too (control run): {r.url.rsplit('/', 1)[-1]}: {r.volatile}"
            )
    assert len(results) == len(urls)
    assert failures == [], "\n".join(failures)
    chinese = [r for r in results if "/dev/zh/" in r.url]
    assert all(r.pinyin > 0 for r in chinese)
    assert sum(1 for r in results if r.skipped) <= 3
    assert sum(1 for r in results if r.read) >= len(results) * 0.9
