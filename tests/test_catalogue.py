"""Checks of the rule catalogue itself: every built-in rule, whichever pack it comes from."""

from __future__ import annotations

from collections import Counter

import pytest
import regex

from cleaner import CATEGORIES, Rule
from cleaner.model import ACTIONS
from cleaner.packs import builtin_rules

RULES = builtin_rules()
# Letters, an optional language tag (-FR), digits: AD001, AD-FR001.
_ID = regex.compile(r"[A-Z]+(?:-[A-Z]{2})?\d+")
_NAME = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A quantifier that repeats without bound: *, + or {n,} (not escaped, not inside a [...] set).
_UNBOUNDED = regex.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|(?<![*+?}])(?:\*|\+|\{\d*,\})")

by_rule = pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])


def test_there_are_builtin_rules() -> None:
    assert len(RULES) >= 10


def test_ids_are_unique() -> None:
    repeated = [rule_id for rule_id, count in Counter(rule.id for rule in RULES).items() if count > 1]
    assert repeated == []


def test_names_are_unique_within_a_pack() -> None:
    """Packs of different languages may share a name (``ad-slot-label``); one pack may not."""
    names = Counter((rule.pack, rule.name) for rule in RULES)
    assert [pack_and_name for pack_and_name, count in names.items() if count > 1] == []


@by_rule
def test_id_follows_the_convention(rule: Rule) -> None:
    assert _ID.fullmatch(rule.id), f"{rule.id}: use letters, an optional -XX language tag, then digits"


@by_rule
def test_name_is_kebab_case(rule: Rule) -> None:
    assert _NAME.fullmatch(rule.name)


@by_rule
def test_category_and_action_are_known(rule: Rule) -> None:
    assert rule.category in CATEGORIES
    assert rule.action in ACTIONS


@by_rule
def test_has_examples_both_ways(rule: Rule) -> None:
    assert len(rule.removes) >= 1
    assert len(rule.keeps) >= 1
    assert all(example.strip() for example in (*rule.removes, *rule.keeps))


@by_rule
def test_says_why(rule: Rule) -> None:
    assert len(rule.why.split()) >= 3


@by_rule
def test_pattern_never_matches_empty(rule: Rule) -> None:
    compiled = regex.compile(rule.flagged_pattern())
    assert compiled.fullmatch("") is None
    for text in (*rule.removes, *rule.keeps, "  ", "\n\n", "Word."):
        empty = [match.start() for match in compiled.finditer(text) if match.start() == match.end()]
        assert empty == [], f"empty match in {text!r}"


@by_rule
def test_pattern_repeats_only_within_bounds(rule: Rule) -> None:
    unbounded = [
        match.group() for match in _UNBOUNDED.finditer(rule.pattern) if match.group()[0] not in "\\["
    ]
    assert unbounded == [], "bound every repetition, e.g. {0,120} rather than * (linear time)"


@pytest.mark.parametrize(
    ("pattern", "unbounded"),
    [
        ("a{0,120}b", []),
        (r"a*b", ["*"]),
        (r"(?:ab)+", ["+"]),
        (r"a{2,}", ["{2,}"]),
        (r"\*\+[*+]", []),
        (r"a?+b", []),
    ],
)
def test_unbounded_detector(pattern: str, unbounded: list[str]) -> None:
    found = [match.group() for match in _UNBOUNDED.finditer(pattern) if match.group()[0] not in "\\["]
    assert found == unbounded


def test_each_rule_names_its_pack_file() -> None:
    assert all(rule.pack.endswith(".toml") for rule in RULES)
