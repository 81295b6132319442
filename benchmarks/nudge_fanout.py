"""Nudges at scale (issue #20): N workspaces x M members all due at the same instant, each
workspace with its cohort channel. The Slack stand-in (its own process, over HTTPS) answers
after 100 ms and refuses a second message within a second in one channel with a 429. One or
two dispatchers (each its own process, started together) post them; the figure is the time
from the first post to the last, against the floor: the busiest channel's messages x 1 s.
Each reminder must be posted exactly once, with no 429 (the dispatcher keeps to the pace).

    .venv/bin/python -m benchmarks.nudge_fanout                       # SQLite, 20x15 and 100x20
    .venv/bin/python -m benchmarks.nudge_fanout --database-url postgresql://.../db
    .venv/bin/python -m benchmarks.nudge_fanout --sizes 20x15 --dispatchers 1 2
    .venv/bin/python -m benchmarks.nudge_fanout --quick               # smoke: 3x3, SQLite
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from typing import Any

import psycopg
from sqlalchemy import make_url

from benchmarks.common import CACHE, StandInProcess, cpu_seconds, machine, table
from benchmarks.seed import postgresql_url
from slackbot.db import Database
from slackbot.db.migrate import upgrade_to_head
from slackbot.domain.nudges import DIGEST_ABOVE, NudgeKind, keys_in_payload
from slackbot.models import Cohort, Contact, Member, Nudge

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, 09:00 in the cohorts' zone
LATENCY = 0.1
PACE = 1.0
SCHEMA = "bench_nudge_fanout"


def seed(url: str, workspaces: int, members: int) -> set[str]:
    """Each member with one reminder due at NOW; returns the reminders' keys."""
    db = Database(url)
    keys: set[str] = set()
    with db.session() as session:
        for w in range(workspaces):
            team_id = f"T{w:05d}"
            session.add(Cohort(team_id=team_id, nudge_channel_id=f"C{w:07d}", timezone="UTC"))
            for m in range(members):
                member = Member(team_id=team_id, user_id=f"U{w:05d}{m:03d}", tz="UTC")
                session.add(member)
                session.flush()
                contact = Contact(
                    member_id=member.id,
                    name=f"Contact {m}",
                    name_key=f"contact {m}",
                    company="Acme",
                    company_key="acme",
                    created_at=NOW,
                )
                session.add(contact)
                session.flush()
                key = f"bench:{team_id}:{m}"
                keys.add(key)
                due = {"kind": NudgeKind.SECOND_CONTACT, "due_at": NOW, "created_at": NOW}
                session.add(
                    Nudge(member_id=member.id, contact_id=contact.id, dedupe_key=key, **due)
                )
    db.dispose()
    return keys


def fresh_database(engine: str, base_url: str | None, directory: str) -> str:
    if engine == "sqlite":
        url = f"sqlite:///{directory}/fanout-{time.monotonic_ns()}.db"
    else:
        assert base_url is not None
        plain = make_url(base_url).render_as_string(hide_password=False)
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.execute(f"CREATE SCHEMA {SCHEMA}")
        url = postgresql_url(base_url, SCHEMA)
    upgrade_to_head(url)
    return url


def _dispatch(
    conn: Connection,
    url: str,
    api_url: str,
    token: str,
    env: dict[str, str],
    go: Event,
    workers: int | None,
) -> None:
    """One dispatcher process, as `slackbot serve` builds it: each workspace's client."""
    os.environ.update(env)
    from slackbot.app import make_client
    from slackbot.nudges.dispatcher import Dispatcher
    from slackbot.settings import Settings

    settings = Settings(
        _env_file=None, slack_bot_token=token, slack_api_url=api_url, database_url=url
    )
    db = Database(url)
    dispatcher = Dispatcher(
        db,
        lambda _team: make_client(settings, retry_dropped_connections=False),
        pace_seconds=PACE,
        **({"workers": workers} if workers else {}),
    )
    go.wait()
    started = time.monotonic()
    cpu = time.process_time()
    report = dispatcher.dispatch_due(NOW)
    conn.send((vars(report), time.monotonic() - started, time.process_time() - cpu))
    db.dispose()


def run(
    engine: str,
    base_url: str | None,
    workspaces: int,
    members: int,
    dispatchers: int,
    workers: int | None = None,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        url = fresh_database(engine, base_url, directory)
        keys = seed(url, workspaces, members)
        slack = StandInProcess(latency=LATENCY, users=[], post_interval=PACE)
        context = multiprocessing.get_context("spawn")
        go = context.Event()
        pipes, processes = [], []
        for _ in range(dispatchers):
            parent, child = context.Pipe()
            process = context.Process(
                target=_dispatch,
                args=(child, url, slack.api_url, slack.token, slack.env, go, workers),
            )
            process.start()
            pipes.append(parent)
            processes.append(process)
        time.sleep(2.0)  # the processes import the app before the start
        standin_cpu = cpu_seconds(slack.pid)
        go.set()
        reports = [pipe.recv() for pipe in pipes]
        standin_cpu = cpu_seconds(slack.pid) - standin_cpu
        for process in processes:
            process.join(timeout=30)
        posts = slack.posts()
        rate_limited = slack.stats()["rate_limited"]
        slack.stop()
    posted = Counter(
        key
        for _, _, metadata in posts
        if metadata
        for key in keys_in_payload(metadata["event_payload"])
    )
    per_channel = Counter(channel for channel, _, _ in posts)
    stamps = sorted(float(ts) for _, ts, _ in posts)
    busiest = max(per_channel.values())
    return {
        "engine": engine,
        "size": f"{workspaces}x{members}",
        "dispatchers": dispatchers,
        "messages": len(posts),
        "span": stamps[-1] - stamps[0],
        "floor": busiest * PACE,
        "once": posted == Counter(dict.fromkeys(keys, 1)),
        "rate_limited": rate_limited,
        "posted": [report["posted"] for report, _, _ in reports],
        "run_seconds": max(seconds for _, seconds, _ in reports),
        "cpu": [cpu for _, _, cpu in reports],
        "standin_cpu": standin_cpu,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL (a schema of its own is used)")
    parser.add_argument("--sizes", nargs="+", default=["20x15", "100x20"])
    parser.add_argument("--dispatchers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--workers", type=int, help="each dispatcher's (default: its own)")
    parser.add_argument("--quick", action="store_true", help="3x3, one dispatcher, SQLite")
    args = parser.parse_args(argv)
    engine = "postgresql" if args.database_url else "sqlite"
    sizes, counts = args.sizes, args.dispatchers
    if args.quick:
        sizes, counts = ["3x3"], [1]
    print(machine())
    print(
        f"latency {LATENCY * 1000:.0f} ms, at most 1 message/s per channel (429 beyond); "
        f"a digest with threaded details above {DIGEST_ABOVE} members\n"
    )
    CACHE.mkdir(parents=True, exist_ok=True)  # the stand-in's certificate goes there
    rows, ok = [], True
    for size in sizes:
        workspaces, members = (int(n) for n in size.split("x"))
        for dispatchers in counts:
            result = run(engine, args.database_url, workspaces, members, dispatchers, args.workers)
            print(result, flush=True)
            ok = ok and result["once"] and result["rate_limited"] == 0
            rows.append(
                [
                    result["engine"],
                    result["size"],
                    result["dispatchers"],
                    result["messages"],
                    f"{result['floor']:.0f} s",
                    f"{result['span']:.1f} s",
                    f"{result['span'] / result['floor']:.2f}",
                    "yes" if result["once"] else "NO",
                    result["rate_limited"],
                    " + ".join(str(n) for n in result["posted"]),
                    " + ".join(f"{cpu:.1f}" for cpu in result["cpu"]),
                    f"{result['standin_cpu']:.1f}",
                ]
            )
    print()
    print(
        table(
            [
                "engine",
                "workspaces x members",
                "dispatchers",
                "messages",
                "floor",
                "first to last post",
                "x floor",
                "each once",
                "429s",
                "nudges per dispatcher",
                "dispatchers' CPU s",
                "stand-in CPU s",
            ],
            rows,
        )
    )
    if not ok:
        print("a reminder was not posted exactly once, or Slack refused one", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
