"""The ``clean-article`` command on text files: inputs, outputs, reports, rules and bad input."""

from __future__ import annotations

import json
import os
import signal
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cleaner import Cleaner, __version__
from cleaner.api import DEFAULT_TIMEOUT
from cleaner.cli import main, progress_bar

ARTICLE = "The council met on Tuesday.\n\nGlorp deals\n\nIt approved the new budget by seven votes to two.\n"
CLEANED = "The council met on Tuesday.\n\nIt approved the new budget by seven votes to two.\n"




def run(*args: str | Path, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], input=input, catch_exceptions=False)


def cleaning(glorp_pack: Path, *args: str | Path, input: bytes | str | None = None) -> Result:
    """Run with only the test pack's rule, so that results do not move with the built-in packs."""
    return run("--rules", glorp_pack, "--select", "TST", *args, input=input)


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_cleans_a_file_to_stdout(tmp_path: Path, glorp_pack: Path) -> None:
    result = cleaning(glorp_pack, write(tmp_path / "in.txt", ARTICLE))
    assert result.exit_code == 0
    assert result.stdout == CLEANED


def test_reads_stdin_without_a_file_or_with_a_dash(glorp_pack: Path) -> None:
    assert cleaning(glorp_pack, input=ARTICLE).stdout == CLEANED
    assert cleaning(glorp_pack, "-", input=ARTICLE).stdout == CLEANED


def test_keeps_windows_line_endings(tmp_path: Path, glorp_pack: Path) -> None:
    source = write(tmp_path / "in.txt", ARTICLE.replace("\n", "\r\n"))
    assert cleaning(glorp_pack, source).stdout_bytes == CLEANED.replace("\n", "\r\n").encode()


@pytest.mark.parametrize(("text", "printed"), [
    ("One line without an end", "One line without an end\n"),
    ("Ends already.\n", "Ends already.\n"),
    ("Windows style.\r\nNo end", "Windows style.\r\nNo end\r\n"),
    ("Glorp deals", ""),
])
def test_adds_one_final_line_break_only_when_missing(glorp_pack: Path, text: str, printed: str) -> None:
    assert cleaning(glorp_pack, input=text.encode()).stdout_bytes == printed.encode()


def test_several_files_go_to_stdout_in_order(tmp_path: Path, glorp_pack: Path) -> None:
    first = write(tmp_path / "a.txt", "First story.\nGlorp deals\n")
    second = write(tmp_path / "b.txt", "Second story.\n")
    assert cleaning(glorp_pack, first, second).stdout == "First story.\nSecond story.\n"


def test_output_file(tmp_path: Path, glorp_pack: Path) -> None:
    target = tmp_path / "out.txt"
    result = cleaning(glorp_pack, write(tmp_path / "in.txt", ARTICLE), "-o", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text() == CLEANED


def test_output_directory_for_several_files(tmp_path: Path, glorp_pack: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    sources = [write(tmp_path / "in" / name, ARTICLE) for name in ("a.txt", "b.txt")]
    assert cleaning(glorp_pack, *sources, "-o", tmp_path / "out").exit_code == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt"]
    assert (tmp_path / "out" / "b.txt").read_text() == CLEANED


def test_several_files_need_an_output_directory(tmp_path: Path, glorp_pack: Path) -> None:
    sources = [write(tmp_path / name, ARTICLE) for name in ("a.txt", "b.txt")]
    result = cleaning(glorp_pack, *sources, "-o", tmp_path / "out.txt")
    assert result.exit_code == 2
    assert "must be an existing directory" in result.stderr
    assert not (tmp_path / "out.txt").exists()


def test_in_place_rewrites_each_file_and_keeps_its_permissions(tmp_path: Path, glorp_pack: Path) -> None:
    source = write(tmp_path / "in.txt", ARTICLE)
    source.chmod(0o640)
    result = cleaning(glorp_pack, "--in-place", source)
    assert (result.exit_code, result.stdout) == (0, "")
    assert source.read_text() == CLEANED
    assert stat.S_IMODE(source.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["in.txt", "pack.toml"]


def test_in_place_needs_files(glorp_pack: Path) -> None:
    assert cleaning(glorp_pack, "--in-place", input=ARTICLE).exit_code == 2


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("missing.txt", None, "no such file"),
    ("folder", "dir", "is a directory"),
    ("binary.bin", b"PK\x03\x04\x00\x00binary", "binary file"),
    ("latin1.txt", "Café au lait.\n".encode("latin-1"), "not valid UTF-8"),
])
def test_bad_input_is_one_line_error_and_writes_nothing(
    tmp_path: Path, glorp_pack: Path, name: str, content: bytes | str | None, problem: str
) -> None:
    source = tmp_path / name
    if content == "dir":
        source.mkdir()
    elif isinstance(content, bytes):
        source.write_bytes(content)
    target = tmp_path / "out.txt"
    before = sorted(os.listdir(tmp_path))
    result = cleaning(glorp_pack, source, "-o", target)
    assert result.exit_code == 2
    assert problem in result.stderr and name in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert sorted(os.listdir(tmp_path)) == before
    if isinstance(content, bytes):
        assert source.read_bytes() == content


def test_a_bad_input_among_several_writes_nothing(tmp_path: Path, glorp_pack: Path) -> None:
    (tmp_path / "out").mkdir()
    good = write(tmp_path / "good.txt", ARTICLE)
    result = cleaning(glorp_pack, good, tmp_path / "missing.txt", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert list((tmp_path / "out").iterdir()) == []


def test_a_broken_rule_pack_is_one_line_error(tmp_path: Path, write_pack: Callable[..., Path]) -> None:
    broken = write_pack('[[rule]]\nid = "X1"\nname = "half a rule"\n', name="broken.toml")
    result = run("--rules", broken, input=ARTICLE)
    assert result.exit_code == 2
    assert "broken.toml" in result.stderr and "X1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_rule_code_is_an_error() -> None:
    result = run("--select", "NOSUCHCODE", input=ARTICLE)
    assert result.exit_code == 2
    assert "NOSUCHCODE" in result.stderr


def test_jsonl_options_need_jsonl(glorp_pack: Path) -> None:
    result = cleaning(glorp_pack, "--field", "body", input=ARTICLE)
    assert result.exit_code == 2
    assert "--field applies to --jsonl input only" in result.stderr


def test_check_lists_removals_and_exits_1(tmp_path: Path, glorp_pack: Path) -> None:
    source = write(tmp_path / "in.txt", ARTICLE)
    result = cleaning(glorp_pack, "--check", source)
    assert result.exit_code == 1
    assert result.stdout == f'{source}:3:1: TST001 [ads] "Glorp deals"\n'
    assert source.read_text() == ARTICLE


def test_check_passes_clean_input(glorp_pack: Path) -> None:
    result = cleaning(glorp_pack, "--check", input=CLEANED)
    assert (result.exit_code, result.stdout) == (0, "")


def test_diff_shows_what_would_go_and_writes_nothing(tmp_path: Path, glorp_pack: Path) -> None:
    source = write(tmp_path / "in.txt", ARTICLE)
    result = cleaning(glorp_pack, "--diff", source)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    removed = [line for line in lines if line.startswith("-") and not line.startswith("---")]
    assert removed == ["-Glorp deals", "-"]
    assert f"--- {source}" in result.stdout
    assert cleaning(glorp_pack, "--diff", source, "-o", tmp_path / "out.txt").exit_code == 2


def test_explain_reports_removals_as_json_lines_on_stderr(glorp_pack: Path) -> None:
    result = cleaning(glorp_pack, "--explain", input=ARTICLE)
    assert result.stdout == CLEANED
    reports = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(report["rule_id"], report["category"], report["file"]) for report in reports] == [
        ("TST001", "ads", "-")
    ]
    assert ARTICLE[reports[0]["start"] : reports[0]["end"]] == reports[0]["text"]


def test_explain_to_a_file(tmp_path: Path, glorp_pack: Path) -> None:
    report = tmp_path / "removals.jsonl"
    result = cleaning(glorp_pack, "--explain-to", report, input=ARTICLE)
    assert (result.stdout, result.stderr) == (CLEANED, "")
    assert json.loads(report.read_text())["text"].strip() == "Glorp deals"


def test_select_and_ignore_choose_the_rules(glorp_pack: Path) -> None:
    assert run("--rules", glorp_pack, "--ignore", "TST001", input=ARTICLE).stdout == ARTICLE
    assert run("--rules", glorp_pack, "--select", "ads", "--ignore", "TST", input=ARTICLE).stdout == ARTICLE


def test_aggressive_turns_on_aggressive_rules(
    write_pack: Callable[..., Path], rule_toml: Callable[..., str]
) -> None:
    pack = write_pack(rule_toml(pattern="glorp deals", removes=["Glorp deals"], keeps=["Glorp deals vary."],
                                aggressive=True))
    assert run("--rules", pack, "--select", "ads", input=ARTICLE).stdout == ARTICLE
    assert run("--rules", pack, "--select", "ads", "--aggressive", input=ARTICLE).stdout == CLEANED


def test_stats_file(tmp_path: Path, glorp_pack: Path) -> None:
    stats = tmp_path / "stats.json"
    assert cleaning(glorp_pack, "--stats", stats, input=ARTICLE).exit_code == 0
    counts = json.loads(stats.read_text())
    assert (counts["records"], counts["failed"], counts["removals"]) == (1, 0, {"ads": 1})


def test_rules_lists_every_rule() -> None:
    result = run("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == [rule.id for rule in Cleaner(aggressive=True).rules]


def test_rules_shows_one_rule_with_its_examples(glorp_pack: Path) -> None:
    result = run("rules", "--rules", glorp_pack, "TST001")
    assert result.exit_code == 0
    assert "why: A shop button." in result.stdout
    assert "pattern: glorp deals" in result.stdout
    assert "'Glorp deals are a scam, said the mayor.'" in result.stdout


def test_a_rule_in_prose_cleans_a_paragraph_and_says_so(
    write_pack: Callable[..., Path], rule_toml: Callable[..., str]
) -> None:
    pack = write_pack(rule_toml(pattern="glorp deals await[.!]", removes=["Glorp deals await!"], in_prose=True))
    assert "in_prose: also a run of sentences" in run("rules", "--rules", pack, "TST001").stdout
    text = "The mayor spoke on Tuesday. Glorp deals await! The crowd cheered for a long time.\n"
    result = run("--rules", pack, "--select", "TST001", input=text)
    assert result.stdout == "The mayor spoke on Tuesday. The crowd cheered for a long time.\n"


def test_rules_by_category_and_unknown_code(glorp_pack: Path) -> None:
    listed = run("rules", "--rules", glorp_pack, "ads").stdout.splitlines()
    assert listed and all(line.split()[1] == "ads" for line in listed)
    result = run("rules", "NOSUCH")
    assert result.exit_code == 2
    assert "no rule matches 'NOSUCH'" in result.stderr


def test_version() -> None:
    assert run("--version").stdout.strip().endswith(__version__)


def test_interrupt_leaves_no_output_file(
    tmp_path: Path, glorp_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "in.txt", ARTICLE)
    target = write(tmp_path / "out.txt", "the previous output\n")

    def interrupted(self: Cleaner, text: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Cleaner, "explain", interrupted)
    result = cleaning(glorp_pack, source, "-o", target)
    assert result.exit_code == 130
    assert target.read_text() == "the previous output\n"
    assert source.read_text() == ARTICLE
    assert sorted(os.listdir(tmp_path)) == ["in.txt", "out.txt", "pack.toml"]


def test_unwritable_output_is_one_line_error(tmp_path: Path, glorp_pack: Path) -> None:
    result = cleaning(glorp_pack, "-o", tmp_path / "no-such-folder" / "out.txt", input=ARTICLE)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_progress_bar_counts_bytes_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    source = write(tmp_path / "in.jsonl", "x" * 1000)
    with progress_bar(str(source), enabled=True) as update:
        update(1000)
    assert "in.jsonl" in capsys.readouterr().err


def test_progress_bar_is_optional(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if tqdm were not installed
    with progress_bar("-", enabled=True) as update:
        update(1000)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("given", "bound"), [([], DEFAULT_TIMEOUT), (["--timeout", "2.5"], 2.5), (["--timeout", "0"], None)]
)
def test_timeout_bounds_each_pattern(
    monkeypatch: pytest.MonkeyPatch, given: list[str], bound: float | None
) -> None:
    built: list[Cleaner] = []

    class Recorded(Cleaner):
        def __init__(self, *args: Any, **options: Any) -> None:
            super().__init__(*args, **options)
            built.append(self)

    monkeypatch.setattr("cleaner.cli.Cleaner", Recorded)
    assert run(*given, input=ARTICLE).exit_code == 0
    assert [cleaner.timeout for cleaner in built] == [bound]


def test_termination_leaves_no_output_file(
    tmp_path: Path, glorp_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "in.txt", ARTICLE)

    def terminated(self: Cleaner, text: str) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Cleaner, "explain", terminated)
    result = cleaning(glorp_pack, source, "-o", tmp_path / "out.txt")
    assert result.exit_code == 128 + signal.SIGTERM
    assert sorted(os.listdir(tmp_path)) == ["in.txt", "pack.toml"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
