"""Every knob of Parachute in one validated place (environment variables or a `.env` file)."""

from __future__ import annotations

import logging
from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
    HttpUrl,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from slackbot.token_cipher import TokenCipher, parse_keys

SLACK_APP_CONFIG = "your app's page at https://api.slack.com/apps"

# Where a newcomer finds each setting: printed with any problem, shown in the README.
WHERE_TO_GET = {
    "SLACK_BOT_TOKEN": (
        f"OAuth & Permissions > Bot User OAuth Token (xoxb-...) on {SLACK_APP_CONFIG}"
    ),
    "SLACK_SIGNING_SECRET": (
        f"Basic Information > App Credentials > Signing Secret on {SLACK_APP_CONFIG}"
    ),
    "SLACK_APP_TOKEN": (
        f"Basic Information > App-Level Tokens (xapp-..., scope connections:write) "
        f"on {SLACK_APP_CONFIG}"
    ),
    "SLACK_CLIENT_ID": (
        f"Basic Information > App Credentials > Client ID on {SLACK_APP_CONFIG} "
        "(many workspaces through OAuth, instead of SLACK_BOT_TOKEN)"
    ),
    "SLACK_CLIENT_SECRET": (
        f"Basic Information > App Credentials > Client Secret on {SLACK_APP_CONFIG}"
    ),
    "TOKEN_ENCRYPTION_KEYS": (
        "with OAuth: a key to encrypt workspace tokens at rest, made by `python -c "
        "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`; "
        "to rotate, put a new key first (comma-separated) and run `slackbot rotate-key`"
    ),
    "SLACK_API_URL": "leave unset for Slack itself (https://slack.com/api/); tests set a stand-in",
    "DATABASE_URL": (
        "a SQLAlchemy URL, e.g. sqlite:///parachute.db or postgresql://user@host:5432/parachute"
    ),
    "PORT": "any free TCP port, e.g. 3000",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "UNINSTALLED_RETENTION_DAYS": "a number of days, 1 or more (default 30)",
    "COHORT_ADMINS": "comma-separated Slack user ids of coaches, e.g. U012AB,U034CD",
}


def _normalize_database_url(value: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use the psycopg 3 driver for them."""
    try:
        url = make_url(value)
    except ArgumentError as error:
        raise ValueError(f"not a database URL ({error})") from None
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError("only sqlite and postgresql databases are supported")
    return url.render_as_string(hide_password=False)


def _fernet_keys(value: SecretStr | None) -> SecretStr | None:
    if value is not None:
        parse_keys(value.get_secret_value())
    return value


def _token_with_prefix(prefix: str):
    def check(value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(prefix):
            raise ValueError(f"must start with {prefix}")
        return value

    return check


class MissingSettingError(Exception):
    """A setting that this command needs is not set."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    slack_bot_token: Annotated[SecretStr | None, AfterValidator(_token_with_prefix("xoxb-"))] = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: Annotated[SecretStr | None, AfterValidator(_token_with_prefix("xapp-"))] = None
    # OAuth for many workspaces: set both instead of SLACK_BOT_TOKEN.
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    # With OAuth: Fernet keys (comma-separated, the first encrypts) for tokens at rest.
    token_encryption_keys: Annotated[SecretStr | None, AfterValidator(_fernet_keys)] = None
    slack_api_url: HttpUrl = HttpUrl("https://slack.com/api/")
    # repr=False: the URL may hold the database password.
    database_url: Annotated[str, AfterValidator(_normalize_database_url)] = Field(
        default="sqlite:///parachute.db", repr=False
    )
    port: int = Field(default=3000, ge=1, le=65535)
    log_level: str = "INFO"
    cohort_admins: Annotated[frozenset[str], NoDecode] = frozenset()
    # With OAuth: days an uninstalled workspace's data is kept, should it install again.
    uninstalled_retention_days: int = Field(default=30, ge=1, le=3650)

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_client_id",
        "slack_client_secret",
        "token_encryption_keys",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @field_validator("cohort_admins", mode="before")
    @classmethod
    def _split_user_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def web_api_base_url(self) -> str:
        """The Web API base URL as slack_sdk wants it: ending with a slash."""
        url = str(self.slack_api_url)
        return url if url.endswith("/") else url + "/"

    @property
    def oauth_enabled(self) -> bool:
        """Installed into many workspaces through OAuth (each with its own bot token)."""
        return self.slack_client_id is not None or self.slack_client_secret is not None

    def require_slack_credentials(self, *also: str) -> None:
        """The credentials to talk to Slack (OAuth's client id and secret, or a bot token),
        and the settings named in `also`."""
        if self.oauth_enabled:
            self.require("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "TOKEN_ENCRYPTION_KEYS", *also)
        else:
            self.require("SLACK_BOT_TOKEN", *also)

    @property
    def token_cipher(self) -> TokenCipher | None:
        """What encrypts workspace tokens at rest; None when no key is set."""
        if self.token_encryption_keys is None:
            return None
        return TokenCipher(parse_keys(self.token_encryption_keys.get_secret_value()))

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]

    def require(self, *names: str) -> None:
        """Raise MissingSettingError naming every setting in `names` that is unset."""
        missing = [name for name in names if getattr(self, name.lower()) is None]
        if missing:
            raise MissingSettingError(missing)


def describe_problems(error: ValidationError | MissingSettingError) -> list[str]:
    """One line per problem, naming the setting and where to get it; never its value."""
    if isinstance(error, MissingSettingError):
        return [f"{name} is not set: {WHERE_TO_GET[name]}." for name in error.names]
    lines = []
    for problem in error.errors():
        name = str(problem["loc"][0]).upper() if problem["loc"] else "a setting"
        reason = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{name} is invalid ({reason}): {WHERE_TO_GET.get(name, 'see README')}.")
    return lines
