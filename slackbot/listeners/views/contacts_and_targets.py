"""Submissions of the contact modal and the target list forms."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.contacts import contact_saved_view
from slackbot.blocks.targets import POSTING
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import tell_overlaps
from slackbot.deps import Deps
from slackbot.domain.contacts import ContactField, ContactForm, seniority_advice, validate_contact
from slackbot.domain.targets import validate_company, validate_job_title
from slackbot.listeners.payload import Form, metadata_of, owner_of
from slackbot.services import contacts, overlaps, targets
from slackbot.services.contacts import DuplicateContact
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner
from slackbot.services.targets import DuplicateTarget
from slackbot.surfaces.forms import targets_sheet
from slackbot.surfaces.rows import contact_summary

logger = logging.getLogger(__name__)

CONTACT_BLOCKS = ids.CONTACT_BLOCKS


def _field_errors(ack: Ack, errors: dict[str, str]) -> None:
    ack(response_action="errors", errors=errors)


_DETAIL_NAMES = {ContactField.LINKEDIN_URL: "LinkedIn profile", ContactField.EMAIL: "email"}


def read_contact_form(view: dict[str, Any]) -> ContactForm:
    """What the member typed in the contact form (new or edited)."""
    form = Form(view)
    return ContactForm(
        name=form.text(CONTACT_BLOCKS[ContactField.NAME]),
        company=form.text(CONTACT_BLOCKS[ContactField.COMPANY]),
        title=form.text(CONTACT_BLOCKS[ContactField.TITLE]),
        seniority=form.choice(CONTACT_BLOCKS[ContactField.SENIORITY]),
        company_size=form.choice(CONTACT_BLOCKS[ContactField.COMPANY_SIZE]),
        connection=form.text(CONTACT_BLOCKS[ContactField.CONNECTION]),
        referred_by_id=form.choice(CONTACT_BLOCKS[ContactField.REFERRED_BY]),
        linkedin_url=form.text(CONTACT_BLOCKS[ContactField.LINKEDIN_URL]),
        email=form.text(CONTACT_BLOCKS[ContactField.EMAIL]),
        notes=form.text(CONTACT_BLOCKS[ContactField.NOTES]),
    )


def duplicate_message(error: DuplicateContact) -> str:
    if error.field is not ContactField.NAME:
        return f"You already have {error.existing_name} with this {_DETAIL_NAMES[error.field]}."
    found = f"You already have {error.existing_name} with this name at this company."
    if not error.tells_apart:
        # Only a detail both records have can tell two namesakes apart.
        return f"{found} If it's someone else, tell them apart in the name (a middle initial)."
    details = " or ".join(_DETAIL_NAMES[detail] for detail in error.tells_apart)
    return f"{found} If it's someone else, add their {details} to tell them apart."


def register(app: App, deps: Deps) -> None:
    @app.view(ids.CONTACT_MODAL)
    def save_contact(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        owner = owner_of(body)
        details, errors = validate_contact(read_contact_form(view))
        if details is None:
            _field_errors(ack, {CONTACT_BLOCKS[field]: text for field, text in errors.items()})
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
        except DuplicateContact as duplicate:
            _field_errors(ack, {CONTACT_BLOCKS[duplicate.field]: duplicate_message(duplicate)})
            return
        except NotFound:
            logger.warning("referrer not owned by %s/%s", owner.team_id, owner.user_id)
            _field_errors(
                ack,
                {
                    CONTACT_BLOCKS[
                        ContactField.REFERRED_BY
                    ]: "That contact is no longer in your list."
                },
            )
            return
        advice = seniority_advice(details.seniority, details.company_size)
        ack(response_action="update", view=contact_saved_view(summary, advice=advice))
        logger.info("contact %s saved by %s/%s", summary.id, owner.team_id, owner.user_id)
        tell_overlaps(client, deps, owner.team_id, notices)
        refresh_home(client, deps, owner)

    @app.view(ids.TARGET_COMPANY_FORM)
    def save_company(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        owner = owner_of(body)
        form = Form(view)
        details, errors = validate_company(
            form.text(ids.COMPANY_NAME),
            form.choice(ids.COMPANY_MOTIVATION),
            form.choice(ids.COMPANY_SIZE),
            POSTING in form.checked(ids.COMPANY_POSTING),
        )
        block_of = {"name": ids.COMPANY_NAME, "motivation": ids.COMPANY_MOTIVATION}
        if details is None:
            _field_errors(ack, {block_of[field]: text for field, text in errors.items()})
            return
        company_id = metadata_of(view).get("company_id")
        try:
            with deps.db.session() as session:
                targets.save_company(
                    session=session,
                    owner=owner,
                    details=details,
                    company_id=company_id if isinstance(company_id, int) else None,
                )
        except DuplicateTarget:
            _field_errors(ack, {ids.COMPANY_NAME: f"{details.name} is already on your list."})
            return
        except NotFound:
            _field_errors(ack, {ids.COMPANY_NAME: "This company is no longer on your list."})
            return
        ack()
        _show_targets_again(client, deps, owner, body)

    @app.view(ids.TARGET_TITLE_FORM)
    def save_title(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        owner = owner_of(body)
        title, error = validate_job_title(Form(view).text(ids.JOB_TITLE))
        if title is None:
            _field_errors(ack, {ids.JOB_TITLE: error or ""})
            return
        try:
            with deps.db.session() as session:
                targets.add_title(session=session, owner=owner, title=title)
        except DuplicateTarget:
            _field_errors(ack, {ids.JOB_TITLE: f"{title} is already on your list."})
            return
        ack()
        _show_targets_again(client, deps, owner, body)


def _show_targets_again(client: WebClient, deps: Deps, owner: Owner, body: dict[str, Any]) -> None:
    """The form closed; bring the target list under it up to date, then App Home."""
    previous = body["view"].get("previous_view_id")
    if previous:
        with deps.db.session() as session:
            view = targets_sheet(session, owner)
        client.views_update(view_id=previous, view=view)
    refresh_home(client, deps, owner)
