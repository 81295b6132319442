"""The rules that fit a member's words into a draft's sentences (domain/phrasing.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slackbot.domain.phrasing import (
    connection_subject,
    field_of_interest,
    greeting_name,
    learning_goal,
    quotation,
    self_description,
    self_introduction,
    sentence_start,
    shortened,
    to_learn,
)
from tests.unit.ask_inputs import CONNECTIONS


@pytest.mark.parametrize(
    ("kind", "typed", "subject"),
    [
        ("alumni", "alumni of State University", "State University"),
        ("alumni", "We both studied at Azusa Pacific", "Azusa Pacific"),
        ("alumni", "State U alum", "State U"),
        ("alumni", "the University of Michigan, class of 2019", "University of Michigan"),
        ("alumni", "School: Howard University", "Howard University"),
        ("alumni", "fellow Georgia Tech grads", "Georgia Tech"),
        ("community", "shared community: PyLadies Berlin", "PyLadies Berlin"),
        ("community", "member of Women in Data", "Women in Data"),
        ("community", "We're both in Toastmasters", "Toastmasters"),
        ("community", "the Rust community", "the Rust community"),  # "the" reads well here
        ("community", "We Are Developers", "We Are Developers"),  # a name, not "we are"
        ("community", "In Tech We Trust", "In Tech We Trust"),
        ("community", "Club-Med alumni circle", "Club-Med alumni circle"),
        ("referral", "referred by Bob Lee", "Bob Lee"),
        ("referral", "Referral: Ana Lúcia Ferreira", "Ana Lúcia Ferreira"),
        ("referral", "my manager Priya suggested I reach out", "my manager Priya"),
        ("referral", "introduced by Kenji Watanabe.", "Kenji Watanabe"),
        ("alumni", "AT&T University", "AT&T University"),
    ],
)
def test_the_connection_is_the_shared_thing_alone(kind: str, typed: str, subject: str) -> None:
    assert connection_subject(kind, typed) == subject


@pytest.mark.parametrize(
    ("typed", "clause"),
    [
        ("career switcher from teaching", "I'm a career switcher from teaching"),
        ("I'm a data analyst.", "I'm a data analyst"),  # "I'm" and the full stop once
        ("I am a nurse", "I'm a nurse"),
        ("Im a recent grad!", "I'm a recent grad"),
        ("I\u2019m data analyst", "I'm a data analyst"),
        ("MBA student", "I'm an MBA student"),  # acronyms by their letters
        ("UX designer", "I'm a UX designer"),
        ("HR generalist", "I'm an HR generalist"),
        ("ex-teacher", "I'm an ex-teacher"),
        ("aspiring designer", "I'm an aspiring designer"),
        ("user researcher", "I'm a user researcher"),  # "you"-sounding u
        ("honest broker between teams", "I'm an honest broker between teams"),
        ("20-year veteran of retail", "I'm a 20-year veteran of retail"),
        ("8-year nurse", "I'm an 8-year nurse"),
        ("retired teacher", "I'm a retired teacher"),
        ("new grad", "I'm a new grad"),
        ("new to tech", "I'm new to tech"),
        ("based in Lisbon", "I'm based in Lisbon"),
        ("moving into UX", "I'm moving into UX"),
        ("currently a paralegal", "I'm currently a paralegal"),
        ("5 years into marketing", "I'm 5 years into marketing"),
        ("Maria, a data analyst", "I'm Maria, a data analyst"),  # a name takes no article
        ("I work in finance", "I work in finance"),  # their own sentence
        ("my background is teaching", "My background is teaching"),
        ("东京大学的研究生", "I'm 东京大学的研究生"),  # another script: as typed
        ("", ""),
    ],
)
def test_the_self_introduction_reads_as_a_sentence(typed: str, clause: str) -> None:
    assert self_introduction(typed) == clause


def test_the_form_keeps_what_follows_im() -> None:
    assert self_description("I'm a nurse.") == "a nurse"
    assert self_description("career switcher") == "career switcher"


@pytest.mark.parametrize(
    ("typed", "goal"),
    [
        ("I'd like to learn how you moved from consulting", "how you moved from consulting"),
        ("learn about your research ops setup", "your research ops setup"),
        ("How do you run studies?", "How do you run studies"),
        ("about", "about"),  # nothing left: their words as typed
    ],
)
def test_the_learning_goal_follows_your_view_on(typed: str, goal: str) -> None:
    assert learning_goal(typed) == goal


def test_the_field_follows_im_exploring() -> None:
    assert field_of_interest("a career in product management") == "product management"
    assert field_of_interest("the field of public health") == "public health"
    assert field_of_interest("health tech.") == "health tech"


def test_small_rules() -> None:
    assert sentence_start("my manager Priya") == "My manager Priya"
    assert sentence_start("danah boyd") == "danah boyd"  # a name exactly as typed
    assert greeting_name("Dr. Ada Okafor") == "Dr. Okafor"
    assert greeting_name("王小明") == "王小明" and greeting_name("  ") == "there"
    assert quotation("\u201cShip small.\u201d") == "\u201cShip small.\u201d"
    assert quotation("Why not?") == "\u201cWhy not?\u201d"
    assert to_learn("how you hire") == "how you hire"
    assert to_learn("your path") == "about your path"


def test_shortening_cuts_at_a_clause_and_never_leaves_a_dangling_word() -> None:
    long = "a former chemistry teacher of twelve years, now learning Python at night"
    assert shortened(long, 8) == "a former chemistry teacher of twelve years"
    assert shortened("how your team runs studies and which tools you use", 7) == (
        "how your team runs studies"
    )
    assert shortened("one two three", 5) == "one two three"
    assert shortened("one two three", 0) == ""


TYPED = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=80)
KINDS = st.sampled_from(["alumni", "referral", "community", "none"])


@given(KINDS, TYPED)
def test_every_rule_is_idempotent(kind: str, typed: str) -> None:
    for rule in (self_introduction, self_description, learning_goal, field_of_interest):
        once = rule(typed)
        assert rule(once) == once
    subject = connection_subject(kind, typed)
    assert connection_subject(kind, subject) == subject


@given(KINDS, st.sampled_from([t for typed in CONNECTIONS.values() for t in typed]))
def test_a_name_keeps_its_letters(kind: str, typed) -> None:
    """The rules remove whole words around a name, never letters inside it."""
    subject = connection_subject(kind, typed.typed)
    assert subject in typed.typed or subject == typed.typed.rstrip(".")
