import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from askbio.cli import cli
from conftest import TINY


@pytest.fixture()
def run(tmp_path):
    runner = CliRunner()
    index_dir = tmp_path / "index"

    def invoke(*args, input=None, env=None):
        return runner.invoke(cli, ["--index-dir", str(index_dir), *args], input=input, env=env)

    return invoke


@pytest.fixture()
def ask(seed_engine):
    """The command on the bundled corpus, with the session's index (built once)."""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, ["--index-dir", str(seed_engine.index_dir), *args], input=input)

    return invoke


def test_question_prints_answer_and_numbered_sources(ask):
    result = ask("how many jobs in biomanufacturing")
    assert result.exit_code == 0, result.output
    assert "50,000" in result.output
    assert (
        "[1] Wallonia/Belgium: Leading the Charge in Life Sciences Innovation — Wallonia Trade and Investment"
        in result.output
    )
    assert "**jobs**" in result.output  # matching words are marked


def test_a_source_of_several_lines_prints_as_one(ask):
    """The byline a question about a document cites ("May 22, 2024" then "Posted by ...") is
    printed on one line, its line break no escape sequence."""
    result = ask("who published the Wallonia article?")
    assert result.exit_code == 0, result.output
    assert "May 22, 2024 Posted by" in result.output and "\\n" not in result.output


NEAR_MISS = "How many biotech jobs did Belgium have in 2015?"


@pytest.mark.parametrize("command", [[NEAR_MISS], ["chat"]], ids=["ask", "chat"])
def test_a_near_miss_lists_the_source_its_citation_points_to(ask, command):
    result = ask("-q", *command, input=NEAR_MISS + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "The documents don't mention 2015. The nearest they come:" in out
    assert "[1]\n\nSources (confidence" in out
    assert "\n[1] Biopharma, a key sector in Belgium — belgium.be\n" in out


def test_a_plain_refusal_lists_no_sources(ask):
    result = ask("-q", "What is the capital of Australia?")
    assert result.exit_code == 0, result.output
    assert "I couldn't find that in the documents." in result.output
    assert "Sources" not in result.output and "[1]" not in result.output


def test_json_output_has_the_public_fields(ask):
    result = ask("--json", "how many jobs in biomanufacturing")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["question"] == "how many jobs in biomanufacturing"
    assert isinstance(data["answer"], str) and data["abstained"] is False
    assert 0 <= data["confidence"] <= 1
    c = data["citations"][0]
    assert c["doc_id"] == "wallonia-life-sciences" and c["url"] is None
    for start, end in c["highlights"]:
        assert 0 <= start < end <= len(c["text"])


def test_explicit_ask_command_and_top_k(ask):
    result = ask("ask", "--json", "-k", "1", "vaccines")
    assert result.exit_code == 0
    assert len(json.loads(result.output)["citations"]) == 1


def test_stdin_mode_prints_one_json_object_per_line_in_order(ask):
    questions = "how many jobs in biomanufacturing\n\nWhat is the capital of Australia?\n"
    result = ask("-", input=questions)
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["question"] for line in lines] == [
        "how many jobs in biomanufacturing",
        "",
        "What is the capital of Australia?",
    ]
    assert "50,000" in lines[0]["answer"]
    assert lines[1]["error"]["code"] == "empty_question"
    assert lines[2]["abstained"] is True and lines[2]["citations"] == []


def test_index_command_and_corpus_option(run, make_corpus):
    folder = make_corpus(TINY)
    result = run("--corpus", str(folder), "index")
    assert result.exit_code == 0, result.output
    assert "Indexed 3 document(s)" in result.output
    assert re.search(r"in \d+\.\d s \(a full rebuild\)", result.output)
    answer = run("--corpus", str(folder), "--json", "How many biotech firms are in Brussels?")
    assert json.loads(answer.output)["citations"][0]["doc_id"] == "page"


def test_corpus_from_the_environment(run, make_corpus):
    folder = make_corpus(TINY)
    result = run("--json", "How many clinical trials does Ghent run?", env={"ASKBIO_CORPUS": str(folder)})
    assert result.exit_code == 0
    assert json.loads(result.output)["citations"][0]["doc_id"] == "trials"


def test_index_strict_fails_on_a_bad_file(run, make_corpus):
    folder = make_corpus({**TINY, "bad.txt": b"\x00\x01\x02"})
    loose = run("--corpus", str(folder), "index")
    assert loose.exit_code == 0 and "skipped" in loose.output
    strict = run("--corpus", str(folder), "index", "--strict")
    assert strict.exit_code == 4


def test_index_exits_5_with_the_cause_when_the_index_cannot_be_saved(run, make_corpus, tmp_path, monkeypatch):
    import os

    from askbio import store

    folder = make_corpus(TINY)
    assert run("--corpus", str(folder), "index").exit_code == 0
    before = store.current_version(tmp_path / "index")
    (folder / "trials.txt").write_text("Ghent runs 400 clinical trials a year.\n", encoding="utf-8")
    replace = os.replace

    def full_disk(src, dst):
        if str(dst).endswith(store.POINTER):
            raise OSError(28, "No space left on device")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    result = run("--corpus", str(folder), "index")
    assert result.exit_code == 5, result.output
    assert "Indexed" not in result.output
    assert "could not save the index" in result.output and "No space left on device" in result.output
    assert store.current_version(tmp_path / "index") == before


@pytest.mark.slow
def test_index_skips_a_fifo_and_a_link_to_dev_zero_instead_of_hanging(make_corpus, tmp_path):
    import os

    folder = make_corpus(TINY)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "askbio",
                "--corpus",
                str(folder),
                "--index-dir",
                str(tmp_path / "i"),
                "index",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("askbio index hung on a FIFO or a device")
    assert result.returncode == 0, result.stderr
    assert "skipped pipe.txt: not a regular file (a FIFO)" in result.stderr
    assert "skipped zero.txt: not a regular file (a character device)" in result.stderr


# A build whose Ctrl-C arrives while a __del__ method runs: Python prints the KeyboardInterrupt
# as "Exception ignored" and carries on, so the build went on to report success.
INTERRUPTED_IN_DEL = """
import os, signal, sys
from askbio import cli, store

class Interrupting:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(100):  # the handler runs at one of these bytecodes, inside __del__
            pass

fit = store.fit_indexes

def fit_then_interrupt(*args, **kwargs):
    fitted = fit(*args, **kwargs)
    Interrupting()
    print("the build went on", file=sys.stderr)
    return fitted

store.fit_indexes = fit_then_interrupt
sys.argv = ["askbio", *sys.argv[1:]]
cli.main()
"""


@pytest.mark.slow
def test_an_interrupt_lost_in_a_del_method_still_stops_askbio_index(make_corpus, tmp_path):
    from askbio import store

    folder = make_corpus(TINY)
    index_dir = tmp_path / "i"
    args = ["--corpus", str(folder), "--index-dir", str(index_dir), "index"]
    assert _main(*args).returncode == 0
    before = store.current_version(index_dir)
    (folder / "trials.txt").write_text("Ghent runs 400 clinical trials a year.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_IN_DEL, *args], capture_output=True, text=True, timeout=120
    )
    assert "the build went on" in result.stderr  # the interrupt did land in the __del__
    assert "Traceback" not in result.stderr
    assert result.returncode == 130, result.stdout + result.stderr
    assert "Indexed" not in result.stdout
    assert f"askbio: interrupted; the index in service is {before}" in result.stderr
    assert store.current_version(index_dir) == before and store.load(index_dir).version == before
    assert [p.name for p in index_dir.iterdir() if p.is_dir()] == [before]


@pytest.mark.slow
def test_a_corpus_of_only_unusable_files_lists_each_reason_then_the_summary(make_corpus, tmp_path):
    folder = make_corpus({"a.txt": "caf\u00e9".encode("cp1252"), "b.md": "na\u00efve".encode("cp1252")})
    result = _main("--corpus", str(folder), "--index-dir", str(tmp_path / "i"), "index")
    assert result.returncode == 4
    assert result.stderr.splitlines() == [
        "askbio: skipped a.txt: not valid UTF-8 (byte 3)",
        "askbio: skipped b.md: not valid UTF-8 (byte 2)",
        f"askbio: error: no usable documents in {folder} (2 file(s) skipped; "
        "supported: .docx, .htm, .html, .markdown, .md, .pdf, .text, .txt)",
    ]


@pytest.mark.parametrize(
    "command", [[], ["ask"], ["chat"], ["index"], ["info"], ["eval"], ["serve"], ["report"], ["crawl"]]
)
def test_every_command_has_help(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and "Exit codes" in result.output


def _main(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "askbio", *args], capture_output=True, text=True, input=stdin, timeout=120
    )


@pytest.mark.slow
def test_bad_invocations_print_one_line_and_usage_not_a_traceback(tmp_path):
    result = _main("--index-dir", str(tmp_path), "ask", "--bogus", "x")
    assert result.returncode == 2
    assert "Usage:" in result.stderr and "Traceback" not in result.stderr
    empty = _main("--index-dir", str(tmp_path), "   ")
    assert empty.returncode == 3
    assert empty.stderr.strip() == "askbio: error: the question is empty"
    missing = _main("--index-dir", str(tmp_path), "--corpus", str(tmp_path / "none"), "jobs")
    assert missing.returncode == 4 and "corpus folder not found" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_a_bad_setting_is_a_usage_error_naming_it(run):
    result = run("anything", env={"ASKBIO_TOP_K": "three"})
    assert result.exit_code == 2
    assert "setting 'top_k': 'three' is not a valid int" in result.output


def test_too_long_question_is_a_clear_error(ask):
    result = ask("x" * 5000)
    assert result.exit_code == 3


# Terminal escapes a question or a document could carry: retitle the window (OSC), go back to
# the start of the line and erase it (CR, CSI 2K), colour, bell; and a bidirectional override.
ESCAPES = "\x1b]0;pwned\x07Where\r\x1b[2Kis \x1b[31mit\x9b1m\u202e?"


def assert_printable(text: str) -> None:
    assert not any(ch in text for ch in "\x1b\r\x07\x9b\u202e"), repr(text)
    assert "\\x1b]0;pwned\\x07Where\\r\\x1b[2Kis \\x1b[31mit\\x9b1m\\u202e?" in text, repr(text)


def test_report_escapes_control_characters_in_questions(tmp_path):
    from askbio.unanswered import UnansweredLog

    log_path = tmp_path / "u.db"
    written = UnansweredLog(log_path)
    written.record(ESCAPES, (ESCAPES,))
    written.flush()
    result = CliRunner().invoke(cli, ["report", "--log", str(log_path)], color=True)  # as on a terminal
    assert result.exit_code == 0
    assert_printable(result.output)
    as_json = CliRunner().invoke(cli, ["report", "--log", str(log_path), "--json"], color=True).output
    assert json.loads(as_json)[0]["question"] == ESCAPES and not any(ch in as_json for ch in "\x1b\x9b\u202e")


def test_text_answers_escape_control_characters_from_documents():
    from askbio.cli import format_answer
    from askbio.models import Answer, Citation

    citation = Citation(
        "d", ESCAPES, "https://x.example/" + ESCAPES, "d#1", "Jobs. " + ESCAPES, 1.0, ((0, 4),), ESCAPES
    )
    answer = Answer(ESCAPES, ESCAPES, False, 0.9, (citation,), answer_span=ESCAPES)
    for color in (False, True):
        text = format_answer(answer, color=color)
        assert "\r" not in text and "\x07" not in text and "\x1b]" not in text and "\x9b" not in text
        assert text.count("pwned") == 5
        # Only askbio's own styles (bold, underline) remain as escape sequences.
        assert set(re.findall(r"\x1b\[[0-9;]*m", text)) <= {"\x1b[1m", "\x1b[4m", "\x1b[0m"}


def test_eval_report_and_log_lines_escape_control_characters():
    import logging

    from askbio.cli import _format_report, _PrintableFormatter

    report = {"name": ESCAPES, "path": "q.yaml", "questions": 1, "metrics": {}, "thresholds": {}}
    failure = {"id": "x", "question": ESCAPES, "expected_abstain": True, "abstained": False}
    assert_printable(_format_report({**report, "failures": [failure]}))
    record = logging.LogRecord("askbio", logging.WARNING, "", 0, "skipped %s", (ESCAPES,), None)
    assert_printable(_PrintableFormatter("askbio: %(message)s").format(record))


def test_stdin_mode_gives_a_line_that_is_not_utf8_its_own_error_and_answers_the_rest(ask):
    result = ask("-", input=b"vaccines\n\xff bad\r\nWhat is the capital of Australia?\n")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout_bytes.decode("utf-8").splitlines()]
    assert [line["question"] for line in lines] == [
        "vaccines",
        "\ufffd bad",
        "What is the capital of Australia?",
    ]
    assert lines[1]["error"]["code"] == "invalid_utf8" and "byte 1" in lines[1]["error"]["message"]
    assert "answer" in lines[0] and lines[2]["abstained"] is True


def _shell(command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`command` in bash, askbio being `$ASKBIO` (this interpreter's); its last line of output
    is the exit status of each command of the pipeline."""
    return subprocess.run(
        ["bash", "-c", command + '; echo "status ${PIPESTATUS[*]}"'],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {}), "ASKBIO": f"{sys.executable} -m askbio"},
    )


@pytest.mark.slow
def test_stdin_mode_with_the_streams_cut_or_closed(seed_engine):
    index = f"--index-dir {seed_engine.index_dir}"
    # With UTF-8 forced on the streams, a bad line once lost the good lines before it.
    bad = _shell(
        f"printf 'vaccines\\n\\xff bad\\nvaccines\\n' | $ASKBIO {index} -", {"PYTHONIOENCODING": "utf-8"}
    )
    assert bad.stdout.splitlines()[-1] == "status 0 0", bad.stderr
    assert [json.loads(line).get("error", {}).get("code") for line in bad.stdout.splitlines()[:-1]] == [
        None,
        "invalid_utf8",
        None,
    ]
    # The reader stops after one answer: askbio stops quietly, with 141 as SIGPIPE gives other tools.
    cut = _shell(f"yes vaccines | head -500 | $ASKBIO {index} - | head -1")
    assert cut.stdout.splitlines()[-1].split()[3] == "141" and cut.stderr == ""  # (yes: 141 too)
    assert json.loads(cut.stdout.splitlines()[0])["question"] == "vaccines"
    # No standard input at all: no questions, no error.
    closed = _shell(f"$ASKBIO {index} - <&-")
    assert closed.stdout == "status 0\n" and closed.stderr == ""


CHAT = "how many jobs in biomanufacturing\n\nand in Flanders?\nthanks!\nquit\nhow many companies\n"


def test_chat_answers_follow_ups_with_the_conversation_so_far(ask):
    result = ask("-q", "chat", input=CHAT)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "askbio>" not in out  # no prompt when reading from a pipe
    assert "over 50,000 direct and indirect jobs" in out and "Sources (confidence" in out
    assert "Answering: how many jobs in biomanufacturing in Flanders?\n" in out
    assert "You're welcome!" in out
    # "how many companies" is asked after "quit": the thanks is the last thing printed.
    assert out.rstrip().endswith("You're welcome! Ask me anything else about the documents.")


def test_chat_json_prints_one_answer_per_line(ask):
    result = ask("-q", "chat", "--json", input=CHAT.replace("quit", "EXIT"))
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["question"] for a in answers] == [
        "how many jobs in biomanufacturing",
        "and in Flanders?",
        "thanks!",
    ]
    assert answers[1]["resolved_question"] == "how many jobs in biomanufacturing in Flanders?"
    assert answers[2]["kind"] == "smalltalk"


def test_chat_ends_at_end_of_input_and_survives_a_bad_line(ask):
    result = ask("-q", "chat", "--json", input="x" * 1001 + "\nwhat is the capital of Australia?")
    assert result.exit_code == 0, result.output
    error, answer = map(json.loads, result.output.splitlines())
    assert error["error"]["code"] == "question_too_long"
    assert answer["abstained"] is True


def test_ask_has_no_answering_line_but_chat_has_one(ask):
    assert "Answering:" not in ask("-q", "and in Flanders?").output
    history_free = ask("-q", "chat", input="and in Flanders?\n").output
    assert "Answering:" not in history_free  # nothing to follow up yet


def test_eval_applies_retrieval_parameters_to_question_sets_in_an_index_of_their_own(run, tmp_path):
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "name: q\nquestions:\n  - question: how many jobs in biomanufacturing\n    doc: wallonia-life-sciences\n",
        encoding="utf-8",
    )
    plain = run("eval", "--json", str(questions))
    assert plain.exit_code == 0, plain.output
    index = tmp_path / "index"
    versions = sorted(p.name for p in index.iterdir())
    ablated = run(
        "eval", "--json", "--param", "feedback_docs=0", "--param", "tfidf_weight=0.0", str(questions)
    )
    assert ablated.exit_code == 0, ablated.output
    assert sorted(p.name for p in index.iterdir()) == versions  # the shared index is left as it was
    bad = run("eval", "--param", "nonsense=1", str(questions))
    assert bad.exit_code == 2 and "--param" in bad.output


@pytest.mark.parametrize(
    ("args", "env", "title"),
    [
        (["serve", "--title", "Vaccine reports"], {}, "Vaccine reports"),
        (["serve"], {"ASKBIO_TITLE": "From the environment"}, "From the environment"),
        (["serve", "--title", "Option wins"], {"ASKBIO_TITLE": "From the environment"}, "Option wins"),
    ],
)
def test_serve_takes_the_collections_title(run, monkeypatch, args, env, title):
    from askbio import server

    served = []
    monkeypatch.setattr(server, "run", lambda config, access_log=False: served.append(config))
    result = run(*args, env=env)
    assert result.exit_code == 0, result.output
    assert served[0].title == title


def test_index_says_what_was_added_changed_removed_and_skipped(run, make_corpus):
    folder = make_corpus(TINY)
    first = run("--corpus", str(folder), "index")
    assert first.exit_code == 0 and "No index before this one." in first.output
    assert "skipped: 0" in first.output
    (folder / "trials.txt").write_text(
        "Clinical trials in Ghent\n\nGhent runs 320 trials a year.\n", encoding="utf-8"
    )
    (folder / "page.html").unlink()
    (folder / "new.md").write_text("# Liège\n\nLiège hosts 25 biotech firms.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01")
    second = run("--corpus", str(folder), "index")
    assert second.exit_code == 0, second.output
    assert "Since the index before:" in second.output
    assert "  added: 2 (bad.txt, new.md)" in second.output
    assert "  changed: 1 (trials.txt)" in second.output
    assert "  removed: 1 (page.html)" in second.output
    assert "  skipped: 1 (bad.txt (binary file))" in second.output
    same = json.loads(run("--corpus", str(folder), "index", "--json").output)
    assert (same["added"], same["changed"], same["removed"]) == ([], [], [])
    assert same["skipped"] == [{"path": "bad.txt", "reason": "binary file"}] and not same["first_index"]
    assert same["documents"] == 3
