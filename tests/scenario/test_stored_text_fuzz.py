"""Whatever text is stored (typed long ago, imported, or stranger than any form allows),
every surface the bot draws from it stays within Slack's limits: the Slack stand-in checks
each view and message with slack_sdk's models, as Slack would, and nothing fails."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from slack_bolt import App
from sqlalchemy import select

from slackbot.db import Base, Database
from slackbot.devtools import factories
from slackbot.devtools.clock import SimulatedClock
from slackbot.devtools.driver import SlackDriver, dispatch_transport
from slackbot.devtools.executor import TrackingExecutor
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.domain.meetings import MeetingDetails, MeetingFormat
from slackbot.domain.targets import TargetCompanyDetails
from slackbot.models import Meeting
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.services import meetings, targets
from slackbot.services.cohorts import get_cohort
from tests.conftest import ALICE, ALICE_OWNER, SIGNING_SECRET, TEAM

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
STRANGE = st.sampled_from(
    [
        *("<!channel>", "<@U123>", "<http://evil|bank>", "*", "_", "~", "`", "&amp;", "\n"),
        *("\u202e", "\u200b", "👩🏽‍💻", "e\u0301", "مرحبا", "\t", " ", ">", "```"),
    ]
)
CHARACTERS = st.characters(blacklist_categories=("Cs", "Co", "Cn"), blacklist_characters="\x00")


def texts(max_size: int) -> st.SearchStrategy[str]:
    piece = st.one_of(STRANGE, st.text(CHARACTERS, min_size=1, max_size=40))
    return (
        st.lists(piece, min_size=1, max_size=max_size)
        .map("".join)
        .map(lambda text: text[:max_size])
        .filter(lambda text: text.strip(" \n\t\u200b") != "")
    )


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(NOW)


def _store(db: Database, name: str, company: str, notes: str, title: str, long: str) -> None:
    with db.session() as session:
        get_cohort(session=session, team_id=TEAM).nudge_channel_id = "C0COHORT"
        get_cohort(session=session, team_id=TEAM).privacy_level = "full"
        people = [
            factories.contact(
                session,
                ALICE_OWNER,
                now=NOW - timedelta(days=n),
                name=f"{name[:96]} #{n}",
                company=company,
                title=title,
                notes=notes,
            )
            for n in range(3)
        ]
        targets.save_company(
            session=session,
            owner=ALICE_OWNER,
            details=TargetCompanyDetails(company, motivation=4, size_band=None, has_posting=True),
            company_id=None,
        )
        targets.add_title(session=session, owner=ALICE_OWNER, title=title)
        for contact, hours in ((people[0], -2), (people[1], 30)):
            meetings.save_meeting(
                session=session,
                owner=ALICE_OWNER,
                details=MeetingDetails(
                    contact_id=contact.id,
                    starts_at=NOW + timedelta(hours=hours),
                    duration_minutes=15,
                    format=MeetingFormat.VIDEO,
                    location=title,
                    goal=long,
                ),
                now=NOW - timedelta(days=1),
            )
        held = session.scalar(select(Meeting).where(Meeting.starts_at < NOW))
        held.trends, held.insights, held.advice, held.next_steps = long, notes, name, company
        held.notes_written_at = NOW - timedelta(hours=1)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(  # the longest, most escaped text each column holds
    name="<!channel>&" * 9,
    company="&<>" * 33,
    title="*<@U123>*" * 11,
    notes="<http://evil|bank>\n" * 157,
    long="👩🏽‍💻&<" * 1700,
)
@given(
    name=texts(100),
    company=texts(100),
    title=texts(100),
    notes=texts(3000),
    long=texts(12000),
)
def test_any_stored_text_still_draws_every_surface(
    app: App,
    db: Database,
    slack: SlackStandIn,
    listeners: TrackingExecutor,
    caplog: pytest.LogCaptureFixture,
    name: str,
    company: str,
    title: str,
    notes: str,
    long: str,
) -> None:
    with db.session() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
    caplog.clear()
    _store(db, name, company, notes, title, long)
    driver = SlackDriver(slack, SIGNING_SECRET, dispatch_transport(app))
    before = len(slack.calls)
    driver.open_home(ALICE)
    for command in ("/targets", "/ask-draft", "/meeting-notes", "/contact", "/meeting"):
        assert driver.command(ALICE, command).status == 200
        listeners.settle()
        for modal in slack.modal_stack(ALICE):
            slack.close_modal(ALICE, modal["id"])
    Dispatcher(db, app.client, sleep=lambda _: None).dispatch_due(NOW + timedelta(days=1))
    listeners.settle()
    refused = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert refused == []
    drawn = {call.method for call in slack.calls[before:]}
    assert {"views.publish", "views.open", "chat.postMessage"} <= drawn
