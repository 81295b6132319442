"""Drafts, asks and the follow-up clock, against the database."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.devtools.factories import ask_answers
from slackbot.domain.ask_form import AskRequest
from slackbot.domain.contacts import ContactDetails
from slackbot.domain.drafting import ConnectionKind
from slackbot.domain.pipeline import Stage
from slackbot.models import Nudge
from slackbot.services import contacts, drafts
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner
from tests.conftest import ALICE_OWNER, BOB_OWNER

# Wednesday 2026-11-18, 17:00 UTC
SENT = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)


def _request(
    contact_id: int | None = None,
    new_contact: ContactDetails | None = ContactDetails(name="Jane Doe", company="Acme"),  # noqa: B008
    **answers: object,
) -> AskRequest:
    return AskRequest(
        contact_id=contact_id,
        new_contact=new_contact,
        answers=ask_answers(
            **({"connection": ConnectionKind.REFERRAL, "connection_detail": "Bob Lee"} | answers)
        ),
    )


def _draft(db: Database, owner: Owner = ALICE_OWNER, **overrides: object) -> int:
    with db.session() as session:
        return drafts.create_ask_draft(
            session=session, owner=owner, request=_request(**overrides), now=SENT
        ).id


def _send(db: Database, draft_id: int, tz: str, owner: Owner = ALICE_OWNER) -> list[Nudge]:
    with db.session() as session:
        _, contact, _ = drafts.mark_sent(
            session=session, owner=owner, draft_id=draft_id, now=SENT, tz_name=tz
        )
        return drafts.pending_nudges(session=session, contact_id=contact.id)


def test_an_inline_contact_is_created_with_the_draft(db: Database) -> None:
    draft_id = _draft(db)
    with db.session() as session:
        draft, contact = drafts.get_draft(session=session, owner=ALICE_OWNER, draft_id=draft_id)
        assert contact.name == "Jane Doe"
        assert draft.body.split("\n\n")[1].startswith("Bob Lee suggested I reach out")
        assert draft.sent_at is None


@pytest.mark.parametrize(
    ("tz", "expected_utc"),
    [
        # 09:00 local (PST is UTC-8, IST UTC+5:30); 3B7 in business days, Thanksgiving skipped.
        (
            "America/Los_Angeles",
            {
                ("second_contact", 0): datetime(2026, 11, 23, 17, 0, tzinfo=UTC),
                ("follow_up", 1): datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
                ("follow_up", 2): datetime(2026, 12, 9, 17, 0, tzinfo=UTC),
                ("park", 0): datetime(2026, 12, 18, 17, 0, tzinfo=UTC),
            },
        ),
        (
            # 22:30 in Kolkata: already Wednesday evening there, same local day.
            "Asia/Kolkata",
            {
                ("second_contact", 0): datetime(2026, 11, 23, 3, 30, tzinfo=UTC),
                ("follow_up", 1): datetime(2026, 11, 30, 3, 30, tzinfo=UTC),
                ("follow_up", 2): datetime(2026, 12, 9, 3, 30, tzinfo=UTC),
                ("park", 0): datetime(2026, 12, 18, 3, 30, tzinfo=UTC),
            },
        ),
    ],
)
def test_mark_sent_starts_the_clock_in_the_members_zone(
    db: Database, tz: str, expected_utc: dict
) -> None:
    pending = _send(db, _draft(db), tz)
    assert {(n.kind, n.number): n.due_at for n in pending} == expected_utc
    assert all(n.state == "pending" for n in pending)


def test_marking_sent_twice_schedules_once(db: Database) -> None:
    draft_id = _draft(db)
    _send(db, draft_id, "UTC")
    _send(db, draft_id, "UTC")
    with db.session() as session:
        assert len(list(session.scalars(select(Nudge)))) == 4


def test_a_new_ask_after_a_revive_gets_its_own_follow_ups(db: Database) -> None:
    first_ask = _draft(db)
    _send(db, first_ask, "UTC")
    later = SENT + timedelta(days=30)
    with db.session() as session:
        old, contact = drafts.follow_up_draft(
            session=session, owner=ALICE_OWNER, ask_draft_id=first_ask, number=1, now=SENT
        )
        old_id = old.id
        assert (
            drafts.follow_up_draft(
                session=session, owner=ALICE_OWNER, ask_draft_id=first_ask, number=1, now=SENT
            )[0].id
            == old_id
        )  # the same follow-up, drafted once
        contacts.revive_contact(
            session=session, owner=ALICE_OWNER, contact_id=contact.id, now=later
        )
        new_ask = drafts.create_ask_draft(
            session=session,
            owner=ALICE_OWNER,
            request=_request(contact_id=contact.id, new_contact=None),
            now=later,
        )
        fresh, _ = drafts.follow_up_draft(
            session=session, owner=ALICE_OWNER, ask_draft_id=new_ask.id, number=1, now=later
        )
        assert fresh.id != old_id and fresh.sent_at is None


def test_a_reply_cancels_pending_follow_ups_and_moves_the_stage(db: Database) -> None:
    draft_id = _draft(db)
    _send(db, draft_id, "UTC")
    with db.session() as session:
        assert (
            contacts.pipeline_counts(session=session, owner=ALICE_OWNER, now=SENT)[Stage.ASKED] == 1
        )
        assert len(drafts.awaiting_reply(session=session, owner=ALICE_OWNER, limit=10)) == 1
        _, contact = drafts.get_draft(session=session, owner=ALICE_OWNER, draft_id=draft_id)
        drafts.record_reply(session=session, owner=ALICE_OWNER, contact_id=contact.id, now=SENT)
    with db.session() as session:
        states = {n.state for n in session.scalars(select(Nudge))}
        assert states == {"cancelled"}
        assert (
            contacts.pipeline_counts(session=session, owner=ALICE_OWNER, now=SENT)[Stage.REPLIED]
            == 1
        )
        assert drafts.awaiting_reply(session=session, owner=ALICE_OWNER, limit=10) == []


def test_another_member_cannot_touch_a_draft(db: Database) -> None:
    draft_id = _draft(db)
    with pytest.raises(NotFound):
        _send(db, draft_id, "UTC", owner=BOB_OWNER)
    with db.session() as session:
        for call in (drafts.another_version, drafts.get_draft):
            with pytest.raises(NotFound):
                call(session=session, owner=BOB_OWNER, draft_id=draft_id)
        with pytest.raises(NotFound):
            drafts.edit_draft(
                session=session, owner=BOB_OWNER, draft_id=draft_id, subject=None, body="x"
            )
        _, contact = drafts.get_draft(session=session, owner=ALICE_OWNER, draft_id=draft_id)
        with pytest.raises(NotFound):
            drafts.record_reply(session=session, owner=BOB_OWNER, contact_id=contact.id, now=SENT)
    with pytest.raises(NotFound):
        _draft(db, owner=BOB_OWNER, contact_id=contact.id, new_contact=None)
    with db.session() as session:
        assert session.scalars(select(Nudge)).first() is None


def test_defaults_come_from_the_contact_and_the_last_draft(db: Database) -> None:
    _draft(db)
    with db.session() as session:
        referrer = factories.contact(session, ALICE_OWNER, now=SENT, name="Bob Lee")
        factories.contact(
            session, ALICE_OWNER, now=SENT, name="Ravi Shah", referred_by_id=referrer.id
        )
    with db.session() as session:
        defaults = drafts.ask_defaults(session=session, owner=ALICE_OWNER, query="ravi")
        assert defaults.contact_id is not None
        assert (defaults.answers.connection, defaults.answers.connection_detail) == (
            ConnectionKind.REFERRAL,
            "Bob Lee",
        )
        assert defaults.answers.who_i_am == "a data analyst"  # persists from the last draft
        unknown = drafts.ask_defaults(session=session, owner=ALICE_OWNER, query="Zed Nobody")
        assert (unknown.contact_id, unknown.new_name) == (None, "Zed Nobody")
        assert (
            drafts.ask_defaults(session=session, owner=BOB_OWNER, query="ravi").contact_id is None
        )


def test_another_version_changes_the_text_and_forgets_edits(db: Database) -> None:
    draft_id = _draft(db)
    with db.session() as session:
        edited, _ = drafts.edit_draft(
            session=session, owner=ALICE_OWNER, draft_id=draft_id, subject="S", body="Mine"
        )
        assert edited.edited
        again, _ = drafts.another_version(session=session, owner=ALICE_OWNER, draft_id=draft_id)
        assert again.variant == 1 and not again.edited and again.body != "Mine"


def test_the_school_in_how_you_know_them_is_an_alumni_connection(db: Database) -> None:
    with db.session() as session:
        marcus = {"name": "Marcus Chen", "connection": "We both studied at Azusa Pacific"}
        factories.contact(session, ALICE_OWNER, now=SENT, **marcus)
    with db.session() as session:
        defaults = drafts.ask_defaults(session=session, owner=ALICE_OWNER, query="marcus")
        assert (defaults.answers.connection, defaults.answers.connection_detail) == (
            ConnectionKind.ALUMNI,
            "Azusa Pacific",
        )


def test_a_draft_says_which_of_the_members_words_it_shortened(db: Database) -> None:
    # The form's limits (150 characters) let short words add up to over 100 words.
    long_who = "a mum of two who ran a shop for ten years, now new to code and to all of it " * 2
    long_interest = "how you plan a study, who you ask, how you pick the next one and why " * 2
    draft_id = _draft(
        db,
        who_i_am=long_who[:150],
        interest_narrow=long_interest[:150],
        interest_broad=long_interest[:150],
    )
    with db.session() as session:
        draft, contact = drafts.get_draft(session=session, owner=ALICE_OWNER, draft_id=draft_id)
        cut = drafts.shortened_words(session=session, draft=draft, contact=contact)
        assert "who you are" in cut
        drafts.edit_draft(
            session=session, owner=ALICE_OWNER, draft_id=draft_id, subject=None, body="Mine"
        )
        assert drafts.shortened_words(session=session, draft=draft, contact=contact) == ()
