"""The prep pack (DESIGN §2.4): research, a 30-second introduction, TIARA questions, a plan."""

from collections.abc import Sequence
from dataclasses import dataclass

from slackbot.domain.ask_checks import Status, check_no_job_talk
from slackbot.domain.meetings import DEFAULT_DURATION
from slackbot.domain.phrasing import (
    field_of_interest,
    greeting_name,
    learning_goal,
    mid_sentence,
    possessive,
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
    # The member's own notes from earlier meetings at this company: (whom they met, note).
    earlier_notes: Sequence[tuple[str, str]] = ()
    duration_minutes: int = DEFAULT_DURATION


@dataclass(frozen=True)
class PrepPack:
    research: list[str]
    introduction: str
    questions: list[tuple[str, str]]  # (TIARA letter's word, question), one per letter
    earlier_notes: list[tuple[str, str]]
    plan: list[str]
    goal_advice: str | None = None  # when the goal they typed reads as asking for a job


# Said aloud instead of a goal that reads as asking for a job.
_LEARNING_INSTEAD = "what your work looks like day to day, and how you got there"


def prep_pack(inputs: PrepInputs) -> PrepPack:
    first = greeting_name(inputs.contact_name, fallback="them")
    company = inputs.company or "their organisation"
    companys = possessive(inputs.company) if inputs.company else "their organisation's"
    site_owner = possessive(inputs.company) if inputs.company else "Their organisation's"
    field = field_of_interest(inputs.field) or (
        f"{companys} industry" if inputs.company else "the field"
    )
    research = [
        f"{site_owner} website: what it does, for whom, and its latest news",
        f"Recent press about {company}, the critical pieces too",
        f"{possessive(inputs.contact_name)} background: LinkedIn, talks, posts, what they wrote",
        f"Trends in {field}: two or three you could ask about",
    ]
    who = self_introduction(inputs.who_i_am) or "I'm someone exploring this field"
    goal, goal_advice = _goal_to_say(inputs.goal)
    hoping = f" I'm hoping to learn {to_learn(mid_sentence(goal))}." if goal else ""
    minutes = inputs.duration_minutes
    kept = "I asked for" if minutes == DEFAULT_DURATION else "we planned"
    introduction = (
        f"Thanks so much for making time, {first}. Briefly: {who}.{hoping} "
        f"I'd love to hear how you see things, and I'll keep to the {minutes} minutes {kept}."
    )
    started = f"started as {inputs.title}" if inputs.title else "started in this line of work"
    questions = [
        ("Trends", f"What's changing most in {field} right now, from where you sit at {company}?"),
        ("Insights", f"What surprised you most when you {started}?"),
        (
            "Advice",
            f"If you were in my shoes, trying to move into {field}, what would you do first?",
        ),
        ("Resources", f"Which communities, newsletters or books helped you most in {field}?"),
        ("Assignments", "Is there one small project I could do this month to test my interest?"),
    ]
    wrap_up = max(minutes - 3, 5)
    plan = [
        "0-2 min: thanks, your 30-second introduction",
        f"2-{wrap_up} min: your questions, listening far more than talking",
        f"{wrap_up}-{minutes} min: \u201cWho else should I talk to? Would you be comfortable "
        "introducing me?\u201d, then thank them and stop on time",
    ]
    return PrepPack(
        research, introduction, questions, list(inputs.earlier_notes), plan, goal_advice
    )


def _goal_to_say(typed: str | None) -> tuple[str, str | None]:
    """What the introduction says the member hopes to learn, and advice when what they
    typed reads as asking for a job (the same check as the asks): a learning question
    is said instead."""
    goal = learning_goal(typed)
    check = check_no_job_talk(goal)
    if not goal or check.status is Status.PASS:
        return goal, None
    return _LEARNING_INSTEAD, (
        f"Your goal for this meeting, \u201c{goal}\u201d, reads as asking about a job. "
        "Your introduction asks to learn instead: if a role comes up, let them raise it."
    )
