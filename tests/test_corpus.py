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
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = read_corpus(folder)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["huge.txt"] == "larger than 20 MiB"
    assert reasons["secret.txt"] == "permission denied"
    assert len(corpus.documents) == 3
