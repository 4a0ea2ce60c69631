"""The TOML pack loader: good packs load, and every bad one fails naming its file and rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner import Cleaner, RuleError
from cleaner.packs import builtin_rules, load_pack, parse_pack


def test_a_valid_pack_loads(rule_toml: Callable[..., str]) -> None:
    (rule,) = parse_pack(rule_toml(case_sensitive=True, aggressive=True), "mine.toml")
    assert (rule.id, rule.action, rule.pack) == ("TST001", "line", "mine.toml")
    assert rule.removes == ("Buy now",)
    assert rule.case_sensitive and rule.aggressive


def test_a_pack_keeps_rule_order(rule_toml: Callable[..., str]) -> None:
    source = rule_toml(id="TST002") + rule_toml(id="TST001", name="other")
    assert [rule.id for rule in parse_pack(source, "mine.toml")] == ["TST002", "TST001"]


def test_load_pack_reads_a_file(rule_toml: Callable[..., str], write_pack: Callable[..., Path]) -> None:
    path = write_pack(rule_toml())
    (rule,) = load_pack(path)
    assert rule.pack == str(path)


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        pytest.param({"colour": "red"}, "colour", id="unknown-key"),
        pytest.param({"pattern": "buy (now"}, "invalid pattern", id="invalid-pattern"),
        pytest.param({"pattern": "(?:buy now)?"}, "empty string", id="empty-matching-pattern"),
        pytest.param({"pattern": "x{0,3}"}, "empty string", id="empty-matching-quantifier"),
        pytest.param({"removes": None}, "removes", id="missing-removes"),
        pytest.param({"keeps": []}, "example", id="empty-keeps"),
        pytest.param({"removes": "Buy now"}, "list of strings", id="removes-not-a-list"),
        pytest.param({"keeps": [1, 2]}, "list of strings", id="keeps-not-strings"),
        pytest.param({"category": "adverts"}, "unknown category", id="unknown-category"),
        pytest.param({"action": "block"}, "unknown action", id="unknown-action"),
        pytest.param({"aggressive": "yes"}, "true or false", id="flag-not-boolean"),
        pytest.param({"why": " "}, "why", id="blank-why"),
    ],
)
def test_a_bad_rule_fails_naming_pack_and_rule(
    overrides: dict[str, object], problem: str, rule_toml: Callable[..., str]
) -> None:
    with pytest.raises(RuleError) as caught:
        parse_pack(rule_toml(**overrides), "mine.toml")
    message = str(caught.value)
    assert message.startswith("mine.toml: rule TST001: ")
    assert problem in message
    assert "\n" not in message


def test_a_rule_without_id_is_named_by_its_number(rule_toml: Callable[..., str]) -> None:
    source = rule_toml() + rule_toml(id=None, colour="red")
    with pytest.raises(RuleError, match=r"^mine\.toml: rule #2: "):
        parse_pack(source, "mine.toml")


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        pytest.param("[[rule]\nid = 1", "invalid TOML", id="bad-toml"),
        pytest.param('title = "mine"\n', "unknown top-level key", id="unknown-top-level-key"),
        pytest.param("", "no [[rule]] tables", id="empty-pack"),
        pytest.param('rule = "AD001"\n', "no [[rule]] tables", id="rule-not-a-table"),
    ],
)
def test_a_bad_pack_fails_naming_the_file(source: str, problem: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_pack(source, "mine.toml")
    assert str(caught.value).startswith("mine.toml: ")
    assert problem in str(caught.value)


def test_an_unreadable_pack_fails_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(RuleError, match=r"missing\.toml: cannot read rule pack"):
        load_pack(missing)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00rule")
    with pytest.raises(RuleError, match=r"binary\.toml: cannot read rule pack"):
        load_pack(binary)


def test_duplicate_ids_in_one_pack_fail(
    rule_toml: Callable[..., str], write_pack: Callable[..., Path]
) -> None:
    path = write_pack(rule_toml() + rule_toml(name="again"))
    with pytest.raises(RuleError, match=r"pack\.toml: rule TST001: duplicate id"):
        Cleaner(rules=[path], builtin=False)


def test_a_user_rule_may_not_reuse_a_builtin_id(
    rule_toml: Callable[..., str], write_pack: Callable[..., Path]
) -> None:
    taken = builtin_rules()[0]
    path = write_pack(rule_toml(id=taken.id))
    expected = rf"pack\.toml: rule {taken.id}: duplicate id \(also in {taken.pack}\)"
    with pytest.raises(RuleError, match=expected):
        Cleaner(rules=[path])


def test_builtin_rules_are_loaded_once() -> None:
    assert builtin_rules() is builtin_rules()
