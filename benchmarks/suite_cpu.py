"""A pytest plugin that records each test's CPU time, chromium's processes included: every
test worker moves itself into a cgroup (v1 ``cpuacct``) of its own, so what it starts (the
browser, the servers) is counted with it; each test's row is the cgroup's usage before and
after it. Linux, as root. The result: one JSON file per worker in ``$SUITE_CPU_OUT``.

    mkdir -p /sys/fs/cgroup/cpuacct/suite && echo 0 > /sys/fs/cgroup/cpuacct/suite/cpuacct.usage
    echo $$ > /sys/fs/cgroup/cpuacct/suite/cgroup.procs   # this shell: the whole run's total
    PYTHONPATH=benchmarks SUITE_CPU_OUT=/tmp/suite-cpu \\
        .venv/bin/python -m pytest -n auto -p suite_cpu
    python benchmarks/suite_cpu.py /tmp/suite-cpu         # per file, then the 40 costliest tests
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CGROUPS = Path(os.environ.get("SUITE_CPU_CGROUP", "/sys/fs/cgroup/cpuacct/suite"))
_group: Path | None = None
_rows: list[tuple[str, float, float]] = []


def _usage() -> float:
    assert _group is not None
    return int((_group / "cpuacct.usage").read_text()) / 1e9


def pytest_configure(config: pytest.Config) -> None:
    global _group
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    _group = CGROUPS / worker
    _group.mkdir(parents=True, exist_ok=True)
    (_group / "cgroup.procs").write_text(str(os.getpid()))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    cpu, wall = _usage(), time.monotonic()
    yield
    _rows.append((item.nodeid, _usage() - cpu, time.monotonic() - wall))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _group is None:
        return
    out = Path(os.environ.get("SUITE_CPU_OUT", "suite-cpu"))
    out.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (out / f"{worker}.json").write_text(json.dumps({"rows": _rows, "total": _usage()}))


def report(folder: Path, top: int = 40) -> None:
    rows: list[tuple[str, float, float]] = []
    for f in sorted(folder.glob("*.json")):
        rows += [(str(n), float(c), float(w)) for n, c, w in json.loads(f.read_text())["rows"]]
    per_file: dict[str, float] = {}
    for node, cpu, _wall in rows:
        name = node.split("::")[0]
        per_file[name] = per_file.get(name, 0.0) + cpu
    print(f"{len(rows)} tests, {sum(r[1] for r in rows):.1f} CPU-s")
    for name, cpu in sorted(per_file.items(), key=lambda kv: -kv[1]):
        print(f"{cpu:8.1f}  {name}")
    print()
    for node, cpu, wall in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"{cpu:7.2f} CPU-s {wall:7.2f} s  {node}")


if __name__ == "__main__":
    report(Path(sys.argv[1]))
