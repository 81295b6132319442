from concurrent.futures import ThreadPoolExecutor

import pytest

from slackbot.db import Database
from slackbot.domain.contacts import ContactDetails, ContactField
from slackbot.domain.pipeline import Stage
from slackbot.services import contacts, members
from slackbot.services.contacts import DuplicateContact
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner
from tests.conftest import ALICE_OWNER, BOB_OWNER, NOW


def _add(db: Database, owner: Owner, **details: object) -> int:
    with db.session() as session:
        contact = contacts.create_contact(
            session=session,
            owner=owner,
            details=ContactDetails(**{"name": "Jane Doe", **details}),
            now=NOW,
        )
        return contact.id


def test_a_contact_is_stored_for_its_owner(db: Database) -> None:
    contact_id = _add(db, ALICE_OWNER, company="Acme", email="jane@acme.io")
    with db.session() as session:
        contact = contacts.get_contact(session=session, owner=ALICE_OWNER, contact_id=contact_id)
        assert contact.created_at == NOW
        assert (
            contacts.pipeline_counts(session=session, owner=ALICE_OWNER, now=NOW)[Stage.IDENTIFIED]
            == 1
        )
        assert (
            contacts.pipeline_counts(session=session, owner=BOB_OWNER, now=NOW)[Stage.IDENTIFIED]
            == 0
        )


def test_another_member_cannot_read_or_reference_a_contact(db: Database) -> None:
    contact_id = _add(db, ALICE_OWNER)
    with db.session() as session, pytest.raises(NotFound):
        contacts.get_contact(session=session, owner=BOB_OWNER, contact_id=contact_id)
    with pytest.raises(NotFound):
        _add(db, BOB_OWNER, name="Ravi", referred_by_id=contact_id)
    other_team = Owner("T0OTHER", ALICE_OWNER.user_id)
    with db.session() as session, pytest.raises(NotFound):
        contacts.get_contact(session=session, owner=other_team, contact_id=contact_id)
    with db.session() as session:
        assert contacts.recent_contacts(session=session, owner=BOB_OWNER, limit=10) == []


@pytest.mark.parametrize(
    ("first", "second", "field"),
    [
        (
            {"linkedin_url": "https://www.linkedin.com/in/jane"},
            {"name": "J D", "linkedin_url": "https://www.linkedin.com/in/jane"},
            ContactField.LINKEDIN_URL,
        ),
        ({"email": "jane@acme.io"}, {"name": "J D", "email": "jane@acme.io"}, ContactField.EMAIL),
        ({"company": "Acmé"}, {"name": "JANE  DOE", "company": "acme"}, ContactField.NAME),
    ],
)
def test_duplicates_are_refused(
    db: Database, first: dict, second: dict, field: ContactField
) -> None:
    _add(db, ALICE_OWNER, **first)
    with pytest.raises(DuplicateContact) as caught:
        _add(db, ALICE_OWNER, **second)
    assert caught.value.field is field
    assert caught.value.existing_name == "Jane Doe"


def test_namesakes_are_welcome_when_something_tells_them_apart(db: Database) -> None:
    _add(db, ALICE_OWNER, company="Acme", email="jane@acme.io")
    _add(db, ALICE_OWNER, company="Acme", email="jane.doe@acme.io")
    _add(db, ALICE_OWNER, company="Globex")
    with db.session() as session:
        assert len(contacts.recent_contacts(session=session, owner=ALICE_OWNER, limit=10)) == 3


def test_first_contact_races_create_one_member(db: Database) -> None:
    owner = Owner("T0COHORT", "URACE")

    def first_touch(_: int) -> int:
        with db.session() as session:
            return members.get_or_create_member(session=session, owner=owner).id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = set(pool.map(first_touch, range(8)))
    assert len(ids) == 1


def test_profile_is_cached_and_refreshed_weekly(db: Database) -> None:
    from datetime import timedelta

    with db.session() as session:
        member = members.get_or_create_member(session=session, owner=ALICE_OWNER)
        assert members.profile_is_stale(member, now=NOW)
        members.save_profile(
            session=session,
            owner=ALICE_OWNER,
            display_name="Alice",
            tz="Europe/Paris",
            is_admin=False,
            now=NOW,
        )
    with db.session() as session:
        member = members.find_member(session=session, owner=ALICE_OWNER)
        assert member is not None and member.tz == "Europe/Paris"
        assert not members.profile_is_stale(member, now=NOW + timedelta(days=6))
        assert members.profile_is_stale(member, now=NOW + timedelta(days=8))


def test_names_that_grow_when_folded_are_stored_on_every_engine(db: Database) -> None:
    # "ß" folds to "ss" and "ﬃ" to "ffi": the comparison key outgrows the name.
    _add(db, ALICE_OWNER, name="ß" * 100)
    _add(db, ALICE_OWNER, name="\ufb03" * 100)
    with db.session() as session:
        assert len(contacts.recent_contacts(session=session, owner=ALICE_OWNER, limit=5)) == 2


def test_a_namesake_is_told_apart_only_by_a_detail_both_records_have(db: Database) -> None:
    _add(db, ALICE_OWNER, company="Acme")  # no email, no LinkedIn profile
    with pytest.raises(DuplicateContact) as caught:
        _add(db, ALICE_OWNER, company="acme", email="jane@acme.io")
    assert (caught.value.field, caught.value.tells_apart) == (ContactField.NAME, ())
    _add(db, ALICE_OWNER, company="Globex", email="jane@globex.io")
    with pytest.raises(DuplicateContact) as caught:
        _add(db, ALICE_OWNER, company="Globex")
    assert caught.value.tells_apart == (ContactField.EMAIL,)
