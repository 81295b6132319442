"""Each workspace's bot token, found by team alone (an Enterprise Grid workspace too)."""

from slack_sdk.oauth.installation_store import Installation

from slackbot.db import Database
from slackbot.oauth import clients_by_team, installation_store
from slackbot.settings import Settings


def test_a_workspace_of_an_enterprise_grid_is_found_by_its_team(
    db: Database, database_url: str
) -> None:
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        slack_client_id="111.222",
        slack_client_secret="shh",
        slack_signing_secret="s",
    )
    store = installation_store(settings, db)
    for enterprise_id, team_id, token in (
        ("E0GRID", "T0GRID", "xoxb-grid"),
        (None, "T0SOLO", "xoxb-solo"),
    ):
        store.save(
            Installation(
                app_id="A1",
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id="UINSTALLER",
                bot_token=token,
                bot_id="B1",
                bot_user_id="UBOT",
            )
        )
    token_of = clients_by_team(store, lambda token: token)  # type: ignore[arg-type,return-value]
    assert (token_of("T0GRID"), token_of("T0SOLO"), token_of("T0NONE")) == (
        "xoxb-grid",
        "xoxb-solo",
        None,
    )
