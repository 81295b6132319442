from slackbot.domain.pipeline import ContactFacts, Stage, stage_of
from slackbot.domain.targets import validate_company, validate_job_title
from slackbot.domain.vocabulary import CompanySize


def test_a_contact_with_no_facts_is_identified() -> None:
    assert stage_of(ContactFacts()) is Stage.IDENTIFIED


def test_the_furthest_fact_decides_the_stage() -> None:
    assert stage_of(ContactFacts(asks_sent=1)) is Stage.ASKED
    assert stage_of(ContactFacts(asks_sent=1, follow_ups_sent=1)) is Stage.FOLLOWED_UP
    assert stage_of(ContactFacts(asks_sent=1, replied=True)) is Stage.REPLIED
    assert stage_of(ContactFacts(replied=True, meeting_scheduled=True)) is Stage.MEETING_SCHEDULED
    assert stage_of(ContactFacts(meeting_scheduled=True, met=True)) is Stage.MET
    assert stage_of(ContactFacts(met=True, thanked=True)) is Stage.THANKED
    assert stage_of(ContactFacts(asks_sent=1, follow_ups_sent=2, parked=True)) is Stage.PARKED


def test_a_company_needs_a_name_and_a_motivation_from_1_to_5() -> None:
    details, errors = validate_company(" Acme ", "5", "5001+", True)
    assert errors == {}
    assert details is not None
    assert (details.name, details.motivation, details.size_band) == (
        "Acme",
        5,
        CompanySize.ENTERPRISE,
    )
    assert details.key == "acme"
    _, errors = validate_company("", "9", None, False)
    assert set(errors) == {"name", "motivation"}


def test_a_job_title_is_required_and_bounded() -> None:
    assert validate_job_title(" Product  designer ") == ("Product designer", None)
    assert validate_job_title("  ")[0] is None
    assert validate_job_title("x" * 101)[0] is None
