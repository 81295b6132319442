"""The member's Slack profile (zone, admin flag), cached on their row, and who coaches."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackbot.deps import Deps
from slackbot.domain.cohort_settings import coaches_cohort
from slackbot.services import members
from slackbot.services.members import Owner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Profile:
    tz: str | None
    is_admin: bool


def profile_of(
    client: WebClient,
    deps: Deps,
    owner: Owner,
    *,
    fetch: bool = True,
    max_age: timedelta = members.PROFILE_MAX_AGE,
) -> Profile:
    """The member's time zone and admin flag, from users.info when not cached or older
    than `max_age` (a week; minutes for a coach's surfaces).

    `fetch=False` reads the cache only: for the moments before an ack, when no Web API
    call may stand between Slack and its answer."""
    now = deps.clock()
    with deps.db.session() as session:
        member = members.get_or_create_member(session=session, owner=owner)
        cached = Profile(member.tz, member.is_admin)
        if not fetch or not members.profile_is_stale(member, now=now, max_age=max_age):
            return cached
    try:
        user = client.users_info(user=owner.user_id)["user"]
    except SlackApiError as error:
        # Nothing needs the profile urgently; try again next time.
        logger.warning("users.info failed for %s: %s", owner.user_id, error.response.get("error"))
        return cached
    profile = user.get("profile") or {}
    is_admin = bool(user.get("is_admin") or user.get("is_owner"))
    with deps.db.session() as session:
        members.save_profile(
            session=session,
            owner=owner,
            display_name=profile.get("real_name") or user.get("real_name"),
            tz=user.get("tz"),
            is_admin=is_admin,
            now=now,
        )
    return Profile(user.get("tz"), is_admin)


def member_tz(client: WebClient, deps: Deps, owner: Owner, *, fetch: bool = True) -> str | None:
    return profile_of(client, deps, owner, fetch=fetch).tz


def is_coach(client: WebClient, deps: Deps, owner: Owner, *, fetch: bool = True) -> bool:
    """Whether the member coaches the cohort, with their admin status checked with Slack
    every few minutes (an admin a week ago may be one no more)."""
    profile = profile_of(client, deps, owner, fetch=fetch, max_age=members.COACH_STATUS_MAX_AGE)
    return coaches(deps, owner, profile)


def coaches(deps: Deps, owner: Owner, profile: Profile) -> bool:
    """Whether the member, with this profile, coaches the cohort."""
    return coaches_cohort(
        is_admin=profile.is_admin,
        cohort_admins=deps.cohort_admins,
        team_id=owner.team_id,
        user_id=owner.user_id,
    )
