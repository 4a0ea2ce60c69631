"""Tell, in one read of a text, which rules cannot match anywhere in it.

Most rules find nothing in most texts, yet trying each one line by line and sentence by sentence
is where cleaning spends its time. With Google's RE2 installed (the ``fast`` extra), each rule's
pattern is rewritten as a *looser* RE2 pattern, one that matches wherever the rule could
(assertions and anchors dropped, counts opened up, wide classes widened to any character),
and RE2's prefilter reads from it the words that any match must contain. One pass over the text
finds which of those words occur; a rule whose words are missing is skipped for that text. Looser
never means wrong: a rule the gate keeps may still find nothing, but a rule it drops could not have
matched. Without RE2, for a pattern it cannot rewrite, or for a text RE2 cannot read (lone
surrogates), every rule is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .model import Rule
from .syntax import ANY, LETTER, REPEATS, Items, group_items, parse, sre

try:
    import re2
except ImportError:  # the `fast` extra is not installed
    re2 = None

# Characters that `regex` counts as white space (``\s``), as RE2 class items. Other classes
# (letters, digits, word characters) go as "any character": RE2's Unicode tables may be older
# than `regex`'s, and the prefilter reads words from literals, not from wide classes.
WHITE_SPACE = r"\t\n\x{b}\x{c}\r \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_ANYTHING = r"(?s:.)"


class Untranslatable(Exception):
    """The pattern holds something this module cannot rewrite for RE2."""


def _char(code: int) -> str:
    char = chr(code)
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:x}}}"


def _class_items(items: Items) -> str | None:
    """RE2 class items for exactly what ``items`` admit; None if only "any character" will do."""
    parts: list[str] = []
    for op, argument in items:
        if op is sre.LITERAL and chr(argument) not in (LETTER, ANY):
            parts.append(_char(argument))
        elif op is sre.RANGE:
            parts.append(f"{_char(argument[0])}-{_char(argument[1])}")
        elif op is sre.CATEGORY and argument is sre.CATEGORY_SPACE:
            parts.append(WHITE_SPACE)
        else:
            return None
    return "".join(parts)


def _class(items: Items) -> str:
    """An RE2 class that holds at least every character ``items`` (a class's contents) admits."""
    negated = bool(items) and items[0][0] is sre.NEGATE
    found = _class_items(items[1:] if negated else items)
    if not found:
        return _ANYTHING
    return f"[^{found}]" if negated else f"[{found}]"


def _repeat(low: int, high: int, body: str) -> str:
    """Any count opened up to ``?``, ``*`` or ``+``: looser, and never a huge program."""
    return f"(?:{body})" + ("?" if high == 1 else "*" if low == 0 else "+")


def _flags(add: int, remove: int) -> str:
    flags = ("i" if add & sre.SRE_FLAG_IGNORECASE else "") + ("-i" if remove & sre.SRE_FLAG_IGNORECASE else "")
    return f"(?{flags}:" if flags else "(?:"


def _items(items: Items) -> str:
    return "".join(_item(op, argument) for op, argument in items)


def _item(op: object, argument: Any) -> str:
    if op is sre.LITERAL:
        return _ANYTHING if chr(argument) in (LETTER, ANY) else _char(argument)
    if op is sre.NOT_LITERAL:
        return _class([(sre.NEGATE, None), (sre.LITERAL, argument)])
    if op is sre.IN:
        return _class(argument)
    if op is sre.CATEGORY:
        return _class([(op, argument)])
    if op is sre.ANY:
        return _ANYTHING
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return ""
    if op is sre.SUBPATTERN:
        return _flags(argument[1], argument[2]) + _items(argument[3]) + ")"
    group = group_items(op, argument)
    if group is not None:
        return f"(?:{_items(group)})"
    if op in REPEATS:
        return _repeat(argument[0], argument[1], _items(argument[2]))
    if op is sre.BRANCH:
        return "(?:" + "|".join(_items(branch) for branch in argument[1]) + ")"
    if op is sre.GROUPREF:
        return _ANYTHING + "*"
    if op is sre.GROUPREF_EXISTS:
        _, yes, no = argument
        return f"(?:{_items(yes)}|{_items(no) if no else ''})"
    raise Untranslatable(op)


def loosen(pattern: str) -> str | None:
    """An RE2 pattern that matches wherever ``pattern`` (`regex` syntax) can; None if it cannot be written.

    >>> loosen(r"(?i:(?<!\\w)ad(?:vert)?s?\\b)")
    '(?i:ad(?:vert)?(?:s)?)'
    """
    tree = parse(pattern)
    if tree is None:
        return None
    try:
        body = _items(tree)
    except Untranslatable:
        return None
    return f"(?i:{body})" if tree.state.flags & sre.SRE_FLAG_IGNORECASE else body


class Gate:
    """Which of ``rules`` may match somewhere in a text, found in one read of it."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._ids = tuple(rule.id for rule in rules)
        self._filter: Any = None
        if re2 is None:
            return
        prefilter = re2.Filter()
        for rule in rules:
            try:
                prefilter.Add(loosen(rule.flagged_pattern()) or "")
            except re2.error:
                prefilter.Add("")  # a pattern with no words to look for: always kept
        try:
            prefilter.Compile()
        except re2.error:  # no rule has words to look for
            return
        self._filter = prefilter

    def possible(self, text: str) -> frozenset[str] | None:
        """Ids of the rules that may match in ``text``; None if every rule may."""
        if self._filter is None:
            return None
        try:
            found = self._filter.Match(text, potential=True) or ()
        except UnicodeEncodeError:
            return None
        return frozenset(self._ids[index] for index in found)
