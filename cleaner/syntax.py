"""Read a rule's pattern as a tree, with the standard library's parser.

The tree tells what a pattern's matches must look like (:mod:`cleaner.dispatch`) and lets it be
rewritten for another engine (:mod:`cleaner.gate`). `regex`-only Unicode classes (``\\p{Lu}``)
stand in the tree as private-use characters: :data:`LETTER` for the letter classes, :data:`ANY`
for any other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

__all__ = ["ANY", "LETTER", "REPEATS", "Items", "group_items", "parse", "sre"]

_UNICODE_CLASS = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
LETTER = "\ue000"
ANY = "\ue001"
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
# A parsed pattern: a sequence of (opcode, argument) pairs.
Items = Sequence[tuple[object, Any]]


def _placeholder(match: re.Match[str]) -> str:
    name = match.group()
    return LETTER if name[1] == "p" and name[2:].strip("{}") in ("L", "Lu", "Ll", "Lt") else ANY


def parse(pattern: str) -> Any | None:
    """The parsed tree of ``pattern`` (with ``.state.flags`` and ``.getwidth()``), or None if unreadable."""
    try:
        return sre_parse.parse(_UNICODE_CLASS.sub(_placeholder, pattern))
    except (re.error, RecursionError, OverflowError):
        return None


def group_items(op: object, argument: Any) -> Items | None:
    """The items inside a group (capturing or not, or atomic), or None if ``op`` is no group."""
    if op is sre.SUBPATTERN:
        return argument[-1]  # type: ignore[no-any-return]
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return argument  # type: ignore[no-any-return]
    return None
