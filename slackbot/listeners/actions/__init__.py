"""Buttons, menus and select searches."""

from slack_bolt import App

from slackbot.listeners.actions import cohort, drafts, intros, meetings, nudges, progress, targets
from slackbot.listeners.deps import Deps


def register(app: App, deps: Deps) -> None:
    targets.register(app, deps)
    drafts.register(app, deps)
    nudges.register(app, deps)
    cohort.register(app, deps)
    meetings.register(app, deps)
    progress.register(app, deps)
    intros.register(app, deps)
