"""Pure Block Kit builders: data in, Slack JSON out, as plain dicts (the tests hold them to Slack's
limits with slack_sdk.models)."""
