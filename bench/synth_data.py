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

# --- summit commitments a work plan or program quotes, and later activities rephrase -----------
# (instrument as an introducing sentence names it, instrument key, ISO date it was adopted,
# commitments). A commitment is (verb, object, clauses): quoted as "<Verb> <object>, <clause>,
# ...."; a paraphrase changes the verb, rewords the object, drops or moves a clause and adds an
# implementing one. Wording in the style of the plans of action; no body names and no document
# symbols (the ingest would read them as citations), the Vienna Convention named where a real
# commitment names it (its name is kept in every paraphrase, and cited).
VIENNA = "Vienna Convention on Consular Relations"
SUMMIT_COMMITMENTS = (
    ("Plan of Action of the First Summit of the Americas", "summit:1:plan-of-action", "1994-12-11", (
        ("Encourage", "the negotiation of bilateral agreements on the portability of social security benefits "
         "earned abroad", ("so that returning workers do not lose the pensions they have accrued",)),
        ("Promote", "public awareness campaigns against xenophobia and racial discrimination toward foreign workers",
         ("with particular attention to the mass media and the school system",)),
        ("Ensure", "equal protection in wages and working conditions for foreign workers and nationals under "
         "labor legislation", ("regardless of the economic sector in which they are employed",)),
        ("Combat", "fraudulent recruitment agencies that charge excessive fees to prospective emigrants",
         ("and cooperate in the exchange of information on their operations",)),
    )),
    ("Plan of Action of the Second Summit of the Americas", "summit:2:plan-of-action", "1998-04-19", (
        ("Seek full respect for, and compliance with,", f"the 1963 {VIENNA}",
         ("especially as it relates to the right of nationals, regardless of their immigration status, to "
          "communicate with a consular officer of their own State in case of detention",)),
        ("Facilitate", "the payment of full wages owed when the worker has returned to his or her country",
         ("and allow workers to arrange the transfer of their personal effects",)),
        ("Recognize", "the rights of citizenship and nationality of the children born abroad to foreign workers",
         ("and any other rights they may have in each country",)),
        ("Prevent", "abuse and mistreatment of foreign workers by employers or by officers entrusted with border "
         "control", ("through law enforcement and information campaigns",)),
    )),
    ("Declaration of Santiago", "summit:2:declaration", "1998-04-19", (
        ("Guarantee", "decent treatment to seasonal harvest workers who cross borders",
         ("and ensure their safe return home at the end of the season",)),
        ("Strengthen", "hemispheric dialogue on the causes and consequences of population movements",
         ("with a comprehensive, objective and long-term focus",)),
        ("Build", "cooperation among neighboring countries to dismantle networks that smuggle people across "
         "borders", ("punishing those who profit from that crime",)),
    )),
    ("Plan of Action of the Third Summit of the Americas", "summit:3:plan-of-action", "2001-04-22", (
        ("Undertake", "the widest possible exchange of information among states concerning illegal trafficking "
         "networks", ("including preventive campaigns on the dangers faced by women and children",
                      "with a view to eradicating this crime")),
        ("Establish", "linkages with subregional processes to exchange information on the migration phenomenon",
         ("and promote cooperation with specialized agencies",)),
        ("Ensure", "dignified, humane treatment with appropriate legal protections and safe and healthy labor "
         "conditions for foreign workers", ("in countries of employment and along the routes they travel",)),
        ("Strengthen", "consular networks so that stranded nationals abroad receive prompt travel documents and "
         "repatriation", ("especially in emergencies and natural disasters",)),
    )),
    ("Declaration of Quebec City", "summit:3:declaration", "2001-04-22", (
        ("Recognize", "the cultural and economic contributions made by newcomers to receiving societies",
         ("as well as to their communities of origin",)),
        ("Lower", "the charges that families pay on money sent home by relatives working abroad",
         ("by fostering competition among transfer companies",)),
    )),
    ("Declaration of Nuevo León", "summit:special-2004:declaration", "2004-01-13", (
        ("Promote", "the reintegration of returning nationals into the labor market of their home communities",
         ("by recognizing the skills and diplomas acquired abroad",)),
        ("Fight", "trafficking in human beings with coordinated border controls and specialized prosecutors",
         ("while caring for and sheltering the victims",)),
        ("Halve", "the average commission charged on remittance transfers across the Hemisphere",
         ("promoting formal channels and financial literacy among recipients",)),
    )),
    ("Plan of Action of the Fourth Summit of the Americas", "summit:4:plan-of-action", "2005-11-05", (
        ("Promote", "decent work for foreign workers through bilateral agreements on temporary employment",
         ("setting clear rules on recruitment, wages and return",)),
        ("Adopt", "effective measures against child labor in agriculture, domestic service and informal mining",
         ("with special attention to the sons and daughters of seasonal workers",)),
        ("Improve", "the collection and exchange of labor mobility statistics among the countries of the region",
         ("so that public policy rests on comparable data",)),
    )),
    ("Declaration of Commitment of Port of Spain", "summit:5:declaration", "2009-04-19", (
        ("Strengthen", "regional dialogue on mobility policies that respect the dignity of every person",
         ("regardless of immigration status",)),
        ("Facilitate", "orderly and safe labor mobility by simplifying the recognition of professional "
         "qualifications", ("in particular for health and education workers",)),
        ("Protect", "unaccompanied children on the move from violence, exploitation and detention",
         ("giving priority to their best interests and to family unity",)),
    )),
    ("Lima Commitment", "summit:8:commitment", "2018-04-14", (
        ("Prevent", "corruption in border and customs administration that facilitates the smuggling of people",
         ("through transparent procedures and electronic records",)),
        ("Promote", "the financial inclusion of remittance recipients through affordable digital payment services",
         ("especially in rural areas",)),
    )),
    ("Los Angeles Declaration on Migration and Protection", "summit:9:declaration", "2022-06-10", (
        ("Expand", "regular pathways for temporary and seasonal employment",
         ("with safeguards against abusive recruitment practices",)),
        ("Strengthen", "the capacity of host communities to integrate displaced persons",
         ("including access to health care, schooling and identity documents",)),
        ("Promote", "the humane and orderly return of persons without protection needs",
         ("ensuring their sustainable reintegration and access to consular assistance",)),
    )),
)
# How an introducing sentence hands over to the quoted commitments ("... established that
# governments would:"), as in the sample corpus.
QUOTE_INTROS = (
    "In the {name}, the Heads of State and Government established that governments would:",
    "In the {name}, the Heads of State and Government undertook to:",
    "The {name} reads, in its relevant part:",
)
QUOTE_INLINE_INTROS = (
    "In the {name}, the Heads of State and Government declared that they would",
    "In the {name}, the Heads of State and Government pledged, inter alia, to",
    "In the {name}, they committed to",
)
# A paraphrase: another verb of the same sense, words reworded in the object, what implements it.
PARAPHRASE_VERBS = {
    "Encourage": ("Promote", "Support"), "Promote": ("Foster", "Advance", "Support"),
    "Ensure": ("Secure", "Guarantee"), "Combat": ("Take action against", "Curb"),
    "Seek full respect for, and compliance with,": ("Promote compliance with", "Encourage respect for"),
    "Facilitate": ("Enable", "Support"), "Recognize": ("Acknowledge", "Uphold"),
    "Prevent": ("Take action against", "Curb"), "Guarantee": ("Secure", "Ensure"),
    "Strengthen": ("Reinforce", "Bolster"), "Build": ("Develop", "Deepen"), "Undertake": ("Carry out", "Pursue"),
    "Establish": ("Create", "Set up"), "Lower": ("Reduce", "Cut"), "Fight": ("Take action against", "Combat"),
    "Halve": ("Cut by half", "Reduce"), "Adopt": ("Take", "Implement"), "Improve": ("Enhance", "Upgrade"),
    "Protect": ("Shield", "Safeguard"), "Expand": ("Widen", "Broaden"),
}
PARAPHRASE_SWAPS = {
    "workers": "laborers", "foreign": "migrant", "cooperation": "collaboration", "information": "data",
    "protection": "safeguards", "nationals": "citizens", "children": "minors", "countries": "states",
    "labor": "employment", "agreements": "accords", "abroad": "overseas", "measures": "steps",
    "networks": "rings", "campaigns": "drives", "exchange": "sharing", "rights": "entitlements",
    "communities": "localities", "effective": "concrete", "regional": "hemispheric", "dialogue": "consultations",
    "prompt": "swift", "emergencies": "crises", "payment": "settlement", "wages": "pay", "fees": "levies",
    "prospective": "would-be", "equal": "identical", "statistics": "figures", "collection": "gathering",
    "recognition": "validation", "capacity": "ability", "integrate": "include", "persons": "people",
    "orderly": "well-managed", "humane": "compassionate", "regular": "lawful", "temporary": "short-term",
    "safeguards": "protections", "dangers": "risks", "economic": "financial", "contributions": "input",
    "skills": "competences", "returning": "repatriated", "corruption": "graft", "affordable": "low-cost",
    "services": "tools", "decent": "fair", "recruitment": "hiring", "detention": "arrest", "respect": "regard",
    "xenophobia": "intolerance", "portability": "transferability", "benefits": "entitlements",
    "fraudulent": "dishonest", "agencies": "intermediaries", "excessive": "abusive", "emigrants": "migrants",
    "legislation": "law", "mistreatment": "ill-treatment", "abuse": "exploitation", "employers": "businesses",
    "smuggle": "traffic", "dismantle": "break up", "harvest": "farm", "treatment": "conditions",
    "linkages": "ties", "stranded": "distressed", "repatriation": "return home", "newcomers": "immigrants",
    "receiving": "host", "cultural": "social", "charges": "costs", "relatives": "family members",
    "reintegration": "reinsertion", "diplomas": "degrees", "prosecutors": "attorneys", "commission": "fee",
    "mining": "extraction", "qualifications": "credentials", "unaccompanied": "lone", "violence": "harm",
    "exploitation": "abuse", "transparent": "open", "inclusion": "access", "digital": "electronic",
    "pathways": "routes", "host": "receiving", "displaced": "uprooted", "negotiation": "conclusion",
    "awareness": "information", "causes": "drivers", "consequences": "effects", "movements": "flows",
    "phenomenon": "trends", "dignity": "worth", "sent": "remitted",
    "average": "typical", "charged": "levied", "transfers": "payments", "bilateral": "two-country",
    "public": "popular", "particular": "special", "attention": "emphasis", "operations": "activities",
    "citizenship": "belonging", "nationality": "national status", "appropriate": "suitable", "legal": "lawful",
    "healthy": "wholesome", "coordinated": "joint", "specialized": "expert", "hemispheric": "regional",
    "comprehensive": "integral", "neighboring": "adjacent", "people": "persons", "facilitates": "enables",
    "administration": "management", "procedures": "processes", "records": "files", "rural": "country",
    "employment": "work", "seasonal": "harvest-time", "practices": "methods", "schooling": "education",
    "documents": "papers", "sustainable": "lasting", "assistance": "support", "formal": "regulated",
    "literacy": "education", "recipients": "beneficiaries", "market": "sector", "acquired": "obtained",
    "officer": "official", "communicate": "speak", "regardless": "irrespective", "status": "situation",
    "compliance": "conformity", "full": "complete", "owed": "due", "transfer": "shipping",
    "personal": "private", "effects": "belongings", "entrusted": "charged", "border": "frontier",
    "control": "management", "enforcement": "application", "possible": "feasible",
}
# Function words a paraphrase neither counts nor changes (the ingest's reuse finder skips them too).
PARAPHRASE_FUNCTION_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "its", "of", "on", "or", "that", "the",
    "their", "to", "with", "any", "all", "each", "own", "who", "his", "her", "they", "may", "well",
})
# A paraphrase rewords this share of the content words of a commitment (clauses it keeps
# included) and keeps one run of three words as they were (the phrase a drafter carries over).
PARAPHRASE_REWORDED = 0.5
PARAPHRASE_CLAUSES = (
    "through training of consular officials and the exchange of best practices",
    "through technical cooperation agreements with neighboring states",
    "by means of pilot projects in border municipalities",
    "and report periodically on the results achieved",
    "and sign cooperation agreements with states in this area, for example through liaison officer networks",
    "drawing on regular reports from national focal points",
    "with the support of a roster of experts made available to interested states",
    "by updating domestic regulations and the procedures of the competent authorities",
)
QUOTE_SHARE = 0.15  # share of programs and work plans that quote summit commitments
PARAPHRASE_SHARE = {"activity": 0.07, "oas-op": 0.03}  # paragraphs that rephrase a quoted commitment
