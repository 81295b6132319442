"""The App Home tab: the member's dashboard."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.contacts import ContactSummary
from slackbot.blocks.dates import day_label
from slackbot.blocks.elements import (
    Json,
    actions,
    button,
    context,
    divider,
    header,
    home_tab,
    option,
    overflow,
    section,
)
from slackbot.blocks.next_asks import NextAskRow, next_ask_blocks
from slackbot.blocks.progress import CohortView, coach_home_blocks, week_blocks
from slackbot.blocks.text import clip, escape, plural, role_line
from slackbot.domain.cohort_stats import WeekProgress
from slackbot.domain.pipeline import Stage

RECENT_CONTACTS_SHOWN = 10
AWAITING_SHOWN = 10
MEETINGS_SHOWN = 10
NOTES_SHOWN = 5


@dataclass(frozen=True)
class AwaitingRow:
    """A sent ask without a reply yet."""

    draft_id: int
    contact_name: str
    company: str | None
    business_days_waiting: int
    next_step: tuple[date, str] | None


@dataclass(frozen=True)
class MeetingRow:
    meeting_id: int
    contact_name: str
    when: str  # local, as people say it


@dataclass(frozen=True)
class NotesRow:
    contact_name: str
    day: date
    summary: str  # the first line of the notes


@dataclass(frozen=True)
class CoachStatus:
    """What a coach needs to know about the cohort's nudges."""

    channel_id: str | None
    channel_problem: str | None


@dataclass(frozen=True)
class Dashboard:
    pipeline: Mapping[Stage, int]
    recent_contacts: Sequence[ContactSummary]
    next_asks: Sequence[NextAskRow] = ()
    awaiting: Sequence[AwaitingRow] = ()
    coach: CoachStatus | None = None  # set for coaches only
    meetings: Sequence[MeetingRow] = ()
    notes: Sequence[NotesRow] = ()
    week: WeekProgress | None = None
    offers_intros: bool | None = None  # whether classmates may ask them for intros
    cohort: CohortView | None = None  # coaches only: the members' progress
    today: date | None = None  # the member's: dates in another year show it


def pipeline_fields(pipeline: Mapping[Stage, int]) -> list[str]:
    return [f"*{stage.label}*\n{pipeline.get(stage, 0)}" for stage in Stage]


def coach_note(status: CoachStatus) -> str:
    if status.channel_id is None:
        return (
            ":information_source: *For coaches:* no nudge channel is set, so reminders go to "
            "each member by DM. Choose one with `/cohort`."
        )
    if status.channel_problem:
        return (
            f":warning: *For coaches:* I couldn't post in <#{status.channel_id}> "
            f"(`{escape(status.channel_problem)}`), so reminders went by DM. Invite me with "
            "`/invite @Parachute` in that channel, or pick another with `/cohort`."
        )
    return f":white_check_mark: *For coaches:* nudges go to <#{status.channel_id}>."


def home_view(dashboard: Dashboard) -> dict[str, Any]:
    blocks: list[Json] = []
    if dashboard.coach is not None:
        blocks.append(section(coach_note(dashboard.coach)))
    if dashboard.cohort is not None:
        blocks += [*coach_home_blocks(dashboard.cohort), divider()]
    blocks += [
        header("Your networking pipeline"),
        section(None, fields=pipeline_fields(dashboard.pipeline)),
        actions(
            [
                button("Log a contact", ids.HOME_ADD_CONTACT, style="primary"),
                button("Target list", ids.HOME_OPEN_TARGETS),
            ]
        ),
        divider(),
    ]
    if dashboard.week is not None:
        blocks += [*week_blocks(dashboard.week), divider()]
    if dashboard.offers_intros is not None:
        blocks += [*_intros(dashboard.offers_intros), divider()]
    if dashboard.awaiting:
        blocks.append(header("Waiting for a reply"))
        blocks += [_awaiting(row, dashboard.today) for row in dashboard.awaiting[:AWAITING_SHOWN]]
        blocks.append(divider())
    if dashboard.meetings:
        blocks.append(header("Upcoming meetings"))
        blocks += [_meeting(row) for row in dashboard.meetings[:MEETINGS_SHOWN]]
        blocks.append(divider())
    blocks.append(header("Recent contacts"))
    for contact in dashboard.recent_contacts[:RECENT_CONTACTS_SHOWN]:
        line = f"*{escape(contact.name)}*"
        role = role_line(contact.title, contact.company, contact.seniority, contact.company_size)
        if role:
            line += f"\n{role}"
        page = button("Open", ids.CONTACT_OPEN, value=str(contact.id))
        blocks.append(section(line, accessory=page))
    if not dashboard.recent_contacts:
        blocks.append(
            context(
                "No contacts yet. Start warm: an alum, a former colleague, someone from a "
                "community you belong to. Log them with `/contact`."
            )
        )
    blocks += [divider(), *next_ask_blocks(dashboard.next_asks, today=dashboard.today)]
    if dashboard.notes:
        blocks += [divider(), header("Your latest notes")]
        blocks += [
            section(
                f"*{escape(row.contact_name)}*, {day_label(row.day, dashboard.today)}\n"
                f"{escape(clip(row.summary, 300))}"
            )
            for row in dashboard.notes[:NOTES_SHOWN]
        ]
    blocks += [
        divider(),
        context(
            "Informational interviews are for learning, never for asking for a job. "
            "`/network help` lists every command. Only you can see your contacts."
        ),
    ]
    return home_tab(blocks)


def _meeting(row: MeetingRow) -> Json:
    value = str(row.meeting_id)
    return section(
        f"*{escape(row.contact_name)}* \u00b7 {row.when}",
        accessory=overflow(
            ids.HOME_MEETING_MENU,
            [
                option(f"{ids.MEETING_RESCHEDULE}:{value}", "Reschedule"),
                option(f"{ids.MEETING_CANCEL}:{value}", "Cancel the meeting"),
                option(f"{ids.CONTACT_OPEN}:{value}", "Open contact"),
            ],
        ),
    )


def _awaiting(row: AwaitingRow, today: date | None) -> Json:
    who = f"*{escape(row.contact_name)}*" + (f" ({escape(row.company)})" if row.company else "")
    waiting = row.business_days_waiting
    asked = f"asked {plural(waiting, 'business day')} ago" if waiting else "just asked"
    line = f"{who} · {asked}"
    if row.next_step:
        day, what = row.next_step
        line += f"\nNext: {escape(what)} on {day_label(day, today)}"
    return section(
        line, accessory=button("They replied", ids.DRAFT_REPLIED, value=str(row.draft_id))
    )


def _intros(offering: bool) -> list[Json]:
    """The warm intros switch (off until the member opts in)."""
    if offering:
        line = (
            ":handshake: *Warm intros: on.* Classmates who look up a company where you know "
            "someone see your name (never your contact's) and may ask you for an introduction."
        )
        toggle = button("Stop offering intros", ids.HOME_INTROS, value=ids.SWITCH_OFF)
    else:
        line = (
            ":handshake: *Warm intros: off.* Turn them on to let classmates ask you for an "
            "introduction at companies where you know someone (they never see whom)."
        )
        toggle = button("Offer warm intros", ids.HOME_INTROS, value=ids.SWITCH_ON)
    return [section(line), actions([toggle])]
