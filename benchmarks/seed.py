"""Seeded cohorts at scale: members, contacts, asks, meetings and their nudges, in bulk.

Proportions, per contact: 40% were asked (a sent draft, its follow-up nudges mostly settled),
10% met (a meeting with its prep, notes and thank-you nudges). 50 contacts per member and
500 members per workspace. Exactly DUE nudges are pending and due at NOW; a tenth of
the others are pending for later. SQLite rows go in with executemany, PostgreSQL's with
COPY, so a million contacts seed in a minute or two. Seeded databases are kept under
benchmarks/.cache (SQLite files; one PostgreSQL schema per size) and reused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import psycopg
from sqlalchemy import make_url

from benchmarks.common import CACHE
from slackbot.db.migrate import upgrade_to_head
from slackbot.devtools.factories import ask_columns, contact_columns, meeting_columns

# Part of the cached databases' names: change it when the seeded rows change.
SEED_VERSION = 2
NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
DUE = 1000
CONTACTS_PER_MEMBER = 50
MEMBERS_PER_TEAM = 500
ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", None)
COMPANIES = [f"Company {n}" for n in range(2000)]

Row = tuple[Any, ...]


def postgresql_url(base_url: str, schema: str) -> str:
    """The same database, with a schema of its own first on the search path."""
    url = make_url(base_url)
    options = quote(f"-csearch_path={schema}")
    return url.render_as_string(hide_password=False) + f"?options={options}"


# -- the rows ---------------------------------------------------------------------------


def cohorts(teams: int) -> Iterator[Row]:
    for team in range(teams):
        yield (team + 1, f"T{team:06d}", f"C{team:08d}", NOW - timedelta(days=200))


def members(count: int, teams: int) -> Iterator[Row]:
    for n in range(count):
        yield (
            n + 1,
            f"T{n % teams:06d}",
            f"U{n:08d}",
            f"Member {n}",
            ZONES[n % len(ZONES)],
            NOW - timedelta(days=3),
            NOW - timedelta(days=200),
        )


def _spread(n: int, days_ago: int, seconds_apart: int, over_days: int) -> datetime:
    """Contact `n`'s instant: from `days_ago` days before NOW, spread over `over_days`."""
    step = timedelta(seconds=n * seconds_apart % (over_days * 86400))
    return NOW - timedelta(days=days_ago) + step


def contact_rows(count: int, members: int) -> Iterator[Row]:
    for n in range(count):
        created = _spread(n, 180, 15, 180)
        yield _row(
            "contacts",
            n + 1,
            contact_columns(
                n % members + 1,
                f"Contact {n}",
                created_at=created,
                company=COMPANIES[n % len(COMPANIES)],
                title="Product Manager",
                last_interaction_at=created + timedelta(days=2) if n % 5 < 2 else None,
                replied_at=created + timedelta(days=4) if n % 20 == 0 else None,
            ),
        )


def asked(n: int) -> bool:
    return n % 5 < 2


def met(n: int) -> bool:
    return n % 10 == 0


def _ask(member_id: int, n: int) -> dict[str, Any]:
    sent = _spread(n, 60, 7, 55)
    return ask_columns(member_id, n + 1, sent_at=sent, created_at=sent - timedelta(hours=1))


def _meeting(member_id: int, n: int) -> dict[str, Any]:
    starts = _spread(n, 30, 11, 40)
    return meeting_columns(
        member_id, n + 1, starts_at=starts, created_at=starts - timedelta(days=5)
    )


def rows_for_picked(
    table_name: str,
    count: int,
    members: int,
    pick: Callable[[int], bool],
    columns: Callable[[int, int], dict[str, Any]],
) -> Iterator[Row]:
    """A row for each contact that `pick` picks: `columns(member id, contact number)`, ids
    counted from 1 (as nudge_rows counts them)."""
    picked = (n for n in range(count) if pick(n))
    for row_id, n in enumerate(picked, start=1):
        yield _row(table_name, row_id, columns(n % members + 1, n))


def nudge_rows(count: int, members: int, due: int) -> Iterator[Row]:
    """Each ask's follow-up clock and each meeting's reminders; `due` of them pending now."""
    nudge_id = draft_id = meeting_id = 0
    made_due = 0
    for n in range(count):
        member_id = n % members + 1
        kinds: list[tuple[str, int, int | None, int | None]] = []
        if asked(n):
            draft_id += 1
            kinds += [
                (k, num, draft_id, None) for k, num in (("second_contact", 0), ("follow_up", 1))
            ]
            kinds += [("follow_up", 2, draft_id, None)]
        if met(n):
            meeting_id += 1
            kinds += [(k, 0, None, meeting_id) for k in ("prep", "notes", "thank_you")]
        for kind, number, draft, meeting in kinds:
            nudge_id += 1
            if made_due < due and nudge_id % 7 == 0:
                made_due += 1
                state, due_at = "pending", NOW - timedelta(minutes=made_due % 600)
            elif nudge_id % 10 == 0:
                state, due_at = "pending", NOW + timedelta(hours=1 + nudge_id % 2000)
            else:
                state = ("sent", "done", "cancelled")[nudge_id % 3]
                due_at = NOW - timedelta(days=1 + nudge_id % 50)
            yield (
                nudge_id,
                member_id,
                n + 1,
                draft,
                meeting,
                kind,
                number,
                due_at,
                f"{kind}:{draft or meeting}:{number}:{nudge_id}",
                state,
                due_at - timedelta(days=7),
            )
    if made_due < due:
        raise ValueError(f"only {made_due} nudges could be made due; seed more contacts")


TABLES: list[tuple[str, Sequence[str]]] = [
    ("cohorts", ("id", "team_id", "nudge_channel_id", "created_at")),
    (
        "members",
        ("id", "team_id", "user_id", "display_name", "tz", "profile_fetched_at", "created_at"),
    ),
    (
        "contacts",
        (
            "id",
            "member_id",
            "name",
            "name_key",
            "company",
            "title",
            "created_at",
            "last_interaction_at",
            "replied_at",
        ),
    ),
    (
        "drafts",
        (
            "id",
            "member_id",
            "contact_id",
            "kind",
            "channel",
            "connection_kind",
            "connection_detail",
            "who_i_am",
            "interest_narrow",
            "interest_broad",
            "sign_off_name",
            "subject",
            "body",
            "edited",
            "created_at",
            "sent_at",
        ),
    ),
    (
        "meetings",
        ("id", "member_id", "contact_id", "starts_at", "duration_minutes", "format", "created_at"),
    ),
    (
        "nudges",
        (
            "id",
            "member_id",
            "contact_id",
            "draft_id",
            "meeting_id",
            "kind",
            "number",
            "due_at",
            "dedupe_key",
            "state",
            "created_at",
        ),
    ),
]


_COLUMNS = dict(TABLES)


def _row(table_name: str, row_id: int, columns: dict[str, Any]) -> Row:
    """A factory's columns, with the row's id, in the table's order in TABLES."""
    values = {"id": row_id, **columns}
    return tuple(values[name] for name in _COLUMNS[table_name])


@dataclass(frozen=True)
class Cohort:
    """What to seed: `contacts` spread over `members`, `due` nudges due at NOW."""

    contacts: int
    members: int
    teams: int
    due: int = DUE

    @classmethod
    def of(cls, contacts: int) -> Cohort:
        members = max(20, contacts // CONTACTS_PER_MEMBER)
        return cls(contacts, members, max(1, members // MEMBERS_PER_TEAM))

    def rows(self, table_name: str) -> Iterable[Row]:
        n, m = self.contacts, self.members
        return {
            "cohorts": lambda: cohorts(self.teams),
            "members": lambda: members(m, self.teams),
            "contacts": lambda: contact_rows(n, m),
            "drafts": lambda: rows_for_picked("drafts", n, m, asked, _ask),
            "meetings": lambda: rows_for_picked("meetings", n, m, met, _meeting),
            "nudges": lambda: nudge_rows(n, m, self.due),
        }[table_name]()


# -- the engines --------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    # As SQLAlchemy stores a UTC instant in SQLite.
    return (
        value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(value, datetime)
        else value
    )


def _seed_sqlite(path: str, cohort: Cohort) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    with connection:
        for table_name, columns in TABLES:
            rows = cohort.rows(table_name)
            connection.executemany(
                f"INSERT INTO {table_name} ({', '.join(columns)}) "  # noqa: S608 (our constants)
                f"VALUES ({', '.join('?' for _ in columns)})",
                (tuple(_sqlite_value(v) for v in row) for row in rows),
            )
    connection.close()


def _seed_postgresql(url: str, schema: str, cohort: Cohort) -> None:
    plain = make_url(url).set(query={}).render_as_string(hide_password=False)
    with psycopg.connect(plain, options=f"-csearch_path={schema}") as connection:
        with connection.cursor() as cursor:
            for table_name, columns in TABLES:
                with cursor.copy(f"COPY {table_name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in cohort.rows(table_name):
                        copy.write_row(row)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table_name}))"
                )
        connection.commit()
        connection.autocommit = True
        connection.execute("ANALYZE")  # autovacuum would, soon after a real bulk load


def prepare(
    engine: str,
    cohort: Cohort,
    base_url: str | None,
    log: Callable[[str], None],
    *,
    name: str | None = None,
) -> str:
    """The URL of a database seeded with `cohort` (seeded now unless cached under `name`)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    name = f"{name or f'cohort_{cohort.contacts}'}_v{SEED_VERSION}"
    if engine == "sqlite":
        path = CACHE / f"{name}.db"
        url = f"sqlite:///{path}"
        ready = CACHE / f"{name}.ready"
        if ready.exists():
            upgrade_to_head(url)  # a cached database gets the newer migrations
            return url
        for leftover in CACHE.glob(f"{name}.db*"):
            leftover.unlink()
        upgrade_to_head(url)
        log(f"seeding {cohort.contacts:,} contacts into {path} ...")
        _seed_sqlite(str(path), cohort)
        ready.touch()
        return url
    assert base_url is not None, "PostgreSQL needs --database-url"
    schema = f"bench_{name}"
    url = postgresql_url(base_url, schema)
    plain = make_url(base_url).render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_namespace WHERE nspname = %s", (f"{schema}_ready",)
        ).fetchone()
        if found:
            upgrade_to_head(url)  # a cached database gets the newer migrations
            return url
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.execute(f"CREATE SCHEMA {schema}")
    upgrade_to_head(url)
    log(f"seeding {cohort.contacts:,} contacts into schema {schema} ...")
    _seed_postgresql(url, schema, cohort)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}_ready")  # a marker: seeding finished
    return url
