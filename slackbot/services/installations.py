"""A workspace that uninstalls Parachute (or revokes its token) gets no more nudges."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from slackbot.domain.nudges import NOT_POSTED, NudgeState
from slackbot.models import Member, Nudge

STOPPED = "uninstalled"  # the last_error of the nudges an uninstall stopped


def stop_team_nudges(*, session: Session, team_id: str, now: datetime) -> int:
    """Cancel every nudge of the workspace not posted yet (snoozed ones too); how many.
    Its members' data stays, isolated as ever, should the workspace install it again."""
    members = select(Member.id).where(Member.team_id == team_id)
    result = session.execute(
        update(Nudge)
        .where(Nudge.member_id.in_(members), Nudge.state.in_(NOT_POSTED))
        .values(state=NudgeState.CANCELLED, claim_token=None, last_error=STOPPED, updated_at=now)
    )
    return result.rowcount  # type: ignore[attr-defined]


def resume_team_nudges(*, session: Session, team_id: str, now: datetime) -> int:
    """The workspace installed Parachute again: what its uninstall stopped is due again
    (follow-ups that missed their time wait for the next nudge time, as after downtime)."""
    members = select(Member.id).where(Member.team_id == team_id)
    result = session.execute(
        update(Nudge)
        .where(Nudge.member_id.in_(members), Nudge.state == NudgeState.CANCELLED)
        .where(Nudge.last_error == STOPPED)
        .values(state=NudgeState.PENDING, last_error=None, updated_at=now)
    )
    return result.rowcount  # type: ignore[attr-defined]
