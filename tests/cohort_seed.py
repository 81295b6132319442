"""A cohort with a known history, for stats checked against hand-computed expectations.

"Now" is Wednesday 2026-11-25 15:00 UTC; the cohort's zone is UTC and its holidays the
US's. This week starts Monday 2026-11-23; the last 4 weeks start Monday 2026-11-02."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from slackbot.devtools.factories import contact_row, meeting_row, sent_ask
from slackbot.domain.text import fold
from slackbot.models import Contact, Draft, Member, Overlap, TargetCompany
from tests.conftest import ALICE, BOB, COACH, TEAM

CAROL = "UCAROL"
SECRET_NOTE = "met at the secret offsite, prefers tea"
PRIVATE_INSIGHT = "Acme is reorganising its design team in March"


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def _ask(member: Member, contact: Contact, sent: datetime | None) -> Draft:
    return sent_ask(member.id, contact.id, sent_at=sent, created_at=sent or at(11, 24))


def _contact(
    member: Member, name: str, company: str, created: datetime, **extra: object
) -> Contact:
    return contact_row(member.id, name, created_at=created, company=company, **extra)


def seed_cohort(session: Session) -> dict[str, Member]:
    """Alice is busy, Bob went quiet on 2026-11-10, Carol never logged anything, and the
    coach logs nothing (and so is not listed)."""
    alice, bob, carol = (Member(team_id=TEAM, user_id=u) for u in (ALICE, BOB, CAROL))
    coach = Member(team_id=TEAM, user_id=COACH, is_admin=True)
    session.add_all([alice, bob, carol, coach])
    session.flush()
    session.add_all(
        [
            TargetCompany(member_id=alice.id, name=n, name_key=fold(n), motivation=4, created_at=c)
            for n, c in (("Acme", at(11, 24)), ("Globex", at(11, 10)), ("Initech", at(10, 1)))
        ]
    )
    old = _contact(alice, "Olga Oldfield", "Initech", at(9, 1))
    jane = _contact(alice, "Jane Doe", "Acme", at(11, 3), notes=SECRET_NOTE, email="jane@acme.test")
    session.add_all([old, jane])
    session.flush()
    ravi = _contact(alice, "Ravi Referred", "Acme", at(11, 24), referred_by_id=jane.id)
    bobs = _contact(bob, "Pat Private", "Umbrella", at(11, 10), notes="Bob's own note")
    session.add_all([ravi, bobs])
    session.flush()
    # Asks: Olga on Wed 2 Sep, replied Tue 8 Sep (3 business days: Labor Day, 7 Sep, skipped);
    # Jane on Thu 5 Nov, replied Fri 6 Nov (1 business day); Ravi on Tue 24 Nov, no reply.
    old.replied_at, jane.replied_at = at(9, 8), at(11, 6)
    session.add_all([_ask(alice, old, at(9, 2)), _ask(alice, jane, at(11, 5))])
    session.add_all([_ask(alice, ravi, at(11, 24)), _ask(alice, ravi, None)])  # and a draft
    session.add_all(
        [
            meeting_row(
                alice.id,
                jane.id,
                starts_at=at(11, 12),
                created_at=at(11, 9),
                insights=PRIVATE_INSIGHT,
                thank_you_sent_at=at(11, 12, 18),
            ),
            # Ahead: not held yet.
            meeting_row(alice.id, ravi.id, starts_at=at(11, 27), created_at=at(11, 24)),
            # Cancelled: never counted.
            meeting_row(
                alice.id,
                old.id,
                starts_at=at(11, 24),
                created_at=at(11, 20),
                cancelled_at=at(11, 23),
            ),
        ]
    )
    session.add(
        Overlap(
            member_id=bob.id,
            contact_id=bobs.id,
            other_member_id=alice.id,
            other_contact_id=jane.id,
            created_at=at(11, 24),
        )
    )
    session.flush()
    return {ALICE: alice, BOB: bob, CAROL: carol, COACH: coach}
