"""Warm intros: who offers one at a company, checked again for any classmate, not only the
first ones listed."""

from slackbot.db import Database
from slackbot.domain.contacts import ContactDetails
from slackbot.services import contacts, intros
from slackbot.services.intros import CLASSMATES_SHOWN
from slackbot.services.members import Owner
from tests.conftest import ALICE_OWNER, NOW, TEAM


def test_any_classmate_who_offers_an_intro_is_found_beyond_the_first_listed(db: Database) -> None:
    classmates = [Owner(TEAM, f"UCLASS{n:02d}") for n in range(CLASSMATES_SHOWN + 2)]
    with db.session() as session:
        for n, classmate in enumerate(classmates):
            contacts.create_contact(
                session=session,
                owner=classmate,
                details=ContactDetails(name=f"Person {n}", company="Acme"),
                now=NOW,
            )
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
