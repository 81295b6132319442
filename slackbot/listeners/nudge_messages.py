"""Keeping a posted nudge message true to its reminders' states."""

from slack_sdk import WebClient

from slackbot.blocks.nudges import member_message
from slackbot.listeners.deps import Deps
from slackbot.models import Nudge
from slackbot.nudges.dispatcher import line_of
from slackbot.services import outbox
from slackbot.services.cohorts import get_cohort
from slackbot.services.members import Owner


def redraw(client: WebClient, deps: Deps, owner: Owner, nudges: list[Nudge]) -> None:
    """Redraw each message that carries one of `nudges` (all the owner's)."""
    places = {(n.channel_id, n.message_ts) for n in nudges if n.channel_id and n.message_ts}
    for channel, ts in places:
        assert channel is not None and ts is not None
        with deps.db.session() as session:
            lines = [
                line_of(item) for item in outbox.in_message(session=session, channel=channel, ts=ts)
            ]
            cohort = get_cohort(session=session, team_id=owner.team_id)
            privacy = cohort.privacy_level
        message = member_message(owner.user_id, lines, privacy)
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
