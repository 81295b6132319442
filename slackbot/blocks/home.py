"""The App Home tab: the member's dashboard."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from slackbot.blocks import ids
from slackbot.blocks.contacts import ContactSummary
from slackbot.blocks.elements import button
from slackbot.blocks.targets import CompanyRow, company_line
from slackbot.blocks.text import escape, role_line
from slackbot.domain.pipeline import Stage

RECENT_CONTACTS_SHOWN = 10
TOP_TARGETS_SHOWN = 5


@dataclass(frozen=True)
class Dashboard:
    pipeline: Mapping[Stage, int]
    recent_contacts: Sequence[ContactSummary]
    top_targets: Sequence[CompanyRow]


def pipeline_fields(pipeline: Mapping[Stage, int]) -> list[MarkdownTextObject]:
    return [
        MarkdownTextObject(text=f"*{stage.label}*\n{pipeline.get(stage, 0)}") for stage in Stage
    ]


def home_view(dashboard: Dashboard) -> dict[str, Any]:
    blocks: list[Any] = [
        HeaderBlock(text="Your networking pipeline"),
        SectionBlock(fields=pipeline_fields(dashboard.pipeline)),
        ActionsBlock(
            elements=[
                button("Log a contact", ids.HOME_ADD_CONTACT, style="primary"),
                button("Target list", ids.HOME_OPEN_TARGETS),
            ]
        ),
        DividerBlock(),
        HeaderBlock(text="Recent contacts"),
    ]
    for contact in dashboard.recent_contacts[:RECENT_CONTACTS_SHOWN]:
        line = f"*{escape(contact.name)}*"
        role = role_line(contact.title, contact.company, contact.seniority, contact.company_size)
        if role:
            line += f"\n{role}"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if not dashboard.recent_contacts:
        blocks.append(
            _hint(
                "No contacts yet. Start warm: an alum, a former colleague, someone from a "
                "community you belong to. Log them with `/contact`."
            )
        )
    blocks += [DividerBlock(), HeaderBlock(text="Top targets")]
    for company in dashboard.top_targets[:TOP_TARGETS_SHOWN]:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=company_line(company))))
    if not dashboard.top_targets:
        blocks.append(_hint("No target companies yet. Rank the ones you'd love with `/targets`."))
    blocks += [
        DividerBlock(),
        _hint(
            "Informational interviews are for learning, never for asking for a job. "
            "`/network help` lists every command. Only you can see your contacts."
        ),
    ]
    return View(type="home", blocks=blocks).to_dict()


def _hint(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])
