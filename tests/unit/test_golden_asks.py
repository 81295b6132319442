"""Twenty realistic asks, kept as readable files in tests/unit/golden/asks/.

Each file shows what the member typed, then the ask, another version and the first
follow-up exactly as the member would see them, with their word counts. The test drafts
them again and compares, so any change to the wording shows up in review as a diff a
person can read as the member would.

After an intended change, rewrite the files and read the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_golden_asks.py
"""

import os
from pathlib import Path

import pytest

from slackbot.domain.ask_checks import WORDS_AIM, Status, check_ask, words
from slackbot.domain.drafting import (
    AskInputs,
    Channel,
    ConnectionKind,
    Draft,
    draft_ask,
    draft_follow_up,
)

GOLDEN = Path(__file__).parent / "golden" / "asks"
ALUMNI, REFERRAL = ConnectionKind.ALUMNI, ConnectionKind.REFERRAL
COMMUNITY, NONE = ConnectionKind.COMMUNITY, ConnectionKind.NONE
EMAIL, LINKEDIN = Channel.EMAIL, Channel.LINKEDIN

# name: (contact, company, connection, as typed, who I am, to learn, field, signed, channel)
CASES: dict[str, tuple[str, str | None, ConnectionKind, str, str, str, str, str, Channel]] = {
    "01-alumni-typed-as-alumni-of": (
        "Jane Doe", "Acme", ALUMNI, "alumni of State University",
        "career switcher from teaching", "how your team runs usability studies",
        "UX research", "Alice Moreau", EMAIL,
    ),
    "02-studied-at-azusa-pacific": (
        "Marcus Chen", "Kaiser Permanente", ALUMNI, "We both studied at Azusa Pacific",
        "a nurse exploring health tech", "how clinicians shape your product roadmap",
        "health tech", "Grace Kim", EMAIL,
    ),
    "03-community-with-a-label": (
        "Lena Fischer", "Zalando", COMMUNITY, "shared community: PyLadies Berlin",
        "I'm a data analyst moving into data engineering.",
        "how your team tests its pipelines", "data engineering", "Amira Haddad", EMAIL,
    ),
    "04-referral-typed-as-referred-by": (
        "Siobhán O'Connor", "Stripe", REFERRAL, "referred by Bob Lee",
        "Im a recent grad", "what your first year as a PM looked like",
        "a career in product management", "Tomás Ruiz", EMAIL,
    ),
    "05-referral-by-my-manager": (
        "Priya Raghunathan", "Infosys", REFERRAL, "my manager Kenji",
        "HR generalist turning to people analytics",
        "which questions your analytics team answers first", "people analytics",
        "Dana Whitfield", EMAIL,
    ),
    "06-no-connection-att": (
        "D'Angelo Russell", "AT&T", NONE, "", "ex-teacher learning network engineering",
        "how AT&T's network teams plan capacity", "network engineering", "Sam Okoro", EMAIL,
    ),
    "07-cjk-names": (
        "王小明", "株式会社メルカリ", COMMUNITY, "Women in Data",
        "东京大学的研究生", "how your team chooses its metrics", "人工智能", "陈静", EMAIL,
    ),
    "08-accents-everywhere": (
        "José Álvarez", "L'Oréal", ALUMNI, "Université de Montréal.",
        "aspiring product designer", "how you run design critiques", "product design",
        "Zoë Saldaña", EMAIL,
    ),
    "09-a-title-in-the-name": (
        "Dr. Ada Okafor", "Médecins Sans Frontières", ALUMNI,
        "the University of Michigan, class of 2019", "MBA student at Wharton",
        "how your teams plan field logistics", "humanitarian logistics", "Noah Levi", EMAIL,
    ),
    "10-their-own-sentence": (
        "Anne-Marie Dubois", "Decathlon", COMMUNITY, "member of Lesbians Who Tech",
        "I work in retail and want to learn product", "what a typical week looks like for you",
        "product management", "Robin Duval", EMAIL,
    ),
    "11-long-interest": (
        "Kim Min-jun", "Coupang", ALUMNI, "KAIST",
        "a growth marketer", "how you decide which experiments to run when traffic is low, "
        "which metrics you trust, and how you explain null results to leadership",
        "experimentation", "Ji-woo Han", EMAIL,
    ),
    "12-long-who-i-am": (
        "Björn Ångström", "Spotify", REFERRAL, "Introduced by Maja Lind",
        "a former high school chemistry teacher of twelve years who has spent the last year "
        "teaching myself Python and SQL at night", "how your data team is organised",
        "data analytics", "Elin Berg", EMAIL,
    ),
    "13-everything-long": (
        "Oluwaseun Adeyemi", "Flutterwave", COMMUNITY, "fellow members of Mind the Product",
        "an accountant at a mid-sized firm in Lagos, now retraining in data engineering "
        "through an evening bootcamp with a capstone on payments",
        "how your payments team models fraud risk, which data you trust most, and what "
        "you wish new analysts knew on day one",
        "sustainable supply chains and the logistics software that runs them, especially "
        "in food and agriculture", "Chiamaka Eze", EMAIL,
    ),
    "14-linkedin-alumni": (
        "Mary-Kate O'Neil-Smith", "Deloitte", ALUMNI, "Georgia Tech grad",
        "a mechanical engineer moving into consulting", "your path into consulting",
        "consulting", "Ravi Shah", LINKEDIN,
    ),
    "15-linkedin-referral": (
        "Nguyễn Thị Minh Khai", "Grab", REFERRAL, "Referral: Ana Lúcia Ferreira",
        "currently a paralegal", "how your legal ops team uses automation", "legal tech",
        "Dương Văn Minh", LINKEDIN,
    ),
    "16-linkedin-long-note": (
        "Priya Nair", "Globex", COMMUNITY, "AT&T Women's Network",
        "a career switcher from twelve years of high school teaching into data work",
        "how you moved from teaching into analytics and what helped most",
        "data analytics", "Seo-yeon Park", LINKEDIN,
    ),
    "17-linkedin-no-connection": (
        "Ben & Jerry Fan", "Ben & Jerry's", NONE, "", "UX designer with a background in theatre",
        "how your brand team tests packaging", "consumer brands", "Mary O'Brien", LINKEDIN,
    ),
    "18-bootcamp-alumni": (
        "Carla Mendes", None, ALUMNI, "Le Wagon bootcamp", "based in Lisbon, learning front-end",
        "learn about your first year as a developer", "web development", "Inês Costa", EMAIL,
    ),
    "19-community-toastmasters": (
        "Hannah Schultz", "SAP", COMMUNITY, "We're both in Toastmasters",
        "I am a self-taught developer", "I'd like to learn how you moved from support to "
        "engineering", "software engineering", "Yusuf Demir", EMAIL,
    ),
    "20-second-contact-same-company": (
        "Tariq Rahman", "Stripe", REFERRAL, "Siobhán O'Connor",
        "Im a recent grad", "how your risk team works with product",
        "a career in product management", "Tomás Ruiz", EMAIL,
    ),
}  # fmt: skip


def _inputs(case: tuple) -> AskInputs:
    contact, company, kind, detail, who, narrow, broad, signed, channel = case
    return AskInputs(contact, company, kind, detail, who, narrow, broad, signed, channel)


def _shown(title: str, draft: Draft, inputs: AskInputs) -> list[str]:
    count = len(words(draft.body))
    checks = check_ask(
        draft.body,
        connection=inputs.connection_phrase,
        linkedin=inputs.channel is LINKEDIN,
        drafted=True,
    )
    warnings = [
        f"{check.name}: {check.reason}"
        for check in checks
        if check.status is not Status.PASS
        and not (check.name == "Connection first" and inputs.connection_phrase is None)
    ]
    lines = [f"== {title} ({count} words, {len(draft.body)} characters) =="]
    if draft.subject:
        lines.append(f"Subject: {draft.subject}")
    lines += ["", draft.body, ""]
    lines += [f"! shortened: {', '.join(draft.shortened)}"] if draft.shortened else []
    lines += [f"! {warning}" for warning in warnings]
    return lines


def render(name: str) -> str:
    case = CASES[name]
    inputs = _inputs(case)
    typed = [
        f"contact: {inputs.contact_name} ({inputs.company or 'no company'})",
        f"connection: {inputs.connection.value}: {inputs.connection_detail!r}",
        f"who I am: {inputs.who_i_am!r}",
        f"to learn: {inputs.interest_narrow!r}",
        f"field: {inputs.interest_broad!r}",
        f"signed: {inputs.member_name}, by {inputs.channel.label}",
    ]
    lines = ["What the member typed", *(f"  {line}" for line in typed), ""]
    lines += _shown("The ask", draft_ask(inputs, 0), inputs)
    lines += _shown("Another version", draft_ask(inputs, 1), inputs)
    follow_up = draft_follow_up(inputs, asked_on="November 25", number=1)
    lines += _shown("Follow-up #1", follow_up, inputs)
    return "\n".join(lines).rstrip() + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_golden_asks_read_as_before(name: str) -> None:
    path = GOLDEN / f"{name}.txt"
    text = render(name)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path.name} changed: see its diff"


NO_ROOM = "13-everything-long"  # 80 words of the member's own: under 100, not under 75


def test_the_golden_asks_pass_every_check() -> None:
    assert len(CASES) == 20
    for name, case in CASES.items():
        inputs = _inputs(case)
        for draft in (draft_ask(inputs, 0), draft_ask(inputs, 1)):
            flagged = [line for line in _shown(name, draft, inputs) if line.startswith("! ")]
            if name == NO_ROOM:
                assert [line[:8] for line in flagged] == ["! Length"]
            else:
                assert flagged == [] and len(words(draft.body)) < WORDS_AIM, name
