"""Reading PDFs: reading order, paragraphs and headings, running lines, hyphenation, pages,
metadata, and the files that cannot be read, each with its reason."""

import pytest

from askbio.errors import UnreadableDocument
from askbio.pdf import read_pdf
from make_documents import write_pdf, write_pdf_bomb, write_scanned_pdf

BODY = (
    "The region hosts many biotechnology companies that produce vaccines and employ thousands "
    "of skilled people in research."
)
WORDS = {"manufacturing", "well", "known", "people", "in"}


def _report(tmp_path):
    return write_pdf(
        tmp_path / "report.pdf",
        [
            [
                ("h", "Vaccine production"),
                (
                    "p",
                    "Namur hosts 40 vaccine plants. Their manufac-\nturing sites employ 1,250 people in well-\nknown companies.",
                ),
            ],
            [("p", BODY)],
            [("h", "Exports"), ("p", "Vaccine exports reached EUR 9 billion in 2023.")],
        ],
        title="Annual report 2024",
        author="Regional Agency",
        header="Regional Agency Annual Report 2024",
        footer=True,
    )


def test_text_headings_pages_and_metadata(tmp_path):
    extracted = read_pdf(_report(tmp_path).read_bytes(), words=WORDS.__contains__)
    paragraphs = extracted.text.split("\n\n")
    assert paragraphs == [
        "Vaccine production",
        "Namur hosts 40 vaccine plants. Their manufacturing sites employ 1,250 people in well-known companies.",
        BODY,
        "Exports",
        "Vaccine exports reached EUR 9 billion in 2023.",
    ]
    assert extracted.meta["title"] == "Annual report 2024"
    assert extracted.meta["author"] == "Regional Agency"
    assert extracted.meta["date"]  # reportlab writes a creation date
    starts = extracted.page_starts
    assert len(starts) == 3 and starts[0] == 0
    assert extracted.text[starts[1] :].startswith(BODY)
    assert extracted.text[starts[2] :].startswith("Exports")


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path):
    text = read_pdf(_report(tmp_path).read_bytes()).text
    assert "Annual Report 2024" not in text and "Page 2 of 3" not in text


def test_two_columns_are_read_one_after_the_other(tmp_path):
    """The file draws each row left then right; the text has the left column first."""
    left = [("p", f"Left column paragraph {i}. {BODY}") for i in range(4)]
    right = [("p", f"Right column paragraph {i}. {BODY}") for i in range(4)]
    path = write_pdf(tmp_path / "columns.pdf", [[("h", "Two column layout"), *left, *right]], columns=2)
    paragraphs = read_pdf(path.read_bytes()).text.split("\n\n")
    assert paragraphs[0] == "Two column layout"
    assert paragraphs[1:] == [f"Left column paragraph {i}. {BODY}" for i in range(4)] + [
        f"Right column paragraph {i}. {BODY}" for i in range(4)
    ]


def test_a_sentence_running_on_to_the_next_page_stays_whole(tmp_path):
    path = write_pdf(
        tmp_path / "run-on.pdf",
        [[("p", "The new plant in Gosselies will produce")], [("p", "cell therapies from 2026.")]],
    )
    extracted = read_pdf(path.read_bytes())
    assert extracted.text == "The new plant in Gosselies will produce cell therapies from 2026."
    assert extracted.text[extracted.page_starts[1] :] == "cell therapies from 2026."


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: write_scanned_pdf(p), "no text layer: scanned images only"),
        (
            lambda p: write_pdf(p, [[("p", "Secret figures.")]], encrypt="s3cret"),
            "encrypted (it needs a password)",
        ),
        (lambda p: write_pdf_bomb(p), "PDF bomb"),
        (lambda p: p.write_bytes(b"%PDF-1.4\nnot really a PDF") and p, "damaged PDF"),
    ],
    ids=["scanned", "encrypted", "bomb", "damaged"],
)
def test_unreadable_files_say_why(tmp_path, make, reason):
    path = tmp_path / "file.pdf"
    make(path)
    with pytest.raises(UnreadableDocument, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_pdf(path.read_bytes())


def test_a_truncated_pdf_is_damaged_not_a_crash(tmp_path):
    raw = _report(tmp_path).read_bytes()
    for cut in (len(raw) // 3, len(raw) // 2, len(raw) - 40):
        try:
            read_pdf(raw[:cut])
        except UnreadableDocument as exc:
            assert exc.message


def test_a_title_across_both_columns_is_read_between_the_stretches_it_separates():
    from askbio.pdf import _Line, _reading_order

    def line(x, y, text):
        return _Line(x, x + 200, y, 10.0, text)

    lines = [
        _Line(50, 500, 800, 16.0, "A title across the whole width of the page"),
        *[line(50, 780 - 14 * i, f"left one {i} with enough words in it") for i in range(3)],
        *[line(310, 780 - 14 * i, f"right one {i} with enough words in it") for i in range(3)],
        _Line(50, 500, 700, 12.0, "A wide caption between the two stretches of columns"),
        *[line(50, 680 - 14 * i, f"left two {i} with enough words in it") for i in range(3)],
        *[line(310, 680 - 14 * i, f"right two {i} with enough words in it") for i in range(3)],
    ]
    order = [x.text.split(" with")[0] for x in _reading_order(lines)]
    assert order == [
        "A title across the whole width of the page",
        *[f"left one {i}" for i in range(3)],
        *[f"right one {i}" for i in range(3)],
        "A wide caption between the two stretches of columns",
        *[f"left two {i}" for i in range(3)],
        *[f"right two {i}" for i in range(3)],
    ]


def test_a_table_of_short_cells_is_read_by_rows():
    from askbio.pdf import _Line, _reading_order

    rows = [("Jobs", "4,200"), ("Plants", "12"), ("Exports", "EUR 9 billion")]
    lines = [
        _Line(x, x + 40, 700 - 14 * i, 10.0, cell)
        for i, row in enumerate(rows)
        for x, cell in zip((50, 300), row, strict=True)
    ]
    assert [x.text for x in _reading_order(lines)] == [cell for row in rows for cell in row]
