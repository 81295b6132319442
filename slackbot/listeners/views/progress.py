"""Submissions of the weekly goals forms: the member's own, and the coach's defaults
with the weekly digest's day and time."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.delivery.home import refresh_home
from slackbot.delivery.profiles import is_coach
from slackbot.deps import Deps
from slackbot.domain.cohort_settings import minute_of
from slackbot.domain.cohort_stats import Goals, cohort_asks_goal_error, read_goal
from slackbot.domain.digest import read_weekday
from slackbot.listeners.payload import Form, owner_of
from slackbot.services import digest, progress

logger = logging.getLogger(__name__)


def _read_goals(view: dict[str, Any]) -> tuple[int | None, int | None, dict[str, str]]:
    form = Form(view)
    asks, asks_error = read_goal(form.text(ids.GOAL_ASKS))
    meetings, meetings_error = read_goal(form.text(ids.GOAL_MEETINGS))
    errors = {
        block: error
        for block, error in ((ids.GOAL_ASKS, asks_error), (ids.GOAL_MEETINGS, meetings_error))
        if error
    }
    return asks, meetings, errors


def register(app: App, deps: Deps) -> None:
    @app.view(ids.GOALS_MODAL)
    def save_goals(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        owner = owner_of(body)
        asks, meetings, errors = _read_goals(view)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        with deps.db.session() as session:
            progress.set_goals(session=session, owner=owner, asks=asks, meetings=meetings)
        ack()
        refresh_home(client, deps, owner)

    @app.view(ids.COHORT_GOALS_MODAL)
    def save_cohort_goals(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        owner = owner_of(body)
        asks, meetings, errors = _read_goals(view)
        for block, value in ((ids.GOAL_ASKS, asks), (ids.GOAL_MEETINGS, meetings)):
            if value is None:
                errors.setdefault(block, "Please enter a weekly goal (0 for none).")
        if asks_error := cohort_asks_goal_error(asks):
            errors[ids.GOAL_ASKS] = asks_error
        form = Form(view)
        day = form.choice(ids.DIGEST_DAY)
        weekday = read_weekday(day)
        if day != ids.DIGEST_OFF and weekday is None:
            errors[ids.DIGEST_DAY] = "Please pick a day, or no digest."
        minute = minute_of(form.time(ids.DIGEST_TIME))
        if minute is None:
            errors[ids.DIGEST_TIME] = "Please pick a time."
        # The form opened for a coach only; a forged submission is refused from the cache.
        if not errors and not is_coach(client, deps, owner, fetch=False):
            errors[ids.GOAL_ASKS] = "Only the cohort's coaches can change this."
        if errors or asks is None or meetings is None or minute is None:
            ack(response_action="errors", errors=errors)
            return
        with deps.db.session() as session:
            progress.set_cohort_goals(
                session=session, team_id=owner.team_id, goals=Goals(asks, meetings)
            )
            digest.set_schedule(
                session=session,
                team_id=owner.team_id,
                coach=owner,
                weekday=weekday,
                minute=minute,
                now=deps.clock(),
            )
        logger.info("cohort goals of %s saved by %s", owner.team_id, owner.user_id)
        ack()
        refresh_home(client, deps, owner)
