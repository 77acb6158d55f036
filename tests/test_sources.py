"""Where citations lead (askbio.sources): short titles, text fragments, the document view's address."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from askbio.sources import sentence_in, short_title, source_url, text_fragment


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Biopharma, a key sector in Belgium", "Biopharma, a key sector in Belgium"),
        ("Wallonia/Belgium: Leading the Charge in Life Sciences Innovation", "Wallonia/Belgium"),
        ("Vaccines — a long report on what Flanders makes and sells abroad", "Vaccines"),
        (
            "A very long title without any colon or dash in it at all, really",
            "A very long title without any…",
        ),
        ("  spaced\n  title ", "spaced title"),
    ],
)
def test_short_title(title, short):
    assert short_title(title) == short
    assert len(short_title(title)) <= 36


def test_a_text_fragment_escapes_what_means_something_in_it():
    assert text_fragment("Self-made, R&D") == ":~:text=Self%2Dmade%2C%20R%26D"
    long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert (
        text_fragment(long)
        == ":~:text=one%20two%20three%20four%20five,nine%20ten%20eleven%20twelve%20thirteen"
    )


def test_a_document_with_an_address_is_linked_there_at_the_sentence():
    text = "First sentence here. The answer is 42 jobs. Last one."
    url = source_url(
        url="https://example.org/page?x=1#top",
        doc_id="d",
        passage_id="d#2",
        passage_text=text,
        passage_start=100,
        sentence=(21, 43),
    )
    assert url == "https://example.org/page?x=1#:~:text=The%20answer%20is%2042%20jobs."


def test_a_document_without_one_opens_askbios_view_at_the_passage():
    url = source_url(
        url=None,
        doc_id="reports/flu",
        passage_id="reports/flu#3",
        passage_text="x" * 50,
        passage_start=100,
        sentence=(10, 20),
    )
    path, _, anchor = url.partition("#")
    assert path == "/documents/reports/flu?passage=reports%2Fflu%233&sentence=110-120"
    assert unquote(anchor) == "p-reports/flu#3"
    assert "sentence" not in source_url(
        url=None, doc_id="d", passage_id="d#1", passage_text="x", passage_start=0, sentence=None
    )


def test_the_answer_sentence_is_found_in_its_passage_without_the_address_left_out():
    passage = "Before. Biomanufacturing (https://example.org/x) has become the most prevalent activity, over 50,000 jobs.  After."
    answer = "Biomanufacturing has become the most prevalent activity, over 50,000 jobs."
    start, end = sentence_in(passage, answer)
    assert passage[start:end].startswith("Biomanufacturing (https://")
    assert passage[start:end].endswith("50,000 jobs.")
    assert sentence_in(passage, "After.") == (len(passage) - 6, len(passage))
    assert sentence_in(passage, "Nothing of this is in the passage at all.") is None


def test_every_citation_of_an_answer_has_a_source(seed_engine):
    """Every citation links to its passage; one the answer quotes says where the quoted sentence
    lies in it, one cited beside them (a passage scoring near the best) says none."""
    data = seed_engine.ask("How big are Belgium's pharma exports?").to_dict()
    assert data["citations"]
    quoted_by = {p["citation"]: p for p in data["parts"]}
    assert len(quoted_by) == 2  # a figure from each document
    for number, citation in enumerate(data["citations"], start=1):
        assert citation["source_url"].startswith(f"/documents/{citation['doc_id']}?passage=")
        part = quoted_by.get(number)
        if part is None:
            assert citation["sentence"] is None
            continue
        start, end = citation["sentence"]
        quoted = citation["text"][start:end].split()
        assert (quoted[0], quoted[-1]) == (part["text"].split()[0], part["text"].split()[-1])


def test_the_answer_sentence_is_where_the_composer_quoted_it_from(seed_engine):
    """The composer says where each quoted sentence lies in its passage: no searching, and the
    bracketed address it leaves out of the answer is still inside the span."""
    answer = seed_engine.ask("how many jobs in biomanufacturing")
    part = answer.parts[0]
    assert part.at is not None
    cited = answer.to_dict()["citations"][0]
    start, end = cited["sentence"]
    quoted = answer.citations[0].text[start:end]
    assert (start, end) == part.at and quoted.startswith("Biomanufacturing (https://")
    assert quoted.endswith("direct and indirect jobs.")
