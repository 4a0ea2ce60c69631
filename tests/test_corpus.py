"""JSON Lines corpora: streaming in chunks, record order and fields, bad records, worker processes."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cleaner import Cleaner, RuleTimeout
from cleaner.cli import main
from cleaner.corpus import Chunk, Options, clean_stream, read_chunks

STORIES = [
    "The bridge reopened on Monday after two years of repairs.",
    "Farmers in the valley expect a late harvest this autumn.",
    "The library will stay open until nine on weekdays. Ünïcödé stays as it is: 東京, café.",
]




def records(count: int) -> list[dict[str, Any]]:
    """Records with junk to remove and fields around the text that must come back unchanged."""
    return [
        {
            "id": f"doc-{number}",
            "url": f"https://news.example/{number}",
            "text": f"{STORIES[number % 3]}\n\nGlorp deals\n\nStory number {number} ends here.",
            "meta": {"tags": ["local", number], "score": number / 7, "draft": None},
        }
        for number in range(count)
    ]


def jsonl(items: list[Any]) -> bytes:
    return "".join(json.dumps(item) + "\n" for item in items).encode()


def run(glorp_pack: Path, *args: str | Path, input: bytes | None = None) -> Result:
    return CliRunner().invoke(
        main, ["--jsonl", "--rules", str(glorp_pack), "--select", "TST", *map(str, args)], input=input,
        catch_exceptions=False,
    )


def read_jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines()]


def test_cleans_the_field_and_keeps_every_other_field_and_the_order(glorp_pack: Path) -> None:
    given = records(25)
    result = run(glorp_pack, "-q", input=jsonl(given))
    assert result.exit_code == 0
    cleaned = read_jsonl(result.stdout_bytes)
    assert [record["id"] for record in cleaned] == [record["id"] for record in given]
    for before, after in zip(given, cleaned, strict=True):
        assert list(after) == list(before)
        assert {**after, "text": None} == {**before, "text": None}
        assert after["text"] == before["text"].replace("\n\nGlorp deals", "")


def test_cleans_another_field(glorp_pack: Path) -> None:
    given = [{"body": "Glorp deals\nThe vote is on Friday.", "text": "Glorp deals"}]
    cleaned = read_jsonl(run(glorp_pack, "--field", "body", input=jsonl(given)).stdout_bytes)
    assert cleaned == [{"body": "The vote is on Friday.", "text": "Glorp deals"}]


def test_blank_lines_are_not_records(glorp_pack: Path) -> None:
    result = run(glorp_pack, input=b'{"text": "One."}\n\n   \n{"text": "Two."}\n')
    assert read_jsonl(result.stdout_bytes) == [{"text": "One."}, {"text": "Two."}]
    assert "2 records" in result.stderr


def test_a_last_line_without_a_line_break_is_a_record(glorp_pack: Path) -> None:
    result = run(glorp_pack, input=b'{"text": "One."}\n{"text": "Two."}')
    assert result.stdout_bytes == b'{"text": "One."}\n{"text": "Two."}\n'


def test_a_lone_surrogate_stays_escaped(glorp_pack: Path) -> None:
    line = b'{"text": "Broken \\ud800 pair.", "id": 1}\n'
    assert run(glorp_pack, input=line).stdout_bytes == line


BAD_RECORDS = [
    (b'{"text": "cut off', "malformed JSON"),
    (b'["text", "a list"]', "not a JSON object but list"),
    (b'{"body": "no text field"}', "no 'text' field"),
    (b'{"text": 42}', "field 'text' is int, not a string"),
    (b'{"text": "caf\xe9"}', "not valid UTF-8"),
    (b"[" * 100_000, "malformed JSON: nested too deeply"),
]


@pytest.mark.parametrize(("bad", "problem"), BAD_RECORDS)
def test_a_bad_record_fails_the_run_by_default(
    tmp_path: Path, glorp_pack: Path, bad: bytes, problem: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(records(2)) + bad + b"\n" + jsonl(records(1)))
    before = source.read_bytes()
    result = run(glorp_pack, source, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert f"in.jsonl:3: {problem}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.jsonl").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl", "pack.toml"]
    assert source.read_bytes() == before


@pytest.mark.parametrize(("bad", "problem"), BAD_RECORDS)
def test_skip_drops_a_bad_record_and_says_so(glorp_pack: Path, bad: bytes, problem: str) -> None:
    result = run(glorp_pack, "--on-error", "skip", input=jsonl(records(2)) + bad + b"\n" + jsonl(records(1)))
    assert result.exit_code == 0
    assert [record["id"] for record in read_jsonl(result.stdout_bytes)] == ["doc-0", "doc-1", "doc-0"]
    assert f"-:3: {problem}" in result.stderr and "(skipped)" in result.stderr
    assert "4 records" in result.stderr and "1 could not be processed" in result.stderr


@pytest.mark.parametrize(("bad", "problem"), BAD_RECORDS)
def test_keep_copies_a_bad_record_unchanged(glorp_pack: Path, bad: bytes, problem: str) -> None:
    result = run(glorp_pack, "--on-error", "keep", input=jsonl(records(2)) + bad + b"\n")
    assert result.exit_code == 0
    assert result.stdout_bytes.splitlines()[2] == bad
    assert f"-:3: {problem}" in result.stderr and "(kept as is)" in result.stderr


def test_a_rule_past_its_time_bound_is_a_bad_record(
    glorp_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    explain = Cleaner.explain

    def slow_on_one(self: Cleaner, text: str) -> Any:
        if "number 1 " in text:
            raise RuleTimeout("a rule pattern ran past 10s on this text")
        return explain(self, text)

    monkeypatch.setattr(Cleaner, "explain", slow_on_one)
    result = run(glorp_pack, "--on-error", "skip", input=jsonl(records(3)))
    assert [record["id"] for record in read_jsonl(result.stdout_bytes)] == ["doc-0", "doc-2"]
    assert "-:2: a rule pattern ran past 10s" in result.stderr
    assert run(glorp_pack, input=jsonl(records(3))).exit_code == 2


def test_chunks_hold_whole_lines_numbered_from_one() -> None:
    data = b"".join(b"line %d %s\n" % (number, b"x" * (number % 7)) for number in range(1, 40)) + b"last"
    chunks = list(read_chunks(io.BytesIO(data), "in.jsonl", size=25))
    assert len(chunks) > 5
    assert b"".join(chunk.data for chunk in chunks) == data
    for chunk in chunks[:-1]:
        assert chunk.data.endswith(b"\n")
        assert chunk.data.startswith(b"line %d " % chunk.first_line)
    assert chunks[-1].data.endswith(b"last")


def test_a_line_longer_than_a_chunk_stays_whole() -> None:
    data = b"short\n" + b"y" * 100 + b"\nshort\n"
    assert list(read_chunks(io.BytesIO(data), "in", size=8)) == [
        Chunk(1, b"short\n"), Chunk(2, b"y" * 100 + b"\n"), Chunk(3, b"short\n")
    ]


def test_workers_write_exactly_what_one_process_writes(glorp_pack: Path) -> None:
    data = jsonl(records(120)) + b'{"text": 7}\n' + jsonl(records(30))
    cleaner = Cleaner(select="TST", rules=[glorp_pack])
    options = Options(on_error="keep", explain=True)

    def outputs(jobs: int) -> tuple[bytes, str, list[tuple[int, str]]]:
        batches = list(clean_stream(cleaner, options, io.BytesIO(data), jobs=jobs, chunk_bytes=500))
        assert len(batches) > 10
        output = b"".join(batch.output for batch in batches)
        explained = "".join(text for batch in batches for text in batch.explain)
        return output, explained, [problem for batch in batches for problem in batch.problems]

    one = outputs(1)
    assert outputs(2) == one
    assert one[2] == [(121, "field 'text' is int, not a string")]


def test_jobs_option_gives_the_same_file(tmp_path: Path, glorp_pack: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(records(50)))
    for jobs in ("1", "2", "0"):
        result = run(glorp_pack, source, "-o", tmp_path / f"out{jobs}.jsonl", "--jobs", jobs, "-q")
        assert result.exit_code == 0
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out0.jsonl").read_bytes()


def test_gzip_in_and_out(tmp_path: Path, glorp_pack: Path) -> None:
    plain, zipped = tmp_path / "in.jsonl", tmp_path / "in.jsonl.gz"
    plain.write_bytes(jsonl(records(10)))
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    assert run(glorp_pack, plain, "-o", tmp_path / "out.jsonl").exit_code == 0
    assert run(glorp_pack, zipped, "-o", tmp_path / "out.jsonl.gz").exit_code == 0
    assert gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()) == (tmp_path / "out.jsonl").read_bytes()


def test_zstd_in_and_out(tmp_path: Path, glorp_pack: Path) -> None:
    zstandard = pytest.importorskip("zstandard", reason="needs the zstd extra")
    plain, zipped = tmp_path / "in.jsonl", tmp_path / "in.jsonl.zst"
    plain.write_bytes(jsonl(records(10)))
    zipped.write_bytes(zstandard.ZstdCompressor().compress(plain.read_bytes()))
    assert run(glorp_pack, plain, "-o", tmp_path / "out.jsonl").exit_code == 0
    assert run(glorp_pack, zipped, "-o", tmp_path / "out.jsonl.zst").exit_code == 0
    unzipped = zstandard.ZstdDecompressor().stream_reader((tmp_path / "out.jsonl.zst").read_bytes()).read()
    assert unzipped == (tmp_path / "out.jsonl").read_bytes()


def test_in_place_on_a_corpus(tmp_path: Path, glorp_pack: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(records(5)))
    assert run(glorp_pack, "--in-place", source, "-q").exit_code == 0
    assert all("Glorp deals" not in record["text"] for record in read_jsonl(source.read_bytes()))


def test_summary_and_stats(tmp_path: Path, glorp_pack: Path) -> None:
    stats = tmp_path / "stats.json"
    result = run(glorp_pack, "--stats", stats, input=jsonl(records(4)))
    assert result.stderr.startswith("clean-article: 4 records, ")
    assert result.stderr.strip().endswith("removed 4: ads 4")
    counts = json.loads(stats.read_text())
    assert (counts["records"], counts["failed"], counts["removals"]) == (4, 0, {"ads": 4})
    assert counts["megabytes"] == round(len(jsonl(records(4))) / 1e6, 3)
    assert run(glorp_pack, "--quiet", input=jsonl(records(4))).stderr == ""


def test_explain_names_the_line_and_the_id(glorp_pack: Path) -> None:
    result = run(glorp_pack, "-q", "--explain", input=jsonl(records(2)))
    reports = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(report["line"], report["id"], report["rule_id"]) for report in reports] == [
        (1, "doc-0", "TST001"), (2, "doc-1", "TST001")
    ]


def test_check_lists_records_with_removals(glorp_pack: Path) -> None:
    given = [{"text": "Nothing to remove here."}, *records(1)]
    result = run(glorp_pack, "-q", "--check", input=jsonl(given))
    assert result.exit_code == 1
    assert result.stdout.startswith('-:2: text[') and result.stdout.endswith('TST001 [ads] "Glorp deals"\n')
    assert run(glorp_pack, "-q", "--check", input=jsonl(given[:1])).exit_code == 0


def test_diff_shows_the_field_of_each_record(glorp_pack: Path) -> None:
    result = run(glorp_pack, "-q", "--diff", input=jsonl(records(1)))
    assert result.exit_code == 0
    assert "--- -:1:text" in result.stdout
    assert "\n-Glorp deals\n" in result.stdout
