"""Human labels for the nodes of an answer: what a node is, whose instrument, which body, summit, date.

``"commitment of the Plan of Action of the Second Summit of the Americas, Santiago, 18 April 1998:
'Seek full respect for ...'"`` instead of ``summit:2:plan-of-action#q-9542861ce6``. One query
(``describe_context``) fetches the instruments, summits and bodies the labels name; the wording
is here and nowhere else.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import run

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
# The kind of an instrument by label, most specific first.
_KINDS = (("SummitInstrument", "summit instrument"), ("Resolution", "resolution"), ("Program", "program"),
          ("WorkPlan", "work plan"), ("Convention", "treaty"), ("Document", "document"))
# Who issues a resolution known only by its symbol (a stub): the reference kind says it.
_ISSUERS = {"oas-res": "the OAS General Assembly", "un-ga-res": "the UN General Assembly",
            "un-hrc-res": "the UN Human Rights Council", "un-cpd-res": "the UN Commission on Population and Development",
            "un-ecosoc-res": "the UN Economic and Social Council", "un-chr-res": "the UN Commission on Human Rights",
            "iachr-res": "the IACHR"}
_GENERIC_TITLES = {"plan of action", "declaration of principles", "declaration"}
QUOTE_CHARS = 70


def human_date(value: Any) -> str:
    """``1998-04-18`` -> ``18 April 1998``; ``2016-04`` -> ``April 2016``; ``2007`` stays; else ``undated``."""
    text = str(value or "")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return text or "undated"
    year, month, day = match.groups()
    if month and 1 <= int(month) <= 12:
        name = _MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def short_quote(text: Any, limit: int = QUOTE_CHARS) -> str:
    words = " ".join(str(text or "").split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " ..."


def body_name(body: dict[str, Any] | None) -> str | None:
    """``Committee on Migration Issues (CAM)``: the body's name with its first acronym; an organ whose
    name does not say its organisation gets it (``OAS General Assembly``)."""
    if not body:
        return None
    name = str(body.get("name") or body.get("key") or body.get("id"))
    organisation = body.get("organisation")
    if organisation in {"OAS", "UN"} and not any(w in name for w in ("American", "OAS", "United Nations", "Pan ")):
        name = f"{organisation} {name}"
    acronyms = [a for a in body.get("acronyms") or [] if a.lower() not in str(name).lower()]
    return f"{name} ({acronyms[0]})" if acronyms else name


def gazetteer_body(key: Any) -> dict[str, Any] | None:
    """A body named by a document's ``body`` property but not in the graph, from the gazetteer."""
    if not key:
        return None
    from mandate_lineage.ingest.gazetteers.bodies import get_body

    try:
        body = get_body(str(key))
    except Exception:  # noqa: BLE001 - an unknown key: the label just leaves the body out
        return None
    return {"key": body.key, "name": body.name, "organisation": body.organisation,
            "acronyms": sorted({a for n in body.names for a in n.acronyms})}


def _kind(labels: Iterable[str]) -> str:
    present = set(labels)
    return next((text for label, text in _KINDS if label in present), "instrument")


def summit_phrase(summit: dict[str, Any]) -> str:
    """``Second Summit of the Americas, Santiago, 18 April 1998``."""
    return ", ".join(x for x in (summit.get("name"), summit.get("city"), human_date(summit.get("date"))) if x)


def instrument_phrase(document: dict[str, Any] | None, labels: Iterable[str], summit: dict[str, Any] | None,
                      body: dict[str, Any] | None) -> str:
    """What an instrument is, named in full: ``the Plan of Action of the Second Summit of the Americas,
    Santiago, 18 April 1998``; ``AG/RES. 2141 (XXXV-O/05), resolution of the OAS General Assembly, 2005``."""
    document = document or {}
    labels = set(labels)
    if "SummitInstrument" in labels and summit:
        title = document.get("title") or document.get("name") or "instrument"
        head = f"the {title} of the {summit.get('name')}" if title.lower() in _GENERIC_TITLES else \
            f"the {title} ({summit.get('name')})"
        return ", ".join(x for x in (head, summit.get("city"), human_date(summit.get("date"))) if x)
    if "Summit" in labels:
        return summit_phrase(document)
    kind = _kind(labels)
    if document.get("status") == "draft":
        kind = f"draft {kind}"
    symbol, title = document.get("symbol"), document.get("title")
    name = document.get("name") or document.get("key") or ""
    head = f"{symbol} “{title}”" if symbol and title and title != symbol else (symbol or _the(title or name))
    issuer = body_name(body or gazetteer_body(document.get("body"))) or _ISSUERS.get(str(document.get("referenceKind")))
    what = f"{kind} of {_the(issuer)}" if issuer else kind
    return ", ".join(x for x in (head, what, human_date(document.get("date"))) if x)


def body_label(node: dict[str, Any]) -> str:
    """``Inter-American Commission on Human Rights (IACHR), OAS commission``, with every former name."""
    kind = " ".join(x for x in (node.get("organisation"), node.get("bodyKind")) if x)
    parts = [body_name(node) or node["id"]]
    if kind:
        parts.append(kind)
    names = node.get("names") or []
    starts, ends = node.get("namesFrom") or [], node.get("namesTo") or []
    former = []
    for index, name in enumerate(names):
        if name == node.get("name"):
            continue
        until = ends[index] if index < len(ends) else ""
        since = starts[index] if index < len(starts) else ""
        when = f" until {human_date(until)}" if until else (f" from {human_date(since)}" if since else "")
        former.append(f"{name}{when}")
    label = ", ".join(parts)
    if former:
        label += "; also named " + "; ".join(former)
    return label


def paragraph_label(node: dict[str, Any], context: dict[str, Any] | None) -> str:
    """``activity 28 of the Inter-American Program ... (revised), program of ..., 19 April 2016: 'Promote ...'``."""
    context = context or {}
    document, summit, body = context.get("document"), context.get("summit"), context.get("body")
    actor = f", assigned to {node['actor']}" if node.get("kind") == "activity" and node.get("actor") else ""
    if document:
        where = instrument_phrase(document, document.get("labels", []), summit, body)
    elif summit:
        where = "the " + summit_phrase(summit)
    else:
        where = str(node.get("document") or "an instrument not in the graph")
    if node.get("kind") == "quote":
        role = "commitment of" if summit else "passage of"
        head = f"{role} {where}"
    else:
        name = node.get("name") or node["id"]
        head = f"{name} of {where}{actor}"
    text = node.get("text") or node.get("originalText")
    return f"{head}: ‘{short_quote(text)}’" if text else head


def describe(store: GraphStore, nodes: Iterable[dict[str, Any]], cache: Any = None) -> None:
    """Set ``label`` on each node view (``id``, ``labels``, ...) in place, with one query for the context.
    With ``cache`` (the lineage walk's ``element_cache``, valid for one generation of the graph),
    labels made before are reused and the new ones kept: a label depends only on the node and
    the instrument, summit and body it names, all of that generation."""
    nodes = list(nodes)
    if cache is not None:
        todo = []
        for node in nodes:
            known = cache.get(("label", node["id"])) if "name" in node else None  # a stand-in has no name
            if known is None:
                todo.append(node)
            else:
                node["label"] = known["label"]
        _describe(store, todo)
        for node in todo:
            if "name" in node:
                cache.put(("label", node["id"]), {"label": node["label"]})
        return
    _describe(store, nodes)


def _describe(store: GraphStore, nodes: list[dict[str, Any]]) -> None:
    wanted = sorted({str(_container(n)) for n in nodes if "Paragraph" in n["labels"] and _container(n)}
                    | {n["id"] for n in nodes if "Instrument" in n["labels"]})
    contexts: dict[str, dict[str, Any]] = {}
    if wanted:
        for row in run(store, "describe_context", {"keys": wanted}).records():
            contexts[row["key"]] = {name: row[name] for name in ("document", "summit", "body")}
    for node in nodes:
        labels = set(node["labels"])
        if "Paragraph" in labels:
            node["label"] = paragraph_label(node, contexts.get(str(_container(node))))
        elif "Body" in labels:
            node["label"] = body_label(node)
        elif "Summit" in labels:
            node["label"] = summit_phrase(node)
        else:
            context = contexts.get(node["id"], {})
            node["label"] = instrument_phrase({**node, "key": node["id"]}, labels, context.get("summit"),
                                              context.get("body"))
            if node["label"].startswith("the "):  # an article this module added, not a title's own "The"
                node["label"] = node["label"][4:]


def _container(node: dict[str, Any]) -> Any:
    """What a paragraph is named after: an activity's program (the 2005 program's activities are read
    from its work plan), else its document."""
    return (node.get("program") if "Activity" in node["labels"] else None) or node.get("document")


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"
