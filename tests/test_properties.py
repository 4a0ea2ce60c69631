"""Properties that hold for any text: cleaning only deletes, is idempotent, leaves prose alone.

Documents are drawn from ordinary prose (written for these tests, plus every rule's ``keeps``
look-alikes) and junk (every rule's ``removes`` examples), in line and flat layouts.
"""

from __future__ import annotations

from collections.abc import Callable

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import Cleaner, CleanResult
from cleaner.packs import builtin_rules

RULES = builtin_rules()
_WORD = regex.compile(r"\w+")

PROSE = (
    "The council approved the new budget on Tuesday evening.",
    "Officials said the bridge would reopen in the spring.",
    "Rain is expected across the region for most of the week.",
    "She told reporters that the talks had gone well.",
    "“We are not done yet,” the coach said after the game.",
    "Prices rose 4% in October, the agency said.",
    "Nobody was hurt, police said.",
    "The school will add two classrooms by next fall.",
    "Farmers in the valley say the drought is the worst in decades.",
    "The company did not respond to a request for comment.",
    "He added that more talks were planned.",
    "The museum, which opened in 1921, draws half a million visitors a year.",
    "A spokesperson declined to give details.",
    "Residents lined the streets to watch the parade!",
)
LOOK_ALIKES = tuple(keep for rule in RULES for keep in rule.keeps)
JUNK = tuple(junk for rule in RULES for junk in rule.removes)
# Junk that a rule can see wherever it sits, and junk that must stand on a line of its own.
INLINE_JUNK = tuple(junk for rule in RULES if rule.action == "inline" for junk in rule.removes)
# A credit after a sentence on its line makes that sentence a caption (that is how captions are
# known), so in these documents a caption's junk always starts a line of its own.
CAPTION_JUNK = frozenset(junk for rule in RULES if rule.category == "caption" for junk in rule.removes)
BLOCK_JUNK = tuple(junk for rule in RULES if rule.action in ("line", "list") for junk in rule.removes)

LINE_BREAKS = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n\n\n"])
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", " "])
sentences = st.sampled_from(PROSE + LOOK_ALIKES)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)


@st.composite
def prose_documents(draw: st.DrawFn) -> str:
    """Clean article prose: paragraphs apart on lines, or flat with the line breaks gone.

    No paragraph comes twice: a line that repeats the first one word for word is a copy (DU-XX001).
    """
    parts = draw(st.lists(paragraphs, min_size=1, max_size=8, unique=True))
    if draw(st.booleans()):
        return " ".join(parts)
    text = parts[0]
    for part in parts[1:]:
        text += draw(LINE_BREAKS) + part
    return text


@st.composite
def news_documents(draw: st.DrawFn) -> str:
    """Prose and junk interleaved with random separators, as scraped news text comes."""
    pieces = draw(st.lists(st.one_of(sentences, st.sampled_from(JUNK)), min_size=1, max_size=14))
    text = pieces[0]
    for piece in pieces[1:]:
        text += draw(SEPARATORS) + piece
    return text


@st.composite
def articles_with_junk(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A document of prose with junk where a page puts it; returns it and its prose sentences.

    Inline junk sits anywhere, but a caption's starts a line; line and list junk stands on lines of its own.
    """
    flat = draw(st.booleans())
    inline = tuple(junk for junk in INLINE_JUNK if not flat or junk not in CAPTION_JUNK)
    pool = st.sampled_from(inline if flat else inline + BLOCK_JUNK)
    pieces = draw(st.lists(st.tuples(st.booleans(), st.sampled_from(PROSE)), min_size=1, max_size=10))
    text, prose, own_line = "", [], False
    for junk_first, sentence in pieces:
        for piece in ([draw(pool)] if junk_first else []) + [sentence]:
            block = piece in BLOCK_JUNK
            if text:
                own_start = block or piece in CAPTION_JUNK
                text += draw(LINE_BREAKS) if own_start or own_line else " " if flat else draw(SEPARATORS)
            text += piece
            own_line = block
        prose.append(sentence)
    return text, prose


def _words(text: str) -> list[str]:
    return [match.group() for match in _WORD.finditer(text)]


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(word in remaining for word in part)


# Any Unicode, line separators of every kind, and fragments of junk to make the passes work.
unicode_text = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(["\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", " ", ".", "\u00a0"]),
        st.sampled_from(["Advertisement", "READ MORE: ", "Trending Now", "a/", "© ", "Share", "”", "The"]),
    ),
    max_size=40,
).map("".join)


@given(prose_documents())
def test_clean_prose_is_unchanged(every_rule: Cleaner, text: str) -> None:
    assert every_rule.explain(text) == CleanResult(text, ())


@given(news_documents())
@example("The vote passed.\nAdvertisement\nThe mayor spoke.")
def test_cleaning_only_deletes_words(every_rule: Cleaner, text: str) -> None:
    assert _is_subsequence(_words(every_rule.clean(text)), _words(text))


@given(st.one_of(news_documents(), unicode_text))
# A caption before a credit must not end inside the credit ("Ann Lee/" before "Example Times/Getty Images").
@example("The river rose. Smoke drifts over the city and dims the sky. Ann Lee/Example Times/Getty Images di Rossi")
# Once a caption and its credit are cut, the note after them opens a sentence: it goes in the same pass.
@example("He left. Crowds gather on Monday (AP Photo/Jane Doe) This article has been adapted from its source.")
# With the share prompt cut, the headline's copy stands alone on its line: it goes in the same pass.
@example("Night trains return\n\nThe sleeper runs from May.\n\nNight trains return Follow us on Twitter")
# With the prompt before it cut, the first line heads with the headline: its copy goes in the same pass.
@example("Join our WhatsApp channel Harbour board votes to dredge the channel\n\n"
         "Harbour board votes to dredge the channel\nWork starts in the autumn.")
# The junk ending after the last sentence empties a line that a line rule takes: it goes in the same pass.
@example(f"{PROSE[0]}\n" * 6 + "Please enter a valid email address. |")
# A prompt ends before no sentence until the cuts after it go: all go in the same pass.
@example(f"{PROSE[0]}\n" * 5 + f"{PROSE[0]} Please enter a valid email address. |")
@example(f"{PROSE[0]}\n" * 5 + f"{PROSE[0]} Please enter a valid email address. Ann Lee and Sam Roe, Reuters")
@example(f"{PROSE[0]}\n" * 5 + f"{PROSE[0]} Please enter a valid email address. Ann Lee and Sam Roe, AP\n{PROSE[0]}")
# In a one-line text the line rule takes the prompt alone; the bar left after it goes in the same pass.
@example("Melden Sie sich für unseren kostenlosen Newsletter an! |")
@example("Mit der Anmeldung akzeptieren Sie unsere Datenschutzbestimmungen. Melden Sie sich für den Newsletter an! |")
def test_cleaning_is_idempotent(every_rule: Cleaner, text: str) -> None:
    once = every_rule.clean(text)
    assert every_rule.clean(once) == once


@given(st.one_of(news_documents(), unicode_text))
def test_replayed_removals_give_the_output(
    every_rule: Cleaner, replay: Callable[[str, CleanResult], str], text: str
) -> None:
    result = every_rule.explain(text)
    assert replay(text, result) == result.text
    assert every_rule.clean(text) == result.text


@given(unicode_text)
def test_any_unicode_is_handled(every_rule: Cleaner, text: str) -> None:
    result = every_rule.explain(text)
    assert len(result.text) <= len(text)
    assert all(removal.text for removal in result.removals)


_GALLERY = (
    "Fans wave flags at the parade in Example City on Monday. Photo: Jane Doe, AP Image 1 of / 4 Caption Close"
    " Image 1 of 4 Fans wave flags at the parade. Photo: Jane Doe, AP Parade draws big crowd 1 / 4 Back to Gallery"
)


@given(articles_with_junk())
# A page that repeats itself around a gallery: the sentence before the caption comes again after the chrome.
@example((f"{PROSE[0]} {PROSE[6]} {_GALLERY} {PROSE[0]} {PROSE[6]} {_GALLERY} {PROSE[0]}", [PROSE[0], PROSE[6]] * 2))
# A sentence before the site's copyright notice on its line is prose, not a caption before a credit.
@example((f"{PROSE[0]} © 2020 Example News, a division of Example Media Inc.\n{PROSE[1]}", [PROSE[0], PROSE[1]]))
@example((f"{PROSE[0]} © Copyright Example Network Inc.\n{PROSE[1]}", [PROSE[0], PROSE[1]]))
# A short article with its line breaks gone keeps its prose around line junk that its one line fits whole.
@example((f"READ MORE: Council approves new budget {PROSE[2]} {PROSE[0]}", [PROSE[2], PROSE[0]]))
@example((f"{PROSE[2]} FTC: We use income earning affiliate links. {PROSE[0]}", [PROSE[2], PROSE[0]]))
@example((f"{PROSE[0]} Image 2 of 6 A rover crosses a plain. (Image credit: Ann Lee) {PROSE[1]}", [PROSE[0], PROSE[1]]))
# A short article that ends with a © credit is not a caption: it holds more than one sentence, or a quote.
@example((f"{PROSE[2]} {PROSE[0]} © Example Agency", [PROSE[2], PROSE[0]]))
@example((f"{PROSE[6]} © Example Agency\n{PROSE[0]}", [PROSE[6], PROSE[0]]))
# A list marker that only one sentence follows, to the end of the text, opens no list.
@example((f"{' '.join([PROSE[0]] * 5)} Related Articles {PROSE[13]}", [PROSE[0]] * 5 + [PROSE[13]]))
@example((f"Related Articles {PROSE[13]} {PROSE[0]}", [PROSE[13], PROSE[0]]))
# A reading-time row glued after a sentence, on a line of a longer text, takes only the row.
@example((f"{PROSE[0]} Mar 03, 2020 • 3 minute read\n{PROSE[1]}", [PROSE[0], PROSE[1]]))
def test_prose_survives_the_junk_around_it(safe_rules: Cleaner, article: tuple[str, list[str]]) -> None:
    """With the default rules; aggressive ones may, by their own account, take a sentence too."""
    text, prose = article
    cleaned = safe_rules.clean(text)
    position = 0
    for sentence in prose:
        found = cleaned.find(sentence, position)
        assert found >= 0, f"lost {sentence!r}"
        position = found + len(sentence)


@given(articles_with_junk())
def test_cleaning_never_doubles_blank_lines_or_spaces(
    every_rule: Cleaner, article: tuple[str, list[str]]
) -> None:
    text, _ = article
    cleaned = every_rule.clean(text)
    for gap in ("  ", "\n\n\n", "\r\n\r\n\r\n"):
        if gap not in text:
            assert gap not in cleaned
