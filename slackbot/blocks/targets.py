"""The target list modal and its forms."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.elements import (
    actions,
    button,
    checkboxes,
    context,
    header,
    input_block,
    modal,
    option,
    overflow,
    section,
    static_select,
    text_input,
)
from slackbot.blocks.text import escape
from slackbot.domain.targets import COMPANY_NAME_MAX, DEFAULT_MOTIVATION, JOB_TITLE_MAX
from slackbot.domain.vocabulary import MOTIVATION_LABELS, CompanySize, parse_choice

COMPANIES_SHOWN = 60
TITLES_SHOWN = 25
POSTING = "posting"


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    motivation: int
    size_band: str | None
    has_posting: bool


@dataclass(frozen=True)
class TitleRow:
    id: int
    title: str


def company_line(company: CompanyRow) -> str:
    parts = [f"*{escape(company.name)}*", f"motivation {company.motivation}/5"]
    size = parse_choice(CompanySize, company.size_band)
    if size is not None:
        parts.append(size.label)
    if company.has_posting:
        parts.append("open posting")
    return " · ".join(parts)


def targets_view(
    companies: Sequence[CompanyRow],
    titles: Sequence[TitleRow],
    *,
    more_companies: bool,
    more_titles: bool,
) -> dict[str, Any]:
    """The list, highest motivation first, with add, edit and remove."""
    blocks: list[Any] = [
        section(
            "Companies you would love to work for, ranked by motivation "
            "(5 is a dream company), and the job titles you are curious about. "
            "Start your asks at the top."
        ),
        actions(
            elements=[
                button("Add a company", ids.TARGETS_ADD_COMPANY, style="primary"),
                button("Add a job title", ids.TARGETS_ADD_TITLE),
            ]
        ),
        header("Companies"),
    ]
    for company in companies[:COMPANIES_SHOWN]:
        menu = overflow(
            ids.TARGETS_COMPANY_MENU,
            [
                option(f"{ids.EDIT}:{company.id}", "Edit"),
                option(f"{ids.REMOVE}:{company.id}", "Remove"),
            ],
        )
        blocks.append(section(company_line(company), accessory=menu))
    if not companies:
        blocks.append(context("No companies yet. Add the first one you'd love to work for."))
    if more_companies:
        blocks.append(
            context(f"Showing your top {COMPANIES_SHOWN} companies. Remove some to see more.")
        )
    blocks.append(header("Job titles"))
    for title in titles[:TITLES_SHOWN]:
        blocks.append(
            section(
                escape(title.title),
                accessory=button("Remove", ids.TARGETS_REMOVE_TITLE, value=str(title.id)),
            )
        )
    if not titles:
        blocks.append(context("No job titles yet. Which roles would you like to learn about?"))
    if more_titles:
        blocks.append(context(f"Showing {TITLES_SHOWN} job titles. Remove some to see more."))
    return modal(
        callback_id=ids.TARGETS_MODAL,
        title="Your target list",
        close="Done",
        blocks=blocks,
    )


def company_form(company: CompanyRow | None) -> dict[str, Any]:
    """Add a company (`company` None) or edit one; its id rides in private_metadata."""
    posting = option(POSTING, "They have an open posting I could apply to")
    blocks = [
        text_input(
            ids.COMPANY_NAME,
            "Company",
            max_length=COMPANY_NAME_MAX,
            optional=False,
            initial=company.name if company else None,
            placeholder="Acme Corp",
        ),
        input_block(
            ids.COMPANY_MOTIVATION,
            "How much would you love to work there?",
            static_select(
                [(str(level), label) for level, label in sorted(MOTIVATION_LABELS.items())],
                initial=str(company.motivation if company else DEFAULT_MOTIVATION),
                placeholder="Motivation",
            ),
            optional=False,
        ),
        input_block(
            ids.COMPANY_SIZE,
            "Company size",
            static_select(
                [(size.value, size.label) for size in CompanySize],
                initial=company.size_band if company else None,
                placeholder="Size",
            ),
            hint="At a large company, aim for people a level or two above you.",
        ),
        input_block(
            ids.COMPANY_POSTING,
            "Posting",
            checkboxes([posting], checked=[posting] if company and company.has_posting else []),
        ),
    ]
    return modal(
        callback_id=ids.TARGET_COMPANY_FORM,
        title="Edit company" if company else "Add a company",
        submit="Save",
        close="Back",
        private_metadata=json.dumps({"company_id": company.id if company else None}),
        blocks=blocks,
    )


def title_form() -> dict[str, Any]:
    return modal(
        callback_id=ids.TARGET_TITLE_FORM,
        title="Add a job title",
        submit="Add",
        close="Back",
        blocks=[
            text_input(
                ids.JOB_TITLE,
                "Job title",
                max_length=JOB_TITLE_MAX,
                optional=False,
                placeholder="Product designer",
            )
        ],
    )
