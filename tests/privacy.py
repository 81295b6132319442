"""Privacy, checked over everything the Slack stand-in recorded: a member's contacts and
notes reach that member only, never another member or a channel."""

import json
from collections.abc import Mapping, Sequence

from slackbot.devtools.slack_standin import SlackStandIn


def _audience(channel: str, ephemeral_to: str | None) -> str | None:
    """The one user who can see a message, or None when it is in a shared channel."""
    if ephemeral_to is not None:
        return ephemeral_to
    return "U" + channel[1:] if channel.startswith("D") else None


def assert_private(slack: SlackStandIn, secrets: Mapping[str, Sequence[str]]) -> int:
    """Each user's `secrets` (contact names, notes) appear only where that user alone sees
    them: their DM, an ephemeral message to them, their App Home. Returns how many messages
    and views were checked, so a test can tell it looked at something."""
    seen: list[tuple[str | None, str]] = [
        (_audience(m.channel, m.user), json.dumps([m.text, m.blocks])) for m in slack.messages()
    ]
    seen += [
        (str(call.args.get("user_id")), json.dumps(call.args.get("view")))
        for call in slack.calls_to("views.publish")
    ]
    for audience, shown in seen:
        for owner, words in secrets.items():
            if audience == owner:
                continue
            leaked = [word for word in words if word in shown]
            assert not leaked, f"{owner}'s {leaked} reached {audience or 'a channel'}: {shown}"
    return len(seen)
