"""Forget-me's queue on the database and the stand-in: a many-due digest's line is deleted
from its thread (the others stay); the stand-in deletes only what the bot posted."""

from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackbot.db import Database
from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.nudges.dispatcher import Dispatcher
from slackbot.nudges.eraser import Eraser
from slackbot.services.forget import forget_member
from slackbot.services.members import Owner
from slackbot.services.posted import queue_erasure
from tests.conftest import ALICE, TEAM
from tests.services.test_dispatcher import CHANNEL, _ask, _posts, _set_channel

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_members_line_in_a_many_due_digest_is_deleted_from_its_thread(
    db: Database, slack: SlackStandIn, client: WebClient
) -> None:
    _set_channel(db, CHANNEL)
    users = [f"UMEMBER{n}" for n in range(7)]
    for user_id in users:
        slack.add_user(user_id, user_id, tz="UTC")
        _ask(db, user_id, "UTC")
    Dispatcher(db, client, sleep=lambda _: None).dispatch_due(NINE)
    digest, *lines = _posts(slack)
    leaving = Owner(TEAM, users[0])
    [line] = [m for m in lines if f"<@{leaving.user_id}>" in (m.text or "")]

    with db.session() as session:
        assert queue_erasure(session=session, owner=leaving, also=[], now=NINE) == (1, 0)
        forget_member(session=session, owner=leaving)
    report = Eraser(db, lambda _team: client).erase_due(NINE)

    assert (report.deleted, report.members_told) == (1, 1)
    left = {m.ts for m in slack.messages(channel=CHANNEL)}
    assert line.ts not in left and digest.ts in left
    assert len([m for m in slack.messages(channel=CHANNEL) if m.thread_ts == digest.ts]) == 6


def test_the_standin_deletes_only_what_the_bot_posted(
    slack: SlackStandIn, client: WebClient
) -> None:
    members_file = slack.upload_file(ALICE, "mine.csv", b"name\nJane\n")
    with pytest.raises(SlackApiError) as refused:
        client.files_delete(file=members_file["id"])
    assert refused.value.response["error"] == "file_not_found"

    uploaded = client.files_upload_v2(
        channel="D" + ALICE[1:], content="x", filename="x.txt", initial_comment="Yours"
    )
    file_id = uploaded["files"][0]["id"]
    assert client.files_delete(file=file_id)["ok"]
    assert not [m for m in slack.messages(channel="D" + ALICE[1:]) if m.files]
    with pytest.raises(SlackApiError) as again:
        client.files_delete(file=file_id)
    assert again.value.response["error"] == "file_not_found"

    parent = client.chat_postMessage(channel=CHANNEL, text="parent")["ts"]
    client.chat_postMessage(channel=CHANNEL, text="reply", thread_ts=parent)
    client.chat_delete(channel=CHANNEL, ts=parent)  # a parent with replies: a tombstone
    [tombstone] = [m for m in slack.messages(channel=CHANNEL) if m.ts == parent]
    assert tombstone.text == "This message was deleted."
    with pytest.raises(SlackApiError) as gone:
        client.chat_delete(channel=CHANNEL, ts=parent)
    assert gone.value.response["error"] == "message_not_found"
