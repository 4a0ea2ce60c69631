"""Load rule packs: TOML files of ``[[rule]]`` tables, built in or the user's own."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from .model import Rule, RuleError
from .patterns import check_pattern

_BUILTIN = "cleaner.rules"


def parse_pack(source: str, name: str) -> tuple[Rule, ...]:
    """Rules from the TOML text of one pack; ``name`` is used in error messages.

    >>> parse_pack('''
    ... [[rule]]
    ... id = "X001"
    ... name = "demo"
    ... category = "ads"
    ... action = "line"
    ... pattern = "buy now"
    ... why = "A shop button."
    ... removes = ["Buy now"]
    ... keeps = ["Buy now, pay later schemes are growing."]
    ... ''', "demo.toml")[0].id
    'X001'
    """
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"{name}: invalid TOML: {error}") from None
    unknown = set(document) - {"rule"}
    if unknown:
        raise RuleError(f"{name}: unknown top-level key(s) {', '.join(sorted(unknown))}; expected [[rule]] tables")
    tables = document.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RuleError(f"{name}: no [[rule]] tables found")
    return tuple(_rule(table, name, number) for number, table in enumerate(tables, 1))


def _rule(table: dict[str, object], pack: str, number: int) -> Rule:
    label = table.get("id", f"#{number}")
    try:
        rule = Rule(**table, pack=pack)  # type: ignore[arg-type]
    except TypeError as error:
        problem = str(error).split("__init__() ", 1)[-1]
        raise RuleError(f"{pack}: rule {label}: {problem}") from None
    check_pattern(rule)
    return rule


def load_pack(path: str | Path) -> tuple[Rule, ...]:
    """Rules from a pack file on disk."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{path}: cannot read rule pack: {getattr(error, 'strerror', None) or error}") from None
    return parse_pack(source, str(path))


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """Every rule of the packs shipped in ``cleaner/rules``, in file-name order."""
    packs = sorted(
        (entry for entry in resources.files(_BUILTIN).iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )
    return tuple(rule for pack in packs for rule in parse_pack(pack.read_text("utf-8"), pack.name))
