"""Question idioms: everyday phrasings of what documents say in other words. "How many people
work in X" asks about jobs, "who buys the most" about trading partners, "sells abroad" about
exports, "put money into" about investment, "the main X" about what a text may call "the most
prevalent X"; and chat shorthand ("ppl") written out. General English, not any collection's words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from askbio.text import any_of, holds_any

# "How many people work in ...?", "how many staff does X employ?": a question about the number of
# jobs, which documents give in these words.
WORKFORCE_ASKED = re.compile(
    r"\bhow many (?P<who>peoples?|persons|folks?|staff|workers|employees)\b.*"
    r"\b(?P<doing>work|works|working|employ|employs|employed|on (?:the|their|its) payrolls?"
    r"|(?:have|has|hold|holds) (?:a |their )?(?:[\w-]+ )?jobs?"  # "have a direct job"
    # "earn a living", "put bread on the table": have a job
    r"|(?:earn|earns|earning|make|makes|making) (?:a |their |its )?(?:living|livings|wages?|salary|salaries)"
    r"|bread on the table)\b",
    re.I,
)
# The plain words of such a question, which documents need not write ("people", "work")
WORKFORCE_PLAIN = frozenset(
    ("people", "peoples", "persons", "staff", "workers", "employees", "work", "works", "working", "employ", "employs", "employed")
)  # fmt: skip
WORKFORCE_NEEDS = ("how many",)  # the words one of which it needs (`answer_types.lacks`)
WORKFORCE = ("jobs", "employment", "employees", "workers", "workforce", "staff")

# "Who buys the most of its exports?", "its biggest customer", "market": a question about trade partners,
# which documents name in these words.
BUYERS = frozenset(
    (
        "buy", "buys", "buyer", "buyers", "customer", "customers", "client", "clients", "market", "markets",
        "importer", "importers",
    )
)  # fmt: skip
TRADE = ("trading partner", "partner", "destination", "market")

# Qualifiers of a figure that exclude each other: a sentence giving the "effective" tax rate does
# not give the "standard" one asked for, nor a "net" figure the "gross" one.
CONTRASTS = (
    (
        frozenset(
            (
                "standard",
                "statutory",
                "headline",
                "nominal",
                "official",
                "normal",
                "regular",
                "usual",
                "ordinary",
            )
        ),
        frozenset(("effective", "reduced", "marginal")),
    ),
    (frozenset(("gross",)), frozenset(("net",))),
    (
        frozenset(("average", "mean", "typical")),
        frozenset(("median", "maximum", "minimum", "highest", "lowest")),
    ),
    (frozenset(("annual", "yearly")), frozenset(("monthly", "quarterly", "weekly", "daily"))),
)

_CONTRASTED = frozenset(w for pair in CONTRASTS for group in pair for w in group)
_LETTERS = re.compile(r"[a-z]+")


def contrasted(asked: str, said: str) -> tuple[str, str] | None:
    """A qualifier of the question and the one excluding it that the sentence says instead
    (`CONTRASTS`), if the sentence says none of the question's own."""
    asked_words = set(_LETTERS.findall(asked.lower()))
    if asked_words.isdisjoint(_CONTRASTED):  # most questions qualify no figure so
        return None
    said_words = set(_LETTERS.findall(said.lower()))
    for one, other in CONTRASTS:
        for mine, theirs in ((one, other), (other, one)):
            wanted, given = asked_words & mine, said_words & theirs
            if wanted and given and not said_words & mine and not asked_words & theirs:
                return min(wanted), min(given)
    return None


# Words that single out the first of a kind ("the main activity", "the biggest market"): a text
# says it with any of them ("the most prevalent activity"), so each stands for the others.
SUPERLATIVES = frozenset(
    (
        "main", "biggest", "largest", "greatest", "primary", "principal", "chief", "dominant",
        "predominant", "prevalent", "foremost", "commonest",
    )
)  # fmt: skip
# Words that liken one thing to another ("compared to Boston", "equivalent to a Boston hub"):
# each stands for the others.
LIKENESS = frozenset(
    (
        "compared", "compare", "compares", "comparable", "comparison", "equivalent", "likened", "liken",
        "similar", "akin", "analogous", "counterpart", "twin",
    )
)  # fmt: skip
# Adjectives that say what a superlative says when "most" comes before them ("the most common activity").
MOST_ADJECTIVES = frozenset(
    ("common", "widespread", "frequent", "popular", "usual", "typical", "big", "large", "important")
)
# Words asked (and those asked after "most") -> the words of a text that stand for them. "The top
# activity" asks for the main one, but a text also uses "top" and "leading" for ranks and quality
# ("a leading position", "top-notch"), so no superlative stands for them.
STAND_FOR: tuple[tuple[frozenset[str], frozenset[str], frozenset[str]], ...] = (
    (SUPERLATIVES | {"top", "leading"}, MOST_ADJECTIVES, SUPERLATIVES),
    (LIKENESS, frozenset(), LIKENESS),
)

# "in the spotlight", "got noticed", "making headlines": being prominent, which documents say in
# any of these words ("stood out", "on the world's center stage", "a prominent position").
PROMINENT = re.compile(
    r"\b(?:(?:in|into) the (?:spotlight|limelight)|(?:got|get|gets|getting|was|were|be|been) noticed"
    r"|(?:make|makes|making|made) (?:the )?headlines|(?:on|in|at) (?:the )?(?:world'?s )?cent(?:er|re) stage"
    r"|(?:stand|stands|standing|stood) out)\b",
    re.I,
)
PROMINENT_NEEDS = ("spotlight", "limelight", "noticed", "headlines", "stage", "stand", "stood")
PROMINENCE = ("stood", "stand", "stage", "spotlight", "headlines", "prominent")

_ABROAD = (
    r"abroad|overseas|internationally|worldwide|(?:a|all )?round the world|all over the world|across the world"
    r"|to (?:other|foreign) countries|outside the country"
    r"|to foreigners|to (?:foreign|overseas) (?:buyers|customers|markets)|beyond (?:its|their|our) borders"
)


class Phrase(NamedTuple):
    """An idiom and the word documents use for it: the words of its groups stand for the word."""

    pattern: re.Pattern[str]
    word: str
    # Only in a collection that does not write the phrase's words itself: one that writes
    # "adverse events" (a trial's abstract) is searched for them as asked.
    unless_said: bool = False


PHRASES: tuple[Phrase, ...] = (
    # "sells abroad", "sold to other countries", "sales overseas": exports
    Phrase(
        re.compile(
            r"\b(sells?|selling|sold|sales?|flogs?|flogging|flogged|ships)\b"  # "flogging medicines overseas", "goods it ships abroad"
            rf"(?:\s+[\w'-]+){{0,3}}?\s+({_ABROAD})\b",
            re.I,
        ),
        "export",
    ),
    # "put money into", "pour billions into", "how much ... put into": investment
    Phrase(
        re.compile(
            r"\b(put|puts|putting|pour|pours|poured|pouring|sink|sinks|sank|sunk|pump|pumps|pumped"
            r"|plough|ploughs|ploughed|plow|plows|plowed)"
            r"\s+(?:[\w'-]+\s+)?(money|cash|capital|funds?|billions|millions)\s+(?:into|in)\b"
            # "how much cash gets ploughed into research?"
            r"|\b(money|cash|capital|funds?|billions|millions)\s+(?:(?:gets?|got|is|are|was|were|being|been|has|have|had)\s+)?"
            r"(put|poured|pumped|sunk|ploughed|plowed|gone|went|goes|flowed|flows|flowing)\s+into\b"
            # "how much does X put into research?": the money goes without saying
            r"|\bhow much\b.*?\b(put|puts|pour|pours|poured|sink|sinks|sank|sunk|pump|pumps|pumped"
            r"|plough|ploughs|ploughed|plow|plows|plowed)\s+into\b",
            re.I,
        ),
        "invest",
    ),
    # "given together with", "taken with": what a treatment is combined with
    Phrase(
        re.compile(
            r"\b((?:give|gives|gave|given|giving|take|takes|took|taken|taking|use|uses|used|using|pair|paired"
            r"|administer|administered|prescribe|prescribed)(?: together| alongside)?) (?:with|alongside)\b",
            re.I,
        ),
        "combined",
    ),
    # "moving towards", "heading for": a transition
    Phrase(
        re.compile(
            r"\b((?:move|moves|moved|moving|heading|shifting) towards?|heading for"
            r"|(?:turn|turns|turning|turned) into)\b",  # "what kind of country is it aiming to turn into?"
            re.I,
        ),
        "transition",
    ),
    # "flu jabs", "a booster shot": vaccines
    Phrase(
        re.compile(r"\b(jabs?)\b|\b(?:flu|covid(?:-19)?|booster|measles|polio|tetanus)\s+(shots?)\b", re.I),
        "vaccines",
    ),
    # "tax breaks", "tax relief", "perks": what documents call tax advantages
    Phrase(
        re.compile(
            r"\btax (breaks?|relief|cuts?|perks?)\b|\b(perks|upsides|plus points|benefits)\b",
            re.I,
        ),
        "advantages",
        unless_said=True,
    ),
    # "where does it sit relative to ...", "in relation to", "it sits between which cities?": its location
    Phrase(
        re.compile(
            r"\b((?:sits?|lies|lie|(?:is|are) (?:situated|positioned|placed|located))?\s*(?:relative|in relation) to)\b"
            r"|\b(sits?|sitting|lies|lying|nestled|wedged)(?:\s+[a-z]+ly)? between\b"  # "wedged handily between"
            r"|\bbetween (?:which|what)\b[^?]*?\b(sits?|sitting|lies|lie|lying)\b",
            re.I,
        ),
        "location",
    ),
    # "drawing in investors", "pull in foreign money", "lure": attracting
    Phrase(
        re.compile(
            r"\b((?:draws?|drawing|drew|drawn|brings?|bringing|brought|pulls?|pulling|pulled) in"
            r"|lures?|luring|lured|woos?|wooing|wooed|coax|coaxes|coaxing|coaxed|entices?|enticing|enticed)\b",
            re.I,
        ),
        "attract",
    ),
    # "overseas investment", "investors from abroad": what documents call foreign
    Phrase(re.compile(r"\b(overseas|from abroad)\b", re.I), "foreign"),
    # "a long history in", "a rich tradition of": what documents call a heritage
    Phrase(
        re.compile(r"\b(?:long|rich|strong|proud)\s+(history|tradition|track record)\b", re.I), "heritage"
    ),
    # "corona", "the coronavirus": what documents call COVID
    Phrase(re.compile(r"\b(corona(?:virus)?|sars-cov-2)\b", re.I), "COVID"),
    # "meet online", "by video call": what documents call meeting virtually
    Phrase(
        re.compile(r"\b(online|remotely|by video(?: call)?|via video(?: call)?|over video)\b", re.I),
        "virtually",
    ),
    # "small companies", "smaller local firms": what documents call SMEs
    Phrase(
        re.compile(
            r"\b((?:small|smaller)(?:\s+(?:and|or|&)\s+medium(?:[- ]sized)?)?\s+(?:local\s+)?"
            r"(?:companies|firms|businesses|enterprises))\b",
            re.I,
        ),
        "SMEs",
    ),
    # "what vaccines do they make?", "what kinds of vaccines get made?": what documents call their production
    Phrase(
        re.compile(
            r"\b(?:what|which)\b[^?]*?\b(?:(?:do|does|did)\s+(?:[\w'-]+\s+){0,3}?(make|manufacture)"
            r"|(?:get|gets|got|are|is|were|was)\s+(made|manufactured))\b"
            # "what is it known for making?"
            r"|\b(?:known|famous|renowned|noted) for\s+(making|manufacturing)\b",
            re.I,
        ),
        "production",
    ),
    # "line of work", "line of business": an activity
    Phrase(re.compile(r"\b(line of (?:work|business))\b", re.I), "activity"),
    # "skilled staff", "qualified people", "trained labour": what documents call a workforce
    Phrase(
        re.compile(
            r"\b(?:skilled|qualified|trained|talented|experienced|educated)\s+"
            r"(staff|personnel|people|labou?r|talent|employees|workers|professionals)\b",
            re.I,
        ),
        "workforce",
    ),
    # "testing new drugs on patients": what documents call trials
    Phrase(
        re.compile(
            r"\b((?:test|tests|tested|testing|try|trying|tried)\s+(?:out\s+)?(?:new\s+|experimental\s+)?"
            r"(?:drugs|medicines|medications|treatments|therapies|vaccines)\s+(?:on|in|with)\s+"
            r"(?:patients|people|humans|volunteers))\b",
            re.I,
        ),
        "trials",
    ),
    # "working together", "teaming up", "joining forces": what documents call collaboration
    Phrase(
        re.compile(
            r"\b((?:work|works|working|worked|pull|pulls|pulling|pulled) together|hand in hand"
            r"|(?:team|teams|teaming|teamed) up"
            r"|(?:join|joins|joining|joined) forces|(?:cooperate|cooperates|cooperating|cooperated))\b",
            re.I,
        ),
        "collaboration",
    ),
    # "the main topic of X research", "what does it concentrate / work on": what X focuses on
    Phrase(
        re.compile(
            r"\b(?:main|key|principal|chief|primary|central)\s+(topics?|themes?|subjects?)\b"
            r"|\b(concentrates?|concentrating|concentrated) on\b"
            # "what do the researchers work on?"; not "what are they working on?", asked of what was named
            r"|(?<!\bthey )(?<!\bit )(?<!\bhe )(?<!\bshe )\b(work|works|working|worked) on\b(?!\s+(?:it|them|that|this)\b)"
            # "what do they research about them?": what the research is on
            r"|\bwhat\b[^?]*?\b(?:do|does|did)\s+(?:[\w'-]+\s+){0,5}?(research|study|investigate)"
            r"(?=\s*(?:[?.!]|$|(?:about|on|into|in|there|here)\b))",  # the verb, not "their research concentrates"
            re.I,
        ),
        "focus",
    ),
    # "around the world", "worldwide", "in the world", "further afield": what documents call global
    Phrase(
        re.compile(
            r"\b((?:a|all )?round the world|all over the world|across the world|worldwide|in the world|internationally"
            r"|further afield|farther afield|abroad|(?:to|in|for) other countries|beyond (?:its|their) borders)\b",
            re.I,
        ),
        "global",
    ),
    # "does it work?", "is the vaccine working?": whether a treatment works, what trials report as a response
    Phrase(
        re.compile(
            r"(?:^|[.?!]\s+)\W*(?:and\s+|so\s+|but\s+)?(?:does|do|did|is|are|was|were)\s+"
            r"(?:it|this|that|the\s+[\w-]+(?:\s+[\w-]+){0,2})\s+(work|works|working)\b(?=\s*(?:[?!.,]|$|or\b|at all|well))",
            re.I,
        ),
        "response",
        unless_said=True,
    ),
    # "which region do they call the biotech valley?", "its nickname": what documents say it is known as
    Phrase(
        # (not "what are the regions called?": their names, not what one is known as)
        re.compile(
            r"(?<!regions )(?<!cities )(?<!countries )(?<!provinces )(?<!towns )"
            r"\b(call|calls|called|calld|dub|dubs|dubbed|nicknamed|nicknames?|referred to as)\b",
            re.I,
        ),
        "known",
        unless_said=True,
    ),
    # "are they shipped abroad?", "only supplied to Belgium?", "sent out": what documents call distribution
    Phrase(
        re.compile(
            r"\b(ship|ships|shipped|shipping|supply|supplies|supplied|supplying|sent out|send out|sends out)\b",
            re.I,
        ),
        "distribution",
        unless_said=True,
    ),
    # "why has it taken off?", "a booming sector": what documents call growth
    Phrase(
        re.compile(
            r"\b((?:take|takes|taking|took|taken) off|boom|booms|booming|boomed|(?:shot|shoots|shooting) up)\b",
            re.I,
        ),
        "growth",
        unless_said=True,
    ),
    # "knock-on jobs", "spin-off jobs": what documents call indirect ones
    Phrase(
        re.compile(r"\b(knock[- ]on|spin[- ]?off|spillover)\s+(?=jobs|employment|effects?)", re.I), "indirect"
    ),
    # "lab bills", "lab costs": what documents call research (not "lab work", a job too)
    Phrase(
        re.compile(r"\b(lab|labs)\s+(?:bills|costs|spending|expenses)\b", re.I),
        "research",
        unless_said=True,
    ),
    # "free government money", "free public funding": what documents call grants
    Phrase(
        re.compile(r"\bfree\s+(?:government\s+|public\s+|state\s+)?(money|cash|funding|funds)\b", re.I),
        "grants",
    ),
    # "goes untaxed", "tax-free": what documents call an exemption
    Phrase(re.compile(r"\b(untaxed|tax[- ]free|tax[- ]exempt|not taxed)\b", re.I), "exemption"),
    # "medicines with radioactive stuff in them": what documents call radiopharmaceuticals
    Phrase(
        re.compile(
            r"\b(?:medicines?|drugs?)\s+(?:with|containing)\s+(radioactive)\b"
            r"|\b(radioactive)\s+(?:medicines?|drugs?|pharmaceuticals?|treatments?)\b",
            re.I,
        ),
        "radiopharmaceuticals",
    ),
    # "bunched up together", "packed in": what documents call density
    Phrase(
        re.compile(r"\b(bunched|packed|crammed|clustered|squeezed)(?:\s+(?:up|in))?(?:\s+together)?\b", re.I),
        "density",
        unless_said=True,
    ),
    # "more than half of the patients": what documents call a majority
    Phrase(re.compile(r"\b((?:more than|over) half)\b", re.I), "majority", unless_said=True),
    # "best known for", "famous for", "what makes it special?": what documents say something is (well) known for
    Phrase(
        re.compile(
            r"\b(best|better|most|widely)\s+known\b|\b(famous|renowned|noted|celebrated|reputed)\s+for\b"
            r"|\bwhat (?:makes|made)\b[^?]*?\b(special|unique|different)\b",  # "what makes it special?"
            re.I,
        ),
        "known",
        unless_said=True,
    ),
    # "where did they present the results?", "unveiled": what documents say was announced
    Phrase(
        re.compile(r"\b(present|presents|presented|presenting|unveil|unveils|unveiled|unveiling)\b", re.I),
        "announced",
        unless_said=True,
    ),
    # "the lung vaccine study", "that study": what documents call a trial
    Phrase(
        re.compile(
            r"\b(?:the|that|this|vaccine|clinical|cancer|drug)\s+(?:[\w-]+\s+){0,3}?(study|studies)\b"
            r"(?!\s+(?:at|in|of)\s+(?:uni|universit|college|school))",
            re.I,
        ),
        "trial",
        unless_said=True,
    ),
    # "testing new medicines on real people", "trying drugs out on patients": clinical trials
    Phrase(
        re.compile(
            r"\b(test|tests|tested|testing|try|tries|tried|trying)\s+(?:(?:out\s+)?(?:new\s+)?(?:[\w-]+\s+)?"
            r"(?:medicines?|drugs?|treatments?|vaccines?|them|it)\s+)?(?:out\s+)?on\s+"
            r"((?:real\s+|actual\s+)?(?:people|patients|humans|volunteers))\b",
            re.I,
        ),
        "trial",
    ),
    # "who are the main players?", "the big names in biotech": the companies documents name
    Phrase(
        re.compile(
            r"\b(?:who|which|what|list|name)\b[^?.!]*?\b(?:main|key|big|biggest|major|leading|top|important)\s+"
            r"(players|names)\b"
            r"|\b(outfits?)\b",  # "how many outfits are there?": what business English calls companies
            re.I,
        ),
        "companies",
    ),
    # "pills", "tablets", "meds": what documents call medicines
    Phrase(re.compile(r"\b(pills?|tablets?|capsules?|meds|potions?)\b", re.I), "medicines", unless_said=True),
    # "Yank firms", "the Yanks": what documents call American
    Phrase(re.compile(r"\b(yanks?|yankees?)\b", re.I), "American"),
    # "the taxman", "the tax office": tax, as documents write of it
    Phrase(re.compile(r"\b(tax ?man|tax office|tax authorit(?:y|ies))\b", re.I), "tax", unless_said=True),
    # "air hubs", "flying hubs": what documents call airports
    Phrase(re.compile(r"\b(?:air|flight|flying|aviation)\s+(hubs?)\b", re.I), "airports"),
    # "fledgling ventures", "baby companies": what documents call start-ups
    Phrase(
        re.compile(
            r"\b(fledgling|budding|baby|newborn|infant)\s+(?:little\s+)?"
            r"(?:ventures?|companies|company|firms?|businesses|business|enterprises?)\b",
            re.I,
        ),
        "start-ups",
    ),
    # "eco-friendly", "a greener future": what documents call sustainable
    Phrase(
        re.compile(
            r"\b(eco[- ]?friendly|environmentally[- ]friendly|greener"
            r"|green(?=\s+(?:future|society|economy|transition|growth|one)\b))",
            re.I,
        ),
        "sustainable",
        unless_said=True,
    ),
    # "pots of cash", "a pot of money": what documents call funds
    Phrase(re.compile(r"\b(pots? of (?:cash|money|funding))\b", re.I), "funds", unless_said=True),
    # "what do they look into?": what documents call research
    Phrase(re.compile(r"\b((?:look|looks|looking|looked) into)\b", re.I), "research", unless_said=True),
    # "what do they turn out?": what documents call production ("it turns out that ...": no)
    Phrase(
        re.compile(
            r"\b((?:turn|turns|turning|turned) out)\b"
            r"(?!\s+(?:that|to|well|badly|fine|ok|okay|great|right|wrong|the same|alright)\b)",
            re.I,
        ),
        "production",
        unless_said=True,
    ),
    # "illnesses", "sicknesses": what documents call diseases
    Phrase(re.compile(r"\b(illness|illnesses|sickness|sicknesses|ailments?)\b", re.I), "diseases"),
    # "is it safe?", "any side effects?": what documents report as a medicine's safety
    Phrase(
        re.compile(
            r"\b(safe|side[- ]effects?|adverse (?:effects?|events?|reactions?)|harmful|(?:well[- ])?tolerated|tolerability)\b",
            re.I,
        ),
        "safety",
        unless_said=True,
    ),
    # "the big C": cancer
    Phrase(re.compile(r"\bthe (big c)\b", re.I), "cancer"),
    # "big pharma", "large firms": what documents call major companies
    Phrase(
        re.compile(
            r"\b(big|large|huge)\s+(?=(?:(?:pharma|pharmaceutical|biotech|drug|medtech|american|us|foreign)\s+)*"
            r"(?:pharma|companies|firms|multinationals|groups|corporations|businesses)\b)",
            re.I,
        ),
        "major",
        unless_said=True,
    ),
    # "red tape", "the rules": what documents call regulations
    Phrase(re.compile(r"\b(red tape|rules)\b", re.I), "regulations", unless_said=True),
    # "well placed", "well situated": what documents call a location
    Phrase(re.compile(r"\b(well[- ](?:placed|situated|positioned|located))\b", re.I), "location"),
)
# Words one of which each phrase holds: most questions hold none, and are not matched.
PHRASE_CUES = (
    "sel", "sold", "sal", "small", "histor", "tradition", "track record", "corona", "sars", "online", "remote", "video", "give", "gave", "giving", "take", "taking", "took", "use", "using", "pair",
    "administer", "prescribe", "mov", "heading", "shifting", "jab", "shot", "tax ", "line of", "relati",
    "draw", "drew", "bring", "brought", "pull", "lur", "woo", "overseas", "abroad", "make", "manufacture",
    "put", "pour", "sink", "sank", "sunk", "pump", "gone", "went", "goes", "flow", "world", "test", "tri", "try", "skill", "qualif", "train", "talent", "experienc", "educat",
    "topic", "theme", "subject", "concentrat", "together", "team", "forces", "cooperat", "made", "work",
    "countries", "borders", "suppl", "sent out", "send out", "sends out", "call", "dub",
    "nickname", "referred",
    "safe", "side", "advers", "harmful", "tolera", "between", "internation", "afield", "ship",
    "boom", "shoot", "knock", "spin", "spill", "bills", "costs", "spending", "expenses", "free", "untax", "exempt", "not tax", "radioactiv",
    "bunch", "packed", "cram", "clustered", "squeez", "illness", "sick", "ailment", "perk",
    "plough", "plow", "hand in hand", "pill", "tablet", "capsule", "meds", "potion", "yank", "tax",
    "hub", "fledgling", "budding", "baby", "newborn", "infant", "friendly", "green", "pot", "look", "turn",
    "half", "upside", "plus point", "benefit", "players", "names", "flog", "outfit", "big c", "well", "big", "large", "huge", "coax", "entic", "red tape", "rules", "research", "investigat", "special", "unique", "different", "stud", "present", "unveil", "known", "famous", "renowned", "noted", "celebrated", "reputed",
)  # fmt: skip


# Each idiom with the cues its pattern writes: every match holds one of them (a test checks that
# every match holds one of `PHRASE_CUES`, which its pattern must write), so an idiom none of whose
# cues a question holds is not matched against it. An idiom writing none is always matched.
_CUED = tuple((p, tuple(c for c in PHRASE_CUES if c in p.pattern.pattern.lower())) for p in PHRASES)


_ANY_CUE = any_of(PHRASE_CUES)


def phrases(question: str) -> Iterator[tuple[tuple[int, int], Phrase]]:
    """Where the question uses an idiom of `PHRASES`, and which: each span of its words that
    stands for the idiom's word, the first idiom found there."""
    lower = question.lower()
    if _ANY_CUE.search(lower) is None:
        return
    taken: list[tuple[int, int]] = []
    for phrase, cues in _CUED:
        if cues and not holds_any(lower, cues):
            continue
        for match in phrase.pattern.finditer(question):
            # the words standing for the idiom's word; a branch not taken has none
            spans = [
                match.span(g)
                for g in range(1, (phrase.pattern.groups or 0) + 1)
                if match.group(g) is not None
            ]
            # (those of another idiom's words are taken: "what kind of illnesses do they make" is
            # both "illnesses" and "make")
            if any(a < end and start < b for start, end in spans for a, b in taken):
                continue
            taken += spans
            for span in spans:
                yield span, phrase


# Chat shorthand and the words it stands for ("how many ppl work there", "unis"): typed on a
# phone, it is the same question. Only forms that are no English word of their own.
SHORTHAND = {
    "ppl": "people", "pple": "people", "govt": "government", "gov't": "government",
    "pls": "please", "plz": "please", "abt": "about", "b4": "before", "bc": "because",
    "cuz": "because", "coz": "because", "bcoz": "because", "tho": "though", "thru": "through",
    "w/": "with", "w/o": "without", "yr": "year", "yrs": "years", "approx": "approximately",
    "info": "information", "intl": "international", "natl": "national", "dept": "department",
    "uni": "university", "unis": "universities", "univ": "university", "mgmt": "management",
    "biz": "business", "hq": "headquarters", "hqs": "headquarters", "smth": "something",
    "sth": "something", "bn": "billion", "bln": "billion", "mln": "million", "mn": "million",
    "wanna": "want to", "gonna": "going to", "gimme": "give me", "lemme": "let me", "u": "you",
    "ur": "your", "r": "are", "wat": "what", "wht": "what", "wot": "what", "whr": "where",
    "bcz": "because", "yoy": "year on year", "qoq": "quarter on quarter", "ytd": "year to date",
    "avg": "average", "pct": "percent", "amt": "amount", "qty": "quantity", "mfg": "manufacturing",
    "vax": "vaccine", "vaxx": "vaccine", "conf": "conference", "confs": "conferences", "mtg": "meeting",
    "nr": "number", "nbr": "number", "no of": "number of", "nb of": "number of", "wich": "which",
    "whcih": "which", "whch": "which",
}  # fmt: skip
_SHORTHAND = re.compile(
    r"(?<![\w'’&/.-])("
    + "|".join(re.escape(w) for w in sorted(SHORTHAND, key=len, reverse=True))
    + r")(?![\w'’&/-]|\.\w)",
)


_WISE = re.compile(r"(?<=[^\W\d_])-wise\b", re.I)


def spelled_out(question: str) -> str:
    """The question with its chat shorthand written out in full (`SHORTHAND`), and a blank to
    fill in ("Belgium is the ____ of Europe") left out: no word of it. A capitalised form is
    left alone: "R" and "U" name things ("the R language", "U-boat")."""
    if "__" in question:
        question = _BLANK.sub(" ", question)
    if "-wise" in question:  # "logistics-wise": about logistics
        question = _WISE.sub("", question)
    if ("4" in question or "2" in question) and _NUMBER_WORD.search(question):
        question = _NUMBER_WORD.sub(_as_word, question)
    if ("1" in question or "one" in question.lower()) and _NUMBER_ONE.search(question):
        question = _NUMBER_ONE.sub("top", question)  # "the #1 activity": the top one, not a rank asked
    if (" and " in question or " n " in question or " & " in question) and _INITIALS.search(question):
        question = _INITIALS.sub(lambda m: f"{m.group(1)}&{m.group(2)}".upper(), question)
    if not _SHORTHAND.search(question):
        return question
    return _SHORTHAND.sub(lambda m: SHORTHAND[m.group(1)], question)


# An initialism spelt out with its "and" ("R and D", "r n d", "M & A"): "R&D", as documents write it.
_INITIALS = re.compile(r"(?<![\w&'’.-])([b-hj-tv-z]) (?:and|n|&) ([a-z])(?![\w&'’-])", re.I)


# Questions typed partly in another language ("combien d'entreprises life sciences en Wallonie?"):
# its question words, the words saying what kind of answer is asked, and its commonest small
# words, in English. Written without accents, as the question is matched folded.
FOREIGN_WORDS = {
    "fr": {
        "combien de temps": "how long", "combien de": "how many", "combien d'": "how many ", "combien": "how many",
        "pourquoi": "why", "quelles sont": "what are", "quels sont": "what are", "quel est": "what is",
        "quelle est": "what is", "quel": "what", "quelle": "what", "quels": "what", "quelles": "what",
        "c'est quoi": "what is", "ou se trouve": "where is", "quand": "when", "qui": "who",
        "est-ce que": "", "y a-t-il": "are there", "il y a": "there are",
        "pourcentage": "percentage", "nombre": "number", "annee": "year",
        "a peu pres": "roughly", "environ": "about", "svp": "please", "s'il vous plait": "please",
        "les": "the", "le": "the", "la": "the", "l'": "the ", "des": "of the", "du": "of the", "de": "of",
        "d'": "of ", "en": "in", "au": "in the", "aux": "in the", "dans": "in", "pour": "for", "et": "and",
        "ou": "or", "un": "a", "une": "a", "est": "is", "sont": "are", "mon": "my", "ma": "my", "mes": "my",
        "sur": "on", "avec": "with", "par": "by", "c'": "it ", "qu'": "that ", "n'": "", "j'": "I ",
        "vers": "towards", "sorte de": "kind of", "genre de": "kind of", "type de": "type of",
    },
    "es": {
        "cuantos": "how many", "cuantas": "how many", "cuanto": "how much", "cuanta": "how much",
        "por que": "why", "donde": "where", "cuando": "when", "quien": "who", "quienes": "who",
        "cuales son": "what are", "cual es": "what is", "cual": "which", "cuales": "which",
        "que es": "what is", "que son": "what are", "que hace": "what does", "que": "what",
        "porcentaje": "percentage", "numero": "number", "hay": "are there",
        "los": "the", "las": "the", "el": "the", "del": "of the", "de": "of", "en": "in", "para": "for",
        "y": "and", "es": "is", "son": "are", "mi": "my", "por favor": "please",
    },
    "de": {
        "wie viele": "how many", "wie viel": "how much", "warum": "why", "wo": "where", "wann": "when",
        "wer": "who", "welche": "which", "welcher": "which", "welches": "which", "gibt es": "are there",
        "prozentsatz": "percentage", "anzahl": "number",
        "der": "the", "die": "the", "das": "the", "und": "and", "fur": "for", "von": "of",
        "ist": "is", "sind": "are", "bitte": "please",
    },
    "nl": {
        "hoeveel": "how many", "waarom": "why", "waar": "where", "wanneer": "when", "welke": "which",
        "aantal": "number",
        "het": "the", "een": "a", "van": "of", "voor": "for", "zijn": "are", "en": "and", "de": "the",
        "alstublieft": "please",
    },
    # Without the words English uses as often ("in", "per", "a", "do", "no", "as"): they would tell the language.
    "it": {
        "quanti": "how many", "quante": "how many", "quanto": "how much", "quanta": "how much",
        "perche": "why", "dove": "where", "quando": "when", "chi": "who", "quale": "which", "quali": "which",
        "qual e": "what is", "che cosa": "what", "cosa": "what", "c'e": "is there", "ci sono": "are there",
        "percentuale": "percentage", "numero": "number", "posizione": "position", "anno": "year",
        "il": "the", "gli": "the", "lo": "the", "la": "the", "le": "the", "del": "of the", "della": "of the",
        "dei": "of the", "delle": "of the", "di": "of", "nel": "in the", "nella": "in the", "e": "and",
        "sono": "are", "per favore": "please",
    },
    "pt": {
        "quantos": "how many", "quantas": "how many", "quanto": "how much", "por que": "why",
        "porque": "why", "onde": "where", "quando": "when", "quem": "who", "qual": "which", "quais": "which",
        "o que": "what", "porcentagem": "percentage", "numero": "number", "ano": "year",
        "os": "the", "da": "of the", "dos": "of the", "das": "of the", "em": "in", "na": "in the",
        "para": "for", "sao": "are", "por favor": "please",
    },
}  # fmt: skip
# The commonest nouns a question asks with, in those languages, none an English word: read in
# English whatever else the question says ("how many biotech empresas exist in Belgium?").
# Written without accents, as the question is matched folded.
FOREIGN_NOUNS = {
    "entreprises": "companies", "entreprise": "company", "recherche": "research", "emplois": "jobs",
    "emploi": "jobs", "salaire": "salary", "chercheurs": "researchers",
    "empresas": "companies", "empresa": "company", "investigacion": "research", "empleos": "jobs",
    "empleo": "jobs", "trabajo": "work", "salario": "salary", "precio": "price",
    "unternehmen": "companies", "firmen": "companies", "forschung": "research", "arbeitsplatze": "jobs",
    "gehalt": "salary", "preis": "price",
    "bedrijven": "companies", "bedrijf": "company", "onderzoek": "research", "banen": "jobs",
    "salaris": "salary", "prijs": "price",
    "aziende": "companies", "azienda": "company", "ricerca": "research", "lavoro": "work",
    "stipendio": "salary", "prezzo": "price",
    "pesquisa": "research", "empregos": "jobs", "emprego": "job", "preco": "price",
    # health and trade, as a visitor half in French, Spanish or Portuguese names them
    "vaccins": "vaccines", "vaccin": "vaccine", "medicaments": "medicines", "maladies": "diseases",
    "maladie": "disease", "poumon": "lung", "grippe": "flu", "stade": "stage", "exportations": "exports",
    "impot": "tax", "impots": "taxes", "exonere": "exempt", "exoneree": "exempt", "subventions": "grants",
    "besoins": "needs", "couts": "costs", "etrangeres": "foreign", "etrangers": "foreign",
    "etrangere": "foreign", "etranger": "foreign", "belges": "Belgian", "belge": "Belgian",
    "vacunas": "vaccines", "vacuna": "vaccine", "vacinas": "vaccines", "vacina": "vaccine",
    "medicamentos": "medicines", "enfermedades": "diseases", "doencas": "diseases", "pulmon": "lung",
    "pulmao": "lung", "remedio": "medicine", "remedios": "medicines", "exportaciones": "exports",
    "exportacoes": "exports", "impuestos": "taxes", "impostos": "taxes",
}  # fmt: skip
# Words of a folded question, an elided article or preposition apart ("d'", "l'").
_FOREIGN_TOKEN = re.compile(r"[^\W\d_]+'|[^\W\d_]+(?:-[^\W\d_]+)*")


def _by_first_word(words: dict[str, str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """A language's words and phrases as word tuples, by their first word, the longest first: a
    word of the question that begins none is passed over at the cost of one lookup."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, english in sorted(words.items(), key=lambda item: -len(item[0])):
        key = tuple(_FOREIGN_TOKEN.findall(phrase))
        out.setdefault(key[0], []).append((key, english))
    return out


_FOREIGN_PHRASES = {lang: _by_first_word(words) for lang, words in FOREIGN_WORDS.items()}
_FOREIGN_FIRST = frozenset(first for by_first in _FOREIGN_PHRASES.values() for first in by_first)
# The words that tell a language: one of its question words, or `FOREIGN_WORDS_SEEN` of its
# other words (English has some of them, one at a time: "de facto", "die").
_ASKING = ("how", "why", "what", "where", "when", "who", "which")
FOREIGN_WORDS_SEEN = 2


def in_english(question: str) -> str:
    """The question with the words of another language it is partly typed in (`FOREIGN_WORDS`)
    in English, when it asks in that language or says enough of its words; else as it is."""
    from askbio.text import fold

    folded = fold(question).replace("’", "'")
    if len(folded) != len(question):
        return question  # folded to another length: its words would not fall on the question
    words = _FOREIGN_TOKEN.findall(folded.lower())
    if _FOREIGN_FIRST.isdisjoint(words) and FOREIGN_NOUNS.keys().isdisjoint(words):
        return question  # most questions: no word of another language's lists, and no spans needed
    tokens = [(m.start(), m.end(), m.group()) for m in _FOREIGN_TOKEN.finditer(folded.lower())]
    nouns = [(a, b, FOREIGN_NOUNS[w]) for a, b, w in tokens if w in FOREIGN_NOUNS]
    if nouns:
        for a, b, english in reversed(nouns):
            question, folded = question[:a] + english + question[b:], folded[:a] + english + folded[b:]
        tokens = [(m.start(), m.end(), m.group()) for m in _FOREIGN_TOKEN.finditer(folded.lower())]
    if _FOREIGN_FIRST.isdisjoint(t[2] for t in tokens):
        return question  # most questions: no word of another language's list
    for by_first in _FOREIGN_PHRASES.values():
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            for phrase, english in by_first.get(tokens[i][2], ()):
                n = len(phrase)
                if tuple(t[2] for t in tokens[i : i + n]) == phrase:
                    found.append((tokens[i][0], tokens[i + n - 1][1], english))
                    i += n
                    break
            else:
                i += 1
        said = {folded[a:b].lower() for a, b, _ in found}
        asks = any(english.split()[:1] and english.split()[0] in _ASKING for _, _, english in found)
        if not found or (not asks and len(said) < FOREIGN_WORDS_SEEN):
            continue
        out, at = [], 0
        for a, b, english in found:
            out += [question[at:a], english + (" " if folded[b - 1] == "'" else "")]
            at = b
        return " ".join("".join([*out, question[at:]]).split())
    return question


_BLANK = re.compile(r"_{2,}")
# "#1", "number one" before what it qualifies ("the #1 activity"), not asked as a rank ("is it number one?")
_NUMBER_ONE = re.compile(
    r"(?:#\s?1|\bnumber one|\bno\.\s?1)(?=\s+(?!(?:in|on|at|for|of|spot|place|position|rank|is|are|was|were|and|or"
    r"|then|now|here|there|today|overall|globally|worldwide|too|again|anyway)\b)[a-z])",
    re.I,
)
# "the code 4 the trial", "how 2 apply": a digit typed for the word it sounds like, between words
_NUMBER_WORD = re.compile(
    r"\b([a-z]+) ([42])(?= (?:the|a|an|my|our|me|us|you|u|them|it|this|that|apply|get|find|work|join|contact)\b)"
)
# Words after which a digit counts ("the top 4", "phase 2", "have 4"): no shorthand.
_COUNTING = frozenset(
    re.findall(
        r"\w+",
        "top the of in phase about around over under than only just first last have has had are were is was "
        "all these those its their our my with",
    )
)


def _as_word(match: re.Match[str]) -> str:
    word, digit = match.group(1), match.group(2)
    if word in _COUNTING:
        return match.group()
    return f"{word} {'for' if digit == '4' else 'to'}"


# A word in capitals ("WHICH", "BELGIUM'S", "R&D"), and what makes a question shouted: most of its
# words in capitals, at least three of them.
_CAPS_WORD = re.compile(r"(?<![\w'’&-])[A-Z][A-Z'’&-]*[A-Z](?:['’]S)?(?![\w'’&-])")
_WORD = re.compile(r"[^\W\d_]{2,}")
SHOUTED_SHARE = 0.6
# A short word in capitals rarer than this in English is an acronym, kept as written ("UCB", "PDC").
ACRONYM_ZIPF = 3.0


def unshouted(question: str, zipf: Callable[[str], float]) -> str:
    """The question in lower case when it is typed in capitals ("NAME BELGIUM'S 3 REGIONS"):
    capitals then say nothing of names. Kept: "US" (the country) and short rare words, acronyms."""
    shouted = _CAPS_WORD.findall(question)
    if len(shouted) < 3 or len(shouted) < SHOUTED_SHARE * len(_WORD.findall(question)):
        return question

    def lowered(match: re.Match[str]) -> str:
        word = match.group()
        if word == "US" or (len(word) <= 4 and word.isalpha() and _rare(word, zipf)):
            return word
        return word.lower()

    return _CAPS_WORD.sub(lowered, question)


def _rare(word: str, zipf: Callable[[str], float]) -> bool:
    """Whether a word is rare in English, as written and without a plural's "s" ("JABS")."""
    return zipf(word) < ACRONYM_ZIPF and not (word.endswith("S") and zipf(word[:-1]) >= ACRONYM_ZIPF)
