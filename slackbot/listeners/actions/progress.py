"""The coach's kind check-in, the buttons that open the weekly goals forms, and the
member's choice to be named in the weekly digest."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.cohort import check_in_message, check_in_sent_message, coaches_only_message
from slackbot.delivery.messages import open_modal, send_dm
from slackbot.delivery.profiles import is_coach
from slackbot.deps import Deps
from slackbot.listeners.actions.home_switch import register_home_switch
from slackbot.listeners.payload import owner_of
from slackbot.services import progress
from slackbot.services.members import Owner, find_member
from slackbot.surfaces.forms import cohort_goals_form, goals_form

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.action(ids.COACH_CHECK_IN)
    def check_in(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        coach = owner_of(body)
        if not is_coach(client, deps, coach):
            send_dm(client, deps, coach, coaches_only_message())
            return
        member = Owner(coach.team_id, str(action.get("value") or ""))
        with deps.db.session() as session:
            known = find_member(session=session, owner=member) is not None
        if not known:  # a forged or stale value: only the cohort's own members get a DM
            logger.warning("check-in refused: %s unknown in %s", member.user_id, coach.team_id)
            return
        send_dm(client, deps, member, check_in_message(coach.user_id))
        send_dm(client, deps, coach, check_in_sent_message(member.user_id))
        logger.info("check-in from %s to %s", coach.user_id, member.user_id)

    @app.action(ids.HOME_SET_GOALS)
    def open_goals(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        owner = owner_of(body)

        open_modal(client, deps, body["trigger_id"], lambda session: goals_form(session, owner))

    @app.action(ids.HOME_COHORT_GOALS)
    def open_cohort_goals(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        owner = owner_of(body)
        if not is_coach(client, deps, owner):
            send_dm(client, deps, owner, coaches_only_message())
            return
        open_modal(
            client,
            deps,
            body["trigger_id"],
            lambda session: cohort_goals_form(session, owner.team_id),
        )

    register_home_switch(
        app,
        deps,
        ids.HOME_LEADERBOARD,
        lambda session, owner, on: progress.set_on_leaderboard(session=session, owner=owner, on=on),
    )
