"""An uninstalled workspace: its data kept for the retention period (and kept for good if it
installs again), then deleted; expired OAuth states pruned."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from slackbot.db import Database
from slackbot.db.slack_oauth import OAUTH_STATES
from slackbot.devtools.clock import SimulatedClock
from slackbot.models import Cohort, Contact, Member, Nudge, UninstalledWorkspace
from slackbot.nudges.scheduler import keep_house
from slackbot.services.installations import (
    delete_departed_workspaces,
    prune_oauth_states,
    resume_team_nudges,
    stop_team_nudges,
)
from tests.conftest import ALICE, BOB, TEAM
from tests.services.test_dispatcher import SENT, _ask

OTHER_TEAM = "T0OTHER"
RETENTION = timedelta(days=30)


def _count(db: Database, model: type, team_id: str) -> int:
    with db.session() as session:
        query = select(func.count()).select_from(model)
        if model is Member:
            query = query.where(Member.team_id == team_id)
        elif model is Cohort:
            query = query.where(Cohort.team_id == team_id)
        else:
            query = query.join(Member, Member.id == model.member_id).where(
                Member.team_id == team_id
            )
        return session.scalar(query) or 0


def test_an_uninstalled_workspaces_data_goes_after_the_retention_period_only(db: Database):
    _ask(db, ALICE, "Europe/Paris")
    _ask(db, BOB, "Europe/Paris", name="Wei Tan")
    _ask(db, "UCAROL", "Asia/Singapore", team_id=OTHER_TEAM)
    with db.session() as session:
        assert session.scalar(select(Cohort.id).where(Cohort.team_id == TEAM))  # made by asks
        stop_team_nudges(session=session, team_id=TEAM, now=SENT)
        stop_team_nudges(session=session, team_id=TEAM, now=SENT + timedelta(days=3))  # again

    clock = SimulatedClock(SENT + RETENTION - timedelta(days=1))
    keep_house(db, clock, RETENTION)
    assert _count(db, Contact, TEAM) == 2  # still within the retention period

    clock.now = SENT + RETENTION
    keep_house(db, clock, RETENTION)
    for model in (Member, Contact, Nudge, Cohort):
        assert _count(db, model, TEAM) == 0, model
    assert _count(db, Contact, OTHER_TEAM) == 1  # another workspace keeps everything
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(UninstalledWorkspace)) == 0


def test_installing_again_keeps_the_data_past_the_retention_period(db: Database):
    _ask(db, ALICE, "Europe/Paris")
    with db.session() as session:
        stop_team_nudges(session=session, team_id=TEAM, now=SENT)
        resume_team_nudges(session=session, team_id=TEAM, now=SENT + timedelta(days=2))
    with db.session() as session:
        gone = delete_departed_workspaces(
            session=session, now=SENT + timedelta(days=365), retention=RETENTION
        )
    assert gone == []
    assert _count(db, Contact, TEAM) == 1


def test_expired_oauth_states_are_pruned(db: Database):
    now = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    naive_utc = now.replace(tzinfo=None)
    with db.session() as session:
        session.execute(
            OAUTH_STATES.insert(),
            [
                {"state": "old", "expire_at": naive_utc - timedelta(minutes=1)},
                {"state": "live", "expire_at": naive_utc + timedelta(minutes=9)},
            ],
        )
    with db.session() as session:
        assert prune_oauth_states(session=session, now=now) == 1
    with db.session() as session:
        assert list(session.scalars(select(OAUTH_STATES.c.state))) == ["live"]
