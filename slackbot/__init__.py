"""Parachute: a Slack bot that coaches a career cohort through informational interviews."""
