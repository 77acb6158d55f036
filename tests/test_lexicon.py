"""General English: word frequencies, and the bridges from a question's words to a collection's."""

import pytest

from askbio.lexicon import Lexicon, bridges, noun_kind, pertainyms, related_words, variants
from askbio.text import Analyzer


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def vocabulary_of(analyzer, *texts):
    return {t: i for i, t in enumerate(dict.fromkeys(t for text in texts for t in analyzer.terms(text)))}


def test_wordnet_relates_everyday_words_closest_first():
    related = related_words()
    assert len(related) > 10_000
    assert "employment" in related["employ"]
    assert related["salary"][:2] == ("wage", "pay")


def test_wordnet_says_what_kind_of_thing_a_noun_names():
    """Its commonest sense's lexicographer file: parts of the body, diseases, ..."""
    assert noun_kind("lung") == noun_kind("breasts") == noun_kind("kidney")
    assert noun_kind("malaria") == noun_kind("influenza") != noun_kind("lung")
    assert noun_kind("qwxz") is None


def test_wordnet_says_what_adjectives_of_names_pertain_to():
    found = pertainyms()
    assert found["danish"] == ("denmark",) and found["dutch"] == ("netherlands",)
    assert "economy" in found["economic"]


def test_an_everyday_word_is_bridged_to_the_collections_related_words(analyzer):
    vocabulary = vocabulary_of(analyzer, "Biomanufacturing offers 50,000 jobs and a large workforce.")
    found = bridges(vocabulary)
    assert analyzer.terms("workforce")[0] in found[analyzer.terms("manpower")[0]]
    assert all(t in vocabulary for targets in found.values() for t in targets)


def test_bridges_chain_through_the_curators_synonyms(analyzer):
    """ "hire" is related to "employ" in WordNet, which the curator grouped with "jobs"."""
    vocabulary = vocabulary_of(analyzer, "The plant offers many jobs.")
    job = analyzer.terms("jobs")[0]
    assert job not in bridges(vocabulary).get(analyzer.terms("hire")[0], [])
    chained = bridges(vocabulary, [["jobs", "employment"]])
    assert job in chained[analyzer.terms("hire")[0]]


def test_other_spellings_and_lemmas_stand_for_the_word(analyzer):
    vocabulary = vocabulary_of(analyzer, "The organization has a favor to ask of the big center.")
    found = variants(vocabulary)
    assert found[analyzer.terms("favour")[0]] == analyzer.terms("favor")[0]  # British -> American
    assert found[analyzer.terms("biggest")[0]] == analyzer.terms("big")[0]  # superlative -> lemma
    assert analyzer.terms("organization")[0] not in found  # the collection has it: nothing to do
    # a word that is a base form of its own stands for itself: "found" (a firm), not only "find"
    vocabulary = vocabulary_of(analyzer, "They find new drugs.")
    assert analyzer.terms("found")[0] not in variants(vocabulary)


def test_informativeness_ranks_everyday_words_below_rare_ones():
    lexicon = Lexicon({"people": 6.2, "waffles": 3.0})
    assert lexicon.informativeness("people") < lexicon.informativeness("waffles") <= 1.2
    assert lexicon.informativeness("pembrolizumab") == 1.2  # unknown to English: a name or a code


def test_places_are_known_in_lower_case_without_accents():
    from askbio.lexicon import place_kinds, places

    found = places()
    assert {"ghent", "germany", "new york", "netherlands"} <= found
    assert "nice" not in found  # a common word first: a place only when capitalised
    # a city written with an accent, its word rare in English ("Liège"), but not "Salé": "sale"
    assert "liege" in found and "sale" not in found
    # a city of a million or more that WordNet also names with a capital, though "berlin" is a carriage
    assert {"berlin", "phoenix"} <= found and "perm" not in found
    kinds = place_kinds()
    assert kinds["ghent"] == {"city"} and kinds["germany"] == {"country"} and kinds["europe"] == {"continent"}
    assert kinds["georgia"] == {"country", "state"}
    # first-level regions, which questions name as they name countries
    assert {"bavaria", "ontario", "catalonia", "lombardy"} <= found and kinds["bavaria"] == {"region"}


def test_a_word_english_lacks_is_respelt_as_the_most_frequent_word_one_edit_away():
    lexicon = Lexicon(
        {"people": 6.2, "peoples": 4.1, "official": 5.1, "receive": 5.0, "cape": 4.2, "open": 5.9}
    )
    assert lexicon.respelt("peple") == "people"  # a letter dropped
    assert lexicon.respelt("offical") == "official"
    assert lexicon.respelt("recieve") == "receive"  # two letters swapped
    assert lexicon.respelt("capex") is None  # a letter after a whole word: a term of its own
    assert lexicon.respelt("people") is None  # English has it
    assert lexicon.respelt("zorblax") is None  # nothing near


def test_a_possessive_or_a_compound_of_common_words_is_common_english():
    """ "grandchildren's" and "medicine-making" are everyday English, not names to look for."""
    lexicon = Lexicon({"grandchildren": 3.1, "medicine": 4.5, "making": 5.0, "pdc": 1.0, "line": 5.2})
    assert lexicon.is_common("grandchildren's") and lexicon.is_common("grandchildren’s")
    assert lexicon.is_common("medicine-making")
    assert not lexicon.is_common("pdc-line") and not lexicon.is_common("Wallonia's")


def test_everyday_words_of_other_languages_are_everyday_not_names():
    """ "c'est un peu ambitieux": words of another language's everyday use, however typed
    (accents dropped, elided), are no names the documents must mention."""
    lexicon = Lexicon({"the": 7.7, "inversion": 3.0}, foreign=["peu", "est", "consequences"])
    assert lexicon.is_everyday("peu") and lexicon.is_everyday("c'est") and lexicon.is_everyday("conséquences")
    assert lexicon.is_everyday("inversión")  # an English word, accented as another language has it
    assert lexicon.is_everyday("the") and not lexicon.is_everyday("glaxosmithkline")
    assert not lexicon.is_common("peu")  # not English: a name it could be is still looked for as one


def test_the_foreign_table_leaves_common_english_out():
    from askbio.lexicon import foreign_words

    found = set(foreign_words(500))
    assert {"pourquoi", "porque", "warum"} <= found
    assert not found & {"the", "one", "president", "hotel"}


def test_countries_other_names_come_from_wordnet():
    from askbio.lexicon import place_aliases

    aliases = place_aliases()
    assert aliases["america"] == aliases["usa"] == aliases["us"] == "united states"
    assert aliases["uk"] == aliases["britain"] == "united kingdom" and aliases["holland"] == "netherlands"
    assert "new jersey" not in aliases  # a US state's synset, though GeoNames has an island Jersey
    assert "ga" not in aliases  # two letters only as WordNet writes them, in capitals
