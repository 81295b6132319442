"""The tables of slack_sdk's SQLAlchemy installation and OAuth state stores.

slack_sdk defines them on its own MetaData; our migrations create them (0006), and the
models-versus-migrations check compares them too."""

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData

SLACK_OAUTH_METADATA = MetaData()
INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    SLACK_OAUTH_METADATA, SQLAlchemyInstallationStore.default_installations_table_name
)
BOTS = SQLAlchemyInstallationStore.build_bots_table(
    SLACK_OAUTH_METADATA, SQLAlchemyInstallationStore.default_bots_table_name
)
OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    SLACK_OAUTH_METADATA, SQLAlchemyOAuthStateStore.default_table_name
)
