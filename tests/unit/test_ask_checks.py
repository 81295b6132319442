import pytest
from hypothesis import given
from hypothesis import strategies as st

from slackbot.domain.ask_checks import Status, check_ask, check_length, worst

GOOD = """Hi Jane,

Bob Lee suggested I reach out to you. I'm a data analyst moving into UX research.

Your view on how your team runs usability studies would help me a lot.
Would you have 15 minutes for a call in the next couple of weeks?

Thank you for your time, whatever your answer.
Alice"""


def _by_name(text: str, connection: str | None = "Bob Lee", linkedin: bool = False) -> dict:
    return {c.name: c for c in check_ask(text, connection=connection, linkedin=linkedin)}


def test_a_good_ask_passes_every_check() -> None:
    checks = check_ask(GOOD, connection="Bob Lee", linkedin=False)
    assert worst(checks) is Status.PASS, [c for c in checks if c.status is not Status.PASS]


@pytest.mark.parametrize(
    ("text", "check", "status"),
    [
        (" ".join(["word"] * 80) + "?", "Length", Status.WARN),
        (" ".join(["word"] * 100) + "?", "Length", Status.FAIL),
        (
            "Hi Jane, I'm a data analyst. Bob Lee suggested I write.",
            "Connection first",
            Status.FAIL,
        ),
        ("Do you know of any jobs at Acme?", "No job talk", Status.FAIL),
        ("Are you hiring?", "No job talk", Status.FAIL),
        ("May I send my résumé?", "No job talk", Status.FAIL),
        ("May I send my CV?", "No job talk", Status.FAIL),
        ("I'm applying for your opening.", "No job talk", Status.FAIL),
        ("Are there open roles on your team?", "No job talk", Status.FAIL),
        ("Could you refer me?", "No job talk", Status.FAIL),
        ("I enjoyed your talk; your role on the team sounds great.", "No job talk", Status.PASS),
        ("I'd love to chat sometime.", "A real question", Status.FAIL),
        ("Could we talk for 30 minutes?", "Small time ask", Status.WARN),
        ("Could we grab lunch?", "Small time ask", Status.WARN),
        ("Could we talk?", "Small time ask", Status.WARN),
        ("Could you spare fifteen minutes?", "Small time ask", Status.PASS),
        ("Could you spare 15-20 minutes?", "Small time ask", Status.PASS),
        ("I, me, my, mine: could you?", "About them", Status.WARN),
    ],
)
def test_each_rule_catches_what_it_should(text: str, check: str, status: Status) -> None:
    assert _by_name(text)[check].status is status


def test_no_connection_is_a_gentle_warning() -> None:
    assert _by_name(GOOD, connection=None)["Connection first"].status is Status.WARN


def test_linkedin_notes_are_held_to_300_characters() -> None:
    assert _by_name("x" * 299 + "?", linkedin=True)["LinkedIn note"].status is Status.PASS
    assert _by_name("x" * 300 + "?", linkedin=True)["LinkedIn note"].status is Status.FAIL
    assert "LinkedIn note" not in _by_name("short?", linkedin=False)


def test_reasons_name_the_offending_words() -> None:
    reason = _by_name("Any vacancies or hiring?")["No job talk"].reason
    assert "vacancies" in reason and "hiring" in reason


@given(st.text(), st.one_of(st.none(), st.text()), st.booleans())
def test_the_checker_never_raises_and_is_stable(
    text: str, connection: str | None, linkedin: bool
) -> None:
    first = check_ask(text, connection=connection, linkedin=linkedin)
    assert first == check_ask(text, connection=connection, linkedin=linkedin)
    assert all(check.reason for check in first)


def test_a_long_draft_of_parachutes_own_says_the_length_is_the_members_words() -> None:
    text = " ".join(["word"] * 80) + "?"
    drafted = check_length(text, drafted=True)
    assert drafted.status is Status.WARN and "most of them what you typed" in drafted.reason
    assert "fine, but" in check_length(text).reason  # the member's own edit
    assert check_length(" ".join(["word"] * 75)).status is Status.WARN  # under 75 means < 75
    assert check_length(" ".join(["word"] * 74)).status is Status.PASS
