"""Submissions of the target list's forms: a company, a job title."""

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from slackbot.blocks import ids
from slackbot.blocks.targets import POSTING
from slackbot.delivery.home import refresh_home
from slackbot.deps import Deps
from slackbot.domain.targets import validate_company, validate_job_title
from slackbot.listeners.payload import Form, metadata_of, owner_of
from slackbot.services import targets
from slackbot.services.errors import NotFound
from slackbot.services.members import Owner
from slackbot.services.targets import DuplicateTarget
from slackbot.surfaces.forms import targets_sheet

logger = logging.getLogger(__name__)


def _field_errors(ack: Ack, errors: dict[str, str]) -> None:
    ack(response_action="errors", errors=errors)


def register(app: App, deps: Deps) -> None:
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
