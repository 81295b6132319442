from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.models.views import View

from slackbot.blocks.meetings import NotesFormDefaults, notes_modal, prep_message
from slackbot.domain.calendar import CivilHours, calendar_for
from slackbot.domain.meetings import (
    MeetingField,
    MeetingForm,
    Referral,
    draft_thank_you,
    duration_advice,
    meeting_plan,
    parse_referrals,
    specific_thing,
    thank_you_timing,
    validate_meeting,
)
from slackbot.domain.nudges import NudgeKind
from slackbot.domain.prep import PrepInputs, prep_pack

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
CIVIL = CivilHours(calendar_for("US"), ZoneInfo("UTC"), at_minute=9 * 60)


def _at_nine(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jane Doe, Acme, Product Manager", Referral("Jane Doe", "Acme", "Product Manager")),
        ("- Bob Lee at Globex", Referral("Bob Lee", "Globex", None)),
        ("Ravi Shah (Initech, CTO)", Referral("Ravi Shah", "Initech", "CTO")),
        ("2) Mia Wong - Umbrella - Designer", Referral("Mia Wong", "Umbrella", "Designer")),
        ("José Ñúñez; Café Über", Referral("José Ñúñez", "Café Über", None)),
        ("Just A Name", Referral("Just A Name", None, None)),
    ],
)
def test_referral_lines_are_read_leniently(line: str, expected: Referral) -> None:
    assert parse_referrals(line) == ([expected], [])


def test_bad_referral_lines_are_named_and_blank_lines_ignored() -> None:
    referrals, problems = parse_referrals("Jane Doe, Acme\n\n, Globex\n   \n" + "x" * 200)
    assert [r.name for r in referrals] == ["Jane Doe"]
    # Numbered as the member sees them: blank lines count.
    assert problems == ["Line 3: start with the person's name.", "Line 5: a part is too long."]


def test_referral_lines_with_an_email_or_a_link_read_them_as_such() -> None:
    referrals, problems = parse_referrals(
        "Mia Wong, Umbrella, mia@umbrella.com\n"
        "https://www.linkedin.com/in/jane-doe\n"
        "Sam Poe - https://linkedin.com/in/Sam-Poe?trk=x\n"
        "Tom Ng, www.tom.dev\n"
        "ann@acme.com"
    )
    assert [(r.name, r.company, r.email, r.linkedin_url, r.link) for r in referrals] == [
        ("Mia Wong", "Umbrella", "mia@umbrella.com", None, None),
        ("Sam Poe", None, None, "https://www.linkedin.com/in/sam-poe", None),
        ("Tom Ng", None, None, None, "www.tom.dev"),
    ]
    assert problems == [
        "Line 2: a link without a name. Start with the person's name, e.g. "
        "\u201cJane Doe, Acme, jane@acme.com\u201d.",
        "Line 5: an email address without a name. Start with the person's name, e.g. "
        "\u201cJane Doe, Acme, jane@acme.com\u201d.",
    ]


@given(st.text())
def test_referral_parsing_never_raises_and_fits_the_columns(text: str) -> None:
    referrals, problems = parse_referrals(text)
    assert all(r.name for r in referrals)
    assert all(len(r.name) <= 100 and len(r.company or "") <= 100 for r in referrals)
    assert all(len(r.title or "") <= 100 for r in referrals)
    assert all(p.startswith(("Line ", "At most")) for p in problems)


_WORDS = (
    st.text(
        st.characters(whitelist_categories=("L",), whitelist_characters=" .'"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda word: word and " at " not in f" {word.lower()} ")
)


@given(st.lists(st.tuples(_WORDS, _WORDS, _WORDS), min_size=1, max_size=20))
def test_referrals_written_as_name_company_title_read_back_exactly(
    people: list[tuple[str, str, str]],
) -> None:
    text = "\n".join(f"{name}, {company}, {title}" for name, company, title in people)
    referrals, problems = parse_referrals(text)
    assert problems == []
    assert [(r.name, r.company, r.title) for r in referrals] == [
        (" ".join(n.split()), " ".join(c.split()), " ".join(t.split())) for n, c, t in people
    ]


def test_a_meeting_needs_a_contact_a_time_and_a_small_duration() -> None:
    _, errors = validate_meeting(MeetingForm(duration="45"), now=NOW)
    assert set(errors) == {MeetingField.CONTACT, MeetingField.START, MeetingField.DURATION}
    details, errors = validate_meeting(
        MeetingForm(contact_id="3", start_epoch=int(NOW.timestamp()), duration="30"), now=NOW
    )
    assert errors == {} and details.ends_at == NOW + timedelta(minutes=30)
    assert duration_advice(30) and duration_advice(20) is None


def test_reminders_surround_the_meeting() -> None:
    start = NOW + timedelta(days=3)
    plan = {
        p.kind: p.due_at
        for p in meeting_plan(
            start, start + timedelta(minutes=15), now=NOW, keep_in_touch_days=90, civil=CIVIL
        )
    }
    end = start + timedelta(minutes=15)
    assert plan == {
        # A Saturday meeting: its prep pack on the Friday before, at the nudge time.
        NudgeKind.PREP: _at_nine(date(2026, 11, 27)),
        NudgeKind.NOTES: end + timedelta(hours=2),
        NudgeKind.THANK_YOU: end + timedelta(hours=4),
        # Two weeks after a Saturday 15:15 is a Saturday: the Monday at the nudge time.
        NudgeKind.CLOSE_LOOP: _at_nine(date(2026, 12, 14)),
        # 90 days on is Friday Feb 26 at 15:15, past the nudge time: the next business day.
        NudgeKind.KEEP_IN_TOUCH: _at_nine(date(2027, 3, 1)),
    }
    soon = {
        p.kind: p.due_at
        for p in meeting_plan(
            NOW + timedelta(hours=2),
            NOW + timedelta(hours=3),
            now=NOW,
            keep_in_touch_days=0,
            civil=CIVIL,
        )
    }
    assert soon[NudgeKind.PREP] == NOW  # sooner than a day away: prep right away
    assert NudgeKind.KEEP_IN_TOUCH not in soon
    past = {
        p.kind
        for p in meeting_plan(
            NOW - timedelta(days=1),
            NOW - timedelta(days=1),
            now=NOW,
            keep_in_touch_days=90,
            civil=CIVIL,
        )
    }
    assert NudgeKind.PREP not in past


def test_a_past_meeting_plans_only_what_is_still_ahead() -> None:
    """Logged six days late: notes and a thank-you now, the rest at their own dates."""
    end = NOW - timedelta(days=6)
    recent = {
        p.kind: p.due_at
        for p in meeting_plan(
            end - timedelta(minutes=15), end, now=NOW, keep_in_touch_days=90, civil=CIVIL
        )
    }
    assert recent == {
        NudgeKind.NOTES: NOW,
        NudgeKind.THANK_YOU: NOW,
        NudgeKind.CLOSE_LOOP: _at_nine(date(2026, 12, 4)),
        NudgeKind.KEEP_IN_TOUCH: _at_nine(date(2027, 2, 18)),
    }
    # Logged five months later: nothing to catch up on, only the next keep-in-touch date.
    end = NOW - timedelta(days=150)
    old = {
        p.kind: p.due_at
        for p in meeting_plan(
            end - timedelta(minutes=15), end, now=NOW, keep_in_touch_days=90, civil=CIVIL
        )
    }
    # 180 days on is Christmas Day, a holiday: the Monday after.
    assert old == {NudgeKind.KEEP_IN_TOUCH: _at_nine(date(2026, 12, 28))}


THURSDAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("met_on", "reads", "timing"),
    [
        (THURSDAY, "today", "within 24 hours"),
        (date(2026, 12, 2), "yesterday", "within 24 hours"),
        (date(2026, 11, 30), "on Monday", "send it today"),
        (date(2026, 11, 27), "last week", "send it today"),  # six days ago
        (date(2026, 11, 10), "on November 10", "send it today"),
        (date(2025, 12, 30), "on December 30, 2025", "send it today"),
    ],
)
def test_the_thank_you_says_when_they_met(met_on: date, reads: str, timing: str) -> None:
    text = draft_thank_you("Jane Doe", None, "Alice", met_on=met_on, today=THURSDAY)
    assert f"Thank you so much for your time {reads}." in text
    assert timing in thank_you_timing(met_on, THURSDAY)


def test_the_prep_pack_is_tailored() -> None:
    pack = prep_pack(
        PrepInputs(
            contact_name="Jane Doe",
            title="Research Lead",
            company="Acme",
            field="UX research",
            who_i_am="a data analyst moving into UX research",
            goal="how they run studies",
            earlier_notes=[("Bob Lee", "Acme runs weekly studies")],
        )
    )
    letters = [letter for letter, _ in pack.questions]
    assert letters == ["Trends", "Insights", "Advice", "Resources", "Assignments"]
    text = " ".join(q for _, q in pack.questions)
    assert "Acme" in text and "Research Lead" in text and "UX research" in text
    assert pack.introduction.startswith(
        "Thanks so much for making time, Jane. Briefly: I'm a data analyst moving into UX "
        "research. I'm hoping to learn how they run studies."
    )
    assert "15 minutes" in pack.introduction
    assert any("Who else should I talk to?" in step for step in pack.plan)
    message = prep_message(
        meeting_id=1, contact_name="Jane Doe", company="Acme", when="Tue", pack=pack, done=False
    )
    assert len(message.blocks) <= 50
    shown = str(message.blocks)
    assert "earlier notes from meetings at Acme" in shown and "Bob Lee: Acme runs" in shown


def test_what_the_member_says_aloud_reads_right() -> None:
    """No job words said aloud, no capital mid-sentence, no "started as their role", the
    meeting's own length, and "Robotics'" rather than "Robotics's"."""
    pack = prep_pack(
        PrepInputs(
            contact_name="Jane Doe",
            title=None,
            company="Acme Robotics",
            field=None,
            who_i_am="a nurse",
            goal="whether there are open roles on the team",
            duration_minutes=20,
        )
    )
    assert "open roles" not in pack.introduction
    assert "I'm hoping to learn what your work looks like day to day" in pack.introduction
    assert pack.goal_advice is not None and "\u201cwhether there are open roles" in pack.goal_advice
    assert "I'll keep to the 20 minutes we planned." in pack.introduction
    assert "started in this line of work" in " ".join(q for _, q in pack.questions)
    assert "their role" not in " ".join(q for _, q in pack.questions)
    assert "Acme Robotics' website" in pack.research[0] and "'s's" not in str(pack)
    assert pack.plan[-1].startswith("17-20 min")
    capital = prep_pack(PrepInputs("Jane Doe", None, None, None, "a nurse", "How they run studies"))
    assert "I'm hoping to learn how they run studies." in capital.introduction
    assert capital.research[0].startswith("Their organisation's website")
    assert capital.goal_advice is None


@pytest.mark.parametrize(
    ("who", "goal", "reads"),
    [
        ("career switcher from teaching", None, "I'm a career switcher from teaching. I'd"),
        ("I'm a nurse.", "their path into health tech", "I'm a nurse. I'm hoping to learn about"),
        ("I work in retail", "Learn about pricing", "I work in retail. I'm hoping to learn about "
         "pricing."),
    ],
)  # fmt: skip
def test_the_introduction_fits_the_members_words(who: str, goal: str | None, reads: str) -> None:
    pack = prep_pack(PrepInputs("Dr. Ada Okafor", None, None, None, who, goal))
    assert pack.introduction.startswith(
        f"Thanks so much for making time, Dr. Okafor. Briefly: {reads}"
    )


def test_the_thank_you_names_one_specific_thing() -> None:
    thing = specific_thing(None, "  \n", "Talk to the research ops team first.\nMore")
    assert thing == "Talk to the research ops team first"
    today = NOW.date()
    text = draft_thank_you("Jane Doe", thing, "Alice", met_on=today, today=today)
    assert "research ops team" in text and text.startswith("Hi Jane,") and text.endswith("Alice")
    assert "\u201cTalk to the research ops team first.\u201d" in text
    asked = draft_thank_you(
        "Jane Doe",
        "\u201cWhy not start with support tickets?\u201d",
        "A",
        met_on=today,
        today=today,
    )
    assert "this: \u201cWhy not start with support tickets?\u201d I'll" in asked


def test_the_notes_form_holds_long_unicode_notes() -> None:
    long_note = ("Ünïcödé ✓ مرحبا 👩🏽‍💻 " * 200)[:3000]
    view = notes_modal(
        NotesFormDefaults(
            meeting_id=4,
            choices=[(4, "Jane Doe · Tue Nov 24")],
            notes={"trends": long_note, "advice": long_note},
            thanked=True,
        )
    )
    View(**view).to_dict()
    assert len(view["blocks"]) <= 100
