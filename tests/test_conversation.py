import pytest

from askbio.conversation import smalltalk_reply


def test_smalltalk_gets_a_reply_without_citations(seed_engine):
    assert smalltalk_reply("Hello!") is not None
    answer = seed_engine.ask("thanks")
    assert answer.kind == "smalltalk" and not answer.citations and not answer.abstained


@pytest.mark.parametrize(
    ("followup", "expected"),
    [
        ("and in Flanders?", "how many jobs in biomanufacturing in Flanders?"),
        ("what about exports?", "how many exports?"),
        ("How many companies are in Belgium?", None),  # a question of its own
    ],
)
def test_follow_ups_are_resolved_against_the_previous_turn(seed_engine, followup, expected):
    history = [{"question": "how many jobs in biomanufacturing", "answer": "over 50,000"}]
    answer = seed_engine.ask(followup, history=history)
    assert answer.question == followup
    assert answer.resolved_question == expected


def test_follow_up_without_history_is_a_plain_question(seed_engine):
    assert seed_engine.ask("what about exports?").resolved_question is None


@pytest.mark.parametrize(
    ("before", "followup", "read_as"),
    [
        # a place or a year replaces the one of its kind, or is added
        (
            "How many biotech jobs are there in Wallonia?",
            "and in Flanders?",
            "How many biotech jobs are there in Flanders?",
        ),
        (
            "How many biotech jobs are there in Wallonia?",
            "what about Brussels?",
            "How many biotech jobs are there in Brussels?",
        ),
        (
            "What share of exports were pharmaceutical in 2023?",
            "and in 2010?",
            "What share of exports were pharmaceutical in 2010?",
        ),
        (
            "What share of exports are pharmaceutical?",
            "and in 2010?",
            "What share of exports are pharmaceutical in 2010?",
        ),
        # a topic replaces the topic, and the place stays
        ("How many companies are there in Wallonia?", "what about jobs?", "How many jobs in Wallonia?"),
        # a turn piling up places still replaces the first one
        ("How many jobs are there in Wallonia?", "and in Flanders?", "How many jobs are there in Flanders?"),
    ],
)
def test_a_follow_up_replaces_what_it_names_rather_than_adding_to_it(before, followup, read_as):
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    turn = read_turn(followup, [{"question": before, "answer": "..."}], Analyzer())
    assert (turn.kind, turn.question) == ("question", read_as)


def test_three_turns_about_places_keep_one_place():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [
        {"question": "How many jobs are there in Wallonia?", "answer": "..."},
        {"question": "and in Flanders?", "answer": "..."},
    ]
    assert (
        read_turn("and in Brussels?", history, Analyzer()).question == "How many jobs are there in Brussels?"
    )


@pytest.mark.parametrize(
    ("followup", "kind"),
    [
        ("tell me more", "more"),
        ("more details please", "more"),
        ("go on", "more"),
        ("why?", "why"),
        ("why does that matter?", "why"),
        ("source?", "source"),
        ("where does that come from?", "source"),
        ("how do you know?", "source"),
    ],
)
def test_what_a_follow_up_asks_of_the_previous_answer(followup, kind):
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    before = "How many jobs are there in biomanufacturing?"
    turn = read_turn(followup, [{"question": before, "answer": "Over 50,000 jobs."}], Analyzer())
    assert (turn.kind, turn.previous) == (kind, before)


def test_a_follow_up_with_a_pronoun_is_searched_with_the_turn_before():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [
        {"question": "Which company presented vaccine results?", "answer": "Acme Pharma presented them."}
    ]
    turn = read_turn("where did they present them?", history, Analyzer())
    assert turn.question == "where did they present them?" and "Acme Pharma" in turn.context


def test_tell_me_more_why_and_source_answer_from_the_previous_answer(make_corpus, tmp_path):
    from askbio.engine import Engine
    from askbio.settings import Config

    folder = make_corpus(
        {
            "plants.md": "---\ntitle: Vaccine plants\npublisher: The agency\n---\n"
            "The region counts 50,000 jobs in biomanufacturing. Growth came thanks to strong public "
            "funding. New plants open every year.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    first = engine.ask("How many jobs in biomanufacturing?")
    assert "50,000" in first.answer
    history = [{"question": first.question, "answer": first.answer}]
    more = engine.ask("tell me more", history=history)
    assert more.answer == "Growth came thanks to strong public funding. New plants open every year."
    assert more.resolved_question == "tell me more (after: How many jobs in biomanufacturing?)"
    why = engine.ask("why?", history=history)
    assert why.answer == "Growth came thanks to strong public funding."
    source = engine.ask("source?", history=history)
    assert source.answer.startswith('It comes from "Vaccine plants" (The agency), which says: ')
    assert source.citations[0].doc_id == "plants"
    lost = engine.ask("tell me more", history=[{"question": "What is photosynthesis?", "answer": "..."}])
    assert lost.abstained
