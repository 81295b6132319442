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
from slackbot.blocks.text import escape, plural
from slackbot.domain.lamp import TargetFacts
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
    advocates: int = 0  # the member's own contacts there who could vouch for them
    classmates: int = 0  # classmates offering intros who know someone there


def lamp_row(facts: TargetFacts) -> CompanyRow:
    return CompanyRow(
        id=facts.company_id,
        name=facts.name,
        motivation=facts.motivation,
        size_band=facts.size_band,
        has_posting=facts.has_posting,
        advocates=facts.advocates,
        classmates=facts.classmates,
    )


@dataclass(frozen=True)
class TitleRow:
    id: int
    title: str


def advocacy_text(advocates: int, classmates: int) -> str:
    """Who could vouch for the member there; classmates are counted, never named."""
    paths = []
    if advocates:
        paths.append(plural(advocates, "contact") + " of yours")
    if classmates:
        paths.append(plural(classmates, "classmate") + " offering intros")
    return ", ".join(paths) if paths else "nobody yet"


def company_line(company: CompanyRow) -> str:
    """The company as a row of the LAMP spreadsheet: Advocacy, Motivation, Posting."""
    name = f"*{escape(company.name)}*"
    size = parse_choice(CompanySize, company.size_band)
    if size is not None:
        name += f" ({size.label})"
    columns = [
        f"A: {advocacy_text(company.advocates, company.classmates)}",
        f"M: {company.motivation}/5",
        "P: open posting" if company.has_posting else "P: none",
    ]
    return f"{name}\n{' · '.join(columns)}"


LAMP_LEGEND = (
    "*L*ist · *A*dvocacy: someone there who could vouch for you (a contact who replied, "
    "meets you, or is an alum or a referral; or a classmate offering intros) · "
    "*M*otivation: 5 is a dream company · *P*osting: an open role. "
    "Sorted by motivation, then posting, then advocacy."
)


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
            "Companies you would love to work for, and the job titles you are curious "
            "about. Start your asks at the top."
        ),
        context(LAMP_LEGEND),
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
