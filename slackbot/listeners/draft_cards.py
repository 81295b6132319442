"""Showing a draft: its message in the member's DM, kept up to date as it changes."""

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from slackbot.blocks.drafts import DraftCard, draft_message
from slackbot.domain.ask_checks import check_ask
from slackbot.domain.calendar import zone
from slackbot.domain.drafting import Channel, connection_phrase
from slackbot.listeners.common import member_tz, next_step, post_to_member
from slackbot.listeners.deps import Deps
from slackbot.models import Contact, Draft
from slackbot.services import drafts
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner

logger = logging.getLogger(__name__)

Change = Callable[[Session], tuple[Draft, Contact]]


def card_for(session: Session, draft: Draft, contact: Contact, tz_name: str | None) -> DraftCard:
    tz = zone(tz_name)
    channel = draft.channel
    pending = drafts.pending_nudges(session=session, contact_id=contact.id)
    return DraftCard(
        draft_id=draft.id,
        kind=draft.kind,
        follow_up_number=draft.follow_up_number,
        contact_name=contact.name,
        company=contact.company,
        channel=channel,
        subject=draft.subject,
        body=draft.body,
        checks=check_ask(
            draft.body,
            connection=connection_phrase(draft.connection_kind, draft.connection_detail),
            linkedin=channel is Channel.LINKEDIN,
            drafted=not draft.edited,
        ),
        shortened=drafts.shortened_words(session=session, draft=draft, contact=contact),
        sent_on=draft.sent_at.astimezone(tz).date() if draft.sent_at else None,
        replied=bool(draft.sent_at and contact.replied_at and contact.replied_at >= draft.sent_at),
        upcoming=[next_step(nudge, contact, tz) for nudge in pending] if draft.sent_at else (),
    )


def message_of(body: dict[str, Any]) -> tuple[str, str] | None:
    """The (channel, ts) of the message a button was clicked in, if it was in one."""
    container = body.get("container") or {}
    if container.get("type") == "message" and not container.get("is_ephemeral"):
        return container["channel_id"], container["message_ts"]
    return None


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
            card = card_for(session, draft, contact, tz_name)
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
    posted = post_to_member(client, deps, owner, message)
    with deps.db.session() as session:
        drafts.remember_message(
            session=session,
            owner=owner,
            draft_id=draft_id,
            channel=posted["channel"],
            ts=posted["ts"],
        )
    return True
