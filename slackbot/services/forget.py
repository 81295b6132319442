"""Forget me: erase every record a member owns, and say what went."""

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from slackbot.domain.nudges import NudgeKind
from slackbot.domain.your_data import Forgotten
from slackbot.models import (
    Contact,
    Draft,
    Meeting,
    Member,
    Nudge,
    Overlap,
    TargetCompany,
    TargetTitle,
)
from slackbot.services.members import Owner, find_member


def posted_reminders(*, session: Session, owner: Owner) -> list[tuple[str, str]]:
    """(channel, ts) of every reminder message posted for the member: they may name a
    contact or a company, so forgetting the member removes them too."""
    return [
        (channel, ts)
        for channel, ts in session.execute(
            select(Nudge.channel_id, Nudge.message_ts)
            .join(Member, Member.id == Nudge.member_id)
            .where(
                Member.team_id == owner.team_id,
                Member.user_id == owner.user_id,
                Nudge.message_ts.is_not(None),
                Nudge.kind != NudgeKind.WEEKLY_DIGEST,
            )
            .distinct()
        )
        if channel and ts
    ]


def forget_member(*, session: Session, owner: Owner) -> Forgotten:
    """Delete the member and everything they own, in one transaction.

    Rows are deleted table by table (dependents first) rather than left to ON DELETE
    CASCADE, so the counts are exact and nothing depends on the engine's foreign-key
    enforcement. Aggregates are computed from these rows, so they lose the member too."""
    member = find_member(session=session, owner=owner)
    if member is None:
        return Forgotten()
    _hand_over_the_digest(session, member)
    # Overlaps name the member on both sides: theirs and those a classmate was told about.
    session.execute(
        delete(Overlap).where(
            or_(Overlap.member_id == member.id, Overlap.other_member_id == member.id)
        )
    )
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
    session.info.get("members", {}).pop(owner, None)
    return Forgotten(**counts)


def _hand_over_the_digest(session: Session, member: Member) -> None:
    """The cohort's weekly digest is planned under the coach who set it: when that coach
    leaves, another member of the workspace (a coach first) carries it on."""
    heir = session.scalar(
        select(Member.id)
        .where(Member.team_id == member.team_id, Member.id != member.id)
        .order_by(Member.is_admin.desc(), Member.id)
        .limit(1)
    )
    if heir is not None:
        session.execute(
            update(Nudge)
            .where(Nudge.member_id == member.id, Nudge.kind == NudgeKind.WEEKLY_DIGEST)
            .values(member_id=heir)
        )
