"""The RE2 gate skips only rules that cannot match: cleaning with it gives what cleaning without it gives."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st
from test_properties import RULES, news_documents, unicode_text

from cleaner import Cleaner
from cleaner import gate as gate_module
from cleaner.gate import WHITE_SPACE, Gate, loosen
from cleaner.model import Rule

re2 = pytest.importorskip("re2", reason="the gate needs the `fast` extra (google-re2)")

# Every code point that UTF-8 can carry (no lone surrogates), to compare character classes.
EVERY_CHARACTER = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)


@pytest.fixture(scope="module")
def ungated() -> Iterator[Cleaner]:
    """A cleaner with every rule, built as if RE2 were not installed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gate_module, "re2", None)
        yield Cleaner(aggressive=True)


@pytest.fixture(scope="module")
def gated() -> Cleaner:
    return Cleaner(aggressive=True)


def test_white_space_is_what_regex_calls_white_space() -> None:
    assert re2.findall(f"[{WHITE_SPACE}]", EVERY_CHARACTER) == regex.findall(r"\s", EVERY_CHARACTER)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_loosened_pattern_finds_every_removes_example(rule: Rule) -> None:
    loose = loosen(rule.flagged_pattern())
    assert loose is not None
    for junk in rule.removes:
        assert re2.search(loose, junk) is not None, junk


def test_gate_keeps_the_rules_whose_words_occur() -> None:
    rules = [rule for rule in RULES if rule.id in ("AD002", "NL001")]
    possible = Gate(rules).possible("Sign up for our newsletter")
    assert possible is not None and "NL001" in possible and "AD002" not in possible


def test_gate_keeps_every_rule_for_text_re2_cannot_read() -> None:
    assert Gate(RULES).possible("Advertisement \ud800") is None


def test_without_re2_every_rule_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate_module, "re2", None)
    assert Gate(RULES).possible("Advertisement") is None


def test_a_pattern_re2_cannot_read_keeps_its_rule(make_rule: Callable[..., Rule]) -> None:
    rule = make_rule(pattern=r"buy (?|now|today)", removes=["buy now"], keeps=["buy a car"])
    assert loosen(rule.pattern) is None
    assert Gate([rule]).possible("nothing to see") == frozenset({rule.id})


@given(st.one_of(news_documents(), unicode_text))
@example("The vote passed. Advertisement The mayor spoke.\n© 2024 Example Media")
def test_gated_cleaning_equals_ungated(gated: Cleaner, ungated: Cleaner, text: str) -> None:
    assert gated.explain(text) == ungated.explain(text)
