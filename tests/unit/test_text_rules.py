from hypothesis import given
from hypothesis import strategies as st

from slackbot.blocks.text import escape
from slackbot.domain.text import clean_block, clean_line, fold, has_visible_text
from slackbot.listeners.payload import command_text


@given(st.text())
def test_clean_line_is_one_tidy_line(text: str) -> None:
    cleaned = clean_line(text)
    assert cleaned == cleaned.strip()
    assert "\n" not in cleaned and "  " not in cleaned
    assert clean_line(cleaned) == cleaned


@given(st.text())
def test_clean_block_keeps_no_blank_edges(text: str) -> None:
    cleaned = clean_block(text)
    assert cleaned == cleaned.strip()
    assert clean_block(cleaned) == cleaned


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_fold_ignores_case_accents_spacing_and_invisible_characters() -> None:
    assert fold("  Émile\u200b ZOLA ") == fold("emile zola")
    assert fold("Straße") == fold("STRASSE")


def test_invisible_only_text_is_not_visible() -> None:
    assert not has_visible_text("\u200b\u200d ")
    assert has_visible_text("Jane")


@given(st.text())
def test_escaped_text_cannot_open_a_slack_control_sequence(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped


def test_escape_neutralises_mentions_and_disguised_links() -> None:
    assert escape("<!channel> <http://evil|bank> & <@U123>") == (
        "&lt;!channel&gt; &lt;http://evil|bank&gt; &amp; &lt;@U123&gt;"
    )


@given(st.text())
def test_command_arguments_read_back_as_typed(typed: str) -> None:
    """Slack escapes &, < and > in a command's text; the bot reads what was typed."""
    sent = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert command_text({"text": sent}) == typed.strip()
