"""Submissions of the /ask-draft form and of the draft edit form."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.contact_page import DRAFTED
from slackbot.delivery.contact_page import redraw_contact_page
from slackbot.delivery.drafts import show_draft
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import tell_overlaps
from slackbot.deps import Deps
from slackbot.domain.ask_form import AskField, AskForm, validate_ask
from slackbot.domain.contacts import ContactField
from slackbot.domain.text import clean_block, clean_line, has_visible_text
from slackbot.listeners.payload import Form, metadata_of, owner_of
from slackbot.services import contacts, drafts, overlaps
from slackbot.services.contacts import DuplicateContact
from slackbot.services.errors import NotFound

logger = logging.getLogger(__name__)

BLOCK = ids.ASK_BLOCKS


def register(app: App, deps: Deps) -> None:
    @app.view(ids.ASK_MODAL)
    def write_draft(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        owner = owner_of(body)
        form = Form(view)
        request, errors = validate_ask(
            AskForm(
                contact_id=form.choice(BLOCK[AskField.CONTACT]),
                new_name=form.text(BLOCK[AskField.NEW_NAME]),
                new_company=form.text(BLOCK[AskField.NEW_COMPANY]),
                connection_kind=form.choice(BLOCK[AskField.CONNECTION_KIND]),
                connection_detail=form.text(BLOCK[AskField.CONNECTION_DETAIL]),
                who_i_am=form.text(BLOCK[AskField.WHO_I_AM]),
                interest_narrow=form.text(BLOCK[AskField.INTEREST_NARROW]),
                interest_broad=form.text(BLOCK[AskField.INTEREST_BROAD]),
                sign_off=form.text(BLOCK[AskField.SIGN_OFF]),
                channel=form.choice(BLOCK[AskField.CHANNEL]),
            )
        )
        if errors and AskField.CONTACT in errors and BLOCK[AskField.CONTACT] not in form:
            errors[AskField.NEW_NAME] = errors.pop(AskField.CONTACT)  # no select to point at
        if request is None:
            ack(response_action="errors", errors={BLOCK[f]: text for f, text in errors.items()})
            return
        try:
            with deps.db.session() as session:
                draft = drafts.create_ask_draft(
                    session=session, owner=owner, request=request, now=deps.clock()
                )
                draft_id, contact_id = draft.id, draft.contact_id
                contact = contacts.get_contact(
                    session=session, owner=owner, contact_id=draft.contact_id
                )
                notices = overlaps.check(
                    session=session, owner=owner, contact=contact, now=deps.clock()
                )
        except DuplicateContact as duplicate:
            message = (
                f"You already have {duplicate.existing_name}: pick them from your contacts."
                if duplicate.field is ContactField.NAME
                else "This person is already in your contacts."
            )
            ack(response_action="errors", errors={BLOCK[AskField.NEW_NAME]: message})
            return
        except NotFound:
            ack(
                response_action="errors",
                errors={BLOCK[AskField.CONTACT]: "That contact is no longer in your list."},
            )
            return
        ack()
        show_draft(
            client,
            deps,
            owner,
            lambda session: drafts.get_draft(session=session, owner=owner, draft_id=draft_id),
        )
        page, page_contact_id = (
            body["view"].get("previous_view_id"),
            metadata_of(view).get("page_contact_id"),
        )
        if page and page_contact_id == contact_id:  # drafted from the contact's page
            redraw_contact_page(client, deps, owner, page, contact_id, DRAFTED)
        tell_overlaps(client, deps, owner.team_id, notices)
        refresh_home(client, deps, owner)

    @app.view(ids.DRAFT_EDIT_MODAL)
    def save_edit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        owner = owner_of(body)
        form = Form(view)
        text = clean_block(form.text(ids.EDIT_BODY))
        if not has_visible_text(text):
            ack(response_action="errors", errors={ids.EDIT_BODY: "Your message is empty."})
            return
        draft_id = metadata_of(view).get("draft_id")
        if not isinstance(draft_id, int):
            ack(response_action="errors", errors={ids.EDIT_BODY: "This draft is gone."})
            return
        ack()
        subject = clean_line(form.text(ids.EDIT_SUBJECT)) or None
        show_draft(
            client,
            deps,
            owner,
            lambda session: drafts.edit_draft(
                session=session, owner=owner, draft_id=draft_id, subject=subject, body=text
            ),
        )
