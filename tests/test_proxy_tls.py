"""HTTPS through the pinned transport: the proxy connects to the checked address but
speaks TLS to the *name* — SNI and certificate verification use the host name, and the
Host header carries it — so pinning the address costs no security.

A local HTTPS origin on 127.0.0.1 serves a certificate for ``secure.test`` only, issued by
a throwaway CA (trustme) that only this test's SSL context trusts.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
import uvicorn
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from barrierfree.fetch import StaticResolver, default_upstream
from barrierfree.proxy import ProxyService
from barrierfree.web.app import create_app

from .conftest import free_port
from .test_proxy_origin import RecordingUpstream, lab_settings


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_origin(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder: Path = tmp_path_factory.mktemp("tls")
    cert = ca.issue_cert("secure.test")
    key_and_chain = folder / "server.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(key_and_chain))

    async def page(request: Request) -> HTMLResponse:
        host = request.headers.get("host", "")
        return HTMLResponse(
            f"<h1 id='title'>安全页面</h1><p id='host'>{host}</p><a id='next' href='/b'>b</a>"
        )

    app = Starlette(routes=[Route("/{path:path}", page)])
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ssl_certfile=str(key_and_chain),
        ssl_keyfile=str(key_and_chain),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "TLS origin did not start"
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def tls_lab(tmp_path: Path, ca: trustme.CA) -> Iterator[tuple[TestClient, RecordingUpstream]]:
    settings = lab_settings(tmp_path, proxy_allow_addresses="127.0.0.1", proxy_ports="*")
    context = ssl.create_default_context()
    ca.configure_trust(context)
    upstream = RecordingUpstream()
    upstream.inner = default_upstream(context)
    names = {"secure.test": ["127.0.0.1"], "wrong.test": ["127.0.0.1"]}
    app = create_app(
        settings,
        proxy=ProxyService.from_settings(
            settings, resolver=StaticResolver(names), upstream=upstream
        ),
    )
    with TestClient(app) as client:
        yield client, upstream


def test_https_uses_the_name_for_sni_and_verification(
    tls_lab: tuple[TestClient, RecordingUpstream], tls_origin: int
) -> None:
    client, upstream = tls_lab
    r = client.get("/browse", params={"url": f"https://secure.test:{tls_origin}/a"})
    assert r.status_code == 200, r.text[:300]
    assert "安全页面" in r.text
    assert f'<p id="host">secure.test:{tls_origin}</p>' in r.text
    # connected to the checked address, with the name in the Host header
    assert upstream.attempts == [("127.0.0.1", tls_origin, f"secure.test:{tls_origin}")]
    # links stay https and in the proxy
    assert f"url=https://secure.test:{tls_origin}/b" in r.text


def test_certificate_for_another_name_is_refused(
    tls_lab: tuple[TestClient, RecordingUpstream], tls_origin: int
) -> None:
    """Same address, another name: the certificate does not match, so no page."""
    client, _ = tls_lab
    r = client.get("/browse", params={"url": f"https://wrong.test:{tls_origin}/"})
    assert r.status_code == 502
    assert "安全页面" not in r.text
    assert "CERTIFICATE_VERIFY_FAILED" in r.text or "certificate" in r.text.lower()


def test_untrusted_certificate_is_refused(tmp_path: Path, tls_origin: int) -> None:
    """With the system's trust store (not the test CA) the same origin is refused."""
    settings = lab_settings(tmp_path, proxy_allow_addresses="127.0.0.1", proxy_ports="*")
    app = create_app(
        settings,
        proxy=ProxyService.from_settings(
            settings,
            resolver=StaticResolver({"secure.test": ["127.0.0.1"]}),
            upstream=RecordingUpstream(),
        ),
    )
    with TestClient(app) as client:
        r = client.get("/browse", params={"url": f"https://secure.test:{tls_origin}/"})
    assert r.status_code == 502
