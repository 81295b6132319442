"""The LAMP list from the database: own contacts and what happened with them, classmates
counted (never named), in a fixed number of queries however long the list."""

from datetime import timedelta

from sqlalchemy import event

from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.domain.drafting import ConnectionKind
from slackbot.domain.lamp import Advocacy, Step
from slackbot.domain.meetings import MeetingDetails, MeetingFormat
from slackbot.domain.targets import TargetCompanyDetails
from slackbot.services import intros, meetings, next_asks, targets
from slackbot.services.members import Owner
from tests.conftest import ALICE_OWNER, BOB_OWNER, NOW, TEAM

CAROL = Owner(TEAM, "UCAROL")
ELSEWHERE = Owner("T0ELSEWHERE", "UDAN")


def _target(db: Database, name: str, motivation: int, posting: bool = False) -> None:
    with db.session() as session:
        targets.save_company(
            session=session,
            owner=ALICE_OWNER,
            details=TargetCompanyDetails(name, motivation, None, posting),
            company_id=None,
        )


def _contact(db: Database, owner: Owner, name: str, company: str, **more: object) -> int:
    with db.session() as session:
        return factories.contact(session, owner, now=NOW, name=name, company=company, **more).id


def _ask(db: Database, contact_id: int, school: str = "") -> None:
    connection = ConnectionKind.ALUMNI if school else ConnectionKind.NONE
    with db.session() as session:
        factories.drafted_ask(
            session,
            ALICE_OWNER,
            now=NOW,
            contact_id=contact_id,
            sent=True,
            zone="UTC",
            connection=connection,
            connection_detail=school,
        )


def _offering(db: Database, owner: Owner, company: str, on: bool = True) -> None:
    _contact(db, owner, f"Secret friend of {owner.user_id}", company)
    with db.session() as session:
        intros.set_offers_intros(session=session, owner=owner, on=on)


def test_a_member_with_several_targets_gets_them_in_lamp_order_with_a_step_each(
    db: Database,
) -> None:
    _target(db, "Acme", 5)
    _target(db, "Globex", 4, posting=True)
    _target(db, "Initech", 4)
    _target(db, "Umbrella", 4)
    _target(db, "Hooli", 2)
    _target(db, "Wayne", 3)
    # Acme: an alum of Alice's never asked; Globex: an ask out; Initech: a classmate offers
    # an intro; Umbrella: nothing; Hooli: a cold contact; Wayne: they met (advocate, done).
    alum = _contact(db, ALICE_OWNER, "Ann Alum", "ACME", connection="Fellow State U alum")
    _ask(db, _contact(db, ALICE_OWNER, "Gus Globex", "Globex"), school="State U")
    _offering(db, BOB_OWNER, "initech")
    _offering(db, CAROL, "Initech")
    _offering(db, Owner(TEAM, "UQUIET"), "Umbrella", on=False)  # offers no intros
    _offering(db, ELSEWHERE, "Umbrella")  # another workspace
    cold = _contact(db, ALICE_OWNER, "Hal Hooli", "Hooli")
    met = _contact(db, ALICE_OWNER, "Wendy Wayne", "Wayne")
    with db.session() as session:
        meetings.save_meeting(
            session=session,
            owner=ALICE_OWNER,
            details=MeetingDetails(
                met, NOW - timedelta(days=2), 15, MeetingFormat.VIDEO, None, None
            ),
            now=NOW - timedelta(days=3),
        )
    _contact(db, BOB_OWNER, "Bob's own contact", "Acme")  # Bob offers intros: counted at Acme

    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", record)
    with db.session() as session:
        found = next_asks.next_best_asks(session=session, owner=ALICE_OWNER, limit=10)
    event.remove(db.engine, "before_cursor_execute", record)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # the member, the targets, her contacts there, the follow-ups of her asks out, the
    # classmates, her school: a fixed number, never one per target
    assert len(selects) <= 6, selects

    steps = [(ask.target.name, ask.step, ask.contact and ask.contact.name) for ask in found.asks]
    assert steps == [
        ("Acme", Step.DRAFT_ASK, "Ann Alum"),
        ("Globex", Step.WAIT, "Gus Globex"),
        ("Initech", Step.ASK_INTRO, None),
        ("Umbrella", Step.FIND_SOMEONE, None),
        ("Wayne", Step.FIND_SOMEONE, None),
        ("Hooli", Step.DRAFT_ASK, "Hal Hooli"),
    ]
    by_name = {ask.target.name: ask for ask in found.asks}
    assert by_name["Acme"].contact.contact_id == alum
    assert by_name["Acme"].target.classmates == 1  # Bob, counted
    assert by_name["Initech"].target.classmates == 2
    assert by_name["Umbrella"].target.classmates == 0
    assert by_name["Wayne"].target.advocacy is Advocacy.CONTACT
    assert by_name["Hooli"].contact.contact_id == cold
    assert by_name["Globex"].contact.next_due is not None
    assert found.school == "State U"
    shown = repr(found)
    assert "Secret friend" not in shown and "Bob's own contact" not in shown


def test_someone_else_sees_nothing_of_the_members_list(db: Database) -> None:
    _target(db, "Acme", 5)
    _contact(db, ALICE_OWNER, "Ann Alum", "Acme", connection="State U alum")
    with db.session() as session:
        assert next_asks.target_facts(session=session, owner=BOB_OWNER) == []
        assert next_asks.target_facts(session=session, owner=Owner("T0ELSEWHERE", "UALICE")) == []
        assert next_asks.member_school(session=session, owner=BOB_OWNER) is None
