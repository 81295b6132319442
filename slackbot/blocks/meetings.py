"""The meeting modal, the prep pack, the notes modal, the thank-you, and their answers."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.contacts import ContactSummary, contact_select
from slackbot.blocks.dates import day_label
from slackbot.blocks.drafts import checks_text
from slackbot.blocks.elements import (
    Json,
    actions,
    button,
    checkboxes,
    context,
    datetime_picker,
    header,
    input_block,
    modal,
    option,
    radio,
    section,
    static_select,
    text_input,
)
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import SECTION_TEXT_MAX, clip, escape, plural
from slackbot.domain.ask_checks import Check
from slackbot.domain.meetings import (
    DEFAULT_DURATION,
    DURATIONS,
    GOAL_MAX,
    LOCATION_MAX,
    NOTE_FIELDS,
    NOTE_MAX,
    MeetingField,
    MeetingFormat,
)
from slackbot.domain.prep import PrepPack

BLOCK = ids.MEETING_BLOCKS
THANKED = "thanked"
ALREADY_MET = "already_met"


def when_label(moment: datetime, today: date) -> str:
    """'Tue Dec 1, 10:00' (with the year when not this year): a local date and time."""
    return f"{day_label(moment.date(), today)}, {moment:%H:%M}"


@dataclass(frozen=True)
class ThankYou:
    text: str
    timing: str  # "send it within 24 hours", or today when that has passed


@dataclass(frozen=True)
class MeetingFormDefaults:
    meeting_id: int | None
    contact: ContactSummary | None
    starts_at_epoch: int | None
    duration_minutes: int = DEFAULT_DURATION
    format: MeetingFormat = MeetingFormat.VIDEO
    location: str | None = None
    goal: str | None = None


def meeting_modal(
    defaults: MeetingFormDefaults, contacts: Sequence[ContactSummary]
) -> dict[str, Any]:
    blocks: list[Any] = []
    if contacts:
        blocks.append(
            input_block(
                BLOCK[MeetingField.CONTACT],
                "Who",
                contact_select(contacts, defaults.contact),
                optional=False,
            )
        )
    else:
        blocks.append(section("Log the person first with `/contact`, then schedule here."))
    blocks += [
        input_block(
            BLOCK[MeetingField.START],
            "When",
            datetime_picker(defaults.starts_at_epoch),
            optional=False,
            hint="In your time zone. A time in the past logs a meeting that already happened.",
        ),
        input_block(
            BLOCK[MeetingField.DURATION],
            "How long",
            radio([(str(d), f"{d} minutes") for d in DURATIONS], str(defaults.duration_minutes)),
            optional=False,
            hint="You asked for 15 minutes: keeping to it is how you earn a second chat.",
        ),
        input_block(
            BLOCK[MeetingField.FORMAT],
            "How",
            radio([(f.value, f.label) for f in MeetingFormat], defaults.format.value),
            optional=False,
        ),
        text_input(
            BLOCK[MeetingField.LOCATION],
            "Link or place",
            max_length=LOCATION_MAX,
            initial=defaults.location,
            placeholder="https://meet.example.com/abc or Blue Bottle, Market St",
        ),
        text_input(
            BLOCK[MeetingField.GOAL],
            "What you want to learn",
            max_length=GOAL_MAX,
            initial=defaults.goal,
            multiline=True,
            placeholder="how their team decides what to research",
        ),
    ]
    if defaults.meeting_id is not None:
        already_met = option(ALREADY_MET, "We already met at this time: record it as held")
        blocks.append(
            input_block(
                ids.MEETING_ALREADY_MET,
                "Moving it to a time that has passed?",
                checkboxes([already_met]),
                hint="Without this box, a time that has passed is refused, so a slip of "
                "the date picker never marks a meeting as held.",
            )
        )
    return modal(
        callback_id=ids.MEETING_MODAL,
        title="Reschedule" if defaults.meeting_id else "Schedule a meeting",
        submit="Save",
        close="Cancel",
        private_metadata=json.dumps({"meeting_id": defaults.meeting_id}),
        blocks=blocks if contacts else blocks[:1],
    )


@dataclass(frozen=True)
class CalendarLinks:
    """Google Calendar's and Outlook's "add this event" links for one meeting."""

    google: str
    outlook: str


def calendar_buttons(links: CalendarLinks) -> Json:
    return actions(
        [
            button("Add to Google Calendar", ids.CALENDAR_GOOGLE, url=links.google),
            button("Add to Outlook", ids.CALENDAR_OUTLOOK, url=links.outlook),
        ]
    )


def calendar_comment(*, contact_name: str, when: str, sequence: int, cancelled: bool) -> str:
    """What comes with the calendar file in the member's DM."""
    who = escape(contact_name)
    if cancelled:
        return (
            f":x: Cancelled: your meeting with *{who}* on {when}. Open this file to take it "
            "off your calendar (if you added it with Google or Outlook, delete it there)."
        )
    if sequence:
        return (
            f":calendar: Moved: your meeting with *{who}* is now {when}. Open this file to "
            "update your calendar; it replaces the earlier one. (Added it with Google or "
            "Outlook? Add the new time there and delete the old one.)"
        )
    return (
        f":calendar: Your meeting with *{who}*, {when}: open this file to add it to your calendar."
    )


def meeting_saved_view(
    *,
    meeting_id: int,
    contact_name: str,
    when: str,
    held: bool,
    advice: str | None,
    calendar: CalendarLinks | None = None,
) -> dict[str, Any]:
    who = escape(contact_name)
    if held:
        text = (
            f":white_check_mark: Logged your meeting with *{who}* on {when}. "
            "Write your notes now, while it's fresh: what you learned, and who else to talk to."
        )
    else:
        text = (
            f":calendar: *{who}*, {when}. I'll send your prep pack the day before: "
            "research, a 30-second introduction and TIARA questions."
        )
    blocks: list[Any] = [section(text)]
    if calendar is not None:
        blocks += [
            calendar_buttons(calendar),
            context("A calendar file (.ics), for any other calendar, is on its way to your DM."),
        ]
    if advice:
        blocks.append(section(f":bulb: {advice}"))
    if held:
        blocks.append(
            actions(
                elements=[
                    button(
                        "Write notes",
                        ids.MEETING_WRITE_NOTES,
                        value=str(meeting_id),
                        style="primary",
                    )
                ]
            )
        )
    return modal(
        callback_id=ids.MEETING_SAVED,
        title="Meeting saved",
        close="Done",
        blocks=blocks,
    )


def prep_message(
    *,
    meeting_id: int,
    contact_name: str,
    company: str | None,
    when: str,
    pack: PrepPack,
    done: bool,
) -> Message:
    bullets = "\n".join(f"\u2022 {escape(item)}" for item in pack.research)
    questions = "\n".join(f"*{letter}:* {escape(q)}" for letter, q in pack.questions)
    plan = "\n".join(f"\u2022 {escape(step)}" for step in pack.plan)
    blocks: list[Any] = [
        header(clip(f"Prep: {contact_name}", 150)),
        section(f"{escape(when)}. Fifteen minutes of preparation makes fifteen great minutes."),
        section(clip(f"*Research*\n{bullets}", SECTION_TEXT_MAX)),
        section(clip(f"*Your 30-second introduction*\n>{escape(pack.introduction)}", 3000)),
    ]
    if pack.goal_advice:
        blocks.append(context(f":bulb: {escape(pack.goal_advice)}"))
    blocks.append(section(clip(f"*Questions (TIARA)*\n{questions}", SECTION_TEXT_MAX)))
    if pack.earlier_notes:
        notes = "\n".join(
            f"\u2022 {escape(met)}: {escape(note)}" for met, note in pack.earlier_notes[:5]
        )
        where = f"at {escape(company)}" if company else "with them"
        blocks.append(section(clip(f"*Your earlier notes from meetings {where}*\n{notes}", 3000)))
    blocks.append(section(f"*The plan*\n{plan}"))
    if done:
        blocks.append(context(":white_check_mark: Prep done. Enjoy the conversation!"))
    else:
        blocks.append(
            actions(
                elements=[
                    button(
                        "Prep done", ids.MEETING_PREP_DONE, value=str(meeting_id), style="primary"
                    )
                ]
            )
        )
    return build_message(f"Your prep pack for {escape(contact_name)}", blocks)


@dataclass(frozen=True)
class NotesFormDefaults:
    meeting_id: int
    choices: Sequence[tuple[int, str]]  # (meeting id, "Jane Doe · Tue Nov 24")
    notes: dict[str, str | None]
    thanked: bool


# The label and placeholder of each of NOTE_FIELDS, in the form.
_NOTE_LABELS = {
    "trends": ("Trends", "What's changing in their field"),
    "insights": ("Insights", "What surprised you, what they know from the inside"),
    "advice": ("Advice", "What they would do in your shoes"),
    "resources": ("Resources", "Communities, people, reading they pointed to"),
    "assignments": ("Assignments", "Something small to try, to test your interest"),
    "leads": ("Leads", "Openings or teams they mentioned, if any"),
    "next_steps": ("Next steps", "What you'll do, and when you'll close the loop"),
}


def notes_modal(defaults: NotesFormDefaults) -> dict[str, Any]:
    picker = static_select(
        [(str(meeting_id), label) for meeting_id, label in defaults.choices],
        initial=str(defaults.meeting_id),
        placeholder="Pick a meeting",
        action_id=ids.NOTES_PICK,  # picking another meeting redraws the form with its notes
    )
    meeting = input_block(
        ids.NOTES_MEETING, "Meeting", picker, optional=False, dispatch_action=True
    )
    blocks: list[Any] = [meeting]
    for name in NOTE_FIELDS:
        label, placeholder = _NOTE_LABELS[name]
        blocks.append(
            text_input(
                ids.NOTE_BLOCKS[name],
                label,
                max_length=NOTE_MAX,
                multiline=True,
                initial=defaults.notes.get(name),
                placeholder=placeholder,
            )
        )
        if name == "leads":
            blocks.append(
                text_input(
                    ids.NOTES_REFERRALS,
                    "Referrals: who else should you talk to?",
                    max_length=NOTE_MAX,
                    multiline=True,
                    placeholder="Bob Lee, Globex, Research lead",
                    hint="One per line: name, company, title. Each becomes a contact.",
                )
            )
    thanked = option(THANKED, "I've sent my thank-you")
    blocks.append(
        input_block(
            ids.NOTES_THANKED,
            "Thank-you",
            checkboxes([thanked], checked=[thanked] if defaults.thanked else []),
        )
    )
    return modal(
        callback_id=ids.NOTES_MODAL,
        title="Meeting notes",
        submit="Save notes",
        close="Cancel",
        private_metadata=json.dumps({"meeting_id": defaults.meeting_id}),
        blocks=blocks,
    )


MOVED_INTO_PAST = (
    "That time has already passed, and this meeting is still ahead. To move it, pick a "
    "time to come; if you already met then, tick \u201cWe already met\u201d below."
)


def notes_saved_view(
    *,
    meeting_id: int,
    contact_name: str,
    added: Sequence[str],
    known: Sequence[str],
    thank_you: ThankYou | None,
) -> dict[str, Any]:
    first = escape(contact_name.split()[0]) if contact_name.split() else "them"
    blocks: list[Any] = [section(":notebook: Notes saved. Only you can see them.")]
    if added:
        names = ", ".join(escape(name) for name in added)
        blocks.append(
            section(
                f":handshake: {plural(len(added), 'referral')} added to your contacts: {names}. "
                f"Your asks to them can open with \u201c{first} suggested I reach out\u201d."
            )
        )
    if known:
        blocks.append(context("Already in your contacts: " + ", ".join(escape(n) for n in known)))
    if thank_you:
        blocks += [
            section(f"*Your thank-you to {first}* ({thank_you.timing}):"),
            section(clip(f"```{escape(thank_you.text)}```", SECTION_TEXT_MAX)),
            actions(
                elements=[button("Thank-you sent", ids.MEETING_THANKED, value=str(meeting_id))]
            ),
        ]
    return modal(callback_id=ids.NOTES_SAVED, title="Notes saved", close="Done", blocks=blocks)


def thank_you_message(
    *, meeting_id: int, contact_name: str, thank_you: ThankYou, sent: bool
) -> Message:
    blocks: list[Any] = [
        section(
            f"*Your thank-you to {escape(contact_name)}*: copy it and send it yourself "
            f"({thank_you.timing})."
        ),
        section(clip(f"```{escape(thank_you.text)}```", SECTION_TEXT_MAX)),
    ]
    if sent:
        blocks.append(context(":white_check_mark: Thank-you sent."))
    else:
        blocks.append(
            actions(
                elements=[
                    button(
                        "Thank-you sent",
                        ids.MEETING_THANKED,
                        value=str(meeting_id),
                        style="primary",
                    )
                ]
            )
        )
    return build_message(f"Your thank-you to {escape(contact_name)}", blocks)


def thanked_view() -> dict[str, Any]:
    return modal(
        callback_id=ids.NOTES_SAVED,
        title="Thank-you sent",
        close="Done",
        blocks=[
            section(
                ":white_check_mark: Thank-you recorded. In about two weeks I'll remind you to "
                "close the loop: tell them what you did with their advice."
            )
        ],
    )


def follow_through_message(
    *,
    what: str,
    contact_name: str,
    text: str,
    checks: Sequence[Check],
    closing_meeting_id: int | None = None,
    sent: bool = False,
) -> Message:
    """A close-the-loop or keep-in-touch draft, with the same checks as the asks. A
    close-the-loop note (`closing_meeting_id`) is marked sent here: the loop is closed."""
    who = escape(contact_name)
    then = " Then press *I sent it*." if closing_meeting_id and not sent else ""
    blocks: list[Any] = [
        section(
            f"*Your {what} to {who}*: fill in the line in [brackets], copy it and send it "
            f"yourself.{then}"
        ),
        section(clip(f"```{escape(text)}```", SECTION_TEXT_MAX)),
        section(checks_text(checks)),
    ]
    if closing_meeting_id and sent:
        blocks.append(context(":white_check_mark: Sent: the loop is closed."))
    elif closing_meeting_id:
        done = button(
            "I sent it", ids.MEETING_LOOP_CLOSED, value=str(closing_meeting_id), style="primary"
        )
        blocks.append(actions([done]))
    return build_message(f"Your {what} to {who}", blocks)
