"""A workshop's burst, open loop: N different members each send `/contact` within a window
(200 within 100 ms by default) to the real `slackbot serve`, while Slack's Web API (the
stand-in, over HTTPS, answering after 100 ms) times each trigger id from its issue to its
use by `views.open`. A modal that opens more than 3 s after its command never opens in
Slack: the target is no error and every trigger used well within the window.

    .venv/bin/python -m benchmarks.burst                  # SQLite, one process
    .venv/bin/python -m benchmarks.burst --workers 2 --database-url postgresql://.../db
    .venv/bin/python -m benchmarks.burst --quick          # smoke: 20 members
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.ack_latency import Connection
from benchmarks.common import (
    CACHE,
    SIGNING_SECRET,
    StandInProcess,
    free_port,
    machine,
    percentile,
    start_server,
    table,
)
from slackbot.devtools.driver import Answer, SlackDriver

TRIGGER_TTL = 3.0


class CommandMaker:
    """Signed `/contact` requests, with SlackDriver's payload shapes and fresh trigger ids."""

    def __init__(self, slack: StandInProcess) -> None:
        self._captured: tuple[bytes, dict[str, str]] | None = None
        self._driver = SlackDriver(slack, SIGNING_SECRET, self._capture)  # type: ignore[arg-type]

    def _capture(self, body: bytes, headers: dict[str, str]) -> Answer:
        self._captured = (body, headers)
        return Answer(0, b"")

    def make(self, user: str, name: str) -> tuple[bytes, dict[str, str]]:
        self._driver.command(user, "/contact", name)
        assert self._captured is not None
        return self._captured


async def _burst(
    url: str, requests: Sequence[tuple[bytes, dict[str, str]]], window: float
) -> list[tuple[float, bool, str]]:
    """Send request i at i/N of the window, each on a connection of its own; its ack time,
    whether it failed, and what came back."""
    parts = urlsplit(url)
    began = time.perf_counter()

    async def send(number: int, body: bytes, headers: dict[str, str]) -> tuple[float, bool, str]:
        await asyncio.sleep(max(0.0, began + window * number / len(requests) - time.perf_counter()))
        connection = Connection(parts.hostname or "127.0.0.1", parts.port or 80)
        start = time.perf_counter()
        try:
            status, content = await asyncio.wait_for(
                connection.post(parts.path, body, headers), timeout=10
            )
            outcome = (status != 200, f"{status} {content[:120].decode(errors='replace')}")
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as error:
            outcome = (True, repr(error))
        finally:
            connection.close()
        return time.perf_counter() - start, *outcome

    return await asyncio.gather(*(send(n, *request) for n, request in enumerate(requests)))


def _opened(slack: StandInProcess, expected: int, timeout: float = 10.0) -> dict[str, Any]:
    """The stand-in's figures once `expected` trigger ids were used (or `timeout` passed:
    the missing modals then count as not opened), and the work after them is over."""
    deadline = time.monotonic() + timeout
    while len(slack.stats()["trigger_ages"]) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    slack.settle()
    return slack.stats()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--window", type=float, default=0.1, help="seconds the burst lasts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.1, help="Web API latency, seconds")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 members, 1 run")
    args = parser.parse_args(argv)
    if args.quick:
        args.members, args.runs = 20, 1
    CACHE.mkdir(parents=True, exist_ok=True)
    print(machine())
    members = [f"UBURST{n:04d}" for n in range(args.members)]
    slack = StandInProcess(latency=args.latency, users=members)
    rows, records = [], []
    with tempfile.TemporaryDirectory() as workdir:
        database_url = args.database_url or f"sqlite:///{workdir}/parachute.db"
        engine = database_url.split(":", 1)[0].split("+", 1)[0]
        port = free_port()
        server = start_server(
            "parachute-burst",
            ["-m", "slackbot", "serve", "--port", str(port)]
            + (["--workers", str(args.workers)] if args.workers > 1 else []),
            {
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": slack.api_url,
                "SLACK_BOT_TOKEN": slack.token,
                "DATABASE_URL": database_url,
                "LOG_LEVEL": "WARNING",
                **slack.env,
            },
            Path(workdir),
            port,
        )
        try:
            maker = CommandMaker(slack)
            # Warm up as a workshop's first minutes would: imports, pools, connections.
            warm = [maker.make(members[n % len(members)], "Warm up") for n in range(20)]
            asyncio.run(_burst(server.events_url, warm, 1.0))
            slack.settle()
            for run in range(args.runs):
                before = slack.stats()
                requests = [maker.make(user, f"Burst {run} {user}") for user in members]
                results = asyncio.run(_burst(server.events_url, requests, args.window))
                after = _opened(slack, len(before["trigger_ages"]) + args.members)
                ages = after["trigger_ages"][len(before["trigger_ages"]) :]
                failures = after["failures"][len(before["failures"]) :]
                acks = [seconds * 1000 for seconds, _, _ in results]
                errors = [outcome for _, failed, outcome in results if failed]
                record: dict[str, Any] = {
                    "run": run + 1,
                    "members": args.members,
                    "opened": len(ages),
                    "errors": len(errors),
                    "slack_failures": len(failures),
                    "ack_p50_ms": percentile(acks, 50),
                    "ack_p99_ms": percentile(acks, 99),
                    "open_p50_s": percentile(ages, 50) if ages else None,
                    "open_p99_s": percentile(ages, 99) if ages else None,
                    "open_max_s": max(ages, default=None),
                }
                records.append(record)
                rows.append(
                    [
                        run + 1,
                        f"{len(ages)} / {args.members}",
                        f"{len(errors)} / {len(failures)}",
                        f"{record['ack_p50_ms']:.0f}",
                        f"{record['ack_p99_ms']:.0f}",
                        *(
                            f"{record[key]:.2f}" if record[key] is not None else "-"
                            for key in ("open_p50_s", "open_p99_s", "open_max_s")
                        ),
                    ]
                )
                print(f"run {run + 1}: {rows[-1]}", flush=True)
                for sample in (errors + [f"{m}: {e}" for m, e in failures])[:5]:
                    print(f"    {sample}")
        finally:
            server.stop()
            slack.stop()
    print(
        f"\n## Burst: {args.members} members' /contact within {args.window * 1000:.0f} ms "
        f"({engine}, {args.workers} worker(s), Web API latency {args.latency * 1000:.0f} ms)\n"
    )
    header = [
        "run",
        "modals opened",
        "errors / Slack errors",
        "ack p50 ms",
        "ack p99 ms",
        "to views.open p50 s",
        "p99 s",
        "max s",
    ]
    print(table(header, rows))
    (CACHE / f"burst-{engine}-{args.workers}w.json").write_text(
        json.dumps({"machine": machine(), "engine": engine, "runs": records}, indent=2)
    )
    failed = any(
        r["errors"]
        or r["slack_failures"]
        or r["opened"] < r["members"]
        or (r["open_max_s"] or 0) >= TRIGGER_TTL
        for r in records
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
