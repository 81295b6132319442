"""App Home for a member with 5,000 contacts (2,000 asks, 500 meetings, their nudges): the time
to build it (every query and every block publish_home makes, up to the views.publish call,
which is not timed), its number of queries and of blocks.

    .venv/bin/python -m benchmarks.app_home                   # SQLite
    .venv/bin/python -m benchmarks.app_home --database-url postgresql://.../db
    .venv/bin/python -m benchmarks.app_home --quick           # smoke: 500 contacts
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.views import View
from sqlalchemy import event

from benchmarks.common import CACHE, machine, median, percentile, table
from benchmarks.seed import NOW, Cohort, prepare
from slackbot.db import Database
from slackbot.delivery.home import publish_home
from slackbot.deps import Deps
from slackbot.services.members import Owner

OWNER = Owner("T000000", "U00000000")  # the seeded cohort's only member


class PublishRecorder:
    """Stands where the WebClient is: keeps the published view instead of sending it."""

    def __init__(self) -> None:
        self.view: dict[str, Any] | None = None

    def views_publish(self, *, user_id: str, view: dict[str, Any]) -> None:
        self.view = view

    def users_info(self, **_: Any) -> Any:
        raise AssertionError("the seeded profile is fresh: no users.info expected")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 500 contacts")
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", help="PostgreSQL database (default: a SQLite file)")
    args = parser.parse_args(argv)
    if args.quick:
        args.contacts, args.runs = 500, 3
    engine = "postgresql" if args.database_url else "sqlite"
    print(machine())
    cohort = Cohort(contacts=args.contacts, members=1, teams=1, due=args.contacts // 50)
    url = prepare(engine, cohort, args.database_url, print, name=f"home_{args.contacts}")
    db = Database(url)
    deps = Deps(db=db, clock=lambda: NOW)
    recorder = PublishRecorder()
    statements: list[str] = []
    event.listen(
        db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]), retval=False
    )
    publish_home(recorder, deps, OWNER)  # type: ignore[arg-type]  (warm: imports, pool)
    times, queries = [], 0
    for _ in range(args.runs):
        statements.clear()
        start = time.perf_counter()
        publish_home(recorder, deps, OWNER)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
        queries = len(statements)
    assert recorder.view is not None
    View(**recorder.view).validate_json()  # Slack's limits, as the stand-in checks them
    blocks = len(recorder.view["blocks"])
    ms = [t * 1000 for t in times]
    record = {
        "engine": engine,
        "contacts": args.contacts,
        "build_ms_median": median(ms),
        "build_ms_p95": percentile(ms, 95),
        "queries": queries,
        "blocks": blocks,
        "statements": list(statements),
    }
    print(f"\n## App Home ({engine}, {args.runs} builds)\n")
    print(
        table(
            ["contacts", "median ms", "p95 ms", "queries", "blocks"],
            [
                [
                    f"{args.contacts:,}",
                    f"{record['build_ms_median']:.1f}",
                    f"{record['build_ms_p95']:.1f}",
                    queries,
                    blocks,
                ]
            ],
        )
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"app_home-{engine}.json").write_text(json.dumps(record, indent=2))
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
