"""Putting members' own words into Slack messages safely."""

from slackbot.domain.vocabulary import CompanySize, Seniority, parse_choice

SECTION_TEXT_MAX = 3000


def escape(text: str) -> str:
    """Escape user text for mrkdwn, so it cannot mention @channel or disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a whole word when one ends near the limit,
    and always with an ellipsis so a shortened name never reads as the whole name."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def plural(count: int, noun: str) -> str:
    """'1 reply', '0 target companies', '2 days': the count with its noun agreed."""
    if count == 1:
        return f"{count} {noun}"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"


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
