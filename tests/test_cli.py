"""The `barrierfree` command: settings flags, one-shot requests, and a real `serve` process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from barrierfree.cli import build_parser, settings_from_args
from barrierfree.settings import SETTINGS

from .conftest import free_port


def test_every_setting_is_a_serve_flag() -> None:
    serve = build_parser()._subparsers._group_actions[0].choices["serve"]  # type: ignore[union-attr]
    help_text = serve.format_help()
    for s in SETTINGS:
        assert s.flag in help_text, s.flag
        assert s.env in help_text, s.env


def test_flags_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRIERFREE_PORT", "9100")
    monkeypatch.setenv("BARRIERFREE_WORKERS", "2")
    args = build_parser().parse_args(["serve", "--port", "9200", "--no-demo"])
    s = settings_from_args(args)
    assert s.port == 9200 and s.workers == 2 and s.demo is False


def test_bad_flag_value_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    from barrierfree.cli import main

    assert main(["serve", "--get", "/healthz", "--port", "eighty"]) == 2
    assert "port" in capsys.readouterr().err


def test_one_shot_get_reports_http_errors(capsys: pytest.CaptureFixture[str]) -> None:
    from barrierfree.cli import main

    # (espeak-ng, as in tests/conftest.py: the app warms its speech engine and waits for that)
    get = ["serve", "--get", "/nope", "--cache-backend", "memory", "--speech-engine", "espeak"]
    assert main(get) == 1
    assert '"not_found"' in capsys.readouterr().out


def test_demo_can_be_turned_off(capsys: pytest.CaptureFixture[str]) -> None:
    from barrierfree.cli import main

    get = ["serve", "--get", "/", "--no-demo", "--cache-backend", "memory"]
    assert main([*get, "--speech-engine", "espeak"]) == 1


def test_serve_runs_a_real_server_with_workers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    # espeak-ng: this is about workers, and each would otherwise load the neural model
    env = dict(
        os.environ,
        BARRIERFREE_CACHE_DIR=str(tmp_path / "cache"),
        BARRIERFREE_SPEECH_ENGINE="espeak",
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "barrierfree",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    # stop it first: reading a running server's stderr would wait forever
                    proc.kill()
                    _out, err = proc.communicate(timeout=20)
                    raise AssertionError(err.decode() or "the server did not start") from None
                time.sleep(0.2)
        assert r.json()["status"] == "ok"
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert page.status_code == 200
        assert '<script type="module" src="/assist.js"' in page.text
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
