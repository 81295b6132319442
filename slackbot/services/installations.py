"""A workspace that uninstalls Parachute (or revokes its token) gets no more nudges, and its
members' data is deleted once the retention period has passed without a new install."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from slackbot.db.slack_oauth import OAUTH_STATES
from slackbot.db.upsert import insert_if_absent
from slackbot.domain.nudges import NOT_POSTED, NudgeState
from slackbot.models import Cohort, Member, Nudge, UninstalledWorkspace
from slackbot.services.forget import forget_member
from slackbot.services.members import Owner
from slackbot.services.posted import forget_team_posts

STOPPED = "uninstalled"  # the last_error of the nudges an uninstall stopped


def stop_team_nudges(*, session: Session, team_id: str, now: datetime) -> int:
    """Cancel every nudge of the workspace not posted yet (snoozed ones too), and note
    when it left; how many nudges. Its members' data stays, isolated as ever, for the
    retention period, should the workspace install Parachute again."""
    insert_if_absent(session, UninstalledWorkspace, team_id=team_id, uninstalled_at=now)
    members = select(Member.id).where(Member.team_id == team_id)
    result = session.execute(
        update(Nudge)
        .where(Nudge.member_id.in_(members), Nudge.state.in_(NOT_POSTED))
        .values(state=NudgeState.CANCELLED, claim_token=None, last_error=STOPPED, updated_at=now)
    )
    return result.rowcount  # type: ignore[attr-defined]


def resume_team_nudges(*, session: Session, team_id: str, now: datetime) -> int:
    """The workspace installed Parachute again: its data is kept, and what its uninstall
    stopped is due again (follow-ups that missed their time wait for the next nudge time,
    as after downtime)."""
    session.execute(delete(UninstalledWorkspace).where(UninstalledWorkspace.team_id == team_id))
    members = select(Member.id).where(Member.team_id == team_id)
    result = session.execute(
        update(Nudge)
        .where(Nudge.member_id.in_(members), Nudge.state == NudgeState.CANCELLED)
        .where(Nudge.last_error == STOPPED)
        .values(state=NudgeState.PENDING, last_error=None, updated_at=now)
    )
    return result.rowcount  # type: ignore[attr-defined]


def delete_departed_workspaces(
    *, session: Session, now: datetime, retention: timedelta
) -> list[str]:
    """Delete every member's data (and the cohort's settings) of each workspace uninstalled
    longer than `retention` ago; the teams deleted."""
    departed = list(
        session.scalars(
            select(UninstalledWorkspace.team_id).where(
                UninstalledWorkspace.uninstalled_at <= now - retention
            )
        )
    )
    for team_id in departed:
        members = list(session.scalars(select(Member.user_id).where(Member.team_id == team_id)))
        for user_id in members:
            forget_member(session=session, owner=Owner(team_id, user_id))
        session.execute(delete(Cohort).where(Cohort.team_id == team_id))
        forget_team_posts(session=session, team_id=team_id)
        session.execute(delete(UninstalledWorkspace).where(UninstalledWorkspace.team_id == team_id))
    return departed


def prune_oauth_states(*, session: Session, now: datetime) -> int:
    """Delete the install links' states that have expired (slack_sdk deletes only those
    consumed); how many."""
    expired = OAUTH_STATES.c.expire_at < now.astimezone(UTC).replace(
        tzinfo=None
    )  # slack_sdk's: naive UTC
    return session.execute(delete(OAUTH_STATES).where(expired)).rowcount  # type: ignore[attr-defined]
