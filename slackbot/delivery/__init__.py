"""The bot's calls to Slack that listeners and the command line share: a member's
profile, their App Home, messages and files to their DM, forms opened from a click."""
