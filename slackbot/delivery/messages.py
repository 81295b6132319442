"""Messages and forms for a member: DMs recorded as theirs, private replies, modals opened
while the trigger id is fresh, and reminder messages kept true to their states."""

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy.orm import Session

from slackbot.blocks.messages import Message
from slackbot.blocks.overlaps import overlap_for_asker, overlap_for_newcomer
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.domain.calendar import zone
from slackbot.services import posted
from slackbot.services.members import Owner
from slackbot.services.outbox import Reminders
from slackbot.services.overlaps import OverlapNotice
from slackbot.surfaces.nudges import reminder_message

logger = logging.getLogger(__name__)

EPHEMERAL = "ephemeral"


def privately(message: Message) -> dict[str, Any]:
    """A reply to a command or a click that only the member sees: it may carry their
    details, so ephemeral is said explicitly rather than left to Slack's default."""
    return {"text": message.text, "blocks": message.blocks, "response_type": EPHEMERAL}


def open_modal(
    client: WebClient, deps: Deps, trigger_id: str, render: Callable[[Session], dict[str, Any]]
) -> None:
    """Render a modal from the database and open it while the trigger id is fresh."""
    with deps.db.session() as session:
        view = render(session)
    client.views_open(trigger_id=trigger_id, view=view)


def post_to_member(client: WebClient, deps: Deps, owner: Owner, message: Message) -> SlackResponse:
    """A message to the member's DM, recorded as theirs: forget-me deletes it from Slack."""
    sent = client.chat_postMessage(channel=owner.user_id, text=message.text, blocks=message.blocks)
    with deps.db.session() as session:
        posted.record_message(
            session=session,
            owner=owner,
            channel_id=sent["channel"],
            ts=sent["ts"],
            now=deps.clock(),
        )
    return sent


def send_dm(client: WebClient, deps: Deps, owner: Owner, message: Message) -> None:
    """`post_to_member`, where a refusal (a deactivated account, say) is only logged."""
    try:
        post_to_member(client, deps, owner, message)
    except SlackApiError as error:
        logger.warning("DM to %s failed: %s", owner.user_id, error.response.get("error"))


def tell_overlaps(
    client: WebClient, deps: Deps, team_id: str, notices: list[OverlapNotice]
) -> None:
    """Both members hear of an overlap, each in their own DM and about their own record."""
    for notice in notices:
        send_dm(
            client,
            deps,
            Owner(team_id, notice.user_id),
            overlap_for_newcomer(notice.contact_name, notice.other_user_id),
        )
        other = Owner(team_id, notice.other_user_id)
        tz = zone(member_tz(client, deps, other))
        asked_on = notice.other_asked_at.astimezone(tz).date()
        today = deps.clock().astimezone(tz).date()
        send_dm(
            client,
            deps,
            other,
            overlap_for_asker(notice.other_contact_name, notice.user_id, asked_on, today=today),
        )


def redraw_reminders(client: WebClient, deps: Deps, owner: Owner, nudges: Reminders) -> None:
    """Redraw each posted message that carries one of `nudges` (all the owner's)."""
    places = {(n.channel_id, n.message_ts) for n in nudges if n.channel_id and n.message_ts}
    for channel, ts in places:
        assert channel is not None and ts is not None
        with deps.db.session() as session:
            message = reminder_message(session, owner, channel=channel, ts=ts, now=deps.clock())
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
