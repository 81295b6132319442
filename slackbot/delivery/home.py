"""App Home: drawn when the member opens it, and redrawn after their changes."""

from slack_sdk import WebClient

from slackbot.blocks.home import Dashboard, home_view
from slackbot.delivery.profiles import coaches, profile_of
from slackbot.deps import Deps
from slackbot.services import members
from slackbot.services.members import Owner
from slackbot.surfaces.home import home_surface


def show_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    """The member opened App Home: draw it fresh; from now on it follows their changes."""
    with deps.db.session() as session:
        members.note_home_opened(session=session, owner=owner, now=deps.clock())
    publish_home(client, deps, owner)


def refresh_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    """After a change: redraw the member's App Home if they have ever opened it (Slack
    draws nothing for the others), once per burst of changes (`Deps.home_redraws`)."""
    deps.home_redraws.submit(owner, lambda: _redraw_opened_home(client, deps, owner))


def _redraw_opened_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    with deps.db.session() as session:
        member = members.find_member(session=session, owner=owner)
        if member is None or member.home_opened_at is None:
            return
    publish_home(client, deps, owner)


def publish_home(client: WebClient, deps: Deps, owner: Owner) -> None:
    """Draw the member's App Home from the database and publish it, now."""
    profile = profile_of(client, deps, owner)
    if profile.is_admin:  # an admin a week ago may be one no more: checked every few minutes
        profile = profile_of(client, deps, owner, max_age=members.COACH_STATUS_MAX_AGE)
    coaching = coaches(deps, owner, profile)
    with deps.db.session() as session:
        view = home_surface(
            session,
            owner,
            now=deps.clock(),
            tz_name=profile.tz,
            coaching=coaching,
            coaches=deps.cohort_admins,
        )
    client.views_publish(user_id=owner.user_id, view=view)


def publish_blank_home(client: WebClient, owner: Owner) -> None:
    """App Home after forget-me: nothing of the member's, and no database row made again."""
    client.views_publish(
        user_id=owner.user_id,
        view=home_view(Dashboard(pipeline={}, recent_contacts=[])),
    )
