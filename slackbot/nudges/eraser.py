"""Forget-me's deletions from Slack, from the queue in posted_messages (the outbox pattern
of the nudges): each message or file is deleted once, retried while Slack is away, and the
member is told what went, and what Slack refused, once nothing is left pending."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from slackbot.blocks.your_data import erasure_report_message
from slackbot.db import Database
from slackbot.services import posted
from slackbot.services.members import Owner

logger = logging.getLogger(__name__)

BATCH = 100
# Already gone from Slack (deleted by hand, say): that is what forget-me wants.
GONE = frozenset({"message_not_found", "file_not_found", "file_deleted"})
# Worth another try later; any other error is Slack's final answer.
PASSING = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
UNINSTALLED = "app_uninstalled"


@dataclass
class ErasureReport:
    deleted: int = 0
    retrying: int = 0
    refused: int = 0
    members_told: int = 0


class Eraser:
    def __init__(self, db: Database, client_for: Callable[[str], WebClient | None]) -> None:
        self.db = db
        self._client_for = client_for

    def erase_due(
        self, now: datetime, *, owner: Owner | None = None, once: bool = False
    ) -> ErasureReport:
        """Delete what is due (only `owner`'s, if given; one batch only if `once`), then
        tell each member whose deletions are all settled."""
        report = ErasureReport()
        while True:
            with self.db.session() as session:
                batch = posted.claim_deletions(session=session, now=now, limit=BATCH, owner=owner)
            for deletion in batch:
                error, retry = self._delete(deletion)
                with self.db.session() as session:
                    posted.settle_deletion(
                        session=session, deletion_id=deletion.id, error=error, retry=retry, now=now
                    )
                if error is None:
                    report.deleted += 1
                elif retry:
                    report.retrying += 1
                else:
                    report.refused += 1
            if once or len(batch) < BATCH:
                break
        with self.db.session() as session:
            finished = posted.finished_erasures(session=session)
        for summary in finished:
            report.members_told += self._tell(summary)
        return report

    def _delete(self, deletion: posted.Deletion) -> tuple[str | None, bool]:
        """(Slack's error or None, whether to try again)."""
        client = self._client_for(deletion.team_id)
        if client is None:
            return UNINSTALLED, False
        try:
            if deletion.file_id:
                client.files_delete(file=deletion.file_id)
            else:
                client.chat_delete(channel=deletion.channel_id, ts=deletion.ts)
        except SlackApiError as failure:
            error = str(failure.response.get("error") or "unknown")
            if error in GONE:
                return None, False
            if failure.response.status_code >= 500 or error in PASSING:
                return error, True
            logger.warning("posted %s not deleted: %s", deletion.id, error)
            return error, False
        except (SlackRequestError, OSError) as failure:
            logger.warning("posted %s: no answer from Slack (%s)", deletion.id, failure)
            return type(failure).__name__, True
        return None, False

    def _tell(self, summary: posted.ErasureSummary) -> int:
        client = self._client_for(summary.owner.team_id)
        if client is None:
            return 0
        message = erasure_report_message(summary.messages, summary.files, summary.refused)
        try:
            # Not recorded: it holds counts only, and is the last word of forget-me.
            client.chat_postMessage(
                channel=summary.owner.user_id, text=message.text, blocks=message.blocks
            )
        except (SlackApiError, OSError) as failure:
            logger.warning("erasure report to %s not sent (%s)", summary.owner.user_id, failure)
            return 0
        logger.info(
            "forget-me for %s/%s: %d messages, %d files deleted, %d refused",
            summary.owner.team_id,
            summary.owner.user_id,
            summary.messages,
            summary.files,
            sum(summary.refused.values()),
        )
        return 1
