"""Cohort settings for several workspaces at once (the nudge dispatcher's one query)."""

from sqlalchemy import event

from slackbot.db import Database
from slackbot.services.cohorts import get_cohort, get_cohorts


def test_several_workspaces_cohorts_come_in_one_query(db: Database) -> None:
    with db.session() as session:
        for n in range(3):
            get_cohort(session=session, team_id=f"T{n}").nudge_channel_id = f"C{n}"
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with db.session() as session:
        cohorts = get_cohorts(session=session, team_ids=["T0", "T1", "T2"])
        assert {team: c.nudge_channel_id for team, c in cohorts.items()} == {
            "T0": "C0",
            "T1": "C1",
            "T2": "C2",
        }
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_a_workspace_without_a_cohort_gets_the_defaults(db: Database) -> None:
    with db.session() as session:
        get_cohort(session=session, team_id="TKNOWN").nudge_channel_id = "CKNOWN"
    with db.session() as session:
        cohorts = get_cohorts(session=session, team_ids={"TKNOWN", "TNEW"})
        assert cohorts["TKNOWN"].nudge_channel_id == "CKNOWN"
        assert cohorts["TNEW"].nudge_channel_id is None
        assert cohorts["TNEW"].privacy_level == "company"
    with db.session() as session:
        assert get_cohort(session=session, team_id="TNEW").id == cohorts["TNEW"].id
