"""Layout: how raw cuts become removals that keep line breaks, blank lines and spacing intact."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest

from cleaner import Rule
from cleaner.layout import Cut, Layout, Lines, apply, is_hspace


@pytest.fixture(scope="module")
def rule(make_rule: Callable[..., Rule]) -> Rule:
    return make_rule(id="TST001")


@pytest.fixture(scope="module")
def other(make_rule: Callable[..., Rule]) -> Rule:
    return make_rule(id="TST002")


def _cut(text: str, junk: str, rule: Rule, occurrence: int = 0) -> Cut:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(junk, start + 1)
    return Cut(start, start + len(junk), rule)


def _clean(text: str, cuts: list[Cut]) -> str:
    return apply(text, Layout(text).removals(cuts))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lines_know_every_line_break(newline: str) -> None:
    text = newline.join(["one", "", "three"])
    lines = Lines(text)
    assert len(lines) == 3
    assert [text[slice(*lines.bounds(number))] for number in range(3)] == ["one", "", "three"]
    assert lines.index(text.index("three")) == 2


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A.|X|B.", "A.|B."),
        ("A.||X||B.", "A.||B."),
        ("X||A.", "A."),
        ("A.||X", "A."),
        ("A.||X||Y||B.", "A.||B."),
        ("X", ""),
        ("||X||", ""),
    ],
)
def test_dropping_a_line_keeps_one_gap(newline: str, before: str, after: str, rule: Rule) -> None:
    text = before.replace("|", newline)
    cuts = [_cut(text, junk, rule) for junk in ("X", "Y") if junk in text]
    assert _clean(text, cuts) == after.replace("|", newline)


def test_the_wider_gap_is_kept(rule: Rule) -> None:
    text = "A.\n\nX\n\n\n\nB."
    assert _clean(text, [_cut(text, "X", rule)]) == "A.\n\n\n\nB."
    text = "A.\n\n\n\nX\n\nB."
    assert _clean(text, [_cut(text, "X", rule)]) == "A.\n\n\n\nB."


def test_indentation_of_kept_lines_stays(rule: Rule) -> None:
    text = "  A.\n\n    X\n\n  B."
    assert _clean(text, [_cut(text, "X", rule)]) == "  A.\n\n  B."


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("He left. X The vote", "He left. The vote"),
        ("He left. X", "He left."),
        ("X The vote", "The vote"),
        ("He left.\tX\tThe vote", "He left.\tThe vote"),
        ("He left.\u00a0X\u00a0The vote", "He left.\u00a0The vote"),
        ("He left.\u2028X The vote", "He left.\u2028The vote"),
        ("He left.X The vote", "He left. The vote"),
    ],
)
def test_cutting_a_span_takes_one_side_of_spaces(before: str, after: str, rule: Rule) -> None:
    assert _clean(before, [_cut(before, "X", rule)]) == after


def test_a_span_ending_its_line_takes_the_space_before(rule: Rule) -> None:
    text = "He left. X\nThe vote passed."
    assert _clean(text, [_cut(text, "X", rule)]) == "He left.\nThe vote passed."


def test_spans_that_fill_a_line_drop_the_line(rule: Rule, other: Rule) -> None:
    text = "A.\n\nX Y\n\nB."
    removals = Layout(text).removals([_cut(text, "X", rule), _cut(text, "Y", other)])
    assert apply(text, removals) == "A.\n\nB."
    assert [(removal.rule_id, removal.text) for removal in removals] == [
        ("TST001", "X "),
        ("TST002", "Y\n\n"),
    ]


def test_removals_name_rule_and_span(rule: Rule) -> None:
    text = "A.\nX\nB."
    (removal,) = Layout(text).removals([_cut(text, "X", rule)])
    assert removal == (rule.id, rule.category, rule.action, 3, 5, "X\n")


def test_rest_of_line(rule: Rule) -> None:
    text = "A.\nShare this. X Now\nB."
    layout = Layout(text)
    rest = layout.rest_of_line(1, [_cut(text, "X", rule)])
    assert [text[low:high] for low, high in rest] == ["Share this. ", "Now"]


def test_apply_deletes_spans_in_order(rule: Rule) -> None:
    text = "abcdef"
    layout = Layout(text)
    removals = layout.removals([Cut(0, 1, rule), Cut(3, 4, rule)])
    assert apply(text, removals) == "bcef"


@pytest.mark.parametrize(
    ("character", "expected"),
    [(" ", True), ("\t", True), ("\u2028", True), ("\x0b", True), ("\n", False), ("\r", False), ("x", False)],
)
def test_horizontal_space(character: str, expected: bool) -> None:
    assert is_hspace(character) is expected


def test_a_cut_at_a_line_end_and_a_dropped_line_after_it_share_no_character(rule: Rule, other: Rule) -> None:
    text = "The mayor spoke. Advertisement \n|"
    removals = Layout(text).removals([_cut(text, "Advertisement", rule), _cut(text, "|", other)])
    assert all(first.end <= second.start for first, second in pairwise(removals))
    assert apply(text, removals) == "The mayor spoke."
