"""Issue #21 §7: counts, dates and clipped names read as English."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from slackbot.blocks.text import clip, plural
from slackbot.domain.phrasing import known_company, learning_goal, spoken_date


def test_plurals_agree_with_their_count() -> None:
    assert plural(0, "target company") == "0 target companies"
    assert plural(1, "target company") == "1 target company"
    assert plural(2, "reply") == "2 replies" and plural(2, "day") == "2 days"
    assert plural(1, "business day") == "1 business day"


def test_a_date_has_its_year_when_it_is_not_this_year() -> None:
    assert spoken_date(date(2026, 11, 18), date(2026, 12, 1)) == "November 18"
    assert spoken_date(date(2025, 12, 30), date(2026, 1, 6)) == "December 30, 2025"


def test_a_clipped_name_ends_on_a_whole_word_with_an_ellipsis() -> None:
    assert clip("Maria Josefina Alvarez de la Cruz", 20) == "Maria Josefina…"
    assert clip("Short", 20) == "Short"


@given(st.text(min_size=1), st.integers(min_value=2, max_value=200))
def test_clip_always_fits_and_says_when_it_cut(text: str, limit: int) -> None:
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    assert clipped == text or clipped.endswith("…")


def test_unknown_companies_and_dangling_phrases_are_left_out() -> None:
    assert known_company("n/a") == "" and known_company("Your company") == ""
    assert known_company("Acme Robotics.") == "Acme Robotics"
    assert learning_goal("what to study from you") == "what to study"
