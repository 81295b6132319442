"""Modal submissions: validate, answer field errors or save, then refresh what changed."""

from slack_bolt import App

from slackbot.deps import Deps
from slackbot.listeners.views import (
    cohort,
    contacts,
    drafts,
    meetings,
    progress,
    targets,
    your_data,
)


def register(app: App, deps: Deps) -> None:
    contacts.register(app, deps)
    targets.register(app, deps)
    drafts.register(app, deps)
    cohort.register(app, deps)
    meetings.register(app, deps)
    progress.register(app, deps)
    your_data.register(app, deps)
