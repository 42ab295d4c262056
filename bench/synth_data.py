"""Word lists and fixed facts for the synthetic corpus (``bench/synth.py``).

Everything that names a real thing (a body, a summit, a convention) is written the way the ingest's
gazetteers spell it, with the key the ingest gives it, so the ground truth needs no parser. The
commitment wording is assembled from five slots; lists are long enough that two fresh paragraphs
rarely share more than a stock phrase.
"""

from __future__ import annotations

# --- commitments: "<verb> <topic> <audience>, <purpose>, <qualifier>." ----------------------------

ACTIVITY_VERBS = (
    "Promote", "Facilitate", "Offer training on", "Conduct research on", "Design instruments on",
    "Exchange best practices on", "Develop tools to monitor", "Compile and systematize data on",
    "Provide technical assistance on", "Foster dialogue on", "Strengthen cooperation on",
    "Disseminate information on", "Prepare a comparative study on", "Support national efforts on",
    "Establish follow-up mechanisms for", "Organize regional workshops on", "Review legislation on",
    "Publish guidelines on", "Encourage pilot projects on", "Coordinate inter-agency work on",
)

# A topic is "<quality> <service> for <group quality> <group> <setting>": small independent slots of
# one or two words each, so two fresh paragraphs share a word here and there (as unrelated texts
# on one subject do) but almost never a run of them (which a reuse detector would rightly call reuse).
QUALITIES = (
    "timely", "affordable", "adequate", "free", "safe", "gender-sensitive", "universal", "accessible",
    "culturally appropriate", "confidential", "prompt", "continuous", "community-based", "mobile",
    "decentralized", "bilingual", "emergency", "preventive", "specialized", "voluntary",
)
SERVICES = (
    "consular notification", "labor inspection", "pension portability", "birth registration", "legal aid",
    "vaccination", "language courses", "complaint mechanisms", "microcredit", "shelter", "interpretation",
    "mental health care", "school enrollment", "maternity leave", "wage protection", "identity documents",
    "family reunification", "return assistance", "job placement", "housing", "dental care", "driver licensing",
    "vocational training", "diploma recognition", "banking services", "victim identification",
    "repatriation of remains", "electoral registration", "child care", "trade union membership",
)
GROUP_QUALITIES = (
    "seasonal", "undocumented", "elderly", "young", "indigenous", "rural", "returning", "temporary",
    "pregnant", "stranded", "disabled", "unaccompanied", "recently arrived", "circular", "displaced",
    "detained", "self-employed", "deported", "Afro-descendant", "widowed",
)
GROUPS = (
    "farmworkers", "domestic workers", "asylum seekers", "students", "fishers", "nurses", "street vendors",
    "miners", "seafarers", "caregivers", "truck drivers", "adolescents", "construction laborers",
    "garment workers", "retirees", "entrepreneurs", "musicians", "refugees", "commuters", "loggers",
    "meatpackers", "dockworkers", "artisans", "teachers", "cleaners",
)
SETTINGS = (
    "in frontier provinces", "along transit corridors", "in urban reception centers", "on maritime routes",
    "in rural municipalities", "at land ports of entry", "in export processing zones", "in island states",
    "in desert crossings", "in consular districts", "in capital cities", "in mountain passes",
    "in agricultural valleys", "in coastal lowlands", "in temporary shelters", "in detention facilities",
    "in free trade zones", "in remote river basins", "in tourist resorts", "in mining towns",
    "near international bridges", "in fishing villages", "in industrial suburbs", "on plantation estates",
    "in highland communities", "in airport transit areas", "in border cities", "in refugee camps",
)

# "for <rank> <officials>": two slots, so no audience is a fixed phrase.
AUDIENCE_RANKS = ("local", "provincial", "newly appointed", "senior", "regional", "municipal", "federal",
                  "volunteer", "frontline", "district", "specialized", "trainee", "chief", "part-time", "visiting")
AUDIENCE_ROLES = ("consular officers", "labor inspectors", "border guards", "judges", "prosecutors",
                  "school principals", "hospital staff", "employers", "statisticians", "journalists",
                  "shelter coordinators", "legislators", "union leaders", "diaspora leaders", "pension administrators",
                  "ombudspersons", "police officers", "social workers", "notaries", "customs officials")

PURPOSE_FRAMES = ("in order to", "so as to", "aiming to", "in an effort to", "as a means to", "seeking to")
GOAL_VERBS = (
    "reduce", "prevent", "shorten", "lower", "identify", "answer", "harmonize", "measure", "protect",
    "avoid", "detect", "broaden", "curb", "expand", "raise", "speed up", "strengthen", "end", "trace",
    "improve", "publish", "monitor", "simplify", "document",
)
GOAL_OBJECTS = (
    "irregular hiring", "arbitrary detention", "processing delays", "transaction fees", "legal loopholes",
    "pending complaints", "administrative procedures", "agreed indicators", "personal records",
    "family separation", "forged passports", "language barriers", "court backlogs", "donor duplication",
    "pay gaps", "usurious lending", "insurance coverage", "employer awareness", "reunification cases",
    "local ownership", "recruitment fees", "missing persons", "school dropout", "working hours",
    "emergency response", "yearly statistics", "wage theft", "eviction threats", "debt bondage",
    "smuggling networks",
)

# "<together with> <partners>", optional.
QUALIFIER_FRAMES = ("in coordination with", "with the participation of", "drawing on the experience of",
                    "in consultation with", "with support from", "together with", "under the guidance of",
                    "in partnership with")
QUALIFIER_PARTNERS = ("national human rights institutions", "academic institutions", "subregional forums",
                      "affected communities", "faith-based shelters", "municipal councils", "bar associations",
                      "chambers of commerce", "women's organizations", "youth networks", "medical associations",
                      "indigenous authorities", "consular networks", "development banks", "statistical offices",
                      "labor ministries", "teachers' colleges", "press councils", "ombudsman offices",
                      "farmers' cooperatives")

# Formulas nearly every instrument repeats; the ingest's stock-phrase list knows them. A fresh
# paragraph holding one of them is a distractor: it shares wording with earlier paragraphs but
# no commitment.
STOCK_PHRASES = (
    "the human rights of migrants, including migrant workers and their families",
    "in keeping with the domestic legal system of each state",
    "countries of origin, transit, and destination",
    "within the resources allocated in the program-budget of the Organization",
)
# How a stock phrase joins the topic of a commitment ("{topic}, bearing in mind {phrase},").
STOCK_FRAMES = {
    STOCK_PHRASES[0]: "{topic}, with due regard for {phrase},",
    STOCK_PHRASES[1]: "{topic}, {phrase},",
    STOCK_PHRASES[2]: "{topic} and in {phrase}",
    STOCK_PHRASES[3]: "{topic}, {phrase},",
}

# Light edits: substitutions that keep the meaning, words that may be inserted or dropped.
SYNONYMS = {
    "Promote": "Foster", "Foster": "Encourage", "Facilitate": "Enable", "training": "capacity-building",
    "research": "studies", "information": "data", "cooperation": "collaboration",
    "officers": "officials", "authorities": "officials", "reducing": "curbing",
    "guarantee": "ensure", "identify": "detect", "broadening": "expanding", "harmonizing": "aligning",
    "progress": "advances", "priority": "preference", "periodic": "regular", "results": "outcomes",
    "timely": "prompt", "affordable": "low-cost", "adequate": "sufficient", "safe": "secure",
    "reduce": "lower", "prevent": "avert", "improve": "enhance", "monitor": "track", "detect": "uncover",
    "free": "cost-free", "universal": "general", "elderly": "older", "young": "youthful", "students": "pupils",
    "judges": "magistrates", "journalists": "reporters", "employers": "businesses", "lower": "cut",
    "expand": "extend", "simplify": "streamline", "document": "record", "publish": "release", "end": "eliminate",
    "Support": "Back", "Review": "Examine", "Publish": "Issue", "Organize": "Hold", "study": "analysis",
    "tools": "instruments", "guidelines": "recommendations", "staff": "personnel", "equal": "the same",
}
ADVERBS = ("also", "further", "effectively", "actively", "gradually")
HEDGES = ("as appropriate,", "where possible,", "in particular", "inter alia,", "where relevant,")
DROPPABLE = ("also", "further", "all", "relevant", "existing", "national", "periodic", "free", "specialized",
             "private", "public", "local", "timely", "adequate", "safe", "prompt", "continuous", "regional",
             "senior", "frontline", "district", "chief", "visiting", "recently", "temporary", "young")

# --- bodies a program or work plan assigns activities to (gazetteer names, keys) ----------------
# Renamed bodies are left out: which name holds depends on the date, and the point here is
# assignment, not renaming.
ACTORS = (
    ("General Secretariat", "", "oas:general-secretariat"),
    ("Committee on Migration Issues", "CAM", "oas:cam"),
    ("Inter-American Commission on Human Rights", "IACHR", "oas:iachr"),
    ("Inter-American Commission of Women", "CIM", "oas:cim"),
    ("Inter-American Children's Institute", "IIN", "oas:iin"),
    ("Pan American Health Organization", "PAHO", "oas:paho"),
    ("Inter-American Conference of Ministers of Labor", "IACML", "oas:iacml"),
    ("Secretariat for Multidimensional Security", "", "oas:secretariat-multidimensional-security"),
    ("Trafficking in Persons Section", "", "oas:trafficking-in-persons-section"),
)
MEMBER_STATES_KEY = "collective:oas-member-states"

# "To renew the mandate of <body>": (as written, key, first ISO date the name holds)
RENEWABLE = (
    ("the Special Rapporteurship on Migrant Workers and Their Families", "oas:iachr-rapporteurship-migrant-workers",
     "1976-01-01"),
    ("the Working Group to Prepare an Inter-American Program", "oas:gt-tm", "2004-02-01"),
)

# --- titles of resolution series -------------------------------------------------------------

OAS_SERIES = (
    "The Human Rights of All Migrant Workers and Their Families",
    "Consular Protection of Nationals Abroad",
    "Inter-American Program on Labor Mobility",
    "Protection of Unaccompanied Migrant Children",
    "Fight against Trafficking in Persons in the Hemisphere",
    "Remittances and Development in the Americas",
    "Return and Reintegration of Migrants",
    "Regional Cooperation on Displacement",
)
UN_SERIES = (
    "Protection of migrants",
    "Violence against women migrant workers",
    "International migration and development",
    "Trafficking in women and girls",
    "Human rights of migrants in transit",
    "Protection of children on the move",
)
PROGRAM_TOPICS = (
    "the Promotion and Protection of the Human Rights of Migrants",
    "Consular Cooperation",
    "Labor Mobility and Decent Work",
    "the Protection of Children on the Move",
    "the Prevention of Trafficking in Persons",
)

# --- references to things outside the corpus ------------------------------------------------

# (as written, key, ISO date from which it may be cited)
CONVENTIONS = (
    ("Vienna Convention on Consular Relations", "conv:vienna-consular-relations", "1963-04-24"),
    ("Universal Declaration of Human Rights", "conv:udhr", "1948-12-10"),
    ("International Covenant on Civil and Political Rights", "conv:iccpr", "1966-12-16"),
    ("Convention on the Rights of the Child", "conv:crc", "1989-11-20"),
    (("International Convention on the Protection of the Rights of All Migrant Workers and Members of Their "
      "Families"), "conv:icrmw", "1990-12-18"),
    ("United Nations Convention against Transnational Organized Crime", "conv:untoc", "2000-11-15"),
)
# Convention clauses a commitment may end with (the name is protected from edits).
CONVENTION_CLAUSES = (
    ("in keeping with the obligations of states party to the ", "Vienna Convention on Consular Relations"),
    ("consistent with the ", "Convention on the Rights of the Child"),
    ("in accordance with the ", "International Covenant on Civil and Political Rights"),
)

# (as written, key, ISO date held): ordinal forms and instruments, as the summit finder knows them.
SUMMITS = (
    ("First Summit of the Americas", "summit:1", "1994-12-11"),
    ("Plan of Action of the First Summit of the Americas", "summit:1:plan-of-action", "1994-12-11"),
    ("Second Summit of the Americas", "summit:2", "1998-04-19"),
    ("Declaration of Santiago", "summit:2:declaration", "1998-04-19"),
    ("Third Summit of the Americas", "summit:3", "2001-04-22"),
    ("Plan of Action of the Third Summit of the Americas", "summit:3:plan-of-action", "2001-04-22"),
    ("Declaration of Nuevo León", "summit:special-2004:declaration", "2004-01-13"),
    ("Fourth Summit of the Americas", "summit:4", "2005-11-05"),
    ("Declaration of Mar del Plata", "summit:4:declaration", "2005-11-05"),
    ("Declaration of Commitment of Port of Spain", "summit:5:declaration", "2009-04-19"),
    ("Sixth Summit of the Americas", "summit:6", "2012-04-15"),
    ("Seventh Summit of the Americas", "summit:7", "2015-04-11"),
    ("Lima Commitment", "summit:8:commitment", "2018-04-14"),
    ("Los Angeles Declaration on Migration and Protection", "summit:9:declaration", "2022-06-10"),
)

# Summits whose Plan of Action an anaphor ("in their Plan of Action") can name (summits.toml).
SUMMITS_WITH_PLAN = ("summit:1", "summit:2", "summit:3", "summit:4")

# --- resolution furniture ----------------------------------------------------------------------

OAS_PREAMBLE_LEADS = ("NOTING", "REAFFIRMING", "RECOGNIZING", "EMPHASIZING", "CONCERNED", "STRESSING")
OAS_OPERATIVE_LEADS = ("To urge member states to", "To encourage member states to",
                       "To invite member states to", "To call upon member states to")
UN_OPERATIVE_LEADS = ("Calls upon States to", "Encourages States to", "Urges Member States to",
                      "Invites States to", "Also calls upon States to")
UN_PREAMBLE_LEADS = ("Reaffirming", "Recognizing", "Stressing", "Noting with concern", "Bearing in mind",
                     "Emphasizing")
PREAMBLE_CLAUSES = (
    "that the movement of persons across the Hemisphere has grown in volume and complexity",
    "the contribution of migrants to the economies of the countries that receive them",
    "that irregular status must never deprive a person of the guarantees of due process",
    "the importance of reliable statistics for the design of public policy",
    "that cooperation among neighboring states is indispensable for orderly mobility",
    "the particular risks faced by women and children travelling without documents",
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
PLENARY = ("first", "second", "third", "fourth", "fifth")

_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_UNITS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}


def ordinal_word(n: int) -> str:
    """1 -> "first", 69 -> "sixty-ninth", 70 -> "seventieth" (1..99; UN and OAS session names)."""
    if n < 20:
        word = _UNITS[n]
        return _ORDINAL_UNITS.get(word, word + "th")
    tens, units = divmod(n, 10)
    if units == 0:
        return _TENS[tens][:-1] + "ieth"
    return f"{_TENS[tens]}-{ordinal_word(units)}"


def roman(n: int) -> str:
    """Roman numeral of 1..399 (OAS session numbers)."""
    out = []
    for value, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
