"""What a member is told about their own data: what forget-me erased."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Forgotten:
    """How many records of each kind were deleted."""

    contacts: int = 0
    drafts: int = 0
    meetings: int = 0
    nudges: int = 0
    target_companies: int = 0
    target_titles: int = 0

    @property
    def anything(self) -> bool:
        return any(vars(self).values())
