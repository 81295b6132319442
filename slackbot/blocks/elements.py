"""Small builders shared by the views: inputs, options and selects."""

from collections.abc import Iterable, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.blocks.block_elements import InputInteractiveElement

from slackbot.blocks.ids import INPUT
from slackbot.blocks.text import clip

OPTION_TEXT_MAX = 75
SELECT_OPTIONS_MAX = 100


def text_input(
    block_id: str,
    label: str,
    *,
    max_length: int,
    optional: bool = True,
    initial: str | None = None,
    placeholder: str | None = None,
    hint: str | None = None,
    multiline: bool = False,
) -> InputBlock:
    return input_block(
        block_id,
        label,
        PlainTextInputElement(
            action_id=INPUT,
            initial_value=initial[:max_length] if initial else None,
            placeholder=placeholder,
            max_length=max_length,
            multiline=multiline,
        ),
        optional=optional,
        hint=hint,
    )


def input_block(
    block_id: str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool = True,
    hint: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        element=element,
        optional=optional,
        hint=PlainTextObject(text=hint) if hint else None,
    )


def option(value: str, text: str) -> Option:
    return Option(value=value, text=clip(text, OPTION_TEXT_MAX))


def static_select(
    choices: Iterable[tuple[str, str]], *, initial: str | None = None, placeholder: str
) -> StaticSelectElement:
    """A select of (value, text) pairs, preselecting `initial` when it is among them."""
    options = [option(value, text) for value, text in choices][:SELECT_OPTIONS_MAX]
    chosen = next((o for o in options if o.value == initial), None)
    return StaticSelectElement(
        action_id=INPUT, options=options, initial_option=chosen, placeholder=placeholder
    )


def button(
    text: str,
    action_id: str,
    *,
    value: str | None = None,
    style: str | None = None,
    url: str | None = None,
) -> ButtonElement:
    """A button; with `url`, a link Slack opens (and still reports to the app, to ack)."""
    return ButtonElement(text=text, action_id=action_id, value=value, style=style, url=url)


def section(text: str, *, accessory: Any = None) -> SectionBlock:
    """A mrkdwn section; `text` must already be escaped where it holds member text."""
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory)


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def radio(choices: Sequence[tuple[str, str]], initial: str) -> RadioButtonsElement:
    """Radio buttons of (value, text) pairs; `initial` (or the first) is chosen."""
    options = [option(value, text) for value, text in choices]
    chosen = next((o for o in options if o.value == initial), options[0])
    return RadioButtonsElement(action_id=INPUT, options=options, initial_option=chosen)
