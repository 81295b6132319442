"""Nudge planning at scale: `slackbot nudge --dry-run` over cohorts of 10k, 100k and 1M contacts
with 1,000 nudges due. Reports the planning time (describe_due, in process: median of runs),
its number of SQL queries, the whole command's wall time (interpreter start and migration
check included) and the query plans.

    .venv/bin/python -m benchmarks.nudge_planning                       # SQLite
    .venv/bin/python -m benchmarks.nudge_planning --database-url postgresql://.../db
    .venv/bin/python -m benchmarks.nudge_planning --quick               # smoke: 5k contacts

Seeded databases are cached under benchmarks/.cache (see benchmarks/seed.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, text

from benchmarks.common import CACHE, machine, median, table
from benchmarks.seed import DUE, NOW, Cohort, prepare
from slackbot.db import Database
from slackbot.nudges.dispatcher import describe_due

SIZES = (10_000, 100_000, 1_000_000)


def plan_once(db: Database) -> tuple[float, list[tuple[str, Any]], str]:
    """One describe_due: seconds, the statements it ran (with parameters), its output."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        start = time.perf_counter()
        output = describe_due(db, NOW)
        elapsed = time.perf_counter() - start
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return elapsed, statements, output


def explain(db: Database, statements: Sequence[tuple[str, Any]]) -> list[str]:
    """The engine's plan for each distinct statement describe_due ran."""
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    plans, seen = [], set()
    with db.engine.connect() as connection:
        for statement, parameters in statements:
            if statement in seen or not statement.lstrip().upper().startswith("SELECT"):
                continue
            seen.add(statement)
            rows = connection.exec_driver_sql(prefix + statement, parameters).fetchall()
            plan = "\n".join(
                "  " + (" ".join(str(c) for c in row[1:]) if len(row) > 1 else str(row[0]))
                for row in rows
            )
            plans.append(f"{' '.join(statement.split())[:300]}\n{plan}")
    return plans


def cli_wall(url: str, runs: int) -> float:
    """The whole `slackbot nudge --dry-run` command, as cron would run it: median seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "slackbot", "nudge", "--dry-run", "--now", NOW.isoformat()],
            env={**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"},
            check=True,
            capture_output=True,
            cwd=CACHE,
        )
        times.append(time.perf_counter() - start)
    return median(times)


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()  # noqa: S608
            for name in ("members", "contacts", "drafts", "meetings", "nudges")
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 5,000 contacts, 1 run")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", help="PostgreSQL database (default: SQLite files)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = [5_000], 1
    engine = "postgresql" if args.database_url else "sqlite"
    print(machine())
    rows, records, plans = [], [], {}
    for size in args.sizes:
        started = time.perf_counter()
        url = prepare(engine, Cohort.of(size), args.database_url, print)
        prepared = time.perf_counter() - started
        db = Database(url)
        plan_once(db)  # a warm cache, as a running server has
        times, queries = [], 0
        output = ""
        for _ in range(args.runs):
            elapsed, statements, output = plan_once(db)
            times.append(elapsed)
            queries = len(statements)
        plans[size] = explain(db, statements)
        sizes = counts(db)
        db.dispose()
        wall = cli_wall(url, max(1, min(3, args.runs)))
        record = {
            "contacts": size,
            "rows": sizes,
            "due": DUE,
            "listed": output.count("\n    - "),
            "plan_ms": median(times) * 1000,
            "queries": queries,
            "cli_s": wall,
            "prepare_s": prepared,
        }
        records.append(record)
        rows.append(
            [
                f"{size:,}",
                f"{sizes['members']:,}",
                f"{sizes['nudges']:,}",
                f"{DUE:,} ({record['listed']} listed)",
                f"{record['plan_ms']:.1f}",
                queries,
                f"{wall:.2f}",
            ]
        )
        print(f"{size:>9,} contacts: {record['plan_ms']:.1f} ms, {queries} queries", flush=True)
    print(f"\n## Nudge planning ({engine}, medians of {args.runs} runs)\n")
    header = [
        "contacts",
        "members",
        "nudge rows",
        "due",
        "describe_due ms",
        "queries",
        "`slackbot nudge --dry-run` s",
    ]
    print(table(header, rows))
    if len(records) > 1:
        ratio = records[-1]["plan_ms"] / records[0]["plan_ms"]
        print(f"\n{records[-1]['contacts']:,} vs {records[0]['contacts']:,}: {ratio:.2f}x")
    for size, size_plans in plans.items():
        print(f"\n### Query plans at {size:,} contacts ({engine})\n")
        print("```\n" + "\n\n".join(size_plans) + "\n```")
    (CACHE / f"nudge_planning-{engine}.json").write_text(
        json.dumps({"machine": machine(), "results": records, "plans": plans}, indent=2)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
