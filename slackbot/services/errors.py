class NotFound(Exception):
    """The record does not exist for this owner (it may exist for someone else)."""
