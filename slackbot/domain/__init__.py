"""Pure rules of the method: no Slack, no database, time passed in."""
