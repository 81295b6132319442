"""The contact page: opened from a click or a command, redrawn after what was done on it."""

from slack_sdk import WebClient

from slackbot.delivery.messages import open_modal
from slackbot.delivery.profiles import member_tz
from slackbot.deps import Deps
from slackbot.domain.calendar import zone
from slackbot.services.members import Owner
from slackbot.surfaces.contact_page import contact_page


def open_contact_page(
    client: WebClient, deps: Deps, owner: Owner, trigger_id: str, contact_id: int
) -> None:
    """Open the page of contact `contact_id` if it is the owner's (raises NotFound if not).
    The zone is the cached one: no users.info call may stand before `views.open`."""
    tz = zone(member_tz(client, deps, owner, fetch=False))
    open_modal(
        client,
        deps,
        trigger_id,
        lambda session: contact_page(session, owner, contact_id, now=deps.clock(), tz=tz),
    )


def redraw_contact_page(
    client: WebClient, deps: Deps, owner: Owner, view_id: str, contact_id: int, notice: str
) -> None:
    """The contact page `view_id` drawn again, with what was just done said on it."""
    tz = zone(member_tz(client, deps, owner))
    with deps.db.session() as session:
        view = contact_page(session, owner, contact_id, now=deps.clock(), tz=tz, notice=notice)
    client.views_update(view_id=view_id, view=view)
