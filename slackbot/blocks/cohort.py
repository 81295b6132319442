"""The coach's /cohort settings modal, and its answers."""

from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.elements import (
    Json,
    channel_select,
    context,
    external_select,
    input_block,
    modal,
    number_input,
    option,
    radio,
    section,
    text_input,
    time_picker,
)
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.progress import (
    PRIVACY_LINE,
    STATS_MEMBERS_SHOWN,
    CohortView,
    counts_table,
    member_blocks,
    summary,
)
from slackbot.blocks.text import plural
from slackbot.domain.cohort_settings import (
    RANGES,
    CohortField,
    CohortSettings,
    hhmm,
)
from slackbot.domain.cohort_stats import totals
from slackbot.domain.nudges import PrivacyLevel

BLOCK = ids.COHORT_BLOCKS


def _number(field: CohortField, initial: int) -> Json:
    low, high, _ = RANGES[field]
    return number_input(initial=initial, low=low, high=high)


def cohort_modal(current: CohortSettings) -> dict[str, Any]:
    blocks: list[Json] = [
        section(
            "Where and when Parachute nudges your cohort. Follow-ups count business "
            "days (the \u201c3B7\u201d routine: a second contact after 3, a kind "
            "follow-up every 7)."
        ),
        input_block(
            BLOCK[CohortField.CHANNEL],
            "Nudge channel",
            channel_select(initial=current.channel, placeholder="Pick the cohort's channel"),
            hint="Empty: each member gets their nudges by DM. Invite me to a private channel.",
        ),
        input_block(
            BLOCK[CohortField.NUDGE_TIME],
            "Follow-up nudges at",
            time_picker(hhmm(current.nudge_minute)),
            optional=False,
            hint="In each member's own time zone, on business days.",
        ),
        input_block(
            BLOCK[CohortField.TIMEZONE],
            "The cohort's time zone",
            external_select(
                ids.COHORT_TIMEZONE_SEARCH,
                min_query_length=2,
                initial=option(current.timezone, current.timezone),
                placeholder="Type a city, e.g. Chicago",
            ),
            optional=False,
            hint="The cohort's weeks and weekly digest follow it, and so do reminders for "
            "members whose Slack profile has no time zone.",
        ),
        text_input(
            BLOCK[CohortField.COUNTRY],
            "Public holidays of",
            max_length=2,
            optional=False,
            initial=current.country,
            hint="A two-letter country code (US, GB, IN, ...): no nudges on its holidays.",
        ),
        input_block(
            BLOCK[CohortField.PRIVACY],
            "What nudges show in the channel",
            radio([(level.value, level.label) for level in PrivacyLevel], current.privacy.value),
            optional=False,
        ),
        input_block(
            BLOCK[CohortField.SECOND_CONTACT_DAYS],
            "Second contact after (business days)",
            _number(CohortField.SECOND_CONTACT_DAYS, current.second_contact_days),
            optional=False,
        ),
        input_block(
            BLOCK[CohortField.FOLLOW_UP_DAYS],
            "Follow up every (business days)",
            _number(CohortField.FOLLOW_UP_DAYS, current.follow_up_days),
            optional=False,
        ),
        input_block(
            BLOCK[CohortField.MAX_FOLLOW_UPS],
            "Follow-ups before parking a contact",
            _number(CohortField.MAX_FOLLOW_UPS, current.max_follow_ups),
            optional=False,
        ),
        input_block(
            BLOCK[CohortField.QUIET_START],
            "Quiet hours start",
            time_picker(hhmm(current.quiet_start_minute)),
            optional=False,
        ),
        input_block(
            BLOCK[CohortField.QUIET_END],
            "Quiet hours end",
            time_picker(hhmm(current.quiet_end_minute)),
            optional=False,
            hint="No prep, notes or thank-you nudges in between, in each member's time zone.",
        ),
        input_block(
            BLOCK[CohortField.KEEP_IN_TOUCH_DAYS],
            "Keep in touch every (days)",
            _number(CohortField.KEEP_IN_TOUCH_DAYS, current.keep_in_touch_days),
            optional=False,
            hint="0 turns keep-in-touch reminders off.",
        ),
        context("Coaches see counts, never anyone's contacts or notes."),
    ]
    return modal(
        callback_id=ids.COHORT_MODAL,
        title="Cohort settings",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    )


def coaches_only_message() -> Message:
    text = (
        "`/cohort` is for the cohort's coaches (workspace admins, or people your operator "
        "listed). Your own pipeline is in `/network` and your App Home."
    )
    return build_message(text, [section(text)])


def channel_hello_message() -> Message:
    text = (
        "Hi! Parachute will post friendly reminders here: follow-ups, meeting prep, notes and "
        "thank-yous. Only the person mentioned can use the buttons on their reminder."
    )
    return build_message(text, [section(text)])


def settings_summary_message(settings: CohortSettings) -> Message:
    """What the coach just saved, in a few lines, so a slip shows at once."""
    where = f"in <#{settings.channel}>" if settings.channel else "by DM to each member"
    keep_in_touch = (
        f"a keep-in-touch reminder every {settings.keep_in_touch_days} days"
        if settings.keep_in_touch_days
        else "no keep-in-touch reminders"
    )
    lines = [
        ":white_check_mark: *Cohort settings saved*",
        f"\u2022 Reminders {where}, at {hhmm(settings.nudge_minute)} on business days "
        f"(cohort zone {settings.timezone}; {settings.country} public holidays off).",
        f"\u2022 A second contact after {plural(settings.second_contact_days, 'business day')}, "
        "a kind "
        f"follow-up every {settings.follow_up_days}; parked after "
        f"{plural(settings.max_follow_ups, 'follow-up')}.",
        f"\u2022 Quiet hours {hhmm(settings.quiet_start_minute)}\u2013"
        f"{hhmm(settings.quiet_end_minute)}; {keep_in_touch}.",
        f"\u2022 The channel shows: {settings.privacy.label}.",
    ]
    text = "\n".join(lines)
    return build_message("Cohort settings saved", [section(text)])


def channel_problem_message(channel_id: str, error: str) -> Message:
    text = (
        f"I can't post in <#{channel_id}> yet (`{error}`). Invite me there with "
        "`/invite @Parachute`; until then, members get their nudges by DM."
    )
    return build_message(text, [section(text)])


def stats_message(view: CohortView) -> Message:
    """`/cohort stats`: who is stuck first, then everyone; weeks start on Monday."""
    if not view.members:
        text = "No members have used Parachute yet. Their progress will show here."
        return build_message(text, [section(text)])
    blocks: list[Any] = [
        section("*Your cohort at a glance*\n" + summary(view)),
        section(
            "*The cohort's totals*\n"
            + counts_table([(m.label, c) for m, c in totals(view.members).items()])
        ),
        *member_blocks(view, STATS_MEMBERS_SHOWN),
        context(PRIVACY_LINE + " Weeks start on Monday, in the cohort's time zone."),
    ]
    return build_message("Your cohort's progress", blocks)


def check_in_message(coach_id: str) -> Message:
    """The kind DM a coach sends a member who has gone quiet."""
    text = (
        f":wave: Hi! <@{coach_id}> wanted to check in: how is your search going? "
        "A quiet week happens to everyone. One small step is plenty: log one person with "
        "`/contact`, or draft one short ask with `/ask-draft`. If something is in the way, "
        f"tell <@{coach_id}>; they're glad to help."
    )
    return build_message("Your coach is checking in", [section(text)])


def check_in_sent_message(member_id: str) -> Message:
    text = f":white_check_mark: I sent <@{member_id}> a kind check-in from you."
    return build_message(text, [section(text)])
