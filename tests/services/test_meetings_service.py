from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.domain.meetings import MeetingDetails, MeetingFormat, Referral
from slackbot.domain.pipeline import Stage
from slackbot.models import Contact, Nudge
from slackbot.services import contacts, meetings
from slackbot.services.errors import NotFound
from slackbot.services.meetings import MeetingNotes
from slackbot.services.members import Owner
from tests.conftest import ALICE_OWNER, BOB_OWNER

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
NOTES = MeetingNotes(None, "They hire juniors rarely", "Start with ops", None, None, None, None)


def _contact(db: Database, name: str = "Jane Doe") -> int:
    with db.session() as session:
        return factories.contact(session, ALICE_OWNER, now=NOW, name=name, company="Acme").id


def _meet(
    db: Database, contact_id: int, start: datetime, meeting_id: int | None = None, owner=ALICE_OWNER
) -> int:
    with db.session() as session:
        meeting, _ = meetings.save_meeting(
            session=session,
            owner=owner,
            details=MeetingDetails(contact_id, start, 15, MeetingFormat.VIDEO, None, None),
            now=NOW,
            meeting_id=meeting_id,
        )
        return meeting.id


def _write_notes(session: Session, owner: Owner, meeting_id: int) -> None:
    """NOTES written at NOW, no referrals, the thank-you sent."""
    meetings.save_notes(
        session=session,
        owner=owner,
        meeting_id=meeting_id,
        notes=NOTES,
        referrals=[],
        thank_you_sent=True,
        now=NOW,
    )


def _pending(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(Nudge.kind).where(Nudge.state == "pending")))


def test_scheduling_then_moving_a_meeting_moves_its_reminders(db: Database) -> None:
    contact_id = _contact(db)
    meeting_id = _meet(db, contact_id, NOW + timedelta(days=3))
    assert _pending(db) == {"prep", "notes", "thank_you", "close_loop", "keep_in_touch"}
    _meet(db, contact_id, NOW + timedelta(days=5), meeting_id=meeting_id)
    with db.session() as session:
        prep = session.scalars(
            select(Nudge).where(Nudge.kind == "prep", Nudge.state == "pending")
        ).all()
        # Moved to Monday: its prep pack on the Friday before, at the nudge time (UTC here).
        assert [n.due_at for n in prep] == [datetime(2026, 11, 27, 9, 0, tzinfo=UTC)]
        assert (
            contacts.pipeline_counts(session=session, owner=ALICE_OWNER, now=NOW)[
                Stage.MEETING_SCHEDULED
            ]
            == 1
        )
    with db.session() as session:
        meetings.cancel_meeting(session=session, owner=ALICE_OWNER, meeting_id=meeting_id, now=NOW)
    assert _pending(db) == set()


def test_notes_turn_referrals_into_contacts_once(db: Database) -> None:
    contact_id = _contact(db)
    _contact(db, "Bob Lee")
    meeting_id = _meet(db, contact_id, NOW - timedelta(hours=1))
    with db.session() as session:
        saved = meetings.save_notes(
            session=session,
            owner=ALICE_OWNER,
            meeting_id=meeting_id,
            notes=NOTES,
            referrals=[Referral("Mia Wong", "Umbrella", None), Referral("Bob Lee", "Acme", None)],
            thank_you_sent=True,
            now=NOW,
        )
        assert (saved.referrals_added, saved.referrals_known) == (["Mia Wong"], ["Bob Lee"])
    with db.session() as session:
        mia = session.scalar(select(Contact).where(Contact.name == "Mia Wong"))
        assert mia.referred_by_id == contact_id and mia.connection == "Referred by Jane Doe"
        assert (
            contacts.pipeline_counts(session=session, owner=ALICE_OWNER, now=NOW)[Stage.THANKED]
            == 1
        )


def test_another_member_cannot_touch_a_meeting(db: Database) -> None:
    contact_id = _contact(db)
    meeting_id = _meet(db, contact_id, NOW - timedelta(hours=1))
    with pytest.raises(NotFound):
        _meet(db, contact_id, NOW, owner=BOB_OWNER)
    with pytest.raises(NotFound):
        _meet(db, contact_id, NOW, meeting_id=meeting_id, owner=BOB_OWNER)
    with db.session() as session:
        for call in (meetings.cancel_meeting, meetings.mark_thanked, meetings.mark_prep_done):
            with pytest.raises(NotFound):
                call(session=session, owner=BOB_OWNER, meeting_id=meeting_id, now=NOW)
        with pytest.raises(NotFound):
            _write_notes(session, BOB_OWNER, meeting_id)
        assert meetings.recent_notes(session=session, owner=BOB_OWNER, limit=5) == []
        assert meetings.meetings_for_notes(session=session, owner=BOB_OWNER, now=NOW, limit=5) == []


def test_editing_a_meeting_keeps_one_reminder_of_each_kind(db: Database) -> None:
    contact_id = _contact(db)
    start = NOW + timedelta(days=3)
    meeting_id = _meet(db, contact_id, start)
    _meet(db, contact_id, start, meeting_id=meeting_id)  # only the place changed
    other = _contact(db, "Sam Roe")
    _meet(db, other, start, meeting_id=meeting_id)  # the wrong person was picked
    with db.session() as session:
        pending = session.scalars(select(Nudge).where(Nudge.state == "pending")).all()
        assert sorted(n.kind for n in pending) == sorted(
            ["prep", "notes", "thank_you", "close_loop", "keep_in_touch"]
        )
        assert {n.contact_id for n in pending} == {other}


def test_a_reply_does_not_cancel_the_meetings_reminders(db: Database) -> None:
    from slackbot.services import drafts

    contact_id = _contact(db)
    _meet(db, contact_id, NOW + timedelta(days=3))
    with db.session() as session:
        drafts.record_reply(session=session, owner=ALICE_OWNER, contact_id=contact_id, now=NOW)
    assert "prep" in _pending(db)


def test_notes_written_do_not_come_back_when_the_time_is_corrected(db: Database) -> None:
    contact_id = _contact(db)
    meeting_id = _meet(db, contact_id, NOW - timedelta(hours=3))
    with db.session() as session:
        _write_notes(session, ALICE_OWNER, meeting_id)
    _meet(db, contact_id, NOW - timedelta(hours=4), meeting_id=meeting_id)
    assert _pending(db) == {"close_loop", "keep_in_touch"}


def test_keeping_in_touch_recurs(db: Database, slack, client) -> None:
    from slackbot.nudges.dispatcher import Dispatcher

    slack.add_user(ALICE_OWNER.user_id, "Alice", tz="UTC")
    contact_id = _contact(db)
    _meet(db, contact_id, NOW - timedelta(hours=3))
    dispatcher = Dispatcher(db, client, sleep=lambda _: None)
    with db.session() as session:
        first_due = session.scalar(select(Nudge.due_at).where(Nudge.kind == "keep_in_touch"))
    # 90 days after the meeting, on a business day at the cohort's nudge time (09:00).
    assert first_due.date() >= (NOW + timedelta(days=90)).date()
    assert first_due.weekday() < 5 and (first_due.hour, first_due.minute) == (9, 0)
    dispatcher.dispatch_due(first_due)
    with db.session() as session:
        keep = session.scalars(
            select(Nudge).where(Nudge.kind == "keep_in_touch").order_by(Nudge.number)
        ).all()
        assert [(n.number, n.state) for n in keep] == [(0, "sent"), (1, "pending")]
        second_due = keep[1].due_at
    assert second_due - first_due >= timedelta(days=90)
    assert second_due.weekday() < 5 and (second_due.hour, second_due.minute) == (9, 0)
    dispatcher.dispatch_due(second_due)
    with db.session() as session:
        assert len(session.scalars(select(Nudge).where(Nudge.kind == "keep_in_touch")).all()) == 3
