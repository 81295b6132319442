"""Warm intros: `/network who <company>` and the request a classmate receives. The asker
sees classmates, never their contacts."""

import json
from collections.abc import Sequence
from typing import Any

from slackbot.blocks import ids
from slackbot.blocks.elements import actions, button, context, section
from slackbot.blocks.messages import Message, build_message
from slackbot.blocks.text import clip, escape

COMPANY_MAX = 100


def intro_value(classmate_id: str, company: str) -> str:
    """The button's value: which classmate, about which company (checked again on click)."""
    return json.dumps({"user": classmate_id, "company": clip(company, COMPANY_MAX)})


def who_message(company: str, classmates: Sequence[str], *, offering: bool) -> Message:
    shown = escape(company)
    if not company.strip():
        text = "Which company? For example: `/network who Acme`."
        return build_message(text, [section(text)])
    if not classmates:
        text = (
            f"No classmate who offers warm intros has a contact at *{shown}* yet. "
            "Alumni and former colleagues are the next warmest path: try `/contact` once "
            "you find one."
        )
        return build_message(text, [section(text)])
    blocks: list[Any] = [
        section(
            f"Classmates who know someone at *{shown}* and offer warm intros. They decide "
            "whether and whom to introduce; you won't see their contacts."
        )
    ]
    blocks += [
        section(
            f"<@{user_id}>",
            accessory=button(
                "Ask for an intro", ids.INTRO_ASK, value=intro_value(user_id, company)
            ),
        )
        for user_id in classmates
    ]
    if not offering:
        blocks.append(context("Return the favour: *Offer warm intros* in your App Home."))
    return build_message(f"Warm paths into {shown}", blocks)


def intro_request_message(asker_id: str, company: str, your_contacts: Sequence[str]) -> Message:
    """To the classmate: who asks, about which company, and (for their eyes) whom they know."""
    known = ", ".join(f"*{escape(name)}*" for name in your_contacts)
    text = (
        f":handshake: <@{asker_id}> from your cohort would love an introduction to someone "
        f"you know at *{escape(company)}*"
        + (f" (you know {known})" if known else "")
        + ". If it feels right, a short note to them, or a word to "
        f"<@{asker_id}> about who might be open to a 15-minute chat, would mean a lot. "
        "No pressure: it's your network and your call."
    )
    answer = intro_value(asker_id, company)
    return build_message(
        f"{escape(company)}: a classmate asks for an introduction",
        [
            section(text),
            actions(
                elements=[
                    button("I'll introduce you", ids.INTRO_ACCEPT, value=answer, style="primary"),
                    button("Not now", ids.INTRO_DECLINE, value=answer),
                ]
            ),
            context(
                "Only you see your contacts' names here. Either answer tells "
                f"<@{asker_id}>, kindly; never whom you know."
            ),
        ],
    )


def intro_answered_message(asker_id: str, company: str, *, accepted: bool) -> Message:
    """The classmate's request, once answered (the buttons go)."""
    text = (
        f":handshake: You'll introduce <@{asker_id}> to someone at *{escape(company)}*. "
        "A short note to both of you, saying why they should talk, is all it takes."
        if accepted
        else f"You said not now to <@{asker_id}> about *{escape(company)}*: I let them "
        "know kindly. Thank you for answering."
    )
    return build_message(text, [section(text)])


def intro_answer_message(classmate_id: str, company: str, *, accepted: bool) -> Message:
    """To the asker: what the classmate said."""
    text = (
        f":tada: <@{classmate_id}> will introduce you to someone at *{escape(company)}*. "
        "Watch for their note, reply within a day, and thank them."
        if accepted
        else f"<@{classmate_id}> can't make an introduction at *{escape(company)}* right "
        f"now. No worries: `/network who {escape(company)}` shows other warm paths, and "
        "alumni are the next warmest."
    )
    return build_message(text, [section(text)])


def intro_asked_message(classmate_id: str, company: str) -> Message:
    text = (
        f":white_check_mark: I asked <@{classmate_id}> for an introduction at "
        f"*{escape(company)}*. I'll tell you here when they answer."
    )
    return build_message(text, [section(text)])


def intro_unavailable_message() -> Message:
    text = "That classmate no longer offers an introduction there. `/network who` shows who does."
    return build_message(text, [section(text)])
