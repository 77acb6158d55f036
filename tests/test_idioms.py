"""Question idioms: everyday phrasings that documents put in other words."""

from __future__ import annotations

import pytest

from askbio import idioms


@pytest.mark.parametrize(
    ("question", "said", "word"),
    [
        ("How much does Belgium sell abroad?", ["sell", "abroad"], "export"),
        ("what share of its sales overseas are medicines", ["sales", "overseas"], "export"),
        ("Does it sell its vaccines to other countries?", ["sell", "to other countries"], "export"),
        ("Which firms have put money into Wallonia?", ["put", "money"], "invest"),
        ("who poured billions in the sector", ["poured", "billions"], "invest"),
        ("Is it one of the top exporters in the world?", ["in the world"], "global"),
        ("Are vaccines made around the world?", ["around the world"], "global"),
        ("What is the biggest line of work there?", ["line of work"], "activity"),
        ("Which drug was the vaccine given together with?", ["given together"], "combined"),
        ("what did they give together with the vaccine", ["give together"], "combined"),
        ("how much does the industry put into research?", ["put"], "invest"),
        ("Where does it sit relative to the big cities?", ["sit relative to"], "location"),
        ("wallonia sits between which big cities?", ["sits"], "location"),
        ("between which cities is Wallonia supposed to sit?", ["sit"], "location"),
        ("How does the region go about drawing in investors?", ["drawing in"], "attract"),
        ("Do they lure start-ups?", ["lure"], "attract"),
        ("Is there overseas investment?", ["overseas"], "foreign"),
        ("what vaccines do they make here", ["make"], "production"),
        ("what kinds of vaccines get made in Belgium?", ["made"], "production"),
        ("What kind of society is Belgium moving towards?", ["moving towards"], "transition"),
        ("What kind of society is it trying to move towards?", ["move towards"], "transition"),
        ("tax breaks for biotech companies", ["breaks"], "advantages"),
        ("Are flu jabs made here?", ["jabs"], "vaccines"),
        ("where can I get a booster shot", ["shot"], "vaccines"),
        (
            "Is it a good place for testing new drugs on patients?",
            ["testing new drugs on patients"],
            "trials",
        ),
        ("Can I find skilled staff there?", ["staff"], "workforce"),
        ("is there qualified labour nearby", ["labour"], "workforce"),
        ("What are the main topic of vaccine research?", ["topic"], "focus"),
        ("Who works together to make the sector grow?", ["works together"], "collaboration"),
        ("who's cooperating to grow it", ["cooperating"], "collaboration"),
        ("what does their research concentrate on", ["concentrate"], "focus"),
        ("and what do the researchers work on", ["work"], "focus"),
        ("Do they help small companies and start-ups?", ["small companies"], "SMEs"),
        ("Can I meet them online?", ["online"], "virtually"),
        ("did belgium make vaccines for corona", ["corona"], "COVID"),
        ("Does it have a long history in life sciences?", ["history"], "heritage"),
        ("can we talk by video call", ["by video call"], "virtually"),
        ("what role do they play for smaller local firms?", ["smaller local firms"], "SMEs"),
        ("do they ship them outside Europe?", ["ship"], "distribution"),
        ("Was the combination well tolerated?", ["well tolerated"], "safety"),
        ("how was tolerability described", ["tolerability"], "safety"),
        ("do they distribute further afield", ["further afield"], "global"),
        ("do they work internationally", ["internationally"], "global"),
        ("do they send vaccines abroad", ["abroad"], "global"),
        ("are they sent to other countries", ["to other countries"], "global"),
        ("Are they only supplied to Belgium?", ["supplied"], "distribution"),
        ("are the doses sent out quickly", ["sent out"], "distribution"),
        ("which region do they call the valley of Europe?", ["call"], "known"),
        ("does it have a nickname", ["nickname"], "known"),
        ("is it working?", ["working"], "response"),
        ("Does the new lung vaccine work well?", ["work"], "response"),
        ("Why has the sector taken off so fast?", ["taken off"], "growth"),
        ("if you count the knock-on jobs", ["knock-on"], "indirect"),
        ("How much of my lab bills could it cover?", ["lab"], "research"),
        ("could free government money cover it?", ["money"], "grants"),
        ("How much income goes untaxed?", ["untaxed"], "exemption"),
        ("Do they make medicines with radioactive stuff in them?", ["radioactive"], "radiopharmaceuticals"),
        ("Are the firms more bunched up together?", ["bunched"], "density"),
        ("which illnesses do the vaccines protect against?", ["illnesses"], "diseases"),
        ("Who pulls together to help start-ups?", ["pulls together"], "collaboration"),
        ("what perks do companies get?", ["perks"], "advantages"),
        ("what are the benefits of setting up there?", ["benefits"], "advantages"),
        ("is more cash being ploughed into research?", ["cash", "ploughed"], "invest"),
        ("Lots of American money gone into Wallonia, has there?", ["money", "gone"], "invest"),
        (
            "How is Belgium doing for testing new medicines on real people?",
            ["testing", "real people"],
            "trial",
        ),
        ("Who works hand in hand with the universities?", ["hand in hand"], "collaboration"),
        ("do they make pills or tablets?", ["pills", "tablets"], "medicines"),
        ("which Yank firms are there?", ["Yank"], "American"),
        ("what rate does the taxman take?", ["taxman"], "tax"),
        ("how many air hubs are close by?", ["hubs"], "airports"),
        ("who helps the fledgling ventures?", ["fledgling"], "start-ups"),
        ("is it moving to a greener society?", ["greener"], "sustainable"),
        ("how much can those pots of cash cover?", ["pots of cash"], "funds"),
        ("what are the scientists looking into?", ["looking into"], "research"),
        ("what do the factories turn out?", ["turn out"], "production"),
        ("did more than half of them respond?", ["more than half"], "majority"),
        ("how much does Belgium sell to foreigners?", ["sell", "to foreigners"], "export"),
        ("what is the region best known for?", ["best"], "known"),
        ("what is Wallonia famous for?", ["famous"], "known"),
        ("at which conference did they present the results?", ["present"], "announced"),
        ("which phase is that lung vaccine study at?", ["study"], "trial"),
        ("who are the main players in the region?", ["players"], "companies"),
        ("which big names have invested there?", ["names"], "companies"),
        ("how many outfits are there in the trade?", ["outfits"], "companies"),
        ("any new cures for the big C?", ["big C"], "cancer"),
        ("who is flogging medicines overseas?", ["flogging", "overseas"], "export"),
        ("what share of the goods Belgium ships abroad is medicines?", ["ships", "abroad"], "export"),
        ("what makes Wallonia special for biotech?", ["special"], "known"),
        ("do they send them off all round the world?", ["all round the world"], "global"),
        ("why is Wallonia so well placed for logistics?", ["well placed"], "location"),
        ("it is wedged handily between which cities?", ["wedged"], "location"),
        ("which big pharma firms are in wallonia?", ["big"], "major"),
        ("do the large US firms invest there?", ["large"], "major"),
        ("what is it known for making?", ["making"], "production"),
        ("is the red tape heavy there?", ["red tape"], "regulations"),
        ("How does Wallonia coax investors?", ["coax"], "attract"),
        ("what do the vaccine scientists research?", ["research"], "focus"),
        ("What do the vaccine researchers in Belgium study?", ["study"], "focus"),  # not a trial
        ("what kind of country does it want to turn into?", ["turn into"], "transition"),
    ],
)
def test_an_idiom_stands_for_the_word_documents_use(question, said, word):
    found = list(idioms.phrases(question))
    assert [question[a:b] for (a, b), _ in found] == said
    assert {phrase.word for _, phrase in found} == {word}


def test_two_idioms_in_one_question_each_stand_for_their_word():
    """ "what kind of illnesses do they make": "make" stands for production, and "illnesses",
    inside the words of that idiom, for diseases."""
    question = "what kind of illnesses do they make vaccines against?"
    found = {question[a:b]: phrase.word for (a, b), phrase in idioms.phrases(question)}
    assert found == {"illnesses": "diseases", "make": "production"}


@pytest.mark.parametrize(
    "question",
    [
        "How much do they sell?",
        "Where are the vaccines made?",
        "Which sales figures are given?",
        "put it in context",
        "a shot at the title",  # a shot, but of no vaccine
        "Do the drugs make patients less infectious?",  # to make is to cause, not to produce
        "what are they working on?",  # asked of what the turn before named
        "who will work on it",
        "what is the relationship between them",  # "ship" inside another word
        "where do I send my CV?",  # sent, but nothing distributed
        "what are the regions called?",  # their names, not what one is known as
        "where do they work?",  # where people work, not whether something does
        "I'm looking for lab work",  # a job, not research
        "is it free?",  # free, but no money given
        "it turns out that the figure is old",  # how a thing proved to be, nothing produced
        "is the lawn green?",  # a colour, no sustainability
        "my daughter finishes her studies at university",  # studies, no trial
        "how big is the pharma sector?",  # big, but no companies said to be
        "how much do they invest in research?",  # research, not what it is on
        "is there a special grant?",  # special, but nothing made so
    ],
)
def test_words_of_an_idiom_alone_are_no_idiom(question):
    assert not list(idioms.phrases(question))


def test_the_words_between_an_idioms_words_are_asked_as_they_are(seed_engine):
    """ "sells its vaccines abroad": "sells abroad" is exporting, "vaccines" still vaccines."""
    query = seed_engine.query("Does Belgium sell its vaccines abroad?")
    export = seed_engine.query("export").terms[0]
    assert set(query.replaced.values()) == {export}
    assert seed_engine.query("vaccines").terms[0] not in query.replaced


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much money does Belgian biopharma make selling abroad?", "EUR 98 billion"),
        ("how much of what belgium sells abroad is medicines?", "14.8"),
        ("Is Belgium one of the top pharma exporters in the world?", "fourth"),
        ("what's the main biotech activity in the walloon region", "Biomanufacturing"),
        ("what drug is the PDC lung vaccine given together with?", "pembrolizumab"),
        ("What kind of society is Belgium moving towards?", "sustainable, digital and healthy"),
        ("tax breaks for biotech companies in wallonia", "85%"),
        ("Are flu jabs made in Belgium?", "influenza"),
        ("Is Belgium near the top in Europe for testing new drugs on patients?", "second place"),
        ("Can I find skilled staff for a biotech lab in Belgium?", "highly skilled workforce"),
        ("Did Belgian vaccine makers get noticed during some crisis?", "stood out"),
        ("what put belgium's vaccine factories in the limelight?", "stood out"),
    ],
)
def test_a_question_put_in_an_idiom_is_answered(seed_engine, question, expected):
    answer = seed_engine.ask(question)
    assert not answer.abstained and expected in answer.answer


def test_a_superlative_stands_for_the_others(seed_engine):
    """ "the main activity": a text may call it "the most prevalent activity"; not "top" or
    "leading", which texts use for ranks ("a leading position"). "The top activity" asks for it
    too."""
    query = seed_engine.query("What is the main activity?")
    main = seed_engine.query("main").terms[0]
    prevalent = seed_engine.query("prevalent").terms[0]
    assert prevalent in query.bridges[main]
    assert not set(query.bridges[main]) & {t.term for t in seed_engine.query("leading top").tokens}
    top = seed_engine.query("top").tokens[0].term
    assert prevalent in seed_engine.query("What is the top activity?").bridges[top]
    # "most common" says what a superlative says; "common" alone does not
    common = seed_engine.query("common").tokens[0].term
    assert prevalent in seed_engine.query("What is the most common activity?").bridges[common]
    assert common not in seed_engine.query("What is a common activity?").bridges
    big = seed_engine.query("big").tokens[0].term  # a learner's "most big": the biggest
    assert prevalent in seed_engine.query("what is the most big activity?").bridges[big]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("how many ppl work there", "how many people work there"),
        ("belgium is the ____ of europe", "belgium is the   of europe"),  # a blank to fill in
        ("do they hire from unis?", "do they hire from universities?"),
        ("what r the jobs w/ a degree", "what are the jobs with a degree"),
        ("exports b4 2020 in bn", "exports before 2020 in billion"),
        ("yoy growth of the lung vax trial", "year on year growth of the lung vaccine trial"),
        ("which conf was it presented at?", "which conference was it presented at?"),
        ("nr of firms in the region", "number of firms in the region"),
        ("no of firms?", "number of firms?"),
        ("nb of direct jobs", "number of direct jobs"),
        ("wich city is it in", "which city is it in"),
        # "#1" before what it qualifies is the top one; asked of itself, a rank
        ("what is the #1 activity there", "what is the top activity there"),
        ("the number one activity", "the top activity"),
        ("who is number one then", "who is number one then"),
        ("is it #1 in Europe?", "is it #1 in Europe?"),
        # a digit for the word it sounds like, between words; not a count
        ("whats the code 4 the trial", "whats the code for the trial"),
        ("how 2 apply", "how to apply"),
        ("the top 4 the ranking lists", "the top 4 the ranking lists"),
        ("a phase 2 trial", "a phase 2 trial"),
        # not shorthand: capitals, and letters of an abbreviation
        ("R&D in the U.S. and the u.s.", "R&D in the U.S. and the u.s."),
        ("Is the R language used?", "Is the R language used?"),
        # an initialism spelt out with its "and"; not letters of a list or a pronoun
        ("biopharma R and D investment", "biopharma R&D investment"),
        ("what percent of r n d costs", "what percent of R&D costs"),
        ("any M & A deals?", "any M&A deals?"),
        ("options a and b, or I and my team", "options a and b, or I and my team"),
        ("Logistics-wise, is it well placed?", "Logistics, is it well placed?"),  # in what respect
    ],
)
def test_chat_shorthand_is_spelled_out(typed, meant):
    assert idioms.spelled_out(typed) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # asked in another language, or with enough of its small words
        (
            "combien d'entreprises life sciences en Wallonie, à peu près?",
            "how many companies life sciences in Wallonie, roughly?",
        ),
        (
            "Bonjour, pour mon case study: quel pourcentage of exports?",
            "Bonjour, for my case study: what percentage of exports?",
        ),
        ("quelles sont the three regions?", "what are the three regions?"),
        ("et en Wallonie?", "and in Wallonie?"),
        ("cuantas empresas hay en Belgica?", "how many companies are there in Belgica?"),
        ("wie viele Firmen gibt es in Wallonien?", "how many companies are there in Wallonien?"),
        ("hoeveel bedrijven in Wallonië?", "how many companies in Wallonië?"),
        ("quanti jobs?", "how many jobs?"),
        ("y que produce?", "and what produce?"),
        ("que es the biotech valley?", "what is the biotech valley?"),
        # the commonest nouns a question asks with, whatever else it says
        ("how many biotech empresas exist in Belgium?", "how many biotech companies exist in Belgium?"),
        ("et la recherche?", "and the research?"),
        ("quante aziende ci sono in Vallonia?", "how many companies are there in Vallonia?"),
        ("quantos empregos em Wallonia?", "how many jobs in Wallonia?"),
        ("for which stade du cancer du poumon?", "for which stage du cancer du lung?"),  # nouns alone
        ("the vacina for pulmão cancer?", "the vaccine for lung cancer?"),
        (
            "Belgium transition vers quelle sorte de society?",
            "Belgium transition towards what kind of society?",
        ),
        # English with a word or two that other languages have
        ("how many jobs de facto in Wallonia?", "how many jobs de facto in Wallonia?"),
        ("what is the role of la Region wallonne?", "what is the role of la Region wallonne?"),
        ("any comment on the die casting plant?", "any comment on the die casting plant?"),
    ],
)
def test_a_question_partly_in_another_language_is_read_in_english(typed, meant):
    assert idioms.in_english(typed) == meant


def test_having_a_job_asks_about_the_workforce():
    assert idioms.WORKFORCE_ASKED.search("How many people have a job in biotech?")
    assert idioms.WORKFORCE_ASKED.search("how many people have a direct job in biotech?")
    assert not idioms.WORKFORCE_ASKED.search("How many people have a vaccine?")
    assert idioms.WORKFORCE_ASKED.search("How many people are on the payroll in biotech?")
    assert idioms.WORKFORCE_ASKED.search("How many folks earn a wage from biotech?")
    assert idioms.WORKFORCE_ASKED.search("how many people put bread on the table thanks to it?")
    assert idioms.WORKFORCE_ASKED.search(
        "How many peoples are working in biopharma there?"
    )  # a learner's plural


@pytest.mark.parametrize(
    ("asked", "said", "found"),
    [
        ("the standard corporate tax rate?", "an effective tax rate below 10%", ("standard", "effective")),
        ("what is the effective rate", "the standard rate is 25%", ("effective", "standard")),
        ("gross margin?", "a net margin of 5%", ("gross", "net")),
        ("the normal corporate tax rate?", "an effective tax rate below 10%", ("normal", "effective")),
        ("the standard rate", "the standard rate and the effective rate", None),  # it says the one asked
        ("the tax rate", "an effective tax rate below 10%", None),  # nothing qualified
        ("average salary, not the median", "the median salary", None),  # asks both
    ],
)
def test_a_qualifier_the_sentence_says_another_of(asked, said, found):
    assert idioms.contrasted(asked, said) == found


def _zipf(word: str) -> float:
    return {"ucb": 2.4, "gsk": 2.5, "jabs": 2.9, "jab": 3.3}.get(word.lower(), 5.0)


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("NAME BELGIUM'S 3 REGIONS", "name belgium's 3 regions"),
        ("WHICH PANDEMIC DID IT MAKE JABS FOR", "which pandemic did it make jabs for"),  # "jab" is a word
        ("WHAT DID UCB AND GSK DO IN THE US?", "what did UCB and GSK do in the US?"),  # acronyms, the country
        (
            "FILL IN THE BLANK: THE ____ OF EUROPE (a US hub)",
            "fill in the blank: the ____ of europe (a US hub)",
        ),
        ("how many jobs at UCB and GSK in the US?", "how many jobs at UCB and GSK in the US?"),  # not shouted
        ("TOP ACTIVITY?", "TOP ACTIVITY?"),  # two words: too few to tell
    ],
)
def test_a_question_typed_in_capitals_is_read_in_lower_case(asked, read):
    assert idioms.unshouted(asked, _zipf) == read
