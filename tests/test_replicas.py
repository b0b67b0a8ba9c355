"""Running it for real, on loopback: nginx in front of two replicas sharing one redis-server.

* audio made through one replica is a cache hit through the other, and two replicas asked
  for the same new sentence at once synthesise it once;
* one replica killed with SIGKILL under load: clients keep being served through the other;
* Redis killed and restarted under load: no 5xx.

Bounded: a few seconds of load from a handful of client threads.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from .servers import RedisServer, Replica, free_port, wait_port

SNIPPET = Path(__file__).resolve().parent.parent / "docs/examples/nginx/barrierfree-proxy.conf"

NGINX_CONF = """\
worker_processes 1;
user root;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream barrierfree {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=30s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            # the deployment guide's own proxy rules (docs/examples/nginx)
            include {snippet};
        }}
    }}
}}
"""


class Nginx:
    def __init__(self, workdir: Path, upstreams: tuple[int, int]) -> None:
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(exe).exists():
            pytest.fail("nginx is required (scripts/test installs Debian's nginx)")
        self.exe = exe
        self.prefix = workdir
        self.port = free_port()
        self.conf = workdir / "nginx.conf"
        self.conf.write_text(
            NGINX_CONF.format(
                prefix=workdir, a=upstreams[0], b=upstreams[1], port=self.port, snippet=SNIPPET
            )
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Nginx:
        self.proc = subprocess.Popen(
            [
                self.exe,
                "-p",
                str(self.prefix),
                "-c",
                str(self.conf),
                "-e",
                str(self.prefix / "error.log"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port, 10, self.proc)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Cluster:
    def __init__(self, redis: RedisServer, a: Replica, b: Replica, nginx: Nginx) -> None:
        self.redis, self.a, self.b, self.nginx = redis, a, b, nginx


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One cluster for the module; the test that kills a replica runs last."""
    tmp_path = tmp_path_factory.mktemp("cluster")
    redis = RedisServer(tmp_path).start()
    env = {
        "BARRIERFREE_CACHE_BACKEND": "redis",
        "BARRIERFREE_REDIS_URL": redis.url,
        "BARRIERFREE_RATE_LIMIT": "",
        "BARRIERFREE_LOG_LEVEL": "warning",
        "BARRIERFREE_SPEECH_CONCURRENCY": "2",
    }
    a = Replica(env, tmp_path / "a.log")
    b = Replica(env, tmp_path / "b.log")
    started: list[Replica] = []
    nginx = None
    try:
        # start both at once: each takes a few seconds to load its dictionaries
        threads = [threading.Thread(target=r.start) for r in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        started = [a, b]
        for r in started:
            assert r.proc is not None and r.proc.poll() is None, (tmp_path / "a.log").read_text()
        nginx = Nginx(tmp_path, (a.port, b.port)).start()
        # warm both replicas (dictionaries, models, engine) so the load measures serving
        for r in started:
            with httpx.Client(base_url=r.url, timeout=60) as c:
                for request in _mix():
                    assert request(c).status_code == 200
        yield Cluster(redis, a, b, nginx)
    finally:
        if nginx is not None:
            nginx.stop()
        for r in (a, b):
            r.stop()
        redis.kill()


def _load(
    url: str,
    requests: list[Callable[[httpx.Client], httpx.Response]],
    stop: threading.Event,
    broken: list[tuple[float, float, httpx.HTTPError]] | None = None,
) -> Counter[int]:
    """Client threads looping over ``requests`` until ``stop``; counts statuses (0: no whole
    answer), and lists (started, ended, error) of those in ``broken``."""
    counts: Counter[int] = Counter()
    lock = threading.Lock()

    def client(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as c:
            i = offset
            while not stop.is_set():
                started = time.monotonic()
                try:
                    status = requests[i % len(requests)](c).status_code
                except httpx.HTTPError as exc:
                    status = 0  # no answer at all
                    if broken is not None:
                        broken.append((started, time.monotonic(), exc))
                with lock:
                    counts[status] += 1
                i += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    stop.wait()
    for t in threads:
        t.join()
    return counts


SENTENCES = ["一号楼。", "二号楼。", "三号楼。", "四号楼。", "五号楼。"]


def _mix() -> list[Callable[[httpx.Client], httpx.Response]]:
    out: list[Callable[[httpx.Client], httpx.Response]] = []
    for s in SENTENCES:
        out.append(lambda c, s=s: c.get("/api/speech", params={"text": s}))
    out.append(lambda c: c.post("/api/pinyin", json={"segments": ["银行行长"]}))
    out.append(lambda c: c.get("/assist.js"))
    out.append(lambda c: c.post("/api/speech/plan", json={"text": "第一句。第二句。"}))
    return out


def test_cache_is_shared_and_synthesis_single_flight(cluster: Cluster) -> None:
    first = httpx.get(cluster.a.url + "/api/speech", params={"text": "共享缓存。"}, timeout=30)
    assert first.status_code == 200 and first.headers["x-speech-cache"] == "miss"
    second = httpx.get(cluster.b.url + "/api/speech", params={"text": "共享缓存。"}, timeout=30)
    assert second.status_code == 200 and second.headers["x-speech-cache"] == "hit"
    assert second.content == first.content

    # no state in a process: a plan made by one replica is read aloud through the other
    plan = httpx.post(
        cluster.a.url + "/api/speech/plan", json={"text": "计划在甲。朗读在乙。"}, timeout=30
    ).json()
    for sentence in plan["sentences"]:
        audio = httpx.get(cluster.b.url + sentence["url"], timeout=30)
        assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"

    # both replicas asked at the same moment for a sentence neither has: one synthesises
    go = threading.Barrier(4)
    answers: list[httpx.Response] = []

    def ask(url: str) -> None:
        go.wait()
        answers.append(
            httpx.get(url + "/api/speech", params={"text": "同时请求的新句子。"}, timeout=30)
        )

    threads = [
        threading.Thread(target=ask, args=(u,))
        for u in (cluster.a.url, cluster.b.url, cluster.a.url, cluster.b.url)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in answers] == [200] * 4
    assert sorted(r.headers["x-speech-cache"] for r in answers) == ["hit", "hit", "hit", "miss"]
    assert len({r.content for r in answers}) == 1


def test_redis_killed_and_restarted_mid_load_no_5xx(cluster: Cluster) -> None:
    stop = threading.Event()
    result: dict[str, Counter[int]] = {}
    loader = threading.Thread(
        target=lambda: result.setdefault("c", _load(cluster.nginx.url, _mix(), stop))
    )
    loader.start()
    time.sleep(1.0)
    cluster.redis.kill()
    time.sleep(1.5)
    cluster.redis.start()
    time.sleep(2.5)
    stop.set()
    loader.join()
    counts = result["c"]
    assert sum(counts.values()) > 50
    assert not [s for s in counts if s >= 500 or s == 0], counts
    # and the cache works again (each replica retries Redis within a second): made now
    # through one replica, a hit through the other
    time.sleep(1.5)
    made = httpx.get(cluster.a.url + "/api/speech", params={"text": "恢复以后。"}, timeout=30)
    assert made.headers["x-speech-cache"] == "miss"
    hit = httpx.get(cluster.b.url + "/api/speech", params={"text": "恢复以后。"}, timeout=30)
    assert hit.headers["x-speech-cache"] == "hit"


def test_replica_killed_mid_load_clients_keep_being_served(cluster: Cluster) -> None:
    for s in SENTENCES:  # warm: half the mix is cache hits
        httpx.get(cluster.nginx.url + "/api/speech", params={"text": s}, timeout=30)
    stop = threading.Event()
    result: dict[str, Counter[int]] = {}
    broken: list[tuple[float, float, httpx.HTTPError]] = []
    loader = threading.Thread(
        target=lambda: result.setdefault("c", _load(cluster.nginx.url, _mix(), stop, broken))
    )
    loader.start()
    time.sleep(1.5)
    killing = time.monotonic()
    cluster.a.kill()
    killed_at = time.monotonic()
    time.sleep(2.5)
    after = [
        httpx.get(cluster.nginx.url + "/api/speech", params={"text": f"之后{i}。"}, timeout=30)
        for i in range(3)
    ]
    stop.set()
    loader.join()
    counts = result["c"]
    assert time.monotonic() - killed_at > 2
    assert sum(counts.values()) > 50
    # nginx retries a request the dead replica never answered; one whose answer had begun
    # (a streamed body cut by the kill) cannot be retried — the only loss allowed, and only
    # for requests in flight at that moment
    for started, ended, error in broken:
        assert started <= killed_at and ended >= killing, (started - killing, error)
        assert isinstance(error, httpx.RemoteProtocolError | httpx.ReadError), repr(error)
    assert counts[0] == len(broken) <= 2, counts
    assert set(counts) - {0} == {200}, counts
    assert [r.status_code for r in after] == [200, 200, 200]
