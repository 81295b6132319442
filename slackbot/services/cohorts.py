"""A workspace's cohort settings, created with the defaults on first use."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.domain.calendar import DEFAULT_COUNTRY, CivilHours, calendar_for, zone
from slackbot.domain.cohort_settings import CohortSettings
from slackbot.domain.follow_up import Cadence
from slackbot.models import Cohort


def get_cohort(*, session: Session, team_id: str) -> Cohort:
    cohort = session.scalar(select(Cohort).where(Cohort.team_id == team_id))
    if cohort is not None:
        return cohort
    insert_if_absent(session, Cohort, team_id=team_id)
    return session.scalars(select(Cohort).where(Cohort.team_id == team_id)).one()


def get_cohorts(*, session: Session, team_ids: Iterable[str]) -> dict[str, Cohort]:
    """Several workspaces' cohorts in one query (created when missing), by team id."""
    wanted = set(team_ids)
    found = {
        cohort.team_id: cohort
        for cohort in session.scalars(select(Cohort).where(Cohort.team_id.in_(wanted)))
    }
    for team_id in wanted - found.keys():
        found[team_id] = get_cohort(session=session, team_id=team_id)
    return found


def cadence_of(cohort: Cohort) -> Cadence:
    return Cadence(
        second_contact_days=cohort.second_contact_days,
        follow_up_days=cohort.follow_up_days,
        max_follow_ups=cohort.max_followups,
        at_minute=cohort.nudge_minute,
    )


def civil_hours(cohort: Cohort, member_tz: str | None) -> CivilHours:
    """Business days at the cohort's nudge time, in the member's zone (else the cohort's)."""
    return CivilHours(
        calendar=calendar_for(cohort.holidays_country),
        tz=zone(member_tz or cohort.timezone),
        at_minute=cohort.nudge_minute,
    )


def current_settings(cohort: Cohort) -> CohortSettings:
    return CohortSettings(
        channel=cohort.nudge_channel_id,
        nudge_minute=cohort.nudge_minute,
        timezone=cohort.timezone,
        country=cohort.holidays_country or DEFAULT_COUNTRY,
        privacy=cohort.privacy_level,
        second_contact_days=cohort.second_contact_days,
        follow_up_days=cohort.follow_up_days,
        max_follow_ups=cohort.max_followups,
        quiet_start_minute=cohort.quiet_start_minute,
        quiet_end_minute=cohort.quiet_end_minute,
        keep_in_touch_days=cohort.keep_in_touch_days,
    )


def save_settings(*, session: Session, team_id: str, settings: CohortSettings) -> bool:
    """Save the coach's settings; True when the nudge channel changed."""
    cohort = get_cohort(session=session, team_id=team_id)
    moved = cohort.nudge_channel_id != settings.channel
    if moved:
        cohort.channel_problem = None
    cohort.nudge_channel_id = settings.channel
    cohort.nudge_minute = settings.nudge_minute
    cohort.timezone = settings.timezone
    cohort.holidays_country = settings.country
    cohort.privacy_level = settings.privacy
    cohort.second_contact_days = settings.second_contact_days
    cohort.follow_up_days = settings.follow_up_days
    cohort.max_followups = settings.max_follow_ups
    cohort.quiet_start_minute = settings.quiet_start_minute
    cohort.quiet_end_minute = settings.quiet_end_minute
    cohort.keep_in_touch_days = settings.keep_in_touch_days
    return moved


def note_channel_problem(*, session: Session, team_id: str, problem: str | None) -> None:
    get_cohort(session=session, team_id=team_id).channel_problem = problem
