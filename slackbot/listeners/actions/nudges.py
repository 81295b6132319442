"""The buttons on channel nudges: for their owner only."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from slackbot.blocks import ids
from slackbot.blocks.messages import Message
from slackbot.blocks.nudges import details_message, not_yours_message
from slackbot.delivery.contact_page import open_contact_page
from slackbot.delivery.drafts import show_draft
from slackbot.delivery.home import refresh_home
from slackbot.delivery.messages import EPHEMERAL, post_to_member, privately, redraw_reminders
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.domain.calendar import business_days_later, calendar_for, zone
from slackbot.domain.nudges import NudgeKind
from slackbot.domain.text import parse_id
from slackbot.listeners.payload import owner_of
from slackbot.services import contacts, drafts, meetings, outbox
from slackbot.services.cohorts import get_cohort
from slackbot.services.drafts import DraftAndContact
from slackbot.services.members import Owner
from slackbot.surfaces.nudges import opened_reminder
from slackbot.surfaces.rows import line_of

logger = logging.getLogger(__name__)


def _nudge_id(value: str | None) -> int | None:
    return parse_id((value or "").split(":", 1)[0])


def _value(action: dict[str, Any]) -> str:
    return action.get("value") or (action.get("selected_option") or {}).get("value") or ""


@dataclass(frozen=True)
class Click:
    """A click on a nudge button by the nudge's owner."""

    owner: Owner
    nudge_id: int
    body: dict[str, Any]
    action: dict[str, Any]
    client: WebClient
    respond: Respond


OwnerHandler = Callable[[Click], None]


def register(app: App, deps: Deps) -> None:
    def owned_by_clicker(
        body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> int | None:
        """The nudge id if the clicker owns it; otherwise tell them whose it is."""
        owner = owner_of(body)
        nudge_id = _nudge_id(_value(action))
        if nudge_id is None:
            return None
        with deps.db.session() as session:
            owner_id = outbox.owner_of_nudge(
                session=session, team_id=owner.team_id, nudge_id=nudge_id
            )
        if owner_id == owner.user_id:
            return nudge_id
        if owner_id is not None:
            message = not_yours_message(owner_id)
            respond(**privately(message), replace_original=False)
        return None

    def for_its_owner(action_id: str) -> Callable[[OwnerHandler], None]:
        """Register a nudge button that acts only when the clicker owns the nudge."""

        def register_handler(handler: OwnerHandler) -> None:
            @app.action(action_id)
            def listener(
                ack: Ack,
                body: dict[str, Any],
                action: dict[str, Any],
                client: WebClient,
                respond: Respond,
            ) -> None:
                ack()
                nudge_id = owned_by_clicker(body, action, respond)
                if nudge_id is not None:
                    handler(Click(owner_of(body), nudge_id, body, action, client, respond))

        return register_handler

    @for_its_owner(ids.NUDGE_DONE)
    def done(click: Click) -> None:
        now = deps.clock()
        with deps.db.session() as session:
            nudge = outbox.complete(
                session=session, owner=click.owner, nudge_id=click.nudge_id, now=now
            )
            # Done on these means the fact happened: record it on the meeting.
            record = {
                NudgeKind.PREP: meetings.mark_prep_done,
                NudgeKind.THANK_YOU: meetings.mark_thanked,
            }.get(nudge.kind)
            if record and nudge.meeting_id:
                record(session=session, owner=click.owner, meeting_id=nudge.meeting_id, now=now)
        redraw_reminders(click.client, deps, click.owner, [nudge])

    @for_its_owner(ids.NUDGE_SNOOZE)
    def snooze(click: Click) -> None:
        days = parse_id(_value(click.action).partition(":")[2])
        if days is None:
            return
        owner, nudge_id, client = click.owner, click.nudge_id, click.client
        tz = zone(member_tz(client, deps, owner))
        now = deps.clock()
        with deps.db.session() as session:
            cohort = get_cohort(session=session, team_id=owner.team_id)
            until = business_days_later(
                now,
                min(days, 10),
                calendar=calendar_for(cohort.holidays_country),
                tz=tz,
                at_minute=cohort.nudge_minute,
            )
            nudge = outbox.snooze(
                session=session, owner=owner, nudge_id=nudge_id, until=until, now=now
            )
        redraw_reminders(client, deps, owner, [nudge])

    @for_its_owner(ids.NUDGE_REPLIED)
    def replied(click: Click) -> None:
        owner, nudge_id, client = click.owner, click.nudge_id, click.client
        now = deps.clock()
        with deps.db.session() as session:
            nudge = drafts.record_reply_from_nudge(
                session=session, owner=owner, nudge_id=nudge_id, now=now
            )
            draft_id = nudge.draft_id
        redraw_reminders(client, deps, owner, [nudge])
        if draft_id is not None:
            show_draft(
                client,
                deps,
                owner,
                lambda session: drafts.get_draft(session=session, owner=owner, draft_id=draft_id),
            )
        refresh_home(client, deps, owner)

    @for_its_owner(ids.NUDGE_OPEN)
    def open_it(click: Click) -> None:
        owner, nudge_id, client = click.owner, click.nudge_id, click.client
        body, respond = click.body, click.respond
        tz = zone(member_tz(client, deps, owner, fetch=False))  # views.open may come first
        revived: outbox.Reminders = []
        with deps.db.session() as session:
            nudge = outbox.get_nudge(session=session, owner=owner, nudge_id=nudge_id)
            kind, number, draft_id = nudge.kind, nudge.number, nudge.draft_id
            if kind is NudgeKind.PARK and nudge.contact_id:
                # Revived, the contact is asked afresh: a new ask starts a new clock.
                revived = contacts.revive_contact(
                    session=session, owner=owner, contact_id=nudge.contact_id, now=deps.clock()
                )
            surface = opened_reminder(session, owner, nudge, now=deps.clock(), tz=tz)
        if isinstance(surface, Message):
            post_to_member(client, deps, owner, surface)
            respond(
                text="It's in your messages with Parachute.",
                response_type=EPHEMERAL,
                replace_original=False,
            )
            return
        if surface is not None:
            client.views_open(trigger_id=body["trigger_id"], view=surface)
            redraw_reminders(client, deps, owner, revived)
            return
        if kind is NudgeKind.FOLLOW_UP and draft_id is not None:

            def follow_up(session: Session) -> DraftAndContact:
                return drafts.follow_up_draft(
                    session=session,
                    owner=owner,
                    ask_draft_id=draft_id,
                    number=number,
                    now=deps.clock(),
                )

            show_draft(client, deps, owner, follow_up)
            respond(
                text="Your follow-up draft is in your messages with Parachute.",
                response_type=EPHEMERAL,
                replace_original=False,
            )

    @for_its_owner(ids.NUDGE_CONTACT)
    def open_contact(click: Click) -> None:
        with deps.db.session() as session:
            nudge = outbox.get_nudge(session=session, owner=click.owner, nudge_id=click.nudge_id)
            contact_id = nudge.contact_id
        if contact_id is not None:
            trigger_id = click.body["trigger_id"]
            open_contact_page(click.client, deps, click.owner, trigger_id, contact_id)

    @app.action(ids.NUDGE_SHOW)
    def show(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        owner = owner_of(body)
        parsed = (parse_id(part) for part in (action.get("value") or "").split(","))
        wanted = [nudge_id for nudge_id in parsed if nudge_id is not None]
        with deps.db.session() as session:
            items = outbox.load_items(session=session, ids=wanted)
        mine = [item for item in items if item.owner == owner]
        lines = [line_of(item) for item in mine]
        if not lines:
            owner_id = _owner_of_first(deps, owner.team_id, wanted)
            if owner_id:
                message = not_yours_message(owner_id)
                respond(**privately(message), replace_original=False)
            return
        today = deps.clock().astimezone(zone(mine[0].member_tz)).date()
        message = details_message(lines, today=today)
        respond(**privately(message), replace_original=False)


def _owner_of_first(deps: Deps, team_id: str, nudge_ids: list[int]) -> str | None:
    with deps.db.session() as session:
        for nudge_id in nudge_ids:
            owner_id = outbox.owner_of_nudge(session=session, team_id=team_id, nudge_id=nudge_id)
            if owner_id:
                return owner_id
    return None
