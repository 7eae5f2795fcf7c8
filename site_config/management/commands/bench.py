"""`manage.py bench` (`make bench`): the site's pages against a bare view, at 1,000 and
10,000 rows, in production mode.

For each size: a PostgreSQL database of its own (`guildhall_bench_<N>`, kept for reruns),
migrated and filled by `bench_seed`; gunicorn with the production settings (DEBUG off,
2 sync workers, Redis cache, `BENCH=1` for `/bench/baseline/`); then wrk (Debian's) from
a second process on loopback, at 1 and 16 concurrent clients, against the baseline and
every page. CPU per request comes from the workers' own CPU time (/proc), queries from
the `X-Bench-Queries` header. Last, 50 employers bid on one auction for 30 s.
Writes docs/benchmarks.md. Too slow for `make test`; tests/test_bench.py checks its parts.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PORT = 8105
CSRF_SECRET = "b" * 32

# (name, path, who): `who` is "anon", "student" or "employer". Paths may name the ids
# bench_seed --targets returns.
PAGES = [
    ("home", "/", "anon"),
    ("board", "/board/", "anon"),
    ("board, a category", "/board/?category=healers", "anon"),
    ("board, page 20", "/board/?page=20", "anon"),
    ("an ad", "/board/ads/{ad}/", "anon"),
    ("internships", "/internships/", "anon"),
    ("jobs", "/jobs/", "anon"),
    ("auctions", "/auctions/", "anon"),
    ("organizations", "/organizations/", "anon"),
    ("courses", "/courses/", "anon"),
    ("a course", "/courses/{course}/", "anon"),
    ("blogs", "/blogs/", "anon"),
    ("popular blog posts", "/blogs/popular/", "anon"),
    ("a blog post", "/blogs/{blog_post}/", "anon"),
    ("forums", "/forums/", "anon"),
    ("a forum", "/forums/{forum}/", "anon"),
    ("a thread", "/forums/{thread_forum}/threads/{thread}/", "anon"),
    ("videos", "/videos/", "anon"),
    ("board (logged in)", "/board/", "student"),
    ("responses to my ads", "/board/responses/", "student"),
    ("my applications", "/applications/", "student"),
    ("users", "/users/", "student"),
    ("courses (logged in)", "/courses/", "student"),
    ("my courses", "/my/courses/", "student"),
    ("chats", "/chats/", "student"),
    ("applicants table", "/internships/{posting}/applications/", "employer"),
    ("an auction", "/auctions/{auction}/", "employer"),
    ("an auction's live update", "/auctions/{auction}/live/", "employer"),
]
BUDGETS = {"anon": (0.25, 100.0), "student": (0.10, 150.0), "employer": (0.10, 150.0)}

LUA_REPORT = """
done = function(summary, latency, requests)
  local out = {requests = summary.requests, duration_us = summary.duration,
    bytes = summary.bytes, errors_status = summary.errors.status,
    errors_other = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    p50 = latency:percentile(50), p95 = latency:percentile(95), p99 = latency:percentile(99)}
  local parts = {}
  for k, v in pairs(out) do parts[#parts + 1] = string.format('"%s": %d', k, v) end
  io.write("WRK_JSON {" .. table.concat(parts, ", ") .. "}\\n")
end
"""

LUA_BIDS = """
local bidders = {BIDDERS}
local counter = 0
local thread_no = 0
setup = function(thread) thread:set("thread_no", thread_no); thread_no = thread_no + 1 end
request = function()
  counter = counter + 1
  local bidder = bidders[(counter * 7 + thread_no) % #bidders + 1]
  local amount = {START} + (counter * 2 + thread_no) * {STEP}
  local body = "amount=" .. amount .. "&posting=" .. bidder.posting .. "&message=&seen_best="
  return wrk.format("POST", "{PATH}", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sessionid=" .. bidder.session .. "; csrftoken={CSRF}",
    ["X-CSRFToken"] = "{CSRF}",
  }, body)
end
"""


@dataclass
class Result:
    name: str
    path: str
    who: str
    clients: int
    rps: float
    p50: float
    p95: float
    p99: float
    cpu_ms: float
    queries: int
    bytes: int
    errors: int
    ratio: float = 0.0
    extra: dict = field(default_factory=dict)


def _pg_url(database: str) -> str:
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    return f"{base.rstrip('/')}/{database}"


def _worker_cpu_seconds(master_pid: int) -> float:
    """User + system CPU time of the gunicorn master's workers, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def parse_wrk(output: str) -> dict:
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON ") :])
    raise CommandError(f"wrk gave no report:\n{output}")


def render_markdown(*, runs: dict[int, list[Result]], machine: str, bids: dict | None) -> str:
    """docs/benchmarks.md: one table per size, the 1k→10k comparison, the bid run."""
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`manage.py bench`): gunicorn with the production settings",
        "(DEBUG off, 2 sync workers) on PostgreSQL + Redis, wrk on loopback from a second",
        "process, each page for a few seconds at 1 and 16 concurrent clients. *ratio* is the",
        "page's requests/s over the bare view's (`/bench/baseline/`) in the same run;",
        "*CPU ms* is the workers' CPU time per request; *queries* per request.",
        "",
        f"Machine: {machine}",
        "",
        "Budgets (issue 10, at 16 clients): anonymous pages ≥ 25 % of the baseline and",
        "p95 ≤ 100 ms; logged-in pages ≥ 10 % and p95 ≤ 150 ms; 10,000 rows no more than",
        "15 % slower than 1,000.",
        "",
    ]
    for size, results in runs.items():
        lines += [
            "## {} ads".format(f"{size:,}".replace(",", " ")),
            "",
            "| page | who | clients | req/s | ratio | p50 ms | p95 ms | p99 ms | CPU ms "
            "| queries | KB | budget |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results:
            verdict = ""
            if r.clients == 16 and r.who != "baseline":
                share, p95 = BUDGETS[r.who]
                verdict = "ok" if r.ratio >= share and r.p95 <= p95 and not r.errors else "MISS"
            lines.append(
                f"| {r.name} | {r.who} | {r.clients} | {r.rps:.0f} | {r.ratio:.0%} | "
                f"{r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.cpu_ms:.1f} | {r.queries} | "
                f"{r.bytes / 1024:.1f} | {verdict} |"
            )
        lines.append("")
    sizes = sorted(runs)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        lines += [
            "## {} vs {} ads (16 clients, CPU ms per request)".format(
                f"{small:,}".replace(",", " "), f"{large:,}".replace(",", " ")
            ),
            "",
            "| page | CPU ms small | CPU ms large | change | req/s small | req/s large |",
            "|---|---|---|---|---|---|",
        ]
        by_small = {(r.name, r.clients): r for r in runs[small]}
        for r in runs[large]:
            if r.clients != 16 or (r.name, 16) not in by_small:
                continue
            s = by_small[(r.name, 16)]
            change = (r.cpu_ms - s.cpu_ms) / s.cpu_ms if s.cpu_ms else 0.0
            lines.append(
                f"| {r.name} | {s.cpu_ms:.1f} | {r.cpu_ms:.1f} | {change:+.0%} | "
                f"{s.rps:.0f} | {r.rps:.0f} |"
            )
        lines.append("")
    if bids:
        lines += [
            "## Bids: 50 employers on one auction",
            "",
            f"{bids['seconds']} s at 16 connections: {bids['requests']} bid requests, "
            f"{bids['accepted']} bids accepted ({bids['accepted_per_s']:.1f}/s), "
            f"p95 {bids['p95']:.1f} ms.",
            "",
            "Invariants afterwards: " + ("all hold" if bids["ok"] else "BROKEN") + ".",
            "",
            *[f"- {name}: {'yes' if held else 'NO'}" for name, held in bids["checks"].items()],
            "",
        ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Benchmark the pages against a bare view at 1,000 and 10,000 rows (slow)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,10000", help="Ad counts, comma-separated.")
        parser.add_argument("--duration", type=int, default=5, help="Seconds per wrk run.")
        parser.add_argument("--clients", default="1,16", help="Concurrencies to run.")
        parser.add_argument("--bid-seconds", type=int, default=30)
        parser.add_argument("--fresh", action="store_true", help="Re-create the databases.")
        parser.add_argument("--output", default=str(settings.BASE_DIR / "docs/benchmarks.md"))

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk")
        self.python = sys.executable
        self.manage = str(settings.BASE_DIR / "manage.py")
        self.duration = options["duration"]
        self.clients = [int(c) for c in options["clients"].split(",")]
        self.static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
        sizes = [int(size) for size in options["sizes"].split(",")]
        runs: dict[int, list[Result]] = {}
        bids = None
        for size in sizes:
            env = self._env(size)
            self._prepare(size, env, fresh=options["fresh"])
            targets = json.loads(self._manage(env, "bench_seed", "--targets").splitlines()[-1])
            server = self._server = self._start(env)
            try:
                runs[size] = self._pages(targets)
                if size == sizes[-1] and options["bid_seconds"]:
                    bids = self._bids(env, targets, seconds=options["bid_seconds"])
            finally:
                self._stop(server)
            self.stdout.write(render_markdown(runs={size: runs[size]}, machine="", bids=None))
        machine = (
            f"{platform.node() or 'unknown'}, {os.cpu_count()} cores, {platform.platform()}, "
            f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
        )
        text = render_markdown(runs=runs, machine=machine, bids=bids)
        Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Written to {options['output']}"))

    # ---- the server

    def _env(self, size: int) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "TEST_DB_NAME", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DEBUG="0",
            SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=_pg_url(f"guildhall_bench_{size}"),
            REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
            CACHE_PREFIX=f"bench{size}",
            HUEY_NAME=f"bench{size}",
            BENCH="1",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            STATIC_ROOT=str(self.static_root),
            LOG_LEVEL="WARNING",
        )
        return env

    def _manage(self, env: dict, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own manage.py
            [self.python, self.manage, *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise CommandError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def _prepare(self, size: int, env: dict, *, fresh: bool) -> None:
        import psycopg

        name = f"guildhall_bench_{size}"
        with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and fresh:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        self.stdout.write(f"[{size}] migrate, seed, collect static files…")
        self._manage(env, "migrate", "--noinput", "-v", "0")
        self.stdout.write(self._manage(env, "bench_seed", "--ads", str(size)).strip())
        if not any(self.static_root.iterdir()):
            self._manage(env, "collectstatic", "--noinput", "-v", "0")
        # Fresh statistics, as autovacuum would have them on a live site.
        with psycopg.connect(_pg_url(name), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")

    def _start(self, env: dict) -> subprocess.Popen:
        gunicorn = str(Path(self.python).with_name("gunicorn"))
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn
            [
                gunicorn,
                "site_config.wsgi:application",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=10):
                    return server
            except OSError:  # not listening yet, or still importing
                time.sleep(0.3)
        server.terminate()
        raise CommandError("gunicorn did not start")

    def _stop(self, server: subprocess.Popen) -> None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    # ---- the measurements

    def _headers(self, who: str, targets: dict) -> dict:
        cookie = f"csrftoken={CSRF_SECRET}"
        if who in ("student", "employer"):
            cookie = f"sessionid={targets[who]}; {cookie}"
        return {"Cookie": cookie}

    def _probe(self, path: str, headers: dict) -> tuple[int, int]:
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body = response.read()
            if response.status != 200:
                raise CommandError(f"{path}: status {response.status}")
            return int(response.headers.get("X-Bench-Queries", "0")), len(body)

    def _wrk(self, path: str, headers: dict, clients: int, seconds: int, script: str) -> dict:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(script)
        command = ["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds}s"]
        for key, value in headers.items():
            command += ["-H", f"{key}: {value}"]
        command += ["-s", lua.name, "--timeout", "10s", f"http://127.0.0.1:{PORT}{path}"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        finally:
            os.unlink(lua.name)
        return parse_wrk(done.stdout)

    def _measure(self, name, path, who, targets, server_pid) -> list[Result]:
        headers = self._headers(who, targets)
        for _ in range(5):  # warm the workers' caches
            queries, size = self._probe(path, headers)
        results = []
        for clients in self.clients:
            before = _worker_cpu_seconds(server_pid)
            report = self._wrk(path, headers, clients, self.duration, LUA_REPORT)
            cpu = _worker_cpu_seconds(server_pid) - before
            count = max(report["requests"], 1)
            results.append(
                Result(
                    name=name,
                    path=path,
                    who=who,
                    clients=clients,
                    rps=report["requests"] / (report["duration_us"] / 1e6),
                    p50=report["p50"] / 1000,
                    p95=report["p95"] / 1000,
                    p99=report["p99"] / 1000,
                    cpu_ms=cpu * 1000 / count,
                    queries=queries,
                    bytes=size,
                    errors=report["errors_status"] + report["errors_other"],
                )
            )
        return results

    def _pages(self, targets: dict) -> list[Result]:
        pid = self._server_pid
        baseline = self._measure("baseline", "/bench/baseline/", "baseline", targets, pid)
        base_rps = {r.clients: r.rps for r in baseline}
        results = list(baseline)
        for name, path, who in PAGES:
            path = path.format(**targets)
            try:
                measured = self._measure(name, path, who, targets, pid)
            except (CommandError, urllib.error.HTTPError) as error:
                self.stderr.write(f"{name} ({path}): {error}")
                continue
            for r in measured:
                r.ratio = r.rps / base_rps[r.clients] if base_rps.get(r.clients) else 0
                self.stdout.write(
                    f"  {name:<28} c={r.clients:<3} {r.rps:7.0f} req/s  {r.ratio:5.0%}  "
                    f"p95 {r.p95:6.1f} ms  CPU {r.cpu_ms:5.1f} ms  q={r.queries}"
                )
            results += measured
        for r in baseline:
            r.ratio = 1.0
        return results

    def _bids(self, env: dict, targets: dict, *, seconds: int) -> dict:
        bidders = ", ".join(
            f'{{session = "{b["session"]}", posting = {b["posting"]}}}' for b in targets["bidders"]
        )
        auction = targets["bid_auction"]
        path = f"/auctions/{auction}/bid/"
        script = (
            LUA_BIDS.replace("{BIDDERS}", "{" + bidders + "}")
            .replace("{START}", "200000")
            .replace("{STEP}", "1000")
            .replace("{PATH}", path)
            .replace("{CSRF}", CSRF_SECRET)
            + LUA_REPORT
        )
        before = self._bid_state(env, auction)
        report = self._wrk(path, {}, 16, seconds, script)
        after = self._bid_state(env, auction)
        accepted = after["bids"] - before["bids"]
        checks = {
            "the best amount is the highest bid": after["best_amount"] == after["max_amount"],
            "the best bid is that bid": after["best_bid_amount"] == after["best_amount"],
            "bid_count counts every bid": after["bid_count"] == after["bids"],
            "each bid beats the one before by the step": after["increasing"],
        }
        return {
            "seconds": seconds,
            "requests": report["requests"],
            "accepted": accepted,
            "accepted_per_s": accepted / seconds,
            "p95": report["p95"] / 1000,
            "checks": checks,
            "ok": all(checks.values()),
        }

    def _bid_state(self, env: dict, auction_id: int) -> dict:
        code = (
            "import json\n"
            "from internships.models import Auction\n"
            f"a = Auction.objects.get(pk={auction_id})\n"
            "amounts = list(a.bids.order_by('created', 'id').values_list('amount', flat=True))\n"
            "print(json.dumps({'bids': len(amounts), 'bid_count': a.bid_count,\n"
            "  'best_amount': a.best_amount, 'max_amount': max(amounts, default=None),\n"
            "  'best_bid_amount': a.best_bid.amount if a.best_bid else None,\n"
            "  'increasing': all(b >= x + a.min_step for x, b in zip(amounts, amounts[1:]))}))\n"
        )
        return json.loads(self._manage(env, "shell", "-c", code).strip().splitlines()[-1])

    @property
    def _server_pid(self) -> int:
        return self._server.pid
