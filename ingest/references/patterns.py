r"""Every citation pattern of the ingest, as named, verbose, commented regexes.

Modelled on ``eyecite/regexes.py``: one module, one named pattern per form, a real example on
every branch, the longest alternative first. ``references.py`` turns matches into
``Reference`` objects; nothing here builds keys.

Robustness the patterns promise (the text is normally cleaned already, but need not be):

- any Unicode whitespace, ``\u00a0`` and line breaks included, may stand where a space is
  written (``\s`` in a ``str`` pattern matches them all);
- a missing space before a session (``AG/RES. 2224(XXXVI-O/06)``), a missing dot
  (``AG/RES 2141``), spaces around the slash (``AG / RES.``) and a zero for the letter O
  (``(XXXIII-0/03)``) still match;
- nothing here matches summits, bodies or named conventions (the gazetteer does).

The ``*_REGEX`` strings are exported so tests can build on them; the compiled objects are
built once, at import, with ``re.VERBOSE``.

Speed: every finder pattern *starts with a literal or a small character set*, so ``re`` can skip
through the text with its fast prefix scan (20x faster on 60 KB than a pattern that opens with a
look-behind or an optional group). So word-boundary checks come right *after* the first
characters, as a look-behind that spans them: ``AG(?<![\w/]AG)`` is "AG not preceded by a
letter, digit or slash"; ``[AE](?<![\w/.].)`` the same for a one-letter start. What may stand
*before* the anchor ("Human Rights Council" before "resolution", "advisory opinion" before
"OC-16/99") is a separate ``*_LEAD`` pattern, matched backwards from the anchor (it ends in
``\Z``) by ``references.py``.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------

#: A strictly well-formed Roman numeral, 1..3999 (the empty string is excluded by the
#: look-ahead). Used to validate, not to find: the finders accept any run of ``IVXLC`` so that a
#: malformed session numeral still yields a reference (with a warning).
ROMAN_NUMERAL_REGEX = r"""
(?=[MDCLXVI])                 # not empty
M{0,3}                        # thousands: MM
(?:CM|CD|D?C{0,3})            # hundreds: CM, CD, DCCC, C
(?:XC|XL|L?X{0,3})            # tens: XC (90), XL (40), LXXX, XXX (the 30th session)
(?:IX|IV|V?I{0,3})            # units: IX, IV, VIII, V, III
"""

MONTHS_REGEX = r"""
(?:January|February|March|April|May|June|July|August|September|October|November|December)
"""

#: "of 20 December 2012" (UN style) or "of June 7, 1999" (OAS style).
DATE_REGEX = rf"""
of\s+
(?:
    # day month year: "resolution 67/172 of 20 December 2012"
    (?P<day>\d{{1,2}})\s+(?P<month>{MONTHS_REGEX})\s+(?P<year>\d{{4}})
  |
    # month day, year: "AG/RES. 1667 (XXIX-O/99) of June 7, 1999"
    (?P<month_us>{MONTHS_REGEX})\s+(?P<day_us>\d{{1,2}}),\s*(?P<year_us>\d{{4}})
)
"""

#: The session of an OAS General Assembly resolution, without its parentheses.
OAS_SESSION_REGEX = r"""
(?P<session>[IVXLC]+)         # session numeral, checked later: XXXV in "(XXXV-O/05)"
\s*-\s*
(?P<session_type>[OEoe0])     # O regular ("XXXV-O/05"), E special ("XXVIII-E/01"),
                              # 0 an OCR zero for O ("XXXIII-0/03")
\s*/\s*
(?P<yy>\d{4}|\d{2})           # year: "05"; rarely four digits ("XXXV-O/2005")
"""

# ---------------------------------------------------------------------------------------------
# OAS General Assembly resolutions
# ---------------------------------------------------------------------------------------------

#: ``AG/RES. N (S-O/YY)``, the session optional, with an optional date after it.
OAS_RES_REGEX = rf"""
(?P<prefix>
    AG(?<![\w/]AG)             # "AG", not inside a word or a longer symbol
    \s*/\s*RES\b\.?            # "AG/RES.", "AG / RES.", "AG/RES" (dot missing)
)
\s*
(?P<number>\d{{1,4}})(?!\d)     # 2141; "AG/RES.\u00a01898" (NBSP), "AG/RES.\n2141"
(?:
    \s*\(\s*{OAS_SESSION_REGEX}\s*\)   # "(XXXV-O/05)"; no space: "2224(XXXVI-O/06)"
)?
(?:,?\s+{DATE_REGEX})?          # "AG/RES. 1667 (XXIX-O/99) of June 7, 1999"
"""

#: A later item of a list that drops the ``AG/RES.`` prefix, matched right after an ``OAS_RES``
#: match; the session is then required, which is what makes a bare number safe to take.
#: Variant of 001 (illustrative): "resolutions AG/RES. 1928 (XXXIII-O/03) and 2027 (XXXIV-O/04)".
OAS_RES_CONTINUATION_REGEX = rf"""
(?:
    \s*,\s*(?:and\s+)?         # ", 2027 (...)", ", and 2027 (...)"
  | \s+and\s+                  # " and 2027 (...)"
)
(?P<number>\d{{1,4}})
\s*\(\s*{OAS_SESSION_REGEX}\s*\)
(?:,?\s+{DATE_REGEX})?
"""

# ---------------------------------------------------------------------------------------------
# OAS document symbols
# ---------------------------------------------------------------------------------------------

#: OAS document symbols: an issuing organ, its subsidiary bodies, then ``-N/YY`` or
#: ``/doc. N/YY``, then an optional revision. Placeholders (``XXX``, ``2XXX``, ``..``) match
#: too; ``references.py`` marks them unresolved.
OAS_DOC_REGEX = r"""
(?P<series>
    (?:CIDI|CAJP|AG|CP)           # issuing organ (longest first): CIDI, CAJP, AG, CP
    (?<![\w/]CIDI)(?<![\w/]CAJP)(?<![\w/]AG)(?<![\w/]CP)
                                  # ... not inside a word or symbol ("CEPCIDI", "GT/CP")
    (?:\s?/\s?(?!RES\b)[A-Z]{2,6})*  # subsidiary bodies: "/CAJP", "/GT/TM", "/CAM"
)
(?:
    # "/doc. N": "AG/doc. XXX/07", "CP/doc. 4096/06", "CIDI/CAM/doc.1/12"
    \s?/\s?(?P<doc>(?i:doc))\.\s?
  |
    # "-N": "CP/CAJP-2038/03", "CAJP/GT/TM-24/05 rev.7", "CP/CAJP-2XXX/.."
    \s?-\s?
)
(?P<number>
    \d+X+                         # placeholder with a known first digit: "2XXX"
  | X{2,}                         # placeholder: "XXX"
  | \d{1,5}                       # "2038", "1"
)
\s?/\s?
(?P<yy>
    \d{2}                         # "03"
  | \.\.                          # placeholder year: "CP/CAJP-2XXX/.."
  | XX                            # placeholder year: "AG/doc. XXX/XX"
)
(?![\w])
(?:
    ,?\s?(?P<suffix>(?i:rev|corr|add))\.\s?(?P<suffix_number>\d{1,2})(?!\d)
                                  # "rev.7" in "CAJP/GT/TM-24/05 rev.7", "rev. 1", "corr. 1"
)?
"""

#: Executive orders of the OAS Secretary General: "Executive Order No. 05-13 Rev. 1".
EXEC_ORDER_REGEX = r"""
Executive\s+Order\s+
(?:No\.?\s*)?                     # "No. " is usually written, sometimes dropped
(?P<yy>\d{2})-(?P<number>\d{1,3})(?!\d)   # "05-13": year 2005, order 13
(?:
    ,?\s*(?P<suffix>(?i:rev|corr))\.?\s*(?P<suffix_number>\d{1,2})(?!\d)   # " Rev. 1"
)?
"""

# ---------------------------------------------------------------------------------------------
# Inter-American Court advisory opinions
# ---------------------------------------------------------------------------------------------

#: "OC-16/99 of 1 October 1999", "OC-18/03".
IACTHR_OC_REGEX = rf"""
OC(?<![\w/]OC)                                        # "OC", not inside a word
\s?-\s?(?P<number>\d{{1,2}})                          # "OC-16"
\s?/\s?(?P<yy>\d{{4}}|\d{{2}})(?![\w/])                # "/99"; four digits: "OC-16/1999"
(?:,?\s+{DATE_REGEX})?                                 # "of 1 October 1999"
"""

#: What may stand before "OC-": "advisory opinion OC-16/99" (kept in the span).
IACTHR_OC_LEAD_REGEX = r"""
(?P<lead>\b[Aa]dvisory\s+[Oo]pinion\s+(?:No\.\s*)?)?   # optional: every lead matches at the anchor
\Z
"""

# ---------------------------------------------------------------------------------------------
# UN resolutions cited in running text
# ---------------------------------------------------------------------------------------------

#: The bodies whose resolutions a UN or OAS text cites by number alone. Longest name first,
#: names may break across lines (004: "Human Rights\nCouncil resolution 23/20").
UN_BODY_REGEX = r"""
(?P<body>
    # "Recalling Commission on Population and Development resolutions 2006/2 of 10 May 2006"
    Commission\s+on\s+Population\s+and\s+Development
    # "Inter-American Commission on Human Rights Resolution 1/20" (IACHR, not the UN)
  | Inter-American\s+Commission\s+on\s+Human\s+Rights
    # "Economic and Social Council resolution 2004/53"
  | Economic\s+and\s+Social\s+Council
    # "Commission on Human Rights resolution 2005/47" (the UN body replaced in 2006)
  | Commission\s+on\s+Human\s+Rights
    # "recalling also Human Rights Council resolution 23/20 of 14 June 2013"
  | Human\s+Rights\s+Council
    # "General Assembly resolution 45/158, annex"
  | General\s+Assembly
    # "Security Council resolution 1325 (2000)"
  | Security\s+Council
    # abbreviations: "ECOSOC resolution 2004/53", "IACHR Resolution 1/20", "HRC resolution 23/20",
    # "CPD resolution 2013/1"
  | ECOSOC | IACHR | HRC | CPD
)
"""

#: One cited resolution number with what may follow it. Used after "resolution(s)" and for the
#: later items of a list.
UN_RES_ITEM_REGEX = rf"""
(?P<number>
    \d{{1,4}}\s?(?:[A-H]\s?)?\(\s?[IVXLC]+\s?\)   # before 1976: "1514 (XV)", "217 A (III)"
  | \d{{3,4}}\s?\((?:19|20)\d\d\)   # Security Council: "1325 (2000)"
  | \d{{4}}/\d{{1,3}}                # year-numbered (ECOSOC, its commissions): "2006/2"
  | \d{{1,2}}/\d{{1,3}}              # session-numbered (GA since 1976, HRC): "67/172", "23/20"
  | S-\d{{1,2}}/\d{{1,3}}             # special session of the General Assembly: "resolution S-10/2"
)
(?![\d/])
(?:\s(?P<part>[A-Z])(?![\w/'-]))?   # lettered part: "resolution 57/270 B", "36/92 I", "51/45 Q"
(?:,?\s+(?P<annex>annex(?:es)?)\b)?  # "resolution 45/158, annex"
(?:,?\s+{DATE_REGEX})?               # "of 20 December 2012"
(?:,\s+(?P<annex_after>annex(?:es)?)\b)?   # "resolution 45/158 of 18 December 1990, annex"
"""

#: The first item of a citation: the word "resolution(s)" and the number.
UN_RES_REGEX = rf"""
(?P<word>
    [Rr](?<![\w-].)esolution      # "resolution", footnote "Resolution"; not "irresolution"
    (?P<plural>s)?                # "resolutions": a list may follow
)
\s+
{UN_RES_ITEM_REGEX}
"""

#: What may stand just before "resolution(s)", matched backwards from it (``\Z``): who issued it.
UN_RES_LEAD_REGEX = rf"""
(?P<annex_to>\b[Aa]nnex(?:es)?\s+to\s+)?    # "annex to resolution 45/158"
(?:
    (?<![\w-]){UN_BODY_REGEX}
    (?:\s+resolutions,?\s+(?:in\s+particular|including|notably))?   # "Human Rights Council resolutions,
                                            # in particular resolutions 7/34 ..." (79/160)
    (?:\s*,?\s+in\s+its)?\s+               # "Human Rights Council resolution";
                                            # "the Commission on Human Rights, in its resolution"
  | (?P<its>\b[Ii]ts\s+)                    # "as well as its resolution 2013/1": the body is
                                            # carried from the earlier citation
)?
\Z
"""

#: A later item of a "resolutions ..." list: the filler before it (often an "on <title>" clause)
#: may not cross a paragraph, a semicolon, a sentence end or another "resolution".
#: 004: "resolutions 66/128 of 19 December 2011 on violence against women migrant workers and
#: 67/185 of 20 December 2012".
UN_RES_CONTINUATION_REGEX = rf"""
(?:(?![Rr]esolution|\n[ \t\u00a0]*\n|;|\.\s)[\s\S]){{0,250}}?   # the filler, as short as possible
(?:
    \s*,\s*(?:\d{{1,3}}\s+(?=\d))?          # a footnote marker after the comma: "10 May 2006, 2 2008/1"
    (?:and\s+|as\s+well\s+as\s+)?            # ", 67/185", ", and 67/185"
  | \s+as\s+well\s+as\s+                    # " as well as 67/185"
  | \s+and\s+                               # " and 2009/1"
)
{UN_RES_ITEM_REGEX}
"""

#: Resolution symbols: "A/RES/67/172", "A/HRC/RES/23/20", "E/RES/2004/53",
#: "E/CN.4/RES/2005/47", "A/RES/1514(XV)".
UN_RES_SYMBOL_REGEX = r"""
(?P<series>
    [AE](?<![\w/.].)            # "A" (General Assembly: "A/RES/67/172") or "E" (Economic and
                                # Social Council: "E/RES/2004/53"), not inside a word or symbol
    (?:
        /HRC                    # Human Rights Council: "A/HRC/RES/23/20"
      | /CN\.4                  # Commission on Human Rights: "E/CN.4/RES/2005/47"
    )?
)
/RES/
(?P<number>
    \d{3,4}\s?\(\s?[IVXLC]+\s?\)   # "A/RES/1514(XV)", "A/RES/1514 (XV)"
  | \d{1,4}/\d{1,3}                # "67/172", "2004/53"
)
(?![\d/])
(?:\s(?P<part>[A-H])(?![\w/]))?    # "A/RES/45/158 A"
"""

#: Other UN document symbols: "A/68/292", "A/HRC/23/46", "A/68/283/Add.1", "E/CN.9/2013/3",
#: "A/CONF.183/9/Rev.1"; a trailing placeholder ("E/CN.9/2013/...") is kept and flagged.
UN_DOC_REGEX = r"""
(?P<symbol>
    (?:FCCC|[AES])(?<![\w/.]FCCC)(?<![\w/.][AES])
                                      # principal organ: A (Assembly), E (ECOSOC), S (Council),
                                      # or the UNFCCC ("FCCC/CP/2015/10/Add.1"), not inside a word
                                      # or symbol
    (?:/[A-Z]{2,6}(?:\.\d{1,3})?)*    # subsidiary bodies: "/HRC", "/CN.9", "/CONF.183"
    /\d{1,4}                          # session or year: "/68", "/2013" (a number is required)
    (?:/(?:\d{1,5}|[A-Z]{1,3}\.\d{1,4}))*   # more parts: "/292", "/46", a draft "/L.12"
    (?:/(?i:Add|Rev|Corr)\.\s?\d{1,3})*     # "/Add.1", "/Rev.1", "/Corr.1"
)
(?:/(?P<placeholder>\.\.\.|…|X{2,}))?   # "E/CN.9/2013/..." (symbol not yet known)
(?![\w/])
"""

# ---------------------------------------------------------------------------------------------
# Compiled once, at import
# ---------------------------------------------------------------------------------------------

_FLAGS = re.VERBOSE

ROMAN_NUMERAL = re.compile(ROMAN_NUMERAL_REGEX, _FLAGS)
OAS_RES = re.compile(OAS_RES_REGEX, _FLAGS)
OAS_RES_CONTINUATION = re.compile(OAS_RES_CONTINUATION_REGEX, _FLAGS)
OAS_DOC = re.compile(OAS_DOC_REGEX, _FLAGS)
EXEC_ORDER = re.compile(EXEC_ORDER_REGEX, _FLAGS)
IACTHR_OC = re.compile(IACTHR_OC_REGEX, _FLAGS)
IACTHR_OC_LEAD = re.compile(IACTHR_OC_LEAD_REGEX, _FLAGS)
UN_RES = re.compile(UN_RES_REGEX, _FLAGS)
UN_RES_LEAD = re.compile(UN_RES_LEAD_REGEX, _FLAGS)
UN_RES_CONTINUATION = re.compile(UN_RES_CONTINUATION_REGEX, _FLAGS)
UN_RES_SYMBOL = re.compile(UN_RES_SYMBOL_REGEX, _FLAGS)
UN_DOC = re.compile(UN_DOC_REGEX, _FLAGS)

#: How far back a ``*_LEAD`` pattern looks: "Commission on Population and Development, in its " fits.
LEAD_WINDOW = 80

#: A paragraph break or a semicolon: the region within which "its resolution" carries the body
#: of the citation before it.
CLAUSE_BREAK = re.compile(r"\n[ \t\u00a0]*\n|;")
