"""Warm intros: who offers one at a company, checked again for any classmate, not only the
first ones listed."""

from slackbot.db import Database
from slackbot.devtools import factories
from slackbot.services import contacts, intros
from slackbot.services.intros import CLASSMATES_SHOWN
from slackbot.services.members import Owner
from tests.conftest import ALICE_OWNER, NOW, TEAM


def test_any_classmate_who_offers_an_intro_is_found_beyond_the_first_listed(db: Database) -> None:
    classmates = [Owner(TEAM, f"UCLASS{n:02d}") for n in range(CLASSMATES_SHOWN + 2)]
    with db.session() as session:
        for n, classmate in enumerate(classmates):
            factories.contact(session, classmate, now=NOW, name=f"Person {n}", company="Acme")
            intros.set_offers_intros(session=session, owner=classmate, on=n != 0)
        listed = intros.classmates_at(session=session, owner=ALICE_OWNER, company="acme")
        last = classmates[-1].user_id
        assert len(listed) == CLASSMATES_SHOWN and last not in listed
        assert intros.offers_intro_at(
            session=session, owner=ALICE_OWNER, classmate=last, company="ACME"
        )
        assert not intros.offers_intro_at(  # the one who does not offer intros
            session=session, owner=ALICE_OWNER, classmate=classmates[0].user_id, company="Acme"
        )
        assert not intros.offers_intro_at(
            session=session, owner=ALICE_OWNER, classmate=last, company="Globex"
        )
        other_team = Owner("T0ELSEWHERE", "UALICE")
        assert not intros.offers_intro_at(
            session=session, owner=other_team, classmate=last, company="Acme"
        )


def test_a_company_is_the_same_however_it_is_typed_everywhere(db: Database) -> None:
    """One way to compare companies (`company_key`): warm intros, colleagues and the target
    list agree with the same-person rule ("Acmé " is "ACME")."""
    bob = Owner(TEAM, "UBOB")
    with db.session() as session:
        theirs = factories.contact(session, bob, now=NOW, name="Zoë", company="Acmé ")
        intros.set_offers_intros(session=session, owner=bob, on=True)
        assert intros.classmates_at(session=session, owner=ALICE_OWNER, company="ACME") == ["UBOB"]
        colleague = factories.contact(session, bob, now=NOW, name="Ravi", company="acme")
        found = contacts.colleagues_of(session=session, owner=bob, contact=theirs, limit=5)
        assert [c.id for c in found] == [colleague.id]
        theirs.company = "Globex"  # an edit keeps the key
        assert contacts.colleagues_of(session=session, owner=bob, contact=colleague, limit=5) == []
