import json
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from slack_sdk.models.views import View

from slackbot.blocks import ids
from slackbot.blocks.home import Dashboard, home_view
from slackbot.blocks.next_asks import next_ask_blocks, next_ask_rows
from slackbot.blocks.targets import CompanyRow, company_line
from slackbot.domain.lamp import (
    Advocacy,
    Step,
    TargetContact,
    TargetFacts,
    lamp_order,
    next_ask,
    next_asks,
    people_search_link,
)

HOSTILE = "<!channel> <http://evil.example|your bank>"


def _contact(contact_id: int = 1, name: str = "Jane Doe", **facts: object) -> TargetContact:
    fields: dict[str, object] = {
        "warm": False,
        "replied": False,
        "meeting": False,
        "asked": False,
        "parked": False,
        "waiting": False,
        "next_due": None,
    } | facts
    return TargetContact(contact_id=contact_id, name=name, **fields)  # type: ignore[arg-type]


def _target(
    company_id: int, name: str, motivation: int = 3, posting: bool = False, **more: object
) -> TargetFacts:
    return TargetFacts(company_id, name, motivation, posting, **more)  # type: ignore[arg-type]


def test_lamp_order_is_motivation_then_posting_then_advocacy() -> None:
    targets = [
        _target(1, "Cold, no posting", 4),
        _target(2, "Dream", 5),
        _target(3, "Advocate, no posting", 4, contacts=(_contact(replied=True),)),
        _target(4, "Posting", 4, posting=True),
        _target(5, "Classmate, no posting", 4, classmates=2),
    ]
    assert [t.company_id for t in lamp_order(targets)] == [2, 4, 3, 5, 1]


def test_advocacy_counts_replies_meetings_alumni_and_referrals_but_not_a_cold_contact() -> None:
    assert _target(1, "A", contacts=(_contact(),)).advocacy is Advocacy.NONE
    for fact in ("replied", "meeting", "warm"):
        target = _target(1, "A", contacts=(_contact(), _contact(2, **{fact: True})))
        assert target.advocacy is Advocacy.CONTACT
        assert target.advocates == 1
    assert _target(1, "A", classmates=1).advocacy is Advocacy.CLASSMATE


def test_the_next_step_for_each_situation() -> None:
    due = datetime(2026, 12, 3, 14, tzinfo=UTC)
    waiting = _target(
        1, "A", contacts=(_contact(asked=True, waiting=True, next_due=due), _contact(2, warm=True))
    )
    assert next_ask(waiting).step is Step.WAIT
    assert next_ask(waiting).contact == waiting.contacts[0]

    warm = _target(1, "A", classmates=3, contacts=(_contact(name="Cold"), _contact(2, warm=True)))
    assert (next_ask(warm).step, next_ask(warm).contact.contact_id) == (Step.DRAFT_ASK, 2)

    cold_and_classmate = _target(1, "A", classmates=1, contacts=(_contact(),))
    assert next_ask(cold_and_classmate).step is Step.ASK_INTRO  # warm before cold

    cold = _target(1, "A", contacts=(_contact(),))
    assert (next_ask(cold).step, next_ask(cold).contact.contact_id) == (Step.DRAFT_ASK, 1)

    done = _target(1, "A", contacts=(_contact(asked=True, replied=True), _contact(2, parked=True)))
    assert next_ask(done).step is Step.FIND_SOMEONE  # an advocate there already: a new person
    assert done.advocacy is Advocacy.CONTACT


def test_next_asks_keeps_the_top_ones() -> None:
    targets = [_target(n, f"Co {n}", motivation=1 + n % 5) for n in range(20)]
    top = next_asks(targets, limit=5)
    assert len(top) == 5 and all(ask.target.motivation == 5 for ask in top[:4])


def test_people_search_names_the_company_and_the_school_when_known() -> None:
    link = people_search_link("Acme & Co", "State U")
    assert link.startswith("https://www.linkedin.com/search/results/people/?")
    assert parse_qs(urlsplit(link).query)["keywords"] == ["Acme & Co State U"]
    assert parse_qs(urlsplit(people_search_link("Acme", None)).query)["keywords"] == ["Acme"]


def test_a_company_reads_as_a_lamp_row_counting_classmates_without_naming_them() -> None:
    line = company_line(CompanyRow(1, "Acme", 5, "5001+", True, advocates=1, classmates=2))
    assert "A: 1 contact of yours, 2 classmates offering intros" in line
    assert "M: 5/5" in line and "P: open posting" in line
    assert "A: nobody yet" in company_line(CompanyRow(1, "Acme", 2, None, False))


def test_the_home_section_shows_one_action_per_target_escaped() -> None:
    tz = ZoneInfo("America/Los_Angeles")
    due = datetime(2026, 12, 3, 6, tzinfo=UTC)  # still Dec 2 in Los Angeles
    asks = next_asks(
        [
            _target(1, HOSTILE, 5, contacts=(_contact(name=HOSTILE, replied=True),)),
            _target(2, "Globex", 5, contacts=(_contact(asked=True, waiting=True, next_due=due),)),
            _target(3, "Initech", 4, classmates=2),
            _target(4, "Umbrella", 3),
        ],
        limit=5,
    )
    rows = next_ask_rows(asks, school="State U", tz=tz)
    view = home_view(Dashboard(pipeline={}, recent_contacts=[], next_asks=rows))
    View(**view).to_dict()
    shown = json.dumps(view)
    assert "<!channel>" not in shown and "<http" not in shown
    assert "next follow-up due Wed Dec 2" in shown
    assert "2 classmates offering intros know someone at Initech" in shown
    buttons = [
        block["accessory"]
        for block in view["blocks"]
        if block.get("accessory", {}).get("action_id", "").startswith("next_ask")
    ]
    assert [b["action_id"] for b in buttons] == [
        ids.NEXT_ASK_DRAFT,
        ids.NEXT_ASK_INTRO,
        ids.NEXT_ASK_SEARCH,
    ]
    assert buttons[0]["value"] == "1" and buttons[1]["value"] == "3"
    assert "State%20U" in buttons[2]["url"] and "start with State U alumni" in shown


def test_an_empty_list_points_to_targets() -> None:
    assert "/targets" in json.dumps(next_ask_blocks([]))


def test_due_dates_are_the_members_own_day() -> None:
    due = datetime(2026, 12, 3, 6, tzinfo=UTC)
    asks = [next_ask(_target(1, "A", contacts=(_contact(waiting=True, next_due=due),)))]
    (row,) = next_ask_rows(asks, school=None, tz=ZoneInfo("Asia/Tokyo"))
    assert row.due == date(2026, 12, 3)
