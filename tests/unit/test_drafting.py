import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slackbot.domain.ask_checks import LINKEDIN_NOTE_MAX, Status, check_ask
from slackbot.domain.ask_form import AskField, AskForm, connection_from_note, validate_ask
from slackbot.domain.drafting import (
    AskInputs,
    Channel,
    ConnectionKind,
    draft_ask,
    draft_follow_up,
)

DETAILS = {
    ConnectionKind.ALUMNI: "State U",
    ConnectionKind.REFERRAL: "Bob Lee",
    ConnectionKind.COMMUNITY: "Women in Data",
    ConnectionKind.NONE: "",
}


def _inputs(kind: ConnectionKind, channel: Channel, **overrides: str) -> AskInputs:
    values = {
        "contact_name": "Jane Doe",
        "company": "Acme",
        "connection": kind,
        "connection_detail": DETAILS[kind],
        "who_i_am": "a data analyst moving into UX research",
        "interest_narrow": "how your team runs usability studies",
        "interest_broad": "UX research",
        "member_name": "Alice Moreau",
        "channel": channel,
    }
    return AskInputs(**(values | overrides))


def _problems(text: str, inputs: AskInputs) -> list[str]:
    checks = check_ask(
        text, connection=inputs.connection_phrase, linkedin=inputs.channel is Channel.LINKEDIN
    )
    return [
        f"{c.name}: {c.reason}"
        for c in checks
        if c.status is not Status.PASS
        and not (c.name == "Connection first" and inputs.connection is ConnectionKind.NONE)
    ]


@pytest.mark.parametrize(
    ("kind", "channel", "variant"),
    list(itertools.product(ConnectionKind, Channel, range(6))),
)
def test_every_version_passes_every_check(kind, channel, variant) -> None:
    inputs = _inputs(kind, channel)
    ask = draft_ask(inputs, variant)
    assert _problems(ask.body, inputs) == []
    follow_up = draft_follow_up(inputs, asked_on="November 25", number=1, variant=variant)
    assert _problems(follow_up.body, inputs) == []


def test_a_referral_opens_with_the_referrer() -> None:
    body = draft_ask(_inputs(ConnectionKind.REFERRAL, Channel.EMAIL)).body
    first_sentence = body.split("\n\n")[1]
    assert first_sentence.startswith("Bob Lee suggested I reach out")
    assert body.startswith("Hi Jane,")
    assert body.endswith("Alice Moreau")


def test_another_version_is_genuinely_different_and_deterministic() -> None:
    inputs = _inputs(ConnectionKind.ALUMNI, Channel.EMAIL)
    versions = [draft_ask(inputs, v).body for v in range(3)]
    assert len(set(versions)) == 3
    assert draft_ask(inputs, 1) == draft_ask(inputs, 1)
    first, second = (set(v.split("\n\n")[2].split(". ")) for v in versions[:2])
    assert not first & second  # even the interest and question sentences changed


def test_email_has_a_subject_and_linkedin_fits_in_300_characters() -> None:
    assert draft_ask(_inputs(ConnectionKind.ALUMNI, Channel.EMAIL)).subject
    long_role = "a career switcher from twelve years of high school teaching into data work"
    note = draft_ask(_inputs(ConnectionKind.COMMUNITY, Channel.LINKEDIN, who_i_am=long_role))
    assert note.subject is None and len(note.body) <= LINKEDIN_NOTE_MAX


def test_follow_up_is_kind_and_restates_briefly() -> None:
    body = draft_follow_up(
        _inputs(ConnectionKind.REFERRAL, Channel.EMAIL), asked_on="November 25", number=1
    ).body
    assert "Bob Lee" in body and "?" in body
    for guilt in ("didn't hear", "haven't heard", "ignored", "again"):
        assert guilt not in body


text = st.text(min_size=1, max_size=60)


@given(text, text, text, text, st.sampled_from(list(ConnectionKind)), st.integers(0, 99))
def test_the_engine_never_raises(name, who, narrow, broad, kind, variant) -> None:
    for channel in Channel:
        inputs = _inputs(
            kind,
            channel,
            contact_name=name,
            who_i_am=who,
            interest_narrow=narrow,
            interest_broad=broad,
        )
        assert draft_ask(inputs, variant).body
        assert draft_follow_up(inputs, asked_on="today", number=2, variant=variant).body


def test_the_form_is_cleaned_for_the_engine() -> None:
    request, errors = validate_ask(
        AskForm(
            new_name="Jane Doe",
            new_company="Acme",
            connection_kind="alumni",
            connection_detail="State U.",
            who_i_am="I'm a data analyst.",
            interest_narrow="your research ops",
            interest_broad="UX research",
            sign_off="Alice",
            channel="linkedin",
        )
    )
    assert errors == {}
    assert request.answers.who_i_am == "a data analyst"
    assert request.answers.connection_detail == "State U"
    assert request.new_contact.name == "Jane Doe" and request.answers.channel is Channel.LINKEDIN


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("alumni", "alumni of State University", "State University"),
        ("community", "shared community: PyLadies Berlin", "PyLadies Berlin"),
        ("referral", "referred by Bob Lee.", "Bob Lee"),
    ],
)
def test_the_form_keeps_the_shared_thing(kind: str, typed: str, stored: str) -> None:
    request, errors = validate_ask(
        AskForm(
            new_name="Jane Doe",
            connection_kind=kind,
            connection_detail=typed,
            who_i_am="career switcher from teaching.",
            interest_narrow="your research ops",
            interest_broad="UX research",
            sign_off="Alice",
            channel="email",
        )
    )
    assert errors == {} and request.answers.connection_detail == stored
    assert request.answers.who_i_am == "career switcher from teaching"


def test_a_connection_that_names_only_its_kind_is_asked_about() -> None:
    _, errors = validate_ask(AskForm(connection_kind="alumni", connection_detail="Alumni"))
    assert errors[AskField.CONNECTION_DETAIL] == "Which school or program do you share?"


def test_the_form_says_what_is_missing() -> None:
    _, errors = validate_ask(AskForm(connection_kind="referral", channel="carrier pigeon"))
    assert set(errors) == {
        AskField.CONTACT,
        AskField.CONNECTION_DETAIL,
        AskField.WHO_I_AM,
        AskField.INTEREST_NARROW,
        AskField.INTEREST_BROAD,
        AskField.SIGN_OFF,
        AskField.CHANNEL,
    }
    assert "referred" in errors[AskField.CONNECTION_DETAIL]


@pytest.mark.parametrize(
    ("note", "referrer", "expected"),
    [
        ("Alumni of State U", None, (ConnectionKind.ALUMNI, "State U")),
        ("State U alum", None, (ConnectionKind.ALUMNI, "State U")),
        ("We both studied at Azusa Pacific", None, (ConnectionKind.ALUMNI, "Azusa Pacific")),
        ("went to Spelman College", None, (ConnectionKind.ALUMNI, "Spelman College")),
        ("Le Wagon bootcamp", None, (ConnectionKind.ALUMNI, "Le Wagon bootcamp")),
        ("Member of Women in Data", None, (ConnectionKind.COMMUNITY, "Women in Data")),
        ("shared community: PyLadies", None, (ConnectionKind.COMMUNITY, "PyLadies")),
        ("Referred by Jane Doe", None, (ConnectionKind.REFERRAL, "Jane Doe")),  # /meeting-notes
        ("introduced by Kenji", None, (ConnectionKind.REFERRAL, "Kenji")),
        ("anything", "Bob Lee", (ConnectionKind.REFERRAL, "Bob Lee")),
        ("alumni", None, (ConnectionKind.ALUMNI, "")),  # the kind, but which school?
        ("cold outreach", None, (ConnectionKind.NONE, "")),
        ("LinkedIn", None, (ConnectionKind.NONE, "")),
        (None, None, (ConnectionKind.NONE, "")),
    ],
)
def test_the_connection_is_guessed_from_the_contact(note, referrer, expected) -> None:
    assert connection_from_note(note, referrer) == expected
