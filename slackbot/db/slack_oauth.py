"""The tables of slack_sdk's SQLAlchemy installation and OAuth state stores.

slack_sdk defines them on its own MetaData; our migrations create them (0007), and the
models-versus-migrations check compares them too. Their token columns hold Fernet-encrypted
tokens (0011), longer than the plain tokens slack_sdk sized them for."""

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, String, Table
from sqlalchemy.types import TypeEngine

TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
# A Fernet token is about 4/3 of (57 bytes + the plaintext rounded up to 16): room for
# tokens up to about 600 characters.
ENCRYPTED_TOKEN_LENGTH = 1000


def with_token_type(table: Table, token_type: TypeEngine[str]) -> Table:
    """The table, its token columns typed `token_type` (stored encrypted)."""
    for name in TOKEN_COLUMNS:
        if name in table.c:
            table.c[name].type = token_type
    return table


SLACK_OAUTH_METADATA = MetaData()
INSTALLATIONS = with_token_type(
    SQLAlchemyInstallationStore.build_installations_table(
        SLACK_OAUTH_METADATA, SQLAlchemyInstallationStore.default_installations_table_name
    ),
    String(ENCRYPTED_TOKEN_LENGTH),
)
BOTS = with_token_type(
    SQLAlchemyInstallationStore.build_bots_table(
        SLACK_OAUTH_METADATA, SQLAlchemyInstallationStore.default_bots_table_name
    ),
    String(ENCRYPTED_TOKEN_LENGTH),
)
OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    SLACK_OAUTH_METADATA, SQLAlchemyOAuthStateStore.default_table_name
)
