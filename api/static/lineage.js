// The lineage page: find a node, fetch its lineage from the API, draw it with one row per year
// (earliest at the top) and show the sentence behind any link, highlighted in its source paragraph.
// Plain DOM and SVG: no library, no build step. Every value from the API is inserted as text.

const SVG_NS = "http://www.w3.org/2000/svg"; // the XML namespace name of SVG elements (nothing is fetched)

// Geometry of the drawing, in SVG user units (pixels at 100% zoom).
const NODE_W = 212;
const NODE_H = 58;
const GAP_X = 34; // between boxes of a row
const GAP_Y = 70; // between years
const SUB_GAP = 26; // between the rows of one crowded year
const PER_ROW = 6; // boxes per row before a year wraps
const LEFT = 74; // room for the year labels
const PAD = 22;
const BOW = 70; // room on the right for links bowed around the boxes between them
const CHARS_PER_LINE = 28;

const state = {
  nodes: new Map(), // id -> node
  groups: [], // links drawn: edges with the same source, target and type, merged
  subject: null,
  origins: new Set(),
  root: null,
  zoom: 1,
  size: { width: 0, height: 0 },
};
const paragraphs = new Map(); // id -> Promise of /page/paragraphs/{id}

const $ = (selector) => document.querySelector(selector);

// --- small helpers ----------------------------------------------------------------------------
function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
  return element;
}

function s(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** A node key as a URL path: each segment encoded, so `#` travels as %23. */
const idPath = (id) => id.split("/").map(encodeURIComponent).join("/");

async function getJSON(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (typeof body.detail === "string") detail = body.detail;
    } catch { /* not JSON: keep the status line */ }
    throw new Error(detail);
  }
  return response.json();
}

function setStatus(message, isError = false) {
  const status = $("#status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

function wrap(text, width, maxLines) {
  const lines = [];
  let line = "";
  for (const word of String(text).split(/\s+/)) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? line + " " + word : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = lines[maxLines - 1].slice(0, width - 1).replace(/\s*\S*$/, "") + " …";
  }
  return lines.map((l) => (l.length > width ? l.slice(0, width - 1) + "…" : l));
}

/** The node's kind as shown on its box, and the class that colours it. */
function nodeKind(node) {
  const labels = new Set(node.labels);
  if (labels.has("Summit")) return ["summit", "summit"];
  if (labels.has("Body")) return ["body", "body"];
  if (labels.has("Activity")) return ["activity", "activity"];
  if (labels.has("Paragraph")) return [node.kind === "quote" ? "quoted passage" : "paragraph", "paragraph"];
  for (const [label, text] of [["Resolution", "resolution"], ["Program", "program"], ["WorkPlan", "work plan"],
    ["SummitInstrument", "summit instrument"], ["Document", "document"]]) {
    if (labels.has(label)) return [text, "instrument"];
  }
  return [(node.labels[0] || "node").toLowerCase(), "instrument"];
}

const displayDate = (node) => node.date || "undated";
// A row per year; a date that is not ISO 8601 (a schedule's "Second week October") goes with the undated.
const yearOf = (node) => /^\d{4}/.exec(String(node.date || ""))?.[0] || "undated";

// --- finding what to trace --------------------------------------------------------------------
function options() {
  const depth = Math.max(1, Math.min(12, parseInt($("#depth").value, 10) || 8));
  return { direction: $("#direction").value, depth };
}

/** The node a query names, by the API's resolver: `{id}`, or `{candidates}` when it names several. */
async function resolve(query) {
  const response = await fetch(`/resolve?q=${encodeURIComponent(query)}`, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (response.status === 409) return { candidates: body.candidates || [], detail: body.detail };
  if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : `${response.status} ${response.statusText}`);
  return { id: body.match.id };
}

/** Several nodes match: list them (what each is, and its key) and let the analyst choose. */
function showCandidates(query, candidates) {
  $("#result").hidden = true;
  setStatus(`“${query}” names ${candidates.length} nodes: choose one.`, true);
  const list = $("#candidates ul");
  list.replaceChildren(...candidates.map((c) => h("li", {},
    h("button", { type: "button", class: "linkish", "data-id": c.id, onclick: () => { $("#q").value = query; go(query, c.id); } },
      c.label || c.name || c.id),
    " ", h("code", {}, c.id))));
  $("#candidates").hidden = false;
}

async function run(query, { id = null } = {}) {
  const opts = options();
  $("#intro").hidden = true;
  $("#candidates").hidden = true;
  setStatus(`Looking up “${query}”…`);
  try {
    const found = id ? { id } : await resolve(query);
    if (found.candidates) {
      showCandidates(query, found.candidates);
      return;
    }
    setStatus("Walking the lineage…");
    const wanted = opts.direction === "both" ? ["upstream", "downstream"] : [opts.direction];
    // the id travels in the query string: a key's `#` can never turn into a URL fragment
    const answers = await Promise.all(wanted.map((direction) =>
      getJSON(`/lineage?id=${encodeURIComponent(found.id)}&direction=${direction}&depth=${opts.depth}`)));
    show(merge(answers), []);
  } catch (error) {
    setStatus(error.message, true);
  }
}

/** One picture from the upstream and downstream answers: nodes and edges by id. */
function merge(answers) {
  const nodes = new Map();
  const edges = new Map();
  for (const answer of answers) {
    for (const node of answer.nodes) nodes.set(node.id, node);
    for (const edge of answer.edges) {
      const ev = edge.evidence || {};
      edges.set(edge.id || [edge.source, edge.target, edge.type, ev.paragraph, ev.start].join("\u0001"), edge);
    }
  }
  const upstream = answers.find((a) => a.direction === "upstream");
  return {
    subject: answers[0].subject,
    nodes,
    edges: [...edges.values()],
    origins: upstream ? upstream.origins : [],
    originReason: upstream ? upstream.origin_reason : null,
    root: upstream ? upstream.institutional_root : null,
    truncated: answers.some((a) => a.truncated),
    answers,
  };
}

// --- showing an answer ------------------------------------------------------------------------
function show(lineage, matches) {
  state.nodes = lineage.nodes;
  state.subject = lineage.subject;
  state.origins = new Set(lineage.origins.map((n) => n.id).filter((id) => id !== lineage.subject.id));
  state.root = lineage.root;
  const groups = new Map();
  for (const edge of lineage.edges) {
    const key = `${edge.source}\u0001${edge.target}\u0001${edge.type}`;
    if (!groups.has(key)) groups.set(key, { source: edge.source, target: edge.target, type: edge.type, kind: edge.kind, edges: [] });
    // one edge per (source, type, target) in the answer, with every sentence behind it in `evidences`
    for (const evidence of edge.evidences || [edge.evidence]) {
      groups.get(key).edges.push({ ...edge, evidence, rule: evidence.rule ?? edge.rule, confidence: evidence.confidence ?? edge.confidence });
    }
  }
  state.groups = [...groups.values()];

  const subject = lineage.subject;
  $("#subject-heading").textContent = `${subject.name} (${displayDate(subject)})`;
  $("#subject-label").textContent = subject.label || "";
  const summary = $("#summary");
  summary.replaceChildren();
  const nodeButton = (node) => h("button", { type: "button", class: "linkish", title: node.id, onclick: () => selectNode(node.id, true) },
    node.label || node.name);
  const origins = lineage.origins.filter((n) => n.id !== subject.id);
  if (!subject.labels.includes("Body")) { // a body has a history, not a content that originates
    summary.append(h("li", { class: "wide" }, "Origin: ",
      origins.length ? nodeButton(origins[0]) : h("strong", {}, "itself"),
      lineage.originReason ? h("span", { class: "reason" }, ` — ${lineage.originReason}`) : null));
  }
  summary.append(
    h("li", { class: "wide" }, "Institutional root: ", lineage.root ? nodeButton(lineage.root) : h("strong", {}, "none found")),
    h("li", {}, h("strong", {}, String(lineage.nodes.size)), " nodes, ", h("strong", {}, String(lineage.edges.length)), " links"),
  );
  const followed = h("ul", {});
  for (const answer of lineage.answers) {
    const counts = (answer.summary || []).map((g) => `${g.type} ${g.links}`).join(" · ");
    followed.append(h("li", {}, h("strong", {}, `${answer.direction}: `), counts || "no links",
      answer.hops ? ` — followed ${answer.hops}` : ""));
    for (const entry of (answer.documents || []).slice(0, 12)) {
      followed.append(h("li", {}, `its ${entry.paragraphs.slice(0, 4).join(", ")}${entry.paragraphs.length > 4 ? " …" : ""} → `,
        h("strong", {}, entry.types.join(", ")), " → ", entry.label || entry.document));
    }
    if (answer.note) summary.append(h("li", { class: "wide note" }, h("strong", {}, "Note: "), answer.note));
  }
  summary.append(h("li", { class: "wide" }, h("details", { class: "followed" }, h("summary", {}, "What was followed, by kind of link"), followed)));
  if (lineage.truncated) summary.append(h("li", {}, h("strong", {}, "Cut at the depth or node limit:"), " raise the depth to see more."));

  const list = $("#matches ul");
  list.replaceChildren(...matches.slice(0, 8).map((node) =>
    h("li", {}, h("button", { type: "button", onclick: () => { $("#q").value = node.name; go(node.name, node.id); } },
      `${node.name}${node.date ? ` (${node.date})` : ""}`))));
  $("#matches").hidden = matches.length === 0;

  $("#result").hidden = false;
  draw();
  setStatus("");
  $("#details").replaceChildren(h("p", { class: "muted" }, "Select a link in the graph to read its quote in its source paragraph."));
}

// --- layout: a row per year, boxes ordered to keep links short -------------------------------------
function layout(nodes, groups) {
  const years = [...new Set(nodes.map(yearOf))].sort((a, b) =>
    a === "undated" ? 1 : b === "undated" ? -1 : a.localeCompare(b));
  const bands = years.map((year) => ({
    year,
    nodes: nodes.filter((n) => yearOf(n) === year)
      .sort((a, b) => String(a.date || "").localeCompare(String(b.date || "")) || a.id.localeCompare(b.id)),
  }));
  const neighbours = new Map(nodes.map((n) => [n.id, []]));
  for (const g of groups) {
    neighbours.get(g.source)?.push(g.target);
    neighbours.get(g.target)?.push(g.source);
  }
  // Barycentre ordering: a few sweeps down and up, each box moving towards the mean place of its
  // neighbours in other years. Places are centred on 0 so wide and narrow years line up.
  const place = new Map();
  const settle = (band) => band.nodes.forEach((n, i) => place.set(n.id, i - (band.nodes.length - 1) / 2));
  bands.forEach(settle);
  const sweep = (order) => {
    for (const band of order) {
      const key = new Map(band.nodes.map((n) => {
        const around = neighbours.get(n.id).filter((id) => place.has(id) && !band.nodes.some((m) => m.id === id));
        const mean = around.length ? around.reduce((sum, id) => sum + place.get(id), 0) / around.length : place.get(n.id);
        return [n.id, mean];
      }));
      band.nodes.sort((a, b) => key.get(a.id) - key.get(b.id));
      settle(band);
    }
  };
  for (let i = 0; i < 3; i++) {
    sweep(bands);
    sweep([...bands].reverse());
  }

  const widest = Math.max(1, ...bands.map((b) => Math.min(PER_ROW, b.nodes.length)));
  const width = LEFT + widest * (NODE_W + GAP_X) - GAP_X + PAD + BOW;
  const positions = new Map();
  let top = PAD;
  for (const band of bands) {
    const rows = Math.ceil(band.nodes.length / PER_ROW);
    band.nodes.forEach((node, i) => {
      const row = Math.floor(i / PER_ROW);
      const inRow = Math.min(PER_ROW, band.nodes.length - row * PER_ROW);
      const x = LEFT + ((widest - inRow) * (NODE_W + GAP_X)) / 2 + (i % PER_ROW) * (NODE_W + GAP_X);
      positions.set(node.id, { x, y: top + row * (NODE_H + SUB_GAP) });
    });
    band.top = top;
    band.height = rows * NODE_H + (rows - 1) * SUB_GAP;
    top += band.height + GAP_Y;
  }
  return { bands, positions, width, height: top - GAP_Y + PAD };
}

/** A cubic Bézier from box a to box b, and the point halfway along it (for the label). */
function route(a, b, shift) {
  let p0;
  let p3;
  let c1;
  let c2;
  if (Math.abs(a.y - b.y) < NODE_H) { // same row: an arc under both boxes
    p0 = [a.x + NODE_W / 2 + shift, a.y + NODE_H];
    p3 = [b.x + NODE_W / 2 + shift, b.y + NODE_H];
    const sag = 28 + Math.abs(p3[0] - p0[0]) * 0.12;
    c1 = [p0[0], p0[1] + sag];
    c2 = [p3[0], p3[1] + sag];
  } else {
    const down = b.y > a.y;
    p0 = [a.x + NODE_W / 2 + shift, down ? a.y + NODE_H : a.y];
    p3 = [b.x + NODE_W / 2 + shift, down ? b.y : b.y + NODE_H];
    const pull = (p3[1] - p0[1]) / 2;
    // a long link between boxes of one column would run straight through the boxes between them: bow it
    const bow = Math.abs(p3[0] - p0[0]) < NODE_W && Math.abs(pull) > NODE_H + GAP_Y ? Math.min(BOW * 1.6, Math.abs(pull) * 0.35) : 0;
    c1 = [p0[0] + bow, p0[1] + pull];
    c2 = [p3[0] + bow, p3[1] - pull];
  }
  return { d: `M${p0} C${c1} ${c2} ${p3}`, mid: bezier([p0, c1, c2, p3], 0.5), points: [p0, c1, c2, p3] };
}

/** The point at `t` (0..1) along a cubic Bézier. */
function bezier([p0, c1, c2, p3], t) {
  const u = 1 - t;
  return [0, 1].map((k) => u * u * u * p0[k] + 3 * u * u * t * c1[k] + 3 * u * t * t * c2[k] + t * t * t * p3[k]);
}

const LABEL_H = 14;
const labelWidth = (text) => text.length * 6.7 + 8; // 10.5px bold, with the halo

/** Places each label on its curve where it covers no box and no label placed before it: the middle
 * first, then points further along, nudged above or below. A label with no free place is drawn only
 * while its link is selected (`unplaced`), so no two labels ever print over each other. */
function placeLabels(requests, positions) {
  // a box and the role tag above it (SUBJECT, ORIGIN ...)
  const taken = [...positions.values()].map(({ x, y }) => ({ x, y: y - 16, w: NODE_W, h: NODE_H + 16 }));
  const free = (r) => !taken.some((t) => r.x < t.x + t.w && t.x < r.x + r.w && r.y < t.y + t.h && t.y < r.y + r.h);
  for (const request of requests) {
    const w = labelWidth(request.text);
    request.at = null;
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85]) {
      const [cx, cy] = bezier(request.points, t);
      const dy = [0, -LABEL_H, LABEL_H].find((shift) => free({ x: cx - w / 2, y: cy + shift - LABEL_H / 2, w, h: LABEL_H }));
      if (dy !== undefined) {
        request.at = [cx, cy + dy];
        taken.push({ x: cx - w / 2, y: cy + dy - LABEL_H / 2, w, h: LABEL_H });
        break;
      }
    }
  }
}

const KIND_COLOURS = { institutional: "#1f5fa8", textual: "#c2410c", structural: "#7b8494" };

function draw() {
  const nodes = [...state.nodes.values()];
  const { bands, positions, width, height } = layout(nodes, state.groups);
  state.size = { width, height };
  const root = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": "Lineage graph, one row per year" });

  const defs = s("defs");
  for (const [kind, colour] of Object.entries(KIND_COLOURS)) {
    // sized in user units, so a thicker (selected) line keeps the same arrowhead
    defs.append(s("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "11",
      markerHeight: "11", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
    s("path", { d: "M0,0 L10,5 L0,10 z", fill: colour })));
  }
  root.append(defs);

  const bandLayer = s("g", { "aria-hidden": "true" });
  bands.forEach((band, i) => {
    if (i % 2 === 0) bandLayer.append(s("rect", { class: "band", x: 0, y: band.top - GAP_Y / 2 + 4, width, height: band.height + GAP_Y - 8 }));
    const label = s("text", { class: "band-label", x: 14, y: band.top + band.height / 2 + 4 });
    label.textContent = band.year;
    bandLayer.append(label);
  });
  root.append(bandLayer);

  // Links between the same two boxes are drawn side by side.
  const pairs = new Map();
  for (const g of state.groups) {
    const pair = [g.source, g.target].sort().join("\u0001");
    pairs.set(pair, [...(pairs.get(pair) || []), g]);
  }
  const edgeLayer = s("g");
  const labelLayer = s("g");
  const labels = [];
  state.groups.forEach((group, index) => {
    const a = positions.get(group.source);
    const b = positions.get(group.target);
    if (!a || !b) return;
    const siblings = pairs.get([group.source, group.target].sort().join("\u0001"));
    const shift = (siblings.indexOf(group) - (siblings.length - 1) / 2) * 16;
    const { d, mid, points } = route(a, b, shift);
    const from = state.nodes.get(group.source);
    const to = state.nodes.get(group.target);
    const sources = group.edges.length > 1 ? `, ${group.edges.length} sources` : "";
    const edge = s("g", {
      class: `edge`, tabindex: "0", role: "button", "data-index": index, "data-source": group.source,
      "data-target": group.target, "data-type": group.type, "data-kind": group.kind,
      "aria-label": `${group.type} link (${group.kind}) from ${from.name} to ${to.name}${sources}`,
    });
    edge.append(
      s("path", { class: "edge-hit", d }),
      s("path", { class: `edge-line kind-${group.kind}`, d, "marker-end": `url(#arrow-${group.kind})` }),
      Object.assign(s("title"), { textContent: `${group.type} (${group.kind}): ${from.name} → ${to.name}` }),
    );
    edgeLayer.append(edge);
    edge.addEventListener("click", () => selectEdge(index));
    if (group.kind !== "structural") { // structure is said by the line's colour; its labels would bury the acts
      labels.push({ index, group, points, mid, text: group.type + (group.edges.length > 1 ? ` ×${group.edges.length}` : "") });
    }
    onActivate(edge, () => selectEdge(index));
  });

  placeLabels(labels, positions);
  for (const { index, group, mid, at, text } of labels) {
    const [x, y] = at || mid;
    const label = s("text", { class: `edge-label kind-${group.kind}${at ? "" : " unplaced"}`, x, y: y + 4,
      "text-anchor": "middle", "data-index": index, "aria-hidden": "true" });
    label.textContent = text;
    label.addEventListener("click", () => selectEdge(index));
    labelLayer.append(label);
  }

  const nodeLayer = s("g");
  for (const node of nodes) {
    const { x, y } = positions.get(node.id);
    const [kindText, kindClass] = nodeKind(node);
    const roles = [];
    if (node.id === state.subject.id) roles.push("subject");
    if (state.origins.has(node.id)) roles.push("origin");
    if (state.root && state.root.id === node.id) roles.push("institutional root");
    const place = node.city ? ` · ${node.city}` : "";
    const box = s("g", {
      class: `node ${kindClass}${node.id === state.subject.id ? " subject" : ""}`, tabindex: "0", role: "button",
      transform: `translate(${x},${y})`, "data-id": node.id,
      "aria-label": `${node.label || node.name}, ${kindText}, ${displayDate(node)}${place}${roles.length ? `, ${roles.join(", ")}` : ""}`,
    });
    box.append(s("rect", { class: "box", width: NODE_W, height: NODE_H, rx: 7 }));
    const kindLine = s("text", { class: "kindline", x: 9, y: 15 });
    kindLine.textContent = `${kindText} · ${displayDate(node)}${place}`;
    box.append(kindLine);
    wrap(node.name, CHARS_PER_LINE, 2).forEach((line, i) => {
      const text = s("text", { class: "nameline", x: 9, y: 32 + i * 15 });
      text.textContent = line;
      box.append(text);
    });
    if (roles.length) {
      const tag = s("text", { class: "tag", x: NODE_W, y: -5, "text-anchor": "end" });
      tag.textContent = roles.join(" · ").toUpperCase();
      box.append(tag);
    }
    box.append(Object.assign(s("title"), { textContent: `${node.label || node.name}\n${node.id}` }));
    box.addEventListener("click", () => selectNode(node.id));
    onActivate(box, () => selectNode(node.id));
    nodeLayer.append(box);
  }

  root.append(edgeLayer, nodeLayer, labelLayer);
  $("#graph").replaceChildren(root);
  const pane = $("#graph");
  // the pane takes the rest of the window, so fitting the drawing to it puts the whole answer in view
  const room = window.innerHeight - pane.getBoundingClientRect().top - window.scrollY - 12;
  pane.style.height = `${Math.max(280, Math.round(room))}px`;
  zoom("fit"); // the whole answer in view on load: origin, root and subject alike
  pane.scrollTop = 0;
  pane.scrollLeft = 0;
}

function onActivate(element, action) {
  element.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      action();
    }
  });
}

/** Zoom "in", "out", to "fit" the whole drawing, or to its "width" (a new drawing: scroll rather than
 * shrink text below 70%). */
function zoom(how) {
  const svg = $("#graph svg");
  if (!svg) return;
  const pane = $("#graph");
  const across = (pane.clientWidth - 4) / state.size.width;
  const whole = Math.min(across, (pane.clientHeight - 4) / state.size.height);
  const next = { in: state.zoom * 1.25, out: state.zoom / 1.25, fit: Math.min(1, whole), width: Math.max(0.7, Math.min(1, across)) }[how];
  state.zoom = Math.max(how === "fit" ? 0.05 : 0.3, Math.min(2.5, next));
  svg.setAttribute("width", Math.round(state.size.width * state.zoom));
  svg.setAttribute("height", Math.round(state.size.height * state.zoom));
}

// --- selection and the evidence pane --------------------------------------------------------------
function highlight(edgeIndexes, nodeIds) {
  const any = edgeIndexes.size > 0;
  document.querySelectorAll("#graph .edge, #graph .edge-label").forEach((element) => {
    const on = edgeIndexes.has(Number(element.dataset.index));
    element.classList.toggle("selected", on);
    element.classList.toggle("dim", any && !on);
  });
  document.querySelectorAll("#graph .node").forEach((element) => element.classList.toggle("selected", nodeIds.has(element.dataset.id)));
}

/** Where the quote lies in the paragraph's verbatim text: its offsets, else a search for it. */
export function locateQuote(paragraph, evidence) {
  const text = paragraph.verbatim || "";
  const quote = evidence.quote || "";
  if (Number.isInteger(evidence.start) && Number.isInteger(evidence.end) && Number.isInteger(paragraph.start)) {
    const from = evidence.start - paragraph.start;
    const to = evidence.end - paragraph.start;
    if (from >= 0 && to <= text.length && from < to && (!quote || text.slice(from, to) === quote)) return [from, to];
  }
  const at = quote ? text.indexOf(quote) : -1;
  return at >= 0 ? [at, at + quote.length] : null;
}

/** The evidence paragraph (or, when the quote lies outside it, the paragraph of its file holding the quote). */
function paragraph(evidence) {
  const span = Number.isInteger(evidence.start) && Number.isInteger(evidence.end)
    ? `?start=${evidence.start}&end=${evidence.end}` : "";
  const url = `/page/paragraphs/${idPath(evidence.paragraph)}${span}`;
  if (!paragraphs.has(url)) paragraphs.set(url, getJSON(url).catch(() => null));
  return paragraphs.get(url);
}

async function evidenceFigure(edge, kind) {
  const ev = edge.evidence || {};
  const figure = h("figure", { class: `evidence ${kind}` });
  const para = ev.paragraph ? await paragraph(ev) : null;
  const caption = h("figcaption", {},
    h("strong", {}, (para && para.documentName) || ev.document || "Unknown document"),
    para && para.section ? ` · ${para.section}` : "", " ", h("code", {}, (para && para.id) || ev.paragraph || ""));
  figure.append(caption);
  if (para && para.id !== ev.paragraph) {
    const named = state.nodes.get(ev.paragraph);
    figure.append(h("p", { class: "attributed" }, `The link names ${named ? named.name : ev.paragraph}; its sentence is in this paragraph of the same text.`));
  }
  const span = para ? locateQuote(para, ev) : null;
  if (para && span) {
    const text = para.verbatim;
    figure.append(h("p", { class: "paragraph" }, text.slice(0, span[0]), h("mark", {}, text.slice(span[0], span[1])), text.slice(span[1])));
  } else if (para) {
    figure.append(h("p", { class: "paragraph" }, para.verbatim),
      h("p", { class: "attributed" }, "Quote (not found in this paragraph's text): ", h("mark", {}, ev.quote || "")));
  } else {
    figure.append(ev.quote ? h("p", { class: "paragraph" }, h("mark", {}, ev.quote)) : h("p", { class: "muted" }, "No evidence recorded for this link."));
  }
  if (para && para.attributedTo) {
    figure.append(h("p", { class: "attributed" }, `Quoted in ${para.sourceDocument || "another document"}, after: “${para.attributedTo}”`));
  }
  return figure;
}

async function selectEdge(index) {
  const group = state.groups[index];
  const from = state.nodes.get(group.source);
  const to = state.nodes.get(group.target);
  highlight(new Set([index]), new Set([group.source, group.target]));
  const nodeLink = (node) => h("button", { type: "button", class: "linkish", onclick: () => selectNode(node.id, true) }, node.name);
  const confidence = group.edges.map((e) => e.confidence).filter((c) => c !== null && c !== undefined);
  const rules = [...new Set(group.edges.map((e) => e.rule).filter(Boolean))];
  const pane = $("#details");
  pane.replaceChildren(
    h("h3", {}, group.type, h("span", { class: `kind-badge ${group.kind}` }, group.kind)),
    h("p", { class: "hop" }, nodeLink(from), ` (${displayDate(from)}) → `, nodeLink(to), ` (${displayDate(to)})`),
    h("p", { class: "meta" },
      confidence.length ? `confidence ${confidence.map((c) => c.toFixed(2)).join(", ")}` : "",
      rules.length ? ` · rule ${rules.join(", ")}` : "",
      group.edges.length > 1 ? ` · ${group.edges.length} sources` : ""),
    h("p", { class: "muted" }, "Loading the source paragraph…"),
  );
  const figures = await Promise.all(group.edges.map((edge) => evidenceFigure(edge, group.kind)));
  if (state.groups[index] !== group) return; // another answer was drawn meanwhile
  pane.lastElementChild.replaceWith(...figures);
  pane.querySelector("mark")?.scrollIntoView({ block: "nearest" });
}

function selectNode(id, reveal = false) {
  const node = state.nodes.get(id);
  if (!node) return;
  const touching = new Set();
  state.groups.forEach((g, i) => { if (g.source === id || g.target === id) touching.add(i); });
  highlight(touching, new Set([id]));
  const box = document.querySelector(`#graph .node[data-id="${CSS.escape(id)}"]`);
  if (reveal && box) {
    box.scrollIntoView({ block: "center", inline: "center", behavior: "smooth" });
    box.focus({ preventScroll: true });
  }
  const [kindText] = nodeKind(node);
  const facts = [["Kind", kindText], ["Date", displayDate(node)], ["Id", node.id]];
  for (const [key, label] of [["symbol", "Symbol"], ["city", "City"], ["country", "Country"], ["actor", "Assigned to"],
    ["section", "Section"], ["document", "Document"]]) {
    if (node[key]) facts.push([label, String(node[key])]);
  }
  const text = node.originalText || node.text;
  const parts = [
    h("h3", {}, node.name),
    node.label ? h("p", { class: "node-label" }, node.label) : null,
    h("dl", { class: "node-facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
  ];
  if (text) parts.push(h("p", { class: "paragraph" }, text));
  if (node.id !== state.subject.id) {
    parts.push(h("p", { class: "actions" }, h("button", {
      type: "button", class: "linkish", onclick: () => { $("#q").value = node.name; go(node.name, node.id); },
    }, "Trace the lineage of this node")));
  }
  $("#details").replaceChildren(...parts);
}

// --- the form, the address bar and the example buttons ------------------------------------------------
/** Record the query in the address (so it can be shared or reloaded), then run it. */
function go(query, id = null) {
  const { direction, depth } = options();
  const params = new URLSearchParams({ q: query, direction, depth });
  if (id) params.set("id", id);
  const hash = `#${params}`;
  if (location.hash === hash) run(query, { id });
  else location.hash = hash; // the hashchange listener runs it
}

function fromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const query = params.get("q");
  if (!query) return;
  $("#q").value = query;
  if (params.get("direction")) $("#direction").value = params.get("direction");
  if (params.get("depth")) $("#depth").value = params.get("depth");
  run(query, { id: params.get("id") });
}

$("#search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = $("#q").value.trim();
  if (query.length < 2) {
    setStatus("Type at least two characters.", true);
    $("#q").focus();
    return;
  }
  go(query);
});
document.querySelectorAll("[data-example]").forEach((button) => button.addEventListener("click", () => {
  $("#q").value = button.dataset.example;
  go(button.dataset.example);
}));
$("#zoom-in").addEventListener("click", () => zoom("in"));
$("#zoom-out").addEventListener("click", () => zoom("out"));
$("#zoom-fit").addEventListener("click", () => zoom("fit"));
window.addEventListener("hashchange", fromHash);
fromHash();
document.documentElement.dataset.ready = "true"; // the page's script has loaded (tests wait for this)
