"""Compare the two ways to serve the site (README, "Serving it in production"): gunicorn
with the deploy config (2 sync workers) and one daphne process, on the same pages.

    DATABASE_URL=sqlite:///var/db.sqlite3 REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python scripts/serving_bench.py /healthz /forums/ /blogs/

Each server runs with production settings (LOCAL_PREVIEW=1: DEBUG off, plain HTTP) on the
database and Redis the environment names (run `manage.py seed_demo` on it first). Per
page: a warm-up, then REQUESTS requests from CONCURRENCY threads on 127.0.0.1 only. It
prints req/s, p50/p99 and the CPU time (user + system) of the server's processes per
request, which stays comparable when other jobs share the machine.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WARM_UP = 30


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children (gunicorn's workers)."""
    children = subprocess.run(  # noqa: S603
        ["/usr/bin/pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    total = 0
    for proc in [pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _get(port: int, path: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return time.perf_counter() - start


def _measure(name: str, command: list[str], port: int, paths: list[str], env: dict) -> None:
    server = subprocess.Popen(  # noqa: S603 - our own servers, on loopback
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        for path in paths:
            for _ in range(WARM_UP):
                _get(port, path)
            latencies: list[float] = []
            lock = threading.Lock()
            left = [REQUESTS]

            def worker(path=path, lock=lock, left=left, latencies=latencies):
                while True:
                    with lock:
                        if left[0] <= 0:
                            return
                        left[0] -= 1
                    took = _get(port, path)
                    with lock:
                        latencies.append(took)

            cpu, start = _tree_cpu(server.pid), time.perf_counter()
            threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall, cpu = time.perf_counter() - start, _tree_cpu(server.pid) - cpu
            latencies.sort()
            p50 = latencies[len(latencies) // 2] * 1000
            p99 = latencies[int(len(latencies) * 0.99)] * 1000
            print(
                f"{name:26} {path:12} {REQUESTS / wall:7.1f} req/s"
                f"  {cpu * 1000 / REQUESTS:6.1f} CPU ms/req  p50 {p50:5.0f} ms  p99 {p99:5.0f} ms",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    paths = sys.argv[1:] or ["/healthz", "/forums/", "/blogs/"]
    env = {
        **os.environ,
        "LOCAL_PREVIEW": "1",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "serving-bench-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "-w", "2"]
    gunicorn += ["-b", "127.0.0.1:8391", "site_config.wsgi"]
    _measure("gunicorn, 2 sync workers", gunicorn, 8391, paths, env)
    daphne = [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", "8392", "site_config.asgi:application"]
    _measure("daphne, 1 process", daphne, 8392, paths, env)


if __name__ == "__main__":
    main()
