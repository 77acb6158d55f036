import re

import pytest

from askbio.errors import BadRequest, QuestionTooLong
from conftest import ROOT


def test_answer_is_the_sentence_that_answers_with_its_span(seed_engine):
    answer = seed_engine.ask("how many jobs in biomanufacturing")
    assert not answer.abstained
    assert "50,000" in answer.answer
    assert answer.answer_span and "50,000" in answer.answer_span
    assert answer.citations[0].doc_id == "wallonia-life-sciences"
    assert "50,000" in answer.citations[0].text
    assert 0.5 <= answer.confidence <= 1.0
    # The short answer is not simply the first sentence of the cited passage.
    assert not answer.citations[0].text.startswith(answer.answer[:30])


def test_percentage_question_gets_the_percentage(seed_engine):
    answer = seed_engine.ask("What share of Belgian exports are pharmaceutical exports?")
    assert "14.8" in (answer.answer_span or "")


def test_highlights_lie_inside_the_text_and_mark_question_words(seed_engine):
    answer = seed_engine.ask("vaccine production during the COVID-19 pandemic")
    assert answer.citations
    for citation in answer.citations:
        assert citation.highlights
        for start, end in citation.highlights:
            assert 0 <= start < end <= len(citation.text)
        marked = {citation.text[s:e].lower() for s, e in citation.highlights}
        assert marked & {"vaccine", "vaccines", "pandemic", "production", "covid-19"}


def test_off_topic_question_abstains_without_citations(seed_engine):
    answer = seed_engine.ask("What is the capital of Australia?")
    assert answer.abstained and answer.citations == ()
    assert answer.answer.startswith("I couldn't find that in the documents.")
    assert "Australia" in answer.unmatched_terms


def test_citations_are_in_rank_order_with_scores(seed_engine):
    answer = seed_engine.ask("clinical trials in Europe")
    scores = [c.score for c in answer.citations]
    assert scores == sorted(scores, reverse=True) or answer.citations[0].score >= 0.5 * max(scores)
    assert all(0 <= s <= 1 for s in scores)


def test_answer_json_keeps_the_public_contract(seed_engine):
    data = seed_engine.ask("how many jobs in biomanufacturing").to_dict()
    assert {"question", "answer", "abstained", "confidence", "citations"} <= set(data)
    citation = data["citations"][0]
    assert {"doc_id", "title", "url", "passage_id", "text", "score", "highlights"} <= set(citation)
    assert citation["url"] is None
    assert all(isinstance(h, list) and len(h) == 2 for h in citation["highlights"])


def test_misspelt_and_unaccented_words_still_find_the_answer(seed_engine):
    assert "50,000" in seed_engine.ask("how many jobs in biomanufacturng").answer
    answer = seed_engine.ask("Which biotech company is based in Liege?")
    assert "PDC Line Pharma" in answer.answer


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_rejected(seed_engine, question):
    with pytest.raises(BadRequest, match="empty"):
        seed_engine.ask(question)


def test_huge_question_is_rejected(seed_engine):
    with pytest.raises(QuestionTooLong):
        seed_engine.ask("jobs " * 10_000)


def test_non_string_question_is_rejected(seed_engine):
    with pytest.raises(BadRequest):
        seed_engine.ask(42)


def test_acronyms_defined_in_the_corpus_are_understood(seed_engine):
    from askbio.corpus import mine_acronyms

    groups = mine_acronyms(["It hosts foreign direct investment (FDI) and messenger RNA research."])
    assert ["FDI", "foreign direct investment"] in groups and ["mRNA", "messenger RNA"] in groups
    answer = seed_engine.ask("Does Belgium do mRNA research?")
    assert not answer.abstained and "messenger RNA" in answer.answer


def test_curator_synonyms_widen_matching(make_corpus, tmp_path):
    from askbio.engine import Engine
    from askbio.settings import Config

    files = {"a.txt": "The plant employs 4,200 people in Ghent.\n", "b.txt": "Vaccines are made in Puurs.\n"}
    question = "How large is the workforce of the plant?"
    without = Engine(Config(corpus=make_corpus(files), index_dir=tmp_path / "i1")).search(question)
    (tmp_path / "corpus" / "synonyms.txt").write_text("workforce, employs, people\n", encoding="utf-8")
    with_synonyms = Engine(Config(corpus=tmp_path / "corpus", index_dir=tmp_path / "i2"))
    hits = with_synonyms.search(question)
    assert hits and hits[0].passage.doc_id == "a"
    assert without[0].score < hits[0].score or not without
    assert with_synonyms.info()["documents"] == 2  # synonyms.txt is not a document


def test_figures_from_two_documents_are_both_given(seed_engine):
    answer = seed_engine.ask("how many jobs?")
    assert "50,000" in answer.answer and "39,000" in answer.answer
    assert len(answer.parts) == 2
    docs = {answer.citations[p.citation - 1].doc_id for p in answer.parts}
    assert docs == {"wallonia-life-sciences", "belgium-biopharma"}
    for part in answer.parts:
        assert f"[{part.citation}]" in answer.answer


def test_a_specific_question_gets_one_figure(seed_engine):
    answer = seed_engine.ask("how many jobs in biomanufacturing")
    assert len(answer.parts) == 1 and "39,000" not in answer.answer


def test_pruned_composition_gives_the_answers_of_weighing_every_sentence(seed_engine, monkeypatch):
    """Sentences that can be neither the best nor a rival figure are skipped; the answers (their
    text, spans, citations, confidence and rival figures) are those of weighing every sentence."""
    import random
    import re

    composer = seed_engine._composer
    rng = random.Random(7)
    texts = [re.findall(r"[A-Za-z][\w,.%'-]*", p.text) for p in seed_engine.load().passages]
    # Mostly questions for a figure, whose answers may add a rival figure from another document.
    openers = ["How many", "How many", "How many", "What share of", "", "Where", "When", "Who"]
    spans = {True: 0, False: 0}
    original_span = type(composer)._span

    def counted_span(self, *args):
        spans[self.prune] += 1
        return original_span(self, *args)

    monkeypatch.setattr(type(composer), "_span", counted_span)
    for _ in range(1000):
        words = rng.choice(texts)
        at = rng.randrange(max(len(words) - 4, 1))
        question = f"{rng.choice(openers)} {' '.join(words[at : at + rng.randint(1, 4)])}?".strip()
        query = seed_engine.query(question)
        hits = seed_engine.search(question, composer.reads)
        pruned = composer.compose(query, hits)
        monkeypatch.setattr(composer, "prune", False)
        assert composer.compose(query, hits) == pruned, question
        monkeypatch.undo()
        monkeypatch.setattr(type(composer), "_span", counted_span)
    assert 0 < spans[True] < spans[False]  # sentences were skipped, and not all of them


def test_an_everyday_word_the_documents_lack_is_bridged_to_theirs(make_corpus, tmp_path):
    """ "manpower" is nowhere in the corpus; WordNet relates it to "workforce", which is."""
    from askbio.engine import Engine
    from askbio.settings import Config, RetrievalParams

    folder = make_corpus(
        {
            "plant.txt": "The Liege plant has a workforce of 4,200 operators.\n\nIt opened in 2019.\n",
            "other.txt": "Vaccine exports reached EUR 7.5 billion.\n\nGhent runs clinical trials.\n",
        }
    )
    config = Config(corpus=folder, index_dir=tmp_path / "index")
    question = "How much manpower does the Liege plant have?"
    bridged = Engine(config).ask(question)
    assert not bridged.abstained and "4,200" in bridged.answer
    unbridged = Engine(config, RetrievalParams(bridges=False)).ask(question, min_confidence=0.0)
    assert unbridged.confidence < bridged.confidence


def test_the_passage_the_answer_quotes_is_citation_one(seed_engine):
    """Whatever passage ranked first, the one the answer sentence comes from is cited as [1]."""
    from askbio.evaluate import load_question_set

    questions = [
        q.question
        for name in ("seed", "second-pass", "visitors")
        for q in load_question_set(ROOT / "tests" / "questions" / f"{name}.yaml").questions
    ]
    answered = [a for a in map(seed_engine.ask, questions) if not a.abstained and a.parts]
    assert len(answered) > 100
    for answer in answered:
        assert answer.parts[0].citation == 1, answer.question
        cited = re.sub(r"\s*\((?:https?://|www\.)[^\s)]*\)", "", answer.citations[0].text)  # as the answer
        assert answer.parts[0].text in " ".join(cited.split()), answer.question


def test_a_name_or_year_the_documents_never_mention_is_a_near_miss(make_engine):
    """Asked about a year (or a company) the documents never mention, askbio abstains, names the
    word, and quotes what they say nearest to the question, cited as [1]."""
    engine = make_engine(
        {
            "exports.txt": "Pharmaceutical exports reached EUR 7.5 billion in 2023.\n\nGhent runs trials.\n",
            "plants.txt": "The Liege plant employs 4,200 operators.\n\nIt opened in 2019.\n",
        }
    )
    answered = engine.ask("How much did pharmaceutical exports reach in 2023?")
    assert not answered.abstained and answered.near_miss == ()
    for question, word in [
        ("How much did pharmaceutical exports reach in 2010?", "2010"),
        ("How much did Pfizer's pharmaceutical exports reach?", "Pfizer"),
    ]:
        near = engine.ask(question)
        assert near.abstained and near.near_miss == (word,), question
        assert near.answer.startswith(f"The documents don't mention {word}. The nearest they come: ")
        assert "EUR 7.5 billion" in near.answer and near.citations[0].doc_id == "exports"
        assert engine.ask(question, min_confidence=0.0).abstained  # not a matter of confidence


def test_a_small_number_in_digits_is_the_same_number_spelt_out(make_engine):
    """ "the 3 regions" asks about what the text calls "the three regions": no near miss on "3"."""
    engine = make_engine(
        {
            "regions.txt": "Start-ups grow in the three regions of Belgium: Wallonia, Flanders and Brussels.\n\n"
            "Exports reached EUR 7.5 billion in 2023.\n"
        }
    )
    answer = engine.ask("Which are the 3 regions where start-ups grow?")
    assert not answer.abstained and answer.near_miss == ()
    assert "Flanders" in answer.answer
    assert engine.ask("Which are the 4 regions where start-ups grow?").near_miss == ("4",)


def test_thousands_written_with_a_k_are_the_number_in_full(make_engine):
    engine = make_engine({"jobs.txt": "The sector offers more than 39,000 direct jobs.\n\nIt grew fast.\n"})
    answer = engine.ask("Is it true the sector employs something like 39k people directly?")
    assert not answer.abstained and "39,000" in answer.answer
    assert engine.ask("Does the sector employ 41k people?").near_miss == ("41k",)


def test_a_date_for_something_else_the_subject_did_does_not_answer_when(make_engine):
    """ "When was Acme founded?" and the sentence dates Acme's presentation: no founding date.
    Nor does a list naming a firm say who founded it."""
    engine = make_engine(
        {
            "acme.txt": "Acme Pharma presented promising trial results at the 2024 annual meeting.\n\n"
            "Investors in the region include Acme Pharma, Baxter and Takeda.\n\n"
            "Blue Line Pharma presented its vaccine at the 2023 congress.\n"
        }
    )
    for asked in (
        "When was Acme Pharma founded?",
        "when was blue line pharma founded",
    ):  # a name however typed
        founded = engine.ask(asked)
        assert founded.abstained and founded.near_miss == ("a date",), asked
    presented = engine.ask("When did Acme Pharma present its trial results?")
    assert not presented.abstained and presented.answer_span == "2024"
    assert engine.ask("Who founded Acme Pharma?").abstained


def test_who_is_answered_by_who_takes_part_when_no_one_is_named(make_engine):
    engine = make_engine(
        {
            "growth.txt": "Thanks to the collaboration between universities, research centres and public "
            "authorities, many start-ups feed the sector.\n\nThe region lies between Amsterdam, Paris and Frankfurt.\n"
        }
    )
    answer = engine.ask("Who's cooperating to grow the sector?")
    assert not answer.abstained
    assert answer.answer_span == "universities, research centres and public authorities"


def test_what_a_question_narrows_itself_to_the_sentence_must_say(make_engine):
    engine = make_engine(
        {
            "spend.txt": "The country invests EUR 5.3 billion in research and development.\n\nIt exports vaccines.\n"
        }
    )
    narrowed = engine.ask("How much does the country invest specifically in vaccine research?")
    assert narrowed.abstained and narrowed.near_miss == ("vaccine",)
    assert "for vaccine specifically" in narrowed.answer
    whole = engine.ask("How much does the country invest specifically in research and development?")
    assert not whole.abstained and "5.3 billion" in whole.answer
    assert engine.query("Is it not specifically for vaccines?").narrowed == frozenset()
    just = engine.ask("How much does the country invest just in vaccine research?")  # "just" narrows too
    assert just.abstained and just.near_miss == ("vaccine",)


def test_askbio_reads_further_before_it_says_the_documents_lack_an_answer(make_corpus, tmp_path):
    """Passages that name the place asked in passing outrank the one with the figure for it: the
    figure is found among the passages further down, not called missing."""
    from askbio.engine import Engine
    from askbio.settings import Config

    sides = ("north", "south", "east", "west", "centre", "coast", "hills")
    files = {
        f"{side}.txt": f"Companies in Namur, Mons and Liege work with companies of the {side}.\n"
        for side in sides
    }
    files["namur.txt"] = (
        "Namur counts 120 biotech firms among its many companies, old and new, large and small.\n"
    )
    engine = Engine(Config(corpus=make_corpus(files), index_dir=tmp_path / "index"))
    hits = engine.search("How many companies are there in Namur?", k=10)
    assert [h.passage.doc_id for h in hits[:5]].count("namur") == 0 and "namur" in [
        h.passage.doc_id for h in hits
    ]
    answer = engine.ask("How many companies are there in Namur?", min_confidence=0.0)
    assert not answer.abstained and answer.answer_span is not None and "120" in answer.answer_span


def test_a_document_is_set_where_the_first_sentence_of_its_lead_naming_a_place_says(make_engine):
    """An abstract names its city once, in its lead: each of its sentences is about that city.
    A place named first further down, or compared with, sets nothing."""
    engine = make_engine(
        {
            "travel.md": "---\ntitle: Symptoms of travellers\n---\n"
            "METHOD The study recorded travellers from two clinics in Copenhagen, Denmark. "
            "RESULTS In total 5,446 travellers were included and 76 % returned the questionnaire.\n",
            "agency.md": "---\ntitle: The agency\n---\n"
            "The agency counts 40 advisers in the region.\n\nIt opened an office in Boston.\n",
        }
    )
    answer = engine.ask("How many travellers were included in Copenhagen?", min_confidence=0.0)
    assert not answer.abstained and "5,446" in answer.answer_span
    near = engine.ask("How many advisers does the agency count in Boston?", min_confidence=0.0)
    assert near.abstained and near.near_miss == ("Boston",)


def test_a_year_the_documents_name_but_not_for_what_was_asked_is_a_near_miss(make_engine):
    engine = make_engine(
        {
            "cases.txt": "In Malawi, cross-border cases were 77 in 2001 and 91 in 2002.\n\n"
            "A new register opened in 2005.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    answered = engine.ask("How many cross-border cases did Malawi have in 2002?", min_confidence=0.0)
    assert not answered.abstained and "91" in answered.answer
    near = engine.ask("How many cross-border cases did Malawi have in 2005?", min_confidence=0.0)
    assert near.abstained and near.near_miss == ("2005",)
    assert near.answer.startswith("The documents don't give this for 2005. The nearest they come: In Malawi")


def test_an_adjective_of_a_place_asks_about_the_place(make_engine):
    """ "Danish" is Denmark, which the documents name (WordNet's pertainyms): not a word they
    never mention, and a place the answer must be about."""
    engine = make_engine(
        {
            "travel.txt": "Travel clinics in Denmark saw 5,446 travellers in two years.\n\n"
            "In Sweden, 2,000 travellers took part.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    query = engine.query("How many Danish travellers were seen?")
    assert query.places == {"danish"} and query.named == {"danish": "denmark"}
    answer = engine.ask("How many Danish travellers were seen?", min_confidence=0.0)
    assert not answer.abstained and "5,446" in answer.answer
    near = engine.ask("How many Swiss travellers were seen?", min_confidence=0.0)
    assert near.abstained and near.near_miss == ("Swiss",)


def test_a_place_the_documents_name_but_not_for_what_was_asked_is_a_near_miss(make_engine):
    """A figure for one region is not the answer for another that the documents name only in
    passing: askbio says so and quotes the figure they give. A place the whole document is about
    (its title, or named more than once) holds for each of its sentences."""
    engine = make_engine(
        {
            "wallonia.md": "---\ntitle: Life sciences in Wallonia\n---\n"
            "The region has 350 life science companies.\n\nIts biotech firms grew fast.\n",
            "belgium.txt": "Belgium has three regions: Wallonia, Flanders and Brussels.\n\n"
            "Belgian exports grew in 2023.\n",
        }
    )
    for question in [
        "How many life science companies are there in Wallonia?",
        "Wallonia life science companies",
    ]:
        answer = engine.ask(question)
        assert not answer.abstained and "350" in answer.answer, question
    near = engine.ask("How many life science companies are there in Flanders?", min_confidence=0.0)
    assert near.abstained and near.near_miss == ("Flanders",)
    assert near.answer == (
        "The documents don't give this for Flanders. The nearest they come: "
        "The region has 350 life science companies. [1]"
    )
    assert near.citations[0].doc_id == "wallonia"
    # typed in lower case, a name the documents only ever capitalise is still a place
    lower = engine.ask("how many life science companies are there in flanders", min_confidence=0.0)
    assert lower.abstained and lower.near_miss == ("flanders",)
    # a place the question compares with is not one it asks about, but the comparison needs its
    # figure too: a near miss that still quotes what the documents give
    compared = engine.ask("Are there more life science companies in Wallonia than in Flanders?")
    assert compared.abstained and compared.near_miss == ("Flanders",) and "350" in compared.answer


def test_the_place_a_document_is_about_counts_as_named_in_its_sentences(make_engine):
    """ "The region" in a document about Wallonia is Wallonia: its sentence answers a question
    about Wallonia better than one naming Wallonia in a list."""
    engine = make_engine(
        {
            "wallonia.md": "---\ntitle: Life sciences in Wallonia\n---\n"
            "Biomanufacturing is the biggest industrial activity in the region.\n\n"
            "The region has industrial parks.\n",
            "belgium.md": "---\ntitle: Belgian biotech\n---\n"
            "Belgium exports vaccines. Research is the biggest activity in Wallonia, Flanders and Brussels.\n",
        }
    )
    answer = engine.ask("What is the biggest industrial activity in Wallonia?", min_confidence=0.0)
    assert answer.answer.startswith("Biomanufacturing")


def test_figures_for_a_region_and_the_whole_country_are_both_given(make_engine):
    """Asked about a region, or to compare it with the country, askbio gives the region's figure
    first and the country's beside it, each with its citation."""
    engine = make_engine(
        {
            "wallonia.md": "---\ntitle: Life sciences in Wallonia\n---\n"
            "Biomanufacturing in Wallonia counts 50,000 jobs.\n\nIts vaccine plants export worldwide.\n",
            "belgium.txt": "The biotech industry in Belgium counts 39,000 direct jobs.\n\nBelgian exports grew in 2023.\n",
        }
    )
    for question in [
        "How many biotech jobs are there in Wallonia?",
        "Are there more biotech jobs in Wallonia than in Belgium?",
    ]:
        answer = engine.ask(question)
        assert not answer.abstained, question
        assert answer.answer == (
            "Biomanufacturing in Wallonia counts 50,000 jobs. [1] "
            "The biotech industry in Belgium counts 39,000 direct jobs. [2]"
        ), question
        assert [c.doc_id for c in answer.citations[:2]] == ["wallonia", "belgium"]


# A region's document saying it is "in" the country, and the country's own document.
REGION_IN_COUNTRY = {
    "wallonia.md": "---\ntitle: Life sciences in Wallonia\n---\n"
    "The Walloon region in Belgium is home to more than 350 life science companies.\n\n"
    "Its vaccine plants export worldwide.\n",
    "belgium.md": "---\ntitle: Biotech in Belgium\n---\n"
    "More than 600 companies work in the biotechnology sector.\n\nExports grew in 2023.\n",
}


def test_a_figure_asked_of_a_country_is_not_first_the_figure_of_one_of_its_regions(make_engine):
    """ "How many companies does Belgium have?": the sentence on "the Walloon region in Belgium"
    gives a region's figure; the country's document gives the country's."""
    engine = make_engine(REGION_IN_COUNTRY)
    answer = engine.ask("How many life science companies does Belgium have?", min_confidence=0.0)
    assert answer.answer.startswith("More than 600 companies")
    region = engine.ask("How many life science companies does Wallonia have?", min_confidence=0.0)
    assert region.answer.startswith("The Walloon region in Belgium")


def test_a_figure_asked_for_two_places_is_given_for_each(make_engine):
    """ "how many companies in Belgium and how many in Wallonia?": the sentence naming both
    places has Wallonia's figure, the country's document Belgium's; both are given, though the
    second names one place only."""
    engine = make_engine(REGION_IN_COUNTRY)
    answer = engine.ask("how many companies in belgium and how many in wallonia?", min_confidence=0.0)
    assert "350" in answer.answer and "600" in answer.answer
    assert {c.doc_id for c in answer.citations[:2]} == {"wallonia", "belgium"}


def test_a_yes_no_comparison_answered_by_a_sentence_comparing_is_confident(make_engine):
    """ "is the cluster more packed together than Germany?": the sentence saying a higher
    density compared to Germany answers it without a figure, and is as sure as one with it."""
    engine = make_engine(
        {
            "cluster.txt": "The cluster has 350 companies.\n\n"
            "The cluster lies in a small area with a higher density compared to Germany and France.\n",
            "other.txt": "Exports grew in 2023.\n",
        }
    )
    packed = engine.ask("is the cluster more packed together than germany or france")
    assert not packed.abstained and "higher density" in packed.answer
    assert packed.signals["type_found"] == 1.0  # what was asked for: how the two compare


def test_what_two_documents_say_is_given_from_each(make_engine):
    """ "What do the two articles say about cancer treatment?": each document's sentence, cited,
    though the second says less of what is asked than the first."""
    engine = make_engine(
        {
            "national.txt": "One of the areas the country excels in is cancer treatment.\n\nExports grew.\n",
            "regional.txt": "The region is on the world stage for cancer immunotherapy.\n\nIt has ports.\n",
        }
    )
    answer = engine.ask("What do the two articles say about cancer treatment?", min_confidence=0.0)
    assert {c.doc_id for c in answer.citations} == {"national", "regional"}
    assert "[1]" in answer.answer and "[2]" in answer.answer
    one = engine.ask("What does the article say about cancer treatment?", min_confidence=0.0)
    assert len(one.citations) == 1


def test_how_many_people_work_somewhere_is_a_question_about_jobs(make_engine):
    engine = make_engine(
        {
            "sector.txt": "The sector counts more than 600 companies in the region.\n\n"
            "The sector also accounts for 39,000 direct jobs in the region.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    answer = engine.ask("How many people work in the sector in the region?")
    assert answer.answer_span is not None and answer.answer_span.startswith("39,000 direct jobs")


def test_a_question_asking_for_several_names_is_answered_with_a_list(make_engine):
    engine = make_engine(
        {
            "invest.md": "---\ntitle: Investing in Wallonia\n---\n"
            "Wallonia attracts foreign direct investment (FDI) from all over the world.\n\n"
            "Over the years, US companies invested in the region, like Baxter, Abbvie, Johnson & Johnson "
            "and Takeda.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    for question in [
        "Which companies have invested in Wallonia?",
        "list the companies that invested in wallonia",
    ]:
        answer = engine.ask(question)
        assert answer.answer_span == "Baxter, Abbvie, Johnson & Johnson and Takeda", question


def test_a_figure_from_another_document_counts_what_the_best_one_counts(make_corpus, tmp_path):
    """Beside "39,000 direct jobs", another document's "14.8 % of exports" is no second answer to
    "how many jobs": it counts something else; its "50,000 jobs" is."""
    from askbio.engine import Engine
    from askbio.settings import Config

    country = "The biotech industry in Belgium counts 39,000 direct jobs.\n\nBelgian exports grew.\n"
    files = {
        "belgium.txt": country,
        "region.txt": "Biotech accounts for 14.8 % of the region's exports and for jobs.\n\nIt grows.\n",
    }
    engine = Engine(Config(corpus=make_corpus(files), index_dir=tmp_path / "index"))
    answer = engine.ask("How many biotech jobs are there?")
    assert answer.answer == "The biotech industry in Belgium counts 39,000 direct jobs."
    files["region.txt"] = "Biotech accounts for 50,000 jobs in the region.\n\nIt grows.\n"
    engine = Engine(Config(corpus=make_corpus(files), index_dir=tmp_path / "index2"))
    answer = engine.ask("How many biotech jobs are there?")
    assert len(answer.parts) == 2 and "50,000" in answer.answer


def test_a_kind_of_answer_the_nearest_sentence_lacks_is_a_near_miss(make_engine):
    """Asked for a figure, an amount or a phone number where the best sentence has none, askbio
    abstains, says which kind is missing, and quotes the sentence."""
    engine = make_engine(
        {
            "agency.txt": "The export agency supports many biotech start-ups in the region.\n\n"
            "Its web site is www.agency.example and it invested EUR 12 million in laboratories.\n\n"
            "Its programme ran for three and a half years, from 2019 to 2022.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    answered = engine.ask("How much has the export agency invested in laboratories?")
    assert not answered.abstained and answered.answer_type == "money"
    assert answered.answer_span == "EUR 12 million"
    for question, kind, lacking in [
        ("How many biotech start-ups does the export agency support?", "number", "a figure"),
        ("What is the phone number of the export agency?", "phone", "a phone number"),
        ("How long has the export agency supported start-ups?", "duration", "a length of time"),
        ("Which company runs the export agency's laboratories?", "name", "a name"),
    ]:
        near = engine.ask(question, min_confidence=0.0)
        assert near.abstained and near.answer_type == kind and near.near_miss == (lacking,), question
        assert near.answer.startswith(f"The documents don't give {lacking} for this. The nearest they come: ")
        assert near.citations and near.parts[0].citation == 1
    rank = engine.ask("Which export agency is first in the region?", min_confidence=0.0)
    assert rank.abstained and rank.near_miss == ("first",)
    assert rank.answer.startswith("The documents don't say what is first. The nearest they come: ")
    founder = engine.ask("Who founded the export agency?", min_confidence=0.0)
    assert founder.abstained and founder.near_miss == ("a person's name",)
    for question in (
        "How long did the agency's programme run?",
        "Over what period did the agency run its programme?",
    ):
        answered = engine.ask(question, min_confidence=0.0)
        assert not answered.abstained and answered.answer_type == "duration"
        assert answered.answer_span == "three and a half years", question
    web = engine.ask("What is the export agency's web site?")
    assert not web.abstained and web.answer_span == "www.agency.example"


def test_a_name_something_goes_by_is_quoted_from_each_document_that_gives_one(make_engine):
    """Asked what something is called, askbio answers with the sentence giving the name
    ("known as", "dubbed") over one that merely mentions the thing, and gives a second
    document's name for it beside the first."""
    engine = make_engine(
        {
            "park.txt": "The science park near Liège hosts 80 laboratories and a hospital.\n\n"
            "Researchers work on rare diseases there. "
            "Locally the science park near Liège is known as the Sart Tilman campus, after its hill.\n",
            "guide.txt": 'The city\'s science park, dubbed "Liège Valley", attracts start-ups.\n\n'
            "Trains reach the city from Brussels in an hour.\n",
        }
    )
    answer = engine.ask("What is the science park near Liège called?")
    assert not answer.abstained and answer.answer_type == "alias"
    assert answer.answer_span == "Sart Tilman campus"
    assert [p.span for p in answer.parts] == ["Sart Tilman campus", '"Liège Valley"']


def test_the_thing_a_which_question_asks_for_outweighs_its_other_words(make_engine):
    """ "Which port ...?" is answered by the sentence naming a port, not by the one repeating the
    question's other words."""
    engine = make_engine(
        {
            "hub.txt": "Biotech firms in Liège and Namur employ 5,000 researchers.\n\n"
            "Biotech firms in Liège use the labs of its university. Vaccines leave through the port of Antwerp.\n\n"
            "The biotech firms of Namur work with its university.\n"
        }
    )
    for question in (
        "Which port do biotech firms in Liège use?",
        "What kind of port do biotech firms in Liège use?",
    ):
        answer = engine.ask(question, min_confidence=0.0)
        assert answer.answer == "Vaccines leave through the port of Antwerp.", question


def test_the_words_asking_for_a_share_are_met_by_a_percentage(make_engine):
    """ "What share of exports are vaccines?": the sentence giving vaccines' percentage, not the
    one that happens to say "share"."""
    engine = make_engine(
        {
            "trade.txt": "Exports' share of the economy is 80 %.\n\nVaccines account for 14 % of exports.\n\n"
            "Vaccines are made in Ghent.\n\nVaccines are tested in Liège.\n"
        }
    )
    answer = engine.ask("What share of exports are vaccines?", min_confidence=0.0)
    assert answer.answer_span == "14 % of exports"


def test_words_naming_a_quantity_are_met_by_the_figure(make_engine):
    """ "How much money do exports bring in?": the figure is the money, even in a collection
    where "money" is a word of another sentence."""
    engine = make_engine(
        {
            "trade.txt": "Vaccine exports bring in EUR 9 billion a year.\n\n"
            "Start-ups can raise money from public funds for vaccine exports.\n"
        }
    )
    answer = engine.ask("How much money do vaccine exports bring in?", min_confidence=0.0)
    assert answer.answer_span == "EUR 9 billion"
    assert "money" not in engine._composer.weights(engine.query("How much money do vaccine exports bring?"))


def test_a_sentence_saying_the_word_in_a_derived_form_answers(make_engine):
    """ "What made exports grow?": a sentence on their "growth" says it, though the stemmer keeps
    the two apart; passages saying it are searched too, at a fifth of the word's own weight."""
    engine = make_engine(
        {
            "valoria.txt": "Vaccine exports leave Valoria by ship and by truck every week.\n\n"
            "Vaccine exports owe their growth to new plants.\n\n"
            "Start-ups grow slowly in the incubators.\n"
        }
    )
    answer = engine.ask("What made vaccine exports grow?", min_confidence=0.0)
    assert answer.answer == "Vaccine exports owe their growth to new plants."
    query = engine.query("What made vaccine exports grow?")
    assert query.derived == {"grow": ("growth",)} and "growth" in query.terms
    from askbio.query import DERIVED_WEIGHT

    vocabulary = engine._retriever.queries.vocabulary
    weights = query.weights(vocabulary)
    assert weights[vocabulary["growth"]] == DERIVED_WEIGHT < weights[vocabulary["grow"]]
    # a compound of the word says it too: "immunotherapies" are therapies
    engine = make_engine(
        {
            "valoria.txt": "Valoria hosts vaccine plants and a harbour.\n\n"
            "Valoria excels at cancer immunotherapies.\n\n"
            "Other therapies are tested in Ghent.\n"
        }
    )
    assert engine.query("What therapies does Valoria work on?").derived == {"therapi": ("immunotherapi",)}


def test_words_the_question_puts_together_count_more_where_a_sentence_says_them_together(make_engine):
    """ "The dominant activity": a sentence saying "the most prevalent activity" says it, not
    one holding the same words apart."""
    engine = make_engine(
        {
            "valoria.txt": "The most prevalent worry of Valoria start-ups is the activity of their rivals. "
            "Biomanufacturing is the most prevalent activity in Valoria, with 5,000 jobs.\n\n"
            "Tourism brings visitors to the hills.\n"
        }
    )
    answer = engine.ask("What is the dominant activity in Valoria?", min_confidence=0.0)
    assert answer.answer == "Biomanufacturing is the most prevalent activity in Valoria, with 5,000 jobs."


def test_a_place_the_gazetteer_knows_answers_where_or_which_country(make_engine):
    """A place is an answer wherever the sentence names it ("to Germany"), not only after "in";
    a name in capitals is not taken for one."""
    engine = make_engine(
        {
            "port.txt": "The biotech cluster ships most of its vaccines to Germany by truck.\n\n"
            "The cluster employs 900 people. Its partners are UCB and GSK.\n"
        }
    )
    answer = engine.ask("Which country does the biotech cluster ship its vaccines to?", min_confidence=0.0)
    assert (answer.answer_type, answer.answer_span) == ("place", "Germany")
    # a company's initials are no place, though GeoNames knows a place called "UCB"
    partners = engine.ask("Where are the cluster's partners?", min_confidence=0.0)
    assert partners.answer == "Its partners are UCB and GSK." and partners.answer_span is None


def test_which_cities_is_answered_by_cities_not_by_other_places(make_engine):
    """The gazetteer tells cities from countries and continents: "which cities?" is answered by
    the cities a sentence lists, read further down the ranking when the first passages name none."""
    engine = make_engine(
        {
            "cluster.txt": "Valoria, the pharma valley of Europe, welcomes major pharma companies from Europe and Asia.\n\n"
            "Valoria sits between Lyon, Milan and Geneva.\n"
        }
    )
    answer = engine.ask("Which major European cities does Valoria sit between?", min_confidence=0.0)
    assert answer.answer_span == "Lyon, Milan and Geneva"
    countries = engine.ask("Which continents do Valoria pharma companies come from?", min_confidence=0.0)
    assert countries.answer_span == "Europe and Asia"


def test_the_kind_of_place_a_question_asks_for():
    from askbio.answer_types import asks_for_place_kind

    assert asks_for_place_kind("Which major European cities does it sit between?") == "city"
    assert asks_for_place_kind("which sea ports can they ship through?") == "city"
    assert asks_for_place_kind("Which countries buy the vaccines?") == "country"
    assert asks_for_place_kind("where is it?") is None
    assert asks_for_place_kind("what important factors?") is None
    assert asks_for_place_kind("what is our region (wallonia) known for?") is None  # asks no region
    assert asks_for_place_kind("what are the regions of belgium?") == "region"


def test_a_town_asked_for_and_a_sentence_naming_none_is_a_near_miss(make_engine):
    """ "Which town had the factory?" and the nearest sentence, opening with "The" (a town's
    name in the gazetteer), names no town: the documents don't name it."""
    engine = make_engine(
        {
            "vaccines.txt": "The country stood out in the production of vaccines during the pandemic.\n\n"
            "Exports of medicines grew by a third.\n"
        }
    )
    answer = engine.ask("Which town had the factory that made the vaccines during the pandemic?")
    assert answer.abstained and answer.answer.startswith("The documents don't name the town asked for")


@pytest.mark.parametrize(
    ("files", "question", "kind", "span"),
    [
        # examples of a kind: the list after "including", not a sentence naming vaccines and the plant
        (
            {
                "plant.md": "---\ntitle: The Ghent plant\n---\nThe plant is known for vaccines, a pride of the city. "
                "It makes vaccines against several diseases, including influenza, measles and mumps.\n\n"
                "The plant employs 900 people.\n"
            },
            "What vaccines does the plant make?",
            "kinds",
            "influenza, measles and mumps",
        ),
        # contact details: the e-mail address rather than the video link the same sentence has
        (
            {
                "agency.txt": "See the agency on video at https://video.example/agency, or write to "
                "office@agency.example.\n\nThe agency opened in 2001.\n"
            },
            "How do I contact the agency?",
            "contact",
            "office@agency.example",
        ),
        # a reason: what follows "thanks to", not the sentence repeating the question's words
        (
            {
                "sector.md": "---\ntitle: The sector\n---\nThe biotech sector in Liège has grown since 2010. "
                "It has grown so fast thanks to the university hospital next door.\n\nThe sector employs 900 people.\n"
            },
            "Why has the biotech sector in Liège grown so fast?",
            "reason",
            "the university hospital next door",
        ),
    ],
    ids=["kinds", "contact", "reason"],
)
def test_a_kind_of_answer_is_the_span_its_sentence_gives(make_engine, files, question, kind, span):
    answer = make_engine(files).ask(question, min_confidence=0.0)
    assert (answer.answer_type, answer.answer_span) == (kind, span)


def test_a_word_asked_counts_even_when_another_asked_word_is_bridged_to_it(seed_engine):
    """ "who should I contact for a meeting?": "contact" is bridged to "meet", which the question
    asks itself; it is not dropped from what the answer must cover."""
    answer = seed_engine.ask("who should i contact for a meeting?")
    assert not answer.abstained and answer.answer_span == "newyork@awex-wallonia.com"


def test_a_rate_asked_needs_a_figure_of_what_the_rate_is_of(make_engine):
    """ "What is the annual growth rate of exports?": a share of exports is no growth rate."""
    files = {"trade.md": "---\ntitle: Trade\n---\nPharma exports account for 14.8 % of all exports.\n"}
    share = make_engine(files).ask(
        "What is the annual growth rate of pharma exports, in percent?", min_confidence=0.0
    )
    assert share.abstained and share.answer.startswith("The documents don't give the rate of growth.")
    # a rate named with two words ("the objective response rate") is a rate of the last
    files = {
        "trial.md": "---\ntitle: Trial\n---\nA response was seen.\n\nThe effective tax rate is 10% of income.\n"
    }
    response = make_engine(files).ask("what was the objective response rate in percent?", min_confidence=0.0)
    assert response.abstained and response.answer.startswith("The documents don't give the rate of response.")


def test_a_rate_asked_is_answered_by_a_figure_of_it(make_engine):
    files = {"trade.md": "---\ntitle: Trade\n---\nPharma exports grew at a growth rate of 5 % a year.\n"}
    growth = make_engine(files).ask(
        "What is the annual growth rate of pharma exports, in percent?", min_confidence=0.0
    )
    assert not growth.abstained and growth.answer_span == "5 % a year"


def test_a_reason_for_what_was_asked_beats_a_reason_for_something_else(make_engine):
    """ "Why has it grown?": the sentence whose reason is given for the growth, not one giving a
    reason for something else that names the place and the sector."""
    engine = make_engine(
        {
            "sector.md": "---\ntitle: Namur\n---\nThanks to its universities, the biotech sector in Namur "
            "employs researchers. The biotech sector has grown so much thanks to a new science park.\n\n"
            "The city also trains nurses.\n"
        }
    )
    answer = engine.ask("Why has the biotech sector in Namur grown so much?", min_confidence=0.0)
    assert answer.answer_span == "a new science park"


def test_a_question_about_what_will_happen_needs_a_sentence_about_the_future(make_engine):
    """ "When will the first trial end?" is not answered by the year it started: the documents
    tell of the past only, a near miss; a sentence about what will happen answers."""
    engine = make_engine(
        {
            "trials.md": "---\ntitle: Trials\n---\nThe first trial of the vaccine started in 2019.\n\n"
            "A second trial of the vaccine will start in 2026.\n"
        }
    )
    first = engine.ask("When will the first trial of the vaccine end?", min_confidence=0.0)
    assert first.abstained and first.near_miss == ("a date to come",)
    assert first.answer.startswith("The documents don't say when this will happen. The nearest they come: ")
    second = engine.ask("When will the second trial of the vaccine start?", min_confidence=0.0)
    assert not second.abstained and second.answer_span is not None and "2026" in second.answer_span
    past = engine.ask("When did the first trial of the vaccine start?", min_confidence=0.0)
    assert not past.abstained and "2019" in (past.answer_span or "")
    # "when can patients get it?" asks of what is to come too
    soon = engine.ask("When can patients get the vaccine of the first trial?", min_confidence=0.0)
    assert soon.abstained and soon.near_miss == ("a date to come",)


def test_a_figure_the_question_states_is_no_answer_to_it(make_engine):
    """ "How many of the 900 jobs are part-time?" is not answered by the sentence giving the
    900 jobs: the question has that figure already."""
    engine = make_engine(
        {
            "plant.md": "---\ntitle: The plant\n---\nThe plant employs 900 people in full-time and part-time jobs.\n"
        }
    )
    answer = engine.ask("How many of the plant's 900 jobs are part-time?", min_confidence=0.0)
    assert answer.abstained and answer.near_miss == ("a figure",)
    assert "900" in (
        engine.ask("How many people does the plant employ?", min_confidence=0.0).answer_span or ""
    )


def test_a_second_figure_covers_the_names_its_document_is_about(make_corpus, tmp_path):
    """A document about Belgium gives its jobs without naming Belgium in the sentence: asked how
    many people work in Belgian biotech, askbio gives both documents' figures."""
    from askbio.engine import Engine
    from askbio.settings import Config

    files = {
        "country.md": "---\ntitle: Biotech in Belgium\n---\n"
        "With 39,000 direct jobs in Belgium, biotech and pharma grow fast.\n\n"
        "Belgium exports vaccines. Belgium trains engineers.\n",
        "region.md": "---\ntitle: Biotech in Belgium's south\n---\n"
        "Biotech manufacturing is the main activity with over 50,000 direct and indirect jobs.\n\n"
        "Belgium has ports. Belgium has airports.\n",
        "other.txt": "Ghent runs clinical trials.\n",
    }
    engine = Engine(Config(corpus=make_corpus(files), index_dir=tmp_path / "index"))
    answer = engine.ask("How many people work in Belgian biotech and pharma?")
    assert len(answer.parts) == 2 and "39,000" in answer.answer and "50,000" in answer.answer


def test_a_question_the_text_asks_is_quoted_with_the_sentence_that_answers_it(make_engine):
    engine = make_engine(
        {
            "agency.txt": "The agency helps biotech companies grow in the region.\n\n"
            "Would you like to expand your biotech company in Europe? "
            "Write to expand@agency.example to meet our team. We answer within a week.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    answer = engine.ask("Can the agency help my biotech expand into Europe?", min_confidence=0.0)
    assert answer.answer == (
        "Would you like to expand your biotech company in Europe? "
        "Write to expand@agency.example to meet our team."
    )
    more = engine.ask("tell me more", history=[{"question": answer.question, "answer": answer.to_dict()}])
    assert "We answer within a week." in more.answer


def test_a_count_of_something_no_figure_counts_is_a_near_miss(make_engine):
    """ "How many students ...?" where the nearest figure counts companies: askbio says the
    documents don't give the number of students; the companies, misspelt, are counted."""
    engine = make_engine(
        {
            "valley.txt": "More than 600 companies in the biotechnology sector work in the valley.\n\n"
            "The valley trains engineers at its universities.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    near = engine.ask("How many students study biotechnology in the valley?", min_confidence=0.0)
    assert near.abstained and near.near_miss == ("students",)
    assert near.answer.startswith("The documents don't give the number of students. The nearest they come: ")
    for question in ("How many biotechnology compnies are in the valley?", "How many companies took part?"):
        answered = engine.ask(question, min_confidence=0.0)
        assert not answered.abstained and "600" in answered.answer_span, question


def test_a_sentence_that_goes_on_about_the_one_before_shares_its_subject(make_corpus, tmp_path):
    """ "This data showed ..." is about the trial the sentence before names: the answer is there
    even though the question's words for the trial are not."""
    from askbio.engine import Engine
    from askbio.settings import Config

    folder = make_corpus(
        {
            "trial.txt": "The company presented its lung cancer vaccine trial in Chicago. "
            "This data showed a mild safety profile in stage IV patients.\n",
            "other.txt": "Patients of the hospital wait.\n\nThe stage of the theatre is large.\n\nFactories export goods.\n",
        }
    )
    answer = Engine(Config(corpus=folder, index_dir=tmp_path / "index")).ask(
        "What stage were the vaccine trial patients at?"
    )
    assert answer.answer == "This data showed a mild safety profile in stage IV patients."


@pytest.mark.parametrize(
    ("sentence", "person"),
    [
        ("The trial is led by Dr. Jean Dupont of the university.", "Dr. Jean Dupont"),
        ("Marie-Claire van Damme founded it in 2010.", "Marie-Claire van Damme"),
        ("It was presented at the American Association for Cancer Research.", None),
    ],
)
def test_a_person_span(sentence, person):
    from askbio.answer_types import SPANS

    found = SPANS["person"].search(sentence)
    assert (found.group() if found else None) == person


@pytest.mark.parametrize("kind", ["number", "percent"])
def test_the_digits_after_a_decimal_point_are_no_figure_of_their_own(kind):
    from askbio.answer_types import SPANS

    sentence = "It was found in 35.3% (95% CI 27.7-42.8%) of new patients."
    found = [m.group().split()[0] for m in SPANS[kind].finditer(sentence)]
    assert "8%" not in found and "8" not in found and "3%" not in found
    assert found[0] == "35.3%"


def test_words_that_say_how_a_question_is_put_and_names_in_another_form_are_not_missing(
    make_corpus, tmp_path
):
    """ "anything" asks nothing an answer must hold; "European" is met by "Europe"."""
    from askbio.engine import Engine
    from askbio.settings import Config

    folder = make_corpus(
        {
            "region.txt": "Wallonia makes radiopharmaceuticals.\n\n"
            "Wallonia lies between Amsterdam and Paris, two cities in Europe.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    for question in [
        "Does Wallonia do anything in radiopharmaceuticals?",
        "Between which European cities is Wallonia?",
    ]:
        answer = engine.ask(question)
        assert not answer.abstained and answer.unmatched_terms == (), question
        assert answer.signals is not None and answer.signals["coverage"] == 1.0, question


def test_a_refusal_names_the_specific_words_not_the_everyday_ones(seed_engine):
    answer = seed_engine.ask("What is the capital of Australia?")
    assert answer.abstained
    assert (answer.unmatched_specific, answer.unmatched_everyday) == (("Australia",), ("capital",))
    assert answer.unmatched_terms == ("capital", "Australia")  # as before: every word, in order
    assert answer.answer.endswith("appear nowhere in them: Australia.")


def test_a_contact_question_is_answered_with_the_address(make_corpus, tmp_path):
    """ "contact" is nowhere in the text: it asks for an e-mail, web or phone address."""
    from askbio.engine import Engine
    from askbio.settings import Config

    folder = make_corpus(
        {
            "office.txt": "The export agency of Liege has an office in Boston: boston@agency-liege.example.\n\n"
            "The agency supports biotech start-ups.\n",
            "other.txt": "Vaccine exports reached EUR 7.5 billion.\n\nGhent runs clinical trials.\n",
        }
    )
    answer = Engine(Config(corpus=folder, index_dir=tmp_path / "index")).ask(
        "How do I contact the export agency's Boston office?"
    )
    assert not answer.abstained and answer.answer_span == "boston@agency-liege.example"


def test_a_contact_asked_without_a_topic_gives_the_address(make_engine):
    """ "Who do I contact?" asks nothing else: the address the collection gives answers; "to find
    out more" says what for, not where ("find more information in this video" is no contact)."""
    engine = make_engine(
        {
            "agency.txt": "# Ligurian agency\n\nFind more information on the Ligurian ecosystem in this video: "
            "https://video.example/watch?v=abc\n\nMeet us in Genova or write to genova@agency-liguria.example.\n\n"
            "Liguria has more than 600 biotech companies.\n"
        }
    )
    for asked in ("who do I contact?", "who do I contact to find out more?", "how can I contact them?"):
        answer = engine.ask(asked)
        assert not answer.abstained and "genova@agency-liguria.example" in answer.answer, asked


def test_a_synonym_covers_a_little_of_a_short_question(seed_engine):
    """Holding a synonym of "companies" (the curator's "start-ups") covers a little more of a
    two-word question, not more than the words it asks."""
    from askbio.answer import SYNONYM_BONUS_MAX, _Weighing

    composer = seed_engine._composer
    query = seed_engine.query("biotech companies")
    assert query.expansions
    weights = composer.weights(query)
    weighing = _Weighing(query, weights, composer.unknown_weight, [])
    assert (
        0
        < weighing.synonym_bonus
        <= SYNONYM_BONUS_MAX
        < 0.5 * composer.unknown_weight / sum(weights.values())
    )


def test_a_name_inside_the_words_asking_for_a_rank_still_counts(seed_engine):
    """ "Where does Portugal rank ...?": the documents' never naming Portugal makes a near miss,
    though "where ... rank" asks for a rank around it."""
    answer = seed_engine.ask("Where does Portugal rank in pharmaceutical exports?")
    assert answer.abstained and answer.near_miss == ("Portugal",)


def test_everyday_words_the_documents_lack_weigh_less_on_confidence_than_rare_ones(make_engine):
    """The share of a question in everyday words the documents lack is a signal of its own (the
    confidence model forgives it more than rare words); what the question asks about is never
    forgiven: "what is the average salary" lacks its subject, not a turn of phrase."""
    engine = make_engine({"jobs.txt": "The plant in Liège employs 4,200 operators.\n\nIt opened in 2019.\n"})
    everyday = engine.ask("How many operators does the plant in Liège employ currently?", min_confidence=0.0)
    rare = engine.ask("How many operators does the plant in Liège employ zorblaxly?", min_confidence=0.0)
    assert everyday.signals["unknown"] > 0 and everyday.signals["everyday"] == everyday.signals["unknown"]
    assert rare.signals["unknown"] > 0 and rare.signals["everyday"] == 0
    assert everyday.confidence > rare.confidence
    asked = engine.ask("What is the average salary of the plant's operators?", min_confidence=0.0)
    assert asked.signals["unknown"] > 0 and asked.signals["everyday"] < asked.signals["unknown"]


def test_a_misspelt_everyday_word_the_documents_lack_is_everyday_not_rare(make_engine):
    """ "peple" is in neither the documents nor English: read as "people" (an everyday word, and
    "how many people work" asks for jobs), it does not block the answer as a rare word would."""
    engine = make_engine(
        {"jobs.txt": "The biotech sector in Belgium offers 39,000 direct jobs.\n\nIt grew fast.\n"}
    )
    typed = engine.ask("how many peple work in biotech in belgium", min_confidence=0.0)
    assert typed.signals["everyday"] == typed.signals["unknown"] > 0
    assert "39,000" in typed.answer and not typed.abstained
    assert "peple" not in typed.unmatched_specific
    name = engine.ask("how many Peple work in biotech in belgium", min_confidence=0.0)
    assert name.signals["everyday"] < name.signals["unknown"]  # capitalised: a name English lacks


def test_a_question_is_read_with_its_misspelt_everyday_words_mended(make_engine):
    """ "email adress" asks for an e-mail address as "email address" does: the word it misspells
    brings its cues and idioms."""
    engine = make_engine(
        {"contact.txt": "Write to the office at office@example.org.\n\nThe office opened in 2010.\n"}
    )
    typed = engine.ask("is there an email adress?")
    assert not typed.abstained and "office@example.org" in typed.answer
    assert typed.question == "is there an email adress?"


def test_a_name_set_aside_is_not_asked_and_an_answer_for_it_is_a_near_miss(make_engine):
    """ "outside Europe", "not just Europe": the sentence giving the rank in Europe does not
    answer; asked in Europe, it does."""
    engine = make_engine(
        {"trials.txt": "Belgium holds second place in Europe for clinical trials.\n\nIt exports vaccines.\n"}
    )
    for question in [
        "What is Belgium's rank for clinical trials outside Europe?",
        "where does belgium rank for clinical trials in the world, not just europe",
    ]:
        outside = engine.ask(question)
        assert outside.abstained and outside.near_miss[0].lower() == "europe", question
        assert "for Europe only" in outside.answer or "for europe only" in outside.answer
    inside = engine.ask("Where does Belgium rank for clinical trials in Europe?")
    assert not inside.abstained and "second place" in inside.answer


def test_what_a_question_says_it_does_not_mean_is_a_near_miss_when_the_answer_is_for_it(make_engine):
    engine = make_engine(
        {"tax.txt": "Companies pay an effective tax rate below 10% on income from intangible assets.\n"}
    )
    answer = engine.ask("standard corporate tax rate in belgium, not the one for intangible assets")
    assert answer.abstained and answer.answer.startswith(
        "The documents give this for intangible assets only."
    )
    assert not engine.ask("what tax rate applies to income from intangible assets?").abstained


def test_which_company_is_answered_by_a_name_that_reads_as_a_companys(make_engine):
    """Not the code's capitals nearer the question's words ("ACME-LUNG-1"), nor an
    association's abbreviation; and a sentence naming no company does not answer."""
    engine = make_engine(
        {
            "firms.txt": "Acme Line Pharma, a biotech company in Liège, presented its lung cancer vaccine "
            "(ACME-LUNG-1) at the American Association for Cancer Research (AACR).\n\n"
            "Flu vaccine research in the Walloon Region focuses on messenger RNA.\n"
        }
    )
    found = engine.ask("Which company makes the lung cancer vaccine?")
    assert not found.abstained and found.answer_span == "Acme Line Pharma"
    none = engine.ask("Which company does flu vaccine research in the Walloon Region?")
    assert none.abstained and none.near_miss == ("a name",)


def test_a_cluster_or_a_currency_is_no_company(make_engine):
    engine = make_engine(
        {
            "valley.txt": "Over 600 firms grouped in the Health & Biotech Valley sell EUR 98 billion of vaccines.\n"
        }
    )
    answer = engine.ask("Which company sells the vaccines?")
    assert answer.abstained and answer.near_miss == ("a name",)


def test_the_words_of_a_documents_title_hold_in_each_of_its_sentences(make_engine):
    """ "the most prevalent activity in its life sciences ecosystem": the sentence saying what the
    activity is wins over the one repeating what the whole document is about."""
    engine = make_engine(
        {
            "region.txt": '---\ntitle: "Life sciences innovation in the region"\n---\n'
            "The region is home to a vibrant and innovative life sciences ecosystem of 350 companies "
            "and well known for its vaccines.\n\n"
            "Biomanufacturing has become the most prevalent activity in the region with 50,000 jobs.\n"
        }
    )
    answer = engine.ask(
        "Which activity is described as the most prevalent one in the life sciences ecosystem?"
    )
    assert not answer.abstained and answer.answer.startswith("Biomanufacturing")


def test_a_place_another_clause_gives_its_own_figure_for_is_not_met(make_engine):
    """ "fourth globally in exports and it holds second place in Europe for trials": no rank in
    Europe for exports; the rank in Europe for trials, and the one for exports, are given."""
    engine = make_engine(
        {
            "ranks.txt": "Acmeland ranks fourth globally in vaccine exports and it holds second place in "
            "Europe for clinical trials.\n\nIts harbour ships vaccines.\n"
        }
    )
    exports = engine.ask("Where does Acmeland rank within Europe for vaccine exports?")
    assert exports.abstained and exports.near_miss == ("Europe",)
    trials = engine.ask("Where does Acmeland rank in Europe for clinical trials?")
    assert not trials.abstained and trials.answer_span.startswith("second place")
    assert engine.ask("Where does Acmeland rank for vaccine exports?").answer_span.startswith("fourth")


def test_a_near_miss_is_explained_however_low_the_names_it_lacks_put_the_confidence(make_engine):
    """A year or a name the documents never mention lowers the confidence a lot; when the rest of
    the question is well answered, the refusal still says what is missing and quotes the nearest
    sentence. A question mostly made of such names gets a plain refusal."""
    engine = make_engine(
        {
            "plant.txt": "The biotech plant in Liège employs 4,200 operators.\n\nIt opened in 2019.\n",
            "world.txt": "Vaccines from Liège travel around the world.\n",
        }
    )
    near = engine.ask("How many operators did the plant employ in 2015?")
    assert near.abstained and near.near_miss == ("2015",)
    assert near.answer.startswith("The documents don't mention 2015. The nearest they come: ")
    off = engine.ask("Who won the 2018 FIFA World Cup?")
    assert off.abstained and off.near_miss == () and off.answer.startswith("I couldn't find that")


def test_a_time_named_by_what_happened_then_answers_when(make_engine):
    """ "When did vaccine output rise?": "during the COVID-19 pandemic" is when, not a near miss
    for want of a date."""
    engine = make_engine(
        {"vaccines.txt": "Vaccine output rose sharply during the COVID-19 pandemic.\n\nGhent runs trials.\n"}
    )
    answer = engine.ask("When did vaccine output rise?")
    assert not answer.abstained and answer.answer_type == "date"
    assert answer.answer_span == "during the COVID-19 pandemic"


def test_a_sentence_naming_the_kind_asked_without_examples_is_given_with_the_next(make_engine):
    """ "What cancer treatments ...?" and the best sentence only says the country excels at
    cancer treatments: the sentence after it, which names them, is part of the answer."""
    engine = make_engine(
        {
            "cancer.txt": "One area in which Belgian biotech excels is cancer treatments. "
            "Its companies have developed targeted therapies and immunotherapies.\n\n"
            "Vaccines are made in Wavre.\n"
        }
    )
    answer = engine.ask(
        "What cancer treatments have Belgian biotech companies developed?", min_confidence=0.0
    )
    assert answer.answer_type == "kinds"
    assert "targeted therapies and immunotherapies" in answer.answer


def test_the_next_sentence_saying_what_the_best_one_does_not_is_part_of_the_answer(make_engine):
    """ "Was the vaccine safe in the trial?": the sentence naming the trial says nothing of
    safety; the one after it, going on about the trial, does. Not when the best one says it all."""
    engine = make_engine(
        {
            "trial.txt": "Acme Bio in Namur announced results of its lung cancer vaccine trial in May. "
            "The data showed a promising response with a mild safety profile.\n\n"
            "Vaccines are made in Wavre for export.\n"
        }
    )
    answer = engine.ask("Was the lung cancer vaccine safe in the trial?", min_confidence=0.0)
    assert "mild safety profile" in answer.answer
    alone = engine.ask(
        "Where did Acme Bio announce its lung cancer vaccine trial results?", min_confidence=0.0
    )
    assert "Namur" in alone.answer and "safety" not in alone.answer


def test_a_sentence_going_on_about_the_one_before_has_its_names_counted_once(seed_engine):
    """ "This data revealed ...": the names of the sentence before count in it at a share
    (`CONTINUED_SHARE`), not again in full as names its document is about; the sentence that
    says them and the conference answers where the results were presented."""
    answer = seed_engine.ask("At which conference did PDC Line Pharma present their results in 2024?")
    assert "(AACR) Annual Meeting" in answer.answer and "pembrolizumab" not in answer.answer


def test_a_count_asked_of_a_name_needs_that_name_in_the_figure_s_sentence(make_engine):
    """ "How many people does GSK employ?" is not answered by the region's jobs, in a sentence
    that does not name GSK: the documents name GSK elsewhere, never with a count."""
    engine = make_engine(
        {
            "jobs.txt": "The region's biotech plants employ 50,000 people.\n\n"
            "GSK, UCB and Baxter invested in the region's plants.\n"
        }
    )
    assert "50,000" in engine.ask("How many people do the region's biotech plants employ?").answer
    near = engine.ask("How many people does GSK employ in the region's plants?", min_confidence=0.0)
    assert near.abstained and near.near_miss == ("GSK",)


def test_a_name_told_apart_by_a_letter_the_documents_lack_is_a_near_miss(make_engine):
    """ "hepatitis D" where the documents speak of hepatitis C: the letter is the question."""
    engine = make_engine(
        {
            "hcv.txt": "Chronic hepatitis C was found in 90 of the 119 patients with HIV.\n\n"
            "Interferon cleared hepatitis C in a third of them.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    assert "90" in engine.ask("How many patients with HIV had hepatitis C?").answer
    near = engine.ask("How many patients with HIV had hepatitis D?", min_confidence=0.0)
    assert near.abstained and near.near_miss == ("hepatitis D",)
    assert near.answer.startswith("The documents don't give this for hepatitis D.")
    # asked whether interferon clears it, the letter is still what is asked of
    assert engine.ask("Does interferon clear hepatitis D in them?", min_confidence=0.0).abstained
    # but a claim put with its letter to be checked ("..., correct?") is answered by the other
    checked = engine.ask("Interferon cleared hepatitis D in a third of them - correct?", min_confidence=0.0)
    assert not checked.abstained and "hepatitis C" in checked.answer


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who published the article about life sciences innovation in Wallonia?", "publisher"),
        ("who wrote the piece on biopharma in Belgium", "publisher"),
        ("who put out that article about wallonia", "publisher"),
        ("When was the Wallonia Trade and Investment piece published?", "date"),
        ("What is the publication date of the page on biopharma?", "date"),
        ("when published the article about Wallonia?", "date"),  # "on what date?" after "who published"
        ("when wrote the article about Wallonia?", "date"),  # "when?" after "who wrote"
        ("when did they write the article on biopharma?", "date"),
        ("How long ago was the piece written - what date?", "date"),
        ("When did the company write to the agency?", None),
        ("Who leads the agency?", None),
        ("Who is behind the Health & Biotech Valley?", None),  # who set it up, not who wrote of it
        ("What is the source of the sector's growth?", None),
        ("When did exports grow?", None),
        # released or out: a document named as such, not a vaccine
        ("when did the article come out?", "date"),
        ("when does it come out tho", None),
        ("Who has published the article on Wallonia, and on which date?", "publisher"),
        ("when can people get the vaccine, like release date??", None),
        # its title, what it is about
        ("What's the title of the biopharma article on belgium.be?", "title"),
        ("what is the page called?", "title"),
        ("What is the title of the CEO?", None),
        ("In a nutshell, what is the belgium.be article about?", "about"),
        ("what does the page on Wallonia cover?", "about"),
        ("give me a summary of the wallonia article", "about"),
        ("what do the two articles say about cancer?", None),
        ("what is the article about vaccines saying?", None),
    ],
)
def test_a_question_about_a_document_itself_is_told_apart(question, kind):
    from askbio.answer_types import asks_provenance

    assert asks_provenance(question) == kind


def test_who_published_a_document_and_when_is_answered_from_its_front_matter(seed_engine):
    """The publisher and date of the front matter answer "who published ...?" and "when was it
    published?" for the document the rest of the question is about; a document without a date
    is a near miss, not a date from its text."""
    publisher = seed_engine.ask("Who published the article about Wallonia leading life sciences innovation?")
    assert not publisher.abstained and publisher.answer_span == "Wallonia Trade and Investment"
    assert publisher.citations[0].doc_id == "wallonia-life-sciences"
    when = seed_engine.ask("When was the Wallonia Trade and Investment piece on life sciences published?")
    assert not when.abstained and when.answer_span == "May 22, 2024"
    undated = seed_engine.ask("What is the publication date of the belgium.be page on biopharma?")
    assert undated.abstained and undated.near_miss == ("a publication date",)
    # "the Wallonia article" names which document: asked of the document, no aside
    short = seed_engine.ask("Who published the Wallonia article?")
    assert not short.abstained and short.answer_span == "Wallonia Trade and Investment"
    assert seed_engine.ask("When was the Belgian biopharma article published?").near_miss == (
        "a publication date",
    )


def test_a_document_s_title_and_what_it_is_about_are_answered_from_it(make_engine):
    """ "What's the title of the page on X?" gives its front matter's title; "what is the article
    on X about?" its title, publisher and opening sentence, citing its first passage; "what are
    the articles about?", asking nothing else, each document's."""
    engine = make_engine(
        {
            "ports.txt": '---\ntitle: "Harbours of the North"\npublisher: "Port Office"\n---\n'
            "Rotterdam and Antwerp handle most of the cargo. Ships dock daily.\n\nCranes run all night.\n",
            "farms.txt": '---\ntitle: "Dairy in the Alps"\n---\n'
            "Alpine farms make cheese from summer milk. Cows graze high.\n\nWinters are long.\n",
        }
    )
    title = engine.ask("What's the title of the page on harbours and cargo?")
    assert not title.abstained and title.answer_span == "Harbours of the North"
    about = engine.ask("In a nutshell, what is the article on alpine farms about?")
    assert not about.abstained and "Dairy in the Alps" in about.answer
    assert about.answer_span == "Alpine farms make cheese from summer milk."
    assert about.citations[0].passage_id == "farms#0"
    both = engine.ask("what are the two articles about?")
    assert not both.abstained and len(both.citations) == 2
    assert "Port Office" in both.answer and "Dairy in the Alps" in both.answer
    # what the documents say about something is no question about a document
    assert engine.ask("what do the articles say about cheese?").answer_span != "Dairy in the Alps"


def test_a_question_about_a_document_its_title_names_is_answered_whatever_its_sentences(make_engine):
    """ "Who put out the article about leading the charge in harbours?": its title's words name
    the document, though its sentences say few of them; not a document nothing names."""
    engine = make_engine(
        {
            "ports.md": '---\ntitle: "Leading the Charge in Harbours"\npublisher: "Port Office"\n---\n'
            "Cranes run all night in the harbours.\n\nShips dock daily.\n",
            "farms.md": '---\ntitle: "Dairy in the Alps"\npublisher: "Farm Office"\n---\n'
            "Alpine farms make cheese.\n\nCows graze high.\n",
        }
    )
    answer = engine.ask("Who put out the article about leading the charge in harbours?")
    assert not answer.abstained and answer.answer_span == "Port Office"
    assert engine.ask("Who published the article about waffles in Bruges?").abstained


def test_a_name_runs_over_for_and_of_but_is_no_roman_numeral():
    """ "the American Association for Cancer Research" is one name; "II" of "phase I/II" none; two
    places joined by "and" stay two names."""
    from askbio.answer_types import SPANS

    def names(text: str) -> list[str]:
        return [m.group() for m in SPANS["name"].finditer(text)]

    assert "American Association for Cancer Research" in names(
        "It presented at the American Association for Cancer Research (AACR) meeting."
    )
    assert names("results of its phase I/II trial") == []
    assert names("between Amsterdam, Paris and Frankfurt") == []  # single words: not names here


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        (
            "It grows through clusters, new roads, low taxes and grants.",
            "clusters, new roads, low taxes and grants",
        ),
        ("It makes vaccines, including influenza and measles.", "influenza and measles"),
        ("It grows through its clusters and grants.", None),  # a means, not a list of them
    ],
)
def test_examples_of_a_kind_are_a_list_after_including_or_through(sentence, listed):
    from askbio.answer_types import SPANS

    found = SPANS["kinds"].search(sentence)
    assert (found.group("span").rstrip(".") if found else None) == listed


def test_what_kind_of_thing_is_answered_by_the_words_listed_before_it(make_engine):
    """ "What kind of society?": "a sustainable, digital and healthy society" names its kinds."""
    engine = make_engine(
        {
            "plan.md": "---\ntitle: The plan\n---\nThe country is committed to a transition to a sustainable, "
            "digital and healthy society.\n\nIts companies export vaccines.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    answer = engine.ask("What kind of society is the country moving towards?", min_confidence=0.0)
    assert (answer.answer_type, answer.answer_span) == ("kinds", "sustainable, digital and healthy")


def test_a_registry_number_is_answered_by_the_identifier_not_the_products_code(make_engine):
    """ "the ClinicalTrials.gov number": the registry named asks for its identifier, and a
    document never naming the registry still gives it."""
    engine = make_engine(
        {
            "trial.txt": "Acme Bio presented results of the phase II trial of its malaria vaccine "
            "(ACME-MAL-7, NCT01234567) in 2024.\n\nThe vaccine is made in Namur.\n"
        }
    )
    for question in (
        "what's the trial number",
        "What is the ClinicalTrials.gov number for Acme Bio's malaria trial?",
    ):
        answer = engine.ask(question)
        assert not answer.abstained and answer.answer_span == "NCT01234567", question


def test_a_figure_qualified_otherwise_is_a_near_miss(make_engine):
    """ "the standard corporate tax rate" and the sentence gives the effective rate on patent
    income: not the rate asked for."""
    engine = make_engine(
        {"tax.txt": "Firms in the region pay an effective tax rate below 10% on income from patents.\n"}
    )
    standard = engine.ask("What is the standard corporate tax rate in the region?")
    assert standard.abstained and standard.answer.startswith(
        "The documents give the effective one, not the standard one."
    )
    assert not engine.ask("What is the effective tax rate on income from patents?").abstained


def test_a_figures_own_words_are_met_by_the_figure(make_engine):
    """ "the total export value in euros": "total", "value" and "euros" are what the amount
    is ("EUR 98 billion"), not words its sentence must say."""
    engine = make_engine(
        {
            "trade.txt": "The sector employs 39,000 people and exports EUR 98 billion a year.\n\n"
            "Its firms are based in three regions.\n"
        }
    )
    answer = engine.ask("whats the total export value in euros")
    assert not answer.abstained and answer.answer_span is not None and "98 billion" in answer.answer_span
    assert answer.signals is not None and answer.signals["unknown"] == 0.0  # none of them is lacking


def test_a_second_place_is_no_length_of_time(make_engine):
    """ "how long does approval take?" and the sentence holds "a second place": an ordinal, not a
    second of time."""
    engine = make_engine({"trials.txt": "Belgium holds a second place in Europe for clinical trials.\n"})
    answer = engine.ask("how long does clinical trial approval take in belgium", min_confidence=0.0)
    assert answer.abstained and answer.near_miss == ("a length of time",)


def test_an_address_asked_for_is_found_by_its_kind_and_by_words_of_its_name(make_engine):
    """ "which e-mail do I write to?" searches the collection's addresses, and "Nexbio's e-mail"
    or "the San Remo office" names the one address written with them ("sanremo@nexbio-ligure.it")."""
    engine = make_engine(
        {
            "region.txt": "Liguria hosts 120 biotech firms and 4,000 researchers.\n\n"
            "The region's ports ship medicines across the Mediterranean.\n\n"
            "Would you like to set up here? Send us a meeting request at sanremo@nexbio-ligure.it.\n\n"
            "Read the full report (https://www.ligurebio.example/reports/annual-review) for more.\n"
        }
    )
    assert "sanremo@nexbio-ligure.it" in engine.query("which email should a foreign biotech write to").terms
    assert "sanremo@nexbio-ligure.it" not in engine.query("how many biotech firms are there").terms
    contact = engine.query("how do I get in touch with the region").terms  # written to, not read
    assert "sanremo@nexbio-ligure.it" in contact and not any(t.startswith("https://") for t in contact)
    for question in ("email address for nexbio", "what is the contact email of the san remo office"):
        answer = engine.ask(question)
        assert not answer.abstained and answer.answer_span == "sanremo@nexbio-ligure.it", question
    # a word of a page's path is not a name of the address
    assert "annual-review" not in engine.ask("what did the annual review find").answer
    # the link an address question asks for stays in the answer
    report = engine.ask("what's the website of ligurebio")
    assert not report.abstained and "https://www.ligurebio.example/reports/annual-review" in report.answer
    assert engine.ask("what's the email of the genoa office").abstained


def test_a_share_of_something_else_is_a_near_miss(make_engine):
    engine = make_engine({"trade.txt": "Medicines account for 14.8 % of all Belgian exports.\n"})
    gdp = engine.ask("what share of belgian gdp comes from medicines?")
    assert gdp.abstained and gdp.answer.startswith("The documents don't give the share of gdp.")
    assert engine.ask("what share of belgian exports are medicines?").answer_span.startswith("14.8 %")


def test_a_place_written_like_a_name_does_not_answer_who(make_engine):
    engine = make_engine(
        {"congress.txt": "The partnering congress was founded in San Diego by local firms.\n"}
    )
    assert engine.ask("who founded the partnering congress?").abstained


def test_money_asked_for_by_what_is_done_with_it_needs_a_sentence_saying_that(seed_engine):
    """ "and what does it pay?" after the jobs of an activity: the sentences give exports and
    investments in euros, but no pay."""
    history = []
    for question in ("what's the main kind of work in wallonia biotech", "how many people work in it"):
        answer = seed_engine.ask(question, history)
        history.append({"question": question, "answer": answer.answer})
    assert seed_engine.ask("and what does it pay?", history).abstained
    assert not seed_engine.ask("how much does belgium invest in r&d?").abstained


def test_a_web_address_is_about_the_words_of_its_path(make_engine):
    """ "a website about skilled talent": the page ".../skilled-talent", though its sentence
    says neither word."""
    engine = make_engine(
        {
            "region.txt": "Liguria offers a highly skilled workforce and talent from its universities "
            "(https://www.ligurebio.example/about).\n\n"
            "Biomanufacturing (https://www.ligurebio.example/success-factors/skilled-talent) has become the "
            "main activity of the region.\n\nIts ports ship medicines across the sea.\n"
        }
    )
    answer = engine.ask("is there a website that talks about skilled talent in biomanufacturing")
    assert answer.answer_span == "https://www.ligurebio.example/success-factors/skilled-talent"


def test_last_year_is_a_time_a_sentence_dating_nothing_does_not_give(make_engine):
    engine = make_engine(
        {
            "valley.txt": "More than 600 biotech companies work in the valley.\n\nIn 2023, 40 start-ups were founded there.\n"
        }
    )
    undated = engine.ask("how many biotech companies were founded in the valley last year?")
    assert undated.abstained and undated.answer.startswith("The documents don't give this for last year.")
    assert not engine.ask("how many biotech companies work in the valley?").abstained
    # told of the asker's own life, "last year" is no time the question asks about
    told = engine.ask(
        "My sister started a job there last year. How many biotech companies work in the valley?"
    )
    assert not told.abstained and "600" in told.answer
    # so are "five years ago" and "a decade ago"
    for ago in ("five years ago", "a decade ago"):
        before = engine.ask(f"how many biotech companies worked in the valley {ago}?")
        assert before.abstained and before.answer.startswith(f"The documents don't give this for {ago}.")


def test_a_question_in_capitals_is_read_as_one_in_lower_case(make_engine):
    """Capitals typed throughout say nothing of names: "BASED" is no name the documents lack."""
    engine = make_engine(
        {
            "firms.txt": "Nordvax, a vaccine company in Tampere, has announced promising results.\n\n"
            "The region counts more than 200 life science companies and two universities.\n"
        }
    )
    answer = engine.ask("WHERE IS NORDVAX BASED")
    assert not answer.abstained and "Tampere" in answer.answer
    history = [{"question": "HOW MANY LIFE SCIENCE COMPANIES IN THE REGION?", "answer": "more than 200"}]
    assert "200" in engine.ask("HOW MANY LIFE SCIENCE COMPANIES IN THE REGION?").answer
    assert not engine.ask("AND UNIVERSITIES?", history).abstained


def test_a_figure_given_roughly_is_met_by_the_documents_figure_near_it(make_engine):
    engine = make_engine(
        {
            "trade.txt": "Pharmaceuticals account for 14.8 % of all exports of the country.\n\n"
            "The port handles most of the country's trade with its neighbours.\n"
        }
    )
    for question in (
        "do pharmaceuticals make up about 15 percent of exports?",
        "pharmaceuticals are ~15% of exports?",
        # a figure put to be checked, far from the documents': their own answers it
        "do pharmaceuticals make up about 30 percent of exports?",
    ):
        answer = engine.ask(question)
        assert not answer.abstained and "14.8 %" in answer.answer


def test_the_top_of_a_kind_is_what_a_text_calls_the_most_prevalent(seed_engine):
    """Not the sentence on "top-notch infrastructure" and "actively" attracting investment."""
    answer = seed_engine.ask("what is the top activity in the region?")
    assert answer.answer.startswith("Biomanufacturing has become the most prevalent activity")


def test_a_likeness_asked_is_met_by_the_word_a_text_uses_for_it(seed_engine):
    """ "compared to which hub": the documents say "equivalent to a Boston/Cambridge hub". And a
    "which" late in a question keeps its first words from being read as a keyword query's topic."""
    for question in ("belgium is compared to which hub?", "belgium gets likened to which hub"):
        answer = seed_engine.ask(question)
        assert not answer.abstained and "Boston/Cambridge" in answer.answer
    equivalent = seed_engine.query("equivalent").tokens[0].term
    compared = seed_engine.query("compared").tokens[0].term
    assert equivalent in seed_engine.query("what is it compared to?").bridges[compared]


def test_a_dash_ends_a_sentence_about_the_asker(make_engine):
    """ "We're from Ohio - where can we meet you?" is told as "We're from Ohio. Where ...?"; a place
    asked about is still one the documents must name."""
    engine = make_engine(
        {
            "fair.txt": "The cluster counts 300 companies.\n\nLet us meet at the Nordic Bio fair in Oslo, or write to us.\n"
        }
    )
    told = engine.ask(
        "We're a delegation from Ohio coming to Europe this year - where could we meet the cluster?"
    )
    assert not told.abstained and "Oslo" in told.answer
    assert engine.ask("where could we meet the cluster in Ohio?").abstained


def test_a_count_of_things_asked_for_is_no_figure_to_find(make_engine):
    """ "in the top 5", "the 2 main seaports": how many the answer holds, which the documents
    need not write; a count put to be checked ("are there 30 berths?") is answered by theirs."""
    engine = make_engine(
        {
            "trade.txt": "The country ranks fourth globally in exports of medicines.\n\n"
            "Its two main seaports are Bergen and Oslo, with 40 berths.\n"
        }
    )
    assert "fourth" in engine.ask("is the country in the top 5 for exports of medicines?").answer
    assert "Bergen and Oslo" in engine.ask("what are the 2 main seaports?").answer
    assert "40 berths" in engine.ask("are there 30 berths?").answer  # a count put to be checked
    # a count the sentence gives otherwise is a near miss: it names two seaports, not three
    assert engine.ask("what are the 3 main seaports?").near_miss == ("3",)


def test_names_asked_for_are_not_the_places_a_sentence_lists(make_engine):
    """ "Which universities in Nordland ...?" is not answered by the regions the sentence lists
    ("Nordland, Vestland and Sorland"), nor "which companies" by them when a sentence names firms."""
    engine = make_engine(
        {
            "region.txt": "Thanks to universities, hospitals and companies working together in the three regions "
            "of the country (Nordland, Vestland and Sorland), start-ups are growing.\n\n"
            "Major firms such as Acme Pharma, Biotix and Curagen have invested in Nordland.\n"
        }
    )
    assert engine.ask("which universities in Nordland do research?").abstained
    assert engine.ask("which hospitals in nordland work with start-ups?").abstained
    assert (
        "Acme Pharma, Biotix and Curagen" in engine.ask("which companies have invested in Nordland?").answer
    )


def test_side_effects_are_asked_of_a_sentence_going_on_about_the_trial(seed_engine):
    """ "side effects" is what the documents call a "safety profile", given in a sentence
    ("This data revealed ...") that goes on about the trial in Liège the one before names."""
    answer = seed_engine.ask("did the lung cancer vaccine from Liège show side effects?")
    assert not answer.abstained and "mild safety profile" in answer.answer


def test_a_rank_asked_worldwide_is_not_the_one_given_for_a_region(make_engine):
    engine = make_engine(
        {
            "rank.txt": "The country ranks fourth globally in exports of medicines and it holds a second place "
            "in Europe for clinical trials.\n\nIts universities train 5,000 students a year.\n"
        }
    )
    regional = engine.ask("what is the country's world rank for clinical trials?")
    assert regional.abstained and regional.answer.startswith(
        "The documents give this for Europe, not worldwide."
    )
    assert engine.ask("what is the country's world rank for exports of medicines?").answer_span.startswith(
        "fourth globally"
    )
    assert engine.ask("where does the country rank in europe for clinical trials?").answer_span.startswith(
        "second place"
    )


def test_the_world_of_a_field_asks_no_worldwide_figure(seed_engine):
    """ "the medicine world in Belgium": the field, not the globe, so Belgium's figure is no near miss."""
    answer = seed_engine.ask("how many people earn a wage from the medicine world in belgium?")
    assert not answer.abstained and "39,000" in answer.answer


def test_a_count_asked_is_given_by_a_sentence_counting_it_before_one_counting_else(seed_engine):
    """After the Walloon figure, "and Belgium as a whole?" is answered by the sentence counting
    companies in Belgium, not by a better-ranked one whose figures count exports."""
    history: list[dict[str, str]] = []
    for question in ("how many life science companies does wallonia have?", "and belgium as a whole?"):
        answer = seed_engine.ask(question, history)
        history.append({"question": question, "answer": answer.answer})
    assert not answer.abstained and "More than 600 companies" in answer.answer


def test_a_region_is_a_place_however_it_is_asked(make_engine):
    """The gazetteer knows first-level regions ("Bavaria"): asked in lower case and not after
    "in", a region still names where the answer must apply, and a country's figure is a near
    miss for it."""
    engine = make_engine(
        {
            "germany.txt": "Germany's biotech industry invests EUR 9 billion in research and development.\n\n"
            "Start-ups thrive in its sixteen states, such as Bavaria, Saxony and Hesse.\n"
        }
    )
    country = engine.ask("how much does germany invest in biotech research and development?")
    assert not country.abstained and "EUR 9 billion" in country.answer
    region = engine.ask("how much does bavaria invest in biotech research and development?")
    assert region.abstained and "bavaria" in region.answer.lower()


def test_a_sentence_listing_the_places_asked_for_is_not_passed_over_for_a_near_miss(make_engine):
    """ "between which cities does Austria lie?": the sentence listing cities, in a document
    about the country, answers it, though it covers fewer of the question's other words than
    one elsewhere that does not name the country."""
    engine = make_engine(
        {
            "austria.txt": "Austria is home to a biotech sector.\n\n"
            "Austria sits between Munich, Prague and Budapest.\n\nAustria hosts 300 firms.\n",
            "players.txt": "Major players lie at the heart of European pharmaceuticals.\n",
        }
    )
    answer = engine.ask("between which major European cities does Austria lie?")
    assert not answer.abstained and "Munich, Prague and Budapest" in answer.answer


def test_companies_named_for_something_else_are_no_answer_to_who_makes_a_thing(make_engine):
    """ "Which companies make the flu vaccines?": a sentence naming companies that invested says
    nothing of who makes them, a near miss; one naming the company making it answers."""
    engine = make_engine(
        {
            "region.txt": "Large companies such as Acme, Borealis and Cobalt have invested heavily in Tampere.\n\n"
            "Flu vaccines are also produced there for export.\n\nDelta Pharma makes insulin in Oslo.\n"
        }
    )
    flu = engine.ask("Which companies make the flu vaccines?")
    assert flu.abstained and "which company makes flu vaccines" in flu.answer
    assert "Acme" in engine.ask("which companies have invested in Tampere?").answer
    insulin = engine.ask("which company makes insulin?", min_confidence=0.0)
    assert not insulin.abstained and "Delta Pharma" in insulin.answer
    # asked of what the turn before was about ("them": the flu vaccines), a sentence saying
    # nothing of that turn is the same near miss
    question = "are flu vaccines produced there?"
    first = engine.ask(question, min_confidence=0.0)
    history = [{"question": question, "answer": first.answer}]
    them = engine.ask("which companies make them?", history=history, min_confidence=0.0)
    assert them.abstained and "which company makes them" in them.answer
    question = "what does Delta Pharma make?"
    history = [{"question": question, "answer": engine.ask(question, min_confidence=0.0).answer}]
    where = engine.ask("which company makes it in Oslo?", history=history, min_confidence=0.0)
    assert not where.abstained and "Delta Pharma" in where.answer


def test_which_regions_is_answered_by_regions_not_cities(make_engine):
    """The gazetteer tells first-level regions apart: "which regions?" asks for them, as
    "which cities?" asks for cities."""
    engine = make_engine(
        {
            "c.txt": "The company works in Paris, Lyon and Marseille.\n\n"
            "The company also works across Bavaria, Saxony and Hesse.\n"
        }
    )
    assert "Bavaria" in engine.ask("which regions does the company work in?").answer
    assert "Paris" in engine.ask("which cities does the company work in?").answer


def test_places_of_a_kind_the_gazetteer_does_not_tell_are_those_named_as_such(make_engine):
    """ "which airports?": the seaports a sentence names after "seaports" are no airports, though
    the sentence speaks of airports too; "harbours" finds them as "seaports"."""
    engine = make_engine(
        {
            "r.txt": "Zeland is a small region with a strong chemical industry.\n\n"
            "The region lies close to 8 of the 10 top cargo airports, with direct connections to the "
            "seaports of Antwerp and Rotterdam.\n"
        }
    )
    airports = engine.ask("which cargo airports are near Zeland?")
    assert airports.answer_span is None
    # a list asked for and none named: a near miss, not the sentence as an answer
    assert airports.abstained and "don't name the places" in airports.answer
    assert not engine.ask("how close is Zeland to the cargo airports?").abstained
    assert engine.ask("which seaports are near Zeland?").answer_span == "Antwerp and Rotterdam"
    assert engine.ask("which sea harbours does Zeland connect to?").answer_span == "Antwerp and Rotterdam"


def test_a_question_about_a_document_is_asked_of_the_one_about_it_and_cites_its_byline(make_engine):
    """ "the piece promoting Wallonia" is the document about Wallonia, not one whose sentence
    promotes Wallonia in passing; its byline, which no passage holds, is cited for the publisher;
    "author/publisher" is read as its two words."""
    engine = make_engine(
        {
            "wallonia.txt": '---\ntitle: "Wallonia leads in life sciences"\npublisher: "Walloon Export Agency"\n'
            'date: "2024-05-22"\n---\nWallonia leads in life sciences\n\nMay 22, 2024\n\n'
            "Posted by Walloon Export Agency\n\nWallonia hosts 350 life science companies. "
            "Wallonia trains many graduates in biotechnology. Wallonia ships vaccines to Europe.\n",
            "belgium.txt": '---\ntitle: "Biopharma in Belgium"\npublisher: "Federal Portal"\n---\n'
            "Belgium exports medicines worldwide. Belgian companies are promoting Wallonia and "
            "Flanders at trade fairs abroad. Belgium counts 39,000 direct jobs in biopharma.\n",
        }
    )
    # (a tiny collection lacks "author" and "piece": how sure the answer is does not matter here)
    answer = engine.ask("Who is the author/publisher of the piece promoting Wallonia?", min_confidence=0.0)
    assert not answer.abstained and answer.answer_span == "Walloon Export Agency"
    cited = answer.citations[0]
    assert cited.doc_id == "wallonia" and cited.passage_id == "wallonia#byline"
    # the byline with the title shown above it, as on the page
    assert cited.text == "Wallonia leads in life sciences\n\nMay 22, 2024\n\nPosted by Walloon Export Agency"
    when = engine.ask("when was the wallonia piece published?", min_confidence=0.0)
    assert when.answer_span == "May 22, 2024" and when.citations[0].passage_id == "wallonia#byline"


def test_which_drug_is_answered_by_the_rare_word_said_with_what_is_asked(make_engine):
    """ "what drug was the vaccine combined with?": English has no word for the medicine, so the
    rare word said beside what is asked of it ("combined with pembrolizumab") is the answer, not
    one elsewhere ("biopartnering")."""
    engine = make_engine(
        {
            "trial.txt": "The lung cancer vaccine showed promise in its trial. The high dose vaccine combined "
            "with pembrolizumab shows activity in a majority of patients.\n\nVisitors met at "
            "biopartnering events last spring in the capital, where the team presented its results.\n\n"
            "The region is known for regenerative medicine and immunotherapies.\n",
        }
    )
    answer = engine.ask("what drug was the vaccine combined with?", min_confidence=0.0)
    assert answer.answer_type == "substance" and answer.answer_span == "pembrolizumab"
    met = engine.ask("which drug did the team present?", min_confidence=0.0)
    assert met.answer_span is None  # "biopartnering" is said far from what is asked
    # the word asking for a medicine is no word it is said beside
    kind = engine.ask("which medicine is the region known for?", min_confidence=0.0)
    assert kind.answer_span != "immunotherapies"


def test_the_informer_said_beside_its_word_is_what_is_asked(seed_engine):
    """ "the single biggest activity": the sentence saying "the most prevalent activity" answers,
    though a passage found first says more of the question's setting ("the Walloon region ...
    life sciences ecosystem", "the main seaports")."""
    answer = seed_engine.ask("What's the single biggest activity in the Walloon life sciences sector?")
    assert not answer.abstained and "the most prevalent activity" in answer.answer


def test_a_place_name_with_a_typo_in_the_document_is_still_a_place(make_engine):
    """ "the United Sates": a name of two words a letter away from one place is that place (a
    typo of the document's), so "which country?" is answered by it; a name that is no place a
    letter away ("Thermo Fisher") is none."""
    engine = make_engine(
        {
            "trade.txt": "Pharmaceutical exports are large and the United Sates is by far the most important "
            "trading partner. Thermo Fisher is by far the most important investor in the region.\n",
        }
    )
    answer = engine.ask("which country buys the most pharmaceutical exports?", min_confidence=0.0)
    assert answer.answer_type == "place" and answer.answer_span == "United Sates"
    investor = engine.ask("which country is the most important investor?", min_confidence=0.0)
    assert investor.answer_span != "Thermo Fisher"


def test_a_rank_asked_for_one_thing_is_not_the_rank_another_clause_gives(make_engine):
    """ "which place in Europe for pharmaceutical exports?": the sentence ranks exports
    worldwide and clinical trials in Europe, one clause each; neither answers."""
    engine = make_engine(
        {
            "ranks.txt": "The country ranks fourth globally in pharmaceutical exports and it holds a second "
            "place in Europe for clinical trials.\n",
        }
    )
    mixed = engine.ask(
        "The country ranks which place in Europe for pharmaceutical exports?", min_confidence=0.0
    )
    assert mixed.abstained and mixed.near_miss == ("Europe",)
    trials = engine.ask("where does it rank in Europe for clinical trials?", min_confidence=0.0)
    assert not trials.abstained and trials.answer_span.startswith("second place")


def test_a_follow_up_asking_a_rank_for_another_thing_gets_the_rank_given_for_it(make_engine):
    """ "And for clinical trials?" after "Where does it rank worldwide in exports?": the rank the
    sentence gives clinical trials ("second place in Europe"), not the exports' ("fourth"), and
    the worldwide scope asked of exports does not make it a near miss."""
    engine = make_engine(
        {
            "ranks.txt": "The country ranks fourth globally in pharmaceutical exports and it holds a second "
            "place in Europe for clinical trials.\n",
        }
    )
    first = engine.ask("Where does the country rank worldwide for pharmaceutical exports?")
    assert first.answer_span.startswith("fourth")
    history = [{"question": first.question, "answer": first.answer}]
    trials = engine.ask("And for clinical trials?", history, min_confidence=0.0)
    assert not trials.abstained and trials.answer_span.startswith("second place")


def test_when_something_began_needs_a_sentence_saying_it_began(make_engine):
    """ "What year did they start producing vaccines?": a sentence dating the production during
    the pandemic says nothing began then; "since 1990" does."""
    during = make_engine(
        {"v.txt": "The country stood out in the production of vaccines during the COVID-19 pandemic.\n"}
    ).ask("what year did the country start producing vaccines?", min_confidence=0.0)
    assert during.abstained and during.near_miss == ("a date",)
    since = make_engine(
        {"w.txt": "The country has been producing vaccines since 1990 for the whole world.\n"}
    ).ask("what year did the country start producing vaccines?", min_confidence=0.0)
    assert not since.abstained and "1990" in since.answer_span
    # however the verb is put ("when starts the trial?")
    starts = make_engine(
        {"t.txt": "The company presented trial results at its annual meeting in 2024.\n"}
    ).ask("when starts the next trial of the company?", min_confidence=0.0)
    assert starts.abstained and starts.near_miss == ("a date",)


def test_the_places_compared_with_are_part_of_what_is_asked(seed_engine):
    """ "How does the concentration in Wallonia stack up against Germany and France?": the
    sentence comparing with them ("a higher density compared to Germany and France") answers,
    though it says little else of the question; they are not names it merely mentions."""
    answer = seed_engine.ask(
        "How does the concentration of life science activity in Wallonia stack up against Germany and France?"
    )
    assert not answer.abstained and "higher density compared to Germany and France" in answer.answer


def test_a_comparison_with_a_people_is_one_with_their_country(make_engine):
    """ "more concentrated than what the Germans or the French have?": the sentence comparing
    with Germany and France answers it; one naming neither does not."""
    engine = make_engine(
        {
            "d.txt": "The cluster has a higher density compared to Germany and France.\n\nThe cluster grows fast.\n"
        }
    )
    asked = "Is the cluster denser than what the Germans or the French have?"
    answer = engine.ask(asked, min_confidence=0.0)
    assert not answer.abstained and "Germany and France" in answer.answer
    other = engine.ask("Is the cluster denser than what the Italians have?", min_confidence=0.0)
    assert other.abstained


def test_a_yes_no_comparison_is_answered_by_a_sentence_comparing_without_a_figure(make_engine):
    """ "is it more packed than Spain?" asks whether, not how many: "a higher density compared
    to Spain" answers it; a sentence comparing nothing is still no answer."""
    engine = make_engine(
        {
            "region.txt": "# Ligurian biotech\n\nThe Ligurian cluster sits in a small area representing a higher "
            "density of firms compared to Spain and Portugal.\n\nThe cluster was founded by three universities.\n"
        }
    )
    answer = engine.ask("is the Ligurian cluster more packed with firms than Spain?")
    assert not answer.abstained and "higher density" in answer.answer
    other = engine.ask("is the Ligurian cluster older than the universities that founded it?")
    assert other.abstained or "higher density" not in other.answer


def test_a_what_question_reads_further_for_a_sentence_naming_what_it_asks_for(seed_engine):
    """ "What's the main activity in the Walloon life sciences sector?": the passages saying most
    of the rest of the question name no activity ("the main seaports"); the one that does, a
    little further down, is read."""
    answer = seed_engine.ask("What's the main activity in the Walloon life sciences sector nowadays?")
    assert not answer.abstained and "most prevalent activity" in answer.answer


def test_a_people_s_adjective_is_met_by_the_other_names_of_its_country(make_engine):
    """ "American" pertains to America, which WordNet also calls the US: "major US companies"
    says what was asked, where "the American Society of Rocketry" only shares the word."""
    engine = make_engine(
        {
            "region.txt": "# Ligurian industry\n\nThe Ligurian delegation met the American Society of Rocketry "
            "in Genoa last spring to discuss launches.\n\nMajor US companies have invested in the region, "
            "like Acme Robotics, Bolt Energy and Cord Systems.\n"
        }
    )
    query = engine.query("Which American companies have invested in the region?")
    assert "usa" in query.forms.get("american", ())
    answer = engine.ask("Which American companies have invested in the region?")
    assert not answer.abstained and "Acme Robotics" in answer.answer


def test_money_asked_by_what_is_done_with_it_needs_a_text_saying_it(make_engine):
    """ "what do those jobs pay?" and the documents never say what is paid: the amounts they give
    (exports) are a near miss; "how much does it earn from exports?" is answered by them."""
    engine = make_engine(
        {
            "sector.txt": "# Ligurian biotech\n\nWith more than 9,000 direct jobs and EUR 4 billion in exports, "
            "the Ligurian biotech industry is growing.\n\nIts ports ship medicines across the Mediterranean.\n"
        }
    )
    paid = engine.ask("what do biotech jobs in Liguria pay?")
    assert paid.abstained and paid.answer.startswith("The documents don't say how much is paid")
    average = engine.ask("what do biotech jobs in Liguria pay on average?")  # not money it brings
    assert average.abstained and average.answer.startswith("The documents don't say how much is paid")
    earned = engine.ask("how much does the Ligurian biotech industry earn from exports?")
    assert not earned.abstained and "EUR 4 billion" in earned.answer


def test_an_amount_asked_politely_needs_a_sum_of_money(make_engine):
    """ "Would you be so kind as to indicate the amount X has invested?" asks for money: a
    sentence saying only that X invested is a near miss; the sum, where one is said, is given."""
    engine = make_engine(
        {
            "sector.txt": "# Ligurian biotech\n\nMajor companies such as Norvane and Keltis have invested in the "
            "Ligurian biotech industry over the years.\n\nThe region spends EUR 2 billion a year on "
            "research and development.\n"
        }
    )
    invested = engine.ask("Would you be so kind as to indicate the amount Norvane has invested in Liguria?")
    assert invested.abstained and invested.answer.startswith("The documents don't give an amount of money")
    spent = engine.ask("Could you tell me the amount Liguria spends on research?")
    assert not spent.abstained and "EUR 2 billion" in spent.answer


def test_a_small_number_written_in_figures_meets_it_written_in_words(make_engine):
    """ "the 3 regions" where the text says "the three regions", and "ten" where it says "10"; the
    regions "called" ask for places, not for what something else is called."""
    engine = make_engine(
        {
            "country.txt": "# Ligurian biotech\n\nStart-ups grow in the three regions of Liguria (Genova, Savona and "
            "Imperia).\n\nLiguria is known as the coast of medicines, close to 7 of the 10 largest ports.\n"
        }
    )
    assert "three" in engine.query("what are the 3 regions of Liguria called").terms
    assert "10" in engine.query("how many of the ten largest ports are close?").terms
    regions = engine.ask("what are the 3 regions of Liguria called")
    assert not regions.abstained and "Genova, Savona and Imperia" in regions.answer
    ports = engine.ask("how many of the ten largest ports are close?")
    assert not ports.abstained and "7 of the 10" in ports.answer


def test_an_institution_asked_by_kind_needs_a_sentence_saying_that_kind(make_engine):
    """ "Which hospital runs the trial?" and the sentence names only the company running it: a
    near miss; a sentence naming the hospital answers."""
    company = make_engine(
        {
            "t.txt": "Norvane Pharma, a biotech company in Genova, runs a phase II trial of its lung cancer vaccine.\n"
        }
    )
    asked = company.ask("Which hospital in Genova is running the Norvane lung trial?", min_confidence=0.0)
    assert asked.abstained and asked.answer.startswith("The documents don't name the hospital")
    named = make_engine(
        {
            "t.txt": "Norvane Pharma, a biotech company in Genova, runs a phase II trial of its lung cancer "
            "vaccine with San Martino Hospital.\n"
        }
    ).ask("Which hospital in Genova is running the Norvane lung trial?", min_confidence=0.0)
    assert not named.abstained and "San Martino Hospital" in named.answer


def test_a_part_counted_in_is_not_where_the_answer_must_apply(make_engine):
    """ "the whole region, Savona included": Savona is inside what is asked, so the region's
    figure answers; asked of Savona alone, it is a near miss."""
    engine = make_engine(
        {
            "l.txt": "# Liguria\n\nLiguria has more than 600 biotech companies.\n\n"
            "Savona is a port city of Liguria with a long history of shipping.\n"
        }
    )
    for asked in (
        "how many biotech companies are there in Liguria, Savona included",
        "how many biotech companies in Liguria, including Savona?",
    ):
        answer = engine.ask(asked, min_confidence=0.0)
        assert not answer.abstained and "600" in answer.answer, asked
    alone = engine.ask("how many biotech companies are there in Savona?", min_confidence=0.0)
    assert alone.abstained


def test_a_name_told_before_the_question_is_what_its_pronoun_asks_about(make_engine):
    """ "My niece got a job with Norvane Pharma in Genova. What are they making there?": "they"
    is Norvane Pharma, asked about as if named in the question."""
    engine = make_engine(
        {
            "g.txt": "# Genova biotech\n\nNorvane Pharma, a biotech company in Genova, develops a vaccine against "
            "lung cancer.\n\nGenova has a long history of shipping and trade across the sea.\n\n"
            "Jobs in Genova grow in the port, in tourism and in biotech.\n"
        }
    )
    answer = engine.ask("My niece got a job with Norvane Pharma in Genova. What are they making there?")
    assert not answer.abstained and "lung cancer" in answer.answer


def test_which_has_the_most_needs_a_sentence_saying_what_is_most(make_engine):
    """ "which one has the most jobs?" after the regions are named: a sentence naming the
    regions again, ranking none, is no answer; one saying which is biggest is."""
    engine = make_engine(
        {
            "regions.txt": "# Liguria\n\nStart-ups are feeding the sector in the three regions (Genoa, "
            "Savona and Imperia).\n\nThe sector counts 9,000 jobs across its regions.\n"
        }
    )
    history = [{"question": "which regions is the sector in?", "answer": "Genoa, Savona and Imperia"}]
    answer = engine.ask("which one has the most jobs?", history)
    assert answer.abstained and answer.answer.startswith("The documents don't say which has the most")
    ranked = make_engine(
        {"ports.txt": "# Ports\n\nGenoa is by far the largest port of Liguria, ahead of Savona.\n"}
    )
    assert not ranked.ask("which port has the most traffic, Genoa or Savona?").abstained
    # "the main ports of A and B" names several as main, and none as the biggest
    several = make_engine(
        {"ports.txt": "# Ports\n\nLiguria ships through the main ports of Genoa and Savona.\n"}
    )
    history = [{"question": "which ports does Liguria ship through?", "answer": "Genoa and Savona"}]
    assert several.ask("which one is the biggest?", history).abstained


def test_an_abbreviation_asked_for_is_spelt_out_by_the_words_before_it_in_brackets(make_engine):
    engine = make_engine(
        {
            "genoa.txt": "# Genoa\n\nGenoa keeps attracting foreign direct investment (FDI) through its "
            "clusters.\n\nIts port ships medicines.\n"
        }
    )
    answer = engine.ask("what does FDI stand for?")
    assert answer.answer_type == "expansion" and answer.answer_span == "foreign direct investment"


def test_what_is_a_word_the_collection_writes_in_capitals_asks_what_it_stands_for(make_engine):
    """ "whats fdi": spelt out where the collection does so; "whats nsclc", which it never spells
    out, is no answer, whatever the turn before (not the other abbreviation's words)."""
    engine = make_engine(
        {
            "genoa.txt": "# Genoa\n\nGenoa keeps attracting foreign direct investment (FDI) through its "
            "clusters.\n\nThe American Association for Cancer Research (AACR) heard that NSCLC patients "
            "responded to the vaccine.\n"
        }
    )
    fdi = engine.ask("whats fdi")
    assert fdi.answer_type == "expansion" and fdi.answer_span == "foreign direct investment"
    history = [{"question": "what did the AACR hear?", "answer": "NSCLC patients responded to the vaccine."}]
    assert engine.ask("whats nsclc", history).abstained
    assert engine.ask("what is Genoa?").answer_type != "expansion"  # a name, not written in capitals


def test_what_a_told_sentence_wants_is_asked_when_the_asking_one_names_only_a_kind(seed_engine):
    """ "We wish to set up a meeting with the Walloon agency. Which e-mail address should we
    use?": the second sentence says only that an e-mail is wanted; what for, the first told."""
    answer = seed_engine.ask(
        "We wish to set up a meeting with the Walloon agency. Which e-mail address should we use?"
    )
    assert not answer.abstained and answer.answer_span == "newyork@awex-wallonia.com"


def test_a_distance_asked_needs_a_figure_in_its_unit(make_engine):
    engine = make_engine(
        {
            "port.txt": "# Genoa\n\nGenoa lies 150 km from Milan.\n\nIt is close to 8 of the 10 top cargo "
            "airports and to Milan.\n"
        }
    )
    near = engine.ask("how far is Genoa from Milan?")
    assert near.answer_type == "distance" and near.answer_span == "150 km"
    history = [{"question": "which airports is Genoa close to?", "answer": "It is close to 8 of the 10 ..."}]
    far = engine.ask("how far is it from Turin in km?", history)
    assert far.abstained


def test_a_place_however_spelt_is_no_one_s_name(make_engine):
    """ "who led the study?" and the nearest sentence names "the United Sates" (a typo of the
    place): no person, so a near miss, not the place as a leader."""
    engine = make_engine(
        {
            "trade.txt": "# Trade\n\nThe United Sates is by far the most important trading partner of Liguria.\n"
        }
    )
    answer = engine.ask("who led the trading partner study in Liguria?", min_confidence=0.0)
    assert answer.abstained and answer.answer_span is None


def test_an_event_asked_for_by_name_is_met_by_its_name_not_by_the_word(make_engine):
    """ "at which trade show?": "shows an immunological activity" says the word, not an event."""
    engine = make_engine(
        {
            "genoa.txt": "# Genoa\n\nThe trade data shows a promising response in patients.\n\n"
            "Let's meet at Genoa Biotech Expo or virtually.\n"
        }
    )
    answer = engine.ask("At which trade show can I meet them?")
    assert not answer.abstained and "Genoa Biotech Expo" in answer.answer


def test_a_question_asked_partly_in_french_is_answered(seed_engine):
    """ "combien d'entreprises ... en Wallonie?": how many, in Wallonia."""
    answer = seed_engine.ask("combien d'entreprises life sciences en Wallonie, à peu près?")
    assert not answer.abstained and "350" in answer.answer


def test_a_lacking_word_met_by_its_bridge_in_the_sentence_is_mostly_understood(make_engine):
    """ "Between which cities is the region situated?": "situated" is not in the text, but the
    sentence says "location", which it is bridged to; the confidence counts it as lacking only
    for the share a bridge leaves. A word met by nothing ("manufactured") stays lacking."""
    from askbio.answer import BRIDGE_SHARE

    engine = make_engine(
        {
            "r.txt": "# Ligurian logistics\n\nThe region holds a strong position in logistics thanks to its "
            "optimal location between Genova and Milan.\n\nThe region exports medicines to many countries.\n"
        }
    )
    situated = engine.ask("Between which cities is the region situated?", min_confidence=0.0)
    made = engine.ask("Between which cities is the region manufactured?", min_confidence=0.0)
    assert situated.signals["unknown"] == pytest.approx(
        (1 - BRIDGE_SHARE) * made.signals["unknown"], rel=0.02
    )
    assert situated.confidence > made.confidence


def test_a_remark_in_another_language_does_not_block_the_answer(seed_engine):
    """ "They compare Belgium to which American hub? c'est un peu ambitieux, non?": the remark's
    words are everyday French, not names the documents lack."""
    answer = seed_engine.ask(
        "y los fondos públicos de inversión? how much of the R&D costs can grants cover?"
    )
    assert "inversión" not in answer.unmatched_specific
    assert not answer.abstained and "70%" in answer.answer


def test_a_figure_put_to_be_checked_is_answered_by_the_documents_own(make_engine):
    """ "Is it 500 companies?": the figure is a claim to check, and the sentence giving the
    documents' own count of companies answers it; one with no figure of its kind, or counting
    something else, does not."""
    engine = make_engine(
        {
            "valley.txt": "The valley counts more than 350 biotech companies.\n\n"
            "Exports of vaccines account for 14 % of the region's exports.\n\n"
            "The region ranks third in Europe for clinical trials.\n\n"
            "Grants can cover up to 70% of the R&D costs of a start-up.\n",
        }
    )
    for question, said in [
        ("Is it 500 biotech companies in the valley?", "more than 350"),
        ("vaccines are about 30% of the region's exports, right?", "14 %"),
        ("Is the region 1st in Europe for clinical trials?", "third"),
        # a statement put with a question mark, other closings of a check
        ("the valley is home to 500 biotech companies?", "more than 350"),
        ("Is it 500 biotech companies in the valley, or did I misread that?", "more than 350"),
        # a share checked: not the money "costs" would ask for
        ("Grants cover up to 50% of R&D costs for a start-up, yes?", "70%"),
    ]:
        answer = engine.ask(question, min_confidence=0.0)
        assert not answer.abstained and said in answer.answer, question
    incubators = engine.ask("Does the valley have 20 biotech incubators?", min_confidence=0.0)
    assert incubators.abstained
    # a year is when, not a figure to check
    year = engine.ask("Did the valley count 350 biotech companies in 2015?", min_confidence=0.0)
    assert year.abstained and "2015" in year.answer


def test_a_place_put_to_be_checked_of_a_name_is_answered_by_the_place_given(make_engine):
    """ "Is Zorvex Labs an Oulu company?": the place is what is checked of Zorvex Labs, and the
    sentence placing it in Tampere answers; a place the question asks a figure for ("does Oulu
    have 50 companies?") is still where the answer must apply."""
    engine = make_engine(
        {
            "firms.txt": "Zorvex Labs, a biotech company in Tampere, announced promising trial results.\n\n"
            "The region counts 50 biotech companies.\n",
        }
    )
    for question in ("Is Zorvex Labs an Oulu company?", "so Zorvex Labs is from Oulu, right?"):
        checked = engine.ask(question)
        assert not checked.abstained and "Tampere" in checked.answer, question
    assert engine.ask("Does Oulu have 50 biotech companies?").abstained


def test_a_place_checked_in_a_list_is_answered_by_the_list_given(seed_engine):
    """ "between Amsterdam, Paris and Madrid, right?": the sentence listing Amsterdam, Paris and
    Frankfurt answers the check."""
    listed = seed_engine.ask("Wallonia lies between Amsterdam, Paris and Madrid, right?")
    assert not listed.abstained and "Frankfurt" in listed.answer


def test_a_figure_said_otherwise_is_met_by_the_documents_figure_it_stands_for(make_engine):
    """Scale words, number words, "-odd" and fractions: "about 40 thousand" is the documents'
    "39,000", "close to a hundred billion euros" their "EUR 98 billion", not a code's "101"."""
    engine = make_engine(
        {
            "sector.txt": "The sector has 39,000 direct jobs and EUR 98 billion in exports.\n\n"
            "The region counts more than 350 biotech companies.\n\n"
            "The US takes almost 20 % of the exports.\n\n"
            "The trial, code PDC-101, is led in Ghent.\n"
        }
    )
    cases = {
        "Does the sector employ about 40 thousand people directly?": "39,000",
        "Are the sector's exports close to a hundred billion euros?": "98 billion",
        "About how many biotech companies does the region have, 300-odd?": "350",
        "Does the US take about a fifth of the exports?": "20 %",
    }
    cases["Does the region count 350 or so biotech companies?"] = "350"  # a guess written as the documents do
    for question, figure in cases.items():
        answer = engine.ask(question)
        assert not answer.abstained and figure in answer.answer, question
    # a figure far from the documents' is no guess at it
    assert engine.query("does the region count about 500 biotech companies?").rounded == frozenset()


def test_which_of_two_is_bigger_is_answered_by_a_sentence_giving_both_figures(make_engine):
    engine = make_engine(
        {
            "sector.txt": "The sector has EUR 40 billion in exports and EUR 2 billion in research spending.\n\n"
            "Three regions share the sector's companies.\n"
        }
    )
    answer = engine.ask("Which is bigger, the value of its exports or what it spends on research?")
    assert not answer.abstained and "EUR 40 billion" in answer.answer
    # no figures to weigh: no comparison given
    assert engine.ask("which region has the most companies?").abstained


def test_a_count_spelt_out_answers_how_many_of_what_it_counts(make_engine):
    """ "the three regions" answers "how many regions?", and no other count ("how many
    companies?" is not answered by it)."""
    engine = make_engine(
        {
            "regions.txt": "The country has grown fast in the three regions of its territory, Northland and "
            "Southland and the Capital.\n\nIts universities train students from every continent.\n"
        }
    )
    answer = engine.ask("how many regions does the country have?")
    assert not answer.abstained and answer.answer_span.startswith("three regions")
    assert engine.ask("how many companies are there in Northland?").abstained


def test_where_something_goes_is_answered_by_how_far_it_goes(make_engine):
    """ "where does it sell them?": "on a global scale" or "worldwide" says where, as a place would."""
    engine = make_engine(
        {
            "kits.txt": "Acme Labs makes diagnostic kits. At the end of the chain, the firm also ensures "
            "the sale of these kits on a global scale.\n\nIts staff of 300 works in two shifts.\n"
        }
    )
    answer = engine.ask("where does Acme ensure the sale of its kits?")
    assert not answer.abstained and answer.answer_span == "on a global scale"


def test_a_sentence_opening_with_a_capitalised_word_names_no_person_by_it():
    """ "The Walloon region ...": "The Walloon" is no one's name; "Dr. Anna Rossi" is."""
    from askbio.answer_types import SPANS

    assert not SPANS["person"].search("The Walloon region is home to 350 life science companies.")
    assert SPANS["person"].search("Over the years, Dr. Anna Rossi led the lab.").group() == "Dr. Anna Rossi"


def test_another_thing_of_the_same_kind_than_the_documents_speak_of_is_a_near_miss(make_engine):
    """ "breast cancer" when the documents only speak of "lung cancer" (the same kind of thing,
    a part of the body, in its place): a near miss; "freight airports" for "cargo airports" is
    no other kind of airport."""
    engine = make_engine(
        {
            "trial.txt": "Acme Bio in Liège tests its lung cancer vaccine in 40 patients.\n\n"
            "The region lies close to 8 of the 10 top cargo airports.\n"
        }
    )
    near = engine.ask("How many patients test Acme Bio's breast cancer vaccine?")
    assert near.abstained and near.answer.startswith("The documents speak of lung cancer, not breast cancer.")
    assert "40 patients" in engine.ask("How many patients test Acme Bio's lung cancer vaccine?").answer
    assert not engine.ask("how many of the top freight airports are close to the region?").abstained
