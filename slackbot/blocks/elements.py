"""Block Kit as plain dicts: views, blocks, elements, options and text objects.

The builders render plain JSON: slack_sdk's models validate every object each time they
render it (milliseconds a view, on every request). The tests hold each builder's output to
Slack's limits with those models instead, and so does the Slack stand-in with all it gets."""

from collections.abc import Iterable, Sequence
from typing import Any

from slackbot.blocks.ids import INPUT
from slackbot.blocks.text import clip

Json = dict[str, Any]

OPTION_TEXT_MAX = 75
SELECT_OPTIONS_MAX = 100


def _without_none(**fields: Any) -> Json:
    return {name: value for name, value in fields.items() if value is not None}


def plain(text: str) -> Json:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> Json:
    return {"type": "mrkdwn", "text": text}


# -- views ---------------------------------------------------------------------------


def modal(
    *,
    callback_id: str,
    title: str,
    blocks: Sequence[Json],
    submit: str | None = None,
    close: str | None = None,
    private_metadata: str | None = None,
) -> Json:
    return _without_none(
        type="modal",
        callback_id=callback_id,
        title=plain(title),
        submit=plain(submit) if submit else None,
        close=plain(close) if close else None,
        private_metadata=private_metadata,
        blocks=list(blocks),
    )


def home_tab(blocks: Sequence[Json]) -> Json:
    return {"type": "home", "blocks": list(blocks)}


# -- blocks --------------------------------------------------------------------------


def section(
    text: str | None,
    *,
    accessory: Json | None = None,
    fields: Sequence[str] = (),
    block_id: str | None = None,
) -> Json:
    """A mrkdwn section, with mrkdwn `fields` in two columns if any (then `text` may be
    None); both must already be escaped where they hold member text."""
    return _without_none(
        type="section",
        block_id=block_id,
        text=mrkdwn(text) if text is not None else None,
        fields=[mrkdwn(field) for field in fields] or None,
        accessory=accessory,
    )


def context(text: str) -> Json:
    return {"type": "context", "elements": [mrkdwn(text)]}


def header(text: str) -> Json:
    return {"type": "header", "text": plain(text)}


def divider() -> Json:
    return {"type": "divider"}


def actions(elements: Sequence[Json], *, block_id: str | None = None) -> Json:
    return _without_none(type="actions", block_id=block_id, elements=list(elements))


def input_block(
    block_id: str,
    label: str,
    element: Json,
    *,
    optional: bool = True,
    hint: str | None = None,
    dispatch_action: bool | None = None,
) -> Json:
    return _without_none(
        type="input",
        block_id=block_id,
        label=plain(label),
        element=element,
        optional=optional,
        hint={"type": "plain_text", "text": hint} if hint else None,
        dispatch_action=dispatch_action,
    )


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
) -> Json:
    return input_block(
        block_id,
        label,
        _without_none(
            type="plain_text_input",
            action_id=INPUT,
            initial_value=initial[:max_length] if initial else None,
            placeholder=plain(placeholder) if placeholder else None,
            max_length=max_length,
            multiline=multiline,
        ),
        optional=optional,
        hint=hint,
    )


# -- elements ------------------------------------------------------------------------


def option(value: str, text: str) -> Json:
    return {"text": plain(clip(text, OPTION_TEXT_MAX)), "value": value}


def button(
    text: str,
    action_id: str,
    *,
    value: str | None = None,
    style: str | None = None,
    url: str | None = None,
) -> Json:
    """A button; with `url`, a link Slack opens (and still reports to the app, to ack)."""
    return _without_none(
        type="button", action_id=action_id, text=plain(text), value=value, style=style, url=url
    )


def static_select(
    choices: Iterable[tuple[str, str]],
    *,
    initial: str | None = None,
    placeholder: str,
    action_id: str = INPUT,
) -> Json:
    """A select of (value, text) pairs, preselecting `initial` when it is among them."""
    options = [option(value, text) for value, text in choices][:SELECT_OPTIONS_MAX]
    chosen = next((o for o in options if o["value"] == initial), None)
    return _without_none(
        type="static_select",
        action_id=action_id,
        options=options,
        initial_option=chosen,
        placeholder=plain(placeholder),
    )


def external_select(
    action_id: str, *, placeholder: str, min_query_length: int, initial: Json | None = None
) -> Json:
    """A select whose options the app serves as the member types (an `options` request)."""
    return _without_none(
        type="external_select",
        action_id=action_id,
        placeholder=plain(placeholder),
        min_query_length=min_query_length,
        initial_option=initial,
    )


def radio(choices: Sequence[tuple[str, str]], initial: str) -> Json:
    """Radio buttons of (value, text) pairs; `initial` (or the first) is chosen."""
    options = [option(value, text) for value, text in choices]
    chosen = next((o for o in options if o["value"] == initial), options[0])
    return {
        "type": "radio_buttons",
        "action_id": INPUT,
        "options": options,
        "initial_option": chosen,
    }


def checkboxes(options: Sequence[Json], *, checked: Sequence[Json] = ()) -> Json:
    return _without_none(
        type="checkboxes",
        action_id=INPUT,
        options=list(options),
        initial_options=list(checked) or None,
    )


def overflow(action_id: str, options: Sequence[Json]) -> Json:
    return {"type": "overflow", "action_id": action_id, "options": list(options)}


def number_input(*, low: int, high: int, initial: int | None = None) -> Json:
    """A whole number from `low` to `high`."""
    return _without_none(
        type="number_input",
        action_id=INPUT,
        is_decimal_allowed=False,
        initial_value=None if initial is None else str(initial),
        min_value=str(low),
        max_value=str(high),
    )


def time_picker(initial: str) -> Json:
    """A time of day, "HH:MM"."""
    return {"type": "timepicker", "action_id": INPUT, "initial_time": initial}


def datetime_picker(initial_epoch: int | None) -> Json:
    return _without_none(type="datetimepicker", action_id=INPUT, initial_date_time=initial_epoch)


def channel_select(*, initial: str | None, placeholder: str) -> Json:
    """A public or private channel (never a DM)."""
    return _without_none(
        type="conversations_select",
        action_id=INPUT,
        initial_conversation=initial,
        filter={"include": ["public", "private"], "exclude_bot_users": True},
        placeholder=plain(placeholder),
    )


def file_input(filetypes: Sequence[str], *, max_files: int) -> Json:
    return {
        "type": "file_input",
        "action_id": INPUT,
        "filetypes": list(filetypes),
        "max_files": max_files,
    }


def email_input(placeholder: str, *, initial: str | None = None) -> Json:
    return _without_none(
        type="email_text_input",
        action_id=INPUT,
        initial_value=initial,
        placeholder=plain(placeholder),
    )
