"""The prep pack (DESIGN §2.4): research, a 30-second introduction, TIARA questions, a plan."""

from collections.abc import Sequence
from dataclasses import dataclass


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
    questions: list[tuple[str, str]]  # (TIARA letter's word, question)
    earlier_notes: list[str]
    plan: list[str]


def prep_pack(inputs: PrepInputs) -> PrepPack:
    first = inputs.contact_name.split()[0] if inputs.contact_name.split() else "them"
    company = inputs.company or "their organisation"
    role = inputs.title or "their role"
    field = inputs.field or (f"{company}'s industry" if inputs.company else "the field")
    research = [
        f"{company}'s website: what it does, for whom, and its latest news",
        f"Recent press about {company}, the critical pieces too",
        f"{inputs.contact_name}'s background: LinkedIn, talks, posts, what they wrote",
        f"Trends in {field}: two or three you could ask about",
    ]
    who = inputs.who_i_am or "someone exploring this field"
    goal = f" I'm hoping to learn {inputs.goal}." if inputs.goal else ""
    introduction = (
        f"Thanks so much for making time, {first}. Briefly: I'm {who}.{goal} "
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
        ("Resources", "Who else should I talk to? Would you be comfortable introducing me?"),
    ]
    plan = [
        "0-2 min: thanks, your 30-second introduction",
        "2-12 min: your questions, listening far more than talking",
        "12-15 min: \u201cWho else should I talk to?\u201d, thank them, stop on time",
    ]
    return PrepPack(research, introduction, questions, list(inputs.earlier_notes), plan)
