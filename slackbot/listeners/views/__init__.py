"""Modal submissions: validate, answer field errors or save, then refresh what changed."""

from slack_bolt import App

from slackbot.deps import Deps
from slackbot.listeners.views import (
    cohort,
    contact_page,
    contacts_and_targets,
    drafts,
    meetings,
    progress,
    your_data,
)


def register(app: App, deps: Deps) -> None:
    contacts_and_targets.register(app, deps)
    contact_page.register(app, deps)
    drafts.register(app, deps)
    cohort.register(app, deps)
    meetings.register(app, deps)
    progress.register(app, deps)
    your_data.register(app, deps)
