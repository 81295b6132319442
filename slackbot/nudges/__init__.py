"""Posting the outbox: the dispatcher, and the scheduler that wakes it."""
