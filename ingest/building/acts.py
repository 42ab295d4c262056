"""Sentence-level rules that read institutional acts: who mandates, renews, adopts or creates what.

Each rule is a named pattern over one sentence. The *subject* of an act is either the paragraph
itself (an operative paragraph of the document being read, or a quoted commitment) or a
resolution the sentence names before the verb ("In resolution AG/RES. 1928 ..., it instructed
the Permanent Council ..."), or one it points back to ("The latter resolution instructed ...",
"Under this same resolution, the CAM was instructed ...").

Rules and confidences (the ``rule`` property of each edge):

========================  ==========  ===========================================================
rule                      confidence  reads
========================  ==========  ===========================================================
mandate:<verb>            0.95 / 0.8  "To instruct the Permanent Council", "Requests the
                                      Secretary-General" (0.8 for urge/invite/encourage/call upon);
                                      each body of a list the verb addresses ("Requests the
                                      Secretary-General and the High Commissioner to ...")
mandate-reported:<verb>   0.85        "AG/RES. 1928 ... instructed the Permanent Council"
mandate-passive:<verb>    0.8         "the CAM was instructed to" (subject: the named resolution)
mandate-program           0.75        "... to prepare/draft/review the Inter-American Program"
mandate-from              0.95        "(Mandate from resolution AG/RES. 2738 (XLII-O/12)"
renews-mandate            0.9         "renew the mandate of the Working Group"
renews-series             0.9         "the most recent of which is resolution 67/172"
adopts-program            0.9         "through resolution AG/RES. 2141 ..., adopted the Program"
creates-body              0.85        "Pursuant to resolution AG/RES. 2738 ..., the CAM was created"
========================  ==========  ===========================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import BodyMention, Reference

STRONG_VERBS = {"instruct", "request", "entrust", "direct", "ask", "instructs", "requests", "entrusts",
                "directs", "decides to entrust"}

# "To instruct the Permanent Council", "and to request the General Secretariat", "Requests the
# Secretary-General", "Calls upon States", "To urge member states"
MANDATE_PRESENT = re.compile(
    r"\b(?:[Tt]o\s+)?(?P<verb>call\s+upon|[Cc]alls\s+upon|instruct|request|entrust|urge|invite|encourage|ask|direct|"
    r"Requests|Urges|Encourages|Invites|Instructs|Entrusts|Directs)\b(?:\s+(?:also|further|once again))?"
)
# "it instructed the Permanent Council", "requested the General Secretariat"
MANDATE_PAST = re.compile(r"\b(?P<verb>instructed|requested|entrusted|mandated|charged|urged|called\s+upon)\b")
# "the CAM was instructed to review"
MANDATE_PASSIVE = re.compile(r"\b(?:was|were|is|are)\s+(?P<verb>instructed|requested|entrusted|mandated|charged)\s+(?:to|with)\b")
# The program must be the verb's object: "to prepare an Inter-American Program", "draft the
# proposed Inter-American Program", "review, implement, and monitor the "Inter-American Program",
# "support the execution of the Inter-American Program", "establish an inter-American program
# within the OAS" - not "prepare an evaluation of ... that Inter-American Program".
PROGRAM_WORK = re.compile(
    r"\b(?P<verb>prepare|draft|draw\s+up|review|implement|monitor|support|establish|develop|elaborate)"
    r"(?:,?\s+(?:and\s+)?(?:review|implement|monitor|support|prepare|draft|adopt))*"
    r"\s+(?:(?:the\s+)?(?:execution|implementation)\s+of\s+)?"
    r"(?:(?:an?|the|this|its|said|proposed|draft|new|revised)\s+)*\"?"
    r"(?P<program>[Ii]nter-American\s+[Pp]rogram\b|Program\b)"
)
MANDATE_FROM = re.compile(r"\bMandate\s+from\s+(?:resolution\s+)?")
RENEW = re.compile(r"\brenew(?:ed|s|ing)?\s+the\s+mandate\s+of\s+")
MOST_RECENT = re.compile(r"\bthe\s+most\s+recent\s+of\s+which\s+(?:is|was)\s+")
ADOPT = re.compile(
    r"\badopted\b[^.;]{0,40}?(?P<program>\b[Ii]nter-American\s+[Pp]rogram\b|\bthe\s+Program\b)"
)
CREATE_PASSIVE = re.compile(r"\b(?:was|were)\s+(?:created|established|set\s+up)\b")
CREATE_ACTIVE = re.compile(r"\b(?:[Tt]o\s+)?(?:create|created|establish|established)\s+(?=(?:a|an|the)\s)")
ANAPHORA = re.compile(
    r"\b(?:[Tt]he\s+latter\s+resolution|[Tt]his\s+same\s+resolution|[Tt]he\s+same\s+resolution|"
    r"[Ss]aid\s+resolution|[Tt]hat\s+resolution|[Tt]his\s+resolution)\b"
)


# Every rule above as one pattern (named groups made plain): a sentence it finds nothing in holds
# no act, and most sentences are such, so they cost one search instead of one per rule.
_RULES = (MANDATE_PRESENT, MANDATE_PAST, MANDATE_PASSIVE, PROGRAM_WORK, MANDATE_FROM, RENEW, MOST_RECENT, ADOPT,
          CREATE_PASSIVE, CREATE_ACTIVE)
assert all(rule.flags == re.UNICODE for rule in _RULES)  # the combined pattern has no flags either
ANY_RULE = re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', rule.pattern)})" for rule in _RULES))


@dataclass(frozen=True)
class Act:
    type: str  # MANDATES, RENEWS, ADOPTS, CREATES
    subject: str  # "self" (the paragraph) or a resolution key
    target_kind: str  # body, program, reference, paragraph
    target: str  # a body key, a reference key, "next"/"in-force" for a program (resolved by date), "" for the paragraph
    start: int  # cleaned-text span of the words that carry the act
    end: int
    rule: str
    confidence: float
    subject_date: str | None = None


def _body_after(bodies: list[BodyMention], pos: int, limit: int = 30) -> BodyMention | None:
    """The first body mention starting within ``limit`` characters after ``pos``."""
    for body in bodies:
        if pos <= body.start <= pos + limit:
            return body
    return None


# Between two addressees of one verb ("Requests the Secretary-General and the High Commissioner to",
# "Calls upon Member States, United Nations entities and ...", "Member States and agencies and
# bodies of the United Nations system"): a comma or "and"/"as well as", then only determiners and
# the nouns that head such a list. Anything else (a second verb, "to", "in consultation with")
# ends the list: the body after it is not the verb's addressee.
_ADDRESSEE_WORDS = frozenset({"and", "as", "well", "the", "all", "other", "relevant", "concerned", "appropriate",
                              "its", "their", "of", "also", "both", "agencies", "bodies", "entities", "organs",
                              "organizations", "organisations", "funds", "programmes", "programs", "specialized"})
_JOINER = re.compile(r",|\band\b|\bas\s+well\s+as\b")
_WORD = re.compile(r"[A-Za-z]+")


def _list_words_only(gap: str) -> bool:
    """Only determiners and list-head nouns between a verb or an addressee and the next body."""
    return all(w in _ADDRESSEE_WORDS for w in _WORD.findall(gap.lower()))


def _addressee_after(text: str, offset: int, bodies: list[BodyMention], pos: int) -> BodyMention | None:
    """The verb's first addressee: a body within 30 characters, or further when only list-head words
    come before it ("Requests the specialized agencies and other organizations of the United Nations
    system to ...")."""
    body = _body_after(bodies, pos)
    if body is not None:
        return body
    for body in bodies:
        if pos <= body.start <= pos + 80:
            return body if _list_words_only(text[pos - offset:body.start - offset]) else None
    return None


def _coordinated(text: str, offset: int, bodies: list[BodyMention], first: BodyMention) -> list[BodyMention]:
    """``first`` and the body mentions coordinated with it as addressees of one verb, in order."""
    found = [first]
    for body in bodies:
        if body.start < found[-1].end:
            continue
        gap = text[found[-1].end - offset:body.start - offset]
        if len(gap) > 60 or not _JOINER.search(gap) or re.search(r"[;:.()]", gap) or not _list_words_only(gap):
            break
        found.append(body)
    first: dict[str, BodyMention] = {}
    for body in found:  # one link per body, at its first mention
        first.setdefault(body.body_key, body)
    return list(first.values())


def _body_before(bodies: list[BodyMention], pos: int, limit: int = 15) -> BodyMention | None:
    candidates = [b for b in bodies if pos - limit <= b.end <= pos]
    return candidates[-1] if candidates else None


def _resolution_before(resolutions: list[Reference], pos: int) -> Reference | None:
    before = [r for r in resolutions if r.end <= pos]
    return before[-1] if before else None


def _ref_after(resolutions: list[Reference], pos: int, limit: int = 20) -> Reference | None:
    for ref in resolutions:
        if pos <= ref.start <= pos + limit:
            return ref
    return None


def _ref_date(ref: Reference) -> str | None:
    return ref.attrs.get("date") or ref.attrs.get("year")


def read_acts(
    text: str,
    offset: int,
    *,
    bodies: list[BodyMention],
    resolutions: list[Reference],
    self_acts: bool,
    self_date: str | None,
    previous_resolution: Reference | None,
) -> list[Act]:
    """Acts in one sentence ``text`` starting at cleaned offset ``offset``.

    ``bodies``/``resolutions`` are the mentions inside the sentence (cleaned offsets);
    ``self_acts``: the sentence belongs to an operative paragraph or quoted commitment, so a
    present-tense mandate is the paragraph's own; ``previous_resolution``: the last resolution
    named before this sentence (for "the latter resolution").
    """
    acts: list[Act] = []
    if ANY_RULE.search(text) is None:
        return acts

    def subject_at(pos: int) -> tuple[str, str | None] | None:
        ref = _resolution_before(resolutions, offset + pos)
        anaphor = None
        for m in ANAPHORA.finditer(text, 0, pos):
            anaphor = m
        if anaphor is not None and (ref is None or offset + anaphor.start() > ref.end) and previous_resolution:
            return previous_resolution.key, _ref_date(previous_resolution)
        if ref is not None:
            return ref.key, _ref_date(ref)
        return None

    # Present tense: the paragraph's own mandate.
    if self_acts:
        for m in MANDATE_PRESENT.finditer(text):
            body = _addressee_after(text, offset, bodies, offset + m.end())
            if body is None:
                continue
            verb = " ".join(m["verb"].lower().split())
            confidence = 0.95 if verb in STRONG_VERBS else 0.8
            for addressee in _coordinated(text, offset, bodies, body):
                acts.append(Act("MANDATES", "self", "body", addressee.body_key, offset + m.start(), addressee.end,
                                f"mandate:{verb}", confidence, self_date))
    else:
        for m in MANDATE_PAST.finditer(text):
            body = _body_after(bodies, offset + m.end())
            subject = subject_at(m.start())
            if body is None or subject is None:
                continue
            for addressee in _coordinated(text, offset, bodies, body):
                acts.append(Act("MANDATES", subject[0], "body", addressee.body_key, offset + m.start(), addressee.end,
                                f"mandate-reported:{m['verb'].split()[0]}", 0.85, subject[1]))
        for m in MANDATE_PASSIVE.finditer(text):
            body = _body_before(bodies, offset + m.start())
            subject = subject_at(m.start())
            if body is None or subject is None:
                continue
            acts.append(Act("MANDATES", subject[0], "body", body.body_key, body.start, offset + m.end(),
                            f"mandate-passive:{m['verb']}", 0.8, subject[1]))

    for m in PROGRAM_WORK.finditer(text):
        subject = ("self", self_date) if self_acts else subject_at(m.start())
        if subject is None:
            continue
        # to prepare/draft/review a program leads to its next version; to implement it, to the one in force
        version = "in-force" if m["verb"] in {"implement", "monitor", "support"} else "next"
        acts.append(Act("MANDATES", subject[0], "program", version, offset + m.start(), offset + m.end(),
                        "mandate-program", 0.75, subject[1]))

    for m in MANDATE_FROM.finditer(text):
        ref = _ref_after(resolutions, offset + m.end())
        if ref is not None:
            acts.append(Act("MANDATES", ref.key, "paragraph", "", offset + m.start(), ref.end,
                            "mandate-from", 0.95, _ref_date(ref)))

    for m in RENEW.finditer(text):
        body = _body_after(bodies, offset + m.end(), limit=5)
        subject = ("self", self_date) if self_acts else subject_at(m.start())
        if body is None or subject is None:
            continue
        acts.append(Act("RENEWS", subject[0], "body", body.body_key, offset + m.start(), body.end,
                        "renews-mandate", 0.9, subject[1]))

    for m in MOST_RECENT.finditer(text):
        ref = _ref_after(resolutions, offset + m.end(), limit=15)
        if ref is not None:
            acts.append(Act("RENEWS", "document", "reference", ref.key, offset + m.start(), ref.end,
                            "renews-series", 0.9, self_date))

    for m in ADOPT.finditer(text):
        subject = subject_at(m.start())
        if subject is None or self_acts:
            continue
        acts.append(Act("ADOPTS", subject[0], "program", "", offset + m.start(), offset + m.end(),
                        "adopts-program", 0.9, subject[1]))

    for m in CREATE_PASSIVE.finditer(text):
        body = _body_before(bodies, offset + m.start())
        subject = subject_at(m.start())
        if body is None or subject is None:
            continue
        acts.append(Act("CREATES", subject[0], "body", body.body_key, body.start, offset + m.end(),
                        "creates-body", 0.85, subject[1]))
    for m in CREATE_ACTIVE.finditer(text):
        body = _body_after(bodies, offset + m.end(), limit=6)
        subject = ("self", self_date) if self_acts else subject_at(m.start())
        if body is None or subject is None:
            continue
        acts.append(Act("CREATES", subject[0], "body", body.body_key, offset + m.start(), body.end,
                        "creates-body", 0.85, subject[1]))
    return acts
