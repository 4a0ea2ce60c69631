"""The datatrove step in a real pipeline: JsonlReader -> ArticleCleaner -> JsonlWriter."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_timeout import BOUND, RUNAWAY, TRAP

from cleaner import CATEGORIES, Rule, clean, explain

# Documents written for these tests: ad markers, newsletter prompts, captions, flat text, and
# documents that are all or mostly boilerplate (for the drop options).
DOCUMENTS = {
    "harbour": (
        "Advertisement\n\nThe harbour board voted on Monday to dredge the east channel before winter.\n\n"
        "Fishing boats wait at the quay in Port Ellis on March 3, 2021. Ana Ruiz/AFP/Getty Images\n\n"
        "Sign up for our weekly politics newsletter\n\n"
        "Skippers say the silt has grounded three trawlers since the spring storms."
    ),
    "flat-library": (
        "The library will reopen in May after a two-year repair of its roof, the council said. "
        "Story continues below advertisement The new reading room faces the river. "
        "Readers asked for longer weekend hours, and the council agreed to try them for a season."
    ),
    "orchard": (
        "Frost came early to the valley this year.\n"
        "Growers lit small fires between the rows to keep the blossom alive.\n"
        "READ MORE: How the cold snap hit apple prices\n"
        "Most had never needed to do so before April.\n"
        "Share this article\n"
    ),
    "plain": "The school choir sang at the town hall on Friday. Parents filled every seat.",
    "all-junk": "Advertisement\n\nSign up for our weekly politics newsletter\n\nShare this article",
    "mostly-junk": (
        "Advertisement\n\nThe vote passed.\n\n"
        "Breaking news from the coast and around the world sent to your email, as it happens.\n\n"
        "Follow us on Twitter\n\nShare this article\n\nAdvertisement"
    ),
}


def _write_input(folder: Path, documents: dict[str, str]) -> None:
    """Two JSON Lines files, so that two tasks both get work."""
    folder.mkdir()
    items = list(documents.items())
    for number, part in enumerate((items[::2], items[1::2])):
        lines = (json.dumps({"id": key, "text": text}) for key, text in part)
        (folder / f"part-{number}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _read_output(folder: Path) -> dict[str, dict[str, Any]]:
    lines = (line for path in folder.glob("*.jsonl") for line in path.read_text("utf-8").splitlines())
    records = map(json.loads, lines)
    # JsonlWriter leaves out empty fields, an emptied text among them.
    return {record["id"]: {"text": "", **record} for record in records}


def _run(
    tmp_path: Path, *, documents: dict[str, str] = DOCUMENTS, exclude: bool = False, **step_options: Any
) -> dict[str, Any]:
    """Run the pipeline over ``documents`` in two worker processes; the cleaner's stats.

    With ``exclude``, dropped documents go to ``tmp_path / "excluded"``.
    """
    pytest.importorskip("datatrove", reason="the 'datatrove' extra is not installed")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import ArticleCleaner

    _write_input(tmp_path / "input", documents)
    if exclude:
        step_options["exclusion_writer"] = JsonlWriter(str(tmp_path / "excluded"), compression=None)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "input")),
            ArticleCleaner(**step_options),
            JsonlWriter(str(tmp_path / "output"), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text("utf-8"))
    return next(step["stats"] for step in stats if "Article cleaner" in step["name"])


def _counted(stats: dict[str, Any], label: str) -> int:
    """A count from stats.json, which writes a plain number when a stat has nothing more to say."""
    value = stats.get(label, 0)
    return int(value["total"] if isinstance(value, dict) else value)


def test_every_output_text_equals_clean_of_its_input(tmp_path: Path) -> None:
    _run(tmp_path)
    output = _read_output(tmp_path / "output")
    assert output.keys() == DOCUMENTS.keys()
    assert {key: record["text"] for key, record in output.items()} == {
        key: clean(text) for key, text in DOCUMENTS.items()
    }


def test_stats_count_removals_per_category(tmp_path: Path) -> None:
    stats = _run(tmp_path)
    expected = Counter(removal.category for text in DOCUMENTS.values() for removal in explain(text).removals)
    assert expected, "the documents must contain boilerplate that the rules remove"
    counted = {label.removeprefix("removed_"): _counted(stats, label) for label in stats}
    assert {category: counted[category] for category in counted.keys() & CATEGORIES} == dict(expected)


def test_options_are_those_of_clean(tmp_path: Path) -> None:
    _run(tmp_path, select="ads")
    output = _read_output(tmp_path / "output")
    assert {key: record["text"] for key, record in output.items()} == {
        key: clean(text, select="ads") for key, text in DOCUMENTS.items()
    }


def test_drop_options_drop_with_the_reason_in_metadata(tmp_path: Path) -> None:
    share = 0.5
    cleaned = {key: clean(text) for key, text in DOCUMENTS.items()}
    empty = {key for key, text in cleaned.items() if not text.strip()}
    mostly_removed = {
        key for key, text in cleaned.items() if text.strip() and 1 - len(text) / len(DOCUMENTS[key]) > share
    }
    assert empty and mostly_removed, "the documents must exercise both drop reasons"

    stats = _run(tmp_path, drop_empty=True, max_removed_share=share, exclude=True)

    from cleaner.integrations.datatrove import EMPTY, MOSTLY_REMOVED

    kept = _read_output(tmp_path / "output")
    assert {key: record["text"] for key, record in kept.items()} == {
        key: text for key, text in cleaned.items() if key not in empty | mostly_removed
    }
    excluded = _read_output(tmp_path / "excluded")
    assert {key: record["metadata"]["filter_reason"] for key, record in excluded.items()} == {
        **dict.fromkeys(empty, EMPTY), **dict.fromkeys(mostly_removed, MOSTLY_REMOVED)
    }
    assert all(record["text"] == DOCUMENTS[key] for key, record in excluded.items())
    assert _counted(stats, f"dropped_{EMPTY}") == len(empty)
    assert _counted(stats, f"dropped_{MOSTLY_REMOVED}") == len(mostly_removed)


def test_a_document_that_times_out_is_kept_as_it_came(tmp_path: Path, make_rule: Callable[..., Rule]) -> None:
    runaway = make_rule(pattern=RUNAWAY, removes=("aabb",), keeps=("b",))
    documents = {**DOCUMENTS, "trap": "The council met on Tuesday.\n\n" + TRAP}
    stats = _run(tmp_path, documents=documents, rules=[runaway], timeout=BOUND)
    output = {key: record["text"] for key, record in _read_output(tmp_path / "output").items()}
    assert output["trap"] == documents["trap"]
    assert output["harbour"] == clean(DOCUMENTS["harbour"], rules=[runaway], timeout=BOUND)
    assert _counted(stats, "rule_timeout") == 1


def test_a_bad_option_fails_when_the_step_is_built() -> None:
    pytest.importorskip("datatrove", reason="the 'datatrove' extra is not installed")
    from cleaner.integrations.datatrove import ArticleCleaner

    with pytest.raises(ValueError, match="unknown rule code"):
        ArticleCleaner(select="NO_SUCH_RULE")
    with pytest.raises(ValueError, match="max_removed_share"):
        ArticleCleaner(max_removed_share=1.5)


def test_the_step_cleans_the_same_after_pickling() -> None:
    pytest.importorskip("datatrove", reason="the 'datatrove' extra is not installed")
    import pickle

    from datatrove.data import Document

    from cleaner.integrations.datatrove import ArticleCleaner

    step = pickle.loads(pickle.dumps(ArticleCleaner(ignore=iter(["caption"]))))
    document = Document(text=DOCUMENTS["harbour"], id="harbour")
    assert step.filter(document) is True
    assert document.text == clean(DOCUMENTS["harbour"], ignore="caption")


# The integrations package as a whole: engines are imported only by the module that needs them.


@pytest.mark.parametrize(("module", "package"), [("datatrove", "datatrove"), ("spark", "pyspark")])
def test_a_missing_extra_says_what_to_install(module: str, package: str) -> None:
    hide_engine = f"import sys; sys.modules[{package!r}] = None; import cleaner.integrations.{module}"
    failure = subprocess.run([sys.executable, "-c", hide_engine], capture_output=True, text=True)
    assert failure.returncode != 0
    assert f"pip install 'clean-article[{module}]'" in failure.stderr.splitlines()[-1]


def test_importing_cleaner_imports_no_engine() -> None:
    engines = ("datatrove", "pyspark", "pandas", "pyarrow")
    code = f"import sys, cleaner, cleaner.integrations; print([m for m in {engines!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
