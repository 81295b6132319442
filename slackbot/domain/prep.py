"""The prep pack (DESIGN §2.4): research, a 30-second introduction, TIARA questions, a plan."""

from collections.abc import Sequence
from dataclasses import dataclass

from slackbot.domain.phrasing import (
    field_of_interest,
    greeting_name,
    learning_goal,
    self_introduction,
    to_learn,
)


@dataclass(frozen=True)
class PrepInputs:
    contact_name: str
    title: str | None
    company: str | None
    field: str | None  # the industry or field the member is exploring
    who_i_am: str | None
    goal: str | None  # what the member wants to learn in this meeting
    earlier_notes: Sequence[str] = ()  # the member's own notes from meetings at this company


@dataclass(frozen=True)
class PrepPack:
    research: list[str]
    introduction: str
    questions: list[tuple[str, str]]  # (TIARA letter's word, question), one per letter
    earlier_notes: list[str]
    plan: list[str]


def prep_pack(inputs: PrepInputs) -> PrepPack:
    first = greeting_name(inputs.contact_name, fallback="them")
    company = inputs.company or "their organisation"
    role = inputs.title or "their role"
    field = field_of_interest(inputs.field) or (
        f"{company}'s industry" if inputs.company else "the field"
    )
    research = [
        f"{company}'s website: what it does, for whom, and its latest news",
        f"Recent press about {company}, the critical pieces too",
        f"{inputs.contact_name}'s background: LinkedIn, talks, posts, what they wrote",
        f"Trends in {field}: two or three you could ask about",
    ]
    who = self_introduction(inputs.who_i_am) or "I'm someone exploring this field"
    goal = learning_goal(inputs.goal)
    hoping = f" I'm hoping to learn {to_learn(goal)}." if goal else ""
    introduction = (
        f"Thanks so much for making time, {first}. Briefly: {who}.{hoping} "
        "I'd love to hear how you see things, and I'll keep to the 15 minutes I asked for."
    )
    questions = [
        ("Trends", f"What's changing most in {field} right now, from where you sit at {company}?"),
        ("Insights", f"What surprised you most when you started as {role}?"),
        (
            "Advice",
            f"If you were in my shoes, trying to move into {field}, what would you do first?",
        ),
        ("Resources", f"Which communities, newsletters or books helped you most in {field}?"),
        ("Assignments", "Is there one small project I could do this month to test my interest?"),
    ]
    plan = [
        "0-2 min: thanks, your 30-second introduction",
        "2-12 min: your questions, listening far more than talking",
        "12-15 min: \u201cWho else should I talk to? Would you be comfortable introducing "
        "me?\u201d, then thank them and stop on time",
    ]
    return PrepPack(research, introduction, questions, list(inputs.earlier_notes), plan)
