from __future__ import annotations

from askbio.figures import collection_figures, collection_numbered, nearest, said_figures
from askbio.text import Analyzer


def said(question: str) -> list[tuple[str, float, str | None]]:
    return [(question[f.start : f.end], round(f.value, 1), f.scale) for f in said_figures(question)]


def test_figures_said_roughly_are_read_with_their_scale_and_range():
    assert said("does it employ about 40 thousand people?") == [("40 thousand", 40.0, "thousand")]
    assert said("exports close to a hundred billion euros?") == [("a hundred billion", 100.0, "billion")]
    assert said("roughly EUR 5bn into R&D") == [("5bn", 5.0, "billion")]
    assert said("forty-five thousand jobs") == [("forty-five thousand", 45.0, "thousand")]
    (odd,) = said_figures("how many companies, 300-odd?")
    assert (odd.low, odd.high) == (300, 400)


def test_fractions_are_shares():
    assert said("about a fifth of exports?") == [("a fifth", 20.0, None)]
    assert said("two thirds of the costs") == [("two thirds", 66.7, None)]
    assert said("as much as half of what a company needs") == [("half", 50.0, None)]
    assert said("what was the third one?") == [] and said("the third biggest") == []
    assert said("did more than half of the patients respond?") == []  # a bound, no figure


def test_figures_said_exactly_years_and_small_numerals_are_not_rough():
    for question in ("39,512 jobs", "14.8 % of exports", "in 2024", "about 2020", "one or two plants"):
        assert said_figures(question) == [], question
    assert said("is it 400 companies?") == [("400", 400.0, None)]  # one significant digit: rounded
    for code in ("PD-1 triggering", "IL-10 production", "the Arp2/3 inhibitor", "interleukin-2"):
        assert said_figures(code) == [], code  # a name's number, no amount


def test_the_collections_figure_within_range_is_the_one_meant():
    figures = [(39000.0, "39000"), (98.0, "98"), (101.0, "101"), (350.0, "350")]
    scales = {"98": ["billion"]}

    def scaled(term: str, scale: str) -> bool:
        return scale in scales.get(term, ())

    (jobs,) = said_figures("about 40 thousand people")
    assert nearest(jobs, figures, scaled) == ("39000", False)
    (exports,) = said_figures("close to a hundred billion")
    assert nearest(exports, figures, scaled) == ("98", True)  # "101" is written without "billion"
    (far,) = said_figures("is it 400 companies?")
    assert nearest(far, figures, scaled) is None  # 350 is more than a tenth away


def test_the_numerals_a_collection_writes_after_each_step():
    texts = ["results of the phase I/II trial in stage IV patients", "a phase 3 study"]
    assert collection_numbered(texts) == {"phase": ["i", "ii", "3"], "stage": ["iv"]}


def test_a_collections_figures_are_its_amounts_with_the_scale_written_after_them():
    texts = ["EUR 98 billion in exports, 39,000 jobs and the PDC-LUNG-101 trial.", "No figure here."]
    found = collection_figures(texts, Analyzer())
    assert found == {"98": ["billion"], "39000": []}
