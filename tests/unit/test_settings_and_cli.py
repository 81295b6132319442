import subprocess
import sys

import pytest
from pydantic import ValidationError

from slackbot.cli import EXIT_BAD_SETTINGS, main
from slackbot.domain.cohort_settings import coaches_cohort
from slackbot.settings import MissingSettingError, Settings, describe_problems
from slackbot.token_cipher import new_key


def test_defaults_need_nothing_for_migrate() -> None:
    settings = Settings(_env_file=None)
    assert settings.database_url.startswith("sqlite:///")
    assert settings.port == 3000
    assert settings.web_api_base_url == "https://slack.com/api/"


def test_postgres_urls_use_psycopg_3() -> None:
    settings = Settings(_env_file=None, database_url="postgres://u@db:5432/parachute")
    assert settings.database_url == "postgresql+psycopg://u@db:5432/parachute"


def test_coach_ids_are_split() -> None:
    assert Settings(_env_file=None, cohort_admins="U012AB, U034CD,").cohort_admins == {
        "U012AB",
        "U034CD",
    }


def test_a_coach_named_with_a_workspace_is_a_coach_there_only() -> None:
    admins = Settings(_env_file=None, cohort_admins="UANY, T0ONE:UGRID").cohort_admins

    def named(team_id: str, user_id: str) -> bool:
        return coaches_cohort(
            is_admin=False, cohort_admins=admins, team_id=team_id, user_id=user_id
        )

    assert named("T0ONE", "UANY") and named("T0TWO", "UANY")
    assert named("T0ONE", "UGRID")
    assert not named("T0TWO", "UGRID")  # same user id, another workspace
    assert not named("T0ONE", "UOTHER")


def test_workspace_admins_coach_without_being_named() -> None:
    assert coaches_cohort(is_admin=True, cohort_admins=frozenset(), team_id="T1", user_id="U1")


def test_secrets_are_never_shown() -> None:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-very-secret")
    assert "very-secret" not in repr(settings) and "very-secret" not in str(settings)


def test_each_problem_names_the_setting_and_where_to_get_it() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(
            _env_file=None,
            slack_bot_token="xoxp-user-token-secret",
            port="http",
            log_level="LOUD",
            database_url="mysql://x",
        )
    lines = describe_problems(caught.value)
    assert len(lines) == 4
    joined = "\n".join(lines)
    for name in ("SLACK_BOT_TOKEN", "PORT", "LOG_LEVEL", "DATABASE_URL"):
        assert name in joined
    assert "user-token-secret" not in joined
    assert "api.slack.com/apps" in joined
    missing = describe_problems(MissingSettingError(["SLACK_SIGNING_SECRET"]))
    assert missing == [
        "SLACK_SIGNING_SECRET is not set: Basic Information > App Credentials > Signing Secret "
        "on your app's page at https://api.slack.com/apps."
    ]


def test_serve_without_tokens_exits_2_with_one_clear_line_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert main(["serve"]) == EXIT_BAD_SETTINGS
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert err[0].startswith("slackbot: SLACK_BOT_TOKEN is not set")
    assert "Traceback" not in "\n".join(err)


def test_the_console_script_explains_itself(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "slackbot", "--help"], capture_output=True, text=True, check=True
    )
    assert "serve" in result.stdout and "migrate" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "slackbot", "serve", "--socket"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "", "PORT": "70000"},
    )
    assert bad.returncode == EXIT_BAD_SETTINGS
    assert "PORT is invalid" in bad.stderr and "Traceback" not in bad.stderr


def test_an_empty_secret_counts_as_unset() -> None:
    settings = Settings(_env_file=None, slack_signing_secret="  ", slack_bot_token="")
    with pytest.raises(MissingSettingError) as caught:
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    assert caught.value.names == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]


def test_the_database_password_stays_out_of_reprs() -> None:
    settings = Settings(_env_file=None, database_url="postgresql://u:hunter2@db/p")
    assert "hunter2" not in repr(settings)


def test_oauth_needs_the_client_id_and_secret_instead_of_a_bot_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1234.5678")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cret")
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEYS", new_key())
    assert main(["serve"]) == EXIT_BAD_SETTINGS
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("slackbot: SLACK_CLIENT_SECRET is not set: Basic Information")

    settings = Settings(
        _env_file=None,
        slack_client_id="1",
        slack_client_secret="oauth-secret",
        token_encryption_keys=new_key(),
    )
    assert settings.oauth_enabled
    settings.require_slack_credentials()  # no bot token needed
    assert "oauth-secret" not in repr(settings)


def test_oauth_without_a_token_key_refuses_to_start_with_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TOKEN_ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1234.5678")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "oauth-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cret")
    assert main(["serve"]) == EXIT_BAD_SETTINGS
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("slackbot: TOKEN_ENCRYPTION_KEYS is not set: with OAuth: a key")

    monkeypatch.setenv("TOKEN_ENCRYPTION_KEYS", "not-a-key")
    assert main(["serve"]) == EXIT_BAD_SETTINGS
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "TOKEN_ENCRYPTION_KEYS is invalid (each key must be 32 url-safe" in line
    assert "not-a-key" not in line


def test_rotate_key_needs_the_keys_and_reports_what_it_rotated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOKEN_ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    assert main(["rotate-key"]) == EXIT_BAD_SETTINGS
    assert "TOKEN_ENCRYPTION_KEYS is not set" in capsys.readouterr().err

    monkeypatch.setenv("TOKEN_ENCRYPTION_KEYS", f"{new_key()},{new_key()}")
    assert main(["rotate-key"]) == 0
    assert "0 token(s) encrypted under the first key" in capsys.readouterr().out
