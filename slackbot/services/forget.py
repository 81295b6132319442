"""Forget me: erase every record a member owns, and say what went."""

from sqlalchemy import delete
from sqlalchemy.orm import Session

from slackbot.domain.your_data import Forgotten
from slackbot.models import Contact, Draft, Meeting, Member, Nudge, TargetCompany, TargetTitle
from slackbot.services.members import Owner, find_member


def forget_member(*, session: Session, owner: Owner) -> Forgotten:
    """Delete the member and everything they own, in one transaction.

    Rows are deleted table by table (dependents first) rather than left to ON DELETE
    CASCADE, so the counts are exact and nothing depends on the engine's foreign-key
    enforcement. Aggregates are computed from these rows, so they lose the member too."""
    member = find_member(session=session, owner=owner)
    if member is None:
        return Forgotten()
    counts = {}
    for name, model in (
        ("nudges", Nudge),
        ("drafts", Draft),
        ("meetings", Meeting),
        ("contacts", Contact),
        ("target_companies", TargetCompany),
        ("target_titles", TargetTitle),
    ):
        result = session.execute(delete(model).where(model.member_id == member.id))
        counts[name] = result.rowcount  # type: ignore[attr-defined]
    session.execute(delete(Member).where(Member.id == member.id))
    return Forgotten(**counts)
