"""Answer types: the kind of answer a question asks for (a figure, a date, a phone number...),
the words that ask for it, and where a sentence holds something of that kind."""

from __future__ import annotations

import re

from askbio.text import STOPWORDS, holds_any

# --- What a question asks for ----------------------------------------------------------------

# Roles a question may ask about: like names, general words cannot stand in for them.
ROLES = frozenset(
    {
        "ceo", "cfo", "cto", "coo", "chairman", "chairwoman", "chairperson", "president", "founder",
        "cofounder", "co-founder", "director", "manager", "minister", "secretary", "spokesperson",
        "spokesman", "spokeswoman", "owner", "investigator", "dean", "rector", "mayor", "governor",
        "ambassador", "premier", "commissioner", "treasurer", "doctor", "physician", "surgeon", "professor",
        "boss", "leader", "chief", "gaffer", "honcho",
    }
)  # fmt: skip
_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))

# What a question asks several names of ("which companies", "list the universities").
_NAMED_PLURALS = (
    r"companies|firms|corporations|businesses|organi[sz]ations|partners|multinationals|universities|investors"
    r"|hospitals|institutes|institutions|labs|laboratories|agencies|players|names|groups"
)
# Checked in this order: the first kind whose pattern the question matches is its type. The
# question forms ("how much", "which country") come first; then the nouns that ask for a kind
# ("the price", "its rank"), which a question form overrides ("which countries were in the
# cost study?" asks for places).
_FORMS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    # a phone number asked for by name before an e-mail said in passing ("..., email is slow")
    ("phone", re.compile(r"\b(?:tele)?phone number\b", re.I), ("phone",)),
    ("email", re.compile(r"\be-?mail(?:ed)?(?: address| id)?\b", re.I), ("mail",)),
    (
        "phone",
        re.compile(r"\b(?:(?:tele)?phone(?: number)?|call them|ring them)\b", re.I),
        ("phone", "call them", "ring them"),
    ),
    # "what does FDI stand for?", "the full form of GMP": the words an abbreviation is made of
    (
        "expansion",
        re.compile(
            r"\bstands? for\b|\bstood for\b|\bshort for\b|\ban abbreviation for\b|\ban acronym for\b"
            r"|\bfull form of\b|\bfull name of\b|\bwhat (?:is|are) the abbreviations?\b|\bwhat (?:is|are) the acronyms?\b"
            r"|\babbreviations? means?\b|\bacronyms? means?\b|\bspelt out\b|\bspelled out\b",
            re.I,
        ),
        ("stand", "stood", "short for", "abbreviation", "acronym", "full form", "full name", "spel"),
    ),
    # "the trial number", "its ClinicalTrials.gov ID": a registry's identifier ("NCT03970746")
    (
        "identifier",
        re.compile(
            r"\b(?:trial|registration|registry|study|clinicaltrials(?:\.gov)?|nct|eudract|isrctn|reference|record)"
            r"\s+(?:number|no\.?|id|identifier)\b|\bidentifier\b",  # a "trial code" is as often the product's
            re.I,
        ),
        ("number", "no", "id", "identifier"),
    ),
    (
        "web",
        re.compile(
            r"\b(?:web ?site|web ?page|web address|url|home ?page)\b|\b(?:a|the|any) (?:web )?links? (?:to|for|of)\b"
            r"|\bwhere (?:can|could|do|should) (?:i|we|you) (?:read|download|view)\b",
            re.I,
        ),
        ("web", "url", "home", "where", "link"),
    ),
    (
        "contact",
        re.compile(
            r"\b(?:contact(?:ed|ing)?|get in touch|write to|reach (?:them|you|out))\b"
            # "to whom do I write?", "who should we talk to?": whom to get in touch with
            r"|\b(?:to )?whom (?:do|should|can|could|shall|would|to) (?:i |we )?(?:write|turn|speak|talk|send|contact)\b"
            r"|\bwho (?:do|should|can|could|shall|would) (?:i|we) (?:write|turn|speak|talk) to\b",
            re.I,
        ),
        ("contact", "get in touch", "write to", "reach ", "whom", "who "),
    ),
    # "Why has it grown?": the cause a sentence gives ("thanks to ...", "because ...").
    (
        "reason",
        re.compile(
            r"^\W*(?:(?:and|but|so)\s+)?why\b|\bfor what reason\b|\bhow come\b"
            # "what has helped it grow?", "what's behind it?", "what drives it?": what caused it
            r"|\bwhat\s+(?:has|have|had)\s+(?:helped|made|caused|driven|fuell?ed|led to|boosted|powered)\b"
            r"|\bwhat\s+(?:helped|helps|made|makes|caused|causes|drove|drives|fuell?ed|fuels|led to|leads to"
            r"|explains|boosted|boosts|powered|powers)\b(?!\s+(?:of|up)\b)"
            # "where do they get their staff from?": what provides it, not a place
            # ("where do the firms find their personnel?": who they are, said without "from")
            r"|\bwhere\s+(?:do|does|did|can|could)\s+[^?]*?\b(?:get|gets|find|finds|recruit|recruits|source|sources|hire|hires)"
            r"(?:\b[^?]*?\bfrom\b"
            r"|\s+(?:their|its)\s+(?:[\w-]+\s+)?(?:staff|recruits|personnel|people|workers|talent|employees|workforce)\b)"
            # "what do they put its growth down to?", "what is it attributed to?": its cause
            r"|\bwhat\s+(?:do|does|did|would|can|is|are|was|were)\s+[^?]*?\b(?:put\s+[^?]*?\bdown\s+to|attribute[sd]?\s+[^?]*?\bto"
            r"|attributed\s+to|owe[sd]?\s+[^?]*?\bto)\b"
            r"|\bwhat(?:'s|’s| is| are)\s+(?:behind|driving|fuell?ing|causing|powering|boosting"
            r"|the reasons? (?:for|behind))\b",
            re.I,
        ),
        ("why", "for what reason", "how come", "what", "where"),
    ),
    # "What is X called?", "X's nickname": the name something goes by, as the text gives it.
    (
        "alias",
        re.compile(
            r"\bnick-?names?\b|\b(?:also|better|commonly) known as\b|\bwhat (?:other )?name (?:is|was|do|does|did)\b"
            r"|\bname (?:given|used) (?:to|for)\b|\b(?:catchy|brand|marketing|informal|popular) name\b"
            # (not "what are its regions called?": the names of several places)
            r"|\bwhat(?:'s| is| are| was| were) (?!(?:[\w'-]+ ){0,3}?(?:regions|provinces|cities|towns|countries)"
            r"(?: (?:of|in) [\w'-]+)? called\b)"
            r"(?:[\w'&-]+ ){1,6}?(?:called|known as)\b"
            r"|\bwhat (?:do|does|did) (?:[\w'-]+ ){1,4}?call\b",
            re.I,
        ),
        ("nick", "known as", "what", "name"),
    ),
    (
        "percent",
        re.compile(
            r"\b(?:what|which) (?:[\w'-]+ )?(?:share|percentage|proportion|fraction|portion|slice)\b|\bpercent"
            r"|\bhow (?:large|big) a (?:share|slice|portion)\b|\bhow much of\b"
            r"|\b(?:what|which) part of (?:the |all )?(?:total|whole)\b"  # "which part of the total exports?"
            r"|\bhow much (?:of a |a )?(?:share|percentage|proportion|fraction|portion) of\b"  # "how much portion of"
            r"|(?<![\d.,])(?<![\d.,]\s)%",  # "what % of R&D costs?": a "%" after no figure asks one
            re.I,
        ),
        ("share", "percent", "proportion", "fraction", "portion", "slice", "how much of", "part of", "%"),
    ),
    (
        "money",
        re.compile(
            r"\bhow much (?:money\b|(?:[\w'-]+ ){0,7}(?:cost|costs|spent|spend|paid|pay|invested|invest|raise|raised|earn|earned"
            r"|exports?|exported|imports?|imported|sells?|sold|goes into|go into|went into"
            r"|(?:put|puts|putting|pour|poured|pump|pumped|sink|sank|sunk) into)\b)"  # "how much do they put into R&D?"
            # "how much did they put in?" (not "how much can the funds put in?": a share of what is needed)
            r"|\bhow much (?:[\w'-]+ ){0,3}?(?:did|have|has|had) (?:[\w'-]+ ){0,3}?(?:put|poured|pumped|sunk|sank) in\b"
            r"|\bhow many (?:euros|dollars|pounds)\b"
            # "the value of its exports", "export value": an amount of money
            r"|\bvalue of (?:the |its |their )?(?:[\w'’-]+ ){0,2}?(?:exports?|imports?|sales|investments?|trade|production)\b"
            r"|\b(?:exports?|imports?|sales|trade) (?:[\w'’-]+ ){0,2}?value\b"  # "exports belgium value"
            r"|\bwhat (?:do|does|did|would|will) (?:[\w'-]+ ){0,4}?(?:pay|cost|earn|charge)\b"
            # "the amount Takeda has invested", "grant max amount EUR": a sum of money
            r"|\bamounts? (?:of money )?(?:[\w'-]+ ){0,3}?(?:invest|invests|invested|spend|spends|spent|pay|pays|paid|raise|raises|raised|earn|earns|earned|put in)\b"
            r"|\bamounts?\b[^?]*\b(?:eur|euros?|dollars?|usd)\b|\b(?:eur|euro|dollar|usd) amounts?\b",
            re.I,
        ),
        ("how much", "how many", "pay", "cost", "earn", "charge", "value", "amount"),
    ),
    # keywords ending in a currency ("belgium biopharma exports total euros")
    (
        "money",
        re.compile(r"^\W*(?:\w[\w&'’-]*[,;:]?\s+){1,5}(euros?|eur|dollars?|usd)\W*$", re.I),
        ("eur", "dollar", "usd"),
    ),
    # "Where does Belgium stand in Europe for the number of trials?": a place in a ranking, not the figure.
    (
        "rank",
        re.compile(
            r"\bwhere (?:[\w'-]+ ){1,4}(?:rank|ranks|ranked|ranking|stand|stands|standing|placed|positioned)\b"
            r"|\bleague tables?\b"
        ),
        ("where", "league"),
    ),
    (
        "duration",
        re.compile(
            r"\b(?:for )?how long\b|\bhow many (?:days?|weeks?|months?|years?|hours?|minutes?)\b"
            r"|\bwhat (?:period|duration)\b",
            re.I,
        ),
        ("how long", "how many", "what"),
    ),
    # "how far is it from Paris?", "how many km to the port?": a distance, in its unit
    (
        "distance",
        re.compile(
            # (not "how far can they go?": up to how much)
            r"\bhow far\b(?![^?]*\bgo\b)|\bhow many (?:km|kms|kilomet(?:er|re)s?|miles?)\b|\bwhat (?:is the )?distance\b"
            r"|\bin (?:km|kms|kilomet(?:er|re)s|miles)\b",
            re.I,
        ),
        ("how far", "how many", "distance", "in k", "in m"),
    ),
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|big|large|high|low|often|common|frequent|frequently|likely|prevalent|widespread)\b"
            r"|\b(?:number|count|tally) of\b|\bhow many times\b"
            r"|\bwhat(?:'s| is| was| were)? (?:the )?(?:[\w-]+ )?(?:figure|total|size|value|rate)\b"
            r"|\bwhat(?:'s| is| was| were)? (?:the )?[\w-]+ [\w-]+ rate\b"  # "the objective response rate"
            r"|\b(?:what|which) (?:doses?|dosages?|quantity|quantities|volume)\b"  # "what dose of X?": how much
            r"|\b(?:what|which) (?:multiple|factor)\b",  # "what multiple are we talking?": how many times
            re.I,
        ),
        (
            "how",
            "number",
            "count",
            "tally",
            "what",
            "dose",
            "dosage",
            "quantit",
            "volume",
            "multiple",
            "factor",
        ),
    ),
    # keywords, the kind last ("wallonia biotech companies number"): the last word is what asks
    (
        "number",
        re.compile(r"^\W*(?:\w[\w&'’-]*[,;:]?\s+){1,5}(number|count|headcount)\W*$", re.I),
        ("number", "count"),
    ),
    (
        "date",
        re.compile(r"^\W*(?:\w[\w&'’-]*[,;:]?\s+){1,5}(dates?|deadline)\W*$", re.I),
        ("date", "deadline"),
    ),
    (
        "date",
        re.compile(
            r"\bwhen\b(?! it comes to\b)|\bwhat (?:year|date|month|day)s?\b|\bwhich (?:year|date)s?\b"  # not "as for"
            # "what reference year", "which fiscal year"; not "what per year", "what this year"
            r"|\b(?:what|which) (?!(?:per|a|an|each|every|this|that|last|next|the)\b)[\w-]+ (?:year|date)\b"
            r"|\bwhat (?:is|are|was|were) the (?:exact )?(?:year|date|month|day)s?\b",  # "what are the dates of X?"
            re.I,
        ),
        ("when", "what", "which"),
    ),
    (
        "person",
        re.compile(
            rf"\bwho(?:'s| is| was| are| were)? (?:the |its |their |\w+'s )?(?:\w+ ){{0,2}}(?:{_ROLE})s?\b"
            r"|\bwho (?:co-?)?(?:founded|leads|led|heads|headed|runs|ran|manages|managed|directs|directed"
            r"|set (?:it |them |this |that )?up|sets (?:it |them )?up|started|starts|established|launched|created|began"
            r"|named|dubbed|coined|christened|gave (?:it|them) (?:that|this|the|its|their) (?:name|nickname)"
            r"|invented|discovered|said|wrote|chairs|chaired|owns|owned|oversees|oversaw|supervises|coordinates)\b"
            # "who is in charge of the agency?", "who's responsible for it?"
            r"|\bwho(?:'s|’s| is| are| was| were) (?:in charge|responsible|at the helm)\b"
            rf"|\bname of (?:the |its |their )?(?:\w+ ){{0,2}}(?:{_ROLE}|person|contact)\b"
            # "the person who handles requests": someone, named
            r"|\b(?:the |a )(?:contact )?person (?:who|that|in charge|responsible)\b",
            re.I,
        ),
        ("who", "name of", "person"),
    ),
    (
        "rank",
        re.compile(
            r"\b(?:where|how) (?:\w+ ){0,4}rank(?:s|ed)?\b|\b(?:what|which) (?:rank|position)\b"
            r"|\b(?:on|in|at) (?:which|what) place\b"  # "on which place does Belgium stand?"
            r"|\bwhere (?:do|does|did) (?:\w+ ){1,3}(?:stand|come)\b",
            re.I,
        ),
        ("rank", "position", "stand", "come", "place"),
    ),
    (
        "place",
        re.compile(
            r"\bwhere\b|\bwhich (?!(?:kinds?|sorts?|types?) of\b)(?:[\w-]+ ){0,2}?(?:city|cities|town|towns|region|regions|country|countries|continents?|location|part of"
            r"|ports|seaports|airports|harbou?rs)\b"
            # "what American city", "in what region": a place (not "what country's share": another kind)
            r"|\b(?:in )?what (?!(?:kinds?|sorts?|types?) of\b)(?:[\w-]+ ){0,2}?(?:city|cities|town|towns|region|regions|country|countries)\b(?!['’]s)"
            r"|\bwhat (?:are|were) (?:[\w'-]+ ){0,3}?(?:regions|provinces|cities|towns|countries)(?: (?:of|in) [\w'-]+)? called\b",
            re.I,
        ),
        ("where", "which", "what", "called"),
    ),
    # "what drug was the vaccine combined with?": a medicine, named by a word English lacks
    (
        "substance",
        re.compile(
            r"\b(?:what|which) (?:(?!of\b)[\w-]+ ){0,2}?(?:drug|medicine|medication|agent|inhibitor|antibody|compound|molecule)\b"
            r"(?! (?:companies|company|firms?|makers?|industry|sector|production|research|development)\b)",
            re.I,
        ),
        ("drug", "medic", "agent", "inhibitor", "antibod", "compound", "molecule"),
    ),
    # "what are its biotech firms good at?", "what is it known for?": what they do well, not their names
    (
        "kinds",
        re.compile(
            r"\bwhat (?:is|are|was|were) (?:[\w'-]+ ){1,5}?"
            r"(?:good|best|strong|great|known|famous|renowned|excellent|skilled) (?:at|for|in)\b",
            re.I,
        ),
        ("good", "best", "strong", "great", "known", "famous", "renowned", "excellent", "skilled"),
    ),
    (
        "name",
        re.compile(
            # "which kinds of companies" asks for kinds, not names
            r"\bwho\b|\b(?:which|what) (?!(?:kinds?|types?|sorts?) of\b)"
            r"(?:(?!(?:is|are|was|were|do|does|did|have|has|had)\b)[\w-]+ ){0,3}?(?:company|companies|firm|firms|corporations?|organi[sz]ations?|partners?|players"
            r"|businesses|multinationals|names|conferences?|congress|meetings?|summits?|events?|fairs?|trade shows?"
            r"|exhibitions?|journals?|awards?|prizes?"
            r"|universit(?:y|ies)|hospitals?|institutes?|institutions?|labs?|laboratory|laboratories|agency|agencies)\b"
            rf"|\b(?:list|name|names of) (?:the |all |some )?(?:\w+ ){{0,2}}?(?:{_NAMED_PLURALS})\b"
            # "what are the big pharma names there?", "which big american groups ...?"
            r"|\bwhat (?:are|were) (?:the |some )?(?:[\w-]+ ){0,3}?(?:names|companies|firms|groups|multinationals|players)\b"
            r"|\bwhich (?:[\w-]+ ){0,3}?groups\b",
            re.I,
        ),
        ("who", "which", "what", "list", "name"),
    ),
    # "What vaccines does it make?", "what kinds of therapy": examples of a kind, given as a list.
    (
        "kinds",
        re.compile(
            r"\bwhat (?:kinds?|types?|sorts?) of\b"
            r"|\b(?:what|which) (?:[\w-]+ ){0,2}?[\w-]+[^s\W]s (?:are|were|do|does|did|can|could|has|have|is)\b"
            r"|\bwhat (?:are|were) (?:the )?(?:main |key |different )?[\w-]+[^s\W]s\b"
            r"|\b(?:what|which) (?:[\w-]+ ){0,4}?(?:topics|areas|fields|themes|subjects|domains|specialt(?:y|ies))\b",
            re.I,
        ),
        ("what", "which"),
    ),
)
_NOUNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("percent", re.compile(r"\b(?:share|proportion|portion|slice) of\b", re.I), (" of",)),
    (
        "money",
        re.compile(
            r"\b(?:worth|cost|costs|price|turnover|revenue|budget|funding|spend|spending|expenditure)\b"
            r"|\bin (?:eur|euros?|usd|dollars?|pounds|gbp|sterling)\b"  # "exports value in eur"
            r"|\b(?:in value terms|by value|in terms of value)\b",  # "and exports in value terms?"
            re.I,
        ),
        (
            "worth",
            "cost",
            "price",
            "turnover",
            "revenue",
            "budget",
            "funding",
            "spend",
            "expenditure",
            "in ",
            "value",
        ),
    ),
    (
        "number",
        # "direct employment figure", "export stats": a keyword query asking for a figure
        re.compile(r"\b(?:amount|figures?|statistics?|stats|headcount)\b", re.I),
        ("amount", "figure", "statistic", "stats", "headcount"),
    ),
    ("rank", re.compile(r"\b(?:rank|ranks|ranked|ranking|position)\b", re.I), ("rank", "position")),
    # "Wallonia location vs. major cities": places
    (
        "place",
        re.compile(r"\b(?:location|cities|towns|(?:sea|air)?ports|harbou?rs)\b", re.I),
        ("location", "cities", "towns", "ports", "harbo"),
    ),
    ("name", re.compile(r"\bname\b", re.I), ("name",)),
)
# Matched against the question in lower case: several times faster than ignoring case. Each
# with the words one of which it needs (a question lacking them all is not searched for it).
_ASKS = tuple((kind, re.compile(pattern.pattern), needs) for kind, pattern, needs in _FORMS + _NOUNS)
KINDS = tuple(dict.fromkeys(kind for kind, _, _ in _ASKS))
# The words one of which any of them needs: those a question holds are found once, and a pattern
# is searched for only when the question holds a word it needs (most hold none of most kinds').
_NEEDS = tuple(sorted({w for _, _, needs in _ASKS for w in needs}))
_CONTACT = ("email", "phone", "web", "contact")
# The types answered by an address, which a question may name in part ("awex's e-mail").
ADDRESSED = ("email", "web", "contact")

# "Is it...?", "Does it...?": a yes-no question asks for no figure or name, even when it names
# one ("Is funding available?"), unless it also asks how, what or which.
_YES_NO = re.compile(
    r"^\W*(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|may|might|must)\b"
    # not a request put as a question ("would you be so kind as to indicate the amount ...?")
    r"(?!\s+(?:you|u)\s+(?:please\s+)?(?:(?:be so kind as to|kindly|mind)\s+)?"
    r"(?:tell|give|indicate|say|share|provide|list|name|show|explain|specify|state)\b)"
)
# A yes-no question comparing amounts. These three are matched against the question in lower case.
_COMPARED = re.compile(
    r"\b(?:more|less|fewer|bigger|larger|higher|lower|smaller|greater)\b(?:\s+[\w'-]+){0,6}?\s+than\b"
    r"|\b(?:half|twice|double|a third|a quarter) of\b",
)
_WH = re.compile(r"\b(?:what|what's|whats|which|who|whos|whom|whose|when|where|how)\b")
# "is there a maximum amount?", "are there any figures?": asks for the measure named, as "what is it?"
# does ("is there any funding?" asks whether there is)
_EXISTS = re.compile(
    r"^\W*(?:is|are|was|were) there (?:a|an|any) (?:[\w-]+ ){0,2}?"
    r"(?:amount|sum|figure|number|count|total|date|deadline|limit|cap|ceiling|maximum|minimum|rate|percentage)s?\b"
)

# What an abstention says the documents lack, for each kind the answer must have.
LACKING = {
    "email": "an e-mail address",
    "phone": "a phone number",
    "web": "a web address",
    "contact": "contact details",
    "identifier": "an identifier",
    "percent": "a percentage",
    "money": "an amount of money",
    "number": "a figure",
    "date": "a date",
    "duration": "a length of time",
    "distance": "a distance",
    "person": "a person's name",
    "name": "a name",
    "expansion": "a spelt-out form",
}


# "when" after another question word: the opening of a clause, not what is asked.
_WHEN_CLAUSE = re.compile(r"\b(?:what|which|who|whom|how|where|why)\b[^?.!]*?\bwhen\b")
# "whats", "wheres": "what's", "where's" typed without the apostrophe.
_UNAPOSTROPHISED_WORDS = ("whats", "wheres", "whos", "hows", "whens", "whys", "whichs")
_UNAPOSTROPHISED = re.compile(rf"\b({'|'.join(w[:-1] for w in _UNAPOSTROPHISED_WORDS)})s\b")


def question_cues(question: str) -> tuple[str | None, list[str]]:
    """The kind of answer the question asks for, and its words that say so (not a role it
    names: "the CEO" is who is asked about, and the documents must name the role)."""
    question = question.lower()
    if holds_any(question, _UNAPOSTROPHISED_WORDS):
        question = _UNAPOSTROPHISED.sub(r"\1 is", question)
    yes_no = _YES_NO.match(question) is not None and _WH.search(question) is None
    if yes_no and (compared := _COMPARED.findall(question)):
        return "number", compared  # "Are there more jobs in A than in B?" is answered by figures
    held = {word for word in _NEEDS if word in question}
    if not held:
        return None, []
    for kind, pattern, needs in _ASKS:
        # "is there a website?", "does it have a nickname?" ask for one; "is it first?" for no rank
        if yes_no and kind not in _CONTACT and kind != "alias" and not _EXISTS.match(question):
            continue
        if not held.isdisjoint(needs) and pattern.search(question):
            cues = pattern.findall(question)
            if cues == ["when"] and _WHEN_CLAUSE.search(question):
                continue  # "what stage were they in when they saw a response?": when, of a clause
            return kind, [" ".join(w for w in cue.split() if w not in ROLES) for cue in cues]
    return None, []


# "whats nsclc", "what is FDI?", "what does AACR mean": one word asked what it is.
_WHAT_IS_WORD = re.compile(
    r"^\W*what\s*(?:'s|’s|s\b|\s+is|\s+does)\s+(?:the\s+)?([A-Za-z]{2,6})(?:\s+(?:mean|stand for))?\W*$",
    re.I,
)
_ABBREVIATION = re.compile(r"\b[A-Z]{2,6}\b")  # as a text writes one


def asked_what_is(question: str) -> str | None:
    """The one short word a question asks what it is ("whats nsclc": "nsclc"), if it asks that alone."""
    match = _WHAT_IS_WORD.match(question) if len(question) < 40 else None
    return match.group(1) if match and match.group(1).lower() not in STOPWORDS else None  # not "what is it?"


def abbreviations(text: str) -> list[str]:
    """The words a text writes in capitals, as abbreviations are ("FDI", "NSCLC")."""
    return _ABBREVIATION.findall(text)


# "..., right?", "... isn't it?", "True?": a claim put to be checked.
CHECK_TAG = re.compile(
    r"\b(?:right|true|correct|accurate|yes|isn['’]?t it|aren['’]?t they|is that (?:right|so|true|correct|accurate)"
    r"|can you confirm(?: (?:that|it|this))?|or did i (?:misread|get (?:that|it) wrong)(?: that| it)?|or not|no"
    # "is that true or is he just bragging?", "true or not?"
    r"|(?:true|right|correct) or (?:not|false|wrong)"
    r"|(?:is that (?:true|right|so|correct) )?or (?:is )?(?:he|she|they|it)(?:['’]s|['’]re| is| are)? (?:just )?[a-z]+ing)\W*$",
    re.I,
)


def checks(question: str) -> bool:
    """Whether a question puts a claim to be checked ("Is it 500 companies?", "the US takes
    about 30%, right?"), rather than asking for something."""
    lower = question.lower().strip()
    yes_no = _YES_NO.match(lower) is not None and _WH.search(lower) is None
    return yes_no or puts_claim(question)


def puts_claim(question: str) -> bool:
    """Whether a question states what it checks: a statement put with a question mark ("R&D
    investment is EUR 3.5 billion?") or closed by a tag ("..., correct?"); not a question
    inverted ("Does it clear hepatitis B?"), whose names may be what it is asked of."""
    lower = question.lower().strip()
    if CHECK_TAG.search(lower, max(0, len(lower) - 32)) is not None:
        return True
    return lower.endswith("?") and _DECLARED.search(lower) is not None and _WH.search(lower) is None


_DECLARED = re.compile(r"\b(?:is|are|was|were|has|have|had)\b")


def checked_kind(question: str, figure: str) -> str:
    """The kind of a figure a check puts (`checks`), from how the question writes it: "30%", "30
    percent" a share; "EUR 4 billion", "$4bn" an amount of money; "4th" a rank; else a count."""
    at = question.find(figure)
    after = question[at + len(figure) : at + len(figure) + 12]
    if "%" in figure or _PERCENT_AFTER.match(after):
        return "percent"
    if _MONEY_BEFORE.search(question[max(0, at - 6) : at]) or _MONEY_AFTER.match(after):
        return "money"
    return "rank" if _ORDINAL.fullmatch(figure) else "number"


_PERCENT_AFTER = re.compile(r"\s*(?:%|percent|per cent)", re.I)
_MONEY_BEFORE = re.compile(r"(?:eur|euros?|usd|\$|€|£)\s*$", re.I)
_MONEY_AFTER = re.compile(r"\s*(?:bn|billion|million|m\b|k\b|euros?|eur\b|dollars?)", re.I)
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.I)


def asks_compared(question: str) -> bool:
    """Whether a yes-no question compares amounts ("is it more packed than Germany?")."""
    lower = question.lower()
    return (
        _YES_NO.match(lower) is not None and _WH.search(lower) is None and _COMPARED.search(lower) is not None
    )


def tells_compared(sentence: str) -> bool:
    """Whether a sentence says how one thing compares with another ("a higher density compared
    to Germany"): an answer to a yes-no comparison, without a figure."""
    return _COMPARISON_SAID.search(sentence) is not None


_COMPARISON_SAID = re.compile(
    r"\b(?:more|less|fewer|higher|lower|bigger|larger|greater|smaller|denser|stronger|weaker|faster|slower"
    r"|cheaper|better|worse|richer|poorer|older|younger|busier)\b(?:\s+[\w'-]+){0,4}?\s+"
    r"(?:than|compared (?:to|with)|relative to)\b",
    re.I,
)


def asks_which(question: str) -> bool:
    """Whether the question has a question word ("which is first?"), rather than asking whether
    something holds ("Is Belgium first?", "Belgium is number one in Europe?")."""
    return _WH.search(question.lower()) is not None


def asks_ahead(question: str) -> bool:
    """Whether the question asks when something will happen, or for how long it will last."""
    return _AHEAD.search(question) is not None


def tells_ahead(sentence: str) -> bool:
    """Whether a sentence speaks of what is to come: what it dates has not happened yet."""
    return _TO_COME.search(sentence) is not None


_AHEAD = re.compile(
    r"\bwill\b|\bgoing to\b|\b(?:is|are) (?:expected|due|scheduled|planned) to\b"
    r"|\bwhen (?:can|could|may|might)\b|\bhow soon\b",  # "when can patients get it?"
    re.I,
)
_TO_COME = re.compile(
    r"\b(?:will|shall|expected|expects?|planned|plans?|scheduled|due to|upcoming|next|forthcoming|future"
    r"|going to|aims? to|intends? to|by the end of)\b",
    re.I,
)


def lacks(question: str, words: tuple[str, ...]) -> bool:
    """Whether the question is ASCII and has none of these words (in lower case) in any case:
    then no case-blind pattern that needs one of them can match it. (Beyond ASCII, case-blind
    matching has exceptions that lower case has not: "ı" matches "i".)"""
    if not question.isascii():
        return False
    lower = question.lower()
    for word in words:  # noqa: SIM110 - holds_any's loop, inline: most questions pass through dozens of these
        if word in lower:
            return False
    return True


def asks_for_several(question: str) -> bool:
    """Whether the question asks for a list of names or places ("which companies", "list the
    firms", "which cities", "the big European cities")."""
    return not lacks(question, _SEVERAL_NEEDS) and _SEVERAL.search(question) is not None


def asks_for_company(question: str) -> bool:
    """Whether the question asks which company or firm ("which company makes ...", "who makes
    them?"): a name that reads as a company's answers it before other names."""
    return not lacks(question, _COMPANY_NEEDS) and _COMPANY_ASKED.search(question) is not None


# "which (big) company", "what firms", "who makes / produces / manufactures / develops"
_COMPANY_ASKED = re.compile(
    r"\b(?:which|what|name|list)\s+(?:[\w-]+\s+){0,3}?(?:compan(?:y|ies)|firms?|businesses|manufacturers?|makers?|producers?|multinationals?)\b"
    r"|\bwho\s+(?:makes?|made|produces?|produced|manufactures?|manufactured|develops?|developed|sells?|sold)\b",
    re.I,
)
_COMPANY_NEEDS = ("compan", "firm", "businesses", "manufacturer", "maker", "producer", "multinational", "who")
# What a company is asked to make ("which companies make the flu vaccines", "who produces
# radiopharmaceuticals"): the words after the verb, up to a preposition or the clause's end.
_MADE = re.compile(
    r"\b(?:(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:compan(?:y|ies)|firms?|businesses|manufacturers?|makers?|producers?)"
    r"|who)\s+(?:makes?|made|produces?|produced|manufactures?|manufactured|develops?|developed|supplies|supplied)"
    r"\s+((?:[\w-]+\s+){0,3}?[\w-]+)(?=\s+(?:in|for|at|from|on|with|near|across|against|to)\b|\s*[?.!,;]|\s*$)",
    re.I,
)
_NOT_MADE = frozenset(
    ("it", "them", "they", "this", "that", "these", "those", "one", "ones", "the", "any", "most")
)


def made_asked(question: str) -> tuple[int, int] | None:
    """Where the question says what the company it asks for makes ("which companies make the
    flu vaccines?": "the flu vaccines"); None when it does not, or says it with a pronoun
    ("who makes them?": what the conversation was about)."""
    needs = ("make", "made", "produc", "manufactur", "develop", "suppl")
    found = None if lacks(question, needs) else _MADE.search(question)
    if found is None:
        return None
    start, end = found.span(1)
    words = found.group(1).split()
    if words[-1].lower() in ("one", "ones") and len(words) > 1:  # "the covid ones": covid
        end -= len(words[-1]) + 1
    if all(w.lower() in _NOT_MADE for w in question[start:end].split()):
        return None
    return start, end


def made_pointed(question: str) -> str | None:
    """What a question asking which company makes something points back to it with ("who makes
    them?": "them"), as written; None when it names what is made, or asks no such thing."""
    found = None if lacks(question, ("make", "made", "produc", "manufactur")) else _MADE.search(question)
    if found is None or not _POINTED.fullmatch(found.group(1)):
        return None
    return found.group(1)


_POINTED = re.compile(r"(?:it|them|those|these|this|that)(?:\s+ones)?", re.I)


# A name that reads as a company's: a corporate word in it, or capitals alone ("UCB", "GSK").
COMPANY_NAME = re.compile(
    r"\b(?:Pharma|Pharmaceuticals?|Therapeutics|Biotech|Biologics|Labs?|Laboratories|Inc|Ltd|Group|Holdings"
    r"|Corporation|Corp|Company|SA|NV|AG|GmbH|plc|Scientific|Technologies|Biosciences|Medical|Healthcare)\b"
    r"|^[A-Z]{2,5}$"
)
# A name ending in one of these is a place, a cluster or an institution, not a company.
NO_COMPANY = re.compile(
    r"\b(?:Valley|Region|Park|Cluster|Hub|Association|University|Institute|Cent(?:re|er)|Hospital|Meeting"
    r"|Conference|Congress|Agency|Ministry|Council|Commission|Foundation|Network|Alliance|Society|School"
    r"|College|Academy|Government|Authority)[\"”’]?$"
)
# After a name, what says it is a company: "PDC Line Pharma, a biotech company in Liège"
COMPANY_AFTER = re.compile(
    r",?\s+(?:an?|the)\s+(?:[\w&-]+\s+){0,3}?(?:company|firm|start-?up|spin-?off|manufacturer|producer|group|business)\b",
    re.I,
)


def asks_for_place_kind(question: str) -> str | None:
    """The kind of place a question asks for, as the gazetteer tells them apart ("which cities",
    "what port": "city"; "which countries": "country"), if it names one."""
    found = None if lacks(question, _PLACE_KIND_NEEDS) else _PLACE_KIND.search(question)
    if found is None:
        return None
    return next(kind for kind, word in found.groupdict().items() if word)


def place_kind_qualified(question: str) -> tuple[int, int] | None:
    """Where the words between "which" or "what" and the kind of place asked for are ("what
    American city": "American"), if any."""
    found = _PLACE_KIND.search(question)
    if found is None:
        return None
    noun = next(found.start(kind) for kind, word in found.groupdict().items() if word)
    first = found.group().split(None, 1)[0]
    start = found.start() + len(first)
    return (start, noun) if question[start:noun].strip() else None


# The noun asked for, right after "which" or "what" or a few words on ("which major European cities").
_PLACE_KIND = re.compile(
    # not with a possessive between: "what is our region known for?" asks no region
    r"\b(?:which|what)\s+(?:(?!(?:our|your|their|its|my)\s)[\w-]+\s+){0,2}?(?:"
    r"(?P<city>cit(?:y|ies)|towns?|(?:sea)?ports?|harbou?rs?|capitals?)"
    r"|(?P<country>countr(?:y|ies)|nations?)"
    r"|(?P<region>regions?|provinces?)"
    r"|(?P<continent>continents?))\b",
    re.I,
)
_PLACE_KIND_NEEDS = (
    "cit",
    "town",
    "port",
    "harbo",
    "capital",
    "countr",
    "nation",
    "region",
    "province",
    "continent",
)
_SEVERAL = re.compile(
    r"\b(?:which|what|list|name|names of|who are|who're)\s+(?:the\s+|all\s+|some\s+)?(?:[\w-]+\s+){0,3}?"
    rf"(?:{_NAMED_PLURALS})\b"
    r"|\bwhat (?:are|were) (?:the |some )?(?:[\w-]+ ){0,3}?(?:names|companies|firms|groups|multinationals|players)\b"
    r"|\b(?:cities|towns|countries|continents|capitals|ports|seaports|airports|harbou?rs)\b",
    re.I,
)
_SEVERAL_NEEDS = (
    "compan", "firm", "corporation", "business", "organi", "partner", "multinational", "universit", "investor", "cities",
    "towns", "countries", "continents", "capitals", "ports", "harbo", "hospitals", "institut", "labs",
    "laborator", "agencies", "players", "names", "groups",
)  # fmt: skip


# A question about a document itself rather than what it says: who published it, when, its
# title, what it is about.
DOCUMENT_NOUNS = ("article", "page", "piece", "post", "document", "report", "story", "text", "blog")
# "the other article", "the other one": of two documents, the one the answer before did not come
# from; "that page", "the same article": the one it came from, or the question before named
POINTED_DOCUMENT = re.compile(
    rf"\b(?:(?P<other>the other)\s+(?:{'|'.join(DOCUMENT_NOUNS)}|one|source)"
    rf"|(?:that|this|the same)\s+(?:{'|'.join(DOCUMENT_NOUNS)}|source))\b",
    re.I,
)
DOCUMENTS = tuple(f"{n[:-1]}ies" if n.endswith("y") else f"{n}s" for n in DOCUMENT_NOUNS)  # their plurals
_DOCUMENT = rf"(?:{'|'.join(DOCUMENTS + DOCUMENT_NOUNS)})\b"
_PROVENANCE = (
    (
        "publisher",
        re.compile(
            r"\bwho (?:has |had |have )?(?:published|wrote|written|posted|authored|put out|puts out|released|issued)\b"
            r"|\b(?:who|what|which) (?:is|was) (?:the |its )?(?:publisher|author)\b"
            r"|\b(?:which|what) (?:organi[sz]ation|agency|site|website) (?:published|wrote|posted)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"\bwhen\b.*\b(?:published|posted|written)\b"
            r"|\b(?:publication|posting) date\b|\bdate of (?:publication|the (?:article|page|piece))\b"
            r"|\b(?:what|which) date\b.*\b(?:published|posted|written)\b"
            r"|\b(?:published|posted|written)\b.*\b(?:what|which) date\b"
            r"|\bhow long ago\b.*\b(?:published|posted|written)\b"
            # released, out: of a document named as such ("when did the article come out?"), not a vaccine's
            r"|(?=.*\b(?:article|page|piece|report|text|post|story|document|blog)s?\b)"
            r"(?:\bwhen\b.*\b(?:released|come out|came out|appeared?|wrote|write|publish|post)\b|\brelease date\b)",
            re.I,
        ),
    ),
    (
        "title",  # "what's the title of the article on belgium.be?", "what is the page called?"
        re.compile(
            rf"\b(?:title|headline)s?\b.*\b{_DOCUMENT}|\b{_DOCUMENT}.*\b(?:title|headline)s?\b"
            rf"|\b{_DOCUMENT}\s+(?:is |was )?(?:called|titled|named)\s*[?.!]*$",
            re.I,
        ),
    ),
    (
        "about",  # "in a nutshell, what is the belgium.be article about?", "what does the page cover?"
        re.compile(
            rf"\bwhat\b.*\b{_DOCUMENT}(?:\s+(?:on|about|of|from|by|in)\s+[^?.!,]{{1,60}}?)?"
            r"\s+(?:(?:is|are|was|were)\s+)?(?:(?:mainly|mostly|really|all)\s+)?"
            r"(?:about|on|cover|covers|discuss|discusses)\s*[?.!]*$"
            rf"|\b(?:summar(?:y|ise|ize)|gist|outline)\b.*\b{_DOCUMENT}",
            re.I,
        ),
    ),
)
_PROVENANCE_NEEDS = (
    "publish",
    "wr",
    "post",
    "author",
    "releas",
    "came out",
    "come out",
    "put out",
    "puts out",
    "issued",
    "appear",
    "date",
)
# The words one of which a question about a document's title or subject needs: its kind of document.
_DOCUMENT_NEEDS = tuple(n.removesuffix("y") for n in DOCUMENT_NOUNS)  # "stor": "story", "stories"


# The words of those questions that ask it: the document need not hold them.
PROVENANCE_WORDS = frozenset(
    re.findall(
        r"\w+",
        "published publish wrote write written post posted authored released issued put puts out come came appear publisher author "
        "publication posting release date title titled headline called named about cover covers summary "
        "summarise summarize gist outline nutshell two both",
    )
) | frozenset(DOCUMENT_NOUNS + DOCUMENTS)


def asks_provenance(question: str) -> str | None:
    """What a question asks of a document itself ("publisher", "date", "title" or "about": "who
    published the article on X?", "when was it posted?", "what is the page about?"); None for a
    question about what documents say."""
    kinds = [] if lacks(question, _PROVENANCE_NEEDS) else ["publisher", "date"]
    kinds += [] if lacks(question, _DOCUMENT_NEEDS) else ["title", "about"]
    return next((kind for kind, pattern in _PROVENANCE if kind in kinds and pattern.search(question)), None)


def question_type(question: str) -> str | None:
    """The kind of answer a question asks for, or None when it asks for none in particular."""
    return question_cues(question)[0]


# --- Where a sentence has it -------------------------------------------------------------------

_NUM = r"(?<!\d[.,])\d+(?:[.,]\d+)*"  # not the digits after a decimal point
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_QUALIFIER = r"(?:(?:over|more than|less than|almost|about|around|nearly|up to|below|under|above|at least|some|approximately|roughly)\s+)?"
_UNIT = r"(?:\s?(?:%|percent|per cent)|\s?(?:billion|million|thousand|bn|m)\b|x\b)?"
# ISO codes of the most traded currencies, their symbols, and the rand's R glued to its figure.
_MONEY_SIGN = r"(?:(?:EUR|USD|GBP|JPY|CHF|CNY|CAD|AUD|SEK|NOK|DKK|INR|ZAR|US|A|C)?[$€£¥₹]|(?:EUR|USD|GBP|JPY|CHF|CNY|CAD|AUD|SEK|NOK|DKK|INR|ZAR)\b|R(?=\d))"
_YEAR = r"(?:19|20)\d\d\b(?![.,]\d|\s?(?:%|percent|per cent|billion|million|thousand|bn)\b)"
_COUNT_WORDS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
_WORDS_AFTER = r"(?:\s+(?!(?:EUR|USD|GBP)\b)[^\W\d][\w&-]*){0,5}"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_WEB = r"(?:https?://|www\.)[^\s()<>]+[^\s()<>.,;:!?]"
_PHONE = r"\+?\d[\d ()./-]{7,}\d"
# A capitalised word that can be part of a person's name: not one that names an organisation,
# an event or a place's kind ("Association", "Meeting", "Valley").
_NOT_PERSONAL = (
    "Academy|Agency|Alliance|Annual|Association|Authority|Bank|Biotech|Board|Bureau|Capital|Center|Centre"
    "|Clinic|College|Commission|Committee|Company|Conference|Congress|Corporation|Council|Department"
    "|Foundation|Fund|Group|Health|Holdings|Hospital|Inc|Industries|Institute|International|Investment"
    "|Laboratories|Labs|League|Ltd|Meeting|Ministry|Museum|National|Network|Office|Organi[sz]ation"
    "|Partners|Pharma|Pharmaceuticals?|Program|Programme|Research|School|Science|Sciences|Scientific"
    "|Service|Services|Society|Summit|Systems|Technologies|Therapeutics|Trade|Trust|University|Valley"
    "|Ventures|Week|World"
    # words opening a sentence ("The Walloon region"), no one's name
    "|The|This|That|These|Those|Its|Their|Our|Your|His|Her|An?|In|On|At|For|With|From|By|As|And|But|Over|Thanks"
)
_PERSON_WORD = rf"(?!(?:{_NOT_PERSONAL})\b)[A-Z][a-z\u00C0-\u017F]+(?:-[A-Z][a-z\u00C0-\u017F]+)?"
_ITEM = r"[^\W\d][\w&'-]*(?:\s+(?!(?:and|or)\b)[\w&'-]+){0,3}"
_PARTY = r"[a-z][\w&'-]*(?:\s+(?!(?:and|or)\b)[a-z][\w&'-]*){0,3}"  # "research centres": no name
_NAME = r"\b[A-Z][\w&*'\u00C0-\u017F-]*(?:\s+(?:&\s+)?[A-Z][\w&*'\u00C0-\u017F-]*)*"
SPANS: dict[str, re.Pattern[str]] = {
    "email": re.compile(_EMAIL),
    "phone": re.compile(_PHONE),
    "web": re.compile(_WEB),
    "contact": re.compile(f"{_EMAIL}|{_WEB}|{_PHONE}"),
    # letters then many digits ("NCT03970746", "ISRCTN12345678"), or EudraCT's "2020-001234-56"
    "identifier": re.compile(r"\b(?:[A-Z]{2,}[A-Z-]*\d{5,}|(?:19|20)\d\d-\d{6}-\d\d)\b"),
    "money": re.compile(
        rf"{_QUALIFIER}(?:{_MONEY_SIGN}\s?{_NUM}(?:\s?(?:billion|million|thousand|bn|m)\b)?"
        rf"|{_NUM}\s?(?:billion|million|thousand)?\s?(?:euros?|dollars?|pounds?|francs?|yen|rand|EUR|USD|GBP)\b)",
        re.I,
    ),
    # Not a code's digits ("PDC-LUNG-101"), nor a year standing alone ("in 2024"): neither counts.
    "number": re.compile(
        rf"(?<![\w-]){_QUALIFIER}(?:{_MONEY_SIGN}\s?|(?<![\w-])(?!{_YEAR})){_NUM}{_UNIT}{_WORDS_AFTER}", re.I
    ),
    # "the three regions": a count spelt out before what it counts (not "one of the best")
    "spelt count": re.compile(rf"(?<![\w-]){_QUALIFIER}(?:{_COUNT_WORDS})\s+(?:[a-z-]+\s+)?[a-z-]+s\b", re.I),
    "percent": re.compile(rf"\b{_QUALIFIER}{_NUM}\s?(?:%|percent|per cent){_WORDS_AFTER}", re.I),
    # "18 months", "two and a half years", "from 1995 to 1998".
    "duration": re.compile(
        rf"\b{_QUALIFIER}(?:{_NUM}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
        r"|twenty|thirty|fifty|hundred|several|a few|many)(?:\s+and\s+a\s+half|\s+half)?[\s-]+"
        # not "a second place": an ordinal
        r"(?:(?<!\ba )(?<!\bone )seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries)\b(?:\s+and\s+a\s+half)?"
        rf"|\b(?:from|between)\s+(?:{_MONTH}\s+)?(?:19|20)\d\d\s+(?:to|and|until)\s+(?:{_MONTH}\s+)?(?:19|20)\d\d\b",
        re.I,
    ),
    # "120 km", "75 miles", "an hour's drive" is no distance but a duration.
    "distance": re.compile(rf"\b{_NUM}\s?(?:km|kms|kilomet(?:er|re)s?|miles?|m)\b", re.I),
    # A date, a year, or a time named by what happened then ("during the COVID-19 pandemic").
    "date": re.compile(
        r"\b(?:(?:in|on|since|by)\s+)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4}|(?:19|20)\d{2})\b"
        r"|\b(?:during|since|after|before)\s+the\s+(?:[\w-]+\s+){0,3}?"
        r"(?:pandemic|epidemic|outbreak|war|crisis|recession|lockdowns?)\b"
    ),
    "rank": re.compile(
        r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top\s+\d+|\d+(?:st|nd|rd|th))\b(?:\s+[\w-]+){0,4}",
        re.I,
    ),
    "place": re.compile(
        r"\b(?:in|at|from|near|between)\s+(?:the\s+)?(?:[A-Z][\w\u00C0-\u017F'-]+(?:\s+(?:and\s+)?[A-Z][\w\u00C0-\u017F'-]+)*)(?:,\s+[A-Z][\w\u00C0-\u017F'-]+)*"
        r"(?:,?\s+(?:and|or)\s+[A-Z][\w\u00C0-\u017F'-]+)?"  # "between Amsterdam, Paris and Frankfurt"
        # "where are they sold?": "on a global scale", "worldwide", "abroad"
        r"|\b(?i:(?:on|at) (?:a|the) (?:global|international|worldwide|world) (?:scale|level)"
        r"|worldwide|abroad|overseas|(?:all )?(?:around|over|across) the world)\b"
    ),
    "person": re.compile(
        rf"\b(?:(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)?{_PERSON_WORD}(?:\s+[A-Z]\.)?(?:\s+(?:van|von|de|der|den|du|da|di|le|la))?(?:\s+{_PERSON_WORD}){{1,2}}"
    ),
    # What follows "thanks to", "because", "due to", up to the clause's end.
    "reason": re.compile(
        r"\b(?:thanks to|because(?: of)?|due to|owing to|as a result of|driven by|fuell?ed by)\s+(?P<span>[^.;:()]+)",
        re.I,
    ),
    # The words before an abbreviation in brackets ("foreign direct investment (FDI)").
    "expansion": re.compile(
        r"(?P<span>(?:[A-Za-z][\w&'-]*\s+){1,5}[A-Za-z][\w&'-]*)\s*\((?P<abbr>[A-Z][A-Za-z&]{1,9})\)"
    ),
    # The name after "known as", "called", "dubbed": quoted, or up to the clause's end.
    "alias": re.compile(
        r"\b(?:so-called|(?:known|referred to|branded) as|called|dubbed|nicknamed)\s+(?:the\s+)?"
        r"(?P<span>[\"“‘][^\"”’]{2,60}[\"”’]|[\w&'-]+(?:\s+(?!(?:and|which|that|who|is|are|was|were|has|have|for)\b)[\w&'-]+){0,5})"
    ),
    # Examples of a kind: the list after "including", "such as", "among other things".
    "kinds": re.compile(
        r"\b(?:including|such as|namely|among other things,?"
        # "through A, B, C and D": the means, when listed
        rf"|through(?=\s+{_ITEM}\s*,\s*{_ITEM}\s*,))\s+"
        rf"(?P<span>{_ITEM}(?:\s*,\s*{_ITEM})*(?:\s*,?\s+(?:and|or)\s+{_ITEM})?)",
        re.I,
    ),
    # Three names or more, separated by commas or "and": what a question asking for several wants.
    "names": re.compile(rf"{_NAME}(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME}){{2,}}"),
    # Names; or who takes part, listed after "between" or "among" ("the collaboration between
    # universities, research centres and public authorities"): who does it, when no one is named.
    "name": re.compile(
        # "American Association for Cancer Research" (not "Paris and Frankfurt": places); not "II" of "phase I/II"
        r"\b[A-Z][\w&*'\u00C0-\u017F-]*(?:\s+(?:(?:&|for|of)\s+)?[A-Z][\w&*'\u00C0-\u017F-]*)+"
        r"|\b(?![IVX]+\b)[A-Z]{2,}\b"
        rf"|(?<=\bbetween )(?:the\s+)?{_PARTY}(?:\s*,\s*{_PARTY})+\s*,?\s+and\s+{_PARTY}"
        rf"|(?<=\bamong )(?:the\s+)?{_PARTY}(?:\s*,\s*{_PARTY})+\s*,?\s+and\s+{_PARTY}"
    ),
}
# Figures: two documents may give different ones for what was asked, and both are shown.
FIGURES = ("number", "percent", "money")
# Kinds of answer two documents may each give their own of (two names for one thing): both shown.
RIVALLED = (*FIGURES, "alias")
TRAILING_STOP = re.compile(
    r"(?:\s+(?:and|or|in|of|the|a|an|to|for|with|by|as|at|on|which|that|is|are|from|its|their))+$", re.I
)
