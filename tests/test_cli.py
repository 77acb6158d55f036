import json
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
        "supported: .htm, .html, .markdown, .md, .text, .txt)",
    ]


@pytest.mark.parametrize("command", [[], ["ask"], ["index"], ["info"], ["eval"], ["serve"], ["report"]])
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
