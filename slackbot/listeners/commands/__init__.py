"""Slash commands: acknowledge at once, then open the modal while the trigger id is fresh."""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackbot.blocks.cohort import coaches_only_message, stats_message
from slackbot.blocks.contact_page import CHOICES_SHOWN, contact_choice_message
from slackbot.blocks.intros import who_message
from slackbot.blocks.messages import Message, help_message
from slackbot.blocks.your_data import (
    export_failed_message,
    export_started_message,
    forget_modal,
    import_modal,
)
from slackbot.delivery.contact_page import open_contact_page
from slackbot.delivery.files import deliver_export
from slackbot.delivery.messages import EPHEMERAL, open_modal, privately
from slackbot.delivery.profiles import is_coach, member_tz
from slackbot.deps import Deps
from slackbot.domain.calendar import zone
from slackbot.listeners.payload import command_text, owner_of
from slackbot.services import contacts, intros
from slackbot.surfaces.forms import (
    ask_form,
    cohort_settings_form,
    contact_form,
    meeting_form,
    notes_form,
    targets_sheet,
)
from slackbot.surfaces.home import cohort_view
from slackbot.surfaces.rows import contact_summary

logger = logging.getLogger(__name__)


def _answer(ack: Ack, message: Message) -> None:
    ack(**privately(message))


def command_handlers(deps: Deps) -> dict[str, Callable[..., None]]:
    """Every slash command the app answers, by name (the manifest declares the same set)."""

    def contact(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """The page of the contact named, a choice when the name fits several, or the form
        to log someone new."""
        ack()
        owner, name = owner_of(command), command_text(command)
        with deps.db.session() as session:
            matches, exact = contacts.matching_contacts(
                session=session, owner=owner, name=name, limit=CHOICES_SHOWN + 1
            )
            found = [contact_summary(c) for c in matches]
        if exact and len(found) == 1:
            open_contact_page(client, deps, owner, command["trigger_id"], found[0].id)
        elif found:
            choice = contact_choice_message(name, found)
            respond(**privately(choice))
        else:
            open_modal(
                client,
                deps,
                command["trigger_id"],
                lambda session: contact_form(session, owner, name),
            )

    def ask_draft(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        owner = owner_of(command)
        member_tz(client, deps, owner)  # caches the member's name, for the sign-off
        open_modal(
            client,
            deps,
            command["trigger_id"],
            lambda session: ask_form(session, owner, command_text(command)),
        )

    def targets(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        open_modal(
            client,
            deps,
            command["trigger_id"],
            lambda session: targets_sheet(session, owner_of(command)),
        )

    def network(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        words = command_text(command).split()
        verb = words[0].lower() if words else "help"
        owner = owner_of(command)
        if verb in ("import", "forget"):
            ack()
            view = import_modal() if verb == "import" else forget_modal()
            client.views_open(trigger_id=command["trigger_id"], view=view)
            return
        if verb == "export":
            _answer(ack, export_started_message())
            try:
                deliver_export(client, deps.db, owner, deps.clock())
            except SlackApiError as error:
                logger.warning(
                    "export failed for %s: %s", owner.user_id, error.response.get("error")
                )
                failed = export_failed_message()
                respond(**privately(failed))
            return
        if verb == "who":
            ack()  # the search reads the whole cohort's contacts: answer Slack first
            company = command_text(command)[len(words[0]) :].strip()
            with deps.db.session() as session:
                found, offering = intros.warm_paths(session=session, owner=owner, company=company)
            answer = who_message(company, found, offering=offering)
            respond(**privately(answer))
            return
        with deps.db.session() as session:
            pipeline = contacts.pipeline_counts(session=session, owner=owner, now=deps.clock())
        _answer(ack, help_message(pipeline, unknown=None if verb == "help" else words[0]))

    def cohort(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        owner = owner_of(command)
        if not is_coach(client, deps, owner):
            refusal = coaches_only_message()
            respond(**privately(refusal))
            return
        if command_text(command).lower() == "stats":
            with deps.db.session() as session:
                stats = stats_message(
                    cohort_view(
                        session, owner.team_id, now=deps.clock(), coaches=deps.cohort_admins
                    )
                )
            respond(**privately(stats))
            return
        coach_tz = member_tz(client, deps, owner, fetch=False)
        open_modal(
            client,
            deps,
            command["trigger_id"],
            lambda session: cohort_settings_form(session, owner.team_id, coach_tz=coach_tz),
        )

    def meeting(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        owner = owner_of(command)
        member_tz(client, deps, owner)  # caches the zone the submission will show times in
        open_modal(
            client,
            deps,
            command["trigger_id"],
            lambda session: meeting_form(session, owner, query=command_text(command)),
        )

    def meeting_notes(
        ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        owner = owner_of(command)
        tz = zone(member_tz(client, deps, owner))
        with deps.db.session() as session:
            view = notes_form(session, owner, now=deps.clock(), tz=tz, meeting_id=None)
        if view is None:
            respond(
                text=(
                    "No meetings to write notes for yet. Log one with `/meeting`: a time in "
                    "the past records a meeting that already happened."
                ),
                response_type=EPHEMERAL,
            )
            return
        client.views_open(trigger_id=command["trigger_id"], view=view)

    return {
        "/contact": contact,
        "/ask-draft": ask_draft,
        "/targets": targets,
        "/meeting": meeting,
        "/meeting-notes": meeting_notes,
        "/network": network,
        "/cohort": cohort,
    }


def register(app: App, deps: Deps) -> None:
    for name, handler in command_handlers(deps).items():
        app.command(name)(handler)
