"""Block Kit as terminal text: generic for every block and element type the app sends.

Interactive elements are numbered so a person can pick them (`:click N`)."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_USER = re.compile(r"<@(\w+)>")
_CHANNEL = re.compile(r"<#(\w+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(\w+)(?:\|[^>]*)?>")


@dataclass
class Clickable:
    """An element a person can act on: a button, or a menu of options."""

    number: int
    block_id: str
    element: dict[str, Any]

    @property
    def label(self) -> str:
        if self.element["type"] == "button":
            return plain(self.element["text"])
        return plain(self.element.get("placeholder") or {"text": "menu"})


def plain(text: dict[str, Any] | str | None) -> str:
    if text is None:
        return ""
    return text if isinstance(text, str) else str(text.get("text", ""))


def mrkdwn_to_text(text: str, name_of: Callable[[str], str]) -> str:
    """Slack's markup as a terminal shows it: mentions named, links spelled out."""
    text = _USER.sub(lambda m: "@" + name_of(m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or name_of(m.group(1))), text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(2) else m.group(1), text)
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = text.replace("```", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_EMOJI = {
    ":white_check_mark:": "✅",
    ":warning:": "⚠️",
    ":x:": "❌",
    ":bulb:": "💡",
    ":tada:": "🎉",
    ":zzz:": "💤",
    ":calendar:": "📅",
    ":notebook:": "📓",
    ":handshake:": "🤝",
    ":information_source:": "\u2139\ufe0f",
}


def _emoji(text: str) -> str:
    for code, glyph in _EMOJI.items():
        text = text.replace(code, glyph)
    return text


class Renderer:
    def __init__(self, name_of: Callable[[str], str]) -> None:
        self.name_of = name_of
        self.clickables: list[Clickable] = []

    def text(self, obj: dict[str, Any] | str | None) -> str:
        if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
            return _emoji(mrkdwn_to_text(obj.get("text", ""), self.name_of))
        return _emoji(plain(obj))

    def _clickable(self, block_id: str, element: dict[str, Any]) -> str:
        number = len(self.clickables) + 1
        clickable = Clickable(number, block_id, element)
        self.clickables.append(clickable)
        if element["type"] == "button":
            return f"[{number}: {clickable.label}]"
        options = " | ".join(plain(o["text"]) for o in element.get("options", []))
        return f"[{number}: {options or clickable.label}]"

    def blocks(self, blocks: list[dict[str, Any]], indent: str = "  ") -> list[str]:
        lines: list[str] = []
        for block in blocks:
            lines += [indent + line for line in self.block(block)]
        return lines

    def block(self, block: dict[str, Any]) -> list[str]:
        kind, block_id = block["type"], block.get("block_id", "")
        if kind == "header":
            title = self.text(block["text"])
            return [title.upper(), "─" * min(len(title), 60)]
        if kind == "divider":
            return ["─" * 40]
        if kind == "section":
            lines = self.text(block.get("text")).splitlines() if block.get("text") else []
            for field in block.get("fields", []):
                lines.append("• " + self.text(field).replace("\n", ": "))
            if block.get("accessory"):
                lines.append(self._clickable(block_id, block["accessory"]))
            return lines
        if kind == "context":
            return ["  " + " ".join(self.text(e) for e in block.get("elements", []))]
        if kind == "actions":
            return [" ".join(self._clickable(block_id, e) for e in block.get("elements", []))]
        if kind == "input":
            return [f"{self.text(block['label'])} (a form field)"]
        if kind == "image":
            return [f"[image: {block.get('alt_text', '')}]"]
        if kind == "rich_text":
            return [self._rich_text(block.get("elements", []))]
        return [f"[{kind} block]"]

    def _rich_text(self, elements: list[dict[str, Any]]) -> str:
        parts = []
        for element in elements:
            if "elements" in element:
                parts.append(self._rich_text(element["elements"]))
            elif element.get("type") == "user":
                parts.append("@" + self.name_of(element.get("user_id", "")))
            else:
                parts.append(element.get("text") or element.get("url") or "")
        return "".join(parts)
