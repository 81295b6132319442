"""The contact page's edit form: the rules of a new contact, then the page redrawn."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.delivery.contact_page import redraw_contact_page
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import tell_overlaps
from slackbot.deps import Deps
from slackbot.domain.contacts import ContactField, validate_contact
from slackbot.listeners.payload import metadata_of, owner_of
from slackbot.listeners.views.contacts_and_targets import duplicate_message, read_contact_form
from slackbot.services import contacts, overlaps
from slackbot.services.contacts import DuplicateContact, UnknownReferrer
from slackbot.services.errors import NotFound

logger = logging.getLogger(__name__)

BLOCK = ids.CONTACT_BLOCKS
SAVED = ":white_check_mark: Saved."


def register(app: App, deps: Deps) -> None:
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
        except DuplicateContact as duplicate:
            ack(
                response_action="errors",
                errors={BLOCK[duplicate.field]: duplicate_message(duplicate)},
            )
            return
        except UnknownReferrer:
            ack(
                response_action="errors",
                errors={BLOCK[ContactField.REFERRED_BY]: "That contact is no longer in your list."},
            )
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
