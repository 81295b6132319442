"""A workspace's cohort settings, created with the defaults on first use."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.domain.follow_up import Cadence
from slackbot.models import Cohort


def get_cohort(*, session: Session, team_id: str) -> Cohort:
    cohort = session.scalar(select(Cohort).where(Cohort.team_id == team_id))
    if cohort is not None:
        return cohort
    insert_if_absent(session, Cohort, team_id=team_id)
    return session.scalars(select(Cohort).where(Cohort.team_id == team_id)).one()


def cadence_of(cohort: Cohort) -> Cadence:
    return Cadence(
        second_contact_days=cohort.second_contact_days,
        follow_up_days=cohort.follow_up_days,
        max_follow_ups=cohort.max_followups,
        at_minute=cohort.nudge_minute,
    )
