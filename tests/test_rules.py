"""Every built-in rule's own examples, run as tests (ids like ``AD001-removes-0``).

A ``removes`` example must be cut by that rule alone; a ``keeps`` example must come back
unchanged with every rule on, alone and set among ordinary prose, in lines and flat.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from cleaner import Cleaner, CleanResult, Rule
from cleaner.packs import builtin_rules

RULES = builtin_rules()

# Ordinary article prose, written for these tests; long enough for a tail marker to count.
OPENING = (
    "The town council met late on Tuesday to settle the budget for the coming year. "
    "After three hours of debate, members agreed to repair the old bridge, hire two more "
    "librarians and keep the pool open through the winter months. The mayor said the plan "
    "was modest but fair, and that residents had asked for exactly these things at the spring hearings."
)
CLOSING = "The vote was seven to two, and work on the bridge starts in March."
HEADLINE = "Council backs the bridge repair plan"
# A single sentence: no sentence end before its last character, which ends one.
ONE_SENTENCE = re.compile(r"[^.!?]*[^.!?\s][.!?]")
CAPITALISED_INSIDE = re.compile(r"\s[A-Z]")


def _examples(kind: str, *actions: str) -> list[object]:
    """``(rule, example)`` params of every rule (of ``actions``, if given), with ids like AD001-keeps-0."""
    return [
        pytest.param(rule, example, id=f"{rule.id}-{kind}-{number}")
        for rule in RULES
        if not actions or rule.action in actions
        for number, example in enumerate(getattr(rule, kind))
    ]


def _ink(text: str) -> int:
    """How many visible (non-space) characters ``text`` holds."""
    return sum(not character.isspace() for character in text)


def _alone(rule: Rule, example: str) -> str:
    """The example as a whole text; a tail marker needs article prose before it.

    So does a line rule's example of more than one sentence: a one-line text of two prose sentences
    reads as a short article with its line breaks gone, and stays.
    """
    needs_prose = rule.action == "tail" or (rule.action in ("line", "list") and not ONE_SENTENCE.fullmatch(example))
    return f"{OPENING}\n\n{example}" if needs_prose else example


def _assert_cut_by(rule: Rule, text: str, result: CleanResult, replay: Callable[..., str]) -> None:
    assert result.removals, f"{rule.id} removed nothing from {text!r}"
    assert {removal.rule_id for removal in result.removals} == {rule.id}
    assert replay(text, result) == result.text
    assert _ink(result.text) < _ink(text)


@pytest.mark.parametrize(("rule", "example"), _examples("removes"))
def test_removes(rule: Rule, example: str, replay: Callable[..., str]) -> None:
    text = _alone(rule, example)
    result = Cleaner(select=[rule.id]).explain(text)
    _assert_cut_by(rule, text, result, replay)


@pytest.mark.parametrize(("rule", "example"), _examples("removes", "line", "list", "inline", "tail"))
def test_removes_between_paragraphs(rule: Rule, example: str, replay: Callable[..., str]) -> None:
    """Set among paragraphs, the example goes and the paragraphs stay whole."""
    text = f"{OPENING}\n\n{example}" + ("" if rule.action == "tail" else f"\n\n{CLOSING}")
    result = Cleaner(select=[rule.id]).explain(text)
    _assert_cut_by(rule, text, result, replay)
    assert result.text.startswith(OPENING)
    if rule.action in ("line", "list"):
        assert result.text == f"{OPENING}\n\n{CLOSING}"
    elif rule.action == "tail":
        assert result.text == OPENING
    else:
        assert result.text.endswith(CLOSING)


@pytest.mark.parametrize(("rule", "example"), _examples("removes", "inline"))
def test_inline_removes_in_flat_text(rule: Rule, example: str, replay: Callable[..., str]) -> None:
    """With the line breaks gone, an inline marker still goes and the sentences around it stay."""
    text = f"{OPENING} {example} {CLOSING}"
    result = Cleaner(select=[rule.id]).explain(text)
    _assert_cut_by(rule, text, result, replay)
    assert result.text.startswith(f"{OPENING} ")
    assert result.text.endswith(f" {CLOSING}")
    assert "  " not in result.text


@pytest.mark.parametrize(
    ("rule", "example"), [param for param in _examples("removes", "line") if param.values[0].in_prose]
)
def test_in_prose_removes_between_sentences(rule: Rule, example: str, replay: Callable[..., str]) -> None:
    """Inside a paragraph the sentences around an ``in_prose`` rule's example stay, and a one-sentence example goes.

    Whole, unless a capitalised word inside it could start a sentence glued to the junk: then the cut may stop there.
    """
    text = f"{OPENING} {example} {CLOSING}"
    result = Cleaner(select=[rule.id]).explain(text)
    assert result.text.startswith(f"{OPENING} ") and result.text.endswith(f" {CLOSING}")
    if ONE_SENTENCE.fullmatch(example):
        _assert_cut_by(rule, text, result, replay)
        if not CAPITALISED_INSIDE.search(example):
            assert result.text == f"{OPENING} {CLOSING}"


@pytest.mark.parametrize(
    ("rule", "example"), [param for param in _examples("removes", "inline") if param.values[0].anchor == "word"]
)
def test_word_anchored_removes_after_a_headline(rule: Rule, example: str, replay: Callable[..., str]) -> None:
    """Glued after a headline, where no sentence starts, a word-anchored rule's example is still cut; both stay."""
    text = f"{HEADLINE} {example} {CLOSING}"
    result = Cleaner(select=[rule.id]).explain(text)
    _assert_cut_by(rule, text, result, replay)
    assert result.text.startswith(f"{HEADLINE} ") and result.text.endswith(f" {CLOSING}")


@pytest.mark.parametrize(("rule", "example"), _examples("removes", "echo"))
def test_echo_removes_the_copies_and_keeps_the_first_line(rule: Rule, example: str) -> None:
    """An echo example is a whole text: its first line stays, its later copies go, the rest stays."""
    heading, *rest = example.split("\n")
    result = Cleaner(select=[rule.id]).clean(example)
    assert result.split("\n")[0] == heading
    assert result.count(heading) == 1
    assert [line for line in rest if line and line != heading] == [line for line in result.split("\n")[1:] if line]


@pytest.mark.parametrize(("rule", "example"), _examples("keeps"))
def test_keeps(rule: Rule, example: str, every_rule: Cleaner) -> None:
    result = every_rule.explain(example)
    assert result.removals == ()
    assert result.text == example


@pytest.mark.parametrize("layout", ["lines", "flat"])
@pytest.mark.parametrize(("rule", "example"), _examples("keeps"))
def test_keeps_among_prose(rule: Rule, example: str, layout: str, every_rule: Cleaner) -> None:
    """Among article prose, in paragraphs or flat, the look-alike still stays."""
    separator = "\n\n" if layout == "lines" else " "
    text = separator.join((OPENING, example, CLOSING))
    assert every_rule.clean(text) == text
