"""The public entry points: :class:`Cleaner`, :func:`clean` and :func:`explain`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .engine import Engine
from .model import CATEGORIES, CleanResult, Rule
from .packs import builtin_rules, load_pack

RuleSource = str | Path | Rule
#: Seconds one call of a user's pattern (on one line, or at one sentence start) may run before it is
#: stopped (:class:`~cleaner.RuleTimeout`). Built-in patterns, checked for linear time, run unbounded.
DEFAULT_TIMEOUT = 10.0


@cache
def _vetted() -> frozenset[Rule]:
    """The built-in rules, whose patterns ``bench/linear.py`` and the catalogue tests check for linear time."""
    return frozenset(builtin_rules())


def _codes(codes: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """Normalise ``"AD,NL"`` or ``["AD", "NL"]`` to a tuple of codes."""
    if codes is None:
        return None
    if isinstance(codes, str):
        codes = codes.split(",")
    return tuple(code.strip() for code in codes if code.strip())


def _load(sources: Iterable[RuleSource]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for source in sources:
        rules.extend([source] if isinstance(source, Rule) else load_pack(source))
    return tuple(rules)


class Cleaner:
    """A reusable, thread-safe cleaner for one choice of rules.

    ``select`` and ``ignore`` take rule ids, id prefixes or categories (``"AD,newsletter"``);
    ``rules`` adds pack files or :class:`Rule` objects to the built-in packs (``builtin=False``
    leaves those out); ``aggressive`` turns on the rules that trade a little safety for recall.
    Pickling ships only the rules: the patterns are compiled again where it is unpickled.

    >>> Cleaner(select="ads").clean("Advertisement\\n\\nThe council met on Tuesday.")
    'The council met on Tuesday.'
    """

    def __init__(
        self,
        select: Iterable[str] | str | None = None,
        ignore: Iterable[str] | str | None = None,
        rules: Iterable[RuleSource] = (),
        *,
        builtin: bool = True,
        aggressive: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> None:
        available = (*(builtin_rules() if builtin else ()), *_load(rules))
        _check_unique(available)
        selected, ignored = _codes(select), _codes(ignore) or ()
        for code in (*(selected or ()), *ignored):
            if code not in CATEGORIES and not any(rule.matches_code(code) for rule in available):
                raise ValueError(f"unknown rule code or category {code!r}")
        self.rules = tuple(
            rule
            for rule in available
            if (aggressive or not rule.aggressive or (selected and rule.id in selected))
            and (selected is None or any(rule.matches_code(code) for code in selected))
            and not any(rule.matches_code(code) for code in ignored)
        )
        self.timeout = timeout
        self._engine = Engine(self.rules, timeout, _vetted())

    def clean(self, text: str) -> str:
        """The article text with the boilerplate removed."""
        return self._engine.explain(text).text

    def explain(self, text: str) -> CleanResult:
        """The cleaned text and each removal: rule, category, action, span and removed text."""
        return self._engine.explain(text)

    def __getstate__(self) -> dict[str, Any]:
        return {"rules": self.rules, "timeout": self.timeout}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rules, self.timeout = state["rules"], state["timeout"]
        self._engine = Engine(self.rules, self.timeout, _vetted())

    def __repr__(self) -> str:
        return f"Cleaner({len(self.rules)} rules)"


def _check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            rule.fail(f"duplicate id (also in {seen[rule.id].pack})")
        seen[rule.id] = rule


@lru_cache(maxsize=16)
def _cached(options: tuple[tuple[str, Any], ...]) -> Cleaner:
    return Cleaner(**dict(options))


def _cleaner(options: dict[str, Any]) -> Cleaner:
    """A cached :class:`Cleaner` for keyword options (lists made hashable)."""
    frozen = {key: tuple(value) if isinstance(value, list) else value for key, value in options.items()}
    return _cached(tuple(sorted(frozen.items())))


def clean(text: str, **options: Any) -> str:
    """Remove ads and boilerplate from ``text``; ``options`` are those of :class:`Cleaner`.

    >>> clean("The vote passed. Story continues below advertisement The mayor spoke.")
    'The vote passed. The mayor spoke.'
    """
    return _cleaner(options).clean(text)


def explain(text: str, **options: Any) -> CleanResult:
    """Like :func:`clean`, with every removal and the rule behind it."""
    return _cleaner(options).explain(text)
