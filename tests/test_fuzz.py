"""Schema-driven fuzzing of every endpoint from the service's own OpenAPI description.

Schemathesis generates requests (valid and invalid) for every operation and runs them against
the real app in-process (ASGI: nothing leaves the machine).  Every answer must be no 5xx, of a
content type the description declares, and match the declared schema.  Bounded: a fixed number
of examples per operation, derandomised so a run is repeatable.

The proxy and the reader are configured to browse nothing (the service does not listen on a
loopback address and no host is allowed), so fuzzed URLs are refused before any connection.
"""

from __future__ import annotations

import hypothesis
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from barrierfree.settings import Settings
from barrierfree.web.app import create_app

APP = create_app(
    Settings(
        {
            "cache_backend": "memory",
            "host": "192.0.2.1",  # not loopback: the proxy browses only allowed hosts …
            "proxy_allow_hosts": "",  # … and none are
            "rate_limit": "",
            "speech_engine": "espeak",  # quick; the neural voice has its own tests
            "speech_max_chars": 60,  # keep each synthesis short
        },
        environ={},
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


def test_the_description_covers_every_route() -> None:
    described = set(APP.openapi()["paths"])
    routes = {getattr(r, "path", "") for r in APP.routes}
    hidden = {"", "/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
    assert routes - hidden <= described


@schema.parametrize()
@hypothesis.settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_endpoint(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance]
    )
