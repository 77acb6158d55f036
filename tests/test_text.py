import pytest

from askbio.text import Analyzer, fold, merge_spans, normalize


def terms(text: str) -> list[str]:
    return Analyzer().terms(text)


def test_accents_fold_so_liege_finds_liege_with_grave():
    assert terms("Liège") == terms("Liege") == terms("LIEGE")


def test_no_break_spaces_and_curly_quotes_are_folded():
    assert terms("Wallonia\u2019s\u00a0economy") == terms("Wallonia's economy")
    assert normalize("a\u00a0b")[0] == "a b"


def test_stopwords_removed_and_words_stemmed():
    assert terms("How many jobs are in the biomanufacturing sector?") == ["job", "biomanufactur", "sector"]


def test_contractions_without_their_apostrophe_are_stopwords_unless_they_spell_a_word():
    assert Analyzer().terms("whats wheres doesnt isnt theyre") == []
    assert Analyzer().terms("well shell ill") == ["well", "shell", "ill"]


def test_numbers_percentages_and_codes_stay_findable():
    assert "50000" in terms("over 50,000 jobs") and "50000" in terms("50000")
    assert terms("14.8 %") == ["14.8", "percent"] == terms("14.8%")
    assert "nct03970746" in terms("(PDC-LUNG-101, NCT03970746)")
    # A compound is indexed as its parts, and a letters-and-digits code also as its letters.
    assert {"pdc", "lung01", "lung"} <= set(terms("the high dose PDC*lung01 combined"))
    assert terms("IL-6") == ["il", "6"] and terms("IL6") == ["il6", "il"]
    assert terms("R&D") == ["r&d"]  # no part long enough to index: the compound stays whole
    assert "5.3" in terms("EUR 5.3 billion")


def test_links_and_emails_are_single_tokens():
    found = terms("see https://www.pdc-line-pharma.com/news or mail a.b@example.org")
    assert "pdc" not in found and "https://www.pdc-line-pharma.com/news" in found
    assert "a.b@example.org" in found


def test_token_spans_map_back_to_the_source_text():
    text = "Caf\u00e9\u00a0Li\u0065\u0300ge \ufb01ne 50,000 jobs"  # combining accent and a ligature
    for token in Analyzer().tokens(text):
        assert 0 <= token.start < token.end <= len(text)
    spans = {text[t.start : t.end] for t in Analyzer().tokens(text)}
    assert "Lie\u0300ge" in spans and "50,000" in spans and "\ufb01ne" in spans


def test_zero_width_and_control_characters_do_not_split_or_crash():
    assert terms("bio\u200bpharma") == terms("biopharma")
    assert terms("\x00\x07jobs") == ["job"]


def test_us_in_capitals_is_the_country_not_the_stopword():
    """ "major US companies": in capitals, "US" names the United States, as "USA" and "U.S." do."""
    assert terms("major US companies") == ["major", "usa", "compani"]
    assert terms("USA") == terms("U.S.") == terms("US") == ["usa"]
    assert terms("tell us about Us") == terms("tell about")
    text = "Li\u00e8ge and US firms"
    assert {text[t.start : t.end] for t in Analyzer().tokens(text) if t.term == "usa"} == {"US"}


def test_stem_cache_is_used_before_nltk():
    analyzer = Analyzer({"jobs": "CACHED"})
    assert analyzer.terms("jobs") == ["CACHED"]


def test_merge_spans():
    assert merge_spans([(5, 8), (0, 2), (1, 3), (8, 9)]) == ((0, 3), (5, 9))


TRICKY = [
    "Caf\u00e9\u00a0Li\u0065\u0300ge \ufb01ne 50,000 jobs\u2026",  # a ligature and an ellipsis change lengths
    "Stra\u00dfe \u00bd \u2122 \u0130stanbul \u212a \u2126 \u13a0\u13a1 \uab70",  # sharp s, Kelvin, Cherokee
    "see https://www.pdc-line-pharma.com/news or mail a.b@example.org, www.x.org.",
    "Wallonia\u2019s \u201cCOVID-19\u201d PDC*lung01 14.8% bio\u200bpharma \x00\x07jobs",
    "",
    "the of and",
    "Tell us about the US firms in Li\u00e8ge, USA and U.S. ones",  # "US" is a country, "us" a stopword
]


def test_fold_is_normalize_without_offsets():
    for text in TRICKY:
        assert fold(text) == normalize(text)[0], text


def test_term_ids_many_spell_out_analyze_many():
    analyzer = Analyzer()
    terms, ids, lengths = analyzer.term_ids_many(TRICKY)
    expected = Analyzer().analyze_many(TRICKY)
    assert len(lengths) == len(TRICKY) and sum(lengths) == len(ids)
    start = 0
    for want, n in zip(expected, lengths, strict=True):
        assert [terms[i] for i in ids[start : start + n]] == want
        start += n


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("important", "imports"),
        ("university", "universe"),
        ("international", "internal"),
        ("organization", "organ"),
        ("business", "busy"),
        ("several", "sever"),
    ],
)
def test_words_the_stemmer_would_cut_to_an_unrelated_words_stem_keep_their_own(word, other):
    analyzer = Analyzer()
    assert analyzer.terms(word) != analyzer.terms(other)
    assert analyzer.terms(word) == analyzer.terms(word.capitalize())  # their forms still meet


def test_an_unindexed_word_is_not_taken_for_the_cut_of_an_overstemmed_one():
    from askbio.query import QueryBuilder

    analyzer = Analyzer()
    terms = analyzer.terms("The most important trading partner")
    vocabulary = {t: i for i, t in enumerate(dict.fromkeys(terms))}
    query = QueryBuilder(analyzer, vocabulary).build("pharmaceutical imports")
    assert query.replaced == {}
