"""Import, export and forget-me on the database (SQLite, and PostgreSQL when configured)."""

import csv
import io
import os
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.devtools.slack_standin import SlackStandIn, dm_channel
from slackbot.domain.contacts import ContactDetails
from slackbot.domain.csv_import import BadFile, ImportFormat, ParsedRow, SkipReason, read_contacts
from slackbot.domain.drafting import ConnectionKind
from slackbot.domain.meetings import MeetingDetails, MeetingFormat, Referral
from slackbot.domain.targets import TargetCompanyDetails
from slackbot.domain.text import clean_line, fold
from slackbot.models import Contact, Draft, Meeting, Member, Nudge, TargetCompany
from slackbot.services import contacts, meetings, overlaps, targets
from slackbot.services.export import write_export
from slackbot.services.forget import forget_member
from slackbot.services.importing import import_contacts
from slackbot.services.meetings import MeetingNotes
from slackbot.services.members import Owner
from tests.conftest import ALICE, ALICE_OWNER, BOB_OWNER, TEAM
from tests.unit.test_csv_import import LINKEDIN_CONNECTIONS

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def _import(db: Database, text: str, owner: Owner = ALICE_OWNER):
    file_format, rows = read_contacts(io.StringIO(text, newline=""))
    with db.session() as session:
        return import_contacts(
            session=session,
            owner=owner,
            rows=rows,
            file_format=file_format,
            encoding="utf-8-sig",
            now=NOW,
        )


def _names(db: Database, owner: Owner) -> list[str]:
    with db.session() as session:
        return [c.name for c in session.scalars(_owned_contacts(owner))]


def _owned_contacts(owner: Owner):
    return (
        select(Contact)
        .join(Member, Member.id == Contact.member_id)
        .where(Member.team_id == owner.team_id, Member.user_id == owner.user_id)
        .order_by(Contact.id)
    )


def _add(db: Database, owner: Owner, **details: str) -> int:
    with db.session() as session:
        return factories.contact(session, owner, now=NOW, **details).id


def test_linkedin_import_counts_and_line_numbers(db: Database) -> None:
    report = _import(db, LINKEDIN_CONNECTIONS)
    assert report.format is ImportFormat.LINKEDIN
    assert (report.added, report.updated) == (4, 0)
    assert report.skipped == {SkipReason.NO_NAME: 1, SkipReason.UNUSABLE: 1}
    assert [line for line, _ in report.problems] == [10]
    assert len(_names(db, ALICE_OWNER)) == 4


def test_same_url_email_or_name_and_company_is_the_same_person(db: Database) -> None:
    _add(db, ALICE_OWNER, name="Zoe MARTINEZ", company="acme, inc.")  # accents and case differ
    _add(db, ALICE_OWNER, name="R. O'Neil", email="ravi@globex.com")
    _add(db, ALICE_OWNER, name="Lina", linkedin_url="https://www.linkedin.com/in/lina")
    _add(db, BOB_OWNER, name="Jane Doe", company="Acme")  # Bob's: no bearing on Alice's

    report = _import(db, LINKEDIN_CONNECTIONS)

    assert (report.added, report.updated) == (1, 3)  # Jane is new to Alice
    assert _names(db, ALICE_OWNER) == ["Zoe MARTINEZ", "R. O'Neil", "Lina", "Jane Doe"]
    with db.session() as session:
        zoe = session.scalars(_owned_contacts(ALICE_OWNER)).first()
        assert zoe.title == "Director, Product"  # completed from the file
        assert zoe.linkedin_url == "https://www.linkedin.com/in/zoe-martinez-1a2b3c"
    assert _names(db, BOB_OWNER) == ["Jane Doe"]


def test_repeats_in_the_file_and_addresses_of_another_contact(db: Database) -> None:
    _add(db, ALICE_OWNER, name="Ann Lee", email="ann@x.io")
    _add(db, ALICE_OWNER, name="Bo Chen", linkedin_url="https://www.linkedin.com/in/bochen")
    report = _import(
        db,
        "Name,Company,Email,LinkedIn\n"
        "Mia Wong,Umbrella,mia@u.io,\n"
        "MIA WONG,umbrella,,\n"  # the same person again
        # Bo by his profile, with Ann's address: an address stays with its contact.
        "Bo Chen,,ann@x.io,linkedin.com/in/BoChen/\n",
    )
    assert report.added == 1
    assert report.skipped == {SkipReason.REPEATED: 1, SkipReason.ALREADY_KNOWN: 1}
    with db.session() as session:
        emails = {c.name: c.email for c in session.scalars(_owned_contacts(ALICE_OWNER))}
    assert emails == {"Ann Lee": "ann@x.io", "Bo Chen": None, "Mia Wong": "mia@u.io"}


def test_a_file_that_breaks_half_way_leaves_nothing(db: Database) -> None:
    def rows() -> Iterator[ParsedRow]:
        for number in range(2500):
            yield ParsedRow(number + 2, ContactDetails(name=f"Person {number}"))
        raise BadFile("Line 2502 can't be read")

    with pytest.raises(BadFile), db.session() as session:
        import_contacts(
            session=session,
            owner=ALICE_OWNER,
            rows=rows(),
            file_format=ImportFormat.GENERIC,
            encoding="utf-8-sig",
            now=NOW,
        )
    assert _names(db, ALICE_OWNER) == []


ALUMNI_ASK = {
    "connection": ConnectionKind.ALUMNI,
    "connection_detail": "State U",
    "interest_narrow": "pricing analytics",
    "interest_broad": "retail",
}


def _seed_everything(db: Database, owner: Owner) -> None:
    """A contact asked (the follow-up clock running), met with notes and a referral,
    and a target company and title."""
    jane_id = _add(db, owner, name="Jane Doe", company="Acme")
    with db.session() as session:
        factories.drafted_ask(session, owner, now=NOW, contact_id=jane_id, sent=True, **ALUMNI_ASK)
        meeting, _ = meetings.save_meeting(
            session=session,
            owner=owner,
            details=MeetingDetails(
                jane_id, NOW + timedelta(days=2), 15, MeetingFormat.VIDEO, None, None
            ),
            now=NOW,
        )
        meetings.save_notes(
            session=session,
            owner=owner,
            meeting_id=meeting.id,
            notes=MeetingNotes(None, "Pricing is a team sport", None, None, None, None, None),
            referrals=[Referral("Mia Wong", "Umbrella", None)],
            thank_you_sent=False,
            now=NOW,
        )
        targets.save_company(
            session=session,
            owner=owner,
            details=TargetCompanyDetails("Acme", 5, None, True),
            company_id=None,
        )
        targets.add_title(session=session, owner=owner, title="Pricing analyst")


def _export(db: Database, owner: Owner) -> dict[str, list[dict[str, str]]]:
    buffer = io.BytesIO()
    with db.session() as session:
        write_export(session=session, owner=owner, now=NOW, target=buffer)
    archive = zipfile.ZipFile(buffer)
    return {
        name: list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))
        for name in archive.namelist()
    }


def test_export_holds_everything_the_member_owns_and_nothing_else(db: Database) -> None:
    _seed_everything(db, ALICE_OWNER)
    _add(db, BOB_OWNER, name="Bob's contact")

    tables = _export(db, ALICE_OWNER)

    people = {row["name"]: row for row in tables["contacts.csv"]}
    assert set(people) == {"Jane Doe", "Mia Wong"}
    assert people["Jane Doe"]["stage"] == "meeting_scheduled"
    assert people["Mia Wong"]["referred_by"] == "Jane Doe"
    [ask] = tables["asks.csv"]
    assert ask["contact"] == "Jane Doe" and ask["sent_at"] == NOW.isoformat()
    assert "pricing analytics" in ask["body"]
    [meeting] = tables["meetings.csv"]
    assert meeting["insights"] == "Pricing is a team sport"
    assert tables["referrals.csv"][0]["referred_by"] == "Jane Doe"
    assert {row["kind"] for row in tables["nudges.csv"]} >= {"prep", "notes"}
    assert tables["target_companies.csv"] == [
        {"company": "Acme", "motivation": "5", "size": "", "has_posting": "yes"}
    ]
    assert tables["target_titles.csv"] == [{"job_title": "Pricing analyst"}]


def test_export_holds_the_profile_the_ask_inputs_and_the_overlaps_too(db: Database) -> None:
    _seed_everything(db, ALICE_OWNER)
    with db.session() as session:
        alice = factories.member(session, ALICE_OWNER, now=NOW, display_name="Alice Moreau")
        alice.goal_asks, alice.on_leaderboard = 4, True
        bobs_jane = factories.contact(
            session, BOB_OWNER, now=NOW, name="Jane D.", company="Acme", email="jane@acme.com"
        )
        alices_jane = session.scalar(select(Contact).where(Contact.name == "Jane Doe"))
        alices_jane.email = "jane@acme.com"
        session.flush()
        assert overlaps.check(session=session, owner=BOB_OWNER, contact=bobs_jane, now=NOW)

    alices = _export(db, ALICE_OWNER)
    [profile] = alices["profile.csv"]
    assert (profile["time_zone"], profile["goal_asks_per_week"]) == ("Europe/Paris", "4")
    assert (profile["named_on_leaderboard"], profile["offers_intros"]) == ("yes", "no")
    [ask] = alices["asks.csv"]
    assert (ask["connection_kind"], ask["connection_detail"]) == ("alumni", "State U")
    assert (ask["who_i_am"], ask["interest_broad"], ask["sign_off"]) == (
        "a data analyst",
        "retail",
        "Alice",
    )
    # Each side sees its own record of the person and who the classmate is, never theirs.
    assert alices["overlaps.csv"] == [
        {
            "contact": "Jane Doe",
            "company": "Acme",
            "classmate_user_id": BOB_OWNER.user_id,
            "told_at": NOW.isoformat(),
        }
    ]
    [bobs] = _export(db, BOB_OWNER)["overlaps.csv"]
    assert (bobs["contact"], bobs["classmate_user_id"]) == ("Jane D.", ALICE_OWNER.user_id)


def test_forget_deletes_all_of_a_members_data_and_only_theirs(db: Database) -> None:
    _seed_everything(db, ALICE_OWNER)
    _seed_everything(db, BOB_OWNER)
    with db.session() as session:
        bob_before = contacts.pipeline_counts(session=session, owner=BOB_OWNER, now=NOW)
        forgotten = forget_member(session=session, owner=ALICE_OWNER)

    assert (forgotten.contacts, forgotten.drafts, forgotten.meetings) == (2, 1, 1)
    assert forgotten.nudges > 0
    assert (forgotten.target_companies, forgotten.target_titles) == (1, 1)
    with db.session() as session:
        for model in (Member, Contact, Draft, Meeting, Nudge, TargetCompany):
            assert session.scalar(select(func.count()).select_from(model)) > 0
        # Counting the cohort now counts Bob alone.
        assert session.scalar(select(func.count()).select_from(Member)) == 1
        assert session.scalar(select(func.count()).select_from(Contact)) == 2
        assert contacts.pipeline_counts(session=session, owner=BOB_OWNER, now=NOW) == bob_before
        assert forget_member(session=session, owner=ALICE_OWNER).anything is False


def test_operators_export_a_member_from_the_command_line(
    db: Database, database_url: str, slack: SlackStandIn
) -> None:
    _seed_everything(db, ALICE_OWNER)
    result = subprocess.run(
        [sys.executable, "-m", "slackbot", "export", "--team", TEAM, "--user", ALICE],
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": slack.token,
            "SLACK_API_URL": slack.api_url,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"to {ALICE} of {TEAM}" in result.stdout
    [shared] = [m for m in slack.messages(channel=dm_channel(ALICE)) if m.files]
    archive = zipfile.ZipFile(io.BytesIO(slack.file_content(shared.files[0]["id"])))
    assert "Jane Doe" in archive.read("contacts.csv").decode()


_names_st = st.text(
    alphabet=st.characters(whitelist_categories=("L", "Zs")) | st.sampled_from(list(",\"'-")),
    min_size=1,
    max_size=12,
).filter(lambda text: clean_line(text) and not text.startswith(("'", "-")))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(
        st.tuples(_names_st, _names_st, st.sampled_from(["", "Acme", "ACME", "Ácme", "Globex"])),
        min_size=1,
        max_size=15,
    )
)
def test_an_import_never_doubles_anyone_and_a_second_import_adds_nothing(
    db: Database, people: list[tuple[str, str, str]]
) -> None:
    owner = Owner("THYPO", f"U{uuid.uuid4().hex[:10]}")  # a fresh member per example
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position"])
    for first, last, company in people:
        writer.writerow([first, last, "", "", company, ""])
    first_report = _import(db, buffer.getvalue(), owner)
    second_report = _import(db, buffer.getvalue(), owner)

    distinct = {
        (fold(clean_line(f"{first} {last}")), fold(company)) for first, last, company in people
    }
    assert first_report.added == len(distinct) == len(_names(db, owner))
    assert (second_report.added, second_report.updated) == (0, 0)


def test_an_imported_namesake_with_another_email_is_another_person(db: Database) -> None:
    """The one rule of the same person: two different emails are two people, in an import
    as in /contact (an import used to merge them by name)."""
    _add(db, ALICE_OWNER, name="Jane Doe", company="Acme", email="jane@acme.io")
    report = _import(db, "Name,Company,Email\nJane Doe,Acme,j.doe@other.io\nJANE DOE,acme,\n")
    assert (report.added, report.skipped) == (1, {SkipReason.ALREADY_KNOWN: 1})
    with db.session() as session:
        emails = sorted(c.email for c in session.scalars(_owned_contacts(ALICE_OWNER)))
    assert emails == ["j.doe@other.io", "jane@acme.io"]
