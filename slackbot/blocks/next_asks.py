"""App Home's "Next best ask": the top targets in LAMP order, each with one step."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from slackbot.blocks import ids
from slackbot.blocks.dates import day_label
from slackbot.blocks.elements import Json, button, context, header, section
from slackbot.blocks.targets import CompanyRow, company_line, lamp_row
from slackbot.blocks.text import escape, plural
from slackbot.domain.lamp import NextAsk, Step, TargetContact, people_search_link

NEXT_ASKS_SHOWN = 5


@dataclass(frozen=True)
class NextAskRow:
    company: CompanyRow
    step: Step
    contact_id: int | None = None
    contact_name: str | None = None
    why: str | None = None  # why this contact is a good ask
    due: date | None = None  # the next follow-up of an ask that is out, the member's day
    search_link: str | None = None
    school: str | None = None


def _why(contact: TargetContact) -> str | None:
    if contact.replied:
        return "they've replied to you before"
    if contact.warm:
        return "a warm connection, an alum or a referral"
    return None


def next_ask_rows(asks: Sequence[NextAsk], *, school: str | None, tz: ZoneInfo) -> list[NextAskRow]:
    rows = []
    for ask in asks:
        contact = ask.contact
        due = contact.next_due if contact and ask.step is Step.WAIT else None
        rows.append(
            NextAskRow(
                company=lamp_row(ask.target),
                step=ask.step,
                contact_id=contact.contact_id if contact else None,
                contact_name=contact.name if contact else None,
                why=_why(contact) if contact and ask.step is Step.DRAFT_ASK else None,
                due=due.astimezone(tz).date() if due else None,
                search_link=(
                    people_search_link(ask.target.name, school)
                    if ask.step is Step.FIND_SOMEONE
                    else None
                ),
                school=school if ask.step is Step.FIND_SOMEONE else None,
            )
        )
    return rows


def next_ask_blocks(rows: Sequence[NextAskRow], *, today: date | None = None) -> list[Json]:
    blocks: list[Json] = [header("Next best ask")]
    if not rows:
        blocks.append(
            context(
                "No target companies yet. Rank the ones you'd love with `/targets`, and I'll "
                "suggest whom to ask next."
            )
        )
        return blocks
    blocks.append(
        context(
            "Your target list in LAMP order: motivation, then an open posting, then "
            "someone who could vouch for you. `/targets` shows it all."
        )
    )
    blocks += [_row(row, today) for row in rows[:NEXT_ASKS_SHOWN]]
    return blocks


def _row(row: NextAskRow, today: date | None) -> Json:
    company = escape(row.company.name)
    who = f"*{escape(row.contact_name or '')}*"
    accessory = None
    if row.step is Step.WAIT:
        step = f":hourglass_flowing_sand: Your ask to {who} is out: " + (
            f"next follow-up due {day_label(row.due, today)}."
            if row.due
            else "waiting for a reply."
        )
    elif row.step is Step.DRAFT_ASK:
        step = f":envelope: Ask {who} for 15 minutes" + (f": {row.why}." if row.why else ".")
        accessory = button(
            "Draft an ask", ids.NEXT_ASK_DRAFT, value=str(row.contact_id), style="primary"
        )
    elif row.step is Step.ASK_INTRO:
        count = plural(row.company.classmates, "classmate")
        step = f":handshake: {count} offering intros know someone at {company}."
        accessory = button("Ask for an intro", ids.NEXT_ASK_INTRO, value=str(row.company.id))
    else:
        school = f" (start with {escape(row.school)} alumni)" if row.school else ""
        step = f":mag: Find someone at {company}, a level or two above you{school}."
        accessory = button("Search LinkedIn", ids.NEXT_ASK_SEARCH, url=row.search_link)
    return section(f"{company_line(row.company)}\n{step}", accessory=accessory)
