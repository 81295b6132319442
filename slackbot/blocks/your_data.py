"""`/network import`, `export` and `forget`: the forms and what the member is told."""

from collections.abc import Mapping
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.elements import (
    checkboxes,
    context,
    file_input,
    input_block,
    modal,
    option,
    section,
)
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import escape, plural
from slackbot.domain.csv_import import ImportReport, SkipReason
from slackbot.domain.your_data import Forgotten

IMPORT_FILETYPES = ["csv", "txt"]
CONFIRMED = "confirmed"
PRIVATE = "Only you can see your contacts, asks and notes."


def import_modal() -> dict[str, Any]:
    return modal(
        callback_id=ids.IMPORT_MODAL,
        title="Import contacts",
        submit="Import",
        close="Cancel",
        blocks=[
            section(
                "Bring your contacts in from a CSV file:\n"
                "• *LinkedIn*: _Settings > Data privacy > Get a copy of your data > "
                "Connections_, then pick `Connections.csv` as it comes.\n"
                "• *Any other CSV* with a header row: a name (or first and last name), "
                "and any of company, title, email, LinkedIn URL, notes."
            ),
            input_block(
                ids.IMPORT_FILE,
                "Your CSV file",
                file_input(IMPORT_FILETYPES, max_files=1),
                optional=False,
                hint="People you already have are completed, never doubled.",
            ),
            context(PRIVATE),
        ],
    )


def import_started_view() -> dict[str, Any]:
    return modal(
        callback_id=ids.IMPORT_STARTED,
        title="Import contacts",
        close="Done",
        blocks=[
            section(
                ":hourglass_flowing_sand: Reading your file. I'll send you what I added "
                "in a direct message in a moment."
            )
        ],
    )


SKIP_WORDS = {
    SkipReason.NO_NAME: "without a name",
    SkipReason.UNUSABLE: "with details I couldn't use (see below)",
    SkipReason.ALREADY_KNOWN: "already in your contacts with nothing new",
    SkipReason.REPEATED: "repeated in the file",
}


def import_report_message(report: ImportReport, filename: str) -> Message:
    headline = (
        f":inbox_tray: *Imported {escape(filename)}* ({report.format.label}): "
        f"{plural(report.added, 'contact')} added, {report.updated} updated, "
        f"{sum(report.skipped.values())} skipped."
    )
    lines = [headline]
    for reason, words in SKIP_WORDS.items():
        if report.skipped.get(reason):
            lines.append(f"• {report.skipped[reason]} {words}")
    blocks: list[Any] = [section("\n".join(lines))]
    if report.problems:
        shown = "\n".join(f"• Line {line}: {escape(text)}" for line, text in report.problems)
        more = report.problem_count - len(report.problems)
        if more:
            shown += f"\n…and {plural(more, 'more line')} like these."
        blocks.append(section(f"*Lines to check:*\n{shown}"))
    if report.encoding == "cp1252":
        blocks.append(
            context(
                "Your file was not UTF-8, so I read it as Windows-1252 (what Excel on "
                "Windows writes). If an accented name looks wrong, save it as *CSV UTF-8* "
                "and import it again: nothing will be doubled."
            )
        )
    blocks.append(
        context(
            "Imported contacts start at *Identified*. Draft an ask with `/ask-draft`. " + PRIVATE
        )
    )
    return build_message(headline, blocks)


def import_failed_message(filename: str, reason: str) -> Message:
    text = f":warning: I couldn't import *{escape(filename)}*, and nothing was changed. {reason}"
    return build_message(text, [section(text)])


def export_started_message() -> Message:
    text = (
        "Packing up your data: your profile and settings, contacts, asks, meetings, "
        "referrals, nudges, target list and overlap heads-ups, as CSV files in one zip. "
        "It will arrive in your direct messages with me in a moment."
    )
    return build_message(text, [section(text)])


def export_comment(rows: int) -> str:
    return (
        f"Here is everything Parachute keeps about you ({plural(rows, 'row')}): your "
        "profile and settings (time zone, goals, opt-ins), contacts with their stages, asks "
        "with their dates and what you typed into the ask form, meetings with your notes, "
        "referrals, nudges, your target list, the overlap heads-ups, and where I posted "
        "messages and files for you in Slack, as CSV files. "
        "`contacts.csv` imports back with `/network import`."
    )


def export_failed_message() -> Message:
    text = (
        ":warning: I couldn't send your export just now. Nothing was changed; please try "
        "`/network export` again in a few minutes."
    )
    return build_message(text, [section(text)])


def forget_modal() -> dict[str, Any]:
    return modal(
        callback_id=ids.FORGET_MODAL,
        title="Delete my data",
        submit="Delete everything",
        close="Keep my data",
        blocks=[
            section(
                "This deletes *everything Parachute keeps about you*: your contacts, target "
                "list, drafts and asks, meetings and notes, pending nudges, and your profile "
                "and settings. Cohort statistics will no longer count you.\n\n"
                "It also deletes from Slack *every message and file I posted for you or "
                "about you*: reminders in the cohort channel (and their lines in a "
                "reminder digest), and in our direct messages your draft cards, prep packs, "
                "thank-you drafts, import reports, calendar files and exports. When that is "
                "done I'll send you one last message with the counts, and anything Slack "
                "would not let me delete. Messages you wrote yourself stay. "
                "It can't be undone.\n\n"
                "Want a copy first? Close this and type `/network export`."
            ),
            input_block(
                ids.FORGET_CONFIRM,
                "Confirm",
                checkboxes([option(CONFIRMED, "I understand: delete all my data")]),
                optional=False,
            ),
        ],
    )


def forgotten_view(forgotten: Forgotten, posts_queued: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    """`posts_queued`: the (messages, files) in Slack now being deleted."""
    messages, files = posts_queued
    if forgotten.anything:
        counts = [
            plural(forgotten.contacts, "contact"),
            plural(forgotten.target_companies, "target company"),
            plural(forgotten.target_titles, "job title"),
            plural(forgotten.drafts, "draft"),
            plural(forgotten.meetings, "meeting"),
            plural(forgotten.nudges, "nudge"),
        ]
        text = ":wastebasket: Done. I deleted " + ", ".join(counts) + ", and your profile."
    elif messages or files:
        text = ":wastebasket: Done. Parachute kept no records about you."
    else:
        text = (
            ":wastebasket: Done. Parachute kept nothing about you, so there was nothing to delete."
        )
    blocks: list[Any] = [section(text)]
    if messages or files:
        blocks.append(
            section(
                f"I'm now deleting the {plural(messages, 'message')} and "
                f"{plural(files, 'file')} I posted for you in Slack; a direct message will "
                "tell you when that's done."
            )
        )
    blocks.append(context("If you use Parachute again, it starts from a blank page."))
    return modal(
        callback_id=ids.FORGOTTEN, title="Your data is deleted", close="Close", blocks=blocks
    )


def erasure_report_message(messages: int, files: int, refused: Mapping[str, int]) -> Message:
    """Forget-me's last word: what was deleted from Slack, and what Slack refused."""
    text = (
        f":wastebasket: Done: I deleted {plural(messages, 'message')} and "
        f"{plural(files, 'file')} I had posted for you or about you in Slack."
    )
    blocks: list[Any] = [section(text)]
    if refused:
        reasons = ", ".join(
            f"{plural(count, 'item')} ({escape(reason)})" for reason, count in refused.items()
        )
        refusal = (
            f"Slack would not let me delete {reasons}. You can delete a message yourself "
            "from its menu, or ask your workspace admin."
        )
        text += " " + refusal
        blocks.append(section(refusal))
    blocks.append(context("Parachute keeps nothing about you now."))
    return build_message(text, blocks)
