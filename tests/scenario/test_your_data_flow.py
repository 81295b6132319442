"""/network import, export and forget end to end: signed requests in, files through the
Slack stand-in (uploaded, downloaded with the bot token, uploaded back with files.uploadV2)."""

import copy
import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from slackbot.blocks import ids
from slackbot.blocks.your_data import CONFIRMED
from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.devtools.driver import ClientRejected, SlackDriver
from slackbot.devtools.slack_standin import Message, SlackStandIn, dm_channel
from slackbot.domain.csv_import import IMPORT_MAX_BYTES
from slackbot.models import Contact, Member
from slackbot.services.members import Owner
from tests.conftest import ALICE, ALICE_OWNER, BOB, BOB_OWNER, TEAM, TrackingExecutor
from tests.unit.test_csv_import import LINKEDIN_CONNECTIONS


def _dm_after(slack: SlackStandIn, user: str, count: int) -> Message:
    slack.wait_for("chat.postMessage", count)
    return slack.messages(channel=dm_channel(user))[-1]


def _import(driver: SlackDriver, slack: SlackStandIn, user: str, name: str, data: bytes) -> str:
    """Pick the file in /network import, submit; the text of the DM that reports it."""
    modal = driver.open_modal(user, "/network", "import")
    assert modal["callback_id"] == ids.IMPORT_MODAL
    uploaded = slack.upload_file(user, name, data)
    posted = len(slack.calls_to("chat.postMessage"))
    answer = driver.submit(user, modal, {ids.IMPORT_FILE: [uploaded]})
    assert answer.status == 200 and answer.json()["response_action"] == "update"
    message = _dm_after(slack, user, posted + 1)
    return json.dumps(message.blocks, ensure_ascii=False)


def _contacts(db: Database, owner: Owner) -> list[Contact]:
    with db.session() as session:
        query = (
            select(Contact)
            .join(Member, Member.id == Contact.member_id)
            .where(Member.team_id == owner.team_id, Member.user_id == owner.user_id)
            .order_by(Contact.id)
        )
        return list(session.scalars(query))


def test_linkedin_connections_come_in_in_one_step(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    driver.open_home(ALICE)
    shown = _import(driver, slack, ALICE, "Connections.csv", LINKEDIN_CONNECTIONS.encode())

    assert "4 contacts added, 0 updated, 2 skipped" in shown
    assert "1 without a name" in shown
    assert "Line 10" in shown and "LinkedIn URL" in shown  # the bad row, by its line
    names = {c.name: c for c in _contacts(db, ALICE_OWNER)}
    assert set(names) == {"Zoë Martínez", "Jane Doe", "Ravi O'Neil", "李 娜"}
    assert names["Zoë Martínez"].company == "Acme, Inc."
    assert names["Zoë Martínez"].connection == "LinkedIn connection since Nov 2024"
    # Downloaded from Slack with the bot token, once.
    [download] = slack.calls_to("files-pri")
    assert download.token == slack.token
    slack.wait_for("views.publish", 2)
    assert "Zoë Martínez" in json.dumps(slack.home(ALICE)["blocks"], ensure_ascii=False)


def test_importing_twice_adds_nobody_twice_and_completes_known_people(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    with db.session() as session:
        factories.contact(
            session, ALICE_OWNER, now=datetime.now(UTC), name="Jane DOE", company="acme"
        )
    shown = _import(driver, slack, ALICE, "Connections.csv", LINKEDIN_CONNECTIONS.encode())
    assert "3 contacts added, 1 updated" in shown
    shown = _import(driver, slack, ALICE, "Connections.csv", LINKEDIN_CONNECTIONS.encode())
    assert "0 contacts added, 0 updated" in shown
    assert "4 already in your contacts with nothing new" in shown
    jane = next(c for c in _contacts(db, ALICE_OWNER) if c.name == "Jane DOE")
    assert jane.linkedin_url == "https://www.linkedin.com/in/janedoe"  # completed
    assert len(_contacts(db, ALICE_OWNER)) == 4


def test_bad_files_get_a_clear_message_and_change_nothing(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    cases = {
        "contacts.xlsx": (b"PK\x03\x04" + b"\x00" * 100, "Excel workbook"),
        "empty.csv": (b"", "empty"),
        "photo.csv": (b"GIF89a\x00\x01\x02", "not text"),
        "notes.csv": (b"just some notes\nwithout any header\n", "header row"),
    }
    for name, (data, expected) in cases.items():
        shown = _import(driver, slack, ALICE, name, data)
        assert expected in shown, name
        assert "nothing was changed" in shown
    assert _contacts(db, ALICE_OWNER) == []


def test_a_file_over_the_limit_is_refused_before_downloading(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    huge = b"Name\n" + b"Ann Lee\n" * (IMPORT_MAX_BYTES // 8 + 1)
    shown = _import(driver, slack, ALICE, "huge.csv", huge)
    assert "larger than 10 MB" in shown and "nothing was changed" in shown
    assert slack.calls_to("files-pri") == []
    assert _contacts(db, ALICE_OWNER) == []


def test_an_import_is_all_or_nothing(driver: SlackDriver, slack: SlackStandIn, db: Database):
    rows = [f"Person {n},Company {n}" for n in range(2500)]
    rows.insert(2400, "Broken," + "x" * 20_000)  # past the first batches of inserts
    data = ("Name,Company\n" + "\n".join(rows) + "\n").encode()
    shown = _import(driver, slack, ALICE, "big.csv", data)
    assert "Line 2402" in shown and "nothing was changed" in shown
    assert _contacts(db, ALICE_OWNER) == []


def test_windows_1252_and_a_bom_are_read(driver: SlackDriver, slack: SlackStandIn, db: Database):
    excel = "Name;Company\nJosé Núñez;Café\n".encode("cp1252")
    shown = _import(driver, slack, ALICE, "excel.csv", excel)
    assert "1 contact added" in shown and "Windows-1252" in shown
    with_bom = "\ufeffName,Email\nAnn Lee,ann@x.io\n".encode()
    shown = _import(driver, slack, ALICE, "bom.csv", with_bom)
    assert "1 contact added" in shown and "Windows-1252" not in shown
    assert {c.name for c in _contacts(db, ALICE_OWNER)} == {"José Núñez", "Ann Lee"}


def test_someone_elses_file_is_refused(driver: SlackDriver, slack: SlackStandIn, db: Database):
    bobs_file = slack.upload_file(BOB, "Connections.csv", LINKEDIN_CONNECTIONS.encode())
    modal = driver.open_modal(ALICE, "/network", "import")
    driver.submit(ALICE, modal, {ids.IMPORT_FILE: [bobs_file]})
    message = _dm_after(slack, ALICE, 1)
    assert "upload the file yourself" in json.dumps(message.blocks)
    assert slack.calls_to("files-pri") == []  # never downloaded
    assert _contacts(db, ALICE_OWNER) == []


def _seed_alice(db: Database) -> None:
    now = datetime.now(UTC)
    with db.session() as session:
        jane = factories.contact(
            session,
            ALICE_OWNER,
            now=now,
            company="Acme, Inc.",
            email="jane@acme.io",
            notes="=cmd|' /C calc'!A0",  # a formula: must not run in a spreadsheet
        )
        session.flush()
        factories.contact(
            session,
            ALICE_OWNER,
            now=now,
            name="Ravi Shah",
            company="Globex",
            referred_by_id=jane.id,
        )
        factories.contact(session, BOB_OWNER, now=now, name="Bob's secret contact")


def _export_zip(slack: SlackStandIn, user: str) -> zipfile.ZipFile:
    slack.wait_for("files.completeUploadExternal")
    [shared] = [m for m in slack.messages(channel=dm_channel(user)) if m.files]
    assert "contacts with their stages" in (shared.text or "")
    return zipfile.ZipFile(io.BytesIO(slack.file_content(shared.files[0]["id"])))


def _table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))


def test_export_sends_everything_by_dm_as_one_zip(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    _seed_alice(db)
    answer = driver.command(ALICE, "/network", "export")
    assert "Packing up your data" in answer.json()["text"]
    archive = _export_zip(slack, ALICE)

    assert set(archive.namelist()) >= {
        "contacts.csv",
        "asks.csv",
        "meetings.csv",
        "referrals.csv",
        "nudges.csv",
    }
    rows = _table(archive, "contacts.csv")
    assert [r["name"] for r in rows] == ["Jane Doe", "Ravi Shah"]  # not Bob's
    assert rows[0]["stage"] == "identified" and rows[0]["company"] == "Acme, Inc."
    assert rows[0]["notes"].startswith("'=")  # shown as text, never run
    assert _table(archive, "referrals.csv") == [
        {
            "contact": "Ravi Shah",
            "company": "Globex",
            "referred_by": "Jane Doe",
            "referred_by_company": "Acme, Inc.",
        }
    ]


def test_export_forget_and_import_the_export_back(
    driver: SlackDriver, slack: SlackStandIn, db: Database, listeners: TrackingExecutor
):
    _seed_alice(db)
    before = [(c.name, c.company, c.email, c.notes) for c in _contacts(db, ALICE_OWNER)]
    driver.command(ALICE, "/network", "export")
    contacts_csv = _export_zip(slack, ALICE).read("contacts.csv")

    modal = driver.open_modal(ALICE, "/network", "forget")
    assert modal["callback_id"] == ids.FORGET_MODAL
    answer = driver.submit(ALICE, modal, {ids.FORGET_CONFIRM: [CONFIRMED]})
    assert answer.json()["response_action"] == "update"
    shown = json.dumps(slack.top_modal(ALICE)["blocks"])
    assert "2 contacts" in shown
    assert _contacts(db, ALICE_OWNER) == []
    assert len(_contacts(db, BOB_OWNER)) == 1  # Bob keeps his
    listeners.settle()  # the export deleted from Slack, and Alice told

    shown = _import(driver, slack, ALICE, "contacts.csv", contacts_csv)
    assert "2 contacts added" in shown
    after = [(c.name, c.company, c.email, c.notes) for c in _contacts(db, ALICE_OWNER)]
    assert after == before


def test_forget_needs_the_box_ticked_and_leaves_a_blank_home(
    driver: SlackDriver, slack: SlackStandIn, db: Database
):
    _seed_alice(db)
    modal = driver.open_modal(ALICE, "/network", "forget")
    with pytest.raises(ClientRejected):  # Slack's client insists on the box
        driver.submit(ALICE, modal, {ids.FORGET_CONFIRM: []})
    # A payload forged without it is refused by the app too.
    forged = copy.deepcopy(modal)
    next(b for b in forged["blocks"] if b.get("block_id") == ids.FORGET_CONFIRM)["optional"] = True
    answer = driver.submit(ALICE, forged, {ids.FORGET_CONFIRM: []})
    assert ids.FORGET_CONFIRM in answer.errors
    assert len(_contacts(db, ALICE_OWNER)) == 2

    driver.submit(ALICE, modal, {ids.FORGET_CONFIRM: [CONFIRMED]})
    with db.session() as session:
        assert session.scalar(select(Member).where(Member.user_id == ALICE)) is None
    slack.wait_for("views.publish")
    assert "Jane Doe" not in json.dumps(slack.home(ALICE)["blocks"])


def test_forget_removes_the_reminders_posted_about_you_and_keeps_the_cohorts_digest(
    driver: SlackDriver, slack: SlackStandIn, db: Database, app, listeners
) -> None:
    from slackbot.domain.nudges import NudgeKind
    from slackbot.models import Nudge
    from slackbot.nudges.dispatcher import Dispatcher
    from slackbot.services.digest import set_schedule
    from tests.services.test_dispatcher import CHANNEL, SENT, _ask, _set_channel

    _set_channel(db, CHANNEL, privacy="full")
    _ask(db, ALICE, "Europe/Paris")  # an ask to Jane Doe at Acme
    _ask(db, BOB, "America/Chicago", name="Ravi Shah")
    with db.session() as session:  # Alice, a coach, set the cohort's weekly digest
        set_schedule(
            session=session, team_id=TEAM, coach=ALICE_OWNER, weekday=4, minute=960, now=SENT
        )
    dispatcher = Dispatcher(db, app.client, sleep=lambda _: None)
    for nine_am in (8, 15):  # Monday 09:00 in Paris, then in Chicago
        dispatcher.dispatch_due(datetime(2026, 11, 23, nine_am, 0, tzinfo=UTC))
    posted = json.dumps([m.blocks for m in slack.messages(channel=CHANNEL)])
    assert "Jane Doe" in posted and "Ravi Shah" in posted

    modal = driver.open_modal(ALICE, "/network", "forget")
    driver.submit(ALICE, modal, {ids.FORGET_CONFIRM: [CONFIRMED]})
    listeners.settle()
    left = json.dumps([m.blocks for m in slack.messages(channel=CHANNEL)])
    assert "Jane Doe" not in left and "Ravi Shah" in left  # Bob's reminder stays
    with db.session() as session:
        next_digest = session.scalar(
            select(Nudge).where(Nudge.kind == NudgeKind.WEEKLY_DIGEST, Nudge.state == "pending")
        )
        bob = session.scalar(select(Member).where(Member.user_id == BOB))
        assert next_digest.member_id == bob.id  # the cohort's digest carries on
