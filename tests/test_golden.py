"""The shipped golden article, cleaned by the installed command exactly as expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cleaner.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLDEN_INPUT = FIXTURES / "global-news-isis.txt"
GOLDEN_OUTPUT = FIXTURES / "global-news-isis.clean.txt"


def test_the_command_prints_the_golden_output_byte_for_byte() -> None:
    """A real process, as a user runs it: no test harness between the command and its streams."""
    completed = subprocess.run(
        [sys.executable, "-m", "cleaner", str(GOLDEN_INPUT)], capture_output=True, check=False, timeout=60
    )
    assert (completed.returncode, completed.stderr) == (0, b"")
    assert completed.stdout == GOLDEN_OUTPUT.read_bytes()


def test_standard_input_gives_the_same_bytes() -> None:
    result = CliRunner().invoke(main, ["-"], input=GOLDEN_INPUT.read_bytes())
    assert result.exit_code == 0
    assert result.stdout_bytes == GOLDEN_OUTPUT.read_bytes()
