"""Offline stand-ins for Slack: the Web API server and a driver that acts as Slack's client."""
