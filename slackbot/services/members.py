"""Who is asking: every owned record hangs off a member found by (team, user)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.models import Contact, Member
from slackbot.models.owned import MemberOwned

PROFILE_MAX_AGE = timedelta(days=7)
# Coach surfaces re-check the admin flag this often: a demoted admin loses them in minutes.
COACH_STATUS_MAX_AGE = timedelta(minutes=5)
Owned = TypeVar("Owned", bound=MemberOwned)


@dataclass(frozen=True)
class Owner:
    """The Slack team and user a request comes from; every query is scoped by both."""

    team_id: str
    user_id: str


def find_member(*, session: Session, owner: Owner) -> Member | None:
    """The member for `owner`, looked up once per unit of work: App Home alone asks for it
    from half a dozen services in one session."""
    known: dict[Owner, Member] = session.info.setdefault("members", {})
    if owner not in known:
        member = session.scalar(
            select(Member).where(Member.team_id == owner.team_id, Member.user_id == owner.user_id)
        )
        if member is None:
            return None
        known[owner] = member
    return known[owner]


def get_or_create_member(*, session: Session, owner: Owner) -> Member:
    """The member for `owner`, created on first contact; safe when two requests race."""
    member = find_member(session=session, owner=owner)
    if member is not None:
        return member
    insert_if_absent(session, Member, team_id=owner.team_id, user_id=owner.user_id)
    member = find_member(session=session, owner=owner)
    assert member is not None  # inserted above, or by the request that won the race
    return member


def profile_is_stale(
    member: Member, *, now: datetime, max_age: timedelta = PROFILE_MAX_AGE
) -> bool:
    return member.profile_fetched_at is None or now - member.profile_fetched_at > max_age


def save_profile(
    *,
    session: Session,
    owner: Owner,
    display_name: str | None,
    tz: str | None,
    is_admin: bool,
    now: datetime,
) -> Member:
    """Cache what users.info says of the member: name, time zone, admin or not."""
    member = get_or_create_member(session=session, owner=owner)
    member.display_name = display_name
    member.tz = tz
    member.is_admin = is_admin
    member.profile_fetched_at = now
    return member


def note_home_opened(*, session: Session, owner: Owner, now: datetime) -> None:
    get_or_create_member(session=session, owner=owner).home_opened_at = now


def owned(model: type[Owned], owner: Owner) -> Select[tuple[Owned]]:
    """A select of `model` rows that belong to `owner`, and only those."""
    return (
        select(model)
        .join(Member, Member.id == model.member_id)
        .where(Member.team_id == owner.team_id, Member.user_id == owner.user_id)
    )


def owned_with_contact(model: type[Owned], owner: Owner) -> Select[tuple[Owned, Contact]]:
    """`owned`, each row with the contact it is about (drafts, meetings)."""
    about = model.contact_id  # type: ignore[attr-defined]
    return owned(model, owner).add_columns(Contact).join(Contact, Contact.id == about)
