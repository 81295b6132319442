"""Putting members' own words into Slack messages safely."""

from slackbot.domain.vocabulary import CompanySize, Seniority, parse_choice

SECTION_TEXT_MAX = 3000


def escape(text: str) -> str:
    """Escape user text for mrkdwn, so it cannot mention @channel or disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def role_line(
    title: str | None, company: str | None, seniority: str | None, size: str | None
) -> str:
    """'Product Manager at Acme (201-1000 people, Director)', escaped; '' when unknown."""
    role = " at ".join(escape(part) for part in (title, company) if part)
    extras = [
        choice.label
        for choice in (parse_choice(CompanySize, size), parse_choice(Seniority, seniority))
        if choice is not None
    ]
    if extras:
        role = f"{role} ({', '.join(extras)})" if role else ", ".join(extras)
    return role
