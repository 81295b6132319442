"""Pure Block Kit builders: data in, validated Slack JSON out (slack_sdk.models checks limits)."""
