"""Ack latency under load: the real `slackbot serve` next to a bare Bolt app, in the same run.

Both servers are started as an operator starts them and receive the same signed requests
(`/contact`, `/ask-draft`, an App Home button, a contact form submission, in turn) from
closed-loop workers, 1, 10, 50 and 100 in flight. The Slack stand-in runs in its own process
and answers every Web API call after 100 ms. Levels alternate between the two apps, and the
order flips each run, so drift on a shared machine hits both alike.

    .venv/bin/python -m benchmarks.ack_latency              # SQLite, 400 requests a level, 3 runs
    .venv/bin/python -m benchmarks.ack_latency --database-url postgresql://.../db
    .venv/bin/python -m benchmarks.ack_latency --quick      # smoke: seconds, no conclusions
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.common import (
    CACHE,
    ROOT,
    SIGNING_SECRET,
    Server,
    StandInProcess,
    free_port,
    machine,
    median,
    percentile,
    start_server,
    table,
)
from slackbot.blocks import ids
from slackbot.blocks.contacts import contact_modal
from slackbot.devtools.driver import Answer, SlackDriver
from slackbot.domain.contacts import ContactField

LEVELS = (1, 10, 50, 100)
KINDS = ("/contact", "/ask-draft", "home button", "contact form")
MEMBERS = [f"UBENCH{n:04d}" for n in range(50)]
HOME = {
    "id": "VBENCHHOME",
    "type": "home",
    "blocks": [
        {
            "type": "actions",
            "block_id": "quick",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.HOME_ADD_CONTACT,
                    "text": {"type": "plain_text", "text": "Log a contact"},
                }
            ],
        }
    ],
}


class RequestMaker:
    """Builds the signed requests Slack would send, with SlackDriver's payload shapes;
    fresh trigger ids come from the stand-in just before each request is sent."""

    def __init__(self, slack: StandInProcess, tag: str) -> None:
        self._captured: tuple[bytes, dict[str, str]] | None = None
        self._driver = SlackDriver(slack, SIGNING_SECRET, self._capture)  # type: ignore[arg-type]
        self._form = {**contact_modal(name=None, referrers=[]), "id": "VBENCHFORM"}
        self._tag = tag

    def _capture(self, body: bytes, headers: dict[str, str]) -> Answer:
        self._captured = (body, headers)
        return Answer(0, b"")  # nothing sent yet: the load generator sends it, timed

    def make(self, number: int) -> tuple[bytes, dict[str, str]]:
        user = MEMBERS[number % len(MEMBERS)]
        kind = KINDS[number % len(KINDS)]
        name = f"Bench {self._tag} {number}"
        if kind == "/contact":
            self._driver.command(user, "/contact", name)
        elif kind == "/ask-draft":
            self._driver.command(user, "/ask-draft", "Jane")
        elif kind == "home button":
            self._driver.click(user, ids.HOME_ADD_CONTACT, view=HOME)
        else:
            blocks = ids.CONTACT_BLOCKS
            answers = {blocks[ContactField.NAME]: name, blocks[ContactField.COMPANY]: "Acme"}
            self._driver.submit(user, self._form, answers)
        assert self._captured is not None
        return self._captured


@dataclass
class Level:
    app: str
    in_flight: int
    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    throughput: float  # requests per second
    errors: int  # non-200, field errors, timeouts
    slack_failures: list[tuple[str, str]] = field(default_factory=list)
    oldest_trigger_s: float = 0.0
    error_samples: list[str] = field(default_factory=list)
    cpu_ms_per_request: float = 0.0  # the server's CPU time, work after the acks included


class Connection:
    """A bare HTTP/1.1 keep-alive connection: the load generator shares the machine's two
    cores with the servers, so it spends as little as it can per request (httpx's pool
    cost grows with the connections open and skewed the figures at 100 in flight)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n{head}"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        status_line = await self._reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        content = await self._reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), content

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


async def _load(url: str, maker: RequestMaker, in_flight: int, count: int) -> Level:
    parts = urlsplit(url)
    numbers = itertools.count()
    times: list[float] = []
    errors = 0
    samples: list[str] = []

    async def worker() -> None:
        nonlocal errors
        connection = Connection(parts.hostname or "127.0.0.1", parts.port or 80)
        try:
            while (number := next(numbers)) < count:
                body, headers = maker.make(number)
                start = time.perf_counter()
                try:
                    status, content = await asyncio.wait_for(
                        connection.post(parts.path, body, headers), timeout=10
                    )
                    failed = status != 200 or b'"errors"' in content
                    outcome = f"{status} {content[:200].decode(errors='replace')}"
                except (OSError, TimeoutError, asyncio.IncompleteReadError) as error:
                    failed, outcome = True, repr(error)
                    connection.close()
                    connection = Connection(parts.hostname or "127.0.0.1", parts.port or 80)
                times.append(time.perf_counter() - start)
                errors += failed
                if failed and len(samples) < 5:
                    samples.append(outcome)
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    wall = time.perf_counter() - began
    ms = [t * 1000 for t in times]
    return Level(
        app="",
        in_flight=in_flight,
        count=count,
        p50_ms=percentile(ms, 50),
        p95_ms=percentile(ms, 95),
        p99_ms=percentile(ms, 99),
        max_ms=max(ms),
        throughput=count / wall,
        errors=errors,
        error_samples=samples,
    )


def run_level(
    server: Server, slack: StandInProcess, maker: RequestMaker, in_flight: int, count: int
) -> Level:
    before = slack.stats()
    cpu_before = server.cpu_seconds()
    level = asyncio.run(_load(server.events_url, maker, in_flight, count))
    slack.settle()  # the app's work after its acks ends before the next measurement
    after = slack.stats()
    level.app = server.name
    level.cpu_ms_per_request = (server.cpu_seconds() - cpu_before) * 1000 / count
    level.slack_failures = after["failures"][len(before["failures"]) :]
    ages = after["trigger_ages"][len(before["trigger_ages"]) :]
    level.oldest_trigger_s = max(ages, default=0.0)
    return level


def start_servers(
    slack: StandInProcess, database_url: str, workdir: Path, workers: int = 1
) -> list[Server]:
    env = {
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "SLACK_BOT_TOKEN": slack.token,
        **slack.env,
    }
    bare_port, parachute_port = free_port(), free_port()
    bare = start_server(
        "bare-bolt", ["-m", "benchmarks.bare_app", "--port", str(bare_port)], env, ROOT, bare_port
    )
    parachute = start_server(
        "parachute",
        ["-m", "slackbot", "serve", "--port", str(parachute_port)]
        + (["--workers", str(workers)] if workers > 1 else []),
        env | {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"},
        workdir,  # no .env from the repository
        parachute_port,
    )
    return [bare, parachute]


def summarize(levels: Sequence[Level], runs: int) -> tuple[str, list[dict[str, Any]]]:
    rows, records = [], []
    for in_flight in sorted({level.in_flight for level in levels}):
        per_app = {
            app: [lv for lv in levels if lv.app == app and lv.in_flight == in_flight]
            for app in ("bare-bolt", "parachute")
        }
        bare, ours = per_app["bare-bolt"], per_app["parachute"]
        ratios = [o.p99_ms / b.p99_ms for b, o in zip(bare, ours, strict=True)]
        for app, group in per_app.items():
            record = {
                "app": app,
                "in_flight": in_flight,
                "p50_ms": median([lv.p50_ms for lv in group]),
                "p95_ms": median([lv.p95_ms for lv in group]),
                "p99_ms": median([lv.p99_ms for lv in group]),
                "throughput": median([lv.throughput for lv in group]),
                "errors": sum(lv.errors for lv in group),
                "slack_failures": sum(len(lv.slack_failures) for lv in group),
                "oldest_trigger_s": max(lv.oldest_trigger_s for lv in group),
                "cpu_ms_per_request": median([lv.cpu_ms_per_request for lv in group]),
                "p99_ratio": median(ratios) if app == "parachute" else 1.0,
            }
            records.append(record)
            rows.append(
                [
                    in_flight,
                    app,
                    f"{record['p50_ms']:.1f}",
                    f"{record['p95_ms']:.1f}",
                    f"{record['p99_ms']:.1f}",
                    f"{record['p99_ratio']:.2f}x" if app == "parachute" else "",
                    f"{record['throughput']:.0f}",
                    f"{record['cpu_ms_per_request']:.1f}",
                    f"{record['errors']} / {record['slack_failures']}",
                    f"{record['oldest_trigger_s']:.2f}" if app == "parachute" else "",
                ]
            )
    header = [
        "in flight",
        "app",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p99 vs bare (median of runs)",
        "req/s",
        "server CPU ms/req",
        "errors / Slack errors",
        "oldest trigger at views.open (s)",
    ]
    return f"Medians of {runs} run(s).\n\n" + table(header, rows), records


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 requests, 1 run")
    parser.add_argument("--count", type=int, default=400, help="requests per level and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS))
    parser.add_argument("--latency", type=float, default=0.1, help="Web API latency, seconds")
    parser.add_argument(
        "--database-url", help="Parachute's database (default: a fresh SQLite file)"
    )
    parser.add_argument("--workers", type=int, default=1, help="Parachute's HTTP worker processes")
    parser.add_argument(
        "--plain-http", action="store_true", help="the stand-in over HTTP, not HTTPS as Slack"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.runs, args.levels = 20, 1, [1, 10]
    CACHE.mkdir(parents=True, exist_ok=True)
    print(machine())
    slack = StandInProcess(latency=args.latency, users=MEMBERS, tls=not args.plain_http)
    with tempfile.TemporaryDirectory() as workdir:
        database_url = args.database_url or f"sqlite:///{workdir}/parachute.db"
        engine = database_url.split(":", 1)[0].split("+", 1)[0]
        servers = start_servers(slack, database_url, Path(workdir), args.workers)
        try:
            idle_rss = {server.name: server.rss_mb() for server in servers}
            tag = f"{time.time_ns():x}"
            warm = RequestMaker(slack, f"warm{tag}")
            for server in servers:  # first requests: imports, connections, cached profiles
                asyncio.run(_load(server.events_url, warm, 10, 2 * len(MEMBERS)))
            slack.settle()
            levels: list[Level] = []
            for run in range(args.runs):
                for in_flight in args.levels:
                    maker = RequestMaker(slack, f"{tag}r{run}n{in_flight}")
                    order = servers if run % 2 == 0 else servers[::-1]
                    for server in order:
                        level = run_level(server, slack, maker, in_flight, args.count)
                        levels.append(level)
                        print(
                            f"run {run + 1} {server.name:10} {in_flight:3} in flight: "
                            f"p50 {level.p50_ms:6.1f} p99 {level.p99_ms:6.1f} ms, "
                            f"{level.throughput:5.0f}/s, {level.errors} errors, "
                            f"{level.cpu_ms_per_request:.1f} ms CPU/req",
                            flush=True,
                        )
                        for sample in level.error_samples + level.slack_failures[:5]:
                            print(f"    {sample}")
            loaded_rss = {server.name: server.rss_mb() for server in servers}
        finally:
            for server in servers:
                server.stop()
            slack.stop()
    report, records = summarize(levels, args.runs)
    print(
        f"\n## Ack latency ({engine}, Parachute with {args.workers} worker(s), "
        f"Web API latency {args.latency * 1000:.0f} ms over "
        f"{'HTTP' if args.plain_http else 'HTTPS'})\n"
    )
    print(report)
    print(
        "\nResident memory (MB): "
        + ", ".join(
            f"{name} idle {idle_rss[name]:.0f}, after load {loaded_rss[name]:.0f}"
            for name in idle_rss
        )
    )
    result = {
        "machine": machine(),
        "engine": engine,
        "count": args.count,
        "runs": args.runs,
        "summary": records,
        "levels": [asdict(level) for level in levels],
        "rss_mb": {"idle": idle_rss, "after_load": loaded_rss},
    }
    (CACHE / f"ack_latency-{engine}-{args.workers}w.json").write_text(json.dumps(result, indent=2))
    failed = any(record["errors"] or record["slack_failures"] for record in records)
    return 1 if args.quick and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
