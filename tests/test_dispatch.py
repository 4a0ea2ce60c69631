"""The router skips a rule only where it cannot match: what it finds is what trying every rule finds."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st
from test_properties import RULES, news_documents, unicode_text

from cleaner.dispatch import Router, Shape
from cleaner.engine import sentence_starts
from cleaner.model import Rule

FAR_CAPTION = r"\p{Lu}[^.!?\n]{3,400}(?= \((?:Photo|Image): [^()\n]{1,60}\))"


@pytest.fixture(scope="module")
def inline() -> Router:
    return Router([rule for rule in RULES if rule.action == "inline"], timeout=None)


def test_a_word_inside_a_lookahead_is_a_needle(make_rule: Callable[..., Rule]) -> None:
    rule = make_rule(action="inline", pattern=FAR_CAPTION, removes=["A dog on a beach (Photo: Ann Lee)"])
    needles = Shape.of(rule).needles
    assert needles is not None and needles.search(" (photo: ") and not needles.search("a dog on a beach")


def test_rare_punctuation_is_a_needle(make_rule: Callable[..., Rule]) -> None:
    rule = make_rule(pattern=r"\p{Lu}\w+ ?/ ?\p{Lu}\w+", removes=["Ann Lee/Reuters"], keeps=["Ann Lee"])
    needles = Shape.of(rule).needles
    assert needles is not None and needles.pattern == "/"


def test_alternatives_after_a_literal_run_are_joined_to_it(make_rule: Callable[..., Rule]) -> None:
    rule = make_rule(pattern=r"\p{Lu}\w+, (?:AP|The Associated Press)", removes=["Ann Lee, AP"], keeps=["Ann Lee"])
    assert Shape.of(rule).words == {", ap", ", the associated press"}


def test_a_class_of_rare_characters_is_a_needle(make_rule: Callable[..., Rule]) -> None:
    rule = make_rule(pattern=r"\w+ [|•] \w+", removes=["Home | News"], keeps=["Home News"])
    assert Shape.of(rule).words == {"|", "•"}


@given(st.one_of(news_documents(), unicode_text))
@example("The vote passed. A dog on the beach, Ann Lee, The Associated Press The mayor spoke.")
@example("Home | News • Sport. Crowds gather (Photo: Ann Lee) REUTERS/Ann Lee")
def test_every_match_holds_a_needle_within_its_reach(text: str) -> None:
    lowered = text.lower()
    if len(lowered) != len(text):
        return
    for rule in RULES:
        shape = Shape.of(rule)
        if not shape.words or shape.needles is None:
            continue
        for match in regex.finditer(rule.flagged_pattern(), text, overlapped=True):
            reach = len(text) if shape.reach is None else match.start() + shape.reach + 2
            assert shape.needles.search(lowered, match.start(), reach), (rule.id, match.group())


def test_a_far_reaching_rule_is_tried_only_near_its_needles(
    make_rule: Callable[..., Rule], monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = make_rule(action="inline", pattern=FAR_CAPTION, removes=["A dog on a beach (Photo: Ann Lee)"])
    router = Router([rule], timeout=None)
    tried: list[int] = []
    call = Router._call
    monkeypatch.setattr(Router, "_call", lambda self, index, method, text, start, end: tried.append(start) or call(
        self, index, method, text, start, end
    ))
    plain = "Crowds gathered early. A dog ran on the beach. The tide came in."
    assert list(router.within(None, plain).matches_at(plain, 23)) == [] and tried == []
    captioned = plain.replace(" beach.", " beach (Photo: Ann Lee)")
    found = [end for end, _ in router.within(None, captioned).matches_at(captioned, 23)]
    assert found == [captioned.index(" (Photo")] and tried == [23]


def test_a_needle_overlapped_by_an_earlier_one_still_counts(make_rule: Callable[..., Rule]) -> None:
    # Overlapping words are each found: "abx" at 0 and "bxyz" at 1 in "abxyz".
    rule = make_rule(action="inline", pattern=r"(?:abx|bxyz)[^\n]{0,300}", removes=["bxyz"], keeps=["xyz"])
    text = "abxyz"
    view = Router([rule], timeout=None).within(None, text)
    assert [end for end, _ in view.matches_at(text, 1)] == [5]


@given(st.one_of(news_documents(), unicode_text))
@example("The vote passed. A dog on the beach (AP Photo/Ann Lee) The mayor spoke.")
@example("İİİ Advertisement (Photo: Ann Lee) then REUTERS/Ann Lee")
def test_a_view_finds_what_the_whole_router_finds(inline: Router, text: str) -> None:
    view = inline.within(None, text)
    for start in sentence_starts(text):
        if start < len(text):
            found = [(end, rule.id) for end, rule in view.matches_at(text, start)]
            assert found == [(end, rule.id) for end, rule in inline.matches_at(text, start)]
