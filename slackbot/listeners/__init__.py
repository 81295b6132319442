"""Thin Bolt handlers: parse the payload, call a service, render with blocks, answer."""

from slack_bolt import App

from slackbot.deps import Deps
from slackbot.listeners import actions, commands, events, views


def register_all(app: App, deps: Deps) -> None:
    for package in (commands, views, actions, events):
        package.register(app, deps)
