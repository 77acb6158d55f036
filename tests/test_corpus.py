import os
from itertools import pairwise
from pathlib import Path

import pytest

from askbio.corpus import SentenceSplitter, is_chrome, read_corpus
from askbio.errors import CorpusError
from conftest import ROOT, SEEDS, TINY

DEBRIS = ["High contrast", "logo be", "biopharma cover", "Download Attachment", "See all Member News"]


def test_seed_articles_are_in_the_corpus_unaltered():
    bodies = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "corpus").glob("*.txt")}
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds not beside the checkout")
    for seed in SEEDS.glob("*.txt"):
        text = seed.read_text(encoding="utf-8")
        assert any(body.endswith(text) for body in bodies.values()), seed.name


def test_seed_metadata():
    corpus = read_corpus(ROOT / "corpus")
    docs = {d.doc_id: d for d in corpus.documents}
    wallonia = docs["wallonia-life-sciences"]
    assert wallonia.title == "Wallonia/Belgium: Leading the Charge in Life Sciences Innovation"
    assert wallonia.publisher == "Wallonia Trade and Investment" and wallonia.date == "2024-05-22"
    assert all(d.url is None for d in docs.values())  # the texts give no address of their own


def test_page_debris_never_reaches_a_passage():
    corpus = read_corpus(ROOT / "corpus")
    for passage in corpus.passages:
        for junk in DEBRIS:
            assert junk.lower() not in passage.text.lower(), (junk, passage.passage_id)


def test_passages_point_back_to_the_exact_source_text():
    corpus = read_corpus(ROOT / "corpus")
    docs = {d.doc_id: d for d in corpus.documents}
    for p in corpus.passages:
        assert docs[p.doc_id].text[p.start : p.end] == p.text
        source = (ROOT / "corpus" / docs[p.doc_id].path).read_text(encoding="utf-8")
        offset = docs[p.doc_id].body_offset
        assert source[offset + p.start : offset + p.end] == p.text
        for s, e in p.sentences:
            assert 0 <= s < e <= len(p.text)


def test_punkt_keeps_abbreviations_and_decimals_inside_sentences():
    splitter = SentenceSplitter.train(["Some training text. Another sentence here."])
    text = (
        "The U.S. market is large. Dr. Peeters agrees, e.g. in Liège. Exports are 14.8 % of the "
        "total. Investment was EUR 5.3 billion in 2023. It ends here."
    )
    sentences = [text[s:e] for s, e in splitter.spans(text)]
    assert sentences == [
        "The U.S. market is large.",
        "Dr. Peeters agrees, e.g. in Liège.",
        "Exports are 14.8 % of the total.",
        "Investment was EUR 5.3 billion in 2023.",
        "It ends here.",
    ]


def test_reads_text_markdown_and_html_with_metadata(make_corpus):
    corpus = read_corpus(make_corpus(TINY))
    docs = {d.doc_id: d for d in corpus.documents}
    assert (
        docs["vaccines"].title == "Vaccines in Flanders"
        and docs["vaccines"].url == "https://example.org/vaccines"
    )
    assert docs["trials"].title == "Clinical trials in Ghent"  # first line
    assert docs["page"].title == "Brussels biotech" and docs["page"].publisher == "Brussels Office"
    text = " ".join(p.text for p in corpus.passages)
    assert "do not index" not in text and "color:red" not in text and "Cookie" not in text
    assert "Brussels counts 90 biotech firms." in text
    assert "# " not in text  # Markdown syntax stripped
    sections = {p.section for p in corpus.passages}
    assert "Exports" in sections


def test_bad_files_are_skipped_with_a_reason(make_corpus):
    folder = make_corpus(
        {
            **TINY,
            "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
            "latin1.txt": "caf\u00e9 cr\u00e8me".encode("cp1252"),
            "empty.md": "   \n",
            "broken.md": "---\ntitle: [unclosed\n---\nBody text here.\n",
            "image.png": b"\x89PNG",
            "copy.txt": TINY["trials.txt"],
        }
    )
    corpus = read_corpus(folder)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["binary.txt"] == "binary file"
    assert "UTF-8" in reasons["latin1.txt"]
    assert reasons["empty.md"] == "empty"
    assert "front matter" in reasons["broken.md"]
    assert "unsupported" in reasons["image.png"]
    assert reasons["trials.txt"].startswith("duplicate of") or reasons["copy.txt"].startswith("duplicate of")
    assert len(corpus.documents) == 3


def test_strict_mode_fails_on_a_bad_file(make_corpus):
    folder = make_corpus({**TINY, "binary.txt": b"\x00\x01"})
    with pytest.raises(CorpusError, match=r"binary\.txt"):
        read_corpus(folder, strict=True)


def test_missing_or_empty_corpus_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CorpusError, match="not found"):
        read_corpus(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no usable documents"):
        read_corpus(tmp_path / "empty")


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("High contrast", True),
        ("logo be", True),
        ("Official information and services: www.belgium.be", True),
        ("See all Member News", True),
        ("Belgium, land of vaccines", False),
        ("Collaboration for exponential growth", False),
        ("Exports grew by 5 % last year.", False),
    ],
)
def test_chrome_detection(line, chrome):
    assert is_chrome(line) is chrome


def test_huge_and_unreadable_files_are_skipped(make_corpus, monkeypatch):
    folder = make_corpus(TINY)
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    (folder / "secret.txt").write_text("Top secret figures.\n", encoding="utf-8")
    real_open = os.open

    def open_(path, *args, **kwargs):  # as root, chmod 000 would not stop the read
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    corpus = read_corpus(folder)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["huge.txt"] == "larger than 20 MiB"
    assert reasons["secret.txt"] == "permission denied"
    assert len(corpus.documents) == 3


def _read_in_thread(folder: Path, fifo: Path, **kwargs):
    """read_corpus(folder) in a thread; if it hangs on the FIFO, a writer unblocks it and the test fails."""
    import threading

    done: dict[str, object] = {}
    thread = threading.Thread(target=lambda: done.update(corpus=read_corpus(folder, **kwargs)), daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # let the blocked reader see an end of file
        thread.join(5)
        pytest.fail("reading the corpus blocked on a FIFO")
    return done["corpus"]


def test_only_regular_files_are_read_and_a_fifo_never_blocks(make_corpus, tmp_path):
    from askbio.corpus import file_states

    folder = make_corpus(TINY)
    os.mkfifo(folder / "pipe.txt")
    (folder / "null.txt").symlink_to("/dev/null")
    (tmp_path / "elsewhere").mkdir()
    (folder / "folder-link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    corpus = _read_in_thread(folder, folder / "pipe.txt")
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["pipe.txt"] == "not a regular file (a FIFO)"
    assert reasons["null.txt"] == "not a regular file (a character device)"
    assert "links to folders are not followed" in reasons["folder-link"]
    assert len(corpus.documents) == 3
    states = {s.path: s.sha256 for s in file_states(folder)}  # hashing the corpus does not block either
    assert states["pipe.txt"] == "not read: not a regular file (a FIFO)"


def test_links_leading_outside_the_corpus_are_skipped_unless_allowed(make_corpus, tmp_path):
    folder = make_corpus({**TINY, "inner/plants.txt": "Liege hosts 31 vaccine plants.\n"})
    outside = tmp_path / "passwd.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "alias.txt").symlink_to(folder / "inner" / "plants.txt")
    corpus = read_corpus(folder)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["passwd.txt"].startswith("a symbolic link to a file outside the corpus folder")
    assert "root:x" not in " ".join(p.text for p in corpus.passages)
    assert "outside" not in (reasons.get("alias.txt", "") + reasons.get("inner/plants.txt", ""))
    allowed = read_corpus(folder, follow_symlinks=True)
    assert "passwd.txt" in {d.path for d in allowed.documents}


def _alias_bomb(levels: int = 8) -> str:
    """A few hundred bytes of YAML whose aliases expand to 9**levels items."""
    names = "abcdefghijklmnop"[:levels]
    lines = ["---", "a: &a [x,x,x,x,x,x,x,x,x]"]
    lines += [f"{cur}: &{cur} [{','.join([f'*{prev}'] * 9)}]" for prev, cur in pairwise(names)]
    return "\n".join([*lines, f"title: *{names[-1]}", "---", "Body text of the bomb.", ""])


@pytest.mark.parametrize(
    ("front_matter", "reason"),
    [
        (_alias_bomb(), "front matter uses a YAML alias at line 3 (not accepted)"),
        (
            "---\ntitle: &t Vaccines\nid: *t\n---\nBody.\n",
            "front matter uses a YAML alias at line 3 (not accepted)",
        ),
        ("---\ntitle: [Vaccines, Flanders]\n---\nBody.\n", "front matter: title is not a single value"),
        ("---\nauthor: {name: Jan}\n---\nBody.\n", "front matter: author is not a single value"),
        ("---\ntitle: " + "V" * 2001 + "\n---\nBody.\n", "front matter: title longer than 2,000 characters"),
        (
            "---\nx: " + "[" * 1000 + "]" * 1000 + "\n---\nBody.\n",
            "front matter nested deeper than 10 levels",
        ),
        ("---\nnotes: " + "n" * 70000 + "\n---\nBody.\n", "front matter longer than 65,536 characters"),
    ],
    ids=["alias-bomb", "alias", "list-title", "mapping-author", "long-title", "deep", "huge"],
)
def test_front_matter_that_is_not_a_few_plain_values_is_refused(make_corpus, front_matter, reason):
    corpus = read_corpus(make_corpus({**TINY, "bad.md": front_matter}))
    assert {s.path: s.reason for s in corpus.skipped} == {"bad.md": reason}
    assert len(corpus.documents) == 3


def test_front_matter_keys_askbio_does_not_read_may_hold_lists(make_corpus):
    text = "---\ntitle: Vaccine plants\ndate: 2024-05-22\ntags: [vaccines, flanders]\n---\nLiege hosts 31 plants.\n"
    corpus = read_corpus(make_corpus({"plants.md": text}))
    assert not corpus.skipped
    assert (corpus.documents[0].title, corpus.documents[0].date) == ("Vaccine plants", "2024-05-22")


def test_when_every_file_is_skipped_each_reason_is_told_before_the_error(make_corpus, caplog):
    import logging

    folder = make_corpus(
        {"a.txt": "caf\u00e9 cr\u00e8me".encode("cp1252"), "b.txt": "na\u00efve".encode("cp1252")}
    )
    with caplog.at_level(logging.WARNING, logger="askbio"), pytest.raises(CorpusError) as caught:
        read_corpus(folder)
    assert "skipped a.txt: not valid UTF-8 (byte 3)" in caplog.text
    assert "skipped b.txt: not valid UTF-8 (byte 2)" in caplog.text
    assert "no usable documents" in caught.value.message and "2 file(s) skipped" in caught.value.message


def test_a_paragraph_ending_in_link_text_is_no_heading_and_its_figure_is_answered(make_corpus, tmp_path):
    from askbio.engine import Engine
    from askbio.settings import Config

    page = (
        "<html><head><title>Liege biotech</title></head><body><h1>Liege biotech</h1><h2>Companies</h2>"
        "<p>The Liege region counts 140 biotech companies. <a href='/more'>click</a></p>"
        "<p>Their exports grew by 9 % in 2023.</p></body></html>"
    )
    folder = make_corpus({"page.html": page})
    passages = read_corpus(folder).passages
    assert {p.section for p in passages} == {"Companies"}
    assert any("140 biotech companies" in p.text for p in passages)
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "idx"))
    answer = engine.ask("How many biotech companies are in the Liege region?")
    assert "140" in answer.answer and not answer.abstained


def test_punkt_trains_on_at_most_its_sample_even_from_one_long_text(monkeypatch):
    """Training on all of a 19 MiB file cost 0.9 GB (docs/reliability.md); the sample bounds it."""
    from nltk.tokenize.punkt import PunktTrainer

    seen: list[int] = []
    train = PunktTrainer.train

    def recording_train(self, text, **kwargs):
        seen.append(len(text))
        return train(self, text, **kwargs)

    monkeypatch.setattr(PunktTrainer, "train", recording_train)
    long_text = "Flanders hosts 12 vaccine plants. " * 3000
    SentenceSplitter.train([long_text, "Another text."], sample_chars=10_000)
    assert seen == [10_000]


def test_a_folder_of_pdf_word_and_html_answers_from_each_citing_the_file_and_page(make_corpus, tmp_path):
    """The issue's check: a generated PDF, a DOCX and an HTML page each answer a question; the
    PDF's citation names its page; a scanned and an encrypted PDF are skipped with their reasons."""
    from askbio.engine import Engine
    from askbio.settings import Config
    from make_documents import write_docx, write_pdf, write_scanned_pdf

    folder = make_corpus({"page.html": TINY["page.html"]})
    write_pdf(
        folder / "report.pdf",
        [
            [("h", "Vaccine production"), ("p", "Namur hosts 40 vaccine plants in its science parks.")],
            [("h", "Exports"), ("p", "Vaccine exports from Wallonia reached EUR 9 billion in 2023.")],
        ],
        title="Annual report 2024",
        header="Regional Agency Annual Report",
        footer=True,
    )
    write_docx(
        folder / "trials.docx",
        [("h", "Clinical trials"), ("p", "Ghent runs 300 clinical trials a year.")],
        title="Trials report",
    )
    write_scanned_pdf(folder / "scan.pdf")
    write_pdf(folder / "locked.pdf", [[("p", "Secret figures.")]], encrypt="s3cret")
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    skipped = {s["path"]: s["reason"] for s in engine.info()["skipped"]}
    assert skipped == {
        "scan.pdf": "no text layer: scanned images only (askbio reads no text in images)",
        "locked.pdf": "encrypted (it needs a password)",
    }
    exports = engine.ask("How much were vaccine exports from Wallonia?")
    assert not exports.abstained and "9 billion" in exports.answer
    cited = exports.citations[0]
    assert (cited.doc_id, cited.title, cited.page) == ("report", "Annual report 2024", 2)
    assert cited.to_dict()["page"] == 2
    trials = engine.ask("How many clinical trials does Ghent run?")
    assert "300" in trials.answer and trials.citations[0].doc_id == "trials"
    assert trials.citations[0].page is None and trials.citations[0].title == "Trials report"
    firms = engine.ask("How many biotech firms are in Brussels?")
    assert "90" in firms.answer and firms.citations[0].doc_id == "page"
    _, passages = engine.document("report")
    assert [(p.section, p.page) for p in passages] == [("Vaccine production", 1), ("Exports", 2)]
    from askbio.web import create_app

    client = create_app(Config(corpus=folder, rate_limit="off"), engine=engine).test_client()
    view = client.get(cited.to_dict()["source_url"]).get_data(as_text=True)
    assert '<p class="doc-page" id="page-2">Page 2</p>' in view and "Page 1</p>" in view
    with pytest.raises(CorpusError, match=r"(scan|locked)\.pdf: "):
        read_corpus(folder, strict=True)
