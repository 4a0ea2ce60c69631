"""The ``clean-article`` command: parse the options, build a :class:`~cleaner.Cleaner`, read, clean, write.

Exit codes: 0 done; 1 ``--check`` found something to remove; 2 bad usage or an input, rule pack
or output that cannot be used (one line on stderr says which); 130 interrupted; 143 terminated.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, BinaryIO, TextIO

import click
from click.core import ParameterSource

from . import __version__
from .api import DEFAULT_TIMEOUT, Cleaner
from .corpus import ON_ERROR, Batch, OnError, Options, Review, add_reports, clean_stream
from .io import STDIO, InputError, atomic_output, open_input, read_text
from .model import Rule, RuleError
from .patterns import RuleTimeout
from .report import Stats, text_locator

EXIT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 128 + signal.SIGTERM
_JSONL_ONLY = ("field", "on_error", "jobs")


class Failure(click.ClickException):
    """A one-line error about an input, a rule pack or an output; exit code 2."""

    exit_code = EXIT_BAD_INPUT


class _CleanByDefault(click.Group):
    """``clean-article FILE...`` means ``clean-article clean FILE...``; ``rules`` is the other command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args = ["clean", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_CleanByDefault, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clean-article")
def main() -> None:
    """Strip ads and boilerplate from scraped news text.

    `clean-article FILE...` is short for `clean-article clean FILE...`; see `clean-article clean --help`.
    """


def _build_cleaner(
    select: Sequence[str], ignore: Sequence[str], packs: Sequence[str], aggressive: bool,
    timeout: float = DEFAULT_TIMEOUT,
) -> Cleaner:
    """A cleaner for the options; ``--select AD,NL --select caption`` repeats add up."""
    try:
        return Cleaner(",".join(select) or None, ",".join(ignore), packs, aggressive=aggressive,
                       timeout=timeout or None)
    except (RuleError, ValueError) as error:
        raise Failure(str(error)) from None


def _check_inputs(sources: Iterable[str]) -> None:
    """Fail before anything is written if an input file is missing or is a directory."""
    for source in sources:
        if source == STDIO:
            continue
        path = Path(source)
        if path.is_dir():
            raise Failure(f"{source}: is a directory, not a file")
        if not path.exists():
            raise Failure(f"{source}: no such file")


def _targets(sources: Sequence[str], output: str | None, in_place: bool) -> list[str]:
    """Where each source's cleaned text goes: itself, ``-o`` (a file or a folder) or stdout."""
    if in_place:
        if STDIO in sources:
            raise click.UsageError("--in-place needs files, not standard input")
        return list(sources)
    if output is None:
        return [STDIO] * len(sources)
    if not os.path.isdir(output):
        if len(sources) > 1:
            raise click.UsageError(f"-o {output}: with several inputs, -o must be an existing directory")
        return [output]
    if STDIO in sources:
        raise click.UsageError("-o is a directory: name the output file for standard input")
    targets = [os.path.join(output, os.path.basename(source)) for source in sources]
    if len(set(targets)) < len(targets):
        raise click.UsageError("two inputs have the same file name; -o DIR would write both to one file")
    return targets


def _with_final_newline(text: str) -> str:
    """``text`` ending in a line break (the text's own kind), unless it is empty.

    >>> _with_final_newline("one\\r\\ntwo"), _with_final_newline("done\\n"), _with_final_newline("")
    ('one\\r\\ntwo\\r\\n', 'done\\n', '')
    """
    if not text or text.endswith(("\n", "\r")):
        return text
    return text + ("\r\n" if "\r\n" in text else "\n")


def _clean_text(cleaner: Cleaner, options: Options) -> Batch:
    """Clean one text file (or standard input) into a batch like a corpus chunk's."""
    text = read_text(options.source)
    try:
        result = cleaner.explain(text)
    except RuleTimeout as error:
        raise Failure(f"{options.source}: {error}") from None
    batch = Batch()
    batch.stats.bytes = len(text.encode("utf-8", "surrogatepass"))
    batch.stats.count(result)
    add_reports(batch, options, text, result, {"file": options.source}, text_locator(options.source, text),
                options.source)
    if options.review is None:
        batch.output += _with_final_newline(result.text).encode("utf-8", "surrogatepass")
    return batch


@contextlib.contextmanager
def progress_bar(source: str, enabled: bool) -> Iterator[Callable[[int], object]]:
    """A progress bar on stderr counting input bytes, if wanted and tqdm is installed."""
    try:
        from tqdm import tqdm
    except ImportError:
        enabled = False
    if not enabled:
        yield lambda _: None
        return
    size = os.path.getsize(source) if source != STDIO and not source.endswith(".gz") else None
    with tqdm(total=size, unit="B", unit_scale=True, desc=os.path.basename(source), leave=False) as bar:
        yield bar.update


def _write(batches: Iterable[Batch], options: Options, output: BinaryIO | None, explain_to: IO[str]) -> Stats:
    """Write each batch's output, reports and problems; fail at a bad record under ``--on-error fail``."""
    stats = Stats()
    for batch in batches:
        for line, problem in batch.problems:
            where = f"{options.source}:{line}: {problem}"
            if options.on_error == "fail":
                raise Failure(f"{where} (use --on-error skip or keep to go on past bad records)")
            handled = "skipped" if options.on_error == "skip" else "kept as is"
            click.echo(f"clean-article: {where} ({handled})", err=True)
        if output is not None:
            output.write(batch.output)
        sys.stdout.write("".join(batch.review))
        explain_to.write("".join(batch.explain))
        stats.add(batch.stats)
    return stats


@main.command("clean")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("-o", "--output", metavar="PATH", help="Write here: a file, or a directory for several inputs.")
@click.option("--in-place", is_flag=True, help="Rewrite each input file (atomically).")
@click.option("--jsonl", is_flag=True, help="Input is JSON Lines: clean one field of each record.")
@click.option("--field", default="text", show_default=True, help="The record field to clean (with --jsonl).")
@click.option("--on-error", type=click.Choice(ON_ERROR), default="fail", show_default=True,
              help="A record that cannot be processed: stop (fail), drop it (skip) or copy it (keep).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for --jsonl (0: one per core).")
@click.option("--explain", is_flag=True, help="Report each removal as JSON Lines on stderr.")
@click.option("--explain-to", metavar="FILE", help="Report each removal as JSON Lines to FILE.")
@click.option("--diff", "review", flag_value="diff", help="Print a diff of what would go; write nothing.")
@click.option("--check", "review", flag_value="check",
              help="List what would be removed and exit 1 if anything would; write nothing.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules: ids, prefixes, categories.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Not these rules: ids, prefixes, categories.")
@click.option("--rules", "packs", multiple=True, metavar="FILE", help="Add a TOML rule pack (repeatable).")
@click.option("--aggressive", is_flag=True, help="Also use the rules that trade a little safety for recall.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Time bound of one call of a user rule's pattern (0: none).")
@click.option("--stats", "stats_to", metavar="FILE", help="Write the run's counts as JSON to FILE.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@click.pass_context
def clean_command(ctx: click.Context, files: tuple[str, ...], output: str | None, in_place: bool, jsonl: bool,
                  field: str, on_error: OnError, jobs: int, explain: bool, explain_to: str | None,
                  review: Review | None, select: tuple[str, ...], ignore: tuple[str, ...],
                  packs: tuple[str, ...], aggressive: bool, timeout: float, stats_to: str | None,
                  quiet: bool) -> None:
    """Clean FILE(s), or standard input when there is none or FILE is -.

    \b
    Exit codes: 0 done; 1 --check found something to remove;
    2 bad usage, or an input, rule pack or output that cannot be used; 130 interrupted, 143 terminated.
    """
    if not jsonl:
        given = [name for name in _JSONL_ONLY if ctx.get_parameter_source(name) != ParameterSource.DEFAULT]
        if given:
            raise click.UsageError(f"--{given[0].replace('_', '-')} applies to --jsonl input only")
    if review and (output or in_place):
        raise click.UsageError(f"--{review} writes no output: drop -o/--in-place")
    sources = list(files) or [STDIO]
    targets = [] if review else _targets(sources, output, in_place)
    _check_inputs(sources)
    cleaner = _build_cleaner(select, ignore, packs, aggressive, timeout)
    started, total = time.monotonic(), Stats()
    with _one_line_errors(ctx), _terminate_cleanly(), contextlib.ExitStack() as stack:
        explain_stream: IO[str] = sys.stderr
        if explain_to:
            explain_stream = stack.enter_context(_text_output(explain_to))
        for index, source in enumerate(sources):
            options = Options(source, field, on_error, explain or bool(explain_to), review)
            target = targets[index] if targets else None
            total.add(_run(cleaner, options, target, explain_stream, jsonl=jsonl, jobs=jobs,
                           progress=jsonl and not quiet and not explain and sys.stderr.isatty(),
                           like=source if in_place else None))
        seconds = time.monotonic() - started
        if jsonl and not quiet:
            click.echo(f"clean-article: {total.summary(seconds)}", err=True)
        if stats_to:
            with _text_output(stats_to) as stream:
                stream.write(json.dumps(total.as_dict(seconds), indent=2) + "\n")
    if review == "check" and total.removals:
        ctx.exit(EXIT_FOUND)


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Exit on SIGTERM (code 143) through the usual clean-up, so that no temporary file stays behind."""

    def terminate(signum: int, frame: object) -> None:
        sys.exit(EXIT_TERMINATED)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _one_line_errors(ctx: click.Context) -> Iterator[None]:
    """Turn what can go wrong while cleaning into a one-line error (exit 2), or exit 130 on Ctrl-C."""
    try:
        yield
    except InputError as error:
        raise Failure(str(error)) from None
    except OSError as error:
        raise Failure(f"{error.filename or 'output'}: {error.strerror or error}") from None
    except BrokenProcessPool:
        raise Failure("a worker process died (out of memory?); the output was left out") from None
    except KeyboardInterrupt:
        click.echo("clean-article: interrupted; the file being written was left out", err=True)
        ctx.exit(EXIT_INTERRUPTED)


def _run(cleaner: Cleaner, options: Options, target: str | None, explain_to: IO[str], *, jsonl: bool,
         jobs: int, progress: bool, like: str | None) -> Stats:
    """Clean one source into ``target`` (None: review only)."""
    with contextlib.ExitStack() as stack:
        output = stack.enter_context(atomic_output(target, like=like)) if target else None
        if not jsonl:
            return _write([_clean_text(cleaner, options)], options, output, explain_to)
        stream = stack.enter_context(open_input(options.source))
        update = stack.enter_context(progress_bar(options.source, progress))
        # Closed on the way out, so that worker processes stop at once if writing fails.
        batches = stack.enter_context(contextlib.closing(clean_stream(cleaner, options, stream, jobs=jobs)))
        return _write(_counted(batches, update), options, output, explain_to)


def _counted(batches: Iterable[Batch], update: Callable[[int], object]) -> Iterator[Batch]:
    for batch in batches:
        update(batch.stats.bytes)
        yield batch


@contextlib.contextmanager
def _text_output(name: str) -> Iterator[TextIO]:
    """A UTF-8 text stream that becomes the file ``name`` atomically."""
    with atomic_output(name) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        try:
            yield text
            text.flush()
        finally:
            text.detach()


@main.command("rules")
@click.argument("code", required=False)
@click.option("--rules", "packs", multiple=True, metavar="FILE", help="Also list this TOML pack's rules.")
def rules_command(code: str | None, packs: tuple[str, ...]) -> None:
    """List the rules (id, category, action, name), or show one rule in full.

    CODE is a rule id (shown in full), an id prefix or a category (listed).
    """
    rules = _build_cleaner((), (), packs, aggressive=True).rules
    exact = [rule for rule in rules if code and rule.id.upper() == code.upper()]
    if exact:
        click.echo(_describe_rule(exact[0]))
        return
    shown = [rule for rule in rules if code is None or rule.matches_code(code)]
    if not shown:
        raise Failure(f"no rule matches {code!r}; 'clean-article rules' lists them all")
    width = max(len(rule.id) for rule in shown)
    for rule in shown:
        flag = "  (aggressive)" if rule.aggressive else ""
        click.echo(f"{rule.id:<{width}}  {rule.category:<10}  {rule.action:<6}  {rule.name}{flag}")


def _describe_rule(rule: Rule) -> str:
    lines = [
        f"{rule.id}  {rule.name}",
        f"category: {rule.category}   action: {rule.action}   pack: {rule.pack}"
        + ("   aggressive: only with --aggressive" if rule.aggressive else "")
        + ("   in_prose: also a run of sentences inside a paragraph" if rule.in_prose else "")
        + ("   anchor: may start at any word" if rule.anchor == "word" else ""),
        f"why: {rule.why}",
        f"pattern: {rule.pattern}" + ("   (case-sensitive)" if rule.case_sensitive else ""),
        "removes:",
        *(f"  {example!r}" for example in rule.removes),
        "keeps:",
        *(f"  {example!r}" for example in rule.keeps),
    ]
    return "\n".join(lines)
