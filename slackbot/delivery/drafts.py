"""Showing a draft: its message in the member's DM, kept up to date as it changes."""

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from slackbot.blocks.drafts import draft_message
from slackbot.delivery.messages import post_to_member
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.services import drafts
from slackbot.services.drafts import DraftAndContact
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner
from slackbot.surfaces.drafts import card_for

logger = logging.getLogger(__name__)

Change = Callable[[Session], DraftAndContact]


def show_draft(
    client: WebClient,
    deps: Deps,
    owner: Owner,
    change: Change,
    *,
    clicked_in: tuple[str, str] | None = None,
) -> bool:
    """Apply `change` (a service call returning the draft) and show the draft's message:
    updated in place, or posted to the member's DM the first time. False if not theirs.

    `clicked_in` is the message the click came from: it is the draft's message even when
    a quick click beat the recording of where that message is."""
    tz_name = member_tz(client, deps, owner)
    try:
        with deps.db.session() as session:
            draft, contact = change(session)
            card = card_for(session, draft, contact, now=deps.clock(), tz_name=tz_name)
            draft_id, channel, ts = draft.id, draft.message_channel, draft.message_ts
            if not (channel and ts) and clicked_in:
                channel, ts = draft.message_channel, draft.message_ts = clicked_in
    except NotFound:
        logger.warning("draft refused: not owned by %s/%s", owner.team_id, owner.user_id)
        return False
    message = draft_message(card)
    if channel and ts:
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
        return True
    sent = post_to_member(client, deps, owner, message)
    with deps.db.session() as session:
        drafts.remember_message(
            session=session,
            owner=owner,
            draft_id=draft_id,
            channel=sent["channel"],
            ts=sent["ts"],
        )
    return True
