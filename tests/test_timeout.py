"""Time bounds: a user's runaway pattern stops with RuleTimeout instead of hanging the run."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner, Rule, RuleError, RuleTimeout
from cleaner.cli import main
from cleaner.dispatch import Router
from cleaner.packs import builtin_rules, parse_pack

# `(a|aa)+` backtracks exponentially on a run of a's that the required "bb" then rejects;
# the `regex` module's own safeguards do not rescue this one. The trap starts and ends as the
# pattern may (a, b), so the engine's routing by first and last character still tries it.
RUNAWAY = r"(?:a|aa)+x?bb"
# Past a few seconds of backtracking at this length, so only a working time bound ends it quickly.
TRAP = "a" * 60 + "b"
BOUND = 0.05


@pytest.fixture
def runaway(make_rule: Callable[..., Rule]) -> Callable[[str], Cleaner]:
    """A cleaner holding only the runaway pattern as a rule of the given action."""

    def build(action: str) -> Cleaner:
        rule = make_rule(action=action, pattern=RUNAWAY, removes=("aabb",), keeps=("b",))
        return Cleaner(rules=[rule], builtin=False, timeout=BOUND)

    return build


@pytest.mark.parametrize("action", ["line", "list", "inline", "tail"])
def test_a_runaway_pattern_raises_rule_timeout(runaway: Callable[[str], Cleaner], action: str) -> None:
    text = "The council met on Tuesday and approved the budget.\n\n" + TRAP
    with pytest.raises(RuleTimeout, match="ran past"):
        runaway(action).clean(text)


def test_a_rule_that_takes_a_builtin_id_is_still_bounded(make_rule: Callable[..., Rule]) -> None:
    """Only the built-in patterns themselves run without the bound, not a rule that reuses their id."""
    taken = builtin_rules()[0]
    rule = make_rule(id=taken.id, category=taken.category, pattern=RUNAWAY, removes=("aabb",), keeps=("b",))
    with pytest.raises(RuleTimeout):
        Cleaner(rules=[rule], builtin=False, timeout=BOUND).clean(TRAP)


def test_only_vetted_patterns_are_called_without_the_bound(make_rule: Callable[..., Rule]) -> None:
    """The bound costs about 2 µs a call in `regex`: the built-in patterns, checked for linear time, skip it."""
    vetted, other = make_rule(id="TVT001"), make_rule(id="TVT002")
    router = Router([vetted, other], timeout=BOUND, vetted=[vetted])
    seen: list[dict[str, float]] = []

    def method(text: str, start: int, end: int, **bound: float) -> None:
        seen.append(bound)

    router._call(0, method, "x", 0, 1)
    router._call(1, method, "x", 0, 1)
    assert seen == [{}, {"timeout": BOUND}]


def test_rule_timeout_is_a_timeout_error() -> None:
    assert issubclass(RuleTimeout, TimeoutError)


def test_the_bound_survives_pickling(runaway: Callable[[str], Cleaner]) -> None:
    copy = pickle.loads(pickle.dumps(runaway("line")))
    assert copy.timeout == BOUND
    with pytest.raises(RuleTimeout):
        copy.clean(TRAP)


def test_the_same_rule_is_quick_on_ordinary_text(runaway: Callable[[str], Cleaner]) -> None:
    assert runaway("line").clean("The vote passed.\n\naabb") == "The vote passed."


def test_a_pattern_too_slow_on_its_own_example_is_refused_at_load(
    rule_toml: Callable[..., str],
) -> None:
    source = rule_toml(pattern=RUNAWAY, removes=["aabb"], keeps=[TRAP])
    with pytest.raises(RuleError, match=r"slow\.toml: rule TST001: pattern ran past"):
        parse_pack(source, "slow.toml")


def test_the_cli_reports_a_timeout_in_one_line_and_fails(
    tmp_path: Path, write_pack: Callable[..., Path], rule_toml: Callable[..., str]
) -> None:
    pack = write_pack(rule_toml(pattern=RUNAWAY, removes=["aabb"], keeps=["b"]), name="slow.toml")
    source = tmp_path / "article.txt"
    source.write_text("The council met on Tuesday.\n\n" + TRAP + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--rules", str(pack), "--select", "TST", "--timeout", str(BOUND), str(source)]
    )
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "ran past" in result.stderr and "article.txt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
