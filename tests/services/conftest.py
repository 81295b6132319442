import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from slackbot.devtools.slack_standin import SlackStandIn


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    """A Web API client of the stand-in, retrying 429s as the app's does."""
    return WebClient(
        token=slack.token,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
