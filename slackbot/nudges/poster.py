"""One workspace's side of Slack for the dispatcher: a message posted with the outbox keys it
carries, a member reached by DM when the cohort channel refuses us, a file in a thread, and
the channel's history read back after a crash. It knows no database."""

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from slackbot.blocks.messages import Message
from slackbot.domain.nudges import keys_in_payload, nudge_payload

logger = logging.getLogger(__name__)

NUDGE_EVENT = "parachute_nudge"
DIGEST_EVENT = "parachute_digest"
# Errors about the channel itself: tell the coaches, and reach the member by DM meanwhile.
CHANNEL_PROBLEMS = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
)
# Recovery reads this many pages of a channel's history (or a thread) at most: a busy
# channel since the crash, not its whole past.
HISTORY_PAGES = 5
PAGE_SIZE = 200


@dataclass(frozen=True)
class Delivered:
    channel: str
    ts: str


class Poster:
    """Posts for one workspace with its own client, one call at a time per channel: the
    dispatcher keeps to Slack's rate (and may use a poster from several threads)."""

    def __init__(self, team_id: str, client: WebClient) -> None:
        self.team_id = team_id
        self.client = client

    def post(
        self,
        channel: str,
        message: Message,
        *,
        keys: Sequence[str],
        event: str,
        thread_ts: str | None = None,
    ) -> Delivered:
        answer = self.client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            metadata={"event_type": event, "event_payload": nudge_payload(keys)},
        )
        return Delivered(answer["channel"], answer["ts"])

    def deliver(
        self,
        channel: str | None,
        user_id: str,
        message: Message,
        *,
        keys: Sequence[str],
        refused: Callable[[str], None],
        thread_ts: str | None = None,
    ) -> Delivered:
        """In `channel`, or `user_id`'s DM when there is none or the channel refuses us
        (`refused` is told Slack's error first, for the coaches). Raises the last
        SlackApiError, or an OSError (Slack may have posted it)."""
        try:
            place = channel or self.dm(user_id)
            return self.post(place, message, keys=keys, event=NUDGE_EVENT, thread_ts=thread_ts)
        except SlackApiError as failure:
            error = str(failure.response.get("error") or "unknown")
            if not (channel and error in CHANNEL_PROBLEMS):
                raise
        refused(error)
        return self.post(self.dm(user_id), message, keys=keys, event=NUDGE_EVENT)

    def dm(self, user_id: str) -> str:
        return str(self.client.conversations_open(users=user_id)["channel"]["id"])

    def upload_png(
        self, channel: str, thread_ts: str, png: bytes, *, filename: str, title: str, alt: str
    ) -> bool:
        """A picture in a thread; False (logged) when Slack did not take it."""
        try:
            self.client.files_upload_v2(
                channel=channel,
                thread_ts=thread_ts,
                file=png,
                filename=filename,
                title=title,
                alt_txt=alt,
            )
        except (SlackApiError, SlackRequestError, OSError) as failure:
            logger.warning("%s not uploaded to %s (%s)", filename, channel, failure)
            return False
        return True

    def find_posted(
        self, channel: str, keys: set[str], since: datetime
    ) -> Iterable[tuple[str, set[str]]]:
        """(ts, keys) of the messages in `channel` since `since` that carry any of `keys`,
        threads under a digest included."""
        messages = _pages(
            self.client.conversations_history,
            channel=channel,
            oldest=f"{since.timestamp():.6f}",
            include_all_metadata=True,
        )
        for message in list(messages):
            if (message.get("metadata") or {}).get("event_type") == DIGEST_EVENT:
                replies = _pages(
                    self.client.conversations_replies,
                    channel=channel,
                    ts=message["ts"],
                    include_all_metadata=True,
                )
                messages += replies[1:]
        for message in messages:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") != NUDGE_EVENT:
                continue
            posted = keys & keys_in_payload(metadata.get("event_payload"))
            if posted:
                yield message["ts"], posted


def _pages(method: Callable[..., Any], **args: Any) -> list[Any]:
    """The messages of up to HISTORY_PAGES pages of a history call, following its cursor."""
    messages: list[Any] = []
    cursor = None
    for _ in range(HISTORY_PAGES):
        page = method(**args, limit=PAGE_SIZE, cursor=cursor)
        messages += page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return messages
