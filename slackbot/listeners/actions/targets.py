"""App Home quick actions and the target list's controls."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.targets import company_form, title_form
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import open_modal
from slackbot.deps import Deps
from slackbot.domain.text import parse_id
from slackbot.listeners.payload import owner_of
from slackbot.services import targets
from slackbot.services.errors import NotFound
from slackbot.surfaces.forms import contact_form, targets_sheet
from slackbot.surfaces.rows import company_row

logger = logging.getLogger(__name__)


def _parse_menu_value(value: str) -> tuple[str, int] | None:
    verb, _, number = value.partition(":")
    company_id = parse_id(number)
    return (verb, company_id) if company_id else None


def register(app: App, deps: Deps) -> None:
    @app.action(ids.HOME_ADD_CONTACT)
    def open_contact_modal(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_modal(
            client,
            deps,
            body["trigger_id"],
            lambda session: contact_form(session, owner_of(body), None),
        )

    @app.action(ids.HOME_OPEN_TARGETS)
    def open_targets(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_modal(
            client,
            deps,
            body["trigger_id"],
            lambda session: targets_sheet(session, owner_of(body)),
        )

    @app.action(ids.CONTACT_ADD_ANOTHER)
    def log_another_contact(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        with deps.db.session() as session:
            view = contact_form(session, owner_of(body), None)
        client.views_update(view_id=body["view"]["id"], view=view)

    @app.action(ids.TARGETS_ADD_COMPANY)
    def add_company(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_push(trigger_id=body["trigger_id"], view=company_form(None))

    @app.action(ids.TARGETS_ADD_TITLE)
    def add_title(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_push(trigger_id=body["trigger_id"], view=title_form())

    @app.action(ids.TARGETS_COMPANY_MENU)
    def company_menu(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        owner = owner_of(body)
        verb, company_id = _parse_menu_value(
            (action.get("selected_option") or {}).get("value", "")
        ) or ("", 0)
        to_edit = None
        try:
            with deps.db.session() as session:
                if verb == ids.EDIT:
                    company = targets.get_company(
                        session=session, owner=owner, company_id=company_id
                    )
                    to_edit = company_row(company)
                elif verb == ids.REMOVE:
                    targets.remove_company(session=session, owner=owner, company_id=company_id)
                else:
                    raise NotFound("unreadable menu value")
        except NotFound:
            logger.warning("company menu: nothing of %s/%s matched", owner.team_id, owner.user_id)
        if to_edit is not None:
            client.views_push(trigger_id=body["trigger_id"], view=company_form(to_edit))
        else:
            _refresh_targets(client, deps, body)

    @app.action(ids.TARGETS_REMOVE_TITLE)
    def remove_title(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        owner = owner_of(body)
        title_id = parse_id(action.get("value"))
        try:
            if title_id is None:
                raise NotFound("unreadable title id")
            with deps.db.session() as session:
                targets.remove_title(session=session, owner=owner, title_id=title_id)
        except NotFound:
            logger.warning("remove title: nothing of %s/%s matched", owner.team_id, owner.user_id)
        _refresh_targets(client, deps, body)


def _refresh_targets(client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    """Redraw the open target list from the database (always the newest), then App Home."""
    owner = owner_of(body)
    with deps.db.session() as session:
        view = targets_sheet(session, owner)
    client.views_update(view_id=body["view"]["id"], view=view)
    refresh_home(client, deps, owner)
