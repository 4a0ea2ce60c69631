"""Shared fixtures: the built-in rules, a cleaner with every rule on, pack writers and result checks."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cleaner import Cleaner, CleanResult
from cleaner.model import Rule

# Property tests: quick and repeatable by default (the same examples on every run, so a green run
# stays green), exploring with fresh random examples under HYPOTHESIS_PROFILE=thorough.
settings.register_profile(
    "default", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# The fields of a valid rule, for tests to override one at a time.
_VALID_RULE: dict[str, object] = {
    "id": "TST001",
    "name": "test-rule",
    "category": "ads",
    "action": "line",
    "pattern": "buy now",
    "why": "A shop button.",
    "removes": ["Buy now"],
    "keeps": ["Buy now, pay later schemes are growing."],
}


def _rule_toml(**overrides: object) -> str:
    """The TOML of one valid ``[[rule]]`` table, with fields replaced or added by ``overrides``.

    A value of ``None`` leaves the field out.
    """
    fields = dict(_VALID_RULE)
    fields.update(overrides)
    lines = ["[[rule]]"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, str) and key == "pattern":
            lines.append(f"{key} = '''{value}'''")
        elif isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(_quoted(item) for item in value)}]")
        else:
            lines.append(f"{key} = {_quoted(value)}")
    return "\n".join(lines) + "\n"


def _quoted(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def _make_rule(**overrides: object) -> Rule:
    """A valid in-memory :class:`Rule`, with fields replaced by ``overrides``."""
    return Rule(**{**_VALID_RULE, **overrides})  # type: ignore[arg-type]


def _replay(text: str, result: CleanResult) -> str:
    """Delete each removal's span from ``text``, checking that the removals describe the input."""
    kept, position = [], 0
    for removal in result.removals:
        assert position <= removal.start < removal.end <= len(text), f"bad span {removal}"
        assert text[removal.start : removal.end] == removal.text
        kept.append(text[position : removal.start])
        position = removal.end
    kept.append(text[position:])
    return "".join(kept)


@pytest.fixture(scope="session")
def every_rule() -> Cleaner:
    """A cleaner with every built-in rule on, the aggressive ones too."""
    return Cleaner(aggressive=True)


@pytest.fixture(scope="session")
def safe_rules() -> Cleaner:
    """A cleaner with the default choice of rules: every built-in rule but the aggressive ones."""
    return Cleaner()


@pytest.fixture
def write_pack(tmp_path: Path) -> Callable[..., Path]:
    """Write a pack file of the given TOML text; returns its path."""

    def write(source: str, name: str = "pack.toml") -> Path:
        path = tmp_path / name
        path.write_text(source, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def rule_toml() -> Callable[..., str]:
    """The TOML of a valid rule table, fields overridden by keyword (``None`` drops one)."""
    return _rule_toml


@pytest.fixture(scope="session")
def make_rule() -> Callable[..., Rule]:
    """A valid in-memory rule, fields overridden by keyword."""
    return _make_rule


@pytest.fixture(scope="session")
def replay() -> Callable[[str, CleanResult], str]:
    """Apply a result's removals to its input, checking each span on the way."""
    return _replay


@pytest.fixture
def glorp_pack(write_pack: Callable[..., Path]) -> Path:
    """A pack whose one line rule, TST001, removes a made-up "Glorp deals" button (no built-in rule does)."""
    keeps = ["Glorp deals are a scam, said the mayor."]
    return write_pack(_rule_toml(pattern="glorp deals", removes=["Glorp deals"], keeps=keeps))
