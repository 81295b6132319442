"""The draft message's buttons (also on App Home), and the contact search of /ask-draft."""

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from slackbot.blocks import ids
from slackbot.blocks.drafts import edit_modal
from slackbot.blocks.elements import OPTION_TEXT_MAX
from slackbot.blocks.text import clip
from slackbot.delivery.drafts import show_draft
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import redraw_reminders
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.domain.text import parse_id
from slackbot.listeners.payload import message_of, owner_of
from slackbot.services import contacts, drafts, outbox
from slackbot.services.drafts import DraftAndContact
from slackbot.services.errors import NotFound

SEARCH_RESULTS = 50


def _draft_id(action: dict[str, Any]) -> int:
    draft_id = parse_id(action.get("value"))
    if draft_id is None:
        raise NotFound("unreadable draft id")
    return draft_id


def register(app: App, deps: Deps) -> None:
    @app.action(ids.DRAFT_EDIT)
    def open_editor(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        owner = owner_of(body)
        try:
            with deps.db.session() as session:
                draft, _ = drafts.get_draft(
                    session=session, owner=owner, draft_id=_draft_id(action)
                )
                view = edit_modal(
                    draft_id=draft.id,
                    channel=draft.channel,
                    subject=draft.subject,
                    body=draft.body,
                )
        except NotFound:
            return
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.DRAFT_ANOTHER)
    def another_version(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        owner = owner_of(body)
        show_draft(
            client,
            deps,
            owner,
            lambda session: drafts.another_version(
                session=session, owner=owner, draft_id=_draft_id(action)
            ),
            clicked_in=message_of(body),
        )

    @app.action(ids.DRAFT_MARK_SENT)
    def mark_sent(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        owner = owner_of(body)
        tz_name = member_tz(client, deps, owner)

        settled: outbox.Reminders = []

        def send(session: Session) -> DraftAndContact:
            draft, contact, done = drafts.mark_sent(
                session=session,
                owner=owner,
                draft_id=_draft_id(action),
                now=deps.clock(),
                tz_name=tz_name,
            )
            settled.extend(done)
            return draft, contact

        if show_draft(client, deps, owner, send, clicked_in=message_of(body)):
            redraw_reminders(client, deps, owner, settled)
            refresh_home(client, deps, owner)

    @app.action(ids.DRAFT_REPLIED)
    def they_replied(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        owner = owner_of(body)

        def replied(session: Session) -> DraftAndContact:
            draft, contact = drafts.get_draft(
                session=session, owner=owner, draft_id=_draft_id(action)
            )
            drafts.record_reply(
                session=session, owner=owner, contact_id=contact.id, now=deps.clock()
            )
            return draft, contact

        if show_draft(client, deps, owner, replied, clicked_in=message_of(body)):
            refresh_home(client, deps, owner)

    @app.options(ids.CONTACT_SEARCH)
    def search_contacts(ack: Ack, body: dict[str, Any]) -> None:
        with deps.db.session() as session:
            found = contacts.search_contacts(
                session=session,
                owner=owner_of(body),
                query=body.get("value") or "",
                limit=SEARCH_RESULTS,
            )
            options = [
                {
                    "text": {
                        "type": "plain_text",
                        "text": clip(
                            f"{c.name} ({c.company})" if c.company else c.name, OPTION_TEXT_MAX
                        ),
                    },
                    "value": str(c.id),
                }
                for c in found
            ]
        ack(options=options)
