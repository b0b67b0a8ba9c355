from __future__ import annotations

import httpx
import pytest

from barrierfree.errors import BadRequest, ConfigurationError
from barrierfree.settings import SETTINGS, Settings


def test_healthz(client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_unknown_path_uses_json_error_model(client) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    body = r.json()
    assert body["error"]["status"] == 404
    assert body["error"]["code"] == "not_found"
    assert "/api/nothing-here" in body["error"]["message"]


def test_browser_navigation_gets_escaped_html_error(client) -> None:
    r = client.get("/nothing/<script>alert(1)</script>", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "<script>alert(1)" not in r.text


def test_settings_from_environment_and_overrides() -> None:
    s = Settings({"port": "9001"}, environ={"BARRIERFREE_WORKERS": "3", "BARRIERFREE_DEMO": "off"})
    assert s.port == 9001 and s.workers == 3 and s.demo is False
    assert s.host == "127.0.0.1"


@pytest.mark.parametrize("name,value", [("port", "eighty"), ("demo", "maybe")])
def test_bad_setting_is_a_clear_error(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        Settings({name: value}, environ={})


def test_unknown_setting_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="unknown setting"):
        Settings({"nope": 1}, environ={})


def test_every_setting_is_documented_in_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.env}`" not in readme]
    assert not missing, f"README does not document: {missing}"


def test_error_classes_carry_status() -> None:
    assert BadRequest("x").status == 400
    assert BadRequest("x").to_dict()["error"]["code"] == "bad_request"


def test_assist_js_caching_and_cors(client) -> None:
    r = client.get("/assist.js", headers={"origin": "https://www.example.gov.cn"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["access-control-allow-origin"] in ("*", "https://www.example.gov.cn")
    assert "max-age=300" in r.headers["cache-control"]
    assert "__BF_VERSION__" not in r.text
    from barrierfree.web.assets import static_version

    v = static_version()
    assert v in r.text
    core = client.get(f"/static/{v}/toolbar/core.js", headers={"origin": "https://a.example"})
    assert core.status_code == 200
    assert "immutable" in core.headers["cache-control"]
    assert core.headers["access-control-allow-origin"]


@pytest.mark.parametrize(
    "path", ["../settings.py", "toolbar/../../settings.py", "%2e%2e/settings.py", "toolbar/nope.js"]
)
def test_static_refuses_traversal_and_unknown(client, path: str) -> None:
    from barrierfree.web.assets import static_version

    r = client.get(f"/static/{static_version()}/{path}")
    assert r.status_code == 404


def test_cli_one_shot_get(capsys) -> None:
    from barrierfree.cli import main

    # (espeak-ng, as in tests/conftest.py: the app warms its speech engine and waits for that)
    get = ["serve", "--get", "/healthz", "--cache-backend", "memory", "--speech-engine", "espeak"]
    assert main(get) == 0
    assert '"status":"ok"' in capsys.readouterr().out


def test_real_uvicorn_serves(live_server) -> None:
    r = httpx.get(live_server.url + "/healthz")
    assert r.status_code == 200
