"""The askbio command: thin shells around Engine and evaluate. The only module importing click."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from askbio import __version__
from askbio.errors import AskbioError, BadRequest, ExitCode
from askbio.models import Answer
from askbio.settings import SETTING, Config, RetrievalParams

EPILOG = """\b
Exit codes: 0 done, 1 internal error, 2 bad invocation, 3 bad question or
question file, 4 corpus unusable, 5 index unusable, 6 eval below threshold,
130 interrupted, 141 output closed early (askbio - | head -1).
"""

# Control characters (C0, DEL, C1) and bidirectional overrides: from a question or a document,
# they could move the cursor, rewrite a line, retitle the window or reorder what is shown.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` safe for a terminal: each control character as its Python escape (``\\x1b``, ``\\r``)."""
    return _UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], str(text))


def to_json(data: Any) -> str:
    """One line of JSON, UTF-8 text as is, except that control characters are escaped: those
    json.dumps leaves (DEL, C1, bidirectional overrides) as well as the others."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(data, ensure_ascii=False))


class AskGroup(click.Group):
    """A group whose default command is `ask`: ``askbio "QUESTION"`` means ``askbio ask "QUESTION"``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        i = 0
        while i < len(args):
            arg = args[i]
            if arg in ("--corpus", "--index-dir"):
                i += 2
            elif arg.startswith(("--corpus=", "--index-dir=", "-v", "--verbose", "-q", "--quiet")):
                i += 1
            else:
                break
        if i < len(args) and args[i] not in self.commands and args[i] not in ("--help", "-h", "--version"):
            args = [*args[:i], "ask", *args[i:]]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Domain errors become one line on stderr and their documented exit code."""
        try:
            return super().invoke(ctx)
        except AskbioError as exc:
            click.echo(f"askbio: error: {printable(exc.message)}", err=True)
            ctx.exit(int(exc.exit_code))
        except BrokenPipeError:
            # The reader went away (`askbio - | head -1`): stop quietly, as a tool SIGPIPE ends.
            _discard_stdout()
            ctx.exit(int(ExitCode.BROKEN_PIPE))


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush finds no closed pipe."""
    with contextlib.suppress(OSError, ValueError):  # not a file descriptor (tests capture it)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()


@click.group(cls=AskGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ASKBIO_CORPUS",
    help=SETTING["corpus"]
    .option_help("Folder of documents to answer from")
    .replace("none", "the bundled corpus"),
)
@click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ASKBIO_INDEX_DIR",
    help=SETTING["index_dir"]
    .option_help("Where the index is saved")
    .replace("none", "a folder in the user cache"),
)
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings or progress.")
@click.version_option(__version__, prog_name="askbio")
@click.pass_context
def cli(ctx: click.Context, corpus: Path | None, index_dir: Path | None, quiet: bool) -> None:
    """Answer questions from a document collection, with cited sources and no language model.

    \b
      askbio "how many jobs in biomanufacturing"
      askbio --json "what share of exports is pharmaceutical?"
      askbio - < questions.txt          one JSON answer per line
      askbio chat                       a conversation, follow-ups included
      askbio index                      (re)build the index
    """
    _configure_logging(quiet)
    ctx.obj = Config.from_env({"corpus": corpus, "index_dir": index_dir})


def _engine(ctx: click.Context) -> Any:
    from askbio.engine import Engine

    return Engine(ctx.find_root().obj)


@cli.command(epilog=EPILOG)
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option(
    "-k",
    "--top-k",
    type=click.IntRange(1, 20),
    help=f"Cite at most this many passages [default: {SETTING['top_k'].default}].",
)
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool, top_k: int | None) -> None:
    """Answer QUESTION from the corpus and list the sources.

    With "-" as QUESTION, read questions one per line from standard input and print one JSON
    object per line, in order (a line that is not a usable question gets an "error" object).
    """
    if top_k is not None:
        from dataclasses import replace

        ctx.find_root().obj = replace(ctx.find_root().obj, top_k=top_k)
    engine = _engine(ctx)
    if question == "-":
        _ask_stream(engine)
        return
    answer = engine.ask(question)
    if as_json:
        click.echo(to_json(answer.to_dict()))
    else:
        click.echo(format_answer(answer, color=sys.stdout.isatty()))


# The turns sent back with each question, as the widget sends them (web/widget.js MAX_HISTORY).
CHAT_HISTORY_TURNS = 10


@cli.command(epilog=EPILOG)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON answer per line, for scripts.")
@click.pass_context
def chat(ctx: click.Context, as_json: bool) -> None:
    """Chat with the documents: ask questions one after another, follow-ups included ("and in
    Flanders?" is read with the question before it, as in the widget).

    \b
    Each answer is printed as `askbio "QUESTION"` prints it, after a line
    "Answering: ..." when the conversation changed the question. "quit",
    "exit" or Ctrl-D end the session; Ctrl-C cancels the line being typed.
    On a terminal, lines can be edited and recalled (readline); they are
    kept in ~/.cache/askbio/chat_history ($XDG_CACHE_HOME/askbio/...).
    Reading from a pipe, it prints no prompt.
    """
    engine = _engine(ctx)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    save_history = _line_editing() if interactive else None
    if interactive:
        click.echo('Ask a question about the documents ("quit" or Ctrl-D to leave).', err=True)
    history: list[dict[str, str]] = []
    try:
        for question in _chat_lines(interactive):
            if question.strip().lower() in ("quit", "exit"):
                break
            if not question.strip():
                continue
            try:
                answer = engine.ask(question, history[-CHAT_HISTORY_TURNS:])
            except KeyboardInterrupt:  # a slow answer given up on: the session goes on
                click.echo("", err=True)
                continue
            except AskbioError as exc:
                if exc.exit_code != ExitCode.BAD_INPUT:
                    raise
                click.echo(
                    to_json({"question": question, **exc.to_dict()}) if as_json else f"askbio: {exc.message}"
                )
                continue
            history.append({"question": question, "answer": answer.answer})
            click.echo(
                to_json(answer.to_dict()) if as_json else format_turn(answer, color=sys.stdout.isatty())
            )
    finally:
        if save_history:
            save_history()


def _chat_lines(interactive: bool) -> Iterator[str]:
    """The lines typed (with a prompt, Ctrl-C cancelling the line) or piped in, until EOF."""
    if not interactive:
        stdin: Any = sys.stdin
        if stdin is not None:  # closed (askbio chat <&-): no questions
            for raw in stdin.buffer:  # bytes, so that a line that is not UTF-8 costs no other line
                yield raw.decode("utf-8", "replace").rstrip("\r\n")
        return
    while True:
        try:
            yield input("askbio> ")
        except KeyboardInterrupt:
            click.echo("", err=True)
        except EOFError:
            click.echo("", err=True)
            return


def _line_editing() -> Callable[[], None] | None:
    """Readline editing and history for `input()`, where Python has it; returns what saves the
    history (in the user cache) when the session ends."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return None
    from askbio.engine import user_cache_dir

    path = user_cache_dir() / "chat_history"
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):  # a read-only cache costs the history, not the session
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)

    return save


def format_turn(answer: Answer, *, color: bool = False) -> str:
    """An answer in a conversation: the question askbio answered when the conversation changed
    it ("Answering: ..."), then the answer as `format_answer` prints it."""
    text = format_answer(answer, color=color)
    if answer.resolved_question:
        text = printable(f"Answering: {answer.resolved_question}") + "\n" + text
    return text + "\n"


def _ask_stream(engine: Any) -> None:
    """One JSON line (UTF-8) for each line of standard input, read as bytes so that a line that
    is not UTF-8 gets an error line of its own and costs no other line."""
    stdin: Any = sys.stdin
    if stdin is None:  # closed (askbio - <&-): no questions
        return
    out = sys.stdout.buffer
    for line in stdin.buffer:
        raw = line.rstrip(b"\r\n")
        try:
            question = raw.decode("utf-8")
            record = engine.ask(question).to_dict()
        except UnicodeDecodeError as exc:
            error = BadRequest(f"the line is not valid UTF-8 (byte {exc.start + 1})", code="invalid_utf8")
            record = {"question": raw.decode("utf-8", "replace"), **error.to_dict()}
        except AskbioError as exc:
            if exc.exit_code not in (ExitCode.BAD_INPUT,):
                raise
            record = {"question": question, **exc.to_dict()}
        out.write(to_json(record).encode("utf-8") + b"\n")
        out.flush()


def format_answer(answer: Answer, *, color: bool = False) -> str:
    """The answer for a terminal: the short answer, then numbered sources with matches marked.
    An abstention with a near miss ("The nearest they come: ... [1]") lists its sources too."""
    text, span = printable(answer.answer), printable(answer.answer_span or "")
    lines = [text.replace(span, click.style(span, bold=True), 1) if span and color else text]
    if not answer.citations:
        return "\n".join(lines)
    lines += ["", f"Sources (confidence {answer.confidence:.2f}):"]
    for n, c in enumerate(answer.citations, start=1):
        source = (
            c.title + (f" — {c.publisher}" if c.publisher else "") + (f", page {c.page}" if c.page else "")
        )
        lines.append(printable(f"[{n}] {source}" + (f" <{c.url}>" if c.url else "")))
        lines.append(_indent(_mark(c.text, c.highlights, color)))
    return "\n".join(lines)


def _mark(text: str, spans: Any, color: bool) -> str:
    text = text.translate(_LINE_BREAKS)  # a passage's lines ("May 22, 2024\n\nPosted by ...") as one
    out, pos = [], 0
    for start, end in spans:
        word = printable(text[start:end])
        out += [
            printable(text[pos:start]),
            click.style(word, bold=True, underline=True) if color else f"**{word}**",
        ]
        pos = end
    out.append(printable(text[pos:]))
    return " ".join("".join(out).split())


_LINE_BREAKS = str.maketrans("\n\r\t", "   ")


def _indent(text: str, width: int = 96) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="    "))


@cli.command(epilog=EPILOG)
@click.option("--strict", is_flag=True, help="Fail on the first corpus file that cannot be used.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts and the changes as one JSON object.")
@click.pass_context
def index(ctx: click.Context, strict: bool, as_json: bool) -> None:
    """Build the index of the corpus and save it (JSON and numpy arrays), and say which files
    were added, changed, removed or skipped since the index before."""
    from askbio import store
    from askbio.corpus import Changes, Skipped

    engine = _engine(ctx)
    previous = store.saved_file_states(engine.index_dir)
    started = time.perf_counter()
    with _interrupts_remembered() as interrupts:
        try:
            bundle = engine.build(
                strict=strict, progress=_progress_bars(min_total=50), interrupted=interrupts.received
            )
            if interrupts.received():  # one that arrived after the switch, inside a __del__
                raise KeyboardInterrupt
        except KeyboardInterrupt:
            current = store.current_version(engine.index_dir)
            state = f"the index in service is {current}" if current else "no index was saved"
            click.echo(f"askbio: interrupted; {state}", err=True)
            ctx.exit(130)
    seconds = round(time.perf_counter() - started, 1)  # every build is a full one: what one costs
    skipped = [Skipped(s["path"], s["reason"]) for s in bundle.skipped]
    changes = Changes.between(previous or [], bundle.file_states, skipped)
    where = engine.index_dir / bundle.version
    if as_json:
        counts = {"documents": len(bundle.documents), "passages": len(bundle.passages)}
        first = {"first_index": previous is None}
        click.echo(
            to_json(
                {
                    **counts,
                    "terms": bundle.postings.n_terms,
                    **first,
                    **changes.to_dict(),
                    "seconds": seconds,
                    "index": str(where),
                }
            )
        )
        return
    skipped_note = f", {len(bundle.skipped)} file(s) skipped" if bundle.skipped else ""
    click.echo(
        f"Indexed {len(bundle.documents)} document(s), {len(bundle.passages)} passages, "
        f"{bundle.postings.n_terms} terms{skipped_note}, in {seconds} s (a full rebuild)."
    )
    click.echo(_format_changes(changes, first=previous is None))
    click.echo(f"Index: {printable(where)}")


def _format_changes(changes: Any, *, first: bool) -> str:
    """What changed since the index before, a line a kind (the first ten paths of each)."""

    def listed(paths: list[str]) -> str:
        more = f", and {len(paths) - 10} more" if len(paths) > 10 else ""
        return printable(", ".join(paths[:10]) + more)

    lines = ["No index before this one." if first else "Since the index before:"]
    if not first:
        for kind in ("added", "changed", "removed"):
            paths = getattr(changes, kind)
            lines.append(f"  {kind}: {len(paths)}" + (f" ({listed(list(paths))})" if paths else ""))
    reasons = [f"{s.path} ({s.reason})" for s in changes.skipped]
    lines.append(f"  skipped: {len(reasons)}" + (f" ({listed(reasons)})" if reasons else ""))
    return "\n".join(lines)


@cli.command(epilog=EPILOG)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Show the corpus and index askbio answers from."""
    details = _engine(ctx).info()
    if as_json:
        click.echo(to_json(details))
        return
    for key, value in details.items():
        if key == "skipped":
            value = ", ".join(f"{s['path']} ({s['reason']})" for s in value) or "none"
        click.echo(f"{key.replace('_', ' ')}: {printable(value)}")


@cli.command(epilog=EPILOG)
@click.option(
    "--log",
    "log_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ASKBIO_UNANSWERED_LOG",
    help="The SQLite log of unanswered questions [env: ASKBIO_UNANSWERED_LOG].",
)
@click.option("-n", "--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="How many.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def report(ctx: click.Context, log_path: Path | None, limit: int, as_json: bool) -> None:
    """List the most frequent questions askbio could not answer (from the unanswered log,
    which `askbio serve` and `askbio ask` write when ASKBIO_UNANSWERED_LOG is set). Questions
    last asked longer ago than ASKBIO_UNANSWERED_RETENTION_DAYS are deleted from it first."""
    from askbio.unanswered import UnansweredLog

    if log_path is None:
        raise click.UsageError("no log: set ASKBIO_UNANSWERED_LOG or pass --log FILE")
    rows = UnansweredLog(log_path, ctx.find_root().obj.unanswered_retention_days).report(limit)
    if as_json:
        click.echo(to_json(rows))
        return
    if not rows:
        click.echo("No unanswered questions logged.")
        return
    for row in rows:
        words = f"  (unknown words: {', '.join(row['unmatched_words'])})" if row["unmatched_words"] else ""
        click.echo(f"{row['count']:>5}  {row['last_asked']}  " + printable(row["question"] + words))


class _Interrupts:
    """A SIGINT handler that raises KeyboardInterrupt and also remembers it: Python drops an
    exception raised inside a __del__ method, and a build must not carry on to success then."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, signum: int, frame: Any) -> None:
        self.count += 1
        raise KeyboardInterrupt

    def received(self) -> bool:
        return self.count > 0


@contextlib.contextmanager
def _interrupts_remembered() -> Iterator[_Interrupts]:
    """Ctrl-C handled by an _Interrupts, and not reported as an error when it lands in a __del__."""
    import signal
    import threading

    interrupts = _Interrupts()
    if threading.current_thread() is not threading.main_thread():  # only it may set handlers
        yield interrupts
        return
    report = sys.unraisablehook

    def unraisable(info: Any) -> None:
        if not isinstance(info.exc_value, KeyboardInterrupt):  # that one is remembered and acted on
            report(info)

    previous = signal.signal(signal.SIGINT, interrupts)
    sys.unraisablehook = unraisable
    try:
        yield interrupts
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = report


def _progress_bars(min_total: int = 0) -> Callable[[str, int, int], None]:
    """A progress callback drawing one bar per stage on stderr (none with -q, or for small jobs)."""
    bars: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if logging.getLogger("askbio").level > logging.INFO or total < min_total:
            return
        if stage not in bars:
            bars[stage] = click.progressbar(length=total, label=stage.capitalize(), file=sys.stderr)
            bars[stage].__enter__()
        bars[stage].update(done - bars[stage].pos)
        if done >= total:
            bars[stage].__exit__(None, None, None)

    return progress


def _configure_logging(quiet: bool) -> None:
    logger = logging.getLogger("askbio")
    logger.setLevel(logging.ERROR if quiet else logging.INFO)
    if not any(getattr(h, "_askbio", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(_PrintableFormatter("askbio: %(message)s"))
        handler._askbio = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False


class _PrintableFormatter(logging.Formatter):
    """Log lines name corpus files and questions: their control characters are escaped too."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record)) if record.exc_info is None else super().format(record)


def main() -> None:
    """Entry point: domain errors become a one-line message and their exit code."""
    try:
        # Without standalone mode, click returns the code of ctx.exit() instead of exiting.
        code = cli.main(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _discard_stdout()
        sys.exit(ExitCode.BROKEN_PIPE)
    except Exception as exc:
        import os

        if os.environ.get("ASKBIO_DEBUG"):
            raise
        click.echo(
            printable(f"askbio: internal error: {type(exc).__name__}: {exc}")
            + " (set ASKBIO_DEBUG=1 for a traceback)",
            err=True,
        )
        sys.exit(ExitCode.ERROR)


@cli.command(epilog=EPILOG)
@click.option("--host", envvar="ASKBIO_HOST", help=SETTING["host"].option_help("Address to listen on"))
@click.option(
    "--port", type=click.IntRange(0, 65535), envvar="ASKBIO_PORT", help=SETTING["port"].option_help("Port")
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    envvar="ASKBIO_WORKERS",
    help=SETTING["workers"].option_help("Worker processes"),
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    envvar="ASKBIO_THREADS",
    help=SETTING["threads"].option_help("Threads per worker"),
)
@click.option(
    "--cors-origins",
    envvar="ASKBIO_CORS_ORIGINS",
    help=SETTING["cors_origins"].option_help("Comma-separated origins whose pages may call the API"),
)
@click.option(
    "--title",
    envvar="ASKBIO_TITLE",
    help=SETTING["title"].option_help("Name of the collection, for the widget's greeting and the demo page"),
)
@click.option("--access-log", is_flag=True, help="Log every request to standard error.")
@click.pass_context
def serve(
    ctx: click.Context,
    host: str | None,
    port: int | None,
    workers: int | None,
    threads: int | None,
    cors_origins: str | None,
    title: str | None,
    access_log: bool,
) -> None:
    """Serve the chat API (/api/chat, /api/health, /api/collection, /api/openapi.json), the
    demo page with the widget (/) and the document view (/documents/<doc_id>) under gunicorn,
    a production WSGI server."""
    from dataclasses import replace

    from askbio import server

    config = ctx.find_root().obj
    overrides = {
        "host": host,
        "port": port,
        "workers": workers,
        "threads": threads,
        "cors_origins": cors_origins,
        "title": title,
    }
    config = replace(config, **{k: v for k, v in overrides.items() if v is not None})
    server.run(config, access_log=access_log)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)i?b?", re.IGNORECASE)


def _bytes(value: str) -> int:
    """A size as written: 5000000, 500k, 50MB, 1G (factors of 1024)."""
    match = _SIZE.fullmatch(value.strip())
    if not match:
        raise click.BadParameter(f"{value!r} is not a size such as 50MB, 500k or 5000000")
    return int(float(match[1]) * 1024 ** " kmg".index(match[2].lower() or " "))


@cli.command(epilog=EPILOG)
@click.argument("url")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--max-pages", type=click.IntRange(1), default=500, show_default=True, help="Pages to store at most."
)
@click.option(
    "--max-bytes", default="100MB", show_default=True, help="Bytes to download at most, all pages together."
)
@click.option(
    "--delay",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="Seconds between requests (robots.txt's Crawl-delay when it asks for more).",
)
@click.option(
    "--allow-host", "allowed", multiple=True, metavar="HOST", help="Another host to crawl too. Repeatable."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print what was fetched and skipped as one JSON object."
)
def crawl(
    url: str,
    folder: Path,
    max_pages: int,
    max_bytes: str,
    delay: float,
    allowed: tuple[str, ...],
    as_json: bool,
) -> None:
    """Fetch the website at URL (a start page, or a sitemap.xml) into FOLDER, a corpus folder:
    each page of the same host (or an --allow-host) that robots.txt allows, as HTML with its
    address and title in front matter. Run again, it fetches only the pages that changed.

    \b
      askbio crawl https://www.example.org/ site/
      askbio --corpus site/ "how do I apply?"
    """
    from askbio.crawl import CrawlError, CrawlParams
    from askbio.crawl import crawl as run_crawl

    params = CrawlParams(max_pages=max_pages, max_bytes=_bytes(max_bytes), delay=delay, allowed_hosts=allowed)

    def progress(page: str, done: int, total: int) -> None:
        if logging.getLogger("askbio").level <= logging.INFO:
            click.echo(printable(f"[{done}/{total}] {page}"), err=True)

    report = run_crawl(url, folder, params, progress=progress)
    if as_json:
        click.echo(to_json(report.to_dict()))
    else:
        click.echo(
            f"Stored {len(report.fetched)} new or changed page(s), {len(report.unchanged)} unchanged, "
            f"{len(report.removed)} removed, {len(report.skipped)} skipped ({report.bytes:,} bytes fetched)"
            + (f"; stopped: {report.stopped}" if report.stopped else "")
            + "."
        )
        for skipped, reason in report.skipped[:20]:
            click.echo(printable(f"  skipped {skipped}: {reason}"))
        if len(report.skipped) > 20:
            click.echo(f"  ... and {len(report.skipped) - 20} more (--json lists them all)")
    if not report.fetched and not report.unchanged:
        why = report.skipped[0][1] if report.skipped else "no page found"
        raise CrawlError(f"no page of {url} could be stored: {why}")


@cli.command("eval", epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with every report.")
@click.option(
    "--beir",
    "beir_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Run a BEIR-format collection instead (corpus.jsonl, queries.jsonl, qrels.tsv).",
)
@click.option(
    "--split",
    default="test",
    show_default=True,
    help="With --beir: the split to run ('test' at the top level, others in a subfolder).",
)
@click.option(
    "--min",
    "minimums",
    multiple=True,
    metavar="METRIC=VALUE",
    help="Fail (exit 6) below this value; overrides the thresholds of the files it applies to "
    "(question-set or conversation-set metrics). Repeatable.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A retrieval parameter, for ablations (with question sets, their index is built afresh in a "
    "temporary folder); flags are 0 or 1. Repeatable. One of: "
    + ", ".join(
        f"{name} ({int(v) if isinstance(v, bool) else v})" for name, v in vars(RetrievalParams()).items()
    ),
)
@click.option(
    "--fit-confidence",
    is_flag=True,
    help="Fit the confidence model on the question sets and print its weights, threshold and "
    "reliability table (see docs/quality.md).",
)
@click.option(
    "--compare",
    "baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A saved `askbio eval --json` output: list the questions that got better or worse.",
)
@click.pass_context
def eval_(
    ctx: click.Context,
    paths: tuple[Path, ...],
    as_json: bool,
    beir_dir: Path | None,
    split: str,
    minimums: tuple[str, ...],
    params: tuple[str, ...],
    fit_confidence: bool,
    baseline: Path | None,
) -> None:
    """Run question-set files (YAML) and report Hit@1, Hit@3, MRR, answer accuracy and
    abstention precision/recall, with the failing questions; run conversation-set files and
    report the share of turns, follow-up turns and whole conversations right and of small-talk
    turns replied to, with the failing turns.

    PATHS are question-set or conversation-set files, or folders of them (*.yaml, *.yml); a file
    is a conversation set when its top-level key is `conversations`. With --beir DIR, rank a
    public benchmark's queries instead and report nDCG@10, Recall@100 and MRR@10 (trec_eval's
    definitions); with --json the last line is the summary object.
    """
    from askbio import evaluate

    if beir_dir is not None:
        if paths:
            raise click.UsageError("give either question-set PATHS or --beir DIR, not both")
        _eval_beir(beir_dir, split, as_json, _parsed(RetrievalParams.parse, params, "--param"))
        return
    if not paths:
        raise click.UsageError("give question-set PATHS, or --beir DIR")
    thresholds = _parsed(evaluate.parse_minimums, minimums, "--min")
    files = evaluate.question_set_files(paths)
    with contextlib.ExitStack() as stack:
        engine = _engine(ctx)
        if params:  # an index holds what its parameters decide: one of their own, thrown away after
            from askbio.engine import Engine

            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="askbio-eval-")))
            config = dataclasses.replace(engine.config, index_dir=folder)
            engine = Engine(config, _parsed(RetrievalParams.parse, params, "--param"))
        if fit_confidence:
            click.echo(json.dumps(evaluate.fit_confidence(engine, files), indent=None if as_json else 2))
            return
        result = evaluate.run(engine, files, minimums=thresholds, baseline=baseline)
    if as_json:
        click.echo(to_json(result))
    else:
        for report in result["reports"]:
            click.echo(_format_report(report))
    if not result["passed"]:
        sys.exit(ExitCode.BELOW_THRESHOLD)


def _parsed(parse: Callable[[Any], Any], items: tuple[str, ...], option: str) -> Any:
    """`parse(items)`, its ValueError shown as a bad value of `option`."""
    try:
        return parse(items)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def _eval_beir(folder: Path, split: str, as_json: bool, params: RetrievalParams) -> None:
    from askbio import beir

    result = beir.run_benchmark(folder, split, params=params, progress=_progress_bars())
    summary = {k: result[k] for k in ("dataset", "queries", "ndcg@10", "recall@100", "mrr@10")}
    if as_json:
        click.echo(to_json(summary))
    else:
        click.echo(
            f"{printable(result['dataset'])} ({split}, {result['queries']} queries, {result['seconds']} s): "
            f"nDCG@10 {result['ndcg@10']:.4f}  Recall@100 {result['recall@100']:.4f}  MRR@10 {result['mrr@10']:.4f}"
        )


def _format_report(report: dict[str, Any]) -> str:
    if report.get("kind") == "conversations":
        size = f"{report['conversations']} conversations, {report['turns']} turns"
    else:
        size = f"{report['questions']} questions"
    lines = [printable(f"{report['name']} ({report['path']})") + f": {size}"]
    for name, value in report["metrics"].items():
        limit = report["thresholds"].get(name)
        mark = "" if limit is None else (f"  (min {limit:.2f})" + ("  BELOW" if value < limit else ""))
        lines.append(f"  {name:<22}{value:.3f}{mark}")
    if report.get("kind") == "conversations":
        lines += _format_turn_failures(report["failures"])
    elif report["failures"]:
        lines.append(f"  failing ({len(report['failures'])}):")
        for f in report["failures"]:
            why = (
                "should abstain"
                if f["expected_abstain"]
                else (
                    "abstained"
                    if f["abstained"]
                    else f"rank {f['rank'] or '-'}, answer {'ok' if f['answer_ok'] else 'missing'}"
                )
            )
            lines.append(printable(f"    - {f['id']}: {why}: {f['question']}"))
    if "compare" in report:
        lines.append(printable(f"  better: {', '.join(report['compare']['better']) or 'none'}"))
        lines.append(printable(f"  worse:  {', '.join(report['compare']['worse']) or 'none'}"))
    return "\n".join(lines)


def _format_turn_failures(failures: list[dict[str, Any]]) -> list[str]:
    lines = [f"  failing turns ({len(failures)}):"] if failures else []
    for f in failures:
        if f["smalltalk"]:
            why = "no small-talk reply" if f["kind"] != "smalltalk" else "reply lacks the expected text"
        elif f["kind"] == "smalltalk":
            why = "taken for small talk"
        else:
            why = (
                "abstained"
                if f["abstained"]
                else f"rank {f['rank'] or '-'}, answer {'ok' if f['answer_ok'] else 'missing'}"
            )
        asked = f" (as: {f['resolved_question']})" if f["resolved_question"] else ""
        mark = "follow-up, " if f["followup"] else ""
        lines.append(printable(f"    - {f['id']}: {mark}{why}: {f['question']}{asked}"))
    return lines
