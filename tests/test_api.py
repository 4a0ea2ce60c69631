"""The public API: choosing rules, clean() and explain(), pickling, threads and the golden document."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pytest

import cleaner
from cleaner import Cleaner, Rule, RuleError, clean, explain
from cleaner.packs import builtin_rules

FIXTURES = Path(__file__).parent.parent / "fixtures"
ARTICLE = (
    "The harbour reopened on Monday after a week of repairs.\n\n"
    "Advertisement\n\n"
    "Fishing boats lined up at dawn to unload the first catch.\n\n"
    "Share this article\n\n"
    "Sign up for our weekly politics newsletter\n\n"
    "Officials expect traffic to return to normal by the weekend."
)


def _ids(cleaner_: Cleaner) -> set[str]:
    return {rule.id for rule in cleaner_.rules}


def test_default_cleaner_has_every_safe_builtin_rule() -> None:
    assert _ids(Cleaner()) == {rule.id for rule in builtin_rules() if not rule.aggressive}


def test_aggressive_adds_the_aggressive_rules() -> None:
    assert _ids(Cleaner(aggressive=True)) == {rule.id for rule in builtin_rules()}


@pytest.mark.parametrize("code", ["AD001", "AD", "ad", "ads", "newsletter"])
def test_select_by_id_prefix_or_category(code: str) -> None:
    chosen = Cleaner(select=[code]).rules
    assert chosen
    assert all(rule.id.upper().startswith(code.upper()) or rule.category == code for rule in chosen)
    assert not any(rule.aggressive for rule in chosen)


def test_select_accepts_a_comma_separated_string() -> None:
    assert _ids(Cleaner(select="AD, newsletter")) == _ids(Cleaner(select=["AD", "newsletter"]))


def test_ignore_wins_over_select() -> None:
    chosen = _ids(Cleaner(select="AD", ignore="AD002"))
    assert "AD002" not in chosen
    assert "AD001" in chosen


def test_ignore_by_category() -> None:
    assert not any(rule.category == "ads" for rule in Cleaner(ignore="ads").rules)


def test_an_unknown_code_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown rule code or category 'ZZ9'"):
        Cleaner(select=["ZZ9"])
    with pytest.raises(ValueError, match="unknown rule code or category 'ZZ9'"):
        Cleaner(ignore=["AD", "ZZ9"])


def test_an_aggressive_rule_needs_asking_for(make_rule: Callable[..., Rule]) -> None:
    risky = make_rule(id="TST001", aggressive=True)
    assert "TST001" not in _ids(Cleaner(rules=[risky], builtin=False))
    assert "TST001" not in _ids(Cleaner(select="TST", rules=[risky], builtin=False))
    assert "TST001" in _ids(Cleaner(select=["TST001"], rules=[risky], builtin=False))
    assert "TST001" in _ids(Cleaner(rules=[risky], builtin=False, aggressive=True))


def test_user_rules_from_a_pack_file(rule_toml: Callable[..., str], write_pack: Callable[..., Path]) -> None:
    path = write_pack(rule_toml())
    mine = Cleaner(rules=[path], builtin=False)
    assert mine.clean("Buy now\n\nThe shop opened at nine.") == "The shop opened at nine."


def test_a_bad_user_pack_fails(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"nowhere\.toml"):
        Cleaner(rules=[tmp_path / "nowhere.toml"])


def test_no_rules_changes_nothing() -> None:
    assert Cleaner(builtin=False).explain(ARTICLE) == cleaner.CleanResult(ARTICLE, ())


def test_clean_is_explain_text() -> None:
    result = explain(ARTICLE)
    assert clean(ARTICLE) == result.text
    assert [removal.rule_id for removal in result.removals] == ["AD001", "SO001", "NL001"]
    assert result.text == (
        "The harbour reopened on Monday after a week of repairs.\n\n"
        "Fishing boats lined up at dawn to unload the first catch.\n\n"
        "Officials expect traffic to return to normal by the weekend."
    )


def test_module_functions_take_cleaner_options() -> None:
    assert clean(ARTICLE, ignore=["social"]).count("Share this article") == 1
    assert clean(ARTICLE, select=["social"]).count("Advertisement") == 1
    assert clean(ARTICLE, select="social") == clean(ARTICLE, select=["social"])


def test_pickling_round_trips_and_is_small() -> None:
    original = Cleaner(select="AD,related", ignore="RL003")
    blob = pickle.dumps(original)
    copy = pickle.loads(blob)
    assert copy.rules == original.rules
    assert copy.explain(ARTICLE) == original.explain(ARTICLE)
    # Only the rules travel, never compiled state: no bigger than the pack sources.
    packs = resources.files("cleaner.rules").iterdir()
    source_size = sum(len(pack.read_bytes()) for pack in packs if pack.name.endswith(".toml"))
    assert len(pickle.dumps(Cleaner(aggressive=True))) < source_size


def test_one_cleaner_shared_by_many_threads() -> None:
    shared = Cleaner()
    documents = [
        ARTICLE.replace("Monday", day) * (1 + number % 3)
        for number, day in enumerate(["Monday", "Tuesday", "Friday", "Sunday"] * 25)
    ]
    expected = [shared.explain(document) for document in documents]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(shared.explain, documents)) == expected


def test_golden_document() -> None:
    source = (FIXTURES / "global-news-isis.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / "global-news-isis.clean.txt").read_text(encoding="utf-8")
    assert clean(source) + "\n" == expected
