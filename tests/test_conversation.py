import pytest

from askbio.conversation import (
    Overview,
    describe,
    read_turn,
    smalltalk_kinds,
    smalltalk_reply,
    without_smalltalk,
    without_smalltalk_turns,
)
from askbio.engine import Engine
from askbio.settings import Config
from conftest import TINY


def test_smalltalk_gets_a_reply_without_citations(seed_engine):
    assert smalltalk_reply("Hello!") is not None
    answer = seed_engine.ask("thanks")
    assert answer.kind == "smalltalk" and not answer.citations and not answer.abstained


@pytest.mark.parametrize(
    ("message", "kind", "reply"),
    [
        ("hello there", "greeting", "Hello!"),
        ("Hi team", "greeting", "Hello!"),  # the ones addressed
        ("hello, what all can you help me with?", "capabilities", "I answer questions"),
        ("Hi!", "greeting", "Hello!"),
        ("good morning :)", "greeting", "Hello!"),
        ("hey, how are you?", "greeting", "Hello!"),
        ("thanks", "thanks", "welcome"),
        ("thank you so much!", "thanks", "welcome"),
        ("Thanks a lot for the help.", "thanks", "welcome"),
        ("great, cheers", "thanks", "welcome"),
        ("ok thanks", "thanks", "welcome"),
        ("perfect, that helps", "thanks", "welcome"),
        ("much appreciated", "thanks", "welcome"),
        ("ok thx ur a lifesaver", "thanks", "welcome"),
        ("thats grand, thanks", "thanks", "welcome"),
        ("ur the best", "thanks", "welcome"),
        ("splendid", "acknowledgement", "Glad"),
        ("laters", "goodbye", "Goodbye"),
        ("afternoon", "greeting", "Hello!"),
        ("bye!", "goodbye", "Goodbye"),
        ("ok bye", "goodbye", "Goodbye"),
        ("thanks, that's all", "goodbye", "Goodbye"),
        ("See you later", "goodbye", "Goodbye"),
        ("ok", "acknowledgement", "Glad"),
        ("got it", "acknowledgement", "Glad"),
        ("Alright, I see.", "acknowledgement", "Glad"),
        ("wow, nice", "acknowledgement", "Glad"),
        # less common wordings
        ("hello, anyone there?", "greeting", "Hello!"),
        ("hi bot", "greeting", "Hello!"),
        ("thank you kindly", "thanks", "welcome"),
        ("thanks, that's useful", "thanks", "welcome"),
        ("you've been very helpful", "thanks", "welcome"),
        ("perfect, that's what i needed", "thanks", "welcome"),
        ("catch you later", "goodbye", "Goodbye"),
        ("that's it for now", "goodbye", "Goodbye"),
        ("have a good one", "goodbye", "Goodbye"),
        ("great job", "acknowledgement", "Glad"),
        ("haha, sounds great", "acknowledgement", "Glad"),
        # thanks with a remark on what it helped with
        ("thank you so much, this really helps with my essay!", "thanks", "welcome"),
        ("great, that's perfect for the brochure, thanks", "thanks", "welcome"),
        ("brilliant, that is exactly what I needed", "thanks", "welcome"),
        ("Thanks, that was useful for my report.", "thanks", "welcome"),
        ("Cheers, that's brilliant.", "thanks", "welcome"),
        ("Thanks, that's really helpful for my chapter!", "thanks", "welcome"),
        ("Right, many thanks - cheerio.", "goodbye", "Goodbye"),
        ("Good morning, hope you're keeping well", "greeting", "Hello!"),
        ("ok thanks, that's enough for my slides", "goodbye", "Goodbye"),
        ("it's great, ta", "thanks", "welcome"),
        # an acknowledgement said with its verb, a question announced but not asked
        ("Thank you, that is very helpful.", "thanks", "welcome"),
        ("you have been great, thanks", "thanks", "welcome"),
        ("hey! quick q for a podcast episode", "announcement", "go ahead"),
        ("hello, another question for my novel", "announcement", "go ahead"),
        ("thanks anyway", "thanks", "welcome"),
        ("ok, last question", "announcement", "go ahead"),
        ("hi, hope you can help", "announcement", "go ahead"),
        ("hello, I hope someone can help me", "announcement", "go ahead"),
        ("Bless you, goodbye now!", "goodbye", "Goodbye"),
        ("thank you, god bless", "thanks", "welcome"),
        ("ok thank you, very clear", "thanks", "welcome"),
        ("cheers, that's it from me", "goodbye", "Goodbye"),
        ("Hello, I have a question", "announcement", "go ahead"),
        # the courtesies of other languages
        ("arigato", "thanks", "welcome"),
        ("grazie mille!", "thanks", "welcome"),
        ("ok, dank je wel", "thanks", "welcome"),
        ("tschüss", "goodbye", "Goodbye"),
        ("buongiorno", "greeting", "Hello!"),
        ("Danke schön.", "thanks", "welcome"),  # written with its accents
        ("Buenos días, what can you help me with?", "capabilities", "I answer questions"),
        ("merci beaucoup, you are very kind, I will tell him", "thanks", "welcome"),
        ("Bonjour, I hope I am not disturbing you", "greeting", "Hello!"),
        # typed in a hurry, addressed to the bot, asked politely
        ("hi can u help with my homework", "announcement", "go ahead"),
        ("well thank you dear", "thanks", "welcome"),
        ("Thank you very much for your kind assistance.", "thanks", "welcome"),
        (
            "Good afternoon. May I ask what kind of information you are able to provide?",
            "capabilities",
            "I answer",
        ),
        ("hello, hope you're doing fine", "greeting", "Hello!"),
        ("Thanks! You've been a great help.", "thanks", "welcome"),
        ("No further questions, thank you.", "thanks", "welcome"),
        ("Thanks, that is all for today.", "goodbye", "Goodbye"),
        ("peace out", "goodbye", "Goodbye"),
        ("hello, what you can do for me?", "capabilities", "I answer"),
        # letters drawn out or a double letter typed once; questions announced with their topic
        ("heyyy", "greeting", "Hello!"),
        ("helo dear", "greeting", "Hello!"),
        ("byeee!!", "goodbye", "Goodbye"),
        ("Thank you most kindly.", "thanks", "welcome"),
        ("Guten Tag! I have a few questions about logistics in Belgium.", "announcement", "go ahead"),
        ("Dzień dobry!", "greeting", "Hello!"),
        # a thanks for answering, said with how much or to whom; short greetings of other languages
        ("Good morning. Thank you for taking my questions.", "thanks", "welcome"),
        ("thanks for answering all my questions!", "thanks", "welcome"),
        ("thank you ever so much, bye bye", "goodbye", "Goodbye"),
        ("thanks love", "thanks", "welcome"),
        ("dag", "greeting", "Hello!"),
        ("G'day mate", "greeting", "Hello!"),
        # praise of the answers, a promise to follow them up, closings of a letter
        ("That was very informative, thank you", "thanks", "welcome"),
        ("Great answer!", "thanks", "welcome"),
        ("Thanks, that clears it up", "thanks", "welcome"),
        ("Thank you, I'll pass that on", "thanks", "welcome"),
        ("Thanks heaps", "thanks", "welcome"),
        ("Kind regards", "goodbye", "Goodbye"),
        ("Right, I'll be off", "goodbye", "Goodbye"),
        ("I think that's all", "goodbye", "Goodbye"),
        ("Hi, how are you today?", "greeting", "Hello!"),
        ("wassup", "greeting", "Hello!"),
        # help asked with a task and its topic; what the asker is talking to
        ("hello, can you help me with a school project on Belgian biotech?", "announcement", "go ahead"),
        ("are you a bot?", "capabilities", "I answer"),
        ("Am I talking to a real person?", "capabilities", "I answer"),
        ("hey hello, you the robot for biotech questions?", "capabilities", "I answer"),
    ],
)
def test_small_talk_is_recognised_by_kind_in_its_variants(message, kind, reply):
    assert kind in smalltalk_kinds(message)
    assert reply in (smalltalk_reply(message) or "")


@pytest.mark.parametrize(
    "message",
    [
        "how many jobs in biomanufacturing",
        "what do you know about vaccines?",  # a question about vaccines, not about askbio
        "Thanks to what did the sector grow?",
        "good companies in Wallonia",
        "Great Britain exports",
        "how useful is the port of Antwerp?",
        "is anyone there working on vaccines?",
        "help with R&D costs",
        "a report for my class",
        "helps with exports?",
        "questions about jobs",
        "i love vaccines",
        "regards to the exports, how much?",
        "good answer but how many jobs?",
        "and in Flanders?",
        "tell me more",
        "why?",
        "source?",
        "?",
        "is that all?",
        "I have a question about jobs",
        "hell",  # drawn out, but no small-talk word
        "some questions about jobs?",
        "was it helpful?",
        "grand total of exports",  # "grand", but a total asked
        "is the sweet spot wallonia?",
        "can you help me with the biotech jobs in wallonia?",  # a topic, not a task
    ],
)
def test_questions_are_not_small_talk(message):
    assert smalltalk_reply(message) is None


@pytest.mark.parametrize(
    "message",
    ["what can you do?", "What can I ask?", "help", "hi, what do you know?", "What topics do you cover?"],
)
def test_what_can_you_do_describes_the_collection(message):
    about = Overview(2, ("Vaccines", "Exports"), ("How many plants?", "How many firms?"))
    reply = smalltalk_reply(message, lambda: about)
    assert reply == describe(about)
    assert "2 documents" in reply and "Vaccines; Exports" in reply
    assert "“How many plants?” or “How many firms?”" in reply


def test_the_overview_is_worked_out_only_when_asked_for(seed_engine):
    engine = Engine(Config(index_dir=seed_engine.index_dir))
    engine.ask("how many jobs in biomanufacturing")
    engine.ask("thanks")
    assert engine._overview is None  # ordinary questions and other small talk never pay for it
    reply = engine.ask("what can you do?").answer
    assert engine._overview is not None
    assert "Belgium, land of vaccines" in reply and "You could ask" in reply
    for example in engine._overview.examples:  # each one is answered, not refused
        assert not engine.ask(example).abstained, example


def test_the_overview_comes_from_any_collection(make_corpus, tmp_path):
    engine = Engine(Config(corpus=make_corpus(TINY), index_dir=tmp_path / "index"))
    about = engine.overview()
    assert about.documents == 3
    assert set(about.topics) == {
        "Vaccines in Flanders",
        "Clinical trials in Ghent",
        "Brussels biotech",
        "Exports",
    }
    assert about.examples and all(q.startswith("How many ") for q in about.examples)
    assert set(about.examples) <= {
        "How many vaccine plants?",
        "How many clinical trials?",
        "How many biotech firms?",
    }


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("thanks! and how many jobs?", "and how many jobs?"),
        ("ok, what about exports?", "what about exports?"),
        ("hi how many jobs in biomanufacturing", "how many jobs in biomanufacturing"),
        ("great thanks and in Flanders?", "and in Flanders?"),
        ("how many jobs in biomanufacturing? thanks", "how many jobs in biomanufacturing?"),
        ("what are the tax advantages, thank you", "what are the tax advantages"),
        ("Thanks to what did the sector grow?", "Thanks to what did the sector grow?"),
        ("good companies in Wallonia", "good companies in Wallonia"),
        ("what is top-k", "what is top-k"),
        ("help, what can you do", "help, what can you do"),
        # an emoji for a pause; an introduction straight after the greeting
        ("hi there 👋 im raj, an analyst", "im raj, an analyst"),
        ("hello im kenji from osaka", "im kenji from osaka"),
        ("hello world of biotech", "hello world of biotech"),
    ],
)
def test_small_talk_around_a_question_is_left_out(message, question):
    assert without_smalltalk(message) == question


def test_small_talk_plus_a_question_is_answered_as_the_question(seed_engine):
    answer = seed_engine.ask("thanks! how many jobs in biomanufacturing?")
    assert answer.kind == "answer" and "50,000" in answer.answer
    assert answer.question == "thanks! how many jobs in biomanufacturing?"
    assert answer.resolved_question is None  # no history changed it


def test_small_talk_turns_are_no_question_to_follow_up():
    history = [
        {"question": "how many jobs in biomanufacturing", "answer": "over 50,000"},
        {"question": "ok, thanks!", "answer": "You're welcome!"},
        {"question": "great, and in Flanders?", "answer": "..."},
    ]
    assert [t["question"] for t in without_smalltalk_turns(history)] == [
        "how many jobs in biomanufacturing",
        "and in Flanders?",
    ]


def test_a_follow_up_after_thanks_is_read_with_the_question_before(seed_engine):
    history = [
        {"question": "how many jobs in biomanufacturing", "answer": "over 50,000"},
        {"question": "ok, thanks!", "answer": "You're welcome!"},
    ]
    answer = seed_engine.ask("and in Flanders?", history=history)
    assert answer.resolved_question == "how many jobs in biomanufacturing in Flanders?"


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
        # "what about" before a place or a year is that place or year, not a new topic
        (
            "How many direct jobs does the industry provide?",
            "what about in 2010?",
            "How many direct jobs does the industry provide in 2010?",
        ),
        # a topic replaces the topic, and the place stays
        ("How many companies are there in Wallonia?", "what about jobs?", "How many jobs in Wallonia?"),
        # a turn piling up places still replaces the first one
        ("How many jobs are there in Wallonia?", "and in Flanders?", "How many jobs are there in Flanders?"),
        # "in the whole of Belgium" names Belgium, which takes the place of the region asked before
        (
            "how many life science companies does Wallonia have?",
            "and in the whole of Belgium?",
            "how many life science companies does the whole of Belgium have?",
        ),
    ],
)
def test_a_follow_up_replaces_what_it_names_rather_than_adding_to_it(before, followup, read_as):
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    turn = read_turn(followup, [{"question": before, "answer": "..."}], Analyzer())
    assert (turn.kind, turn.question) == ("question", read_as)


def test_a_new_topic_after_a_yes_no_question_is_asked_with_it_as_context():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    before = "Does Belgium export vaccines worldwide?"
    turn = read_turn("how about cancer drugs?", [{"question": before, "answer": "..."}], Analyzer())
    assert (turn.question, turn.context) == ("cancer drugs?", before)


def test_a_new_topic_keeps_the_question_before_as_context():
    """ "what about sanatorium care?" after a cost per patient: the substitution keeps "What
    did" only, the question before says what was asked of it, and the figure it was given."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    before = "What did the current Hlabisa strategy cost per patient cured?"
    turn = read_turn("what about sanatorium care?", [{"question": before, "answer": "R3799."}], Analyzer())
    assert (turn.question, turn.context) == ("What did sanatorium care?", f"{before} R3799.")
    place = read_turn("and in Durban?", [{"question": before, "answer": "R3799."}], Analyzer())
    assert place.context == ""  # a place replaces a place: nothing else to carry
    # the thing the question before asked about is what the new topic replaces
    vaccines = "What vaccines does Belgium produce?"
    topic = read_turn("what about cancer?", [{"question": vaccines, "answer": "..."}], Analyzer())
    assert (topic.question, topic.context, topic.focus) == (
        "What cancer?",
        "What  does Belgium produce?",
        "cancer",
    )


def test_a_bare_new_topic_keeps_the_question_before_as_context():
    """ "any airports nearby?" after "where is the region located for logistics?" is about the
    region: the question before is searched with it."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    before = "where is the region located for logistics?"
    turn = read_turn("any airports nearby?", [{"question": before, "answer": "..."}], Analyzer())
    assert turn.previous == before and "logistics" in turn.context


def test_a_message_s_capitalised_first_word_is_no_place_unless_it_names_one():
    """ "Airports?" is a topic, capitalised as any message's first word; "Brussels?" a place."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "How many jobs are there in Wallonia?", "answer": "..."}]
    places = {"brussels"}.__contains__
    topic = read_turn("Airports?", history, Analyzer(), lambda word: places(word.lower()))
    assert "in Airports" not in topic.question and "airports" in topic.question.lower()
    place = read_turn("Brussels?", history, Analyzer(), lambda word: places(word.lower()))
    assert place.question == "How many jobs are there in Brussels?"


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
        ("Do tell me more, please.", "more"),
        ("Interesting! Could you tell me a bit more about that?", "more"),
        ("I'd like to know more", "more"),
        ("why?", "why"),
        ("why does that matter?", "why"),
        ("why does that matter for a small startup like mine?", "why"),  # whoever asks: of what was said
        ("source?", "source"),
        ("where does that come from?", "source"),
        ("how do you know?", "source"),
        ("says who? who published that", "source"),
    ],
)
def test_what_a_follow_up_asks_of_the_previous_answer(followup, kind):
    """A "why" with a subject of its own is a question of its own (see
    test_a_why_question_with_a_subject_of_its_own_is_asked_as_such)."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    before = "How many jobs are there in biomanufacturing?"
    turn = read_turn(followup, [{"question": before, "answer": "Over 50,000 jobs."}], Analyzer())
    assert (turn.kind, turn.previous) == (kind, before)


def test_a_why_question_with_a_subject_of_its_own_is_asked_as_such():
    """ "why has vaccine production become so strategic there?" asks why of vaccine production,
    not why of the answer before."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "which diseases are vaccines made for here?", "answer": "Influenza."}]
    turn = read_turn("why has vaccine production become so strategic there?", history, Analyzer())
    assert turn.kind == "question"
    assert read_turn("why did it grow?", history, Analyzer()).kind == "why"


def test_a_follow_up_with_a_pronoun_is_searched_with_the_turn_before():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [
        {"question": "Which company presented vaccine results?", "answer": "Acme Pharma presented them."}
    ]
    turn = read_turn("where did they present them?", history, Analyzer())
    assert turn.question == "where did they present them?" and "Acme Pharma" in turn.context


def test_a_question_whose_subject_is_a_pronoun_refers_back_though_it_says_more():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "Which US companies invest here?", "answer": "Acme Pharma and Bolt Bio invest."}]
    turn = read_turn("What role do they play for smaller companies?", history, Analyzer())
    assert "Acme Pharma" in turn.context
    # a pronoun after a preposition leaves the question its own subject
    turn = read_turn("how many hospitals kept a separate register for them?", history, Analyzer())
    assert turn.context == ""


def test_how_many_of_them_there_counts_what_the_question_before_counted():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [
        {
            "question": "How many biotech companies are there in Belgium?",
            "answer": "More than 600 companies.",
        },
        {"question": "what are they called?", "answer": "The Health Valley."},
    ]
    turn = read_turn("And how many of them are in Wallonia?", history, Analyzer())
    assert turn.question == "how many biotech companies are in Wallonia?"
    # a count of its own ("how many of them died?") is left as it is asked
    assert read_turn("how many of them died?", history, Analyzer()).question == "how many of them died?"


def test_pronouns_in_turn_after_turn_keep_the_subject_they_refer_to():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [
        {"question": "What is Acme Pharma?", "answer": "Acme Pharma is a biotech company."},
        {"question": "where is it based?", "answer": "It is based in Ghent."},
    ]
    turn = read_turn("what did they present?", history, Analyzer())
    assert "Acme Pharma" in turn.context and "Ghent" in turn.context


def test_and_with_a_question_of_its_own_is_that_question_with_the_turn_before_as_context():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    before = "How many adult TB patients were registered at Zomba Hospital in 1995?"
    turn = read_turn("and how many had HIV?", [{"question": before, "answer": "827 patients."}], Analyzer())
    assert (turn.question, turn.previous, turn.context) == ("how many had HIV?", before, before)
    # opening with a preposition: "for which diseases ...", not "and in Wallonia?" (a place for its place)
    before = "What does vaccine research in Belgium focus on?"
    turn = read_turn(
        "And for which diseases are they producing vaccines?", [{"question": before}], Analyzer()
    )
    assert (turn.question, turn.context) == ("for which diseases are they producing vaccines?", before)
    # a yes-no question ("and has that ...?") or "whats" typed without its apostrophe
    before = "How many direct jobs are there in Wallonia?"
    for followup, asked in (
        ("and has that brought unemployment down?", "has that brought unemployment down?"),
        ("and whats the total value in euros", "whats the total value in euros?"),
    ):
        turn = read_turn(followup, [{"question": before}], Analyzer())
        assert (turn.question, turn.context) == (asked, before)
    # an acronym is a topic, not a place: the export value is not asked "in R&D investment"
    history = [{"question": "What is the total export value?"}]
    turn = read_turn("And R&D investment?", history, Analyzer(), lambda word: word == "Wallonia")
    assert "R&D investment" in turn.question and "export" not in turn.question
    # a place the question before named as its subject is the one a place brought replaces
    turn = read_turn(
        "and belgium as a whole?",
        [{"question": "how many firms does Wallonia have?"}],
        Analyzer(),
        lambda words: any(w in {"wallonia", "belgium"} for w in words.lower().split()),
    )
    assert turn.question == "how many firms does belgium as a whole have?"
    # contact details asked with no topic of their own: for what the turn before was about
    turn = read_turn(
        "to whom do I write for more details?", [{"question": "How much can grants cover?"}], Analyzer()
    )
    assert turn.context == "How much can grants cover?"
    # the question before opened with a label ("For a release:"): "and exports?" asks it again
    turn = read_turn("and exports?", [{"question": "For a release: how much is spent on R&D?"}], Analyzer())
    assert turn.question.startswith("how much") and "exports" in turn.question


@pytest.mark.parametrize(
    ("before", "followup", "read_as"),
    [
        ("What did Acme Pharma present?", "when?", "when did Acme Pharma present?"),
        ("How many jobs are there in Ghent?", "and where exactly?", "where jobs are there in Ghent?"),
        ("Does Acme Pharma make vaccines?", "since when?", "since when does Acme Pharma make vaccines?"),
        ("Who published the article?", "And on what date?", "when published the article?"),
        ("What did Acme Pharma present?", "in which city?", "where did Acme Pharma present?"),
        ("What results did it announce?", "where?", "where did it announce?"),  # "what results" asked
    ],
)
def test_a_question_word_alone_asks_the_question_before_with_it(before, followup, read_as):
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    turn = read_turn(followup, [{"question": before, "answer": "..."}], Analyzer())
    assert (turn.kind, turn.question, turn.previous) == ("question", read_as, before)


def _converse(engine, *questions: str) -> list[dict[str, str]]:
    """The history of a conversation asking `questions` in turn, as the widget sends it."""
    history: list[dict[str, str]] = []
    for question in questions:
        history.append({"question": question, "answer": engine.ask(question, history=history).answer})
    return history


def test_a_figure_the_answer_before_gave_still_answers_a_follow_up(make_engine):
    """ "when?" after an answer quoting "the Annual Meeting 2024": the year came from the turn
    before, not from the question, so it answers it."""
    engine = make_engine(
        {
            "acme.txt": "Acme Pharma presented its vaccine results at the Annual Meeting 2024 in Boston.\n\n"
            "The company makes vaccines in Ghent.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    history = _converse(engine, *("What is Acme Pharma?", "what did they present?"))
    assert "2024" in history[-1]["answer"]
    when = engine.ask("when?", history=history, min_confidence=0.0)
    assert when.resolved_question == "when did they present?"
    assert not when.abstained and when.answer_span is not None and "2024" in when.answer_span


def test_a_follow_up_asking_the_same_kind_gets_a_new_figure_from_the_same_study(make_engine):
    """ "how many of them died?" after "how many patients were registered?": not the figure just
    given, and not another study's deaths; "and how many were women?" may come from the
    sentence before."""
    engine = make_engine(
        {
            "zomba.txt": "In 1995 the Zomba clinic registered 800 adult patients with tuberculosis, 300 of them women.\n\n"
            "Treatment outcomes were recorded for every patient. By the end of treatment 250 patients had died.\n",
            "malaria.txt": "A review found 60 cases of imported malaria in children in Europe; 4 of them died.\n\n"
            "Most children had travelled to Africa.\n",
        }
    )
    history = []
    spans = []
    for question in (
        "How many adult patients did the Zomba clinic register in 1995?",
        "how many of them died?",
        "and how many were women?",
    ):
        answer = engine.ask(question, history=history, min_confidence=0.0)
        history.append({"question": question, "answer": answer.answer})
        spans.append(answer.answer_span)
        assert [c.doc_id for c in answer.citations[:1]] == ["zomba"] and len(answer.parts) == 1, question
    assert spans == ["800 adult patients with tuberculosis", "250 patients had died", "300 of them women"]


@pytest.mark.parametrize(
    ("followup", "focus"),
    [
        ("and during the pandemic?", "during the pandemic"),
        ("what about exports?", "exports"),
        ("and in Flanders?", ""),
        ("what about 2020?", ""),
    ],
)
def test_what_a_follow_up_brings_is_its_focus(followup, focus):
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    turn = read_turn(
        followup, [{"question": "Which diseases are the vaccines for?", "answer": "..."}], Analyzer()
    )
    assert turn.focus == focus


def test_a_follow_up_is_answered_for_what_it_brings(make_engine):
    """ "and during the pandemic?" after "which diseases are the vaccines for?": the sentence
    about the pandemic, not the one about diseases again."""
    engine = make_engine(
        {
            "plant.txt": "The plant makes vaccines against several diseases, such as influenza and measles. "
            "During the pandemic the plant made vaccines against COVID-19.\n\n"
            "The plant employs 900 people.\n",
            "other.txt": "Diseases spread fast in winter.\n",
        }
    )
    history = [{"question": "Which diseases are the vaccines for?", "answer": "..."}]
    answer = engine.ask("and during the pandemic?", history=history, min_confidence=0.0)
    assert answer.resolved_question == "Which diseases are the vaccines for during the pandemic?"
    assert answer.answer == "During the pandemic the plant made vaccines against COVID-19."


def test_a_follow_up_condition_must_be_met_or_is_a_near_miss(make_engine):
    """ "and during the pandemic?" is the question before under a condition: the sentence
    meeting it answers; "and during the winter?", which only an unrelated sentence names, is a
    near miss."""
    engine = make_engine(
        {
            "plant.md": "---\ntitle: The Ghent plant\n---\nThe plant makes vaccines against several diseases, "
            "including influenza and measles. During the pandemic the plant made vaccines against COVID-19.\n\n"
            "The plant employs 900 people.\n",
            "other.txt": "Winter brings colds to the city.\n",
        }
    )
    history = [{"question": "Which diseases are the vaccines for?", "answer": "..."}]
    pandemic = engine.ask("and during the pandemic?", history=history, min_confidence=0.0)
    assert pandemic.answer == "During the pandemic the plant made vaccines against COVID-19."
    winter = engine.ask("and during the winter?", history=history, min_confidence=0.0)
    assert winter.abstained and winter.near_miss == ("winter",)
    assert winter.answer.startswith("The documents don't give this for winter. The nearest they come: ")


def test_the_turn_before_never_outweighs_the_words_asked(seed_engine):
    """A long answer before ("how many jobs does it create?" after one about the economy) is
    context: its words together weigh at most as much as the question's own."""
    before = (
        "How important is pharma to Wallonia's economy? Furthermore, the contribution of pharma to "
        "Wallonia's economy is 10x higher than its closest neighbors."
    )
    query = seed_engine._retriever.queries.build("how many jobs does it create?", before)
    weights = seed_engine._composer.weights(query)
    recalled = sum(w for t, w in weights.items() if t in query.recalled)
    asked = sum(w for t, w in weights.items() if t not in query.recalled)
    assert len(query.recalled) > 5 and 0 < recalled <= asked + 1e-9
    # a follow-up saying four things of its own leans on the turn before half as much
    query = seed_engine._retriever.queries.build("and how many vaccine jobs does belgium create?", before)
    weights = seed_engine._composer.weights(query)
    recalled = sum(w for t, w in weights.items() if t in query.recalled)
    asked = sum(w for t, w in weights.items() if t not in query.recalled)
    assert 0 < recalled <= 0.5 * asked + 1e-9


def test_tell_me_more_why_and_source_answer_from_the_previous_answer(make_engine):
    engine = make_engine(
        {
            "plants.md": "---\ntitle: Vaccine plants\npublisher: The agency\n---\n"
            "The region counts 50,000 jobs in biomanufacturing. Growth came thanks to strong public "
            "funding. New plants open every year.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
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


def test_a_source_asked_as_who_says_it_cites_the_byline_first(make_engine):
    """ "says who?": the publisher is asked, and the byline saying it is cited first, the
    sentence it comes from second; "source?" cites the sentence alone."""
    engine = make_engine(
        {
            "plants.md": "---\ntitle: Vaccine plants\npublisher: The Agency\n---\nVaccine plants\n\n"
            "May 2, 2024\n\nPosted by The Agency\n\nThe region counts 50,000 jobs in biomanufacturing.\n",
            "other.txt": "Ghent runs clinical trials.\n",
        }
    )
    history = _converse(engine, "How many jobs in biomanufacturing?")
    who = engine.ask("says who? who published that", history=history)
    assert who.answer.startswith('It comes from "Vaccine plants" (The Agency) [1], which says: ')
    assert "Posted by The Agency" in who.citations[0].text and "50,000" in who.citations[1].text
    source = engine.ask("source?", history=history)
    assert [c.text for c in source.citations] == [who.citations[1].text]


def test_more_at_a_documents_end_goes_on_where_it_says_the_same_before(make_engine):
    engine = make_engine(
        {
            "valley.md": "---\ntitle: The valley\n---\nAcmeland, also known as the biotech valley of Europe, "
            "hosts 350 companies. Its harbour ships vaccines to Asia.\n\n"
            "Want to grow in Acmeland, the biotech valley of Europe? Write to us.\n",
        }
    )
    history = _converse(engine, "Would you like to grow in the biotech valley of Europe?")
    assert history[-1]["answer"].startswith("Want to grow")
    more = engine.ask("tell me more", history=history)
    assert more.answer == "Its harbour ships vaccines to Asia."


def test_why_after_an_unanswered_yes_no_question_asks_why_it_holds(make_corpus, tmp_path):
    """ "is it a big deal for vaccines?" refused, then "why?": "why is it a big deal for vaccines?"."""
    from askbio.engine import Engine
    from askbio.settings import Config

    folder = make_corpus(
        {
            "vaccines.txt": "Acmeland has a central place in the vaccine sector thanks to its many research labs.\n"
        }
    )
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index", min_confidence=0.99))
    first = engine.ask("is acmeland a big deal for vaccines")
    assert first.abstained
    history = [{"question": first.question, "answer": first.answer}]
    why = engine.ask("why?", history=history, min_confidence=0.0)
    assert not why.abstained and "thanks to its many research labs" in why.answer
    # what the question before led with is no part of what it asked ("Next up: vaccines.")
    from askbio.conversation import asked_why

    assert (
        asked_why("Next segment is on vaccines. Is Acmeland big in vaccines?")
        == "why is Acmeland big in vaccines?"
    )
    assert asked_why("Is the U.S. big?") == "why is the U.S. big?"


def test_what_effect_did_that_have_asks_what_came_of_the_previous_answer(make_engine):
    engine = make_engine(
        {
            "plant.md": "---\ntitle: The plant\n---\nThe vaccine plant opened in 2019, which has boosted "
            "local hiring. Its harbour ships vaccines to Asia.\n\nGrants cover up to 70% of research costs.\n"
        }
    )
    history = _converse(engine, "When did the vaccine plant open?")
    assert "2019" in history[-1]["answer"]
    for asked in ["what effect did that have?", "what was the impact?"]:
        effect = engine.ask(asked, history=history)
        assert not effect.abstained and "which has boosted local hiring" in effect.answer, asked
    history = _converse(engine, "What share of research costs can grants cover?")
    assert engine.ask("what effect did that have?", history=history).answer == (
        "The documents don't say what came of it."
    )


def test_results_asks_what_the_study_just_named_showed(make_engine):
    engine = make_engine(
        {
            "trial.md": "---\ntitle: The trial\n---\nAcme Bio announced interim results of its phase II trial "
            "of a lung vaccine.\n\nThe data showed a response in most patients, with mild side effects.\n"
        }
    )
    history = _converse(engine, "What did Acme Bio announce?")
    assert "announced interim results" in history[-1]["answer"]
    for asked in ["results?", "and the outcome?", "what were the results?"]:
        results = engine.ask(asked, history=history)
        assert results.answer == "The data showed a response in most patients, with mild side effects.", asked


def test_why_finds_the_reason_opening_the_next_passage_but_not_a_mere_offer_of_help(make_engine):
    engine = make_engine(
        {
            "rank.md": "---\ntitle: Rankings\n---\nThe region ranks first in Europe for clinical trials.\n\n"
            "With skilled staff and fast approvals, the region draws many sponsors.\n",
            "grants.md": "---\ntitle: Grants\n---\nGrants cover up to 70% of research costs.\n\n"
            "Would you like help with your application? Write to us.\n",
        }
    )
    history = _converse(engine, "Where does the region rank for clinical trials?")
    assert "first" in history[-1]["answer"]
    why = engine.ask("why?", history=history)
    assert why.answer == "With skilled staff and fast approvals, the region draws many sponsors."
    history = _converse(engine, "What share of research costs can grants cover?")
    assert "70%" in history[-1]["answer"]
    assert engine.ask("why?", history=history).abstained


def test_source_and_more_follow_the_answer_as_it_was_worked_out(make_engine):
    """ "source?" after "was it safe?", a turn read with the one before: the answer it asks
    about is the one given, not what "was it safe?" would get asked alone."""
    engine = make_engine(
        {
            "acme.md": "---\ntitle: Acme Pharma\n---\nAcme Pharma makes a flu vaccine in Ghent.\n\n"
            "The vaccine was safe in its trial, with mild side effects.\n",
            "other.txt": "The port is safe.\n",
        }
    )
    history = _converse(engine, *("What does Acme Pharma make?", "was it safe?"))
    assert "mild side effects" in history[-1]["answer"]
    assert engine.ask("was it safe?").answer == "The port is safe."  # asked alone
    source = engine.ask("source?", history=history)
    assert source.answer.startswith("It comes from") and "mild side effects" in source.answer


def test_a_follow_up_naming_only_a_place_needs_what_the_conversation_is_about(make_engine):
    """ "and are there any in Brussels?" after a cancer vaccine maker: a sentence naming Brussels
    among the regions where start-ups grow is not about cancer vaccines."""
    engine = make_engine(
        {
            "vaccines.txt": "Vaccines\n\nPDC Line Pharma develops a lung cancer vaccine in Liège.\n",
            "regions.txt": "Regions\n\nMany start-ups and companies grow in Wallonia, Flanders and Brussels.\n",
        }
    )
    first = engine.ask("Which company develops a cancer vaccine?")
    assert "PDC Line Pharma" in first.answer
    history = [{"question": "Which company develops a cancer vaccine?", "answer": first.answer}]
    answer = engine.ask("and are there any in Brussels?", history=history)
    assert answer.abstained, answer.answer
    # a place that the conversation's subject does hold is answered
    liege = engine.ask("and are there any in Liège?", history=history)
    assert not liege.abstained and "PDC" in liege.answer


def test_a_new_topic_after_a_figure_is_read_with_the_sentence_that_gave_it():
    """ "and R&D spending?" after the exports figure: the answer's sentence, which gives its
    figures side by side, is what the conversation leads to; after a list ("what vaccines?"),
    the answer's words are no lead."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    names = {"belgium"}.__contains__
    figures = (
        "With EUR 98 billion in exports and EUR 5.3 billion in research and development, the sector grows."
    )
    history = [{"question": "How much does the sector export, in euros?", "answer": figures}]
    turn = read_turn("and R&D spending?", history, Analyzer(), names)
    assert "5.3 billion in research" in turn.context
    listed = "Vaccines against influenza and COVID-19 are made here."
    history = [{"question": "What vaccines does Belgium produce?", "answer": listed}]
    assert "influenza" not in read_turn("what about cancer?", history, Analyzer(), names).context
    # "and what is the exports figure?" after a figure: a figure named, of the sentence just given
    history = [{"question": "How much is spent on R&D?", "answer": figures}]
    assert (
        "98 billion in exports"
        in read_turn("And what is the exports figure?", history, Analyzer(), names).context
    )
    assert "98 billion" not in read_turn("And how much goes to the US?", history, Analyzer(), names).context


def test_a_follow_up_putting_a_condition_asks_the_question_before_again(seed_engine):
    """ "and if I can't travel there?" after "where can I meet them?": the question before, on
    that condition; its answer offers the other way ("or virtually by sending us a request at
    ..."). The condition's words are no topic the documents must mention."""
    before = "Where can I meet the Wallonia investment people face to face?"
    history = [{"question": before, "answer": seed_engine.ask(before).answer}]
    answer = seed_engine.ask("and if I can't travel there?", history=history)
    assert not answer.abstained and "newyork@awex-wallonia.com" in answer.answer
    assert answer.resolved_question == before


def test_a_condition_then_a_question_of_its_own_asks_that_question():
    """ "If I can't travel there, how can I contact them?": not the question before again but
    its own question, read with the turn before ("them")."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [
        {"question": "Where can I meet the Wallonia investment people?"},
        {"question": "And on which date is this event held?"},
    ]
    turn = read_turn("If I am not able to travel there, how can I contact them?", history, Analyzer())
    assert turn.question == "If I am not able to travel there, how can I contact them?"


def test_a_question_pointing_at_what_the_turn_before_named_is_read_with_it():
    """ "What role do these companies play for smaller local firms?" after the companies were
    named: read with the turn before, however many words of its own; a yes-no question about
    "that rate" asks something new of it, and is read alone."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [
        {
            "question": "Which major pharmaceutical companies have invested in Wallonia?",
            "answer": "Major companies like GSK and UCB invested, a driving force for SMEs.",
        }
    ]
    turn = read_turn("What role do these companies play for smaller local firms?", history, Analyzer())
    assert "GSK" in turn.context
    rate = [{"question": "What is the effective tax rate?", "answer": "An effective tax rate below 10%."}]
    assert (
        read_turn("Is that rate guaranteed by ruling for a fixed number of years?", rate, Analyzer()).context
        == ""
    )


def test_places_typed_in_lower_case_are_substituted_as_places():
    """ "and in flanders?" after "how many jobs in wallonia" replaces the place, however typed,
    when it is a name (of the collection, or the gazetteer's); "what about brussels?" too."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    names = {"wallonia", "flanders", "brussels"}.__contains__
    history = [{"question": "how many jobs in wallonia", "answer": "..."}]
    assert read_turn("and in flanders?", history, Analyzer(), names).question == "how many jobs in flanders?"
    assert (
        read_turn("what about brussels?", history, Analyzer(), names).question == "how many jobs in brussels?"
    )
    topic = read_turn("what about exports?", history, Analyzer(), names)
    assert topic.focus == "exports"


def test_a_near_miss_follow_up_never_has_a_negative_confidence(make_engine):
    """A place both asked and brought by the follow-up as its condition was counted twice."""
    engine = make_engine(
        {
            "wallonia.md": "---\ntitle: Life sciences in Wallonia\n---\nThe region has 350 life science companies.\n",
            "belgium.txt": "Belgium\n\nBelgium has three regions: Wallonia, Flanders and Brussels.\n",
        }
    )
    history = [{"question": "How many life science companies are in Wallonia?", "answer": "350."}]
    answer = engine.ask("and in flanders?", history=history)
    assert answer.abstained and answer.near_miss == ("flanders",)
    assert 0.0 <= answer.confidence <= 1.0


def test_a_turn_before_is_read_without_its_sentences_about_the_asker(seed_engine):
    """ "We're moving to Liège for a new job. Which company is based there?": the move and the
    job are why they asked, not what a follow-up refers to."""
    history = _converse(
        seed_engine,
        "We're moving to Liège because of my wife's new job. Which biotech company is based in Liège?",
    )
    turn = read_turn("what are they working on?", history, seed_engine._retriever.queries.analyzer)
    assert turn.previous == "Which biotech company is based in Liège?"
    assert "job" not in turn.context.split()


def test_a_follow_up_whose_own_words_are_nowhere_is_answered_from_the_conversation(seed_engine):
    """ "what are they working on?" after the company was named: "working" is in no sentence
    read, so the sentence holding most of what the conversation is about answers it."""
    history = _converse(seed_engine, "Which biotech company is based in Liège?")
    answer = seed_engine.ask("what are they working on?", history=history)
    assert not answer.abstained and "lung cancer vaccine" in answer.answer


def test_what_about_a_new_topic_asks_the_same_kind_of_answer_of_it(seed_engine):
    """ "What vaccines does Belgium produce?" then "what about cancer?": examples again, now of
    cancer treatments, not the sentence that only names the topic."""
    history = _converse(seed_engine, "What vaccines does Belgium produce?")
    turn = read_turn("what about cancer?", history, seed_engine._retriever.queries.analyzer)
    assert turn.asks == "kinds"
    answer = seed_engine.ask("what about cancer?", history=history)
    assert "targeted therapies" in answer.answer


def test_a_condition_no_document_mentions_is_not_carried_to_the_next_turn():
    """ "what about in 2010?" refused as no document mentions 2010: "and exports?" then asks
    about exports, not about exports in 2010; a place the documents do name is carried on."""
    from askbio.text import Analyzer

    history = [
        {"question": "How many jobs are there in Wallonia?", "answer": "Over 50,000 jobs."},
        {"question": "what about in 2010?", "answer": "The documents don't mention 2010. The nearest ..."},
    ]
    turn = read_turn("and exports?", history, Analyzer())
    assert "2010" not in turn.question and "Wallonia" in turn.question
    history[1] = {"question": "and in Flanders?", "answer": "The documents don't give this for Flanders. ..."}
    assert "Flanders" in read_turn("and exports?", history, Analyzer()).question


def test_a_follow_up_referring_to_the_question_before_keeps_its_place(seed_engine):
    """ "how many jobs are there in it?" after a question about Wallonia's biotech: still about
    Wallonia, so Wallonia's figure answers, and about Flanders a near miss naming it. A year is
    not carried: what the turn before counted in 1995 may have happened after."""
    history = _converse(seed_engine, "why is the biotech business in wallonia growing so fast")
    queries = seed_engine._retriever.queries
    turn = read_turn("how many jobs are there in it", history, queries.analyzer, queries.is_name)
    assert turn.carried == "in wallonia"
    assert "50,000" in seed_engine.ask("how many jobs are there in it", history=history).answer
    history = _converse(seed_engine, "why is the biotech business in flanders growing so fast")
    near = seed_engine.ask("how many jobs are there in it", history=history)
    assert near.abstained and near.answer.startswith("The documents don't give this for flanders.")
    before = [{"question": "How many patients were registered in Zomba in 1995?", "answer": "..."}]
    assert (
        "1995"
        not in read_turn("how many of them died?", before, seed_engine._retriever.queries.analyzer).carried
    )


def test_the_r_of_r_and_d_is_no_place_to_carry():
    """ "and grants for R&D?" then "what about the public investment funds?": "for R" is not a
    place of the question before, to be kept in the new one."""
    from askbio.text import Analyzer

    history = [
        {"question": "What tax break does Wallonia give on innovation-related income?", "answer": "..."},
        {"question": "and grants for R&D?", "answer": "..."},
    ]
    assert "for R" not in read_turn("what about the public investment funds?", history, Analyzer()).question


def test_chat_shorthand_is_read_in_full_in_the_question_and_the_turns_before(seed_engine):
    asked = "how many ppl does biopharma employ in belgium"
    answer = seed_engine.ask(asked)
    assert not answer.abstained and "39,000" in answer.answer
    assert answer.question == asked and answer.resolved_question is None  # shown as typed
    follow = seed_engine.ask("and wallonia?", [{"question": asked, "answer": answer.answer}])
    assert "ppl" not in (follow.resolved_question or "")


def test_a_follow_up_asking_for_another_figure_of_the_same_sentence_gets_it(seed_engine):
    """The answer before holds both figures; the one nearest the follow-up's words is asked."""
    first = seed_engine.ask("How much does Belgium export in biopharma products?")
    assert "98 billion" in first.answer
    answer = seed_engine.ask(
        "and how much goes into R&D?", [{"question": first.question, "answer": first.answer}]
    )
    assert not answer.abstained and answer.answer_span and "5.3 billion" in answer.answer_span


def test_a_comparison_with_what_the_passage_does_not_give_is_a_near_miss(seed_engine):
    first = seed_engine.ask("How much of the biopharma exports go to the US?")
    history = [{"question": first.question, "answer": first.answer}]
    answer = seed_engine.ask("Is that more than what goes to Germany?", history)
    assert answer.abstained and answer.near_miss == ("Germany",)
    # compared with what a document gives: answered, with both figures
    both = seed_engine.ask("Are there more biotech jobs in Wallonia than in the whole of Belgium?")
    assert not both.abstained


def test_which_countries_is_answered_by_the_places_a_sentence_lists(seed_engine):
    first = seed_engine.ask("Is the Walloon life sciences ecosystem dense?")
    answer = seed_engine.ask(
        "compared to which countries?", [{"question": first.question, "answer": first.answer}]
    )
    assert not answer.abstained and answer.answer_span == "Germany and France"


def test_which_seaports_is_answered_by_the_ports_a_sentence_lists(seed_engine):
    first = seed_engine.ask("Where does Wallonia sit relative to the big European cities?")
    assert "Frankfurt" in first.answer
    history = [{"question": first.question, "answer": first.answer}]
    answer = seed_engine.ask("And which seaports could we reach from there?", history)
    assert not answer.abstained and answer.answer_span == "Antwerp and Rotterdam"


def test_a_greeting_with_who_is_asking_is_small_talk_and_no_question_for_what_follows(seed_engine):
    for said in (
        "hello, i volunteer for a lung cancer patient group",
        "Hi, we run a small lab in Namur.",
        "hi, my daughter is studying biology at uni",
        "hi, public health grad from accra here",
        "hoi, belgian engineer based in singapore here, thinking about moving back",
        "hi, greetings from ghana",
        "Bonjour, I hope I am not disturbing you, my son set up this computer for me",
    ):
        assert seed_engine.ask(said).kind == "smalltalk", said  # what the asker does
    assert seed_engine.ask("hi, i heard belgium makes a lot of vaccines").kind != "smalltalk"
    assert seed_engine.ask("hi, is there anything here").kind != "smalltalk"
    hello = seed_engine.ask("Hi! I'm a second-year student doing a thesis on Belgian biotech.")
    assert hello.kind == "smalltalk" and hello.answer.startswith("Hello")
    asking = seed_engine.ask("Hello, I'm looking for the number of biotech jobs in Wallonia.")
    assert asking.kind == "answer" and "50,000" in asking.answer  # a request, not an introduction
    history = [{"question": hello.question, "answer": hello.answer}]
    first = seed_engine.ask("how many biotech companies are in Belgium?", history)
    assert first.resolved_question is None and "600" in first.answer


def test_a_greeting_with_sentences_on_who_is_asking_is_small_talk(seed_engine):
    helped = seed_engine.ask(
        "Hi - I work for an investment promotion agency abroad. What can you help me with?"
    )
    assert helped.kind == "smalltalk" and helped.answer.startswith("I answer")
    for said in (
        "hi there, visiting liege from ohio!",
        "Oi! I'm Ana, a PhD in immunology. I live in Porto.",
        "Hello, I am Marie. I work in biotech in Wallonia.",
        "Goodday, I am a recruiter from Utrecht",
        "Hello from Tokyo!",
        "greetings from Ghana",
        "Hello dearie, I hope you're having a lovely day. My nephew has just moved to Namur for his job.",
        # a title is no sentence's end; a letter's salutation greets; what the asker does
        "Good afternoon. My name is Dr. Jan Peeters, I am an analyst at a Dutch fund. We are screening the region.",
        "Dear Sir or Madam, I am writing on behalf of the Chamber of Commerce of Kobe.",
        "Hey there, I'm Lukas from Graz. Working as a recruiter for pharma companies.",
        "Good evening! Just browsing after work.",
        "Hi, Priya here. I moved to Belgium last year and I'm trying to understand the industry here.",
    ):
        hello = seed_engine.ask(said)
        assert hello.kind == "smalltalk" and hello.answer.startswith("Hello"), said
    # a sentence that asks is a question, whatever is said around it
    asked = seed_engine.ask("Hi - I work for an agency abroad. How many biotech jobs are there in Wallonia?")
    assert asked.kind == "answer"
    where = seed_engine.ask("Hello from Tokyo! How many biotech jobs are there in Wallonia?")
    assert where.kind == "answer" and "50,000" in where.answer
    wanted = seed_engine.ask(
        "Bonjour, I am a student in Lyon, and before I apply I would really like to understand what the "
        "Walloon region is known for."
    )
    assert wanted.kind != "smalltalk"  # what is wanted is asked, however it goes on


def test_a_greeting_telling_what_is_wanted_that_the_documents_lack_is_greeted_back(seed_engine):
    for said in (
        "hi! writing a brochure and need a few punchy numbers",
        "Good day. I am a consultant for logistics based in Frankfurt and would like to ask some questions.",
    ):
        answer = seed_engine.ask(said)
        assert answer.kind == "smalltalk" and answer.answer.startswith("Hello"), said
    # what the documents give is given, a claim to check or a question is not greeted
    assert seed_engine.ask("Hello, I'm looking for the number of biotech jobs in Wallonia.").kind == "answer"
    for said in (
        "hi, i heard belgium makes a lot of vaccines",
        "hi, is there anything here",
        "hey so do the big pharma companys actually help the little startups there or nah",  # asked after "so"
    ):
        assert seed_engine.ask(said).kind != "smalltalk", said


def test_they_stand_for_the_name_the_conversation_asked_about_over_several_turns(seed_engine):
    """ "Where is PDC Line Pharma based?", then questions with "they": about that company, so a
    figure the documents give for the region in general is no answer."""
    history: list[dict[str, str]] = []
    for asked in (
        "Where is PDC Line Pharma based?",
        "what did they announce recently?",
        "and where did they present it?",
    ):
        answer = seed_engine.ask(asked, history)
        assert not answer.abstained, asked
        history.append({"question": asked, "answer": answer.answer})
    funding = seed_engine.ask("how much funding did they get from the Walloon Region?", history)
    assert funding.abstained and funding.near_miss == ("PDC Line Pharma",)


def test_a_question_of_one_word_is_read_with_the_question_before(seed_engine):
    """ "who's first then?" after a ranking: about that ranking, which names no first."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "Where does Belgium rank in Europe for clinical trials?", "answer": "Second."}]
    turn = read_turn("who's first then?", history, Analyzer())
    assert turn.context.startswith(history[0]["question"]) and turn.given == ""
    history = _converse(seed_engine, "Where does Belgium rank globally for pharma exports?")
    assert seed_engine.ask("who's first then?", history).abstained


def test_a_follow_up_is_told_by_what_it_asks_not_by_what_the_asker_tells():
    """ "Was Baxter among them? We used to get their infusion bags.": a question referring back,
    whatever the sentence about the asker adds."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "Which companies invested?", "answer": "Acme, Baxter and UCB invested."}]
    turn = read_turn("Was Baxter among them? We used to get their infusion bags.", history, Analyzer())
    assert turn.context.startswith("Which companies invested?")


def test_a_short_question_with_its_question_word_inside_is_asked_of_what_was_said():
    """ "it is more dense than which countries?": a question of its own, read with the turn
    before as context, not a bare topic put into the question before."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    before = "is Wallonia good for a biologistics hub? between which cities is it?"
    history = [{"question": before, "answer": "Between Amsterdam, Paris and Frankfurt."}]
    turn = read_turn("it is more dense than which countries?", history, Analyzer())
    assert turn.question == "it is more dense than which countries?" and turn.context.startswith(before)


def test_a_place_then_a_whole_question_is_read_as_that_question_there():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "How many firms are there in Belgium?", "answer": "More than 600 companies."}]
    turn = read_turn(
        "What about in Wallonia specifically, how many life science companies are there?", history, Analyzer()
    )
    assert turn.question == "how many life science companies are there in Wallonia specifically?"


def test_a_topic_then_a_whole_question_asks_that_question_of_the_topic():
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "How many direct jobs are there?", "answer": "More than 39,000 direct jobs."}]
    turn = read_turn("and exports, how much is that worth?", history, Analyzer())
    assert turn.question == "how much is exports worth?" and turn.context == history[0]["question"]


def test_a_follow_up_refers_to_the_first_of_an_answers_two_figures(seed_engine):
    """ "how many biotech companies does belgium have?" gives Belgium's figure [1] and Wallonia's
    [2]: "that cluster" is the one asked about, Belgium's."""
    first = seed_engine.ask("how many biotech companies does belgium have")
    assert "[2]" in first.answer
    answer = seed_engine.ask(
        "what's that cluster called?", [{"question": first.question, "answer": first.answer}]
    )
    assert not answer.abstained and "Health & Biotech Valley" in (answer.answer_span or "")


def test_a_follow_up_asking_what_the_thing_just_said_covers_is_answered_by_its_sentence(make_engine):
    """ "what does that exemption apply to?": the sentence just given says it; its verb is no new
    thing the follow-up brought, nor is "instead" in "can we meet them virtually instead?"."""
    engine = make_engine(
        {
            "tax.txt": "The region offers an exemption of 85% of innovation-related net income.\n\n"
            "Meet the team at the fair or virtually by writing to team@example.org.\n",
            "fair.txt": "The fair draws many visitors every spring.\n",
        }
    )
    history = _converse(engine, "What tax advantages does the region offer?")
    applies = engine.ask("What does that exemption apply to?", history=history, min_confidence=0.0)
    assert not applies.abstained and "innovation-related net income" in applies.answer
    history = _converse(engine, "Where can we meet the team?")
    instead = engine.ask("Can we meet them virtually instead?", history=history, min_confidence=0.0)
    assert not instead.abstained and "virtually" in instead.answer


def test_more_about_a_topic_is_another_sentence_on_it_than_the_one_given(make_engine):
    """ "tell me more about the COVID-19 side of things": the topic, with what was asked before,
    from a sentence other than the answer just given, if one says as much of it; "tell me more
    about it" goes on from the answer."""
    engine = make_engine(
        {
            "vaccines.txt": "Vaccines are made here against influenza, COVID-19 and other infections.\n\n"
            "The country stood out in producing vaccines during the COVID-19 pandemic.\n\n"
            "Grants cover up to 70% of research costs.\n",
        }
    )
    history = _converse(engine, "which diseases are the vaccines made against?")
    assert "influenza" in history[0]["answer"]
    more = engine.ask("Tell me more about the COVID-19 side of things.", history=history, min_confidence=0.0)
    assert "pandemic" in more.answer and more.resolved_question == "more about the COVID-19 side of things?"
    from askbio.text import Analyzer

    assert read_turn("tell me more about it", history, Analyzer()).kind == "more"


def test_why_of_something_the_answer_did_not_say_is_the_reason_given_for_it(make_engine):
    """ "why is it growing so fast?" after the region's nickname: not the reason for what the
    answer said (its port), but the one given for the growth, in the next passage."""
    engine = make_engine(
        {
            "region.txt": "The region is known as the green valley of Europe. It ships well thanks to its "
            "location near the port.\n\nJobs in the region reached 5,000. This growth came thanks to "
            "the many universities.\n\nThe weather is mild.\n",
        }
    )
    history = _converse(engine, "what is the region known as?")
    assert "green valley" in history[0]["answer"]
    why = engine.ask("why is it growing so fast?", history=history, min_confidence=0.0)
    assert "universities" in why.answer
    port = engine.ask("why?", history=history, min_confidence=0.0)
    assert "location near the port" in port.answer  # why of what it said: the reason beside it


def test_a_follow_up_narrowing_the_figure_just_given_is_a_near_miss(make_engine):
    """ "how many of those are nursing jobs?" after "how many jobs ...?": the same figure again
    says nothing about nursing; "and how many were women?" is still answered when a sentence says."""
    engine = make_engine(
        {
            "plants.txt": "The Meuse valley plants give 4,000 direct jobs in biomanufacturing.\n\n"
            "Most of the plants make vaccines for export.\n",
            "clinic.txt": "In 1995 the Zomba clinic registered 800 adult patients, 300 of them women.\n",
        }
    )
    question = "How many jobs are there in the Meuse valley plants?"
    first = engine.ask(question, min_confidence=0.0)
    assert first.answer_span is not None and "4,000" in first.answer_span
    history = [{"question": question, "answer": first.answer}]
    nursing = engine.ask("how many of those are nursing jobs?", history=history, min_confidence=0.0)
    assert nursing.abstained and nursing.near_miss == ("nursing",)
    assert nursing.answer.startswith("The documents say nothing more on nursing.")
    salary = engine.ask("whats the average salary for those jobs", history=history, min_confidence=0.0)
    assert salary.abstained and salary.answer.startswith("The documents say nothing more on")
    question = "How many adult patients did the Zomba clinic register?"
    first = engine.ask(question, min_confidence=0.0)
    women = engine.ask(
        "how many of them were women?",
        history=[{"question": question, "answer": first.answer}],
        min_confidence=0.0,
    )
    assert not women.abstained and women.answer_span is not None and "300" in women.answer_span


def test_how_that_compares_with_another_figure_of_the_sentence_is_answered_by_it(make_engine):
    """ "how does that compare with exports?" after a figure: the sentence giving both answers;
    "compare" is how it is asked, not a word the sentence must say."""
    engine = make_engine(
        {
            "plants.txt": "The Meuse valley plants give 4,000 direct jobs and EUR 2 billion in exports.\n\n"
            "Most of the plants make vaccines for hospitals.\n",
        }
    )
    history = _converse(engine, "How many jobs are there in the Meuse valley plants?")
    compared = engine.ask("how does that compare with exports?", history=history, min_confidence=0.0)
    assert not compared.abstained and "EUR 2 billion" in compared.answer


def test_after_which_company_they_is_the_company_wherever_the_passage_places_it(make_engine):
    """ "what drug did they combine it with?" after "which company in Namur ...?": about the
    company named, not about Namur, which the sentence with the drug need not name again."""
    engine = make_engine(
        {
            "firms.txt": "Acme Bio, a biotech company in Namur, develops a malaria vaccine. Its latest trial "
            "combined the vaccine with chloroquine.\n\n"
            "Ghent and Antwerp host most of the country's chemical plants.\n\n"
            "Namur has a university hospital and a science park.\n\n"
            "Biomanufacturing employs 5,000 people in the Namur region.\n",
        }
    )
    history = _converse(engine, "which company in Namur has a malaria vaccine?")
    assert "Acme Bio" in history[-1]["answer"]
    queries = engine._retriever.queries
    assert (
        read_turn("what drug did they combine it with?", history, queries.analyzer, queries.is_name).carried
        == ""
    )
    answer = engine.ask("what drug did they combine it with?", history=history)
    assert not answer.abstained and "chloroquine" in answer.answer
    # "how many people work there?": at the company, which the region's jobs figure is not about
    staff = engine.ask("how many people work there?", history=history, min_confidence=0.0)
    assert staff.abstained and staff.answer.startswith("The documents don't give this for Acme Bio.")


def test_a_follow_up_lacking_a_rare_word_is_refused_as_it_would_be_alone(seed_engine):
    """ "how many medtech firms are there?": the words recalled from the turn before, which
    the documents always have, do not make up for the one they lack."""
    alone = seed_engine.ask("how many medtech firms are there")
    assert alone.abstained
    history = _converse(
        seed_engine,
        "what makes belgium attractive for innovation",
        "and how does wallonia compare to germany?",
    )
    after = seed_engine.ask("how many medtech firms are there", history=history)
    assert after.abstained and "medtech" in after.unmatched_specific


def test_a_follow_up_saying_much_of_its_own_leans_less_on_the_turn_before(make_engine):
    """ "and what's the total R&D spend in the sector?" after a question on investors asks about
    R&D spending: the words of the answer before must not outweigh its own."""
    engine = make_engine(
        {
            "valley.txt": "Over the years, major US firms like Acme Labs, Borex and Cantor Bio have invested "
            "in the valley, acting as a driving force for start-ups and creating sustainable relationships.\n\n"
            "With 12,000 jobs and EUR 2.1 billion in investments in R&D, the "
            "biotech sector is growing fast in Liguria.\n\n"
            "The valley's ports ship medicines across the Mediterranean.\n"
        }
    )
    first = engine.ask("which us firms have invested in the valley")
    history = [{"question": first.question, "answer": first.answer}]
    answer = engine.ask("and what's liguria's total r&d spend in the sector", history)
    assert not answer.abstained and answer.answer_span == "EUR 2.1 billion"


def test_a_follow_up_offering_two_words_to_choose_from_is_answered_by_either(make_engine):
    """ "is that of gross or net income?": a sentence saying "net income" answers it."""
    engine = make_engine(
        {
            "tax.txt": "The region offers tax advantages such as the exemption of 85% of innovation-related "
            "net income.\n\nIts ports ship medicines across the sea.\n"
        }
    )
    first = engine.ask("what percentage of innovation-related income is exempt in the region")
    history = [{"question": first.question, "answer": first.answer}]
    answer = engine.ask("is that of gross or net income?", history)
    assert not answer.abstained and "net income" in answer.answer


def test_a_follow_up_putting_another_place_in_is_not_given_the_figure_just_given(make_engine):
    """ "and for Italy as a whole?" after the companies of a region "in Italy": that region's
    figure is not Italy's."""
    engine = make_engine(
        {
            "region.txt": "The Liguria region in Italy is home to more than 350 life science companies.\n\n"
            "Its ports ship medicines across the Mediterranean.\n"
        }
    )
    first = engine.ask("how many life science companies are there in liguria")
    assert first.answer_span == "more than 350 life science companies"
    history = [{"question": first.question, "answer": first.answer}]
    assert engine.ask("and for italy as a whole?", history).answer_span != first.answer_span


def test_a_turn_read_alone_and_unanswered_is_read_with_the_turn_before(make_engine):
    """ "at which conference?" after "what did Acme Pharma announce?": nothing alone, but with
    the question before, the sentence that says where it was announced."""
    engine = make_engine(
        {
            "acme.txt": "Acme Pharma, a biotech company in Tampere, announced promising results for its lung "
            "vaccine at the Nordic Oncology Congress 2024.\n\nThe region counts 200 life science companies.\n"
        }
    )
    history = [{"question": "what did Acme Pharma announce?", "answer": "..."}]
    answer = engine.ask("at which conference?", history)
    assert not answer.abstained and "Nordic Oncology Congress" in answer.answer
    assert answer.resolved_question == "at which conference? (after: what did Acme Pharma announce?)"
    assert engine.ask("at which conference?").abstained  # alone, it asks of nothing


def test_a_turn_read_alone_can_be_read_again_with_the_question_before():
    """The fallback for a turn that went unanswered read alone: the question before (as it was
    read, after its own turn before) becomes its context; a turn the conversation changed has
    none."""
    from askbio.conversation import with_turn_before
    from askbio.text import Analyzer

    history = [
        {"question": "How many biotech jobs are there in Wallonia?", "answer": "..."},
        {"question": "and in Flanders?", "answer": "..."},
    ]
    asked = "at which medical conference was the data shown?"
    alone = read_turn(asked, history, Analyzer())
    again = with_turn_before(alone, asked)
    assert again is not None
    assert again.question == asked
    assert again.context == again.previous == "How many biotech jobs are there in Flanders?"
    changed = read_turn("and in Brussels?", history, Analyzer())
    assert with_turn_before(changed, "and in Brussels?") is None
    assert with_turn_before(read_turn(asked, [], Analyzer()), asked) is None
    # one word of its own: read with the question before from the start
    assert read_turn("at which conference?", history, Analyzer()).context


def test_keywords_after_keywords_are_asked_with_the_turn_before_as_context():
    """ "jobs?" after "biotech valley size": no question to put the new word into, so the new
    word is what is asked and the keywords before are its context (not one longer keyword query)."""
    from askbio.text import Analyzer

    turn = read_turn("jobs?", [{"question": "biotech valley size", "answer": "..."}], Analyzer())
    assert (turn.question, turn.context) == ("jobs?", "biotech valley size")
    asked = read_turn("jobs?", [{"question": "How big is the biotech valley?", "answer": "..."}], Analyzer())
    assert asked.question != "jobs?"  # put into the question before


def test_a_short_turn_asking_another_kind_of_answer_is_asked_with_the_turn_before_as_context():
    """ "global rank?" after "% of total exports?": a rank, of what the conversation is about,
    not the share asked before with "global rank" added to it."""
    from askbio.text import Analyzer

    turn = read_turn("global rank?", [{"question": "% of total exports?", "answer": "..."}], Analyzer())
    assert (turn.question, turn.context) == ("global rank?", "% of total exports?")


def test_which_ones_names_the_things_the_question_before_spoke_of():
    from askbio.text import Analyzer

    before = "how many of the big cargo ones are close by the airports?"
    turn = read_turn("Which ones are they?", [{"question": before, "answer": "..."}], Analyzer())
    assert turn.question == "Which airports are they?"
    plain = read_turn("Which ones are they?", [{"question": "Is it big?", "answer": "..."}], Analyzer())
    assert plain.question == "Which ones are they?"  # nothing named before: left as asked


def test_a_follow_up_asking_of_the_whole_country_is_not_answered_for_one_of_its_regions(make_engine):
    """ "and in the whole of Italy?" after the companies of a region "in Italy": the sentence
    giving the country's own count, even when the region's names the country too; "the whole
    country" asks the same of the country the conversation is in."""
    engine = make_engine(
        {
            "liguria.txt": "# Liguria\n\nThe Ligurian region in Italy is home to more than 350 life science "
            "companies and many vaccine plants.\n\nIts ports ship medicines across the Mediterranean.\n",
            "italy.txt": "# Biotech in Italy\n\nMore than 900 life science companies are creating an "
            "industrial dynamic.\n\nExports keep growing.\n",
        }
    )
    first = engine.ask("how many life science companies are there in Liguria?")
    assert "350" in (first.answer_span or "")
    history = [{"question": first.question, "answer": first.answer}]
    for followup in ("and in the whole of Italy?", "and in the whole country?"):
        answer = engine.ask(followup, history)
        assert not answer.abstained and "900" in answer.answer, followup
        assert "350" not in answer.answer, followup


def test_a_question_of_the_whole_country_given_only_for_a_region_is_a_near_miss(make_engine):
    engine = make_engine(
        {
            "liguria.txt": "# Liguria\n\nThe Ligurian region in Italy is home to more than 350 life science "
            "companies.\n\nIts ports ship medicines across the Mediterranean.\n",
        }
    )
    answer = engine.ask("how many life science companies are there in Italy as a whole?")
    assert answer.abstained and answer.answer.startswith("The documents give this for Ligurian only")
    assert not engine.ask("how many life science companies are there in Italy?").abstained


def test_a_yes_no_follow_up_whose_own_words_the_documents_lack_is_a_near_miss(make_engine):
    """ "is the rent cheap there for students?" after a question on a region: nothing it brings
    is in the documents, so the sentence the conversation leads to does not answer it; a
    follow-up asking for a kind of thing the sentence names ("any event?") still is answered."""
    engine = make_engine(
        {
            "region.txt": "# Liguria\n\nLiguria, also known as the riviera of Italy, is home to 350 life "
            "science companies.\n\nLet's meet at the Genoa Biotech Fair or virtually by sending a request.\n"
        }
    )
    said = "Liguria, also known as the riviera of Italy, is home to 350 life science companies."
    history = [{"question": "which region is known as the riviera of Italy?", "answer": said}]
    rent = engine.ask("is the rent cheap there for students?", history)
    assert rent.abstained and rent.answer.startswith("The documents don't mention")
    meeting = [{"question": "how can we meet them?", "answer": "Let's meet at the Genoa Biotech Fair ..."}]
    assert not engine.ask("any event where we could see them?", meeting).abstained


def test_a_part_asked_of_a_count_and_a_why_after_it_went_unanswered(make_engine):
    """ "how many of those are direct jobs?" after "9,000 direct and indirect jobs": not given
    apart, a near miss; then "why has it grown so much?" is asked itself, with the conversation
    as its context, not refused for want of an answer before."""
    engine = make_engine(
        {
            "liguria.txt": "# Liguria\n\nShipbuilding employs over 9,000 direct and indirect jobs in Liguria. "
            "This growth has flourished thanks to the deep-water port of Genoa.\n"
        }
    )
    history: list[dict[str, str]] = []
    for asked in ("how many shipbuilding jobs are there in Liguria?", "how many of those are direct jobs?"):
        answer = engine.ask(asked, history)
        history.append({"question": asked, "answer": answer.answer})
    assert answer.abstained and "direct alone" in answer.answer
    why = engine.ask("why has shipbuilding grown so much?", history)
    assert not why.abstained and "deep-water port" in why.answer


def test_compared_to_what_gives_the_sentence_saying_how_the_answer_before_compares(make_engine):
    engine = make_engine(
        {
            "liguria.txt": "# Liguria\n\nShipbuilding is a key industry in Liguria. Its weight in the region's "
            "economy is 3x higher than in its closest neighbours.\n\nThe port of Genoa handles cargo. "
            "Genoa has a higher density of shipyards compared to Marseille.\n"
        }
    )
    history = [{"question": "how important is shipbuilding to Liguria's economy?", "answer": "..."}]
    from askbio.text import Analyzer

    assert read_turn("compared to what?", history, Analyzer()).kind == "compared"
    answer = engine.ask("compared to what?", history)
    assert not answer.abstained and "closest neighbours" in answer.answer


def test_a_turn_before_partly_in_french_is_read_in_english(seed_engine):
    """ "and in Flanders?" after "combien de jobs in biotech en Wallonie?": the question before,
    read in English, has its place replaced."""
    history = [{"question": "combien de jobs in biotech en Wallonie?", "answer": "over 50,000 jobs"}]
    answer = seed_engine.ask("and in Flanders?", history)
    assert answer.resolved_question == "how many jobs in biotech in Flanders?"


def test_what_came_of_it_is_asked_itself_when_no_sentence_says_it(seed_engine):
    """ "what were the results?" after the company running a trial was named: no sentence says
    "as a result", so the question is asked itself, about the answer before."""
    first = seed_engine.ask("Which company in Liège develops a lung cancer vaccine?")
    history = [{"question": "Which company in Liège develops a lung cancer vaccine?", "answer": first.answer}]
    answer = seed_engine.ask("what were the results?", history)
    assert not answer.abstained and "immunological activity" in answer.answer


def test_a_new_topic_is_not_answered_by_the_sentence_before_for_its_figure(make_engine):
    """ "and exports?" after a figure: a sentence giving a figure but saying nothing of exports
    (the one just quoted, full of the turn before's words) is no answer to it."""
    engine = make_engine(
        {
            "tax.txt": "The region offers R&D tax credits covering 35% of research and development "
            "investment costs, grants up to 70% and an innovation tax rate below 10%.\n",
            "trade.txt": "Pharmaceutical exports reach EUR 9 billion a year.\n",
        }
    )
    history = _converse(engine, "what is the R&D investment figure?")
    exports = engine.ask("and exports?", history=history, min_confidence=0.0)
    assert not exports.abstained and "EUR 9 billion" in exports.answer


def test_a_follow_up_after_a_request_put_as_a_statement_asks_it_again_of_its_topic(seed_engine):
    """ "I need the figure for X." then "and what about Y?": the figure for Y, as after "what is
    the figure for X?"; the sentences about the asker are no part of what is asked again."""
    history = _converse(
        seed_engine,
        "Hello, I'm Pieter, a reporter in Ghent. I need the figure for Belgian biopharma exports.",
    )
    answer = seed_engine.ask("and what about investment in R&D?", history=history)
    assert not answer.abstained and "EUR 5.3 billion" in answer.answer
    assert "Pieter" not in (answer.resolved_question or "")


def test_keywords_naming_a_place_of_their_own_and_their_kind_are_a_question_of_their_own(seed_engine):
    """ "wallonia nickname?" after keywords on Belgium: the nickname of the place it names, not
    read with the turn before's words; "global rank?" after "% of total exports?" still is."""
    nickname = seed_engine.ask(
        "wallonia nickname?", history=_converse(seed_engine, "belgium biotech companies grouped name")
    )
    assert not nickname.abstained and "biotech valley of Europe" in nickname.answer
    assert nickname.resolved_question is None
    rank = seed_engine.ask("global rank?", history=_converse(seed_engine, "% of total exports?"))
    assert "(after:" in (rank.resolved_question or "")


def test_thanks_or_a_goodbye_with_a_remark_are_small_talk(seed_engine):
    """ "Thank you. I will tell my daughter all about it. Goodbye!": what the visitor will do next is
    said, not asked; a sentence asking after thanks is still a question."""
    for said in (
        "Thank you, young robot. I will tell my daughter all about it. Goodbye!",
        "Merci beaucoup! That's very useful, I will tell my CEO. Au revoir",
        "Thank you kindly. Have a pleasant day. Goodbye.",
        "valeu!! thanks bot, ciao",
        "D'accord, thank you anyway. Bonne journée !",
        # a remark inside the thanks' own sentence; a list as a thing, not as asked
        "Thank you so much, this is great for my students. Goodbye",
        "Great, thanks. That's a useful list for my prospecting. Goodbye.",
    ):
        assert seed_engine.ask(said).kind == "smalltalk", said
    for asked in (
        "Thanks! I need the number of jobs in Wallonia.",
        "Thanks. What about exports",
        "Thanks. List the companies in Wallonia. Bye",
    ):
        assert seed_engine.ask(asked).kind != "smalltalk", asked


def test_a_request_after_an_introduction_is_asked_however_it_is_put(seed_engine):
    """ "I'd love to know ...", "I'm after ...", "would appreciate a list of ...", a question
    without its question mark: the introduction before is an aside, its names no qualifiers."""
    for message, said in (
        (
            "Hello, my name is Fatima, I'm a pharmacist in Casablanca and I'm researching the Belgian "
            "biotech sector. I'd love to know how many biotech companies there are in Belgium.",
            "600",
        ),
        (
            "hi im greta, a med student from vilnius, doing a presentation on clinical trials in europe. "
            "what position does belgium hold in europe for clinical trials",
            "second place",
        ),
        (
            "Morning! I'm Kevin, founder of a gene therapy biotech in Boston. I'm after the numbers on "
            "R&D grants in Wallonia.",
            "70%",
        ),
    ):
        answer = seed_engine.ask(message)
        assert answer.kind == "answer" and said in answer.answer, message


TWO_ARTICLES = {
    "country.md": "---\ntitle: Biotech, a key sector of Ostland\npublisher: ostland.example\n---\n"
    "Biotech in Ostland counts 12,000 direct jobs and many jobs in research.\n\n"
    "Ostland exports vaccines to forty countries.\n",
    "region.md": "---\ntitle: 'Valoria: leading the way in life sciences'\npublisher: Valoria Trade Office\n---\n"
    "The Valoria region is home to 90 life science companies.\n\n"
    "Biomanufacturing is the largest activity there, with 5,000 jobs.\n",
}


def test_a_document_named_by_its_title_or_publisher_is_the_one_answering(make_engine):
    engine = make_engine(TWO_ARTICLES)
    assert "12,000" in engine.ask("how many jobs does biotech create?").answer
    for question in (
        "what does the Valoria piece say about jobs?",
        "what does the article from the Valoria Trade Office say about jobs?",
    ):
        answer = engine.ask(question, min_confidence=0.0)
        assert "5,000 jobs" in answer.answer and answer.citations[0].doc_id == "region", question
    answer = engine.ask("what does the ostland.example article say about jobs?", min_confidence=0.0)
    assert answer.citations[0].doc_id == "country"


def test_a_document_named_by_how_wide_a_place_it_is_about(seed_engine):
    """ "the national article" is the one whose title names a country, "the regional piece" the
    one whose title names a region (a gazetteer's kinds of place)."""
    national = seed_engine.ask("what does the national article say about jobs?", min_confidence=0.0)
    assert national.citations[0].doc_id == "belgium-biopharma" and "39,000" in national.answer
    regional = seed_engine.ask("what does the regional piece say about jobs?", min_confidence=0.0)
    assert regional.citations[0].doc_id == "wallonia-life-sciences" and "50,000" in regional.answer


def test_the_other_article_is_the_one_the_answer_before_did_not_come_from(make_engine):
    engine = make_engine(TWO_ARTICLES)
    first = engine.ask("how many jobs does biotech create in Ostland?")
    assert first.citations[0].doc_id == "country"
    history = [{"question": first.question, "answer": first.answer}]
    answer = engine.ask("and what does the other article say about jobs?", history, min_confidence=0.0)
    assert "5,000 jobs" in answer.answer and answer.citations[0].doc_id == "region"
    assert answer.resolved_question.endswith("(in: “Valoria: leading the way in life sciences”)")


def test_who_published_a_document_named_is_its_publisher(make_engine):
    """The country's article speaks of Valoria and Ostland; the question names the other by its
    publisher."""
    engine = make_engine(
        {
            "country.md": "---\ntitle: Biotech, a key sector of Ostland\npublisher: ostland.example\n---\n"
            "Ostland biotech grows in Valoria. Valoria hosts plants of Ostland firms.\n",
            "region.md": "---\ntitle: 'Valoria: leading the way'\npublisher: Valoria Trade Office\n---\n"
            "The Valoria region is home to 90 life science companies, says its trade office.\n",
        }
    )
    answer = engine.ask("who wrote the Valoria Trade Office piece about Ostland?")
    assert "published by Valoria Trade Office" in answer.answer


def test_the_thing_the_answer_before_named_is_read_with_it():
    """ "the vaccine" after an answer naming a company's vaccine, which the question before did
    not: that vaccine. Not "the most", nor a place's kind ("the region")."""
    from askbio.text import Analyzer

    history = [
        {
            "question": "Which company in Ghent announced results?",
            "answer": "Acme Bio, a company in Ghent, announced results of its lung cancer vaccine.",
        }
    ]
    turn = read_turn("What type of cancer is the vaccine for?", history, Analyzer())
    assert "lung cancer vaccine" in turn.context
    for alone in ("which one has the most staff?", "what is the main activity in the region?"):
        assert read_turn(alone, history, Analyzer()).context == "", alone


def test_a_place_across_or_throughout_which_a_follow_up_asks_replaces_the_one_before():
    from askbio.text import Analyzer

    history = [{"question": "how many biotech firms does Wallonia have?", "answer": "350 firms."}]
    turn = read_turn("and across the whole of Belgium?", history, Analyzer())
    assert turn.question == "how many biotech firms does the whole of Belgium have?"
    history = [{"question": "how many biotech firms are in Wallonia?", "answer": "350 firms."}]
    assert read_turn("and throughout Belgium?", history, Analyzer()).question == (
        "how many biotech firms are throughout Belgium?"
    )


def test_that_page_is_the_document_the_turn_before_named(seed_engine):
    asked = "Does the belgium.be biopharma page give a publication date?"
    history = [{"question": asked, "answer": seed_engine.ask(asked).answer}]
    answer = seed_engine.ask("what R&D investment figure does that page give?", history)
    assert "EUR 5.3 billion" in answer.answer and answer.citations[0].doc_id == "belgium-biopharma"


def test_going_back_to_a_topic_asks_of_it():
    from askbio.text import Analyzer

    history = [
        {"question": "How fast are exports growing?", "answer": "Exports grow fast."},
        {"question": "How many jobs are there?", "answer": "There are 39,000 jobs."},
    ]
    turn = read_turn("Going back to the export growth, what drives it?", history, Analyzer())
    assert turn.question == "what drives the export growth?"


def test_how_many_of_them_counts_what_the_answer_before_counted():
    from askbio.text import Analyzer

    history = [
        {
            "question": "what is the Valoria cluster?",
            "answer": "More than 90 biotech companies grouped in a cluster.",
        }
    ]
    turn = read_turn("how many of them are in Ghent?", history, Analyzer())
    assert turn.question == "how many biotech companies are in Ghent?"


def test_the_name_a_conversation_is_about_carries_through_turns_read_with_the_one_before(seed_engine):
    """After "Which company in Liège announced results?" (PDC Line Pharma), "At which meeting?"
    and more on its vaccine, "How many employees does it have?" is about that company: the
    region's jobs are no answer, but a near miss."""
    history: list[dict[str, str]] = []
    for question in (
        "Which biotech company in Liège announced trial results?",
        "At which meeting?",
        "What type of cancer is the vaccine for?",
        "What is the trial number of its vaccine?",
    ):
        history.append({"question": question, "answer": seed_engine.ask(question, history).answer})
    answer = seed_engine.ask("How many employees does it have?", history)
    assert answer.abstained and "PDC Line Pharma" in answer.answer


def test_a_follow_up_pointing_at_what_the_answer_named_is_read_with_that_answer(seed_engine):
    """ "And on which date is this event held?" after the answer named BIO San Diego: of that
    event, whose date the documents don't give (not a year of another sentence)."""
    before = "Where is it possible to meet the representatives of Wallonia Trade and Investment?"
    history = [{"question": before, "answer": seed_engine.ask(before).answer}]
    answer = seed_engine.ask("And on which date is this event held, please?", history)
    assert answer.abstained and "BIO San Diego" in answer.answer


def test_a_follow_up_asking_with_its_subject_first_is_a_question_of_its_own():
    """ "and the research is about what?" asks as "and what is the research about?" does; it is
    no topic put in the question before ("what the research is about what?")."""
    from askbio.conversation import read_turn
    from askbio.text import Analyzer

    history = [{"question": "what vaccines Belgium is producing?", "answer": "Vaccines against influenza."}]
    turn = read_turn("and the research is about what?", history, Analyzer())
    assert turn.question == "the research is about what?"
    assert "what vaccines Belgium is producing" in turn.context


def test_a_follow_up_asking_when_something_began_needs_a_sentence_saying_it_began(seed_engine):
    """ "when did the trial start?" after its phase: the year of the meeting where results were
    announced is no start date (a bare "when?" would ask of that sentence)."""
    history: list[dict[str, str]] = []
    for question in (
        "What's the trial number of PDC Line Pharma's lung cancer vaccine study?",
        "what phase is it?",
    ):
        history.append({"question": question, "answer": seed_engine.ask(question, history).answer})
    answer = seed_engine.ask("when did the trial start?", history)
    assert answer.abstained and answer.answer.startswith("The documents don't give a date for this.")
