"""Load: 200 concurrent clients for 60 s over a realistic mix, on loopback; and cache-hit audio
served by the service against nginx serving the same bytes as static files.

    .venv/bin/python benchmarks/load.py [--clients 200] [--seconds 60] [--workers 2]

The service runs as an operator would run it (``barrierfree serve``, uvicorn workers, the disk
cache, JSON logs at warning level); the per-client rate limit is off because every simulated
visitor comes from 127.0.0.1.  One aiohttp process plays the visitors, each looping over the
mix with no think time:

* toolbar files (``/assist.js`` and its versioned modules) ......... 30 %
* speech hits (sentence audio already in the cache, by address) ..... 30 %
* speech misses (a sentence never asked before) ..................... 5 %
* 连读 plans (``/api/speech/plan``) .................................. 5 %
* pinyin batches (``/api/pinyin``) .................................. 20 %
* easy reading (``/api/read`` of a real government page) ............ 10 %

Reported: answers by status (429/503 from the synthesis queue are deliberate back-pressure;
anything else is an error), p50/p99 latency overall and per kind, throughput, and the server's
memory (RSS of all its processes) sampled each second.

Then, for ``--compare-seconds`` each, the same clients fetch only cache-hit audio: once from
the service (``/api/speech/audio/<digest>.mp3?…``), once from nginx serving the identical MP3
bytes as static files; the ratio of the two throughputs is printed.  The client shares the
machine's cores with the servers, so absolute numbers are a floor; the ratio is the point.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import httpx

REPO = Path(__file__).resolve().parent.parent
PAGES = sorted((REPO / "benchmarks" / "data" / "reader" / "zh" / "html").glob("*.html"))

SENTENCES = [
    "市人民政府办公厅关于印发二〇二四年重点工作任务分工的通知。",
    "各区县人民政府，市政府各部门，各有关单位。",
    "经市人民政府同意，现将有关事项通知如下。",
    "请结合实际，认真贯彻落实。",
    "办理时间为工作日上午九点至下午五点。",
    "咨询电话：12345。",
    "本通知自印发之日起施行。",
    "银行行长说，这件事很重要。",
    "老年人可以通过社区服务中心预约上门服务。",
    "残疾人证的申领，须本人持身份证到户籍所在地办理。",
]
PINYIN_SEGMENTS = [
    ["银行行长说：", "这件事很重要。"],
    ["重庆市长寿区", "人民政府"],
    ["关于做好2024年春节期间", "安全生产工作的通知"],
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and its children (uvicorn's workers)."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class MemorySampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self.stop.wait(1.0):
            self.samples.append((time.monotonic() - start, tree_rss(self.pid)))


NGINX = """\
worker_processes 1;
user root;
pid {d}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;
    uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
    types {{ audio/mpeg mp3; }}
    server {{
        listen 127.0.0.1:{port};
        root {d}/www;
        location /audio/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    }}
}}
"""


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: Counter[tuple[str, int]] = Counter()

    def add(self, kind: str, status: int, seconds: float) -> None:
        self.latency[kind].append(seconds)
        self.status[(kind, status)] += 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def run_clients(
    clients: int, seconds: float, pick: object, stats: Stats, timeout: float = 60
) -> float:
    """``clients`` coroutines loop ``pick(session, i)`` for ``seconds``; returns elapsed."""
    conn = aiohttp.TCPConnector(limit=clients, force_close=False)
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession(
        connector=conn, timeout=aiohttp.ClientTimeout(total=timeout)
    ) as session:

        async def client(n: int) -> None:
            rnd = random.Random(n)
            i = 0
            while time.monotonic() < deadline:
                kind, method, url, body = pick(rnd, n, i)  # type: ignore[operator]
                i += 1
                t0 = time.perf_counter()
                try:
                    async with session.request(method, url, json=body) as r:
                        await r.read()
                        status = r.status
                except (TimeoutError, aiohttp.ClientError):
                    status = 0
                stats.add(kind, status, time.perf_counter() - t0)

        started = time.monotonic()
        await asyncio.gather(*(client(n) for n in range(clients)))
        return time.monotonic() - started


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--compare-seconds", type=float, default=15)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bf-load-"))
    port = free_port()
    env = {
        **os.environ,
        "BARRIERFREE_PORT": str(port),
        "BARRIERFREE_WORKERS": str(args.workers),
        "BARRIERFREE_CACHE_BACKEND": "disk",
        "BARRIERFREE_CACHE_DIR": str(work / "cache"),
        "BARRIERFREE_RATE_LIMIT": "",
        "BARRIERFREE_LOG_LEVEL": "warning",
        "BARRIERFREE_DEMO": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(work / "prom"),
    }
    (work / "prom").mkdir()
    log = open(work / "server.log", "wb")  # noqa: SIM115 (closed in the finally below)
    server = subprocess.Popen(
        [sys.executable, "-m", "barrierfree", "serve"], env=env, stdout=log, stderr=log
    )
    nginx = None
    try:
        wait_port(port)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as c:
            # the toolbar's files, as a browser would find them
            assist = c.get("/assist.js").text
            version = assist.split('const VERSION = "')[1].split('"')[0]
            modules = [
                f"/static/{version}/toolbar/{p}"
                for p in (
                    "core.js",
                    "features/zoom.js",
                    "features/colors.js",
                    "features/speech.js",
                    "features/pinyin.js",
                    "labels.js",
                )
            ]
            for m in modules:
                assert c.get(m).status_code == 200, m
            # cached sentences, by their immutable address (what 连读 fetches)
            plan = c.post("/api/speech/plan", json={"text": "".join(SENTENCES)}).json()
            audio_urls = [s["url"] for s in plan["sentences"]]
            for u in audio_urls:
                assert c.get(u).status_code == 200
            c.post("/api/pinyin", json={"segments": PINYIN_SEGMENTS[0]})
            pages = [p.read_text("utf-8", "replace") for p in PAGES[:8]]
            for html in pages[:2]:
                c.post("/api/read", json={"html": html})
        rss_before = tree_rss(server.pid)

        miss_counter = [0]

        def pick(rnd: random.Random, n: int, i: int) -> tuple[str, str, str, object]:
            x = rnd.random()
            if x < 0.25:
                return "toolbar", "GET", base + rnd.choice(modules), None
            if x < 0.30:
                return "toolbar", "GET", base + "/assist.js", None
            if x < 0.60:
                return "speech hit", "GET", base + rnd.choice(audio_urls), None
            if x < 0.65:
                miss_counter[0] += 1
                text = f"第{miss_counter[0]}号通知已经发布，请各单位查收。"
                return "speech miss", "GET", base + "/api/speech?text=" + text, None
            if x < 0.70:
                text = "".join(rnd.sample(SENTENCES, 4))
                return "plan", "POST", base + "/api/speech/plan", {"text": text}
            if x < 0.90:
                return (
                    "pinyin",
                    "POST",
                    base + "/api/pinyin",
                    {"segments": rnd.choice(PINYIN_SEGMENTS)},
                )
            return "reader", "POST", base + "/api/read", {"html": rnd.choice(pages)}

        sampler = MemorySampler(server.pid)
        sampler.start()
        stats = Stats()
        elapsed = asyncio.run(run_clients(args.clients, args.seconds, pick, stats))
        sampler.stop.set()
        sampler.join()
        rss_after = tree_rss(server.pid)

        total = sum(stats.status.values())
        every = [v for vs in stats.latency.values() for v in vs]
        print(f"# mixed load: {args.clients} clients, {elapsed:.0f} s, {args.workers} workers")
        print(f"requests: {total}  throughput: {total / elapsed:.0f} req/s")
        print(
            f"latency all: p50 {pct(every, 0.5) * 1000:.0f} ms  p99 {pct(every, 0.99) * 1000:.0f} ms"
        )
        print("| kind | requests | p50 ms | p99 ms | statuses |")
        print("|---|---|---|---|---|")
        for kind in sorted(stats.latency):
            lat = stats.latency[kind]
            statuses = ", ".join(
                f"{s}×{n}" for (k, s), n in sorted(stats.status.items()) if k == kind
            )
            print(
                f"| {kind} | {len(lat)} | {pct(lat, 0.5) * 1000:.0f} | {pct(lat, 0.99) * 1000:.0f} | {statuses} |"
            )
        errors = {(k, s): n for (k, s), n in stats.status.items() if s not in (200, 429, 503)}
        deliberate = sum(n for (k, s), n in stats.status.items() if s in (429, 503))
        print(f"errors (not 200/429/503): {sum(errors.values())} {errors or ''}")
        print(f"deliberate back-pressure (429/503): {deliberate}")
        peak = max((r for _, r in sampler.samples), default=rss_after)
        print(
            f"server memory (all processes): before {rss_before / 2**20:.0f} MiB, "
            f"peak {peak / 2**20:.0f} MiB, after {rss_after / 2**20:.0f} MiB"
        )
        if sampler.samples:
            half = len(sampler.samples) // 2
            first = max(r for _, r in sampler.samples[: half or 1])
            second = max(r for _, r in sampler.samples[half:] or sampler.samples)
            print(
                f"memory peak, first half {first / 2**20:.0f} MiB vs second half "
                f"{second / 2**20:.0f} MiB (bounded: no growth with time)"
            )

        # cache-hit audio: service vs nginx serving the same bytes
        www = work / "www" / "audio"
        www.mkdir(parents=True)
        static_urls = []
        with httpx.Client(base_url=base, timeout=60) as c:
            for u in audio_urls:
                data = c.get(u).content
                name = urlsplit(u).path.rsplit("/", 1)[1]
                (www / name).write_bytes(data)
                static_urls.append(f"/audio/{name}")
        nport = free_port()
        (work / "nginx.conf").write_text(NGINX.format(d=work, port=nport))
        nginx_exe = shutil.which("nginx") or "/usr/sbin/nginx"
        nginx = subprocess.Popen(
            [
                nginx_exe,
                "-p",
                str(work),
                "-c",
                str(work / "nginx.conf"),
                "-e",
                str(work / "nginx.err"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(nport)
        nbase = f"http://127.0.0.1:{nport}"
        sizes = sum((www / Path(u).name).stat().st_size for u in static_urls) / len(static_urls)

        def hits(prefix: str, urls: list[str]):  # type: ignore[no-untyped-def]
            return lambda rnd, n, i: ("audio", "GET", prefix + rnd.choice(urls), None)

        results = {}
        for name, prefix, urls in (("service", base, audio_urls), ("nginx", nbase, static_urls)):
            st = Stats()
            secs = asyncio.run(
                run_clients(args.clients, args.compare_seconds, hits(prefix, urls), st)
            )
            n = sum(st.status.values())
            ok = st.status[("audio", 200)]
            results[name] = (
                ok / secs,
                pct(st.latency["audio"], 0.5),
                pct(st.latency["audio"], 0.99),
                n - ok,
            )
        print(
            f"\n# cache-hit audio ({len(audio_urls)} sentences, {sizes / 1024:.1f} KiB each on average), {args.clients} clients, {args.compare_seconds:.0f} s each"
        )
        print("| server | req/s | p50 ms | p99 ms | non-200 |")
        print("|---|---|---|---|---|")
        for name, (rps, p50, p99, bad) in results.items():
            print(f"| {name} | {rps:.0f} | {p50 * 1000:.0f} | {p99 * 1000:.0f} | {bad} |")
        print(f"ratio service/nginx throughput: {results['service'][0] / results['nginx'][0]:.2f}")
        return 1 if errors else 0
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
