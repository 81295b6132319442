"""The coach's /cohort settings: saved, then the channel greeted (or the coach told why not)."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackbot.blocks import ids
from slackbot.blocks.cohort import (
    channel_hello_message,
    channel_problem_message,
    settings_summary_message,
)
from slackbot.delivery.home import refresh_home
from slackbot.delivery.profiles import is_coach
from slackbot.deps import Deps
from slackbot.domain.cohort_settings import (
    CohortField,
    CohortSettingsForm,
    validate_cohort_settings,
)
from slackbot.listeners.payload import Form, owner_of
from slackbot.services.cohorts import note_channel_problem, save_settings

logger = logging.getLogger(__name__)

BLOCK = ids.COHORT_BLOCKS


def register(app: App, deps: Deps) -> None:
    @app.view(ids.COHORT_MODAL)
    def save(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        owner = owner_of(body)
        form = Form(view)
        settings, errors = validate_cohort_settings(
            CohortSettingsForm(
                channel=form.conversation(BLOCK[CohortField.CHANNEL]),
                nudge_time=form.time(BLOCK[CohortField.NUDGE_TIME]),
                timezone=form.choice(BLOCK[CohortField.TIMEZONE]),
                country=form.text(BLOCK[CohortField.COUNTRY]),
                privacy=form.choice(BLOCK[CohortField.PRIVACY]),
                second_contact_days=form.text(BLOCK[CohortField.SECOND_CONTACT_DAYS]),
                follow_up_days=form.text(BLOCK[CohortField.FOLLOW_UP_DAYS]),
                max_follow_ups=form.text(BLOCK[CohortField.MAX_FOLLOW_UPS]),
                quiet_start=form.time(BLOCK[CohortField.QUIET_START]),
                quiet_end=form.time(BLOCK[CohortField.QUIET_END]),
                keep_in_touch_days=form.text(BLOCK[CohortField.KEEP_IN_TOUCH_DAYS]),
            )
        )
        if settings is None:
            ack(response_action="errors", errors={BLOCK[f]: text for f, text in errors.items()})
            return
        # The modal was only opened for a coach (which cached the profile); a forged
        # submission is checked again, from that cache: no Web API call before the ack.
        if not is_coach(client, deps, owner, fetch=False):
            ack(
                response_action="errors",
                errors={BLOCK[CohortField.COUNTRY]: "Only the cohort's coaches can change this."},
            )
            return
        with deps.db.session() as session:
            moved = save_settings(session=session, team_id=owner.team_id, settings=settings)
        logger.info("cohort settings of %s saved by %s", owner.team_id, owner.user_id)
        ack()
        if settings.channel and moved:  # a new channel: greet it once
            _greet(client, deps, owner.team_id, owner.user_id, settings.channel)
        summary = settings_summary_message(settings)
        client.chat_postMessage(channel=owner.user_id, text=summary.text, blocks=summary.blocks)
        refresh_home(client, deps, owner)


def _greet(client: WebClient, deps: Deps, team_id: str, coach_id: str, channel: str) -> None:
    """Say hello in the channel, which also proves the bot may post there."""
    hello = channel_hello_message()
    try:
        client.chat_postMessage(channel=channel, text=hello.text, blocks=hello.blocks)
    except SlackApiError as failure:
        error = str(failure.response.get("error") or "unknown")
        with deps.db.session() as session:
            note_channel_problem(session=session, team_id=team_id, problem=error)
        problem = channel_problem_message(channel, error)
        client.chat_postMessage(channel=coach_id, text=problem.text, blocks=problem.blocks)
