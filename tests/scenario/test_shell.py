"""`slackbot shell`: the whole journey of the method, scripted, through the real app."""

import io
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from slackbot.devtools.shell import Shell
from slackbot.models import Contact, Meeting, Nudge

START = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)  # Wednesday 14:00 in New York

JOURNEY = [
    "/contact Jane Doe",
    "",  # Name [Jane Doe]
    "Acme",
    "Research Lead",
    "4",  # Manager
    "4",  # 201-1000 people
    "Alumni of State U",
    "",  # LinkedIn
    "jane@acme.io",
    "",  # Notes
    "",  # submit
    "",  # close the confirmation
    "/ask-draft Jane",
    "",  # Contact [Jane Doe]
    "",  # Or someone new
    "",  # Their company
    "",  # Your connection [alumni]
    "",  # The connection [State U]
    "a data analyst moving into UX research",
    "how your team runs usability studies",
    "UX research",
    "",  # Sign it as [Alex Kim]
    "",  # Sent by [Email]
    "",  # submit
    ":click 1",  # Mark as sent
    ":time +13d",
    "/meeting Jane",
    "",  # Who [Jane Doe]
    "2026-12-04 10:00",
    "",  # How long [15 minutes]
    "",  # How [Video call]
    "",  # Link or place
    "",  # What you want to learn
    "",  # submit
    "1",  # Write notes
    "",  # Meeting [this one]
    "",  # Trends
    "They run weekly usability studies",
    "Talk to the research ops team first",
    "",  # Resources
    "",  # Assignments
    "",  # Leads
    "Bob Lee, Globex, Research lead",
    "",  # Next steps
    "",  # Thank-you sent
    "",  # submit
    "",  # close the confirmation
    ":home",
    ":quit",
]


def run_journey(lines: list[str], db_url: str) -> tuple[str, Shell]:
    answers: Iterator[str] = iter(lines)
    out = io.StringIO()

    def read(prompt: str) -> str:
        try:
            line = next(answers)
        except StopIteration:
            raise EOFError from None
        out.write(f"{prompt}{line}\n")
        return line

    shell = Shell(db_url=db_url, user="Alex Kim", coach=False, out=out, read=read, start=START)
    shell.run()
    return out.getvalue(), shell


@pytest.fixture
def journey(tmp_path) -> tuple[str, Shell]:
    return run_journey(JOURNEY, f"sqlite:///{tmp_path / 'shell.db'}")


def test_the_whole_method_in_the_shell(journey: tuple[str, Shell]) -> None:
    transcript, shell = journey
    assert "*Jane Doe* is in your contacts" in transcript
    assert "As a fellow State U alum" in transcript  # the draft, in the DM
    assert "Marked as sent on Wed Nov 25" in transcript
    # Time passes: the second-contact and follow-up nudges fire in the channel.
    assert "[#cohort] Parachute:" in transcript
    assert "Reach a second person at *Acme*" in transcript
    assert "kind follow-up #1" in transcript
    assert "Logged your meeting with *Jane Doe*" in transcript
    assert "1 referral added to your contacts: Bob Lee" in transcript
    assert "research ops team" in transcript  # the thank-you names what they said
    assert "[App Home]" in transcript
    with shell.db.session() as session:
        bob = session.scalar(select(Contact).where(Contact.name == "Bob Lee"))
        jane = session.scalar(select(Contact).where(Contact.name == "Jane Doe"))
        assert bob.referred_by_id == jane.id
        assert session.scalar(select(Meeting.advice)) == "Talk to the research ops team first"
        sent = session.scalars(select(Nudge.kind).where(Nudge.state == "sent")).all()
        assert {"second_contact", "follow_up"} <= set(sent)


def test_forms_ask_again_after_a_field_error(tmp_path) -> None:
    transcript, _ = run_journey(
        ["/contact", "\u200b", "", "", "", "", "", "", "", "", "", "Jane Roe", "", "", ":quit"],
        f"sqlite:///{tmp_path / 'shell.db'}",
    )
    assert "Please enter the person's name." in transcript
    assert "*Jane Roe* is in your contacts" in transcript


def test_switching_members_and_coaching(tmp_path) -> None:
    transcript, _ = run_journey(
        ["/cohort", ":as Casey", ":coach", "/cohort", ":cancel", ":quit"], "sqlite://"
    )
    assert "is for the cohort's coaches" in transcript
    assert "Casey is now a coach." in transcript
    assert "Cohort settings" in transcript


def test_the_shell_reads_a_piped_script(tmp_path) -> None:
    script = "/network\n:help\n:quit\n"
    result = subprocess.run(
        [sys.executable, "-m", "slackbot", "shell", "--db", "sqlite://"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    assert "helps you reach professionals" in result.stdout
    assert ":time +3d" in result.stdout


def test_import_export_and_forget_in_the_shell(tmp_path) -> None:
    from tests.unit.test_csv_import import LINKEDIN_CONNECTIONS

    connections = tmp_path / "Connections.csv"
    connections.write_text(LINKEDIN_CONNECTIONS, encoding="utf-8")
    transcript, _ = run_journey(
        [
            "/network import",
            str(tmp_path / "missing.csv"),  # asked again
            str(connections),
            "",  # submit
            "/network export",
            "/network forget",
            "1",  # I understand
            "",  # delete everything
            ":quit",
        ],
        f"sqlite:///{tmp_path / 'shell.db'}",
    )
    assert "can't read" in transcript
    assert "Imported Connections.csv" in transcript and "4 contacts added" in transcript
    assert "📎 parachute-export-" in transcript
    assert "I deleted 4 contacts" in transcript
