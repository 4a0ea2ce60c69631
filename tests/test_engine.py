"""The passes (line, list, inline with its sentence guard, tail) and whole-document cases.

Unit tests use small rules of their own, so that they test the engine, not the packs; the
cases in ``fixtures/cases/*.toml`` run whole documents through the built-in packs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cleaner import Cleaner, CleanResult, Rule, RuleError, explain
from cleaner.engine import closes_sentence, sentence_starts

CASES = Path(__file__).parent.parent / "fixtures" / "cases"

# Prose of this length lets a tail marker count (it needs 40 words before it).
LEAD = (
    "Crews worked through the night to clear the flooded road north of the town. By morning one "
    "lane was open again, and the council said the second would follow within days. Farmers who "
    "rely on the route to reach the market said the closure had cost them a week of sales."
)


# One small rule per action, plus two careless line rules whose \s and [^\n] may run over a line break:
# (id, action, pattern, a removes example, a keeps example).
RULES = [
    (
        "TAD001",
        "inline",
        "advertisement|story continues below(?: advertisement)?",
        "Advertisement",
        "An advertisement.",
    ),
    ("TSO001", "line", "share(?: this article!)?", "Share", "Share prices fell."),
    ("TRL001", "list", r"more on [^\n]{1,40}|trending now", "Trending Now", "More on that later, he said."),
    ("TTL001", "tail", "related topics", "Related topics", "Related topics came up."),
    (
        "TCP001",
        "line",
        r"[^\n]{1,300}?[.!?]\s?foto:\s?[\p{L} ]{2,40}",
        "A bridge. Foto: Ann Lee",
        "The foto: a bridge.",
    ),
    ("TRL002", "line", r"read more:\s?[^\n]{1,200}", "Read more: x", "Read more books."),
]


@pytest.fixture(scope="module")
def cleaner(make_rule: Callable[..., Rule]) -> Cleaner:
    """A cleaner of the test rules only."""
    rules = [
        make_rule(id=rule_id, action=action, pattern=pattern, removes=[removes], keeps=[keeps])
        for rule_id, action, pattern, removes, keeps in RULES
    ]
    return Cleaner(rules=rules, builtin=False)


def _removed(result: CleanResult) -> list[tuple[str, str]]:
    return [(removal.rule_id, removal.text) for removal in result.removals]


# ── line endings, blank lines, indentation ──────────────────────────────────


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept(newline: str, cleaner: Cleaner) -> None:
    text = newline.join(["First paragraph.", "", "Share", "", "Second paragraph.", "Third line."])
    expected = newline.join(["First paragraph.", "", "Second paragraph.", "Third line."])
    assert cleaner.clean(text) == expected


def test_mixed_line_endings_are_kept(cleaner: Cleaner) -> None:
    text = "One.\r\n\r\nShare\n\nTwo.\rThree.\n"
    assert cleaner.clean(text) == "One.\r\n\r\nTwo.\rThree.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A.\n\nShare\n\nB.", "A.\n\nB."),
        ("A.\n\nShare\n\nShare\n\nB.", "A.\n\nB."),
        ("A.\n\nShare\nAdvertisement\n\nB.", "A.\n\nB."),
        ("Share\n\nA.\n\nB.", "A.\n\nB."),
        ("A.\n\nB.\n\nShare\n", "A.\n\nB.\n"),
        ("A.\nShare\nB.", "A.\nB."),
        ("  A.\n\n  Share\n\n  B.", "  A.\n\n  B."),
        ("\tA.\n\tShare\n\tB.", "\tA.\n\tB."),
    ],
)
def test_dropped_blocks_leave_the_layout_intact(text: str, expected: str, cleaner: Cleaner) -> None:
    assert cleaner.clean(text) == expected


@pytest.mark.parametrize("gap", ["\n\n", "\r\n\r\n", "\n\n\n"])
def test_removing_a_block_never_doubles_a_blank_line(gap: str, cleaner: Cleaner) -> None:
    text = gap.join(["One.", "Share", "Advertisement", "Two.", "Share", "Three.", "Share"])
    cleaned = cleaner.clean(text)
    assert cleaned == gap.join(["One.", "Two.", "Three."])


# ── inline: the sentence-boundary guard ──────────────────────────────────────


def test_flat_text_is_cut_at_sentence_boundaries_only(cleaner: Cleaner) -> None:
    text = (
        "The goal came late, he added. Story continues below advertisement The Charlotte win was "
        "their third. Advertisement spending rose 4%. The advertisement ran twice."
    )
    result = cleaner.explain(text)
    assert result.text == (
        "The goal came late, he added. The Charlotte win was their third. "
        "Advertisement spending rose 4%. The advertisement ran twice."
    )
    assert _removed(result) == [("TAD001", "Story continues below advertisement ")]


@pytest.mark.parametrize(
    "text",
    [
        "He said. Advertisement The vote",
        "He said.  Advertisement  The vote",
        "“We won.” Advertisement “Then we lost.”",
        "He said! Advertisement (The vote passed.)",
        "Advertisement The vote",
        "He said. Advertisement",
        "He said.\nAdvertisement\nThe vote",
    ],
)
def test_markers_at_a_boundary_are_cut(text: str, cleaner: Cleaner) -> None:
    cleaned = cleaner.clean(text)
    assert "Advertisement" not in cleaned
    assert "  " not in cleaned.replace("He said.  ", "")


@pytest.mark.parametrize(
    "text",
    [
        "The Advertisement Standards Board met.",
        "He said. Advertisement spending rose.",
        "He said, Advertisement The vote",
        "He said. Advertisements are everywhere.",
        "He said. Advertisement2 The vote",
    ],
)
def test_markers_inside_a_sentence_stay(text: str, cleaner: Cleaner) -> None:
    assert cleaner.clean(text) == text


def test_boundary_helpers() -> None:
    text = "He left. Advertisement The vote"
    marker = text.index("Advertisement")
    assert marker in set(sentence_starts(text))
    assert closes_sentence(text, marker + len("Advertisement"))
    assert 4 not in set(sentence_starts("The Advertisement"))
    assert not closes_sentence("Advertisement spending", 13)
    assert closes_sentence("Advertisement\u2028The vote", 13)


def test_chained_markers_are_cut_together(cleaner: Cleaner) -> None:
    text = "He said. Advertisement Story continues below advertisement The vote passed."
    assert cleaner.clean(text) == "He said. The vote passed."


# ── list and tail ────────────────────────────────────────────────────────────


def test_list_drops_marker_and_headlines_and_stops_at_prose(cleaner: Cleaner) -> None:
    text = (
        "The mayor spoke first.\n\nMore on Politics\nCouncil delays vote on the bridge\n"
        "Five things to know about the budget\n\nThe meeting ended at nine.\nShort line after"
    )
    result = cleaner.explain(text)
    assert result.text == "The mayor spoke first.\n\nThe meeting ended at nine.\nShort line after"
    assert {removal.rule_id for removal in result.removals} == {"TRL001"}


def test_list_takes_at_most_twelve_headlines(cleaner: Cleaner) -> None:
    headlines = [f"Headline number {number}" for number in range(15)]
    text = "\n".join(["Trending Now", *headlines])
    assert cleaner.clean(text) == "\n".join(headlines[12:])


def test_list_marker_in_running_prose_stays(cleaner: Cleaner) -> None:
    text = "Trending now among teens is a dance, the study found.\nA second short line"
    assert cleaner.clean(text) == text


def test_list_stops_at_a_line_holding_two_sentences(cleaner: Cleaner) -> None:
    text = "Trending Now\nCouncil delays vote\nThe vote failed. Advertisement\nPark reopens"
    assert cleaner.clean(text) == "The vote failed.\nPark reopens"


@pytest.mark.parametrize(
    "paragraph", ["市長が新しい計画を発表した。計画は来年から始まる。", "市長は「計画は来年から始まる」と述べた。"]
)
def test_list_stops_at_a_japanese_sentence(paragraph: str) -> None:
    # Japanese sentences end on "。" with no space after it: such a line is prose, not a headline.
    text = f"会議が開かれた。\n\n関連記事\n\n台風が接近\n\n{paragraph}\n\n選挙の日程が決まる\n"
    assert Cleaner(select="RL-JA001").clean(text) == f"会議が開かれた。\n\n{paragraph}\n\n選挙の日程が決まる\n"


def test_list_keeps_the_heading_right_above_long_prose(cleaner: Cleaner) -> None:
    paragraph = " ".join(["The council met for hours and argued over every line of the plan."] * 4)
    text = f"More on Politics\nCouncil delays vote\nA bridge too far\n{paragraph}"
    assert cleaner.clean(text) == f"A bridge too far\n{paragraph}"


def test_tail_drops_marker_and_the_rest(cleaner: Cleaner) -> None:
    text = f"{LEAD}\n\nRelated topics\nFloods\nRoads\n"
    result = cleaner.explain(text)
    assert result.text == f"{LEAD}\n"
    assert [removal.rule_id for removal in result.removals] == ["TTL001"]


def test_tail_in_flat_text(cleaner: Cleaner) -> None:
    assert cleaner.clean(f"{LEAD} Related topics Floods Roads") == LEAD


@pytest.mark.parametrize(
    "text",
    [
        "The road reopened. Related topics\nFloods",
        f"{LEAD}\n\nRelated topics\n{LEAD} {LEAD}",
        f"{LEAD} We discussed related topics for an hour.",
        f"{LEAD} Related topics Crowds lined the streets to watch the parade!",
    ],
    ids=["too-little-prose-before", "more-prose-after", "inside-a-sentence", "one-sentence-after"],
)
def test_tail_needs_prose_before_and_a_boundary(text: str, cleaner: Cleaner) -> None:
    assert cleaner.clean(text) == text


# ── explain() ────────────────────────────────────────────────────────────────


def test_explain_names_rule_action_and_span(cleaner: Cleaner, replay: Callable[..., str]) -> None:
    text = "One.\n\nShare\n\nTwo. Advertisement Three."
    result = cleaner.explain(text)
    assert [(r.rule_id, r.category, r.action) for r in result.removals] == [
        ("TSO001", "ads", "line"),
        ("TAD001", "ads", "inline"),
    ]
    for removal in result.removals:
        assert text[removal.start : removal.end] == removal.text
    assert replay(text, result) == result.text == cleaner.clean(text)


def test_nothing_to_remove_gives_the_input_back(cleaner: Cleaner) -> None:
    text = "Nothing to see here.\r\n"
    assert cleaner.explain(text) == CleanResult(text, ())


# ── regressions found by the property tests ──────────────────────────────────


def test_a_line_rule_never_takes_the_line_before(cleaner: Cleaner) -> None:
    """A rule's ``\\s`` matched the line break and took the prose line above its caption."""
    text = "The bridge opened on Monday.\nFoto: Ann Lee\nA crowd watched. Foto: Sam Roe\nIt cost $4 million."
    result = cleaner.explain(text)
    assert result.text == "The bridge opened on Monday.\nFoto: Ann Lee\nIt cost $4 million."
    assert _removed(result) == [("TCP001", "A crowd watched. Foto: Sam Roe\n")]


def test_a_short_flat_article_keeps_the_prose_glued_to_a_line_rule(cleaner: Cleaner) -> None:
    """A one-line text fitted a line rule's free text whole: the rule took the article with its junk."""
    seam = "Read more: Storm hits the coast Rain fell all day across the region."
    assert cleaner.clean(seam) == "Rain fell all day across the region."
    after = "Read more: Storm hits the coast. Rain fell all day. Crews cleared the roads by night."
    assert cleaner.clean(after) == "Rain fell all day. Crews cleared the roads by night."
    before = "Rain fell all day across the region. A crowd watched. Foto: Sam Roe"
    assert _removed(cleaner.explain(before)) == [("TCP001", " A crowd watched. Foto: Sam Roe")]


def test_the_run_a_line_rule_takes_from_a_short_flat_article_ends_at_a_seam(make_rule: Callable[..., Rule]) -> None:
    """The sentence after the first fitted a caption's free text: the sentence glued to its credit went too."""
    pattern = r"[^\n]{0,300}?composite: [^\n]{1,80}"
    caption = make_rule(id="TCP002", action="line", pattern=pattern, removes=["A boat. Composite: Ann Lee"])
    text = "Rain fell all day across the region. Composite: Reuters Crews cleared the roads by night."
    expected = "Rain fell all day across the region. Crews cleared the roads by night."
    assert Cleaner(rules=[caption], builtin=False).clean(text) == expected


@pytest.mark.parametrize(("end", "after"), [("|", ""), ("advertisement", ""), ("advertisement", "\nCrews left.")])
def test_a_phrase_before_the_cuts_that_end_its_line_goes_with_them(
    make_rule: Callable[..., Rule], end: str, after: str
) -> None:
    """Cleaning twice removed more: what followed a prompt kept it from ending before a sentence.

    ``|`` goes as the junk ending, ``advertisement`` (lowercase: no sentence starts) as an inline cut.
    """
    prompt = make_rule(
        id="TNL001",
        action="inline",
        pattern=r"please enter a valid email address\.",
        removes=["Please enter a valid email address."],
    )
    bar = make_rule(id="TNV001", action="line", pattern=r"\|", removes=["|"])
    marker = make_rule(id="TAD002", action="inline", pattern="advertisement", removes=["Advertisement"])
    cleaner = Cleaner(rules=[prompt, bar, marker], builtin=False)
    result = cleaner.explain(f"{LEAD} Please enter a valid email address. {end}{after}")
    assert result.text == LEAD + after
    assert _removed(result)[0] == ("TNL001", " Please enter a valid email address. ")


def test_a_line_rule_still_takes_a_line_of_a_longer_text_whole(cleaner: Cleaner) -> None:
    text = "Read more: Storm hits the coast. Rain fell all day.\nCrews cleared the roads by night."
    assert cleaner.clean(text) == "Crews cleared the roads by night."


def test_bare_carriage_returns_end_lines_for_line_rules(cleaner: Cleaner) -> None:
    """``[^\\n]`` ran over bare ``\\r`` line breaks and took every line after a marker."""
    text = "One.\rRead more: The bridge story\rTwo.\rMore on Roads\rA headline\rThree, at last."
    assert cleaner.clean(text) == "One.\rTwo.\rThree, at last."


def test_a_line_emptied_by_inline_cuts_goes(cleaner: Cleaner) -> None:
    """Cleaning twice removed more: the inline cut left a line that a line rule matches."""
    text = "One.\nShare this article! Advertisement\nTwo."
    result = cleaner.explain(text)
    assert result.text == "One.\nTwo."
    assert _removed(result) == [("TSO001", "Share this article! "), ("TAD001", "Advertisement\n")]
    assert cleaner.clean(result.text) == result.text


def test_a_list_marker_freed_by_inline_cuts_takes_its_headlines(cleaner: Cleaner) -> None:
    text = "One.\nAdvertisement More on Roads\nA headline\nTwo, said the mayor."
    assert cleaner.clean(text) == "One.\nTwo, said the mayor."


def test_unusual_white_space_after_a_marker(cleaner: Cleaner) -> None:
    """A marker before \\u2028 or \\v was not cut, but the same marker on the next line was."""
    for space in ("\u2028", "\x0b", "\u3000"):
        text = f"Advertisement{space}\nAdvertisement"
        cleaned = cleaner.clean(text)
        assert cleaned == ""
        assert cleaner.clean(cleaned) == cleaned


# ── whole-document cases (fixtures/cases/*.toml) ─────────────────────────────


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            for newline in case.get("line_endings", ["\n"]):
                name = f"{path.stem}/{case['name']}" + {"\n": "", "\r\n": "-crlf", "\r": "-cr"}[newline]
                marks = [pytest.mark.xfail(reason=case["limit"], strict=True)] if "limit" in case else []
                params.append(pytest.param(case, newline, id=name, marks=marks))
    return params


@pytest.mark.parametrize(("case", "newline"), _cases())
def test_document_case(case: dict[str, Any], newline: str, replay: Callable[..., str]) -> None:
    text = case["input"].replace("\n", newline)
    result = explain(text, **case.get("options", {}))
    assert result.text == case["expected"].replace("\n", newline)
    assert replay(text, result) == result.text
    if "removed_by" in case:
        assert sorted({removal.rule_id for removal in result.removals}) == sorted(case["removed_by"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The vote passed.\n(Image credit: Ann Lee) The council met on Tuesday and approved the plan.",
            "The vote passed.\nThe council met on Tuesday and approved the plan.",
        ),
        (
            "The vote passed.\nCrowds gather at the square on May 2, 2018. Jane Doe/AFP/Getty Images\nThe end came.",
            "The vote passed.\nThe end came.",
        ),
        # With the credit cut, the caption and the sentence after it fitted a caption rule's free tail whole.
        (
            "A tram waits at the depot, Friday, Nov. 5, 2021. (AP Photo/Ann Lee) Two drivers were hurt, police said.",
            "Two drivers were hurt, police said.",
        ),
        (
            "Sam Roe can be reached at sroe@example.org Rain fell across the region all week.",
            "Rain fell across the region all week.",
        ),
    ],
    ids=["junk-glued-before-a-sentence", "caption-line", "short-flat-caption-credit-prose", "contact-line-glued"],
)
def test_builtin_rules_on_junk_beside_prose(text: str, expected: str) -> None:
    assert explain(text).text == expected


def test_an_inline_cut_never_crosses_a_line_break() -> None:
    text = "The vote passed.\rFollow Jane Doe on Twitter: @janedoe\rNobody was hurt, police said."
    assert "Nobody was hurt, police said." in explain(text).text


# ── in_prose: line rules inside a paragraph ─────────────────────────────────

PARAGRAPH = "The council met on Tuesday. {} The mayor spoke after the long vote on the budget."


def _in_prose(make_rule: Callable[..., Rule], pattern: str, removes: str, in_prose: bool = True) -> Cleaner:
    rule = make_rule(id="TIP001", action="line", pattern=pattern, removes=[removes], keeps=["x"], in_prose=in_prose)
    return Cleaner(rules=[rule], builtin=False)


@pytest.mark.parametrize(
    ("pattern", "junk"),
    [
        (r"subscribers get [^\n]{1,60}", "Subscribers get the print edition first."),
        (r"we use cookies\. by continuing, you agree\.", "We use cookies. By continuing, you agree."),
    ],
)
def test_an_in_prose_line_rule_takes_its_sentences_from_a_paragraph(
    make_rule: Callable[..., Rule], pattern: str, junk: str
) -> None:
    text = PARAGRAPH.format(junk)
    assert _in_prose(make_rule, pattern, junk).clean(text) == PARAGRAPH.format("").replace("  ", " ")
    assert _in_prose(make_rule, pattern, junk, in_prose=False).clean(text) == text


def test_in_prose_junk_glued_to_a_sentence_goes_alone(make_rule: Callable[..., Rule]) -> None:
    """A pattern that runs free to the line end stops where a whole sentence follows without punctuation."""
    cleaner = _in_prose(make_rule, r"sign up for our newsletter[^\n]{0,120}", "Sign up for our newsletter")
    text = "The council met on Tuesday. Sign up for our newsletter {} The bridge reopens in May."
    for sentence in ("The mayor spoke after the long vote.", "Nobody was hurt, police said."):
        kept = f"The council met on Tuesday. {sentence} The bridge reopens in May."
        assert cleaner.clean(text.format(sentence)) == kept


def test_in_prose_takes_the_shortest_run_that_a_pattern_matches(make_rule: Callable[..., Rule]) -> None:
    """A pattern that may begin with any text (a caption before its credit) never takes the sentence before."""
    cleaner = _in_prose(make_rule, r"[^\n]{0,200}\(photo: [^()\n]{1,40}\)\.", "A boy plays (Photo: Ann Lee).")
    text = PARAGRAPH.format("A boy plays in the park (Photo: Ann Lee).")
    assert cleaner.clean(text) == PARAGRAPH.format("").replace("  ", " ")


def test_a_whole_line_is_left_to_the_line_pass(make_rule: Callable[..., Rule]) -> None:
    cleaner = _in_prose(make_rule, r"subscribers get [^\n]{1,60}", "Subscribers get the print edition first.")
    result = cleaner.explain("The council met on Tuesday.\nSubscribers get the print edition first.\nThe end came.")
    assert _removed(result) == [("TIP001", "Subscribers get the print edition first.\n")]


def test_in_prose_is_only_for_line_rules(make_rule: Callable[..., Rule]) -> None:
    with pytest.raises(RuleError, match="'in_prose' is only for line rules"):
        make_rule(action="inline", in_prose=True)


# ── anchor = "word": inline rules that may start at any word ────────────────


def _anchored(make_rule: Callable[..., Rule], anchor: str) -> Cleaner:
    rule = make_rule(
        id="TWA001", action="inline", pattern=r"published \d{1,2}:\d\d [ap]m", removes=["Published 9:15 am"],
        keeps=["x"], anchor=anchor,
    )
    return Cleaner(rules=[rule], builtin=False)


def test_a_word_anchored_rule_cuts_after_a_headline(make_rule: Callable[..., Rule]) -> None:
    text = "Storm closes coast road Published 9:15 am The road stayed shut all day."
    assert _anchored(make_rule, "word").clean(text) == "Storm closes coast road The road stayed shut all day."
    assert _anchored(make_rule, "sentence").clean(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Storm closes coast roadPublished 9:15 am The road stayed shut.",  # not at a word start
        "Storm closes coast road Published 9:15 am and the road stayed shut.",  # no sentence after it
    ],
)
def test_a_word_anchored_rule_still_needs_a_word_start_and_a_sentence_after(
    make_rule: Callable[..., Rule], text: str
) -> None:
    assert _anchored(make_rule, "word").clean(text) == text


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"action": "line", "anchor": "word"}, "anchor 'word' is only for inline rules"),
        ({"action": "inline", "anchor": "line"}, "unknown anchor 'line'"),
    ],
)
def test_anchor_is_checked(make_rule: Callable[..., Rule], fields: dict[str, str], problem: str) -> None:
    with pytest.raises(RuleError, match=problem):
        make_rule(**fields)
