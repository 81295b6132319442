"""How long the coach's view, a member's week and the overlap guard take on a large cohort.

    python benchmarks/cohort_progress.py [DATABASE_URL]

Builds a database with the migrations (a temporary SQLite file by default; a PostgreSQL
URL is emptied first), seeds 60 members with 200 contacts each (an ask to every contact,
a reply to a third, a meeting with a tenth), then times each use case and prints the median."""

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from slackbot.db import Database
from slackbot.db.migrate import upgrade_to_head
from slackbot.devtools.factories import contact_row, meeting_row, sent_ask
from slackbot.models import Contact, Member
from slackbot.services import overlaps, progress
from slackbot.services.members import Owner, owned

TEAM, MEMBERS, CONTACTS = "TBENCH", 60, 200
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
RUNS = 15


def seed(db: Database) -> None:
    with db.session() as session:
        for m in range(MEMBERS):
            member = Member(team_id=TEAM, user_id=f"U{m:04d}")
            session.add(member)
            session.flush()
            contacts = []
            for c in range(CONTACTS):
                created = NOW - timedelta(hours=7 * c + m)
                name = f"Person {c} of {m}"
                contacts.append(
                    contact_row(
                        member.id,
                        name,
                        created_at=created,
                        company=f"Company {c % 40}",
                        email=f"p{c}.{m}@example.test",
                        replied_at=created + timedelta(days=3) if c % 3 == 0 else None,
                    )
                )
            session.add_all(contacts)
            session.flush()
            for c, contact in enumerate(contacts):
                session.add(
                    sent_ask(
                        member.id,
                        contact.id,
                        sent_at=contact.created_at + timedelta(hours=1),
                        created_at=contact.created_at,
                    )
                )
                if c % 10 == 0:
                    session.add(
                        meeting_row(
                            member.id,
                            contact.id,
                            starts_at=contact.created_at + timedelta(days=5),
                            created_at=contact.created_at + timedelta(days=4),
                        )
                    )


def timed(action: Callable[[], object]) -> float:
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main(url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        if url is None:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
        elif url.startswith("postgresql"):
            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        upgrade_to_head(url)
        db = Database(url)
        seed(db)
        owner = Owner(TEAM, "U0001")

        def stats() -> object:
            with db.read_only() as session:
                return progress.cohort_stats(session=session, team_id=TEAM, now=NOW, coaches=())

        def week() -> object:
            with db.read_only() as session:
                return progress.week_progress(session=session, owner=owner, now=NOW)

        def guard() -> object:
            with db.session() as session:
                contact = session.scalars(owned(Contact, owner).limit(1)).one()
                notices = overlaps.check(session=session, owner=owner, contact=contact, now=NOW)
                session.rollback()
                return notices

        rows = MEMBERS * CONTACTS
        print(f"{db.engine.dialect.name}: {MEMBERS} members, {rows} contacts and asks")
        print(f"  /cohort stats (every member):  {timed(stats):7.1f} ms")
        print(f"  a member's week (App Home):    {timed(week):7.1f} ms")
        print(f"  the overlap guard (one check): {timed(guard):7.1f} ms")
        db.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
