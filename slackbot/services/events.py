"""Events API deliveries: each event_id is handled once, whatever Slack retries."""

from datetime import datetime

from sqlalchemy.orm import Session

from slackbot.db.upsert import insert_if_absent
from slackbot.models import ProcessedEvent


def first_delivery(*, session: Session, event_id: str, now: datetime) -> bool:
    """True for the first delivery of `event_id`; False for a retry or a twin delivery."""
    return insert_if_absent(session, ProcessedEvent, event_id=event_id, received_at=now)
