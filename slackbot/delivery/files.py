"""Files in and out of the member's DM: the CSV import (download, read, merge), the
export (a zip), a meeting's calendar file. Shared by the listeners and the command line."""

import io
import logging
import urllib.error
import urllib.request
from datetime import datetime
from tempfile import SpooledTemporaryFile
from typing import Any, BinaryIO
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from slackbot.blocks.meetings import calendar_comment, when_label
from slackbot.blocks.messages import SORRY, Message
from slackbot.blocks.your_data import (
    export_comment,
    import_failed_message,
    import_report_message,
)
from slackbot.db import Database
from slackbot.deps import Deps
from slackbot.domain.csv_import import (
    IMPORT_MAX_BYTES,
    BadFile,
    choose_encoding,
    read_contacts,
    too_large_message,
)
from slackbot.domain.meeting_calendar import MeetingEvent, ics_file
from slackbot.services import importing, posted
from slackbot.services.export import export_archive
from slackbot.services.members import Owner

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024  # larger downloads go to a temporary file
DOWNLOAD_TIMEOUT_SECONDS = 30


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The bot token must never follow a redirect to another address."""

    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def trusted_download(client: WebClient, url: str) -> bool:
    """Only Slack's own hosts (or the configured Web API's) get the bot token."""
    parts, api = urlsplit(url), urlsplit(client.base_url)
    host = (parts.hostname or "").lower()
    if host == (api.hostname or "").lower() and parts.scheme == api.scheme:
        return True
    return parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com"))


def download(client: WebClient, url: str, target: BinaryIO) -> None:
    """Stream a private Slack file into `target`, with the bot token; raises BadFile."""
    if not trusted_download(client, url):
        raise BadFile("That file isn't stored in Slack. Pick a file from your computer.")
    # The scheme is checked above: http(s) only, to Slack's hosts.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Authorization": f"Bearer {client.token}"}
    )
    size = 0
    try:
        with _opener.open(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > IMPORT_MAX_BYTES:
                    raise BadFile(too_large_message())
                target.write(chunk)
    except (urllib.error.URLError, TimeoutError) as error:
        logger.warning("file download failed: %s", type(error).__name__)
        raise BadFile("I couldn't download it from Slack. Please try again in a moment.") from None


def run_import(client: WebClient, deps: Deps, owner: Owner, file_id: str) -> Message:
    """Import the member's uploaded CSV; the message that tells them how it went."""
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError as error:
        logger.warning("files.info failed for %s: %s", owner.user_id, error.response.get("error"))
        return import_failed_message("your file", "I couldn't open it in Slack; please try again.")
    filename = str(info.get("name") or "your file")
    if info.get("user") != owner.user_id:
        # A file id from the payload: only the member's own upload may be read.
        logger.warning("file %s is not %s's upload", file_id, owner.user_id)
        return import_failed_message(filename, "Please upload the file yourself.")
    if int(info.get("size") or 0) > IMPORT_MAX_BYTES:
        return import_failed_message(filename, too_large_message())
    with SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        try:
            download(client, str(info.get("url_private_download") or ""), spool)
            spool.seek(0)
            encoding = choose_encoding(iter(lambda: spool.read(CHUNK), b""))
            spool.seek(0)
            text = io.TextIOWrapper(spool, encoding=encoding, newline="")
            file_format, rows = read_contacts(text)
            with deps.db.session() as session:
                report = importing.import_contacts(
                    session=session,
                    owner=owner,
                    rows=rows,
                    file_format=file_format,
                    encoding=encoding,
                    now=deps.clock(),
                )
        except BadFile as bad:
            return import_failed_message(filename, str(bad))
        except SQLAlchemyError as error:
            # The transaction rolled back: nothing of the file was kept.
            logger.error("import by %s failed: %s", owner.user_id, type(error).__name__)
            return import_failed_message(filename, SORRY)
    logger.info(
        "import by %s/%s: %d added, %d updated, %d skipped",
        owner.team_id,
        owner.user_id,
        report.added,
        report.updated,
        sum(report.skipped.values()),
    )
    return import_report_message(report, filename)


def deliver_export(client: WebClient, db: Database, owner: Owner, now: datetime) -> int:
    """Upload the member's data as a zip to their DM with the bot; the rows exported."""
    with db.read_only() as session:
        archive, rows = export_archive(session=session, owner=owner, now=now)
    upload_to_dm(
        client,
        db,
        owner,
        now,
        content=archive,
        filename=f"parachute-export-{now:%Y-%m-%d}.zip",
        title="Your Parachute data",
        comment=export_comment(rows),
    )
    logger.info("export sent to %s/%s: %d rows", owner.team_id, owner.user_id, rows)
    return rows


def upload_to_dm(
    client: WebClient,
    db: Database,
    owner: Owner,
    now: datetime,
    *,
    content: bytes,
    filename: str,
    title: str,
    comment: str,
) -> None:
    """A file for the member alone, in their DM with the bot (files.uploadV2), recorded as
    theirs: forget-me deletes it from Slack."""
    channel = client.conversations_open(users=owner.user_id)["channel"]["id"]
    uploaded = client.files_upload_v2(
        channel=channel, file=content, filename=filename, title=title, initial_comment=comment
    )
    with db.session() as session:
        posted.record_files(
            session=session,
            owner=owner,
            file_ids=[str(f["id"]) for f in uploaded.get("files") or [] if f.get("id")],
            now=now,
        )


def deliver_calendar_file(
    client: WebClient,
    db: Database,
    owner: Owner,
    event: MeetingEvent,
    *,
    tz: ZoneInfo,
    now: datetime,
) -> None:
    """The meeting's .ics to the member's DM, by the export's upload path. A refusal is
    logged: the meeting is saved either way."""
    try:
        upload_to_dm(
            client,
            db,
            owner,
            now,
            content=ics_file(event, now=now),
            filename=f"informational-interview-{event.starts_at.astimezone(tz):%Y-%m-%d}.ics",
            title="Informational interview (calendar file)",
            comment=calendar_comment(
                contact_name=event.contact_name,
                when=when_label(event.starts_at.astimezone(tz), now.astimezone(tz).date()),
                sequence=event.sequence,
                cancelled=event.cancelled,
            ),
        )
    except SlackApiError as error:
        logger.warning(
            "calendar file for %s/%s failed: %s",
            owner.team_id,
            owner.user_id,
            error.response.get("error"),
        )
