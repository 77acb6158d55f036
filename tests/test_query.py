"""From a question to what is searched and asked for: spelling correction, synonyms, stem
variants, and the kind of answer it asks for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from askbio.answer_types import question_type
from askbio.lexicon import Lexicon, collection_names
from askbio.query import (
    BRIDGE_WEIGHT,
    EXPANSION_WEIGHT,
    QueryBuilder,
    about_asker,
    asked_alone,
    lettered,
    ranks_asked,
)
from askbio.text import Analyzer


def builder(
    texts: list[str],
    synonyms: list[list[str]] | None = None,
    is_english: Callable[[str], bool] | None = None,
    **options: Any,
) -> QueryBuilder:
    """A QueryBuilder over the vocabulary of `texts`, as an index of them would have it."""
    analyzer = Analyzer()
    terms = [term for text in texts for term in analyzer.terms(text)]
    vocabulary = {term: i for i, term in enumerate(dict.fromkeys(terms))}
    return QueryBuilder(analyzer, vocabulary, synonyms, is_english=is_english, **options)


PROTEINS = ["The parkin protein folds.", "Pulse rates rose in the trial."]


def test_a_near_miss_is_corrected_to_the_corpus_word_and_searched_as_it():
    queries = builder(PROTEINS)
    query = queries.build("parkim levels")
    assert query.corrections == {"parkim": "parkin"}
    assert queries.analyzer.terms("parkin")[0] in query.terms
    assert queries.analyzer.terms("parkim")[0] not in query.terms


def test_two_corpus_words_run_together_are_split():
    english = {"life", "science", "companies"}.__contains__
    queries = builder(["Life science companies grow."], is_english=english)
    query = queries.build("lifescience companies")
    assert query.corrections == {"lifescience": "life science"}
    a = queries.analyzer
    assert {a.terms("life")[0], a.terms("science")[0]} <= set(query.terms)


def test_a_noun_of_a_verb_and_its_particle_is_searched_as_the_collection_writes_it():
    english = {"start", "ups", "startups", "generates", "gene", "rates"}.__contains__
    queries = builder(["Start-ups and gene rates grow."], is_english=english)
    a = queries.analyzer
    assert queries.build("help for startups").corrections == {"startups": "start ups"}
    assert {a.terms("start")[0], a.terms("ups")[0]} <= set(queries.build("help for startups").terms)
    assert queries.build("what generates growth").corrections == {}  # an English word of its own


def test_what_role_they_play_asks_what_they_do():
    queries = builder(["Big companies are a driving force for start-ups."])
    a = queries.analyzer
    query = queries.build("What role do big companies play for start-ups?")
    assert {a.terms("role")[0], a.terms("play")[0]} <= query.fillers
    assert a.terms("companies")[0] not in query.fillers
    assert not {a.terms("role")[0], a.terms("play")[0]} & queries.build("what is their role?").fillers


def test_a_hyphenated_compound_is_searched_as_the_word_the_collection_writes():
    queries = builder(["A promising antitumor response in cooperation with hospitals."])
    a = queries.analyzer
    assert a.terms("antitumor")[0] in queries.build("an anti-tumour response").terms  # British, in two
    assert a.terms("cooperation")[0] in queries.build("co-operation with hospitals").terms


def test_a_word_spelt_as_it_sounds_is_corrected():
    queries = builder(["Biotech and pharma companies make vaccines."])
    assert queries.build("biotek companies").corrections == {"biotek": "biotech"}
    assert queries.build("farma companies").corrections == {"farma": "pharma"}
    assert queries.build("vaksines").corrections == {"vaksines": "vaccines"}
    assert queries.build("bioteck farmacy").corrections == {"bioteck": "biotech"}  # not "pharma"


def test_of_words_offered_as_alternatives_one_the_corpus_has_will_do():
    """ "pharma/medtech suppliers": the corpus has "pharma"; "medtech" is no word it must have."""
    queries = builder(["Pharma suppliers invested in the region."])
    a = queries.analyzer
    query = queries.build("which pharma/medtech suppliers invested?")
    assert a.terms("medtech")[0] in query.fillers and a.terms("pharma")[0] not in query.fillers
    assert a.terms("medtech")[0] not in queries.build("which medtech/biotech suppliers?").fillers  # neither


def test_a_word_of_another_language_is_read_as_its_cognate():
    """ "tratamentos", "cliniques": the corpus word another language's word is a cognate of,
    by its first letters or its spelling; not an unrelated word, nor an English word."""
    queries = builder(["Clinical trials of new treatments and a vaccine grew."])
    assert queries.build("tratamentos for cancer").corrections == {"tratamentos": "treatments"}
    assert queries.build("essais cliniques").corrections == {"cliniques": "clinical"}
    assert queries.build("a vacina").corrections == {"vacina": "vaccine"}
    assert queries.build("salario medio").corrections == {}  # no cognate in the corpus
    assert queries.build("clinics nearby").corrections == {}  # English: the corpus lacks it


def test_spelling_corrects_within_the_same_first_letter_only():
    queries = builder(PROTEINS)
    # Names the collection lacks stay as asked (and are reported as unknown), not swapped for
    # a corpus word one or two letters away.
    assert queries.build("starkin levels").corrections == {}
    assert queries.build("dulse intake").corrections == {}


def test_words_the_corpus_knows_are_never_corrected():
    queries = builder(PROTEINS)
    assert queries.build("Parkin and pulse in trials").corrections == {}


def test_common_english_words_are_never_corrected():
    # "parking" is one letter from the corpus's "parkin": only knowing it as English keeps it.
    assert builder(PROTEINS).build("parking levels").corrections == {"parking": "parkin"}
    assert builder(PROTEINS, is_english=Lexicon().is_common).build("parking levels").corrections == {}


def test_spelling_can_be_switched_off():
    assert builder(PROTEINS, spelling=False).build("parkim levels").corrections == {}


JOBS = [
    "Flanders counts 4,200 jobs in vaccine plants.",
    "Employment in Wallonia grew by 5 %.",
    "The workforce is highly skilled.",
]
GROUP = ["jobs", "employment", "workforce", "headcount"]  # "headcount" is not in the corpus


def test_synonyms_add_the_other_members_of_the_group_that_the_corpus_has():
    queries = builder(JOBS, [GROUP])
    stem = {word: queries.analyzer.terms(word)[0] for word in GROUP}
    query = queries.build("how many jobs")
    assert set(query.expansions) == {stem["employment"], stem["workforce"]}
    assert set(query.terms) == {stem["jobs"], stem["employment"], stem["workforce"]}
    assert queries.build("how many engineers").expansions == ()


def test_a_phrase_among_synonyms_is_brought_in_only_by_all_its_words():
    """ "young companies" stands for start-ups, "companies" alone does not; "cancer" does not
    bring the acronym of "American Association for Cancer Research", the phrase does."""
    texts = [
        "Young companies and start-ups grow; the AACR met.",
        "Companies fight cancer. The American Association for Cancer Research (AACR) met.",
    ]
    groups = [["start-ups", "young companies"], ["AACR", "American Association for Cancer Research"]]
    queries = builder(texts, groups)
    terms = queries.analyzer.terms
    assert queries.build("How many companies fight cancer?").expansions == ()
    assert set(queries.build("How many young companies?").expansions) == set(terms("start-ups"))
    assert set(queries.build("What did the American Association for Cancer Research say?").expansions) == {
        "aacr"
    }
    assert set(queries.build("What did the AACR say?").expansions) >= set(
        terms("American Association Cancer Research")
    )


def test_expansions_weigh_less_than_the_words_asked():
    queries = builder(JOBS, [GROUP])
    vocabulary = queries.vocabulary
    stem = {word: queries.analyzer.terms(word)[0] for word in GROUP}
    weights = queries.build("how many jobs").weights(vocabulary)
    assert EXPANSION_WEIGHT < 1.0
    assert weights[vocabulary[stem["jobs"]]] == 1.0
    assert weights[vocabulary[stem["employment"]]] == pytest.approx(EXPANSION_WEIGHT)
    assert weights[vocabulary[stem["workforce"]]] == pytest.approx(EXPANSION_WEIGHT)
    # A member asked for is a word asked, not an expansion; a repeated word counts twice.
    asked = queries.build("jobs jobs and employment")
    assert stem["employment"] not in asked.expansions
    weights = asked.weights(vocabulary)
    assert weights[vocabulary[stem["employment"]]] == 1.0
    assert weights[vocabulary[stem["jobs"]]] == 2.0


def test_an_unindexed_stem_that_begins_an_indexed_one_stands_for_it():
    """The stemmer cuts "producing" to "produc" but "production" to "product"."""
    queries = builder(["Vaccine production grew."], spelling=False)
    [asked] = queries.analyzer.terms("producing")
    [indexed] = queries.analyzer.terms("production")
    assert asked != indexed and indexed.startswith(asked)
    assert indexed in queries.build("producing vaccines").terms
    plain = builder(["Vaccine production grew."], spelling=False, stem_variants=False)
    assert asked in plain.build("producing vaccines").terms


def test_a_long_word_cut_short_stands_for_the_one_indexed_word_it_begins():
    """ "radiopharma" for "radiopharmaceuticals"; a short or ambiguous beginning stands for none."""
    queries = builder(["Radiopharmaceuticals and immunotherapies grow."], spelling=False)
    [indexed] = queries.analyzer.terms("radiopharmaceuticals")
    assert indexed in queries.build("radiopharma makers").terms
    both = builder(["Radiopharmaceuticals grow.", "Radiopharmacies grow."], spelling=False)
    assert both.build("radiopharma makers").terms[0] == "radiopharma"


def test_a_word_stands_for_the_compound_the_collection_makes_of_it():
    """ "logistics" for "biologistics"; not for a compound the collection lacks."""
    queries = builder(["A position in biologistics grows."], spelling=False)
    [indexed] = queries.analyzer.terms("biologistics")
    assert indexed in queries.build("logistics position").terms
    assert indexed not in builder(["Logistics grow."], spelling=False).build("logistics").terms


def test_an_abbreviation_knows_the_phrase_it_stands_for():
    queries = builder(
        ["Investments in research and development grew."], [["R&D", "research and development"]]
    )
    query = queries.build("how much goes into R&D?")
    assert query.phrases == {"r&d": (tuple(queries.analyzer.terms("research development")),)}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many jobs in biomanufacturing?", "number"),
        ("What share of exports is pharmaceutical?", "percent"),
        ("When did PDC Line Pharma present its results?", "date"),
        ("What reference year does the figure of 39,000 jobs relate to?", "date"),  # not the figure
        ("which fiscal year is the export figure for?", "date"),
        ("what exports this year?", None),
        ("Where is PDC Line Pharma based?", "place"),
        ("Which companies invested in Wallonia?", "name"),
        ("Tell me about vaccines", None),
        ("How much of the budget goes to research?", "percent"),
        ("How much does it cost to rent an office?", "money"),
        ("How much does the region export?", "money"),
        ("How much goes into research?", "money"),
        ("What is the value of Belgium's biopharmaceutical exports?", "money"),  # a possessive between
        ("Where did Belgium rank in exports?", "rank"),
        ("How long did the trial last?", "duration"),
        ("How many years did the study take?", "duration"),
        ("Over what period were patients registered?", "duration"),
        ("What is the research park called?", "alias"),
        ("What nickname does the region have?", "alias"),
        ("What is Liège also known as?", "alias"),
        ("What is Liège known for?", "kinds"),  # what it does well, not what it is called
        ("What kind of country is it becoming?", "kinds"),  # a kind, not a place
        ("bio san diego dates", "date"),  # keywords, the kind last
        ("r&d subsidy deadline", "date"),
        ("Which country buys the most?", "place"),
        ("Why has the sector grown so fast?", "reason"),
        ("How come exports rose?", "reason"),
        ("What has helped the sector grow so much?", "reason"),
        ("What's behind the growth?", "reason"),
        ("What drives exports?", "reason"),
        ("What is made in the region?", None),
        ("What makes up the sector?", None),
        ("Where do the companies get their staff from?", "reason"),
        ("Where do they recruit engineers from?", "reason"),
        ("Where did they present?", "place"),
        ("How often did patients relapse?", "number"),
        ("How common is the disease among adults?", "number"),
        ("What vaccines does the plant make?", "kinds"),
        ("what's the trial number", "identifier"),
        ("What is the ClinicalTrials.gov ID of the study?", "identifier"),
        ("What is the trial code of the vaccine?", None),  # as often the product's code
        ("What kinds of therapy are offered?", "kinds"),
        ("Which kinds of organisations are working together?", "kinds"),  # kinds, not names
        ("What are the main risks?", "kinds"),
        ("Between which European cities is the region located?", "place"),
        # a question form outweighs a noun that asks for a kind
        ("Which countries were in the cost study?", "place"),
        ("What is the sector worth?", "money"),
        # a yes-no question asks for no figure or name, only for an address
        ("Is funding available for start-ups?", None),
        ("Does Belgium rank high in exports?", None),
        ("Is there an e-mail address for the office?", "email"),
        ("Is it true that sales doubled, and when?", "date"),
        # unless it compares amounts
        ("Are there more biotech jobs in Wallonia than in Flanders?", "number"),
        ("Does Wallonia have more than half of the companies?", "number"),
        # "who" asks for a person when it asks who holds a role or did what people do
        ("Who founded the company?", "person"),
        ("Who is the lead investigator of the trial?", "person"),
        ("who is in charge of the trade agency?", "person"),
        ("Who's the gaffer at the company?", "person"),  # a boss, in British English
        ("who's responsible for the trial?", "person"),
        ("who oversees the fund?", "person"),
        ("who is the boss of the agency?", "person"),
        ("Who is the biggest foreign buyer?", "name"),
        ("list the companies that invested in the region", "name"),
        ("which players invested in wallonia", "name"),
        ("And exports in value terms?", "money"),
        ("Which part of the total Belgian export is coming from pharmaceuticals?", "percent"),
        ("which part of belgium is the biotech valley", "place"),
        ("On which place does Belgium stand in the world when it comes to pharma export?", "rank"),
        ("When it comes to vaccines, when did Belgium start?", "date"),
        ("please furnish the names of the corporations that invested", "name"),
        ("what is the telephone number of the office? email is slow", "phone"),  # asked by name
        ("Where can I read the company's press release?", "web"),
        ("Where can I find skilled staff?", "place"),
        ("What do those jobs pay on average?", "money"),
        # an apostrophe left out
        ("whats the total R&D spending", "number"),
        ("wheres the plant", "place"),
        # a figure's noun, a ranking idiom, a few words between "which" and what it asks for
        ("What export value does the report give?", "money"),
        ("biopharma exports belgium value", "money"),  # keywords, the kind last
        ("wallonia biotech companies number", "number"),
        ("agency phone number", "phone"),  # a phone number, not a count
        ("Where does Belgium stand within Europe?", "rank"),
        ("Where Belgium is standing in Europe for number of clinical trial?", "rank"),  # not the number
        ("At which conference were those results presented?", "name"),  # not kinds of results
        ("what's the total R&D investment in Belgian biopharma", "number"),
        ("where do they come in the world for exports", "rank"),
        ("Which major European cities is the region positioned between?", "place"),
        ("Which big US pharma firms have invested?", "name"),
        ("what have belgian biotech firms achieved", None),
        # a category noun asks for examples; "which names" for names
        ("which scientific topics does vaccine research concentrate on", "kinds"),
        ("What areas is the sector strongest in?", "kinds"),
        ("What are the main research themes of vaccine R&D?", "kinds"),
        ("Which big pharma names have operations in Wallonia?", "name"),
        # keywords: a currency asks for money, a figure's noun for a figure; not a code's number
        ("biopharma exports value in eur", "money"),
        ("belgium biopharma direct employment figure", "number"),
        ("export stats belgium", "number"),
        ("lung cancer vaccine trial registry number", "identifier"),  # not a figure
        ("Wallonia location vs. major European cities", "place"),
        ("What dates is the fair on?", "date"),
        ("What is the value of biopharmaceutical exports from Belgium?", "money"),
        ("what is the p value of the trial", "number"),
        ("And which seaports could we reach from there?", "place"),
        ("which portion of R&D costs can the subsidies cover?", "percent"),  # not money: a share of it
        ("roughly what slice of the exports goes to the US?", "percent"),
        ("max % of R&D costs covered by grants?", "percent"),  # a "%" after no figure asks one
        ("what drug was the vaccine combined with", "substance"),
        ("At which event can we meet the Wallonia people?", "name"),
        ("what are belgiums regions called", "place"),  # the names of places, not another name
        ("what are they collectively called", "alias"),
        ("What was the objective response rate for high dose patients?", "number"),  # a rate: a figure
        ("What stage were the patients in when they saw a response?", None),  # "when" opens a clause
        ("what is it? when was it published?", "date"),
        ("which big american groups have put money into wallonia?", "name"),  # not kinds of groups
        ("what are the big pharma names that have sites in wallonia?", "name"),
        ("how much portion of R&D cost can be covered by grants?", "percent"),
        ("which checkpoint inhibitor was it given with?", "substance"),
        ("In which field of medicine do they excel?", None),  # a field, not a medicine
        ("which drug companies are in Wallonia?", "name"),
        ("is it 70 % of the costs or 70% of the budget?", None),
        ("the proportion of exports going to the US", "percent"),
        ("to whom do I write for more details?", "contact"),
        ("who should we talk to about investing?", "contact"),
        ("which universities in Wallonia do research?", "name"),
        ("which labs are doing the mRNA part?", "name"),
        ("where does it sit in the world league table for exports?", "rank"),
        ("what American city do they compare Belgium to?", "place"),  # "what city" as "which city"
        ("In the text, what does the abbreviation FDI stand for?", "expansion"),
        ("who is the doctor leading the study?", "person"),  # a role, as "who is the CEO"
        ("who set it up?", "person"),  # who did it, as "who founded"
        ("who started the company?", "person"),
        ("who gave it that name?", "person"),  # who named it
        ("how far is it from Paris in km?", "distance"),
        ("Does Wallonia have a nickname?", "alias"),  # asks for one, as "is there a website?"
        ("Is there a maximum amount in euros for them?", "money"),  # asks for the measure named
        ("are there any figures on jobs?", "number"),
        ("is there any non-dilutive funding?", None),  # whether there is
        ("and the public investment funds, how far can they go?", None),  # up to how much
        ("how many hour by truck to that port?", "duration"),
        ("GMP is short for what?", "expansion"),
        ("what region is the valley in?", "place"),
        ("what country's share is highest?", "percent"),  # a share, of a country
        # an amount of what is spent, or in a currency; a request put as a question asks
        ("Would you be so kind as to indicate the amount Takeda has invested in Wallonia?", "money"),
        ("could you tell me the amount Belgium spends on R&D?", "money"),
        ("wallonia R&D grant max amount EUR", "money"),
        ("belgium biopharma exports total euros", "money"),  # keywords ending in a currency
        ("what amount of patients responded?", "number"),  # a count, not money
        ("could you give me the number of biotech jobs?", "number"),
        ("could you say whether it is in Liège?", None),
        ("what are the 3 regions of belgium called", "place"),  # the names of places, not a nickname
        ("Where do the firms in Wallonia find their personnel?", "reason"),  # who provides them
        ("where do they find their partners?", "place"),  # not the people they employ
        ("which dose of the vaccine did patients get?", "number"),  # how much of it
        ("And what do they put Wallonia's growth down to?", "reason"),  # its cause
        ("what did they put in the report?", None),
        ("its weight relative to the neighbours - what multiple are we talking?", "number"),  # "10x"
    ],
)
def test_question_type(question, kind):
    assert question_type(question) == kind


def test_a_built_query_knows_its_answer_type_and_what_it_counts():
    queries = builder(["Plants employ thousands of workers.", "Staff numbers grew."], [["workers", "staff"]])
    counting = queries.build("How many workers do the plants have?")
    worker, staff = queries.analyzer.terms("workers")[0], queries.analyzer.terms("staff")[0]
    assert counting.answer_type == "number"
    assert counting.counted == {worker, staff}  # the counted word and its synonyms
    # "how many ... employ": the jobs, in the words the collection has for them
    employing = queries.build("How many workers do the plants employ?")
    assert employing.counted == {worker, staff, queries.analyzer.terms("employ")[0]}
    other = queries.build("Where are the plants?")
    assert other.answer_type == "place" and other.counted == frozenset()


def test_an_unindexed_word_is_replaced_by_its_variant_and_bridged_to_related_terms():
    queries = builder(["The labor union has a large workforce."])
    a = queries.analyzer
    labour, labor = a.terms("labour")[0], a.terms("labor")[0]
    manpow, workforc = a.terms("manpower")[0], a.terms("workforce")[0]
    bridged = QueryBuilder(
        a,
        queries.vocabulary,
        is_english=lambda word: True,  # real words: not taken for misspellings
        variants={labour: labor},
        bridges={manpow: [workforc], labor: ["x"]},
    )
    query = bridged.build("labour manpower")
    assert query.replaced == {labour: labor}  # it stands for the asked word
    assert query.bridges == {manpow: (workforc,)}  # only words the collection lacks are bridged
    weights = query.weights(queries.vocabulary)
    assert weights[queries.vocabulary[labor]] == 1.0
    assert weights[queries.vocabulary[workforc]] == BRIDGE_WEIGHT < EXPANSION_WEIGHT


def test_a_missing_word_is_bridged_to_its_curator_synonyms_first():
    queries = builder(["The seaports of Antwerp are close."], [["seaports", "ports"]], bridges={})
    port, seaport = queries.analyzer.terms("ports")[0], queries.analyzer.terms("seaports")[0]
    assert queries.build("which ports are close").bridges == {port: (seaport,)}


@pytest.mark.parametrize(
    ("question", "kind", "cue"),
    [
        ("How do I contact the export agency?", "contact", "contact"),
        ("what is their email address", "email", "email"),
        ("What is the email id to contact?", "email", "id"),  # "email id": an e-mail address
        ("What is the phone number of the agency?", "phone", "phone"),
        ("How much money has Belgium invested in research?", "money", None),
        ("What is the biotech sector worth?", "money", "worth"),
        ("and a link to the press release?", "web", None),
        ("what are the dates of the congress", "date", None),
        ("name of the person who handles meeting requests", "person", None),
        ("nearest big sea ports to ship from", "place", None),
        ("is there a website about skilled talent?", "web", None),
        ("what's the name given to the cluster", "alias", None),
        ("Kindly advise the total count of companies.", "number", "count"),
        ("how much did they put in?", "money", None),  # what they invested
        ("how much does the industry put into research?", "money", None),
        ("what are the country's biotech firms good at?", "kinds", "good"),  # not their names
        ("what is Liège best known for?", "kinds", "known"),
    ],
)
def test_contact_and_money_questions_and_the_words_that_ask_for_them(question, kind, cue):
    query = builder(["Exports grew."]).build(question)
    assert query.answer_type == kind
    if cue:
        assert Analyzer().terms(cue)[0] in query.cues


def test_a_place_name_is_specific_however_it_is_written():
    queries = builder(["Biotech firms grow."])
    places = frozenset({"ghent", "new york"})
    query = QueryBuilder(queries.analyzer, queries.vocabulary, places=places).build(
        "biotech firms ghent new york"
    )
    a = queries.analyzer
    assert {a.terms(w)[0] for w in ("ghent", "new", "york")} <= query.specific
    assert a.terms("biotech")[0] not in query.specific
    assert query.places == {a.terms(w)[0] for w in ("ghent", "new", "york")}


def _with_countries(texts: list[str], **options: Any) -> QueryBuilder:
    """A QueryBuilder over `texts` that knows countries' other names as an index of them would."""
    from askbio import lexicon

    plain = builder(texts)
    countries = lexicon.country_forms(plain.vocabulary, plain.analyzer, texts)
    return builder(texts, countries=countries, **options)


def test_a_country_named_otherwise_than_the_collection_writes_it_has_its_forms():
    """ "the US" when the text writes "United Sates" (a typo) or "American": the country's other
    names (WordNet's, `place_aliases`) as the collection spells them, a name of several words as
    it writes them together ("United Sates", not "United Stages"); not a short one a letter from
    another word ("PRC" is no "PDC")."""
    texts = [
        "The United Sates buy most exports.",
        "American firms invest in all stages.",
        "PDC presented results.",
    ]
    queries = _with_countries(texts)
    query = queries.build("what share goes to the US?")
    assert query.phrases["usa"] == (("unit", "sate"),) and query.named["usa"] == "american"
    assert "pdc" not in str(queries.build("what share goes to China?"))


def test_an_adjective_of_a_country_known_by_other_names_has_their_forms_in_lower_case():
    """ "which american firms ...?": "US" as the collection writes it, as for "American"."""
    queries = _with_countries(
        ["Major US companies invested.", "The American Association met."],
        pertains={"american": ("america",)},
        bridges={"america": ["usa", "american"]},
    )
    assert "usa" in queries.build("which american firms invested?").forms["american"]


def test_a_country_asked_of_as_a_whole(seed_engine):
    for asked in (
        "how many firms in the whole of Belgium?",
        "how many firms in all of Belgium?",
        "and the whole country?",
        "and in all belgium for biotech?",  # a learner's "all", before a place
    ):
        assert seed_engine.query(asked).whole, asked
    for asked in (
        "how many of all of them?",
        "which regions make up the whole country?",
        "the whole world",
        "how many companies in all sectors?",  # all of no place
    ):
        assert not seed_engine.query(asked).whole, asked


def test_a_place_told_in_another_sentence_is_where_down_there_points(seed_engine):
    asked = "My grandson lives in Wallonia. How many jobs are there in making medicines down there?"
    assert seed_engine.query(asked).places == set(seed_engine.query("Wallonia").terms)
    plain = "My grandson lives in Wallonia. How many jobs are there in biomanufacturing?"
    assert not seed_engine.query(plain).places  # "are there": there is, no place pointed at


def test_a_misspelt_place_is_where_the_answer_must_apply_once_corrected(seed_engine):
    query = seed_engine.query("how many people work in biotech in walonia?")
    assert query.corrections == {"walonia": "wallonia"}
    assert query.places == set(seed_engine.query("Wallonia").terms) <= query.specific


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("How many firms are there in Flanders?", ["Flanders"]),
        ("How many firms in the Walloon region?", ["Walloon"]),
        ("What share of patients from TB wards?", []),  # an abbreviation, not a place
        ("Are there more firms in Wallonia than in Flanders?", ["Wallonia"]),  # compared with
        ("biotech firms ghent", ["ghent"]),
        ("What is Ghent's share?", ["Ghent"]),  # a place's possessive
        # a question put as keywords: the collection's names in it are where it applies
        ("biotech firms flanders", ["flanders"]),
        ("Flanders biotech firms?", ["Flanders"]),
        ("how many biotech firms does flanders have", []),  # a question: "in" would say so
    ],
)
def test_the_places_a_question_asks_about(question, places):
    queries = builder(["Biotech firms grow in Flanders."])
    names = frozenset(queries.analyzer.terms("flanders"))
    query = QueryBuilder(
        queries.analyzer, queries.vocabulary, places=frozenset({"ghent"}), names=names
    ).build(question)
    assert query.places == {queries.analyzer.terms(w)[0] for w in places}


def test_an_age_and_a_sentence_opening_capital_are_not_specific():
    english = {"one", "word"}.__contains__
    query = builder(["Biomanufacturing is the main activity."], is_english=english).build(
        "What is the main activity in Ghent and Bierset? One word that 14 year olds can note down."
    )
    a = Analyzer()
    assert {a.terms("Ghent")[0], a.terms("Bierset")[0]} <= query.specific  # no English word: a name
    assert not {a.terms("one")[0], "14"} & query.specific
    # no word asked either (a remark after the question): the refusal does not name it as missing
    assert "14" in query.fillers or "14" not in {t.term for t in query.tokens}
    assert "16" in builder(["Jobs grow."]).build("how many jobs for 16 companies?").specific


def test_a_lower_case_part_of_a_hyphenated_name_is_not_specific():
    """ "Belgium-wide", "600-plus", "Liège-based": the name or figure, not the word after it;
    "PDC-LUNG-101" all of it."""
    a = Analyzer()
    queries = builder(["Biomanufacturing gives jobs in Belgium."])
    wide = queries.build("give me the Belgium-wide figure and the 600-plus one")
    assert {a.terms("Belgium")[0], "600"} <= wide.specific
    assert not {a.terms("wide")[0], a.terms("plus")[0]} & wide.specific
    code = queries.build("what is PDC-LUNG-101?")
    assert {a.terms(w)[0] for w in ("PDC", "LUNG", "101")} <= code.specific


def test_a_role_is_specific_like_a_name():
    query = builder(["The company grows."]).build("who is the minister of the company")
    assert Analyzer().terms("minister")[0] in query.specific


def test_a_role_a_question_asks_about_is_not_a_word_asking_for_a_person():
    """ "the CEO" names whom the question is about: the documents must name the role too."""
    query = builder(["The company grows."]).build("Who is the CEO of the company?")
    ceo = Analyzer().terms("CEO")[0]
    assert query.answer_type == "person" and ceo in query.specific and ceo not in query.cues


@pytest.mark.parametrize(
    ("question", "ranks"),
    [
        ("Which country ranks first in the world for exports?", ("first",)),
        ("Which country is second in Europe?", ("second",)),
        ("Who first proposed the idea?", ()),  # "first" says when, not which rank
        ("Where does Belgium rank?", ()),
    ],
)
def test_the_rank_a_question_asks_about(question, ranks):
    assert builder(["Exports grew."]).build(question).ranks == ranks


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("belgium", "belgian", True),
        ("walloon", "wallonia", True),
        ("europ", "european", True),
        ("asia", "asian", True),
        ("franc", "frankfurt", False),  # four letters in common are not a name's
        ("gent", "genet", False),
    ],
)
def test_same_name(a, b, same):
    from askbio.query import same_name

    assert same_name(a, b) is same and same_name(b, a) is same


def test_a_name_is_found_in_its_other_forms_in_the_collection():
    queries = builder(["Belgian exports grew.", "Belgium is small."])
    a = queries.analyzer
    query = queries.build("How much did Belgium export?")
    assert query.forms == {a.terms("Belgium")[0]: (a.terms("Belgian")[0],)}


def test_a_place_is_searched_lightly_in_its_other_forms_too():
    """ "the nickname of Wallonia": passages saying "the Walloon region" are searched too, at
    `FORM_WEIGHT`; a name that is no place is searched as asked."""
    from askbio.query import FORM_WEIGHT

    texts = ["The Walloon region is the valley.", "Wallonia is small.", "Pharmacia grew.", "Pharmacial fell."]
    queries = builder(texts, places=frozenset({"wallonia"}))
    vocabulary = {
        t: i for i, t in enumerate(dict.fromkeys(t for x in texts for t in queries.analyzer.terms(x)))
    }
    walloon = vocabulary[queries.analyzer.terms("Walloon")[0]]
    assert queries.build("the nickname of Wallonia").weights(vocabulary)[walloon] == FORM_WEIGHT
    other = queries.build("what did Pharmacia do")
    assert other.forms and vocabulary[queries.analyzer.terms("Pharmacial")[0]] not in other.weights(
        vocabulary
    )


def test_what_how_many_counts_is_the_head_of_its_noun_phrase():
    """ "how many biotech jobs are there" counts jobs, not biotech (nor biotech's synonyms)."""
    queries = builder(["Biotech jobs grew.", "Biotechnology companies grew."], [["biotech", "biotechnology"]])
    a = queries.analyzer
    assert queries.build("How many biotech jobs are there in the region?").counted == {a.terms("jobs")[0]}
    # "ones" counts what the question named before it, or nothing it says
    asked = "And the airports, how many of the big ones are close by?"
    assert queries.build(asked).counted == {a.terms("airports")[0]}
    assert queries.build("how many of the big ones are there?").counted == frozenset()


def test_what_a_share_is_of_ends_before_a_participle_saying_where_it_comes_from():
    """ "what percent of income coming from innovation": a share of income, not of "coming";
    "what share of engineering jobs": of jobs."""
    queries = builder(["Income from innovation is exempted.", "Engineering jobs grew."])
    a = queries.analyzer
    asked = "what percent of income coming from innovation can be exempted?"
    assert queries.build(asked).counted == {a.terms("income")[0]}
    assert queries.build("what share of engineering jobs are in the region?").counted == {a.terms("jobs")[0]}


def test_a_short_common_word_in_lower_case_is_no_place():
    """GeoNames knows places called "Got" and "Nice"; "which children got malaria" names none."""
    queries = builder(["Children got malaria in Ghent."])
    common = {"got", "nice", "children", "malaria"}.__contains__
    a = queries.analyzer
    built = QueryBuilder(a, queries.vocabulary, is_english=common, places=frozenset({"got", "ghent", "nice"}))
    assert built.build("which children got malaria in ghent").places == {a.terms("ghent")[0]}
    assert built.build("is it Nice?").places == {a.terms("Nice")[0]}


@pytest.mark.parametrize(
    ("question", "informer"),
    [
        ("Which ports can goods from Wallonia be shipped through?", {"port"}),
        ("What kind of cancer treatment is Wallonia known for?", {"treatment"}),
        ("What is the dominant activity of the sector in Wallonia?", {"activ"}),
        ("What is the most common type of activity in its sector?", {"activ"}),  # not "type"
        ("what was it combined with in the trial?", {"combin"}),  # the verb of a stranded "with"
        ("Who did they partner with?", {"partner"}),
        # a yes-no question on what something is: the quality asked
        ("Is the new lung vaccine effective?", {"effect"}),
        ("that vaccine, is it effective tho or not", {"effect"}),
        ("Is Belgium good at cancer drugs?", set()),  # "good at" a thing, no quality alone
        ("Are there internships at biotech companies?", set()),
        ("What is the main kind of plant in Ghent?", {"plant"}),
        ("What's the main export?", {"export"}),
        ("Which universities in Wallonia do research?", {"universit"}),  # the noun before "in"
        ("Belgium is compared to which hub?", set()),  # no keyword query: "Belgium is compared"
        ("How many jobs are there?", set()),
        ("What does the agency do?", set()),
        # a question put as keywords asks about the words it opens with
        ("tax breaks for biotech companies in wallonia", {"tax", "advantag"}),  # "tax advantages"
        ("biotech jobs wallonia", set()),
        ("how many jobs in wallonia", set()),
    ],
)
def test_informer_is_what_a_what_or_which_question_asks_for(seed_engine, question, informer):
    assert seed_engine.query(question).informer == informer


def test_words_that_only_frame_a_question_need_not_be_answered(seed_engine):
    """ "What do you know about vaccines?" asks about vaccines: "know" is how it is put, and
    the documents' not saying "know" is no reason to refuse."""
    query = seed_engine.query("What do you know about vaccines?")
    assert query.fillers >= set(seed_engine.query("know").terms)
    answer = seed_engine.ask("What do you know about vaccines?")
    assert not answer.abstained and "vaccine" in answer.answer.lower()


def test_hedges_and_vague_places_only_frame_a_question(seed_engine):
    """ "Is there a video somewhere that shows what it looks like?": what is asked is the video."""
    query = seed_engine.query("Is there a video somewhere that shows what the scene looks like?")
    assert query.fillers >= {t.term for t in seed_engine.query("somewhere like").tokens}
    # "in Wallonia specifically": the name is insisted on, the word itself asks nothing
    insisted = seed_engine.query("What cancer therapies are firms developing in Wallonia specifically?")
    assert insisted.fillers >= {t.term for t in seed_engine.query("specifically").tokens}
    # "the biopharma ones": a pronoun, which the documents' "one of the key areas" does not answer
    ones = seed_engine.query("how much of the biopharma ones go to the US?")
    assert ones.fillers >= {t.term for t in seed_engine.query("ones").tokens}
    # what makes a city American is not the word "American" in a sentence: not looked for
    american = seed_engine.query("what american city do they compare belgium to?")
    assert american.fillers >= {t.term for t in seed_engine.query("american").tokens}
    assert not seed_engine.query("which american companies invested?").fillers & {"american"}
    # "as well" at the end says "also", not "well-being"
    also = seed_engine.query("do they send them abroad as well?")
    assert also.fillers >= {t.term for t in seed_engine.query("well").tokens}
    # "when it comes to biotech", "in terms of jobs": what follows is what is asked about
    for question, framing in [
        ("Does the region have a nickname when it comes to biotech?", "comes"),
        ("how does Belgium do in terms of jobs?", "terms"),
        ("what about Wallonia with regard to vaccines?", "regard"),
    ]:
        assert seed_engine.query(question).fillers >= {t.term for t in seed_engine.query(framing).tokens}
    # chat interjections: how it is typed, not what it is about
    chatty = seed_engine.query("yo what do they research for vaccines lol, or nah")
    assert chatty.fillers >= {t.term for t in seed_engine.query("yo lol nah").tokens}
    assert not chatty.fillers & {t.term for t in seed_engine.query("research vaccines").tokens}
    # how the answer should be put, and what a contact is for
    worded = seed_engine.query(
        "What is the main activity in Wallonia, in one word that 14 year olds can note down?"
    )
    assert worded.fillers >= {t.term for t in seed_engine.query("word year olds note").tokens}
    labelled = seed_engine.query(
        "One word that 14 year olds can note down: what is the main activity in Wallonia?"
    )
    assert not labelled.fillers & {t.term for t in seed_engine.query("main activity Wallonia").tokens}
    contact = seed_engine.query("who do I contact to find out more?")
    assert contact.fillers >= {t.term for t in seed_engine.query("find").tokens}
    assert not seed_engine.query("what does the word biomanufacturing mean?").fillers & {"word"}
    # what the asker will do with the answer
    told = seed_engine.query("Is there a biotech company from Liège I can mention on my tours?")
    assert told.fillers >= {t.term for t in seed_engine.query("mention tours").tokens}
    answer = seed_engine.ask(
        "Is there a video somewhere that shows what the biotech scene in Wallonia looks like?"
    )
    assert not answer.abstained and "youtube.com" in answer.answer


def test_is_it_true_that_only_frames_a_question(seed_engine):
    """ "Is it true that ...?" checks what follows: "true" is not what it is about, unless the
    question is about it."""
    true = set(seed_engine.query("true").terms)
    assert seed_engine.query("Is it true that Belgium makes vaccines?").fillers >= true
    assert seed_engine.query("is that really the case that vaccines are made here").fillers >= set(
        seed_engine.query("case").terms
    )
    assert not seed_engine.query("What is true of vaccines?").fillers & true


def _needs_one_of(items: Any, needs: tuple[str, ...], run: str = "") -> bool:
    """Whether every match of a parsed pattern (`re._parser`) holds one of `needs`: in a run of
    literal characters that every match has (`run`: those just before), or in each branch of a
    group that every match has."""
    from re import _constants as c

    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if any(word in run for word in needs):
            return True
        if (
            (op is c.SUBPATTERN and _needs_one_of(av[-1], needs, run))
            # the parser moves the letters all branches begin with before them
            or (op is c.BRANCH and all(_needs_one_of(branch, needs, run) for branch in av[1]))
            or (op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _needs_one_of(av[2], needs))
            # an ASCII digit, when each of them is needed
            or (
                op is c.IN
                and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]
                and all(d in needs for d in "0123456789")
            )
        ):
            return True
        run = ""
    return any(word in run for word in needs)


def test_the_words_a_question_pattern_needs_are_in_every_match():
    """A question lacking all the words a pattern needs is not searched with it (`lacks`, and
    the answer types' own), so those words must be in every match the pattern can make."""
    from re import _parser

    from askbio import answer, answer_types, figures, idioms, query

    checked = [(pattern, needs) for _, pattern, needs in answer_types._ASKS]
    checked += [(phrase.pattern, idioms.PHRASE_CUES) for phrase in idioms.PHRASES]
    checked += [
        (answer_types._SEVERAL, answer_types._SEVERAL_NEEDS),
        (idioms.WORKFORCE_ASKED, idioms.WORKFORCE_NEEDS),
        (query._RANK_ASKED, query._RANK_NEEDS),
        (query._COUNTED_RE, query._COUNTED_NEEDS),
        (query._INFORMER_RE, query._INFORMER_NEEDS),
        (query._EXCLUSIVE, query._EXCLUSIVE_NEEDS),
        (query._AGE, query._DIGITS),
        (query._COUNT_ASKED, query._DIGITS),
        (query._SAYS_FIGURE, query._SAYS_FIGURE_NEEDS),
        (answer._LAST_YEAR, answer._LAST_YEAR_NEEDS),
        (answer._NAMED_DOCUMENT, answer_types.DOCUMENT_NOUNS),
        (figures._NUMBERED, figures.NUMBERED_STEPS),
        (answer_types._COMPANY_ASKED, answer_types._COMPANY_NEEDS),
        (answer_types._PLACE_KIND, answer_types._PLACE_KIND_NEEDS),
        (answer._WHICH_MOST, answer._MOST_NEEDS),
        (answer._BOTH_DOCUMENTS, answer._BOTH_DOCUMENTS_NEEDS),
        (query._CONTRAST, query._CONTRAST_NEEDS),
    ]
    for pattern, needs in checked:
        assert _needs_one_of(_parser.parse(pattern.pattern), needs), pattern.pattern
    assert not _needs_one_of(_parser.parse(r"\bhow (?:many|much)\b"), ("how many",))  # the check can fail


def test_only_an_ascii_question_lacks_words_for_a_case_blind_pattern():
    from askbio.answer_types import lacks

    assert lacks("Who leads it?", ("what", "which")) and not lacks("WHAT is it?", ("what",))
    assert not lacks("whıch is it?", ("which",))  # "ı" matches "i" when case is ignored


def test_collection_names_are_the_rare_words_it_only_capitalises():
    """A word the collection capitalises inside sentences and never writes in lower case is one
    of its names if English rarely uses it or it is a place; a sentence's first word, a common
    word in a title-cased name and a word in capitals are not."""
    analyzer = Analyzer()
    texts = [
        "The region borders Flanders. Exports went to Antwerp and to the Wallonia Trade office.",
        "Wallonia grew. Trade rose and the trade of UCB grew.",
    ]
    zipf = {"flanders": 3.3, "antwerp": 3.6, "wallonia": 2.0, "trade": 4.8, "office": 5.0}
    names = collection_names(texts, analyzer, lambda w: zipf.get(w, 0.0), places={"antwerp"})
    assert names == sorted(analyzer.terms("Flanders Antwerp Wallonia"))


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("How many life sciences companies operate in Wallonia?", "companies"),
        ("how many biotech jobs are there", "jobs"),
        ("and how many had HIV?", "HIV"),
        ("how many job biomanufacturing wallonia", "biomanufacturing"),  # a name is not what is counted
        ("How many of the biotech companies grow in Wallonia?", "companies"),
        ("how many jobs it makes?", "jobs"),  # a learner's order: "it makes" a clause of its own
    ],
)
def test_what_how_many_counts_is_the_last_plural_of_its_noun_phrase(seed_engine, question, head):
    """ "companies", not "operate": the verb after the noun phrase is not what is counted."""
    assert seed_engine.query(question).counted >= set(seed_engine.query(head).terms[:1])


def test_who_are_the_players_asks_for_several_names():
    from askbio.answer_types import asks_for_several

    assert asks_for_several("who are the big players investing in wallonia")
    # three words before what is named: "which big American pharma names"
    assert asks_for_several("Which big American pharma names have invested there? Please list them.")
    assert asks_for_several("Which companies invested?")
    assert asks_for_several("which big american groups have put money into wallonia?")
    assert asks_for_several("what are the big pharma names that have sites in wallonia?")
    assert not asks_for_several("who is the biggest buyer?")


def test_asides_about_who_asks_and_hedges_only_frame_a_question(seed_engine):
    """ "For my essay I need to know ..., more or less?": what is asked is the rest."""
    query = seed_engine.query(
        "For my essay I need to know which topics vaccine research focuses on, more or less?"
    )
    assert query.fillers >= set(seed_engine.query("essay need less").terms)
    assert not query.fillers & set(seed_engine.query("topics vaccine research").terms)
    assert not seed_engine.query("How much research funding is there?").fillers
    # who else asks
    pupils = seed_engine.query("how many people work in biopharma in belgium? pupils keep asking")
    asked = {t.term for t in pupils.tokens} - pupils.fillers  # a remark after the question: not asked
    assert not asked & {t.term for t in seed_engine.query("pupils keep asking").tokens}
    field = seed_engine.query("what is the region's nickname in the biotech world?")
    assert field.fillers >= set(seed_engine.query("world").terms)
    assert not seed_engine.query("what is the rank in the whole world?").fillers
    aged = seed_engine.query("hello I am 78 and I'd like to know which company makes the vaccine")
    assert "78" in aged.fillers
    boss = seed_engine.query("what do vaccine researchers focus on, my boss wants to know")
    asked = {t.term for t in boss.tokens} - boss.fillers  # a clause telling of the asker: not asked
    assert not asked & {t.term for t in seed_engine.query("boss wants").tokens}
    assert not boss.fillers & {t.term for t in seed_engine.query("vaccine researchers focus").tokens}
    # who told the asker what is checked, and the alternative the check is put with
    told = seed_engine.query(
        "my nephew keeps saying belgium is the boston of europe, is that true or is he just bragging?"
    )
    assert told.fillers >= {t.term for t in seed_engine.query("nephew keeps saying true bragging").tokens}
    assert not told.fillers & {t.term for t in seed_engine.query("belgium boston europe").tokens}
    heard = seed_engine.query("Someone told me belgium is the boston of europe. True or not?")
    assert "boston" in heard.terms and not heard.fillers & {"boston", "belgium"}
    # the circumstances the question is set in
    now = seed_engine.query(
        "How important is pharma for Wallonia these days, now that the blast furnaces are cold?"
    )
    assert now.fillers >= {t.term for t in seed_engine.query("days blast furnaces cold").tokens}
    # what the asker will do with the answer, and "kindly"
    purpose = seed_engine.query("Kindly list the companies in Wallonia, so that we may benchmark ourselves.")
    assert purpose.fillers >= {t.term for t in seed_engine.query("kindly benchmark ourselves").tokens}
    # "yes or no?", however put
    for tag in ("yes or no", "sí o no", "oui ou non"):
        said = seed_engine.query(f"is there non-dilutive funding in Wallonia, {tag}?")
        assert said.fillers >= {t.term for t in seed_engine.query(tag).tokens}, tag


def test_who_buys_asks_about_trading_partners(seed_engine):
    """ "Who is the biggest buyer of its exports?": documents name buyers as trading partners."""
    query = seed_engine.query("Who is the biggest foreign buyer of Belgian biopharma products?")
    partner = seed_engine.query("partner").terms[0]
    assert partner in query.bridges.get(seed_engine.query("buyer").tokens[0].term, ())
    answer = seed_engine.ask(
        "Who is the biggest foreign buyer of Belgian biopharma products?", min_confidence=0.0
    )
    assert "trading partner" in answer.answer
    market = seed_engine.query("what is the most important market for Belgian biopharma exports?")
    assert partner in market.bridges.get(seed_engine.query("market").tokens[0].term, ())


@pytest.mark.parametrize(
    ("message", "told"),
    [
        ("We're a US firm. Which companies have invested in Wallonia?", "We're a US firm."),
        ("when will the vaccine be available? my dad has lung cancer", "my dad has lung cancer"),
        ("Wallonia location vs. major European cities - logistics?", None),
        ("Which ports are near? Please answer briefly.", "Please answer briefly."),
        ("Jobs in Wallonia. How many are there?", None),  # not about the asker: part of the question
        # the asking says nothing without it: "What is it?"
        ("I keep hearing a nickname for Wallonia in biotech circles. What is it?", None),
        ("We're a delegation from Ohio - where can we meet them?", "We're a delegation from Ohio -"),
        ("For a press release: how many direct jobs?", "For a press release:"),  # a label
        ("Quick question: how many jobs?", "Quick question:"),
        ("Fill in the blank: the valley is the ____ of Europe", "Fill in the blank:"),
        ("A friend of mine works there. Which hub is it compared to?", "A friend of mine works there."),
        ("Wallonia: how many companies?", None),  # a topic, not a label
        # clauses between commas: the one asking, and those telling why
        ("my son finishes school soon, how many jobs are there in Wallonia?", "my son finishes school soon,"),
        ("In Wallonia, how many jobs are there?", None),
        ("I keep reading about some valley, what is that called?", None),  # asks of what it told
        # only the clause it asks of goes with it
        (
            "my grandson studies in Namur, his mother says there is work here, is that true, how many jobs?",
            "my grandson studies in Namur,",
        ),
        # a conjunction before the asking clause's question word
        (
            "I read about it in Le Soir, so what do vaccine researchers focus on?",
            "I read about it in Le Soir,",
        ),
        # a request without a question mark asks as a question does
        (
            "We are evaluating sites in Hyderabad. Kindly let me know how many companies are in Wallonia.",
            "We are evaluating sites in Hyderabad.",
        ),
        # with no question mark, what the asker says is wanted asks it
        (
            "Hello, I'm Pieter, a reporter in Ghent. I need the figure for Belgian biopharma exports.",
            "Hello, I'm Pieter, a reporter in Ghent.",
        ),
        (
            "Hi there, I'm a trade attaché in Brussels. I'm trying to find out which seaports Wallonia uses.",
            "Hi there, I'm a trade attaché in Brussels.",
        ),
        # who the asker is, in the sentence that goes on to ask
        (
            "Good morning, I'm a retired teacher from Aberdeen and I've always been curious which areas they research?",
            "Good morning, I'm a retired teacher from Aberdeen",
        ),
        (
            "As an analyst at a fund in Toronto I'm comparing clusters, and I'd like to know how dense it is?",
            "As an analyst at a fund in Toronto I'm comparing clusters",
        ),
        ("I am looking at Wallonia and I wonder how many jobs there are?", None),
        # beside a question, it says why the asker asks
        (
            "How many jobs are there in Wallonia? I want to tell my son.",
            "I want to tell my son.",
        ),
        # what the asker is doing, the "I'm" left out
        (
            "Thinking about switching to bioprocessing. How many jobs?",
            "Thinking about switching to bioprocessing.",
        ),
        ("planning a lab in Namur. which ports are near?", "planning a lab in Namur."),
        (
            "which firms have sites in Namur? want to check their careers pages",
            "want to check their careers pages",
        ),
        ("Manufacturing jobs in Wallonia. How many are there?", None),
        # a request opening the asking clause ("but tell me, between which ...")
        (
            "I worked in Charleroi for forty years, but tell me between which cities does Wallonia sit?",
            "I worked in Charleroi for forty years,",
        ),
        # the asker introduced without "I"
        (
            "Hi, Belgian here living in Montreal. Roughly how many jobs are there in Wallonia?",
            "Hi, Belgian here living in Montreal.",
        ),
        # a remark after the question; not a sentence saying more of what it asks
        (
            "Does Wallonia have a nickname in the biotech world? Tourists love nicknames.",
            "Tourists love nicknames.",
        ),
        ("What is the tax rate on IP income? Only for start-ups.", None),
        # a clause after the asking one, its question mark left out, telling of the asker; not a
        # clause asking how the answer is wanted
        (
            "which sea port connect to wallonia, we ship from Shanghai by container",
            "we ship from Shanghai by container",
        ),
        ("what part of belgian biopharma export goes to USA, percent please", None),
        # a colon ends what the asker tells
        (
            "I taught in Ghent for years and I am curious: how many jobs?",
            "I taught in Ghent for years and I am curious:",
        ),
    ],
)
def test_a_sentence_about_the_asker_is_not_the_question(seed_engine, message, told):
    """ "We're a US firm. Which companies ...?": the first sentence says why they ask; its words
    are searched lightly but are not what the answer must hold, nor names it must meet."""
    spans = about_asker(message)
    assert [message[a:b].strip() for a, b in spans] == ([told] if told else [])
    if told:
        query = seed_engine.query(message)
        only_told = set(seed_engine.query(told).terms) - set(
            seed_engine.query(message.replace(told, "")).terms
        )
        assert only_told and not only_told & {t.term for t in query.tokens}
        assert query.question == message


def test_a_message_telling_about_the_asker_is_answered_from_its_question(seed_engine):
    answer = seed_engine.ask(
        "We're moving to Liège because of my wife's new job. Which biotech company is based in Liège?"
    )
    assert not answer.abstained and "PDC Line Pharma" in answer.answer


def test_words_about_the_document_as_a_source_only_frame_a_question(seed_engine):
    """ "What does the federal portal attribute to ...", "which activity is described as ...":
    the document's being a source is how the question is put, not what it is about."""
    query = seed_engine.query(
        "What does the federal portal say about vaccines? Is it described as a strength?"
    )
    assert query.fillers >= {t.term for t in seed_engine.query("federal portal say described").tokens}
    answer = seed_engine.ask(
        "What export value does the federal portal attribute to Belgium's biopharmaceutical industry?"
    )
    assert not answer.abstained and "EUR 98 billion" in answer.answer


def test_us_in_capitals_asks_about_the_united_states(seed_engine):
    """ "US" is not the stopword "us": the question asks about US companies."""
    query = seed_engine.query("Which big US pharma firms have put money into Wallonia?")
    assert "usa" in query.specific
    answer = seed_engine.ask("Which big US pharma firms have put money into Wallonia?")
    assert not answer.abstained and "Thermo Fisher" in answer.answer


@pytest.mark.parametrize(
    ("question", "insisted"),
    [
        ("What share of Wallonia's own exports are pharmaceuticals?", "Wallonia"),
        ("How much does Wallonia on its own invest in R&D?", "Wallonia"),
        ("How many direct jobs are there in Wallonia alone?", "Wallonia"),
        ("How many jobs are there in Wallonia?", None),
        ("Do companies have their own labs?", None),  # "their own": no name insisted on
    ],
)
def test_a_name_the_question_insists_on_must_be_met_by_the_sentence(seed_engine, question, insisted):
    expected = {t.term for t in seed_engine.query(insisted).tokens} if insisted else set()
    assert seed_engine.query(question).exclusive == expected


def test_places_after_a_contrast_are_not_where_the_answer_must_apply(seed_engine):
    """ "as distinct from the Belgian total", "excluding Brussels": what is left out is no
    condition on the answer."""
    for question in (
        "How much does Wallonia invest, as distinct from the total in Belgium?",
        "How many jobs are there, excluding Belgium?",
    ):
        assert not seed_engine.query(question).places & set(seed_engine.query("Belgium").terms)


def test_a_figure_from_the_document_about_a_place_does_not_answer_for_it_when_insisted_on(seed_engine):
    """ "Wallonia's own exports": a sentence of the document about Wallonia giving all of
    Belgium's exports is no answer; the region's own figure would have had to name it."""
    near = seed_engine.ask("What share of Wallonia's own exports are pharmaceuticals?")
    assert near.abstained
    assert not seed_engine.ask("How many jobs in biomanufacturing in Wallonia?").abstained


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("How common is hepatitis D in HIV-infected patients?", ("hepatitis D",)),
        ("When will the vaccine start phase III?", ("phase III",)),
        ("What share of HIV-2 strains does it neutralise?", ("HIV-2",)),
        ("How much is invested in R&D?", ()),  # "R&D" is one word
        ("Which jobs? I mean all of them", ()),  # "I" opens a clause
        ("What funds are there for R?", ()),  # a preposition is no name
    ],
)
def test_names_told_apart_by_a_letter_or_numeral(question, names):
    assert lettered(question) == names


@pytest.mark.parametrize(
    ("question", "ranks"),
    [
        ("Which country is first for exports?", ("first",)),
        ("Belgium is fourth. Which country is number one?", ("fourth", "first")),
        ("who holds the top spot in Europe", ("first",)),
        ("Is it a top place to work?", ()),
        ("What is the phone number?", ()),
        ("Which country is ahead of it in Europe?", ("first",)),  # the one before it: first, or named
        ("Is it ahead of schedule?", ()),
        ("whos no 1 for trials?", ("first",)),  # typed quickly
        ("Is there no 1 answer?", ()),
        ("Belgium is runner-up; who's top of the table?", ("first",)),
        ("who tops the list for trials?", ("first",)),
        ("is it a top of the range product?", ()),
    ],
)
def test_the_ranks_a_question_asks_about(question, ranks):
    assert ranks_asked(question) == ranks


def test_cities_asked_for_are_answered_by_a_sentence_listing_them(seed_engine):
    answer = seed_engine.ask("Which big cities is Wallonia close to?")
    assert not answer.abstained and "Amsterdam, Paris and Frankfurt" in answer.answer


def test_a_rank_asked_in_other_words_must_be_the_one_given(seed_engine):
    for question in ["Which country is number one for pharmaceutical exports?", "whos no 1 for exports"]:
        answer = seed_engine.ask(question)
        assert answer.abstained and answer.near_miss, question
    # asked whether it holds a rank, the rank it holds answers ("no: second")
    for question in [
        "Is Belgium number one in Europe for clinical trials?",
        "Belgium is first in Europe in clinical trials?",
    ]:
        answer = seed_engine.ask(question)
        assert not answer.abstained and "second place" in answer.answer, question


@pytest.mark.parametrize(
    ("question", "compared"),
    [
        ("Is that more than what goes to Germany?", ("Germany",)),
        ("Is the ecosystem denser than Germany's?", ("Germany",)),
        ("Are there more firms in Wallonia than in flanders?", ("flanders",)),
        ("Which vaccines other than flu vaccines?", ()),
        ("Rather than Flanders, which region grows?", ()),
        # the clause after "than" only, not a name of the question's next clause
        ("It matters more to us than to our neighbours, so how big is it in Wallonia?", ()),
        # compared otherwise, with places
        ("How does Wallonia stack up against Germany and France?", ("Germany", "France")),
        ("Wallonia vs. Flanders: which is bigger?", ("Flanders",)),
        ("Wallonia location vs. major European cities?", ()),
        ("Belgium gets compared to which famous hub?", ()),
    ],
)
def test_what_a_comparison_compares_with(question, compared):
    queries = builder(["Firms in Flanders grow."])
    names = frozenset(queries.analyzer.terms("flanders"))
    places = frozenset({"germany", "france", "flanders", "wallonia"})
    built = QueryBuilder(queries.analyzer, queries.vocabulary, names=names, places=places)
    assert built.build(question).compared == compared


@pytest.mark.parametrize(
    ("question", "alone", "without"),
    [
        ("how many of those are direct only?", ("direct",), ()),
        ("How many jobs are there, only direct ones?", ("direct",), ()),
        ("how many direct jobs, without the indirect ones?", (), ("indirect",)),
        ("how many jobs are there?", (), ()),
        ("and how many of those are only direct jobs?", ("direct",), ()),
        ("And how many of those are direct?", ("direct",), ()),
        ("How many direct jobs (not indirect) are there?", (), ("indirect",)),
        ("how many of them are there?", (), ()),
    ],
)
def test_the_words_a_figure_is_asked_for_alone(question, alone, without):
    assert asked_alone(question) == (alone, without)


def test_a_figure_for_what_is_asked_together_with_another_is_a_near_miss(seed_engine):
    answer = seed_engine.ask("How many direct jobs only does biomanufacturing in Wallonia have?")
    assert answer.abstained and answer.near_miss == ("direct",)
    assert "50,000 direct and indirect jobs" in answer.answer  # what the documents give instead
    assert not seed_engine.ask("Is vaccine production the only activity?").near_miss


def test_the_words_of_what_how_many_counts():
    from askbio.query import counted_phrase

    assert counted_phrase("How many biotech companies are there in Belgium?") == "biotech companies"
    assert counted_phrase("how many of them are in Wallonia?") is None
    assert counted_phrase("What is the share of exports?") is None


@pytest.mark.parametrize(
    ("question", "excluded"),
    [
        ("What is its rank outside Europe?", {"europ"}),
        ("its rank in the world, not just Europe", {"europ"}),
        ("BE global (not EU) rank", {"eu"}),
        ("Which countries other than Belgium export vaccines?", {"belgium"}),
        ("Is Wallonia not part of Belgium?", set()),  # a negated verb sets no name aside
        ("Why does Europe not export more?", set()),
        # what it says it does not mean, a name or not
        ("the tax rate in Belgium, not the one for intangible assets", {"intang", "asset"}),
        ("export share, not the figure for vaccines?", {"vaccin"}),
        # a yes-no question doubting that something is limited to a place
        ("are they distributed only in Europe?", {"europ"}),
        ("do they only supply Europe or go further afield?", {"europ"}),
        ("how many jobs are there only in Wallonia?", set()),  # insisting on it
    ],
)
def test_names_a_question_sets_aside(question, excluded):
    queries = builder(["Europe and Belgium export vaccines; Wallonia is part of Belgium."])
    assert queries.build(question).excluded == excluded


def test_two_words_the_collection_writes_as_one_are_read_as_it():
    queries = builder(["The seaports of Antwerp are close."])
    seaport = queries.analyzer.terms("seaports")[0]
    query = queries.build("nearest sea ports")
    assert set(query.replaced.values()) == {seaport} and seaport in query.terms


def test_a_share_of_something_the_question_names_is_what_it_is_of():
    queries = builder(["Exports make up 14.8 % of all trade."])
    export, gdp = (queries.analyzer.terms(w)[0] for w in ("exports", "gdp"))
    assert queries.build("what share of belgian gdp comes from pharma").counted == {gdp}
    assert queries.build("What share of Belgium's exports consists of medicines?").counted == {export}


def test_a_rough_figure_and_what_it_is_for_are_how_a_question_is_put():
    queries = builder(["More than 600 companies are grouped in the valley."])
    query = queries.build("what's the name for the group of 600-odd firms, for my client note")
    odd, client, note, group = (queries.analyzer.terms(w)[0] for w in ("odd", "client", "note", "group"))
    asked = {t.term for t in query.tokens} - query.fillers
    assert odd in query.fillers and "600" not in query.fillers and group not in query.fillers
    assert not asked & {client, note}  # a clause telling what the asker wants it for
    assert queries.build("how much percent of the costs can the government cover?").counted == frozenset()


def test_each_word_of_a_compound_is_spelt_as_its_own_part():
    """ "author/publisher": the term of each part is spelt with that part (whether a word is
    everyday English is told from it), while "R&D", one term, keeps its whole spelling."""
    spelt = builder(PROTEINS).build("the author/publisher of R&D news").spelt()
    assert spelt["author"] == "author" and spelt["publish"] == "publisher"
    assert spelt["r&d"] == "R&D"


def test_a_rare_word_cut_short_is_read_as_the_one_corpus_word_it_begins():
    """ "pembro": "pembrolizumab", the one word of the collection it begins; not a cut an
    English word of the collection begins too, nor one of four letters."""
    english = {"immunology", "immunity"}.__contains__
    queries = builder(
        ["The vaccine was combined with pembrolizumab.", "Immunology and immunotherapies advance."],
        is_english=english,
    )
    a = queries.analyzer
    assert queries.build("pembro combo safety").corrections == {"pembro": "pembrolizumab"}
    assert a.terms("pembrolizumab")[0] in queries.build("pembro combo safety").terms
    assert "immuno" not in queries.build("immuno research").corrections
    assert "pemb" not in queries.build("pemb dose").corrections


def test_one_standing_for_a_thing_named_before_is_no_word_asked():
    """ "is there one for the lungs?": "one" stands for what was named before; "one company" and
    "number one" count."""
    queries = builder(["One of the key areas is cancer.", "Lung cancer trials: one company is number one."])
    one = queries.analyzer.terms("one")[0]
    assert one in queries.build("Is there one for the lungs?").fillers
    assert one in queries.build("which one is it compared with?").fillers
    assert one not in queries.build("is there one company for lungs?").fillers
    assert one not in queries.build("who is number one?").fillers


def test_what_the_asking_points_to_in_the_sentences_before_it_counts_as_a_turn_before():
    """ "... likened to an American hub. Which one is it compared with?": the asking points back,
    so the first sentence's words are recalled as a turn before's would be; without a word
    pointing back they are only searched, lightly."""
    queries = builder(["Belgium is likened to the Boston hub.", "Wallonia has many firms."])
    a = queries.analyzer
    pointing = queries.build(
        "My supervisor said Belgium gets likened to an American hub. Which one is it compared with?"
    )
    assert a.terms("hub")[0] in pointing.recalled and not pointing.told
    alone = queries.build(
        "My supervisor said Belgium gets likened to an American hub. How many firms are in Wallonia?"
    )
    assert a.terms("hub")[0] in alone.told and a.terms("hub")[0] not in alone.recalled


def test_a_phase_or_stage_numbered_otherwise_is_read_as_the_collection_numbers_it():
    from askbio.figures import collection_numbered

    text = "The phase I/II trial enrolled stage IV patients in 2 hospitals."
    queries = builder([text], numbered=collection_numbered([text]))
    assert queries.build("is it in phase 1, 2 or 3?").replaced["2"] == "ii"
    assert queries.build("how many stage 4 patients?").replaced["4"] == "iv"
    assert "2" not in queries.build("how many of the 2 hospitals?").replaced  # no phase: the figure itself


def test_a_capitalised_word_of_an_idiom_is_no_name():
    queries = builder(["Major American companies and COVID vaccines."])
    american, covid = (queries.analyzer.terms(w)[0] for w in ("American", "COVID"))
    yank = queries.build("Which Yank firms are there?")
    assert yank.replaced.get("yank") == american and "yank" not in yank.specific
    assert queries.build("Did Corona change anything?").replaced.get("corona") == covid


def test_whom_a_question_is_addressed_to_asks_nothing():
    queries = builder(["The region has 350 companies."])
    for question, word in (
        ("how many companies are there, mate?", "mate"),
        ("How ill were the patients, dear - early on?", "dear"),
    ):
        query = queries.build(question)
        assert queries.analyzer.terms(word)[0] in query.fillers, question
    assert queries.analyzer.terms("dear")[0] not in queries.build("is the rent dear?").fillers


def test_how_many_people_earn_a_living_asks_about_jobs():
    queries = builder(["The sector has 39,000 direct jobs."])
    job = queries.analyzer.terms("jobs")[0]
    query = queries.build("How many folks earn a wage from the sector?")
    assert {query.replaced.get(t) for t in queries.analyzer.terms("folks earn wage")} == {job}
