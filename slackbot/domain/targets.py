"""Rules for the target list: companies ranked by motivation, and job titles (DESIGN §2.1)."""

from dataclasses import dataclass

from slackbot.domain.contacts import company_key
from slackbot.domain.text import clean_line, has_visible_text
from slackbot.domain.vocabulary import CompanySize, parse_choice

COMPANY_NAME_MAX = 100
JOB_TITLE_MAX = 100
DEFAULT_MOTIVATION = 3


@dataclass(frozen=True)
class TargetCompanyDetails:
    name: str
    motivation: int
    size_band: CompanySize | None
    has_posting: bool

    @property
    def key(self) -> str:
        return company_key(self.name)


def validate_company(
    name: str | None, motivation: str | None, size_band: str | None, has_posting: bool
) -> tuple[TargetCompanyDetails | None, dict[str, str]]:
    """Returns the details or, per field ("name", "motivation"), what to fix."""
    errors: dict[str, str] = {}
    cleaned = clean_line(name)
    if not has_visible_text(cleaned):
        errors["name"] = "Please enter the company's name."
    elif len(cleaned) > COMPANY_NAME_MAX:
        errors["name"] = f"Please keep the name under {COMPANY_NAME_MAX + 1} characters."
    level = int(motivation) if motivation in {"1", "2", "3", "4", "5"} else 0
    if not 1 <= level <= 5:
        errors["motivation"] = "Please pick how motivated you are, from 1 to 5."
    if errors:
        return None, errors
    return TargetCompanyDetails(
        cleaned, level, parse_choice(CompanySize, size_band), has_posting
    ), {}


def validate_job_title(title: str | None) -> tuple[str | None, str | None]:
    """Returns the cleaned title, or the message saying what to fix."""
    cleaned = clean_line(title)
    if not has_visible_text(cleaned):
        return None, "Please enter a job title."
    if len(cleaned) > JOB_TITLE_MAX:
        return None, f"Please keep the title under {JOB_TITLE_MAX + 1} characters."
    return cleaned, None
