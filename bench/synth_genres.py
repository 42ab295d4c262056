"""The synthetic corpus's document makers, one per genre (see ``bench/synth.py``)."""

from __future__ import annotations

import datetime as dt
import random
import re

from bench import synth_data as data
from bench.synth_content import framed, pick_content, quote_commitments, record_content
from bench.synth_model import (
    RECENT_PROGRAMS,
    Corpus,
    DocTruth,
    Earlier,
    ProgramFacts,
    Ref,
    cite_oas,
    cite_un,
    conventions_before,
    curly,
    external_oas_document,
    file_name,
    footnote_line,
    fresh_clause,
    hard_wrap,
    light_edit,
    long_date,
    lower_first,
    noisy_oas_symbol,
    oas_res_key,
    oas_res_symbol,
    oas_session,
    summits_before,
    un_res_key,
    un_session,
)

# ---------------------------------------------------------------------------------------------
# OAS resolutions
# ---------------------------------------------------------------------------------------------


def oas_resolution(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    number = corpus.oas_number()
    key, symbol = oas_res_key(number, day.year), oas_res_symbol(number, day.year)
    series = rng.choice(data.OAS_SERIES)
    truth = DocTruth(file_name(index, "resolution"), key, "resolution", day.isoformat(), symbol)
    lines = [noisy_oas_symbol(symbol, rng), "", series.upper(), "",
             f"(Adopted at the {rng.choice(data.PLENARY)} plenary session, held on {long_date(day, us=True)})", "",
             "THE GENERAL ASSEMBLY,", ""]
    lines += oas_preamble(corpus, truth, day, series)
    lines += ["", "RESOLVES:", ""]
    lines += oas_operative(corpus, truth, day)
    if rng.random() < 0.3:
        ref = external_oas_document(corpus, day)
        truth.cite([ref])
        lines += ["", footnote_line(f"See document {ref.text}.")]
    manifest = {"key": key, "kind": "resolution", "title": series, "symbol": symbol,
                "body": "oas:general-assembly", "date": day.isoformat(), "language": "en"}
    return "\n".join(lines) + "\n", truth, Earlier(key, "resolution", day, symbol, "oas:" + series), manifest


def oas_preamble(corpus: Corpus, truth: DocTruth, day: dt.date, series: str) -> list[str]:
    rng = corpus.rng
    report = external_oas_document(corpus, day)
    truth.cite([report])
    lines = [f"HAVING SEEN the Annual Report of the Permanent Council to the General Assembly ({report.text});"]
    cited = corpus.recent(("resolution", "program", "work-plan", "un-resolution"), rng.randint(1, 3))
    previous = corpus.series_last.get("oas:" + series)
    if previous is not None and previous not in cited:
        cited = sorted(cited + [previous], key=lambda d: d.date)
    oas_res = [d for d in cited if d.kind == "resolution"]
    if oas_res:
        refs = [cite_oas(d, rng, bare=i > 0 and rng.random() < 0.15) for i, d in enumerate(oas_res)]
        truth.cite(refs)
        word = "resolutions" if len(refs) > 1 else "resolution"
        listed = ", ".join(r.text for r in refs[:-1]) + (" and " if len(refs) > 1 else "") + refs[-1].text
        lines.append(f"RECALLING its {word} {listed}, {curly(series)};")
    for doc in cited:
        if doc.kind == "resolution":
            continue
        ref = cite_oas(doc, rng)
        truth.cite([ref])
        what = {"program": "the Inter-American Program", "work-plan": "the Work Plan of the Program",
                "un-resolution": "the work of the United Nations"}[doc.kind]
        lines.append(f"TAKING NOTE of {what} and of {ref.text};")
    conventions = conventions_before(day)
    if conventions and rng.random() < 0.5:
        name, key, _ = rng.choice(conventions)
        truth.cite([Ref(key, "convention", name)])
        lines.append(f"REAFFIRMING the principles set forth in the {name};")
    summits = summits_before(day)
    if summits and rng.random() < 0.7:
        lines += ["CONSIDERING:", summit_recital(rng.choice(summits), truth, rng)]
    for _ in range(rng.randint(1, 3)):
        # "shelters3;": a footnote number glued to the last word, now and then
        note = str(rng.randint(1, 9)) if rng.random() < 0.1 else ""
        lines.append(f"{rng.choice(data.OAS_PREAMBLE_LEADS)} {rng.choice(data.PREAMBLE_CLAUSES)}, "
                     f"and the situation of {fresh_clause(rng)}{note};")
        if rng.random() < 0.3:
            lines.append("")
    if rng.random() < 0.15:
        lines.append("/")  # a footnote reference extracted as a lone slash
    return lines


def summit_recital(summit: tuple[str, str, str], truth: DocTruth, rng: random.Random) -> str:
    """"That at the Third Summit of the Americas the Heads of State and Government[, in their Plan of
    Action,] committed to ..." (the anaphor names the plan of action of that summit)."""
    name, key, _ = summit
    truth.cite([Ref(key, "summit", name)])
    if key.count(":") > 1:
        return f"That in the {name} the Heads of State and Government committed to improve {fresh_clause(rng)};"
    anaphor = ""
    if key in data.SUMMITS_WITH_PLAN and rng.random() < 0.4:
        truth.cite([Ref(f"{key}:plan-of-action", "summit", "their Plan of Action")])
        anaphor = ", in their Plan of Action,"
    return f"That at the {name} the Heads of State and Government{anaphor} committed to improve {fresh_clause(rng)};"


def oas_operative(corpus: Corpus, truth: DocTruth, day: dt.date) -> list[str]:
    rng = corpus.rng
    lines: list[str] = []
    count = rng.randint(4, 12)
    renew_at = rng.randint(1, count) if rng.random() < 0.25 else 0
    entrust_at = rng.randint(1, count) if rng.random() < 0.3 else 0
    for n in range(1, count + 1):
        locator = f"op-{n}"
        renewable = [r for r in data.RENEWABLE if r[2] <= day.isoformat()]
        if n == renew_at and renewable:
            name, body_key, _ = rng.choice(renewable)
            truth.renewals.append({"target": body_key, "via": "mandate", "locator": locator})
            truth.paragraphs.append(locator)
            truth.formulas.append(locator)
            lines.append(f"{n}. To renew the mandate of {name} for a further period of {rng.choice(('two', 'three'))} "
                         f"years.")
        elif n == entrust_at:
            truth.paragraphs.append(locator)
            truth.formulas.append(locator)
            lines += entrust_with_subparagraphs(n, rng)
        else:
            content = pick_content(corpus, "oas-op")
            para = framed(content, "oas-op", rng)
            record_content(corpus, truth, locator, "oas-op", content, para)
            lines.append(f"{n}. {para.text}")
        if rng.random() < 0.4:
            lines.append("")
    session = oas_session(day.year) + 1
    lines.append(f"{count + 1}. To request the Permanent Council to report to the General Assembly at its "
                 f"{data.ordinal_word(session) if session < 100 else 'next'} regular session on the implementation "
                 f"of this resolution, which will be carried out within the resources allocated in the "
                 f"program-budget of the Organization and other resources.")
    truth.paragraphs.append(f"op-{count + 1}")
    truth.formulas.append(f"op-{count + 1}")
    return lines


def entrust_with_subparagraphs(n: int, rng: random.Random) -> list[str]:
    """"N. To entrust the IACHR with:" then "a." alone on its line and the text below, as in 000."""
    lines = [f"{n}. To entrust the Inter-American Commission on Human Rights with:"]
    leads = ("Presenting to the Permanent Council a report on", "Considering joint projects on",
             "Providing technical advice on")
    for letter, lead in zip("abc", rng.sample(leads, rng.randint(2, 3))):
        text = f"{lead} {fresh_clause(rng)};"
        lines += ["", f"{letter}.", text] if rng.random() < 0.5 else [f"{letter}. {text}"]
    return lines


# ---------------------------------------------------------------------------------------------
# UN resolutions
# ---------------------------------------------------------------------------------------------


def un_resolution(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    session = un_session(day.year)
    number = corpus.un_number(session)
    key, symbol = un_res_key(session, number), f"A/RES/{session}/{number}"
    series = rng.choice(data.UN_SERIES)
    truth = DocTruth(file_name(index, "un-resolution"), key, "un-resolution", day.isoformat(), symbol)
    blocks: list[list[str]] = [[series], ["The General Assembly,"]]
    blocks += un_preamble(corpus, truth, day, series)
    blocks += un_operative(corpus, truth, session)
    text = "\n\n".join("\n".join(block) for block in blocks) + "\n"
    if rng.random() < 0.05:
        text = text.replace("Calls upon", "Callsupon", 1)  # an OCR slip the cleaner knows
    manifest = {"key": key, "kind": "un-resolution", "title": series, "symbol": symbol,
                "body": "un:general-assembly", "session": str(session), "date": day.isoformat(), "language": "en"}
    return text, truth, Earlier(key, "un-resolution", day, symbol, "un:" + series), manifest


def un_preamble(corpus: Corpus, truth: DocTruth, day: dt.date, series: str) -> list[list[str]]:
    rng = corpus.rng
    blocks: list[list[str]] = []
    previous = corpus.series_last.get("un:" + series)
    if previous is not None:
        ref = cite_un(previous, rng)
        truth.cite([ref])
        truth.renewals.append({"target": previous.key, "via": "series", "locator": None})
        blocks.append(hard_wrap(f"Recalling all its previous resolutions on {lower_first(series)}, the most recent of "
                                f"which is {ref.text},", rng))
    others = [d for d in corpus.recent(("un-resolution",), 2) if d != previous]
    if len(others) == 1:
        ref = cite_un(others[0], rng)
        truth.cite([ref])
        blocks.append(hard_wrap(f"Recalling also its {ref.text},", rng))
    elif others:
        # "its resolutions 66/128 of 19 December 2011 and 67/185 of 20 December 2012" (as in 004)
        refs = [cite_un(d, rng, in_list=True) for d in others]
        truth.cite(refs)
        # an "on <title>" clause may sit between the items (004: "66/128 of ... on violence against ...")
        about = f" on {lower_first(others[0].series.removeprefix('un:'))}" if rng.random() < 0.3 else ""
        blocks.append(hard_wrap(f"Recalling also its resolutions {refs[0].text}{about} and {refs[1].text},", rng))
    blocks += un_external_recitals(corpus, truth, day)
    for _ in range(rng.randint(1, 3)):
        blocks.append(hard_wrap(f"{rng.choice(data.UN_PREAMBLE_LEADS)} {rng.choice(data.PREAMBLE_CLAUSES)}, "
                                f"in particular {fresh_clause(rng)},", rng))
    return blocks


def un_external_recitals(corpus: Corpus, truth: DocTruth, day: dt.date) -> list[list[str]]:
    """Human Rights Council and Commission on Population and Development resolutions, advisory
    opinions and treaties: instruments outside the corpus."""
    rng = corpus.rng
    blocks: list[list[str]] = []
    # three sessions a year since 2006; from session 100 (about 2040) "resolution 100/5" is a form
    # the ingest does not read (nor would it read the General Assembly's 100th session, 2045)
    hrc_session, number = (day.year - 2007) * 3 + rng.randint(0, 2), rng.randint(70, 99)
    if day.year >= 2008 and hrc_session <= 99 and rng.random() < 0.4:
        ref = Ref(f"un:hrc-res-{hrc_session}-{number}", "un-hrc-res",
                  f"Human Rights Council resolution {hrc_session}/{number}")
        truth.cite([ref])
        blocks.append(hard_wrap(f"Recalling further {ref.text} of {long_date(day - dt.timedelta(days=90), us=False)},",
                                rng))
    if rng.random() < 0.25:
        blocks.append(hard_wrap(cpd_recital(day, truth, rng), rng))
    if rng.random() < 0.2:
        yy = day.year - 1
        number = 40 + (yy % 50)
        ref = Ref(f"iacthr:oc-{number}-{yy % 100:02d}", "iacthr-oc", f"advisory opinion OC-{number}/{yy % 100:02d}")
        truth.cite([ref])
        blocks.append(hard_wrap(f"Taking note of {ref.text} issued by the Inter-American Court of Human Rights,", rng))
    conventions = conventions_before(day)
    if conventions and rng.random() < 0.6:
        name, key, _ = rng.choice(conventions)
        truth.cite([Ref(key, "convention", name)])
        blocks.append(hard_wrap(f"Reaffirming the {name},", rng))
    return blocks


def cpd_recital(day: dt.date, truth: DocTruth, rng: random.Random) -> str:
    """"Recalling Commission on Population and Development resolution 2012/14 on ...", sometimes with
    "as well as its resolution 2013/11" (the body carried over from the first citation, as in 004)."""
    year, number = day.year - 1, rng.randint(11, 19)
    first = Ref(f"un:cpd-res-{year}-{number}", "un-cpd-res",
                f"Commission on Population and Development resolution {year}/{number}")
    truth.cite([first])
    if rng.random() < 0.7:
        return f"Recalling {first.text} on new trends in migration,"
    later = Ref(f"un:cpd-res-{year + 1}-{number - 10}", "un-cpd-res", f"its resolution {year + 1}/{number - 10}")
    truth.cite([later])
    return f"Recalling {first.text}, as well as {later.text} on new trends in migration,"


def un_operative(corpus: Corpus, truth: DocTruth, session: int) -> list[list[str]]:
    rng = corpus.rng
    blocks: list[list[str]] = []
    count = rng.randint(4, 12)
    for n in range(1, count + 1):
        locator = f"op-{n}"
        content = pick_content(corpus, "un-op")
        para = framed(content, "un-op", rng)
        record_content(corpus, truth, locator, "un-op", content, para)
        blocks.append(hard_wrap(f"{n}. {para.text}", rng))
    report = f"A/{session}/{rng.randint(300, 399)}"
    ref = Ref(f"un:a-{session}-{report.rsplit('/', 1)[1]}", "un-doc", report)
    truth.cite([ref])
    blocks.append(hard_wrap(f"{count + 1}. Takes note of the report of the Secretary-General ({report});", rng))
    next_session = session + 1
    blocks.append(hard_wrap(f"{count + 2}. Requests the Secretary-General to submit to the General Assembly at its "
                            f"{data.ordinal_word(next_session) if next_session < 100 else 'next'} session a report "
                            f"on the implementation of the present resolution.", rng))
    truth.paragraphs += [f"op-{count + 1}", f"op-{count + 2}"]
    truth.formulas += [f"op-{count + 1}", f"op-{count + 2}"]
    return blocks


# ---------------------------------------------------------------------------------------------
# Programs
# ---------------------------------------------------------------------------------------------


def program(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    yy = f"{day.year % 100:02d}"
    number = corpus.doc_number("cidi")
    symbol, key = f"CIDI/CAM/doc.{number}/{yy}", f"oas:cidi-cam-doc-{number}-{yy}"
    topic = rng.choice(data.PROGRAM_TOPICS)
    title = f"Inter-American Program for {topic}"
    truth = DocTruth(file_name(index, "program"), key, "program", day.isoformat(), symbol)
    adopted = corpus.recent(("resolution",), 1)
    lines = [title.upper(), f"({symbol})",
             (f"(Agreed upon at the {data.ordinal_word(rng.randint(20, 90))} regular meeting held on "
              f"{long_date(day, us=True)})"), "", "I. INTRODUCTION", "A. Program Background"]
    if adopted:
        ref = cite_oas(adopted[0], rng)
        truth.cite([ref])
        lines.append(f"The General Assembly of the OAS, through resolution {ref.text}, instructed the Committee on "
                     f"Migration Issues to prepare this Program.")
    summits = summits_before(day)
    if summits:
        name, skey, _ = rng.choice(summits)
        truth.cite([Ref(skey, "summit", name)])
        lines.append(f"The Program answers the commitments made at the {name} on {fresh_clause(rng)}." if
                     skey.count(":") == 1 else
                     f"The Program answers the commitments of the {name} on {fresh_clause(rng)}.")
    # now and then the commitment itself, quoted inline as in 002 ('... declared that they would
    # "establish an inter-American program ..."')
    for commitment in quote_commitments(corpus, truth, day, most=1):
        intro = rng.choice(data.QUOTE_INLINE_INTROS).format(name=commitment.instrument)
        lines.append(f"{intro} {curly(lower_first(commitment.text.removesuffix('.')))}.")
    lines += ["II. CONCEPTUAL FRAMEWORK", f"The Program addresses {fresh_clause(rng)}, and {fresh_clause(rng)}.",
              "/ and the states.", "III.", "PROGRAM OBJECTIVES", "A. General Objectives"]
    lines += [f"{n}. Promote {fresh_clause(rng)}." for n in range(1, rng.randint(2, 4))]
    lines += ["B. Specific Objectives"] + [f"Foster {fresh_clause(rng)}." for _ in range(rng.randint(2, 4))]
    activity_lines, groups = program_activities(corpus, truth)
    lines += ["IV.", "SUGGESTED SPECIFIC ACTIVITIES"] + activity_lines
    lines += ["V.", "PROGRAM COORDINATION AND FOLLOW-UP ACTIVITIES",
              "The political organ responsible for Program execution will be the Committee on Migration Issues."]
    corpus.programs.append(ProgramFacts(key, day, symbol, title, adopted[0] if adopted else None, groups))
    del corpus.programs[:-RECENT_PROGRAMS]
    manifest = {"key": key, "kind": "program", "title": title, "symbol": symbol, "body": "oas:cam",
                "date": day.isoformat(), "language": "en"}
    return "\n".join(lines) + "\n", truth, Earlier(key, "program", day, symbol, ""), manifest


def program_activities(corpus: Corpus, truth: DocTruth) -> tuple[list[str], tuple]:
    """Activities numbered 1..N under actor headings, member states last (as in 002)."""
    rng = corpus.rng
    actors = sorted(rng.sample(range(len(data.ACTORS)), rng.randint(2, 4)))
    lines = ["A. Organs, agencies, and entities of the OAS mentioned in this Program:"]
    groups = []
    n = 0
    for actor in actors + [-1]:
        if actor == -1:
            lines += ["B. OAS MEMBER STATES",
                      "The OAS member states may carry out the following activities on a unilateral basis."]
            body_key = data.MEMBER_STATES_KEY
        else:
            name, acronym, body_key = data.ACTORS[actor]
            heading = f"{name} ({acronym}):" if acronym else f"{name}:"
            lines.append(f"\u00b7 {heading}" if rng.random() < 0.5 else heading)
        group = []
        for _ in range(rng.randint(1, 4)):
            n += 1
            locator = f"act-{n}"
            content = pick_content(corpus, "activity")
            para = framed(content, "activity", rng)
            record_content(corpus, truth, locator, "activity", content, para)
            truth.assignments[locator] = body_key
            group.append((locator, para))
            lines.append(f"{n}. {para.text}")
        groups.append((actor, tuple(group)))
    return lines, tuple(groups)


# ---------------------------------------------------------------------------------------------
# Work plans
# ---------------------------------------------------------------------------------------------


def block_slug(name: str) -> str:
    """The id part the work-plan segmenter derives from "to the <body>:" (``segment_workplan.block_slug``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


def work_plan(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    implemented = rng.choice(corpus.programs[-10:])
    yy = f"{day.year % 100:02d}"
    number = corpus.doc_number("cp")
    symbol, key = f"CP/doc. {number}/{yy}", f"oas:cp-doc-{number}-{yy}"
    title = f"Work Plan of the {implemented.title}"
    truth = DocTruth(file_name(index, "work-plan"), key, "work-plan", day.isoformat(), symbol)
    program_ref = Ref(implemented.key, "oas-doc", implemented.symbol)
    lines = ["WORK PLAN OF THE " + implemented.title.upper(), f"(Presented by the Secretary General, {symbol})",
             "I.", "Introduction", "",
             (f"This Work Plan organizes the specific activities of the Program contained in document "
              f"{program_ref.text}, with the resources available in {day.year}.")]
    truth.cite([program_ref])
    if implemented.adopted_by is not None:
        ref = cite_oas(implemented.adopted_by, rng)
        truth.cite([ref])
        lines.append(f"Pursuant to resolution {ref.text}, the Secretary General presents this Work Plan.")
    # now and then the summit commitments behind the Program, as block quotes under the sentence
    # that names their instrument (as in 001)
    quoted = quote_commitments(corpus, truth, day, most=2)
    if quoted:
        lines += ["", rng.choice(data.QUOTE_INTROS).format(name=quoted[0].instrument)]
        for commitment in quoted:
            lines += [curly(commitment.text), ""]
    lines += ["II.", "Specific Activities by Area", ""]
    letter = iter("ABCDEFGHIJ")
    for actor, group in implemented.activities:
        if actor == -1:
            continue  # member states carry out their own activities; the plan lists the Organization's
        name, _, body_key = data.ACTORS[actor]
        lines += [f"{next(letter)}.", name, "",
                  (f"The Program assigns the following {data.NUMBER_WORDS[len(group)]} specific activities to "
                   f"the {name}:")]
        slug = block_slug(name)
        for i, (source_locator, para) in enumerate(group, start=1):
            locator = f"wp-{slug}.{i}"
            verbatim = rng.random() < 0.7
            text = para if verbatim else light_edit(para, rng)
            truth.paragraphs.append(locator)
            truth.cite(text.refs)
            truth.assignments[locator] = body_key
            truth.reuse.append({"locator": locator, "source_document": implemented.key,
                                "source_locator": source_locator, "mode": "verbatim" if verbatim else "edited"})
            lines.append(f"\u00b7 {text.text}")
        lines.append("")
    lines += ["III.", "Calendar", (f"The activities will be carried out between {long_date(day, us=True)} and "
                                   f"the next regular session of the General Assembly.")]
    manifest = {"key": key, "kind": "work-plan", "title": title, "symbol": symbol, "body": "oas:secretary-general",
                "date": day.isoformat(), "language": "en", "implements": implemented.key}
    return "\n".join(lines) + "\n", truth, Earlier(key, "work-plan", day, symbol, ""), manifest
