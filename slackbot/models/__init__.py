"""SQLAlchemy models: importing this package registers every table on Base.metadata."""

from slackbot.models.cohort import Cohort
from slackbot.models.contact import Contact
from slackbot.models.draft import Draft
from slackbot.models.event import ProcessedEvent
from slackbot.models.meeting import Meeting
from slackbot.models.member import Member
from slackbot.models.nudge import Nudge
from slackbot.models.overlap import Overlap
from slackbot.models.posted import PostedMessage
from slackbot.models.target import TargetCompany, TargetTitle
from slackbot.models.workspace import UninstalledWorkspace

__all__ = [
    "Cohort",
    "Contact",
    "Draft",
    "Meeting",
    "Member",
    "Nudge",
    "Overlap",
    "PostedMessage",
    "ProcessedEvent",
    "TargetCompany",
    "TargetTitle",
    "UninstalledWorkspace",
]
