"""Buttons, menus and select searches."""

from slack_bolt import Ack, App

from slackbot.blocks import ids
from slackbot.deps import Deps
from slackbot.listeners.actions import (
    cohort,
    contact_page,
    drafts,
    intros,
    meetings,
    next_asks,
    nudges,
    progress,
    targets,
)

# Link buttons: Slack opens the address itself and still reports the click, to be acked.
LINKS = (ids.CALENDAR_GOOGLE, ids.CALENDAR_OUTLOOK, ids.NEXT_ASK_SEARCH)


def _opened(ack: Ack) -> None:
    ack()


def register(app: App, deps: Deps) -> None:
    targets.register(app, deps)
    contact_page.register(app, deps)
    drafts.register(app, deps)
    nudges.register(app, deps)
    cohort.register(app, deps)
    meetings.register(app, deps)
    progress.register(app, deps)
    intros.register(app, deps)
    next_asks.register(app, deps)
    for action_id in LINKS:
        app.action(action_id)(_opened)
