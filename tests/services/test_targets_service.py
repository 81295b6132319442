import pytest

from slackbot.db import Database
from slackbot.domain.targets import TargetCompanyDetails
from slackbot.services import targets
from slackbot.services.errors import NotFound
from slackbot.services.next_asks import target_facts
from slackbot.services.targets import DuplicateTarget
from tests.conftest import ALICE_OWNER, BOB_OWNER


def _save(
    db: Database, name: str, motivation: int, company_id: int | None = None, owner=ALICE_OWNER
) -> int:
    with db.session() as session:
        return targets.save_company(
            session=session,
            owner=owner,
            details=TargetCompanyDetails(name, motivation, None, False),
            company_id=company_id,
        ).id


def test_companies_are_listed_by_motivation_then_name(db: Database) -> None:
    _save(db, "Initech", 3)
    _save(db, "Globex", 5)
    _save(db, "Acme", 5)
    with db.session() as session:
        names = [c.name for c in target_facts(session=session, owner=ALICE_OWNER)]
    assert names == ["Acme", "Globex", "Initech"]


def test_a_company_is_edited_in_place_and_duplicates_are_refused(db: Database) -> None:
    acme = _save(db, "Acme", 2)
    _save(db, "Globex", 4)
    assert _save(db, "ACME", 5, company_id=acme) == acme  # renaming to itself is fine
    with pytest.raises(DuplicateTarget):
        _save(db, " acme ", 1)
    with pytest.raises(DuplicateTarget):
        _save(db, "Globex", 1, company_id=acme)
    with db.session() as session:
        company = targets.get_company(session=session, owner=ALICE_OWNER, company_id=acme)
        assert (company.name, company.motivation) == ("ACME", 5)


def test_another_member_cannot_edit_or_remove_a_target(db: Database) -> None:
    acme = _save(db, "Acme", 5)
    with pytest.raises(NotFound):
        _save(db, "Mine now", 1, company_id=acme, owner=BOB_OWNER)
    with db.session() as session, pytest.raises(NotFound):
        targets.remove_company(session=session, owner=BOB_OWNER, company_id=acme)
    with db.session() as session:
        title = targets.add_title(session=session, owner=ALICE_OWNER, title="Designer")
    with db.session() as session, pytest.raises(NotFound):
        targets.remove_title(session=session, owner=BOB_OWNER, title_id=title.id)
    with db.session() as session:
        assert len(target_facts(session=session, owner=ALICE_OWNER)) == 1
        assert len(targets.list_titles(session=session, owner=ALICE_OWNER, limit=10)) == 1


def test_titles_are_unique_per_member(db: Database) -> None:
    with db.session() as session:
        targets.add_title(session=session, owner=ALICE_OWNER, title="Data analyst")
    with db.session() as session, pytest.raises(DuplicateTarget):
        targets.add_title(session=session, owner=ALICE_OWNER, title="DATA  analyst")
    with db.session() as session:
        targets.add_title(session=session, owner=BOB_OWNER, title="Data analyst")
