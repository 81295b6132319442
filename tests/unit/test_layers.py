"""The layers of docs/ARCHITECTURE.md, checked on every module's imports: what a layer
may not import is listed here once, so a shortcut through the layers fails a test."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "slackbot"
SLACK = ("slack_sdk", "slack_bolt")
DATABASE = ("sqlalchemy", "slackbot.db", "slackbot.models")
ABOVE_SERVICES = ("slackbot.surfaces", "slackbot.delivery", "slackbot.listeners", "slackbot.nudges")
ABOVE_MODELS = ("slackbot.blocks", "slackbot.services", *ABOVE_SERVICES)

# layer -> imports it must never make (a prefix of the imported module's name).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (*SLACK, *DATABASE, *ABOVE_MODELS),
    "blocks": (*SLACK, *DATABASE, "slackbot.services", *ABOVE_SERVICES),
    "models": (*SLACK, *ABOVE_MODELS),
    "services": (*SLACK, "slackbot.blocks", *ABOVE_SERVICES),
    "surfaces": (*SLACK, "slackbot.delivery", "slackbot.listeners", "slackbot.nudges"),
    "delivery": ("slackbot.listeners",),
    "nudges": ("slackbot.listeners", "slackbot.delivery"),
    # Listeners reach the database through services only; a session is passed on, as a type.
    "listeners": ("slackbot.models", "slackbot.db", "sqlalchemy.sql", "sqlalchemy.orm.query"),
}


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(layer: str) -> None:
    assert modules(layer), f"no modules in {layer}"
    breaches = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in modules(layer)
        for name in sorted(imports_of(path))
        if name.startswith(FORBIDDEN[layer])
    ]
    assert not breaches, "\n".join(breaches)


def test_listeners_import_no_sqlalchemy_but_the_session_type() -> None:
    breaches = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in modules("listeners")
        for name in imports_of(path)
        if name.startswith("sqlalchemy")
        and name not in {"sqlalchemy.orm", "sqlalchemy.orm.Session"}
    ]
    assert not breaches, "\n".join(breaches)


def test_handlers_live_in_the_four_handler_packages() -> None:
    loose = {p.name for p in (PACKAGE / "listeners").glob("*.py")}
    assert loose == {"__init__.py", "payload.py"}
