"""Which earlier asks count as the same person, within which window, once per pair."""

from datetime import timedelta

from slackbot.db import Database
from slackbot.devtools.factories import sent_ask
from slackbot.domain.contacts import ContactDetails
from slackbot.services import contacts, overlaps
from slackbot.services.members import Owner
from tests.cohort_seed import at
from tests.conftest import ALICE_OWNER, BOB_OWNER

NOW = at(11, 25, 15)
OTHER_TEAM = Owner("T0OTHER", "UALICE")


def _asked(db: Database, owner: Owner, details: ContactDetails, sent_days_ago: int) -> None:
    with db.session() as session:
        contact = contacts.create_contact(session=session, owner=owner, details=details, now=NOW)
        session.add(
            sent_ask(
                contact.member_id,
                contact.id,
                sent_at=NOW - timedelta(days=sent_days_ago),
                created_at=NOW,
            )
        )


def _told(db: Database, owner: Owner, details: ContactDetails) -> list[str]:
    with db.session() as session:
        contact = contacts.create_contact(session=session, owner=owner, details=details, now=NOW)
        notices = overlaps.check(session=session, owner=owner, contact=contact, now=NOW)
        return [n.other_contact_name for n in notices]


def test_same_person_by_link_email_or_name_at_company_within_30_days(db: Database) -> None:
    _asked(db, ALICE_OWNER, ContactDetails(name="Jane Doe", company="Acme"), sent_days_ago=29)
    _asked(db, ALICE_OWNER, ContactDetails(name="Old Ask", company="Acme"), sent_days_ago=31)
    _asked(
        db,
        ALICE_OWNER,
        ContactDetails(name="Lin K", linkedin_url="https://www.linkedin.com/in/link"),
        sent_days_ago=1,
    )
    _asked(db, ALICE_OWNER, ContactDetails(name="No Company"), sent_days_ago=1)
    _asked(db, OTHER_TEAM, ContactDetails(name="Far Away", company="Acme"), sent_days_ago=1)

    assert _told(db, BOB_OWNER, ContactDetails(name="JANE  doe", company="acme")) == ["Jane Doe"]
    assert _told(db, BOB_OWNER, ContactDetails(name="Old Ask", company="Acme")) == []  # 31 days
    assert _told(db, BOB_OWNER, ContactDetails(name="Jane Doe", company="Globex")) == []
    assert _told(db, BOB_OWNER, ContactDetails(name="No Company")) == []  # a name alone is weak
    assert _told(db, BOB_OWNER, ContactDetails(name="Far Away", company="Acme")) == []
    linked = ContactDetails(name="Lin Kay", linkedin_url="https://www.linkedin.com/in/link")
    assert _told(db, BOB_OWNER, linked) == ["Lin K"]
    # A member's own earlier ask is not an overlap.
    assert _told(db, ALICE_OWNER, ContactDetails(name="Jane Doe", company="Acme Inc")) == []


def test_a_member_gets_at_most_three_heads_ups_a_day_so_probing_is_not_practical(
    db: Database,
) -> None:
    for n in range(5):
        _asked(db, ALICE_OWNER, ContactDetails(name=f"P{n}", email=f"p{n}@x.org"), 1)

    told = [_told(db, BOB_OWNER, ContactDetails(name="?", email=f"p{n}@x.org")) for n in range(5)]
    assert told == [["P0"], ["P1"], ["P2"], [], []]  # the cap: the 4th and 5th learn nothing

    with db.session() as session:  # a day later, the next heads-up comes through
        [probe] = [
            c
            for c in contacts.recent_contacts(session=session, owner=BOB_OWNER, limit=9)
            if c.email == "p3@x.org"
        ]
        later = overlaps.check(
            session=session, owner=BOB_OWNER, contact=probe, now=NOW + timedelta(days=1)
        )
        assert [n.other_contact_name for n in later] == ["P3"]
    assert overlaps.DAILY_HEADS_UPS == 3
