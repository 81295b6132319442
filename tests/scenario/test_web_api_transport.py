"""The Web API client over HTTPS, as Slack is: kept connections, one TLS context per
process, and slack_sdk's errors and retries unchanged."""

import pytest
import trustme
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from slackbot.devtools.slack_standin import SlackStandIn
from slackbot.web_api import KeepAliveWebClient, tls_context
from tests.conftest import ALICE, TEAM

pytestmark = pytest.mark.slack_over_https


@pytest.fixture
def client(slack: SlackStandIn, authority: trustme.CA) -> KeepAliveWebClient:
    authority.configure_trust(tls_context())  # this process trusts the stand-in
    return KeepAliveWebClient(
        token=slack.token,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )


def test_calls_go_over_https_on_one_kept_connection(
    slack: SlackStandIn, client: KeepAliveWebClient
) -> None:
    assert slack.api_url.startswith("https://")
    for _ in range(20):
        assert client.users_info(user=ALICE)["user"]["tz"] == "Europe/Paris"
    assert slack.connections == 1


def test_a_connection_the_server_closed_is_replaced_without_a_failed_call(
    slack: SlackStandIn, client: KeepAliveWebClient
) -> None:
    client.users_info(user=ALICE)
    slack.drop_connections()
    assert client.users_info(user=ALICE)["ok"]
    assert slack.connections == 2


def test_slacks_refusals_and_rate_limits_read_as_with_slack_sdk(
    slack: SlackStandIn, client: KeepAliveWebClient
) -> None:
    slack.fail_next("users.info", status=429, retry_after=1)
    assert client.users_info(user=ALICE)["ok"]  # retried after Retry-After
    slack.fail_next("users.info", status=500)
    with pytest.raises(SlackApiError) as refused:
        client.users_info(user=ALICE)
    assert refused.value.response.status_code == 500
    with pytest.raises(SlackApiError) as unknown:
        client.users_info(user="UNOBODY")
    assert unknown.value.response["error"] == "user_not_found"
    assert client.users_info(user=ALICE)["ok"]
    assert slack.connections == 1  # errors do not cost the connection


def test_a_copy_of_a_bolt_client_keeps_its_token_url_and_workspace(
    slack: SlackStandIn,
) -> None:
    from slack_sdk import WebClient

    plain = WebClient(token=slack.token, base_url=slack.api_url, team_id=TEAM)
    kept = KeepAliveWebClient.like(plain)
    assert (kept.token, kept.base_url, kept.default_params) == (
        plain.token,
        plain.base_url,
        {"team_id": TEAM},
    )
    assert kept.auth_test()["team_id"] == TEAM
    assert KeepAliveWebClient.like(kept) is kept
