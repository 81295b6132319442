"""Submissions of the contact form: a new contact, or one edited from their page."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.contact_page import SAVED
from slackbot.blocks.contacts import contact_saved_view, duplicate_message
from slackbot.delivery.contact_page import redraw_contact_page
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import tell_overlaps
from slackbot.deps import Deps
from slackbot.domain.contacts import ContactField, ContactForm, seniority_advice, validate_contact
from slackbot.listeners.payload import Form, metadata_of, owner_of
from slackbot.services import contacts, overlaps
from slackbot.services.contacts import DuplicateContact, UnknownReferrer
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner
from slackbot.surfaces.rows import contact_summary

logger = logging.getLogger(__name__)

BLOCK = ids.CONTACT_BLOCKS
GONE_REFERRER = "That contact is no longer in your list."


def read_contact_form(view: dict[str, Any]) -> ContactForm:
    """What the member typed in the contact form (new or edited)."""
    form = Form(view)
    return ContactForm(
        name=form.text(BLOCK[ContactField.NAME]),
        company=form.text(BLOCK[ContactField.COMPANY]),
        title=form.text(BLOCK[ContactField.TITLE]),
        seniority=form.choice(BLOCK[ContactField.SENIORITY]),
        company_size=form.choice(BLOCK[ContactField.COMPANY_SIZE]),
        connection=form.text(BLOCK[ContactField.CONNECTION]),
        referred_by_id=form.choice(BLOCK[ContactField.REFERRED_BY]),
        linkedin_url=form.text(BLOCK[ContactField.LINKEDIN_URL]),
        email=form.text(BLOCK[ContactField.EMAIL]),
        notes=form.text(BLOCK[ContactField.NOTES]),
    )


def _refused(ack: Ack, owner: Owner, error: Exception) -> None:
    """The save's refusal as field errors: a namesake or a detail already on record, or a
    referrer that is no longer the member's."""
    if isinstance(error, DuplicateContact):
        field, text = (
            error.field,
            duplicate_message(error.existing_name, error.field, error.tells_apart),
        )
    else:
        logger.warning("referrer not owned by %s/%s", owner.team_id, owner.user_id)
        field, text = ContactField.REFERRED_BY, GONE_REFERRER
    ack(response_action="errors", errors={BLOCK[field]: text})


def register(app: App, deps: Deps) -> None:
    @app.view(ids.CONTACT_MODAL)
    def save_contact(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        owner = owner_of(body)
        details, errors = validate_contact(read_contact_form(view))
        if details is None:
            ack(response_action="errors", errors={BLOCK[f]: text for f, text in errors.items()})
            return
        try:
            with deps.db.session() as session:
                contact = contacts.create_contact(
                    session=session, owner=owner, details=details, now=deps.clock()
                )
                summary = contact_summary(contact)
                notices = overlaps.check(
                    session=session, owner=owner, contact=contact, now=deps.clock()
                )
        except (DuplicateContact, NotFound) as refused:
            _refused(ack, owner, refused)
            return
        advice = seniority_advice(details.seniority, details.company_size)
        ack(response_action="update", view=contact_saved_view(summary, advice=advice))
        logger.info("contact %s saved by %s/%s", summary.id, owner.team_id, owner.user_id)
        tell_overlaps(client, deps, owner.team_id, notices)
        refresh_home(client, deps, owner)

    @app.view(ids.CONTACT_EDIT_MODAL)
    def save_edit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        owner = owner_of(body)
        details, errors = validate_contact(read_contact_form(view))
        if details is None:
            ack(response_action="errors", errors={BLOCK[f]: text for f, text in errors.items()})
            return
        contact_id = metadata_of(view).get("contact_id")
        try:
            if not isinstance(contact_id, int):
                raise NotFound("no contact id in the form")
            with deps.db.session() as session:
                contact = contacts.update_contact(
                    session=session, owner=owner, contact_id=contact_id, details=details
                )
                notices = overlaps.check(
                    session=session, owner=owner, contact=contact, now=deps.clock()
                )
        except (DuplicateContact, UnknownReferrer) as refused:
            _refused(ack, owner, refused)
            return
        except NotFound:
            logger.warning("contact edit refused for %s/%s", owner.team_id, owner.user_id)
            ack(
                response_action="errors",
                errors={BLOCK[ContactField.NAME]: "This contact is no longer in your list."},
            )
            return
        ack()
        logger.info("contact %s edited by %s/%s", contact_id, owner.team_id, owner.user_id)
        page = body["view"].get("previous_view_id")
        if page:
            redraw_contact_page(client, deps, owner, page, contact_id, SAVED)
        tell_overlaps(client, deps, owner.team_id, notices)
        refresh_home(client, deps, owner)
