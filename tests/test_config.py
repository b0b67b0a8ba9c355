"""Many sites, one service: the TOML configuration, its errors, reloads and what each site gets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from barrierfree.cli import main as cli_main
from barrierfree.config import Config, ConfigWatcher, load_config
from barrierfree.errors import ConfigurationError
from barrierfree.settings import Settings
from barrierfree.web.app import create_app

from .servers import Replica

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "docs" / "examples"

TWO_SITES = """\
[service]
cache_backend = "memory"
speech_max_chars = 300

[[site]]
name = "city"
origins = ["https://www.city.gov.cn"]
link_allow = ["*.city.gov.cn"]
pinyin_words = { "乐清" = "yuè qīng", "丽水" = "lí shuǐ" }
voice = "cmn"
scheme = "yellow"

[[site]]
name = "english"
origins = ["https://en.province.gov.cn"]
cors_origins = ["https://en.province.gov.cn", "https://cdn.province.gov.cn"]
lang = "en"
"""


def _write(tmp_path: Path, text: str, name: str = "bf.toml") -> str:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


@pytest.mark.parametrize("name", ["barrierfree.toml", "single-site.toml"])
def test_documented_examples_load(name: str) -> None:
    config = load_config(str(EXAMPLES / name), environ={})
    assert config.sites
    for site in config.sites:
        assert config.site_for(site.origins[0]) is site


def test_file_values_lose_to_variables_and_flags(tmp_path: Path) -> None:
    path = _write(tmp_path, TWO_SITES)
    config = load_config(path, environ={"BARRIERFREE_SPEECH_MAX_CHARS": "200"})
    assert config.settings.speech_max_chars == 200
    assert config.settings.cache_backend == "memory"
    flags = load_config(path, overrides={"speech_max_chars": 100}, environ={})
    assert flags.settings.speech_max_chars == 100
    assert load_config(path, environ={}).settings.speech_max_chars == 300


BAD = [
    (
        "[[site]]\nname = 'a'\norigins = ['https://a.gov.cn']\nscheme = 'pink'\n",
        4,
        "site 'a'.scheme",
    ),
    (
        "[[site]]\nname = 'a'\norigins = ['https://a.gov.cn']\n\n[[site]]\nname = 'b'\n\norigins = ['a.gov.cn']\n",
        8,
        "site 'b'.origins",
    ),
    ("[service]\nport = 'eighty'\n", 2, "service.port"),
    ("[service]\nno_such_setting = 1\n", 2, "service.no_such_setting"),
    ("[[site]]\nname = 'a'\norigins = ['https://a.gov.cn']\ncolour = 'x'\n", 4, "site[0].colour"),
    (
        "[[site]]\nname = 'a'\norigins = ['https://a.gov.cn']\npinyin_words = { '单于' = 'chan' }\n",
        4,
        "pinyin_words",
    ),
    (
        "[[site]]\nname = 'a'\norigins = ['https://a.gov.cn']\n[[site]]\nname = 'a'\norigins = ['https://b.gov.cn']\n",
        5,
        "used twice",
    ),
    (
        "[[site]]\nname = 'a'\norigins = ['https://a.gov.cn']\n[[site]]\nname = 'b'\norigins = ['https://a.gov.cn']\n",
        6,
        "already belongs",
    ),
    ("[[site]]\nname = 'a'\n", 1, "origins: missing"),
    ("[[site]]\nname = 'a'\norigins = ['https://a.gov.cn'\n", 3, "not valid TOML"),
    ("[sites]\nx = 1\n", 1, "unknown table"),
]


@pytest.mark.parametrize(("text", "line", "says"), BAD)
def test_invalid_configuration_names_the_key_and_line(
    tmp_path: Path, text: str, line: int, says: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigurationError) as err:
        load_config(path, environ={})
    assert err.value.message.startswith(f"{path}:{line}: ")
    assert says in err.value.message


def test_serve_refuses_to_start_with_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "[[site]]\nname = 'a'\norigins = ['https://a.gov.cn']\nlang = 'fr'\n")
    assert cli_main(["serve", "--config", path, "--get", "/healthz"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4: site 'a'.lang: must be zh or en" in err


def test_each_site_gets_its_own_settings(tmp_path: Path) -> None:
    # (espeak-ng, as in tests/conftest.py: the app warms its speech engine and waits for that)
    config = load_config(
        _write(tmp_path, TWO_SITES), overrides={"speech_engine": "espeak"}, environ={}
    )
    with TestClient(create_app(config)) as c:
        city = c.get("/api/site", headers={"Origin": "https://www.city.gov.cn"}).json()["site"]
        assert city == {
            "name": "city",
            "lang": "zh",
            "voice": "cmn",
            "scheme": "yellow",
            "link_allow": ["*.city.gov.cn"],
            "pinyin_words": {"乐清": "yuè qīng", "丽水": "lí shuǐ"},
        }
        en = c.get("/api/site", params={"origin": "https://en.province.gov.cn"}).json()["site"]
        assert en["lang"] == "en" and en["scheme"] == "original"
        assert c.get("/api/site", headers={"Origin": "https://evil.example"}).json() == {
            "site": None
        }

        # CORS: each site's cors_origins, nobody else (the default * is off once sites are listed)
        def cors(origin: str) -> str | None:
            r = c.get("/assist.js", headers={"Origin": origin})
            return r.headers.get("access-control-allow-origin")

        assert cors("https://www.city.gov.cn") == "https://www.city.gov.cn"
        assert cors("https://cdn.province.gov.cn") == "https://cdn.province.gov.cn"
        assert cors("https://evil.example") is None
        pre = c.options(
            "/api/pinyin",
            headers={
                "Origin": "https://en.province.gov.cn",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert pre.status_code == 200

        # custom pinyin words of the calling site, not of another
        def reading(origin: str) -> list[str | None]:
            r = c.post("/api/pinyin", json={"segments": ["乐清"]}, headers={"Origin": origin})
            return r.json()["segments"][0]  # type: ignore[no-any-return]

        assert reading("https://www.city.gov.cn") == ["yuè", "qīng"]
        assert reading("https://en.province.gov.cn") == ["lè", "qīng"]


def test_reload_takes_new_sites_and_keeps_the_last_good_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, TWO_SITES)
    watcher = ConfigWatcher(load_config(path, environ={}))
    assert not watcher.check()  # unchanged
    Path(path).write_text(TWO_SITES.replace('scheme = "yellow"', 'scheme = "black"'), "utf-8")
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert watcher.check()
    site = watcher.config.site_for("https://www.city.gov.cn")
    assert site is not None and site.scheme == "black"

    Path(path).write_text(TWO_SITES.replace('scheme = "yellow"', 'scheme = "mauve"'), "utf-8")
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert not watcher.check()
    site = watcher.config.site_for("https://www.city.gov.cn")
    assert site is not None and site.scheme == "black"  # the last good configuration
    assert "mauve" in watcher.last_error and ":11: " in watcher.last_error
    assert any(getattr(r, "event", "") == "config_rejected" for r in caplog.records)


def test_config_object_without_file_is_the_single_site_case() -> None:
    config = Config.from_settings(Settings({"cors_origins": "https://a.gov.cn"}, environ={}))
    assert config.sites == () and config.cors_allows("https://a.gov.cn")
    assert not config.cors_allows("https://b.gov.cn")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGHUP")
def test_running_server_reloads_on_sighup_and_survives_a_bad_file(tmp_path: Path) -> None:
    path = _write(tmp_path, TWO_SITES)
    replica = Replica(
        {"BARRIERFREE_CONFIG": path, "BARRIERFREE_LOG_LEVEL": "warning"}, tmp_path / "log"
    ).start()
    try:

        def scheme() -> str:
            r = httpx.get(
                replica.url + "/api/site",
                params={"origin": "https://www.city.gov.cn"},
                timeout=30,
            )
            return str(r.json()["site"]["scheme"])

        assert scheme() == "yellow"
        # same size and mtime second: only SIGHUP can tell
        Path(path).write_text(TWO_SITES.replace('"yellow"', '"blue"  '), "utf-8")
        assert replica.proc is not None
        replica.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while scheme() != "blue" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert scheme() == "blue"
        Path(path).write_text("[[site]\nbroken", "utf-8")
        replica.proc.send_signal(signal.SIGHUP)
        # the bad file was read (and refused) once the log says so
        deadline = time.monotonic() + 10
        while (
            "configuration not reloaded" not in (tmp_path / "log").read_text()
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        assert "configuration not reloaded" in (tmp_path / "log").read_text()
        assert replica.proc.poll() is None and scheme() == "blue"
    finally:
        replica.stop()
    assert replica.proc.returncode == 0 or replica.proc.returncode == -signal.SIGTERM


def test_serve_help_lists_config() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "barrierfree", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "--config" in out.stdout and "BARRIERFREE_CONFIG" in out.stdout
