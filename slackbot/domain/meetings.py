"""Meetings (DESIGN §2.4, §2.5): the form, referral lines, and the reminders around them."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from slackbot.domain.calendar import CivilHours
from slackbot.domain.contacts import (
    COMPANY_MAX,
    NAME_MAX,
    TITLE_MAX,
    InvalidLinkedInUrl,
    normalize_email,
    normalize_linkedin_url,
)
from slackbot.domain.nudges import NudgeKind
from slackbot.domain.phrasing import greeting_name, quotation
from slackbot.domain.text import clean_block, clean_line, has_visible_text, parse_id
from slackbot.domain.vocabulary import parse_choice

DURATIONS = (15, 20, 30)
DEFAULT_DURATION = 15
LOCATION_MAX = 300
GOAL_MAX = 500
NOTE_MAX = 3000
# The meeting-notes form's fields, each a column of `meetings`: TIARA, then leads and steps.
NOTE_FIELDS = ("trends", "insights", "advice", "resources", "assignments", "leads", "next_steps")
REFERRALS_MAX = 20
LINK_MAX = 500

# Notes and the thank-you keep the meeting's own clock (the same day; within 24 hours):
# moved to the next business morning, a Friday meeting's thank-you would come on Monday.
NOTES_AFTER = timedelta(hours=2)
THANK_YOU_AFTER = timedelta(hours=4)  # well inside the 24 hours a thank-you should take
CLOSE_LOOP_AFTER = timedelta(days=14)
# Notes and a thank-you are still worth a reminder this long after a meeting; a meeting
# logged later gets neither (the moment has passed), only what is still ahead of it.
AFTER_STEPS_FRESH_FOR = timedelta(days=7)


class MeetingFormat(StrEnum):
    VIDEO = "video"
    PHONE = "phone"
    COFFEE = "coffee"

    @property
    def label(self) -> str:
        return {"video": "Video call", "phone": "Phone call", "coffee": "Coffee"}[self.value]


class MeetingField(StrEnum):
    CONTACT = "contact"
    START = "start"
    DURATION = "duration"
    FORMAT = "format"
    LOCATION = "location"
    GOAL = "goal"


@dataclass(frozen=True)
class MeetingForm:
    contact_id: str | None = None
    start_epoch: int | None = None  # the datetime picker's Unix seconds
    duration: str | None = None
    format: str | None = None
    location: str | None = None
    goal: str | None = None


@dataclass(frozen=True)
class MeetingDetails:
    contact_id: int
    starts_at: datetime
    duration_minutes: int
    format: MeetingFormat
    location: str | None
    goal: str | None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


def validate_meeting(
    form: MeetingForm, *, now: datetime
) -> tuple[MeetingDetails | None, dict[MeetingField, str]]:
    errors: dict[MeetingField, str] = {}
    contact_id = parse_id(form.contact_id)
    if contact_id is None:
        errors[MeetingField.CONTACT] = (
            "Who are you meeting? Log them with /contact first if needed."
        )
    starts_at = None
    if form.start_epoch is None:
        errors[MeetingField.START] = "When is it? Pick a date and time."
    else:
        starts_at = datetime.fromtimestamp(form.start_epoch, tz=UTC)
        if abs(starts_at - now) > timedelta(days=366):
            errors[MeetingField.START] = "Please pick a date within a year of today."
    duration = int(form.duration) if form.duration in {str(d) for d in DURATIONS} else None
    if duration is None:
        errors[MeetingField.DURATION] = "15 minutes is the ask; 20 or 30 at most."
    meeting_format = parse_choice(MeetingFormat, form.format) or MeetingFormat.VIDEO
    location, goal = clean_line(form.location), clean_block(form.goal)
    if len(location) > LOCATION_MAX:
        errors[MeetingField.LOCATION] = f"Please keep this under {LOCATION_MAX + 1} characters."
    if len(goal) > GOAL_MAX:
        errors[MeetingField.GOAL] = f"Please keep this under {GOAL_MAX + 1} characters."
    if errors or contact_id is None or starts_at is None or duration is None:
        return None, errors
    return (
        MeetingDetails(
            contact_id=contact_id,
            starts_at=starts_at,
            duration_minutes=duration,
            format=meeting_format,
            location=location or None,
            goal=goal or None,
        ),
        {},
    )


def duration_advice(minutes: int) -> str | None:
    if minutes > 20:
        return (
            f"{minutes} minutes is more than you asked for. Plan for 15 and offer to stop "
            "on time: respecting their time is what makes them glad they said yes."
        )
    return None


@dataclass(frozen=True)
class PlannedReminder:
    kind: NudgeKind
    due_at: datetime


def meeting_plan(
    starts_at: datetime,
    ends_at: datetime,
    *,
    now: datetime,
    keep_in_touch_days: int,
    civil: CivilHours,
) -> list[PlannedReminder]:
    """Only what is still ahead of the meeting, never a pile of overdue steps at once: prep
    at the cohort's nudge time (`civil`) on the last business day before the meeting's day
    (now if that has passed: the pack must come before the meeting); notes and a thank-you
    a few hours after it (now if it ended within a week, none later); close the loop and
    keep in touch each at its own date, moved to a business day at the nudge time."""
    plan = []
    if starts_at > now:
        plan.append(PlannedReminder(NudgeKind.PREP, max(now, civil.last_before(starts_at))))
    if now - ends_at <= AFTER_STEPS_FRESH_FOR:
        plan += [
            PlannedReminder(NudgeKind.NOTES, max(now, ends_at + NOTES_AFTER)),
            PlannedReminder(NudgeKind.THANK_YOU, max(now, ends_at + THANK_YOU_AFTER)),
        ]
    if ends_at + CLOSE_LOOP_AFTER > now:
        plan.append(
            PlannedReminder(
                NudgeKind.CLOSE_LOOP, civil.first_at_or_after(ends_at + CLOSE_LOOP_AFTER)
            )
        )
    if keep_in_touch_days:
        every = timedelta(days=keep_in_touch_days)
        # The first of the every-N-days dates after the meeting that is still to come.
        periods = max(1, (now - ends_at) // every + 1)
        due = civil.first_at_or_after(ends_at + periods * every)
        plan.append(PlannedReminder(NudgeKind.KEEP_IN_TOUCH, due))
    return plan


def moves_into_the_past(old_start: datetime, new_start: datetime, *, now: datetime) -> bool:
    """Moving a meeting still ahead to a time already gone would quietly log it as held."""
    return old_start > now >= new_start


def when_we_met(met_on: date, today: date) -> str:
    """The meeting's day as the thank-you says it: 'today', 'on Tuesday', 'last week'."""
    days = (today - met_on).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    this_monday = today - timedelta(days=today.weekday())
    if met_on >= this_monday:
        return f"on {met_on:%A}"
    if met_on >= this_monday - timedelta(days=7):
        return "last week"
    return f"on {met_on:%B} {met_on.day}" + (
        f", {met_on.year}" if met_on.year != today.year else ""
    )


def thank_you_timing(met_on: date, today: date) -> str:
    """When to send it: within 24 hours, or today when that has passed (late beats never)."""
    if (today - met_on).days <= 1:
        return "send it within 24 hours"
    return "a day or two late is fine: send it today"


@dataclass(frozen=True)
class Referral:
    name: str
    company: str | None
    title: str | None
    linkedin_url: str | None = None
    email: str | None = None
    link: str | None = None  # another web address they gave, kept in the contact's notes


_SEPARATORS = re.compile(r"\s*(?:,|;|\||\t|\s[-\u2013\u2014]\s|\s@\s|\sat\s)\s*", re.I)
_PARENS = re.compile(r"^(?P<name>[^()]+)\((?P<rest>[^()]*)\)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s*")
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$|^[\w.-]+\.[a-z]{2,}/\S*$", re.I)


def _referral_line(line: str, number: int) -> tuple[Referral | None, str | None]:
    """One line read as a referral, or the problem that says how to fix it. Email
    addresses and web addresses are read as what they are, never as the person's name."""
    match = _PARENS.match(line)
    if match:
        parts = [match.group("name"), *_SEPARATORS.split(match.group("rest"))]
    else:
        parts = _SEPARATORS.split(line)
    words, email, linkedin_url, link = [], None, None, None
    for part in (clean_line(p) for p in parts):
        if (address := normalize_email(part)) is not None:
            email = address
        elif _WEB_ADDRESS.match(part):
            try:
                linkedin_url = normalize_linkedin_url(part)
            except InvalidLinkedInUrl:
                link = part
        else:
            words.append(part)
    name, company, title = [*words, "", "", ""][:3]
    if not has_visible_text(name):
        found = "an email address" if email else "a link" if linkedin_url or link else ""
        return None, (
            f"Line {number}: {found} without a name. Start with the person's name, e.g. "
            "\u201cJane Doe, Acme, jane@acme.com\u201d."
            if found
            else f"Line {number}: start with the person's name."
        )
    if len(name) > NAME_MAX or len(company) > COMPANY_MAX or len(title) > TITLE_MAX:
        return None, f"Line {number}: a part is too long."
    if link and len(link) > LINK_MAX:
        return None, f"Line {number}: that link is too long to keep."
    return Referral(name, company or None, title or None, linkedin_url, email, link), None


def parse_referrals(text: str | None) -> tuple[list[Referral], list[str]]:
    """One referral per line, "Name, Company, Title", read leniently: commas, " at ", dashes,
    "Name (Company)", bullets, an email or a LinkedIn link anywhere. Returns the referrals
    and a problem per line that fails, numbered as the member sees the lines."""
    referrals, problems = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = clean_line(_BULLET.sub("", raw))
        if not clean_line(raw):
            continue
        referral, problem = _referral_line(line, number)
        if referral is not None:
            referrals.append(referral)
        if problem is not None:
            problems.append(problem)
    if len(referrals) > REFERRALS_MAX:
        problems.append(f"At most {REFERRALS_MAX} referrals at once, please.")
    return referrals, problems


def specific_thing(*notes: str | None) -> str | None:
    """One thing they said, to name in the thank-you: the first line of the first note."""
    for note in notes:
        first = clean_line((note or "").strip().splitlines()[0] if (note or "").strip() else "")
        if first:
            return first.rstrip(".")
    return None


def draft_thank_you(
    contact_name: str, thing: str | None, member_name: str, *, met_on: date, today: date
) -> str:
    """A thank-you that names one specific thing, in words that fit the day they met."""
    specific = (
        f"I especially valued this: {quotation(thing)}"
        if thing
        else "Your advice gave me a lot to act on."
    )
    return (
        f"Hi {greeting_name(contact_name)},\n\nThank you so much for your time "
        f"{when_we_met(met_on, today)}. {specific} "
        "I'll put it to work and let you know how it goes.\n\n"
        f"With thanks,\n{member_name}"
    )


# Where the member writes their own line: a draft cannot know what they did.
WHAT_YOU_DID = "[one line on what you did with it, and how it went]"
WHERE_YOU_ARE = "[one line on where you are now]"


def draft_close_the_loop(
    contact_name: str, thing: str | None, member_name: str, *, met_on: date, today: date
) -> str:
    """About two weeks on: tell them what you did with their advice (DESIGN §2.5)."""
    advice = (
        f"You suggested this: {quotation(thing)} I took it to heart: {WHAT_YOU_DID}"
        if thing
        else f"I acted on your advice: {WHAT_YOU_DID}"
    )
    return (
        f"Hi {greeting_name(contact_name)},\n\nI wanted to close the loop on our "
        f"conversation {when_we_met(met_on, today)}. {advice}.\n\n"
        "Thank you again for your time; it made a real difference.\n\n"
        f"Best,\n{member_name}"
    )


def draft_keep_in_touch(
    contact_name: str, company: str | None, member_name: str, *, met_on: date, today: date
) -> str:
    """Every few months: a short hello that gives before it asks (nothing to ask at all)."""
    where = f" at {company}" if company else ""
    return (
        f"Hi {greeting_name(contact_name)},\n\nIt's been a while since we spoke "
        f"{when_we_met(met_on, today)}, and you came to mind. A quick update: {WHERE_YOU_ARE}. "
        f"I hope things are going well{where}. Is there anything I could help you with?\n\n"
        f"Best,\n{member_name}"
    )
