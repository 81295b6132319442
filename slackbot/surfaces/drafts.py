"""A draft's card: the message, its checks and what comes next."""

from datetime import datetime

from sqlalchemy.orm import Session

from slackbot.blocks.drafts import DraftCard
from slackbot.domain.ask_checks import check_ask
from slackbot.domain.calendar import zone
from slackbot.domain.drafting import Channel, connection_phrase
from slackbot.models import Contact, Draft
from slackbot.services import drafts
from slackbot.surfaces.rows import next_step


def card_for(
    session: Session, draft: Draft, contact: Contact, *, now: datetime, tz_name: str | None
) -> DraftCard:
    tz = zone(tz_name)
    channel = draft.channel
    pending = drafts.pending_nudges(session=session, contact_id=contact.id)
    return DraftCard(
        today=now.astimezone(tz).date(),
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
