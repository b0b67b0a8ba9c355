"""The example files of docs/deploy.md are loaded here, so they cannot rot.

(The TOML examples are loaded by tests/test_config.py, and the nginx proxy rules run in front
of two replicas in tests/test_replicas.py.)"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from barrierfree.cli import build_parser, settings_from_args
from barrierfree.settings import SETTINGS

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "docs" / "examples"


def _unit(path: Path) -> dict[str, list[str]]:
    """systemd unit → key: values (keys may repeat)."""
    out: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "[")):
            continue
        key, _, value = line.partition("=")
        out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_systemd_unit_runs_a_valid_serve_command() -> None:
    unit = _unit(EXAMPLES / "barrierfree.service")
    argv = shlex.split(unit["ExecStart"][0])
    assert argv[0].endswith("/barrierfree") and argv[1] == "serve"
    settings = settings_from_args(build_parser().parse_args(argv[1:]))
    assert settings.workers == 4 and settings.host == "127.0.0.1"
    envs = dict(e.split("=", 1) for e in unit["Environment"])
    known = {s.env for s in SETTINGS} | {"PROMETHEUS_MULTIPROC_DIR"}
    assert set(envs) <= known, set(envs) - known
    assert envs["BARRIERFREE_CONFIG"] == "/etc/barrierfree/barrierfree.toml"
    # stopping waits longer than the service's own graceful shutdown
    graceful = next(s.default for s in SETTINGS if s.name == "graceful_timeout")
    assert int(unit["TimeoutStopSec"][0]) > graceful


def test_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(exe).exists():
        pytest.fail("nginx is required (scripts/test installs Debian's nginx)")
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("assist.example.gov.cn")
    cert.private_key_pem.write_to_path(str(tmp_path / "privkey.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "fullchain.pem"))
    site = (EXAMPLES / "nginx" / "site.conf").read_text()
    site = site.replace("/etc/ssl/barrierfree", str(tmp_path)).replace(
        "/etc/nginx/snippets/barrierfree-proxy.conf", str(EXAMPLES / "nginx/barrierfree-proxy.conf")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    out = subprocess.run(
        [
            exe,
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "e.log"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    assert "test is successful" in out.stderr


def test_deploy_guide_names_every_example() -> None:
    guide = (REPO / "docs" / "deploy.md").read_text("utf-8")
    for path in EXAMPLES.rglob("*"):
        if path.is_file():
            assert str(path.relative_to(REPO)) in guide, path
