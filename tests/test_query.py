import pytest

from askbio.query import question_type


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many jobs in biomanufacturing?", "number"),
        ("What share of exports is pharmaceutical?", "percent"),
        ("When did PDC Line Pharma present its results?", "date"),
        ("Where is PDC Line Pharma based?", "place"),
        ("Which companies invested in Wallonia?", "name"),
        ("Tell me about vaccines", None),
    ],
)
def test_question_type(question, kind):
    assert question_type(question) == kind
