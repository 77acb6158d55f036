"""Reading Word documents: paragraphs, headings and tables in order, properties, and the files
that cannot be read, each with its reason."""

import pytest

from askbio.errors import UnreadableDocument
from askbio.word import read_docx
from make_documents import write_docx, write_encrypted_docx, write_zip_bomb_docx


def test_paragraphs_headings_tables_and_properties(tmp_path):
    path = write_docx(
        tmp_path / "trials.docx",
        [
            ("h", "Clinical trials"),
            ("p", "Ghent runs 300 clinical trials a year."),
            ("h", "Jobs"),
            ("p", "The sector employs 4,200 people."),
        ],
        title="Trials report",
        author="Ghent Office",
        table=[["City", "Trials"], ["Ghent", "300"]],
    )
    extracted = read_docx(path.read_bytes())
    assert extracted.text.split("\n\n") == [
        "Clinical trials",
        "Ghent runs 300 clinical trials a year.",
        "Jobs",
        "The sector employs 4,200 people.",
        "City; Trials",
        "Ghent; 300",
    ]
    assert "Running header" not in extracted.text
    assert extracted.meta == {"title": "Trials report", "author": "Ghent Office", "date": "2024-03-14"}
    assert extracted.page_starts == ()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (write_encrypted_docx, "encrypted (it needs a password)"),
        (write_zip_bomb_docx, "zip bomb"),
        (lambda p: p.write_bytes(b"PK\x03\x04 broken") and p, "not a zip archive"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) and p, "older Word .doc"),
    ],
    ids=["encrypted", "zip-bomb", "damaged", "old-doc"],
)
def test_unreadable_files_say_why(tmp_path, make, reason):
    path = tmp_path / "file.docx"
    make(path)
    with pytest.raises(UnreadableDocument) as error:
        read_docx(path.read_bytes())
    assert reason in error.value.message


def test_a_zip_without_a_document_part_is_damaged(tmp_path):
    import zipfile

    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(UnreadableDocument, match=r"no word/document\.xml"):
        read_docx(path.read_bytes())


def test_a_document_part_that_is_not_xml_is_damaged(tmp_path):
    import zipfile

    source = write_docx(tmp_path / "ok.docx", [("p", "Text.")])
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as archive:
        for item in original.infolist():
            data = b"<w:document><unclosed" if item.filename == "word/document.xml" else original.read(item)
            archive.writestr(item, data)
    with pytest.raises(UnreadableDocument, match="damaged Word document"):
        read_docx(broken.read_bytes())
